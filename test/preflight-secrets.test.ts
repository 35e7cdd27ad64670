import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { startFlyEmulator, type FlyEmulator } from '@deploy-actions/fly-emulator';
import {
  cleanupStep,
  contractRecorder,
  formatLeaks,
  runStep,
  type StepResult,
} from '@deploy-actions/harness';
import { readFile } from 'node:fs/promises';

// Tokens in every shape users paste them. They are fake but well-formed, so the format check passes and Fly
// (the emulator) decides.
const ACME_ORG_TOKEN = 'fo1_acmeOrgToken0123456789abcdefABCDEF';
const OTHER_ORG_TOKEN = 'fm2_otherOrgMacaroon0123456789abcdefXYZ';
const WEB_DEPLOY_TOKEN = 'fm2_webDeployOnly0123456789abcdefQRS';
const SPLIT_TOKEN = ['fm1r_firstDischarge0123456789abcdef', 'fm1a_secondCaveat0123456789abcdefgh'];
const REVOKED_TOKEN = 'fo1_revokedToken0123456789abcdefABCDEFG';
const DATABASE_URL = 'postgres://app:Sup3rS3cretPw@db.internal:5432/app';

let fly: FlyEmulator;
// Every response the emulator sends to the action is checked against Fly's spec at the end.
const contract = contractRecorder();
const results: StepResult[] = [];

beforeAll(async () => {
  fly = await startFlyEmulator(
    {
      organizations: ['acme', 'other'],
      tokens: [
        { token: ACME_ORG_TOKEN, org: 'acme' },
        { token: OTHER_ORG_TOKEN, org: 'other' },
        { token: `FlyV1 ${WEB_DEPLOY_TOKEN}`, org: 'acme', apps: ['acme-web'] },
        { token: SPLIT_TOKEN.join(','), org: 'acme' },
      ],
      images: { 'registry.fly.io/acme:v1': { version: 'v1' } },
      apps: [
        {
          name: 'acme-web',
          org: 'acme',
          image: 'registry.fly.io/acme:v1',
          machines: 0,
          secrets: { DATABASE_URL },
        },
        { name: 'acme-api', org: 'acme', image: 'registry.fly.io/acme:v1', machines: 0 },
        { name: 'acme-dashboard', org: 'acme', image: 'registry.fly.io/acme:v1', machines: 0 },
      ],
    },
    { onResponse: contract.onResponse },
  );
});

afterAll(async () => {
  await fly.close();
});

afterEach(async () => {
  await Promise.all(results.splice(0).map(cleanupStep));
});

const ALL_SECRETS = [
  ACME_ORG_TOKEN,
  OTHER_ORG_TOKEN,
  WEB_DEPLOY_TOKEN,
  ...SPLIT_TOKEN,
  REVOKED_TOKEN,
  DATABASE_URL,
  'Sup3rS3cretPw',
];

