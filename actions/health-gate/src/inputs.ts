import {
  formatDuration,
  input,
  parseDuration,
  parseJsonPath,
  readInputs,
  registerSecret,
  type InputProblem,
} from '@deploy-actions/core';
import {
  DEFAULT_POLICY,
  probeInputSpec,
  readTargetsInput,
  type HealthPolicy,
  type HealthTarget,
  type VersionCheck,
} from '@deploy-actions/health';

/** The Fly part of the gate, when `app` is given. */
export interface FlyGateInputs {
  app: string;
  token: string;
  apiUrl: string;
  /** Only machines whose metadata `deploy_actions_release` holds this label. */
  releaseLabel?: string;
  perMachine: boolean;
}

/** The inputs of health-gate, parsed and checked. */
export interface Inputs {
  targets: HealthTarget[];
  version?: VersionCheck;
  policy: HealthPolicy;
  onInconclusive: 'fail' | 'warn';
  dryRun: boolean;
  fly?: FlyGateInputs;
}

// Fly app names: lower-case letters, digits and dashes.
const FLY_NAME = /[a-z0-9][a-z0-9-]*/;
const HEADER_NAME = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/** The `timeout` input's default: the whole step, the gate's budget within it. */
const DEFAULT_TIMEOUT = '2m';

/** The input spec, exported so the proof record can list the inputs as given. */
export const inputSpec = {
  targets: input.string({
    required: true,
    allowed:
      'one URL per line, or a YAML list of targets (name, url, method, expect-status, body-json, body-contains, max-latency-ms, headers, timeout-ms, follow-redirects, per-machine)',
  }),
  'expect-version': probeInputSpec['expect-version'],
  'version-path': input.string({ default: '$.version' }),
  'version-header': input.string({ pattern: HEADER_NAME }),
  // Read and enforced by runAction as the step's time limit (its problems are listed with these); the gate's budget.
  timeout: input.string({ default: DEFAULT_TIMEOUT }),
  interval: probeInputSpec.interval,
  warmup: input.duration({ default: '0s', max: '1h' }),
  'consecutive-successes': probeInputSpec['consecutive-successes'],
  'failure-limit': input.integer({ default: '3', min: 1, max: 1000 }),
  'error-limit': input.integer({ default: '5', min: 1, max: 1000 }),
  'p95-latency-ms': input.integer({ min: 1 }),
  'on-inconclusive': input.enumOf(['fail', 'warn'] as const, { default: 'fail' }),
  'dry-run': input.boolean({ default: 'false' }),
  app: input.string({ pattern: FLY_NAME }),
  'fly-api-token': input.secret(),
  'api-url': input.url({ default: 'https://api.machines.dev' }),
  'release-label': input.string(),
  'per-machine': input.boolean({ default: 'false' }),
  'proof-dir': input.string(),
};

/** A duration, or undefined when it does not parse: runAction reports a bad `timeout` with the other problems. */
function durationOrUndefined(text: string | undefined): number | undefined {
  try {
    return text === undefined ? undefined : parseDuration(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads and checks every input, the targets' keys included.
 * @throws InputError listing every problem at once.
 */
export function getInputs(): Inputs {
  let targets: HealthTarget[] = [];
  let versionPath: VersionCheck['path'] = ['version'];
  const tokenFromEnv = process.env.FLY_API_TOKEN ?? '';
  if (tokenFromEnv !== '') registerSecret(tokenFromEnv);
  const raw = readInputs(inputSpec, {
    check: (values, given) => {
      const problems: InputProblem[] = [];
      targets = readTargetsInput(values.targets, problems);
      const path = parseJsonPath(values['version-path'] ?? '$.version');
      if ('problem' in path)
        problems.push({ input: 'version-path', value: values['version-path'], allowed: path.problem });
      else versionPath = path;
      // version-path always arrives (the runner passes its default), so only version-header can be checked here.
      if (given('version-header') && !given('expect-version'))
        problems.push({
          input: 'version-header',
          allowed: 'version-header says where to find expect-version; set expect-version too',
        });
      const timeout = durationOrUndefined(values.timeout);
      if (timeout !== undefined) {
        if (values.interval !== undefined && values.interval > timeout)
          problems.push({
            input: 'interval',
            allowed: `an interval no longer than timeout (${formatDuration(values.interval)} > ${formatDuration(timeout)})`,
          });
        if (values.warmup !== undefined && values.warmup >= timeout)
          problems.push({ input: 'warmup', allowed: `a warmup shorter than timeout, which it is part of` });
      }
      for (const name of ['per-machine', 'release-label', 'fly-api-token'] as const) {
        const on = name === 'per-machine' ? values['per-machine'] === true : given(name);
        if (on && !given('app'))
          problems.push({ input: name, allowed: `${name} is about the Fly app; set app too` });
      }
      if (given('app') && !given('fly-api-token') && tokenFromEnv === '')
        problems.push({
          input: 'fly-api-token',
          allowed: 'a Fly API token (or the env FLY_API_TOKEN) to read the machines of app; it is missing',
        });
      return problems;
    },
  });

  return {
    targets,
    ...(raw['expect-version'] === undefined
      ? {}
      : {
          version: {
            expected: raw['expect-version'],
            path: versionPath,
            ...(raw['version-header'] === undefined ? {} : { header: raw['version-header'].toLowerCase() }),
          },
        }),
    policy: {
      ...DEFAULT_POLICY,
      timeoutMs: durationOrUndefined(raw.timeout) ?? parseDuration(DEFAULT_TIMEOUT),
      intervalMs: raw.interval,
      warmupMs: raw.warmup,
      consecutiveSuccesses: raw['consecutive-successes'],
      failureLimit: raw['failure-limit'],
      errorLimit: raw['error-limit'],
      ...(raw['p95-latency-ms'] === undefined ? {} : { p95LatencyMs: raw['p95-latency-ms'] }),
    },
    onInconclusive: raw['on-inconclusive'],
    dryRun: raw['dry-run'],
    ...(raw.app === undefined
      ? {}
      : {
          fly: {
            app: raw.app,
            token: raw['fly-api-token'] ?? tokenFromEnv,
            apiUrl: raw['api-url'],
            perMachine: raw['per-machine'],
            ...(raw['release-label'] === undefined ? {} : { releaseLabel: raw['release-label'] }),
          },
        }),
  };
}
