import { input, readInputs, type InputProblem } from '@deploy-actions/core';

/** What to do when there is nothing to upload. */
export type IfNoFilesFound = 'warn' | 'error' | 'ignore';

/**
 * The inputs of proof-upload, parsed and checked. `proof-dir` and `timeout` are read by `runAction` itself (the
 * folder checked and created, the deadline set) and reach the body as `ctx.proof.dir` and `ctx.signal`.
 */
export interface Inputs {
  /** Glob patterns, one per line (a comma may be part of a pattern, as in `{a,b}`). */
  paths: string[];
  name: string;
  /** Days the artifact is kept; the repository's default when not given. */
  retentionDays?: number;
  ifNoFilesFound: IfNoFilesFound;
  /** Extra literal secrets, one per line (already registered when read). */
  redact: string[];
  /** Names of environment variables whose values are secrets, on top of those found by name. */
  redactEnv: string[];
  failOnUnredactable: boolean;
  summary: boolean;
  deployment?: { environment: string; environmentUrl?: string; token: string };
}

// The characters upload-artifact v4 refuses in a name (actions/toolkit artifact path-and-artifact-name-validation).
const ARTIFACT_NAME = /[^":<>|*?\r\n\\/]+/;
const ENV_NAME = /[A-Za-z_][A-Za-z0-9_]*/;

/** The `timeout` input's default, as action.yml declares it: an upload of a few files takes seconds to minutes. */
export const DEFAULT_TIMEOUT = '10m';

/** The input spec, exported so the proof record can list the inputs as given. */
export const inputSpec = {
  paths: input.string(),
  name: input.string({ pattern: ARTIFACT_NAME }),
  'retention-days': input.integer({ min: 1, max: 90 }),
  'if-no-files-found': input.enumOf(['warn', 'error', 'ignore'] as const, { default: 'warn' }),
  redact: input.secret(),
  'redact-env': input.list({ pattern: ENV_NAME }),
  'fail-on-unredactable': input.boolean({ default: 'false' }),
  summary: input.boolean({ default: 'true' }),
  'deployment-environment': input.string({ pattern: /[^\r\n]{1,255}/ }),
  'environment-url': input.url(),
  'github-token': input.secret(),
  // Read and checked by runAction (a problem is listed with these); here so the proof lists them and action.yml
  // agrees.
  'proof-dir': input.string(),
  timeout: input.string({ default: DEFAULT_TIMEOUT }),
};

function defaultName(): string {
  const env = process.env;
  return `deploy-proof-${env.GITHUB_RUN_ID ?? 'local'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${env.GITHUB_JOB ?? 'job'}`;
}

function lines(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * Reads and checks every input.
 * @throws InputError listing every problem at once.
 */
export function getInputs(): Inputs {
  const raw = readInputs(inputSpec, {
    check: (values, given) => {
      const problems: InputProblem[] = [];
      if (given('environment-url') && !given('deployment-environment')) {
        problems.push({
          input: 'environment-url',
          allowed: 'environment-url is the URL of the GitHub deployment; set deployment-environment too',
        });
      }
      if (given('deployment-environment') && !given('github-token')) {
        problems.push({
          input: 'github-token',
          allowed:
            'a token that may create deployments (permissions: deployments: write) when deployment-environment is set; the default is the job token',
        });
      }
      return problems;
    },
  });
  const environment = raw['deployment-environment'];
  return {
    paths: lines(raw.paths),
    name: raw.name ?? defaultName(),
    ...(raw['retention-days'] === undefined ? {} : { retentionDays: raw['retention-days'] }),
    ifNoFilesFound: raw['if-no-files-found'],
    redact: lines(raw.redact),
    redactEnv: raw['redact-env'] ?? [],
    failOnUnredactable: raw['fail-on-unredactable'],
    summary: raw.summary,
    ...(environment === undefined
      ? {}
      : {
          deployment: {
            environment,
            token: raw['github-token'] ?? '',
            ...(raw['environment-url'] === undefined ? {} : { environmentUrl: raw['environment-url'] }),
          },
        }),
  };
}
