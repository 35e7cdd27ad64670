import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { cleanupStep, formatLeaks, runStep, type StepResult } from '@deploy-actions/harness';

// services-manifest's bundle under Node 24, through the harness: deploy-all.yml's first job.

const ACTION = '.github/actions/services-manifest';
const results: StepResult[] = [];
const workspaces: string[] = [];

afterEach(async () => {
  await Promise.all(results.splice(0).map(cleanupStep));
  await Promise.all(workspaces.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Runs the action in a workspace holding `.github/deploy-services.yml` with `manifest`. */
async function run(manifest: string, inputs: Record<string, string> = {}): Promise<StepResult> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'services-manifest-'));
  workspaces.push(workspace);
  await writeFile(path.join(workspace, 'deploy-services.yml'), manifest);
  const result = await runStep({
    action: ACTION,
    inputs: { manifest: 'deploy-services.yml', ...inputs },
    workspace,
  });
  results.push(result);
  expect(formatLeaks(result.leaks)).toBe(formatLeaks([]));
  return result;
}

describe('services-manifest', () => {
  test('a good manifest becomes the matrix: every key present, defaults filled, lists joined by lines', async () => {
    const result = await run(`services:
  - name: web
    app: acme-web
    image: registry.fly.io/acme-web:v2
    strategy: canary
    health-targets:
      - https://acme-web.fly.dev/health
      - https://acme-web.fly.dev/ready
  - name: api
    app: acme-api
    config: api/fly.toml
    environment: staging
    token-secret: FLY_API_TOKEN_API
    app-secrets-secret: API_APP_SECRETS
`);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.outputs.services ?? '')).toEqual([
      {
        name: 'web',
        app: 'acme-web',
        image: 'registry.fly.io/acme-web:v2',
        config: '',
        strategy: 'canary',
        'health-targets': 'https://acme-web.fly.dev/health\nhttps://acme-web.fly.dev/ready',
        'expect-version': '',
        environment: 'production',
        'environment-url': '',
        'required-secrets': '',
        'required-checks': '',
        'token-secret': 'FLY_API_TOKEN',
        'app-secrets-secret': '',
      },
      {
        name: 'api',
        app: 'acme-api',
        image: '',
        config: 'api/fly.toml',
        strategy: 'rolling',
        'health-targets': '',
        'expect-version': '',
        environment: 'staging',
        'environment-url': '',
        'required-secrets': '',
        'required-checks': '',
        'token-secret': 'FLY_API_TOKEN_API',
        'app-secrets-secret': 'API_APP_SECRETS',
      },
    ]);
    expect(result.outputs).toMatchObject({ count: '2', names: 'web,api' });
    expect(result.summary).toContain('acme-web');
    expect(result.summary).toContain('api/fly.toml');
  });

  test('every problem at once, each naming the service, key, value and what is allowed, with its line', async () => {
    const result = await run(`services:
  - name: web
    app: Acme_Web
    image: registry.fly.io/acme-web:v2
    strategy: blue-green
  - name: api
    app: acme-api
  - app: acme-worker
    image: w:1
    colour: red
  - name: web
    app: acme-other
    config: /etc/fly.toml
`);
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /service "web" \(services\[0\]\), key `app`: got "Acme_Web"; expected a Fly app name/,
        ),
        expect.stringMatching(
          /service "web" \(services\[0\]\), key `strategy`: got "blue-green"; expected one of rolling, canary, bluegreen, immediate/,
        ),
        expect.stringMatching(/service "api" \(services\[1\]\): needs `image` .* or `config`/),
        expect.stringMatching(
          /services\[2\]: key "colour" is not a service key; expected one of name, app, image/,
        ),
        expect.stringMatching(/services\[2\]: key `name` is missing/),
        expect.stringMatching(/service "web" \(services\[3\]\), key `config`: got "\/etc\/fly.toml"/),
      ]),
    );
    expect(result.log).toMatch(
      /6 problem\(s\) in the services manifest:\ndeploy-services.yml:3: service "web"/,
    );
    expect(result.annotations.find((a) => a.message.includes('blue-green'))?.properties).toMatchObject({
      file: 'deploy-services.yml',
      line: '5',
    });
    expect(result.outputs.services).toBeUndefined();
  });

  test('two services with one name, and two on one app, are refused', async () => {
    const result = await run(`services:
  - { name: web, app: acme-web, image: a:1 }
  - { name: WEB, app: acme-web, image: a:2 }
`);
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(/the name is also used by services\[0\]/);
    expect(result.log).toMatch(/app "acme-web" is also deployed by service "web"/);
  });

  test('a missing manifest says where it looked and what to do', async () => {
    const result = await run('services: []\n', { manifest: '.github/nope.yml' });
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(/there is no services manifest at \.github\/nope\.yml/);
    expect(result.log).toMatch(/checked out the caller's repository/);
  });
});