async function preflight(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<StepResult> {
  const result = await runStep({
    action: 'preflight-secrets',
    inputs: { 'api-url': fly.apiUrl, ...inputs },
    env,
    secrets: ALL_SECRETS,
  });
  results.push(result);
  return result;
}

function expectNoLeaks(result: StepResult): void {
  expect(formatLeaks(result.leaks)).toBe(formatLeaks([]));
}

function mutatingCalls(): string[] {
  return fly
    .state()
    .requests.filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.path}`);
}

async function report(
  result: StepResult,
): Promise<{ findings: { subject: string; category: string; verdict: string }[] }> {
  return JSON.parse(await readFile(result.outputs.report ?? '', 'utf8')) as {
    findings: { subject: string; category: string; verdict: string }[];
  };
}

describe('preflight-secrets (the bundle under Node 24, against the emulator)', () => {
  test('incident 1: the token is set but its organization does not own the app', async () => {
    const result = await preflight(
      { secrets: 'FLY_API_TOKEN', 'fly-apps': 'acme-dashboard\nacme-api' },
      { FLY_API_TOKEN: OTHER_ORG_TOKEN },
    );
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ ok: 'false', missing: '', invalid: 'FLY_API_TOKEN' });
    const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /FLY_API_TOKEN → acme-dashboard .*403.*does not cover acme-dashboard.*belongs to other.*fly-request-id: \S+.*fly tokens create deploy -a acme-dashboard/s,
        ),
        expect.stringMatching(/FLY_API_TOKEN → acme-api .*403/s),
        expect.stringMatching(/^preflight-secrets: 2 problem\(s\)/),
      ]),
    );
    expect(result.summary).toContain('does not cover acme-dashboard');
    expect(result.summary).toContain('fly-request-id');
    expect(result.masks).toContain(OTHER_ORG_TOKEN);
    expectNoLeaks(result);
  });

  test('incident 3: four critical and six important secrets missing are all listed in one run', async () => {
    const critical = ['TF_API_TOKEN', 'GPU_CLOUD_KEY', 'REGISTRY_USER', 'REGISTRY_TOKEN'];
    const important = [
      'OPENAI_API_KEY',
      'ANTHROPIC_API_KEY',
      'HUBSPOT_TOKEN',
      'SLACK_BOT_TOKEN',
      'SNOWFLAKE_PASSWORD',
      'SENTRY_DSN',
    ];
    const secrets = [
      ...critical.map((n) => `${n}: critical`),
      ...important.map((n) => `${n}: { level: important, hint: Ask the platform team }`),
    ].join('\n');
    const result = await preflight(
      { secrets },
      {
        TF_API_TOKEN: '',
        GPU_CLOUD_KEY: '***',
        REGISTRY_USER: '   ',
        OPENAI_API_KEY: 'changeme',
        SLACK_BOT_TOKEN: '<your-token>',
      },
    );
    expect(result.exitCode).toBe(1);
    expect(result.outputs.ok).toBe('false');
    expect(result.outputs.missing?.split(',').sort()).toEqual([...critical, ...important].sort());
    expect(
      result.annotations.filter((a) => a.level === 'error' && /critical/.test(a.properties.title ?? '')),
    ).toHaveLength(4);
    expect(result.annotations.filter((a) => a.level === 'warning')).toHaveLength(6);
    for (const name of [...critical, ...important]) expect(result.summary).toContain(name);
    expect(result.summary).toContain('a placeholder');
    expect(result.summary).toContain('Ask the platform team');
    expect(
      result.annotations.find((a) => a.level === 'error' && a.message.startsWith('preflight-secrets:'))
        ?.message,
    ).toContain('4 problem(s)');
    expect(mutatingCalls()).toEqual([]);
    expectNoLeaks(result);
  });

  test('a deploy token scoped to another app is refused for this one only', async () => {
    const result = await preflight(
      { secrets: 'FLY_API_TOKEN', 'fly-apps': 'acme-web\nacme-api' },
      { FLY_API_TOKEN: `FlyV1 ${WEB_DEPLOY_TOKEN}` },
    );
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ ok: 'false', missing: '', invalid: 'FLY_API_TOKEN' });
    expect(result.summary).toMatch(/FLY_API_TOKEN → acme-web.*can read app acme-web/);
    expect(result.summary).toMatch(/FLY_API_TOKEN → acme-api.*403/);
    const findings = (await report(result)).findings;
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subject: 'FLY_API_TOKEN → acme-web', category: 'ok' }),
        expect.objectContaining({
          subject: 'FLY_API_TOKEN → acme-api',
          category: 'invalid',
          verdict: expect.stringContaining('403'),
        }),
      ]),
    );
    expectNoLeaks(result);
  });

  test.each([
    ['a user token', ACME_ORG_TOKEN],
    ['a macaroon with the FlyV1 prefix', `FlyV1 ${WEB_DEPLOY_TOKEN}`],
    ['a macaroon without the prefix', WEB_DEPLOY_TOKEN],
    ['comma-joined macaroons', `FlyV1 ${SPLIT_TOKEN.join(',')}`],
  ])('%s passes, and every piece of it is masked', async (_shape, token) => {
    const result = await preflight(
      { secrets: 'FLY_API_TOKEN: { format: fly-token }', 'fly-apps': 'acme-web', 'fly-org': 'acme' },
      { FLY_API_TOKEN: token },
    );
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ ok: 'true', missing: '', invalid: '' });
    expect(result.summary).toContain('can read app acme-web in acme');
    for (const piece of token.replace('FlyV1 ', '').split(',')) expect(result.masks).toContain(piece);
    expectNoLeaks(result);
  });

  test('the Fly token is masked piece by piece even when no app is checked', async () => {
    const token = `FlyV1 ${SPLIT_TOKEN.join(',')}`;
    const result = await preflight({ secrets: 'FLY_API_TOKEN' }, { FLY_API_TOKEN: token });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ ok: 'true', missing: '', invalid: '' });
    expect(result.summary).toContain('All 1 checks passed.');
    // Masks last for the whole job: a later step that prints one macaroon must find it masked too.
    expect(result.masks).toEqual(expect.arrayContaining(SPLIT_TOKEN));
    expectNoLeaks(result);
  });

  test('a token holding only its FlyV1 prefix is reported with the other problems, not a crash', async () => {
    const result = await preflight(
      { secrets: 'FLY_API_TOKEN\nDATABASE_URL', 'fly-apps': 'acme-web' },
      { FLY_API_TOKEN: 'FlyV1 ' },
    );
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ ok: 'false', missing: 'DATABASE_URL', invalid: 'FLY_API_TOKEN' });
    // The value itself ("FlyV1") is masked like any secret, so the verdict reads `***`/`Bearer`.
    expect(result.summary).toMatch(/fly-token: holds only the .* prefix, no token/);
    expect(result.summary).toMatch(/FLY_API_TOKEN → acme-web.*not checked: FLY_API_TOKEN is unusable/);
    expectNoLeaks(result);
  });

  test('app secrets that could not be checked because Fly refused the token are listed as not checked', async () => {
    const result = await preflight(
      { secrets: 'FLY_API_TOKEN', 'fly-apps': 'acme-web', 'fly-app-secrets': 'DATABASE_URL\nREDIS_URL' },
      { FLY_API_TOKEN: OTHER_ORG_TOKEN },
    );
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ ok: 'false', missing: '', invalid: 'FLY_API_TOKEN' });
    for (const name of ['DATABASE_URL', 'REDIS_URL']) {
      expect(result.summary).toMatch(
        new RegExp(
          `${name} on acme-web.*not checked: FLY_API_TOKEN cannot read app acme-web.*fix FLY_API_TOKEN first`,
        ),
      );
    }
    expectNoLeaks(result);
  });

  test('an invalid or expired token is a 401 with its fix', async () => {
    const result = await preflight(
      { secrets: 'FLY_API_TOKEN', 'fly-apps': 'acme-web' },
      { FLY_API_TOKEN: REVOKED_TOKEN },
    );
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ ok: 'false', missing: '', invalid: 'FLY_API_TOKEN' });
    expect(result.summary).toMatch(/401.*invalid or expired/);
    expect(result.summary).toContain('create a new token with `fly tokens create deploy -a acme-web`');
    expectNoLeaks(result);
  });

  test('an app that does not exist is a 404; an app in another organization than fly-org is named', async () => {
    const result = await preflight(
      { secrets: 'FLY_API_TOKEN', 'fly-apps': 'acme-wbe\nacme-web', 'fly-org': 'globex' },
      { FLY_API_TOKEN: ACME_ORG_TOKEN },
    );
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ ok: 'false', missing: '', invalid: 'FLY_API_TOKEN' });
    expect(result.summary).toContain('Fly has no app named acme-wbe (404)');
    expect(result.summary).toContain('app acme-web belongs to the organization acme, not globex');
    expectNoLeaks(result);
  });

  test('app secrets required on Fly are checked by name', async () => {
    const result = await preflight(
      { secrets: 'FLY_API_TOKEN', 'fly-apps': 'acme-web\nacme-api', 'fly-app-secrets': 'DATABASE_URL' },
      { FLY_API_TOKEN: ACME_ORG_TOKEN },
    );
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ ok: 'false', missing: 'acme-api:DATABASE_URL', invalid: '' });
    expect(result.summary).toContain('app acme-api has no secret DATABASE_URL on Fly');
    expect(result.summary).toContain('fly secrets set DATABASE_URL=… -a acme-api');
    expectNoLeaks(result);
  });

  test('when the API cannot be reached the verdict is "could not verify", a warning unless fail-on is any', async () => {
    const port = await closedPort();
    const inputs = {
      secrets: 'FLY_API_TOKEN',
      'fly-apps': 'acme-web',
      'api-url': `http://127.0.0.1:${port}`,
    };
    const env = { FLY_API_TOKEN: ACME_ORG_TOKEN };
    const lenient = await preflight(inputs, env);
    expect(lenient.exitCode).toBe(0);
    expect(lenient.outputs).toMatchObject({ ok: 'true', missing: '', invalid: '' });
    expect(lenient.summary).toContain('could not verify');
    expect(lenient.annotations.some((a) => a.level === 'warning' && /could not reach/.test(a.message))).toBe(
      true,
    );
    const strict = await preflight({ ...inputs, 'fail-on': 'any' }, env);
    expect(strict.exitCode).toBe(1);
    expect(strict.outputs).toMatchObject({ ok: 'false', missing: '', invalid: '' });
    expect(strict.summary).toContain('could not verify');
    expectNoLeaks(lenient);
    expectNoLeaks(strict);
  });

  test('a clean pass: every secret set and well-formed, the token reaches every app', async () => {
    const result = await preflight(
      {
        secrets: [
          'FLY_API_TOKEN: { level: critical, format: fly-token }',
          'DATABASE_URL: { level: critical, format: postgres-url }',
          'SLACK_WEBHOOK: { level: important, format: url }',
        ].join('\n'),
        'fly-apps': 'acme-web',
        'fly-org': 'acme',
        'fly-app-secrets': 'DATABASE_URL',
      },
      { FLY_API_TOKEN: ACME_ORG_TOKEN, DATABASE_URL, SLACK_WEBHOOK: 'https://hooks.slack.example/T0/B0/abc' },
    );
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ ok: 'true', missing: '', invalid: '' });
    expect(result.summary).toContain('All 5 checks passed.');
    // The URL's username ("app") is not a secret: masking it would blank the word out of every line.
    expect(result.summary).toContain('can read app acme-web in acme');
    expect(result.masks).toEqual(expect.arrayContaining([DATABASE_URL, 'Sup3rS3cretPw']));
    const proof = JSON.parse(await readFile(result.outputs['proof-file'] ?? '', 'utf8')) as {
      outcome: string;
      action: string;
    };
    expect(proof).toMatchObject({ action: 'preflight-secrets', outcome: 'success' });
    expectNoLeaks(result);
  });

  test('two preflight steps of one job keep their own reports', async () => {
    const first = await preflight({ secrets: 'DATABASE_URL' }, { DATABASE_URL });
    // The second step runs in the same job: same RUNNER_TEMP.
    const second = await preflight({ secrets: 'SLACK_WEBHOOK' }, { RUNNER_TEMP: first.runnerTemp });
    expect(second.outputs.report).not.toBe(first.outputs.report);
    expect((await report(first)).findings).toEqual([
      expect.objectContaining({ subject: 'DATABASE_URL', category: 'ok' }),
    ]);
    expect((await report(second)).findings).toEqual([
      expect.objectContaining({ subject: 'SLACK_WEBHOOK', category: 'missing' }),
    ]);
    expectNoLeaks(first);
    expectNoLeaks(second);
  });

  test('secrets-json is read before the environment, and never shown', async () => {
    const json = JSON.stringify({ DATABASE_URL, github_token: 'ghs_0123456789abcdefghijklmnopqrstuvwxyz' });
    const result = await preflight(
      { secrets: 'DATABASE_URL: { format: postgres-url }', 'secrets-json': json },
      { DATABASE_URL: 'changeme' },
    );
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ ok: 'true', missing: '', invalid: '' });
    expect(result.summary).toContain('from secrets-json');
    expect(result.masks).toContain('ghs_0123456789abcdefghijklmnopqrstuvwxyz');
    expectNoLeaks(result);
  });
});

