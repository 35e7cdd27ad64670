import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { manifestSchema } from '@deploy-actions/proof-bundle';
import { Checks } from './checks.ts';
import { callFlyDeploy, expectNoLeaks, fetchAndVerifyProof, stepById } from './fly-deploy-call.ts';
import { DEMO_FLY_TOKEN } from './fly-target.ts';
import type { PipelineResult } from './pipeline.ts';
import { DEMO_SETTLE, recordEvidence } from './pipeline.ts';
import { DEMO_GITHUB_TOKEN } from './stand-ins.ts';
import type { DemoServices } from './stand-ins.ts';
import { printRunEnd, progressObserver } from './terminal/report.ts';
import type { Print } from './terminal/report.ts';
import { textTable } from './terminal/summary-text.ts';
import { runSteps } from './workflow/run-steps.ts';
import type { ActionStep } from './workflow/run-steps.ts';

/** A token of organization `globex`, which owns none of the demo's apps. */
const GLOBEX_TOKEN = 'FlyV1 fm2_demoGlobexToken0123456789abcdefgh';

/** One incident of the project's story, replayed against the emulator. */
export interface Incident {
  title: string;
  /** What the suite does about it, shown before the replay. */
  answer: string;
  replay(services: DemoServices, print: Print, checks: Checks): Promise<Omit<PipelineResult, 'checks'>>;
}

