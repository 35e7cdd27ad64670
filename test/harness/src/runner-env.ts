import os from 'node:os';

/** Where one job's runner keeps its files. */
export interface RunnerDirs {
  runnerTemp: string;
  workspace: string;
  eventPath: string;
  toolCache: string;
}

/** Variables from the test process that a step may see: only what a program needs to start. */
const inherited = ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR', 'SYSTEMROOT', 'USERPROFILE'];

/**
 * The job's own environment: what a program needs to start (never the test process's tokens, NODE_OPTIONS or
 * jest's settings) and the variables GitHub sends with every job. A step's `env:` and `GITHUB_ENV` may override
 * these, unlike the context values below.
 */
export function jobEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of inherited) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, CI: 'true', GITHUB_ACTIONS: 'true' };
}

/** What the harness's job looks like from inside: which event, whether debug logging is on. */
export interface JobDescription {
  eventName: string;
  stepDebug: boolean;
}

/**
 * The `github.*` and `runner.*` context values the runner exports as `GITHUB_*` / `RUNNER_*` (actions/runner
 * src/Runner.Worker/GitHubContext.cs allow-list, RunnerContext.cs). NodeScriptActionHandler.cs sets them after the
 * step's `env:`, inputs and `GITHUB_ENV`, so they win over all three; a test changes them with `StepOptions.runner`.
 */
export function contextEnv(dirs: RunnerDirs, job: JobDescription): Record<string, string> {
  return {
    GITHUB_ACTION: '__run',
    GITHUB_ACTION_REF: '',
    GITHUB_ACTION_REPOSITORY: '',
    GITHUB_ACTOR: 'octocat',
    GITHUB_ACTOR_ID: '583231',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_BASE_REF: '',
    GITHUB_EVENT_NAME: job.eventName,
    GITHUB_EVENT_PATH: dirs.eventPath,
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_HEAD_REF: '',
    GITHUB_JOB: 'deploy',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REF_PROTECTED: 'false',
    GITHUB_REF_TYPE: 'branch',
    GITHUB_REPOSITORY: 'octo-org/service',
    GITHUB_REPOSITORY_ID: '702941515',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_REPOSITORY_OWNER_ID: '9919',
    GITHUB_RETENTION_DAYS: '90',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_ID: '1658821493',
    GITHUB_RUN_NUMBER: '3',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
    GITHUB_TRIGGERING_ACTOR: 'octocat',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_WORKFLOW_REF: 'octo-org/service/.github/workflows/deploy.yml@refs/heads/main',
    GITHUB_WORKFLOW_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
    GITHUB_WORKSPACE: dirs.workspace,
    RUNNER_ARCH: os.arch() === 'arm64' ? 'ARM64' : 'X64',
    ...(job.stepDebug ? { RUNNER_DEBUG: '1' } : {}),
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_NAME: 'harness',
    RUNNER_OS: runnerOs(),
    RUNNER_TEMP: dirs.runnerTemp,
    RUNNER_TOOL_CACHE: dirs.toolCache,
    RUNNER_WORKSPACE: dirs.workspace.replace(/[\\/][^\\/]*$/, ''),
  };
}

/** The Actions services a step may call, and whether the job may ask for an OIDC token. */
export interface RuntimeServices {
  /** `ACTIONS_RUNTIME_TOKEN` (and `ACTIONS_ID_TOKEN_REQUEST_TOKEN`): a secret the runner masks. */
  token: string;
  runtimeUrl: string;
  resultsUrl: string;
  /** `ACTIONS_ID_TOKEN_REQUEST_URL`, set only with `permissions: id-token: write`. */
  idTokenUrl?: string;
}

/** A JWT shaped like the runtime token: @actions/artifact reads its `scp` claim without checking the signature. */
export function fakeRuntimeToken(runBackendId: string, jobBackendId: string): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return [
    part({ alg: 'RS256', typ: 'JWT' }),
    part({
      scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${runBackendId}:${jobBackendId}`,
    }),
    Buffer.from('harness-signature').toString('base64url'),
  ].join('.');
}

/** Runtime services that exist nowhere: a step that calls them without a test pointing them at a stand-in fails. */
export function defaultRuntimeServices(): RuntimeServices {
  return {
    token: fakeRuntimeToken('5bd23a8a-5ee7-4ae7-8d77-2b4c1bc87d5a', '0f4f4c7e-1b6a-5b4c-9b1c-6e2d9f3a7c11'),
    runtimeUrl: 'https://pipelines.actions.invalid/harness/',
    resultsUrl: 'https://results-receiver.actions.invalid/',
    idTokenUrl: 'https://pipelines.actions.invalid/harness/idtoken?api-version=2.0',
  };
}

/**
 * The `ACTIONS_*` variables NodeScriptActionHandler.cs sets last of all; the ID-token pair only when the job may
 * request one (the server sends `GenerateIdTokenUrl` only with `id-token: write`).
 */
export function runtimeEnv(services: RuntimeServices, idToken: boolean): Record<string, string> {
  return {
    ACTIONS_RUNTIME_URL: services.runtimeUrl,
    ACTIONS_RUNTIME_TOKEN: services.token,
    ...(idToken && services.idTokenUrl !== undefined
      ? { ACTIONS_ID_TOKEN_REQUEST_URL: services.idTokenUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: services.token }
      : {}),
    ACTIONS_RESULTS_URL: services.resultsUrl,
  };
}

/**
 * The `github.*` and `runner.*` values an input default may use, read from the context variables. `github.token`
 * is `githubToken` when given, else the step env's `GITHUB_TOKEN` (empty when the test gives neither), since the
 * harness has no job token of its own.
 */
export function defaultsContext(
  context: Record<string, string>,
  stepEnv: Record<string, string>,
  githubToken?: string,
): Record<string, string> {
  const values: Record<string, string> = { 'github.token': githubToken ?? stepEnv.GITHUB_TOKEN ?? '' };
  for (const [name, value] of Object.entries(context)) {
    const match = /^(GITHUB|RUNNER)_(.+)$/.exec(name);
    if (match?.[1] !== undefined && match[2] !== undefined) {
      values[`${match[1].toLowerCase()}.${match[2].toLowerCase()}`] = value;
    }
  }
  return values;
}

function runnerOs(): string {
  if (process.platform === 'win32') return 'Windows';
  return process.platform === 'darwin' ? 'macOS' : 'Linux';
}