describe('preflight-secrets with bad inputs fails before asking anything, listing every problem', () => {
  test.each([
    ['an unknown level', { secrets: 'A: { level: fatal }' }, ['input "secrets"', 'A.level']],
    [
      'an unknown format',
      { secrets: 'A: { format: uuid }' },
      ['input "secrets"', 'format "uuid"', 'fly-token, github-token'],
    ],
    ['malformed YAML', { secrets: 'A: { level: critical' }, ['input "secrets"', 'not YAML/JSON']],
    ['empty secrets', { secrets: '' }, ['input "secrets"', 'this input is required']],
    [
      'several bad inputs at once',
      { secrets: 'A', 'fail-on': 'sometimes', 'fly-org': 'acme', 'api-url': 'ftp://x' },
      [
        'input "fail-on": got "sometimes"',
        '"critical", "any", "never"',
        'input "fly-org"',
        'fly-apps',
        'input "api-url"',
      ],
    ],
  ])('%s', async (_name, inputs, words) => {
    const before = fly.state().requests.length;
    const result = await preflight(inputs, { FLY_API_TOKEN: ACME_ORG_TOKEN });
    expect(result.exitCode).toBe(1);
    const failure = result.annotations.find((a) => a.level === 'error')?.message ?? '';
    for (const w of words) expect(failure).toContain(w);
    // It stopped before checking anything: no verdicts, no summary, and not one call to Fly.
    expect(Object.keys(result.outputs)).toEqual(['proof-file']);
    expect(result.summary).toBe('');
    expect(fly.state().requests.length).toBe(before);
    expectNoLeaks(result);
  });

  test('a bad secrets-json is reported without quoting it', async () => {
    const result = await preflight({ secrets: 'A', 'secrets-json': `{"A": "${DATABASE_URL}"` });
    expect(result.exitCode).toBe(1);
    const failure = result.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(failure).toContain('input "secrets-json"');
    expect(failure).not.toContain('postgres');
    expect(Object.keys(result.outputs)).toEqual(['proof-file']);
    expectNoLeaks(result);
  });
});

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

test('every response the emulator sent to the action matched the spec', () => {
  expect(contract.records.length).toBeGreaterThan(10);
  expect(contract.violations()).toEqual([]);
});