/** A loopback address where nothing listens: a service that answers nothing (HTTP 000). */
async function deadUrl(name: string): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/${name}/health`;
}

function stepsJob(services: DemoServices, name: string, print: Print, secrets: string[]) {
  return {
    name,
    secrets,
    githubToken: DEMO_GITHUB_TOKEN,
    github: { GITHUB_API_URL: services.github.url },
    runtime: services.artifacts.runtime,
    observer: progressObserver(print),
  };
}

function sorted(list: string | undefined): string {
  return (list ?? '')
    .split(',')
    .filter((item) => item !== '')
    .sort()
    .join(',');
}

const tokenNotCoveringApps: Incident = {
  title: 'Preflight passed, deploy died in 4 seconds (the token does not cover the apps)',
  answer:
    'preflight-secrets asks Fly whether the token reaches each app and names the 403 and its fix before any deploy; ' +
    'the rest of the job is skipped, and the proof, uploaded anyway, holds no credential.',
  async replay(services, print, checks) {
    const run = await callFlyDeploy(
      services,
      {
        title: 'incident 1',
        inputs: {
          app: 'acme-web',
          image: 'registry.fly.io/acme-web:v2',
          'required-secrets': 'FLY_API_TOKEN: { level: critical, format: fly-token }',
          'api-url': services.fly.apiUrl,
        },
        secrets: { FLY_API_TOKEN: GLOBEX_TOKEN },
        runId: 1658822001,
      },
      print,
    );
    const preflight = stepById(run, 'preflight')?.result;
    const problem = preflight?.annotations.find((a) => a.level === 'error')?.message ?? '';
    print('\nWhat the suite was expected to do:');
    checks.expect('preflight-secrets', stepById(run, 'preflight')?.outcome, 'failure');
    checks.expect('preflight: invalid', preflight?.outputs.invalid, 'FLY_API_TOKEN');
    checks.expect('the error names the 403', /\b403\b/.test(problem), true);
    checks.expect("the error names the token's organization", problem.includes('globex'), true);
    checks.expect('the error says what to do', /what to do/i.test(problem), true);
    checks.expect('fly-deploy (never started)', stepById(run, 'deploy')?.outcome, 'skipped');
    const changes = services.fly.emulator?.state().requests.filter((r) => r.method !== 'GET') ?? [];
    checks.expect('Machines API calls that change anything', changes.length, 0);
    checks.expect('proof-upload (always)', stepById(run, 'proof')?.outcome, 'success');
    expectNoLeaks(checks, 'incident 1', run);
    const proof = await fetchAndVerifyProof(services, run, 'incident 1', checks, print, [GLOBEX_TOKEN]);
    return { runs: [{ title: 'incident 1', run }], proofs: proof === undefined ? [] : [proof] };
  },
};

const servicesDown: Incident = {
  title: '5 of 6 services down after a deploy',
  answer:
    'health-gate probes every service and tables endpoint, verdict, HTTP code, latency, attempts and the release ' +
    'answering; a 200 from the old release is not a pass, and the verdict is the table’s.',
  async replay(services, print, checks) {
    const fly = services.fly.emulator;
    if (fly === undefined) throw new Error('incident 2 needs the emulator');
    const targets: [string, string][] = [
      ['dashboard', `${fly.appUrl('shop-dashboard')}/health`],
      ['jobs', `${fly.appUrl('shop-jobs')}/health`],
      ['orders', `${fly.appUrl('shop-orders')}/health`],
      ['billing', `${fly.appUrl('shop-billing')}/health`],
      ['api', await deadUrl('api')],
      ['search', await deadUrl('search')],
    ];
    const gate: ActionStep = {
      name: 'Health gate over the six services of the release',
      action: 'health-gate',
      inputs: {
        targets: targets.map(([name, url]) => `- { name: ${name}, url: "${url}" }`).join('\n'),
        'expect-version': 'v2',
        interval: '1s',
        timeout: '45s',
      },
    };
    const run = await runSteps(stepsJob(services, 'Six services', print, []), [gate]);
    printRunEnd(run, print);
    const result = run.steps[0]?.result;
    print('\nWhat the suite was expected to do:');
    checks.expect('health-gate result', result?.outputs.result, 'fail');
    checks.expect(
      'failed services',
      sorted(result?.outputs['failed-targets']),
      'api,billing,jobs,orders,search',
    );
    checks.expect('the run fails as the table does', run.conclusion, 'failure');
    checks.expect('the old release is named', /\bv1\b/.test(result?.summary ?? ''), true);
    expectNoLeaks(checks, 'incident 2', run);
    return { runs: [{ title: 'incident 2', run }], proofs: [] };
  },
};

/** Incident 3's secrets: critical ones an IaC token, a GPU cloud key, registry user and token; a dozen important. */
const SECRET_SPEC = [
  'TF_API_TOKEN: critical',
  'GPU_CLOUD_KEY: critical',
  'REGISTRY_USER: critical',
  'REGISTRY_TOKEN: critical',
  'DATABASE_URL: { level: critical, format: postgres-url }',
  'OPENAI_API_KEY: important',
  'ANTHROPIC_API_KEY: important',
  'HUBSPOT_TOKEN: important',
  'SLACK_WEBHOOK: { level: important, format: url }',
  'SNOWFLAKE_PASSWORD: important',
].join('\n');

const missingCredentials: Incident = {
  title: 'Root cause: missing credentials, found one by one',
  answer:
    'preflight-secrets reports every missing, empty or placeholder secret in one run, grouped as critical (fails) ' +
    'and important (warns), each with how to fix it, and checks the formats it knows.',
  async replay(services, print, checks) {
    const env = {
      FLY_API_TOKEN: DEMO_FLY_TOKEN,
      TF_API_TOKEN: '',
      GPU_CLOUD_KEY: 'TBD',
      REGISTRY_TOKEN: 'changeme',
      DATABASE_URL: 'mysql://x/y',
      ANTHROPIC_API_KEY: '<your-token>',
      HUBSPOT_TOKEN: '***',
    };
    const run = await runSteps(stepsJob(services, 'Preflight', print, [DEMO_FLY_TOKEN]), [
      {
        name: 'Every credential the pipeline needs',
        action: 'preflight-secrets',
        inputs: {
          secrets: SECRET_SPEC,
          'fly-apps': 'acme-web',
          'fly-app-secrets': 'DATABASE_URL\nREDIS_URL',
          'api-url': services.fly.apiUrl,
        },
        env,
      },
    ]);
    printRunEnd(run, print);
    const result = run.steps[0]?.result;
    print('\nWhat the suite was expected to do:');
    checks.expect('preflight-secrets', run.steps[0]?.outcome, 'failure');
    checks.expect(
      'missing or placeholder, all in one run',
      sorted(result?.outputs.missing),
      sorted(
        'TF_API_TOKEN,GPU_CLOUD_KEY,REGISTRY_USER,REGISTRY_TOKEN,OPENAI_API_KEY,ANTHROPIC_API_KEY,HUBSPOT_TOKEN,' +
          'SLACK_WEBHOOK,SNOWFLAKE_PASSWORD,acme-web:REDIS_URL',
      ),
    );
    checks.expect('wrong format', result?.outputs.invalid, 'DATABASE_URL');
    const summary = result?.summary ?? '';
    checks.expect(
      'grouped: critical and important',
      /critical/i.test(summary) && /important/i.test(summary),
      true,
    );
    expectNoLeaks(checks, 'incident 3', run);
    return { runs: [{ title: 'incident 3', run }], proofs: [] };
  },
};

const crashAfterDeploy: Incident = {
  title: 'Staging v72 crashes after a successful deploy',
  answer:
    'the release command runs on a temporary machine first; the crash loop is seen within seconds from the ' +
    "machine's events and every machine put back; rollback-on-failure takes the app to a named release and the " +
    'health gate verifies it.',
  async replay(services, print, checks) {
    const fly = services.fly.emulator;
    if (fly === undefined) throw new Error('incident 4 needs the emulator');
    const app = 'acme-staging';
    const common = {
      app,
      'release-command': 'npx prisma generate',
      // Short settling keeps the replay quick; the crash is caught whatever it is.
      settle: '2s',
      'api-url': services.fly.apiUrl,
    };
    const env = { FLY_API_TOKEN: DEMO_FLY_TOKEN };
    const run = await runSteps(stepsJob(services, 'Staging releases', print, [DEMO_FLY_TOKEN]), [
      {
        name: 'Release v71',
        action: 'fly-deploy',
        inputs: { ...common, image: 'registry.fly.io/acme-staging:v71', 'release-label': 'v71' },
        env,
      },
      {
        name: 'Release v72',
        action: 'fly-deploy',
        inputs: { ...common, image: 'registry.fly.io/acme-staging:v72', 'release-label': 'v72' },
        env,
      },
      {
        name: 'Roll back to v71 by name (as a manual dispatch of rollback.yml would)',
        action: 'rollback-on-failure',
        inputs: {
          app,
          'to-release': 'v71',
          targets: `${fly.appUrl(app)}/health`,
          'expect-version': 'v71',
          reason: 'v72 crashes on start',
          'api-url': services.fly.apiUrl,
        },
        env,
      },
    ]);
    printRunEnd(run, print);
    const [v71, v72, rollback] = run.steps.map((step) => step.result);
    print('\nWhat the suite was expected to do:');
    checks.expect('v71', v71?.outputs.status, 'deployed');
    checks.expect('v72: release command ran first', /prisma generate/.test(v72?.log ?? ''), true);
    checks.expect('v72', `${v72?.outputs.status} (${v72?.outputs.failure})`, 'rolled-back (crash-loop)');
    checks.expect('rollback to v71, verified', rollback?.outputs.result, 'pass');
    const images = await services.fly.machineImages(app);
    checks.expect(
      'machines',
      images.every((image) => image.endsWith(':v71')) ? 'all on v71' : images.join(', '),
      'all on v71',
    );
    expectNoLeaks(checks, 'incident 4', run);
    return { runs: [{ title: 'incident 4', run }], proofs: [] };
  },
};

/** The image staging proves: a digest, so production gets exactly these bytes. */
const SHOP_IMAGE = `registry.fly.io/acme-shop@sha256:${'4f'.repeat(4)}${'0123456789abcdef'.repeat(3)}${'a1'.repeat(4)}`;

const gateOnEvidence: Incident = {
  title: 'Gate every deploy on evidence (promotion from staging to production)',
  answer:
    'evidence-gate holds the deploy until the commit’s checks and test report pass; staging deploys the image ' +
    'blue-green and proof-upload records it; production deploys exactly that digest (promotion-of), canary, and ' +
    'its proof has a manifest of hashes.',
  async replay(services, print, checks) {
    await recordEvidence(services);
    const secrets = { FLY_API_TOKEN: DEMO_FLY_TOKEN };
    const evidence = {
      ...DEMO_SETTLE,
      'required-secrets': 'FLY_API_TOKEN: { level: critical, format: fly-token }',
      'required-checks': 'test\nlint',
      'required-artifacts': '- { name: test-report, file: junit.xml, format: junit }',
      'api-url': services.fly.apiUrl,
    };
    print('━━ staging: the image, blue-green');
    const staging = await callFlyDeploy(
      services,
      {
        title: 'staging',
        inputs: {
          ...evidence,
          app: 'acme-shop-staging',
          image: SHOP_IMAGE,
          strategy: 'bluegreen',
          environment: 'staging',
          'health-targets': `${services.fly.emulator?.appUrl('acme-shop-staging') ?? ''}/health`,
        },
        secrets,
        runId: 1658825001,
      },
      print,
    );
    print('\n━━ production: promotion of what staging proved, canary');
    const production = await callFlyDeploy(
      services,
      {
        title: 'production',
        inputs: {
          ...evidence,
          app: 'acme-shop',
          image: SHOP_IMAGE,
          'promotion-of': 'staging',
          strategy: 'canary',
          environment: 'production',
          'health-targets': `${services.fly.emulator?.appUrl('acme-shop') ?? ''}/health`,
        },
        secrets,
        runId: 1658825002,
      },
      print,
    );
    print('\nWhat the suite was expected to do:');
    checks.expect(
      'staging',
      `${staging.outputs.status} / ${staging.outputs['gate-result']}`,
      'deployed / pass',
    );
    checks.expect(
      'production evidence-gate: promoted image',
      stepById(production, 'evidence')?.result?.outputs.image,
      SHOP_IMAGE,
    );
    checks.expect(
      'production',
      `${production.outputs.status} / ${production.outputs['gate-result']}`,
      'deployed / pass',
    );
    checks.expect('production runs the image staging proved', production.outputs.image, SHOP_IMAGE);
    expectNoLeaks(checks, 'staging', staging);
    expectNoLeaks(checks, 'production', production);
    const proof = await fetchAndVerifyProof(services, production, 'production', checks, print, [
      DEMO_FLY_TOKEN,
    ]);
    if (proof !== undefined) {
      const manifest = manifestSchema.parse(
        JSON.parse(await readFile(path.join(proof.path, 'manifest.json'), 'utf8')),
      );
      print('\nThe production proof’s manifest:');
      print(
        textTable(
          ['file', 'sha256', 'bytes'],
          manifest.files.map((f) => [f.path, f.sha256.slice(0, 16) + '…', String(f.size)]),
        ),
      );
    }
    return {
      runs: [
        { title: 'staging', run: staging },
        { title: 'production', run: production },
      ],
      proofs: proof === undefined ? [] : [proof],
    };
  },
};

/** The incidents of the project's story, in its order: `--scenario <n>` replays the n-th. */
export const INCIDENTS: Incident[] = [
  tokenNotCoveringApps,
  servicesDown,
  missingCredentials,
  crashAfterDeploy,
  gateOnEvidence,
];

/** Replays incident `n` (1-based) and checks the suite handled it as the story says it must. */
export async function runIncident(n: number, services: DemoServices, print: Print): Promise<PipelineResult> {
  const incident = INCIDENTS[n - 1];
  if (incident === undefined) throw new Error(`no incident ${n}; allowed: 1 to ${INCIDENTS.length}`);
  const checks = new Checks(print);
  print(`━━ Incident ${n}: ${incident.title}`);
  print(`What the suite does: ${incident.answer}\n`);
  return { ...(await incident.replay(services, print, checks)), checks };
}
