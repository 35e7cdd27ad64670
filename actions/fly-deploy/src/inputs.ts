import {
  input,
  readInputs,
  registerSecret,
  type FractionOrCount,
  type InputProblem,
} from '@deploy-actions/core';
import { splitCommandLine } from '@deploy-actions/fly-config';
import { STRATEGIES, type StrategyName } from '@deploy-actions/release';

/** The inputs of fly-deploy, parsed and checked. */
export interface Inputs {
  app: string;
  /** Absent: build with flyctl. */
  image?: string;
  /** From `fly-api-token` or else the `FLY_API_TOKEN` env; absent is reported as a problem. */
  token: string;
  // The four settings fly.toml's [deploy] may supply are absent when not given; app-config.ts resolves them.
  strategy?: StrategyName;
  maxUnavailable?: FractionOrCount;
  waitTimeoutMs?: number;
  settleMs: number;
  releaseCommand?: string[];
  releaseCommandTimeoutMs?: number;
  processGroups: string[];
  regions: string[];
  /** Names to values; a Map because names are the user's. */
  secrets: Map<string, string>;
  env: Record<string, string>;
  onFailure: 'rollback' | 'halt';
  waitForLeaseMs: number;
  releaseLabel?: string;
  recordRelease: boolean;
  config?: string;
  flyctlVersion?: string;
  apiUrl: string;
}

/** The `timeout` input's default, as action.yml declares it: a rollout of many machines takes a while. */
export const DEFAULT_TIMEOUT = '30m';

// Fly app names: lower-case letters, digits and dashes.
const FLY_NAME = /[a-z0-9][a-z0-9-]*/;
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The input spec, exported so the proof record can list the inputs as given. */
export const inputSpec = {
  app: input.string({ required: true, pattern: FLY_NAME }),
  image: input.string({ pattern: /\S+/, allowed: 'an image reference such as registry.fly.io/app:tag' }),
  'fly-api-token': input.secret(),
  // No defaults here: fly.toml's [deploy] values come first (app-config.ts holds the defaults after them).
  strategy: input.enumOf(STRATEGIES),
  'max-unavailable': input.fractionOrCount(),
  'wait-timeout': input.duration({ min: '1s', max: '1h' }),
  settle: input.duration({ default: '15s', max: '30m' }),
  'release-command': input.string(),
  'release-command-timeout': input.duration({ min: '1s', max: '2h' }),
  'process-groups': input.list({ pattern: /[a-z0-9_-]+/ }),
  regions: input.list({ pattern: /[a-z]{3}/ }),
  secrets: input.secret({
    allowed: 'NAME=value lines (one per line, names of letters, digits and _, each once)',
  }),
  env: input.keyValues(),
  'on-failure': input.enumOf(['rollback', 'halt'] as const, { default: 'rollback' }),
  'wait-for-lease': input.duration({ default: '0s', max: '30m' }),
  'release-label': input.string({ pattern: /[A-Za-z0-9._-]{1,63}/ }),
  'record-release': input.boolean({ default: 'true' }),
  config: input.string(),
  'flyctl-version': input.string({ pattern: /\d+\.\d+\.\d+/, allowed: 'a flyctl version such as 0.3.200' }),
  'api-url': input.url({ default: 'https://api.machines.dev' }),
  'proof-dir': input.string(),
  // Read and checked by runAction (a problem is listed with these); here so the proof lists it and action.yml agrees.
  timeout: input.string({ default: DEFAULT_TIMEOUT }),
};

/**
 * Reads `NAME=value` lines into a Map, registering every value as a secret as soon as it is read. Problems name
 * the line number only: a line may hold a secret.
 */
export function parseSecretLines(text: string): { secrets: Map<string, string>; problems: string[] } {
  const secrets = new Map<string, string>();
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const value = eq < 0 ? '' : line.slice(eq + 1).trim();
    if (value !== '') registerSecret(value);
    const name = eq < 0 ? '' : line.slice(0, eq).trim();
    if (!SECRET_NAME.test(name)) problems.push(`line ${i + 1} is not NAME=value`);
    else if (secrets.has(name)) problems.push(`line ${i + 1} sets ${name} again`);
    else if (value === '') problems.push(`line ${i + 1} gives ${name} no value`);
    else secrets.set(name, value);
  });
  return { secrets, problems };
}

/**
 * Reads and checks every input; the token falls back to the `FLY_API_TOKEN` env.
 * @throws InputError listing every problem at once.
 */
export function getInputs(): Inputs {
  let secretLines: ReturnType<typeof parseSecretLines> = { secrets: new Map(), problems: [] };
  const envToken = process.env.FLY_API_TOKEN?.trim() ?? '';
  if (envToken !== '') registerSecret(envToken);
  const raw = readInputs(inputSpec, {
    check: (values, isGiven) => {
      const problems: InputProblem[] = [];
      if (
        values['release-command'] !== undefined &&
        splitCommandLine(values['release-command']) === undefined
      ) {
        problems.push({
          input: 'release-command',
          value: values['release-command'],
          allowed: 'a command line whose quotes are closed',
        });
      }
      if (values.secrets !== undefined) {
        secretLines = parseSecretLines(values.secrets);
        if (secretLines.problems.length > 0) {
          problems.push({
            input: 'secrets',
            allowed: `NAME=value lines; ${secretLines.problems.join('; ')}`,
          });
        }
      }
      if (!isGiven('fly-api-token') && envToken === '') {
        problems.push({
          input: 'fly-api-token',
          allowed:
            'a Fly API token (`fly tokens create deploy -a <app>`), or the FLY_API_TOKEN env set from a secret',
        });
      }
      if (isGiven('flyctl-version') && isGiven('image')) {
        problems.push({ input: 'flyctl-version', allowed: 'only without image (flyctl builds the image)' });
      }
      return problems;
    },
  });
  return {
    app: raw.app,
    ...(raw.image === undefined ? {} : { image: raw.image }),
    token: raw['fly-api-token'] ?? envToken,
    ...(raw.strategy === undefined ? {} : { strategy: raw.strategy }),
    ...(raw['max-unavailable'] === undefined ? {} : { maxUnavailable: raw['max-unavailable'] }),
    ...(raw['wait-timeout'] === undefined ? {} : { waitTimeoutMs: raw['wait-timeout'] }),
    settleMs: raw.settle,
    ...(raw['release-command'] === undefined
      ? {}
      : { releaseCommand: splitCommandLine(raw['release-command']) ?? [] }),
    ...(raw['release-command-timeout'] === undefined
      ? {}
      : { releaseCommandTimeoutMs: raw['release-command-timeout'] }),
    processGroups: raw['process-groups'] ?? [],
    regions: raw.regions ?? [],
    secrets: secretLines.secrets,
    env: raw.env ?? {},
    onFailure: raw['on-failure'],
    waitForLeaseMs: raw['wait-for-lease'],
    ...(raw['release-label'] === undefined ? {} : { releaseLabel: raw['release-label'] }),
    recordRelease: raw['record-release'],
    ...(raw.config === undefined ? {} : { config: raw.config }),
    ...(raw['flyctl-version'] === undefined ? {} : { flyctlVersion: raw['flyctl-version'] }),
    apiUrl: raw['api-url'],
  };
}
