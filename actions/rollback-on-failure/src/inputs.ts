import { input, readInputs, registerSecret, type InputProblem } from '@deploy-actions/core';
import {
  DEFAULT_POLICY,
  probeInputSpec,
  readTargetsInput,
  type HealthPolicy,
  type HealthTarget,
  type VersionCheck,
} from '@deploy-actions/health';
import { ROLLBACK_STRATEGIES } from '@deploy-actions/release';

/** What to go back to, as given (the plan is read later: it may be a path). */
export type Destination =
  | { source: 'rollback-plan'; plan: string }
  | { source: 'to-release'; label: string }
  | { source: 'to-image'; image: string }
  | { source: 'last-known-good' };

/** The inputs of rollback-on-failure, parsed and checked. */
export interface Inputs {
  app: string;
  token: string;
  apiUrl: string;
  destination: Destination;
  /** The inputs naming a destination that were given after the first one, and so ignored. */
  ignoredDestinations: string[];
  strategy: (typeof ROLLBACK_STRATEGIES)[number];
  waitTimeoutMs: number;
  settleMs: number;
  waitForLeaseMs: number;
  /** Verification: health-gate's keys and meaning, through the shared health engine. */
  targets: HealthTarget[];
  version?: VersionCheck;
  policy: HealthPolicy;
  reason?: string;
}

// Fly app names: lower-case letters, digits and dashes.
const FLY_NAME = /[a-z0-9][a-z0-9-]*/;

/** The input spec, exported so the proof record can list the inputs as given. */
export const inputSpec = {
  app: input.string({ required: true, pattern: FLY_NAME }),
  'fly-api-token': input.secret(),
  'api-url': input.url({ default: 'https://api.machines.dev' }),
  'rollback-plan': input.string({
    allowed: "fly-deploy's rollback-plan output: the path of its JSON file, or the JSON itself",
  }),
  'to-release': input.string({ pattern: /[A-Za-z0-9._-]{1,63}/ }),
  'to-image': input.string({ pattern: /\S+/, allowed: 'an image reference such as registry.fly.io/app:tag' }),
  strategy: input.enumOf(ROLLBACK_STRATEGIES, { default: 'immediate' }),
  'wait-timeout': input.duration({ default: '3m', min: '1s', max: '1h' }),
  settle: input.duration({ default: '5s', max: '30m' }),
  'wait-for-lease': input.duration({ default: '0s', max: '30m' }),
  targets: input.string({
    allowed:
      'one URL per line, or a YAML list of targets as health-gate takes them (name, url, expect-status, body-json, …)',
  }),
  'expect-version': probeInputSpec['expect-version'],
  timeout: input.duration({ default: '2m', min: '1s', max: '6h' }),
  interval: probeInputSpec.interval,
  'consecutive-successes': probeInputSpec['consecutive-successes'],
  reason: input.string(),
  'proof-dir': input.string(),
};

const DESTINATIONS = ['rollback-plan', 'to-release', 'to-image'] as const;

/**
 * Reads and checks every input; the token falls back to the `FLY_API_TOKEN` env.
 * @throws InputError listing every problem at once.
 */
export function getInputs(): Inputs {
  let targets: HealthTarget[] = [];
  const envToken = process.env.FLY_API_TOKEN?.trim() ?? '';
  if (envToken !== '') registerSecret(envToken);
  const raw = readInputs(inputSpec, {
    check: (values, given) => {
      const problems: InputProblem[] = [];
      targets = readTargetsInput(values.targets, problems);
      if (!given('fly-api-token') && envToken === '') {
        problems.push({
          input: 'fly-api-token',
          allowed:
            'a Fly API token (`fly tokens create deploy -a <app>`), or the FLY_API_TOKEN env set from a secret',
        });
      }
      if (given('expect-version') && !given('targets'))
        problems.push({
          input: 'expect-version',
          allowed: 'the release the targets must answer with; set targets too',
        });
      if (values.timeout !== undefined && values.interval !== undefined && values.interval > values.timeout)
        problems.push({
          input: 'interval',
          allowed: `an interval no longer than timeout (${values.interval}ms > ${values.timeout}ms)`,
        });
      return problems;
    },
  });
  const given = DESTINATIONS.filter((name) => raw[name] !== undefined);
  const first = given[0];
  const destination: Destination =
    first === 'rollback-plan'
      ? { source: first, plan: raw['rollback-plan'] ?? '' }
      : first === 'to-release'
        ? { source: first, label: raw['to-release'] ?? '' }
        : first === 'to-image'
          ? { source: first, image: raw['to-image'] ?? '' }
          : { source: 'last-known-good' };
  return {
    app: raw.app,
    token: raw['fly-api-token'] ?? envToken,
    apiUrl: raw['api-url'],
    destination,
    ignoredDestinations: given.slice(1),
    strategy: raw.strategy,
    waitTimeoutMs: raw['wait-timeout'],
    settleMs: raw.settle,
    waitForLeaseMs: raw['wait-for-lease'],
    targets,
    ...(raw['expect-version'] === undefined
      ? {}
      : { version: { expected: raw['expect-version'], path: ['version'] } }),
    policy: {
      ...DEFAULT_POLICY,
      timeoutMs: raw.timeout,
      intervalMs: raw.interval,
      consecutiveSuccesses: raw['consecutive-successes'],
    },
    ...(raw.reason === undefined ? {} : { reason: raw.reason }),
  };
}
