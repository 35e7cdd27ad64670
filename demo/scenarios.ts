import type { StepOptions } from '@deploy-actions/harness';

/** One step the demo runs against the embedded emulator, and what it should end with. */
export interface DemoScenario {
  title: string;
  /** Which incident of the project's story it replays, if any. */
  replays?: string;
  step: Omit<StepOptions, 'inputs'> & { inputs: Record<string, string> };
  expectExit: 0 | 1;
}

const ACME_TOKEN = 'FlyV1 fm2_demoAcmeDeployToken0123456789abcdef';
const GLOBEX_TOKEN = 'FlyV1 fm2_demoGlobexToken0123456789abcdefgh';
const DATABASE_URL = 'postgres://web:demo-password@db.internal:5432/web';

/** Every credential the demo hands to a step, so the harness can prove none of them leaked. */
export const DEMO_SECRETS = [ACME_TOKEN, GLOBEX_TOKEN, DATABASE_URL, 'demo-password'];

/** The scenarios in the order a newcomer should see them; `api-url` is filled in with the emulator's address. */
export const DEMO_SCENARIOS: DemoScenario[] = [
  {
    title: 'preflight: every credential usable',
    step: {
      action: 'preflight-secrets',
      inputs: {
        secrets: 'FLY_API_TOKEN: { format: fly-token }\nDATABASE_URL: { format: postgres-url }',
        'fly-apps': 'acme-web\nacme-api',
        'fly-org': 'acme',
      },
      env: { FLY_API_TOKEN: ACME_TOKEN, DATABASE_URL },
    },
    expectExit: 0,
  },
  {
    title: "preflight: the token's organization does not own the apps",
    replays: 'incident 1: "preflight passed, deploy died in 4 seconds"',
    step: {
      action: 'preflight-secrets',
      inputs: { secrets: 'FLY_API_TOKEN', 'fly-apps': 'acme-web\nacme-api' },
      env: { FLY_API_TOKEN: GLOBEX_TOKEN },
    },
    expectExit: 1,
  },
  {
    title: 'preflight: missing credentials, all found in one run',
    replays: 'incident 3: "root cause: missing credentials" found one by one',
    step: {
      action: 'preflight-secrets',
      inputs: {
        secrets: [
          'TF_API_TOKEN: critical',
          'REGISTRY_TOKEN: critical',
          'DATABASE_URL: { level: critical, format: postgres-url }',
          'OPENAI_API_KEY: important',
          'SLACK_WEBHOOK: { level: important, format: url }',
        ].join('\n'),
        'fly-apps': 'acme-web',
        'fly-app-secrets': 'DATABASE_URL\nREDIS_URL',
      },
      env: {
        FLY_API_TOKEN: ACME_TOKEN,
        TF_API_TOKEN: '',
        REGISTRY_TOKEN: 'changeme',
        DATABASE_URL: 'mysql://x/y',
      },
    },
    expectExit: 1,
  },
];
