import os from 'node:os';

/** Where one job's runner keeps its files. */
export interface RunnerDirs {
  runnerTemp: string;
  workspace: string;
  eventPath: string;
}

/** Variables from the test process that a step may see: only what a program needs to start. */
const inherited = ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR', 'SYSTEMROOT', 'USERPROFILE'];

/**
 * The job-level environment the runner gives every step. It starts from a minimal set so the test process's
 * own variables (tokens, NODE_OPTIONS, jest's settings) cannot leak into the action.
 */
export function runnerEnv(dirs: RunnerDirs, eventName: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of inherited) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return {
    ...env,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: '__run',
    GITHUB_ACTOR: 'octocat',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: dirs.eventPath,
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_JOB: 'deploy',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REF_TYPE: 'branch',
    GITHUB_REPOSITORY: 'octo-org/service',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_ID: '1658821493',
    GITHUB_RUN_NUMBER: '3',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_WORKSPACE: dirs.workspace,
    RUNNER_ARCH: os.arch() === 'arm64' ? 'ARM64' : 'X64',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_NAME: 'harness',
    RUNNER_OS: runnerOs(),
    RUNNER_TEMP: dirs.runnerTemp,
  };
}

/**
 * The `github.*` and `runner.*` values an input default may use, read from the step's environment. `github.token`
 * is the step env's `GITHUB_TOKEN` (empty when the test gives none), since the harness has no job token.
 */
export function defaultsContext(env: Record<string, string>): Record<string, string> {
  const pick = (name: string): string => env[name] ?? '';
  return {
    'github.token': pick('GITHUB_TOKEN'),
    'github.action_path': pick('GITHUB_ACTION_PATH'),
    'github.actor': pick('GITHUB_ACTOR'),
    'github.api_url': pick('GITHUB_API_URL'),
    'github.event_name': pick('GITHUB_EVENT_NAME'),
    'github.job': pick('GITHUB_JOB'),
    'github.ref': pick('GITHUB_REF'),
    'github.ref_name': pick('GITHUB_REF_NAME'),
    'github.repository': pick('GITHUB_REPOSITORY'),
    'github.repository_owner': pick('GITHUB_REPOSITORY_OWNER'),
    'github.run_attempt': pick('GITHUB_RUN_ATTEMPT'),
    'github.run_id': pick('GITHUB_RUN_ID'),
    'github.run_number': pick('GITHUB_RUN_NUMBER'),
    'github.server_url': pick('GITHUB_SERVER_URL'),
    'github.sha': pick('GITHUB_SHA'),
    'github.workflow': pick('GITHUB_WORKFLOW'),
    'github.workspace': pick('GITHUB_WORKSPACE'),
    'runner.arch': pick('RUNNER_ARCH'),
    'runner.os': pick('RUNNER_OS'),
    'runner.temp': pick('RUNNER_TEMP'),
  };
}

function runnerOs(): string {
  if (process.platform === 'win32') return 'Windows';
  return process.platform === 'darwin' ? 'macOS' : 'Linux';
}
