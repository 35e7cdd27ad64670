import { input, readInputs, type InputProblem } from '@deploy-actions/core';
import type { FailOn } from './findings.ts';
import { SECRET_NAME, secretsInputSchema, secretsJsonSchema, type SecretSpec } from './spec.ts';

/** The inputs of preflight-secrets, parsed and checked. */
export interface Inputs {
  secrets: SecretSpec[];
  /** Values from `${{ toJSON(secrets) }}`, when given; looked up before the environment. */
  secretsJson?: Map<string, string>;
  flyApps: string[];
  flyOrg?: string;
  flyTokenEnv: string;
  flyAppSecrets: string[];
  apiUrl: string;
  failOn: FailOn;
}

// Fly app and organization names: lower-case letters, digits and dashes.
const FLY_NAME = /[a-z0-9][a-z0-9-]*/;

/** The input spec, exported so the proof record can list the inputs as given. */
export const inputSpec = {
  secrets: input.structured(secretsInputSchema, {
    required: true,
    allowed:
      'secret names one per line, or a YAML mapping in which every line is `NAME:`, `NAME: important` or `NAME: { level: critical|important, format: fly-token|github-token|postgres-url|url|jwt|pem|regex:<pattern>, min-length: <n>, hint: <text> }`',
  }),
  'secrets-json': input.structured(secretsJsonSchema, {
    secret: true,
    allowed: 'a JSON object of secret names to values, as ${{ toJSON(secrets) }} gives',
  }),
  'fly-apps': input.list({ pattern: FLY_NAME }),
  'fly-org': input.string({ pattern: FLY_NAME }),
  'fly-token-env': input.string({ default: 'FLY_API_TOKEN', pattern: SECRET_NAME }),
  'fly-app-secrets': input.list({ pattern: SECRET_NAME }),
  'api-url': input.url({ default: 'https://api.machines.dev' }),
  'fail-on': input.enumOf(['critical', 'any', 'never'] as const, { default: 'critical' }),
  'proof-dir': input.string(),
  // Read and enforced by runAction (the run's deadline); declared here with its default: a preflight should answer in seconds.
  timeout: input.string({ default: '2m' }),
};

function needsApps(name: string): InputProblem {
  return {
    input: name,
    allowed: `${name} is checked for each app in fly-apps; name the apps in fly-apps too`,
  };
}

/**
 * Reads and checks every input.
 * @throws InputError listing every problem at once.
 */
export function getInputs(): Inputs {
  const raw = readInputs(inputSpec, {
    check: (values, given) => {
      const noApps = (values['fly-apps'] ?? []).length === 0 && !given('fly-apps');
      return (['fly-org', 'fly-app-secrets'] as const).filter((n) => noApps && given(n)).map(needsApps);
    },
  });
  return {
    secrets: raw.secrets,
    ...(raw['secrets-json'] === undefined ? {} : { secretsJson: raw['secrets-json'] }),
    flyApps: raw['fly-apps'] ?? [],
    ...(raw['fly-org'] === undefined ? {} : { flyOrg: raw['fly-org'] }),
    flyTokenEnv: raw['fly-token-env'],
    flyAppSecrets: raw['fly-app-secrets'] ?? [],
    apiUrl: raw['api-url'],
    failOn: raw['fail-on'],
  };
}
