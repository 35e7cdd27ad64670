import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadAction } from './action-definition.ts';
import type { NodeActionDefinition } from './action-definition.ts';
import { commandFilesDir, createCommandFiles, readCommandFiles } from './command-files.ts';
import { buildInputs } from './inputs.ts';
import { findLeaks } from './leaks.ts';
import type { Leak } from './leaks.ts';
import { createMasker } from './masker.ts';
import type { Masker } from './masker.ts';
import { node24Path } from './node24.ts';
import { readTree } from './written-files.ts';
import { contextEnv, defaultRuntimeServices, defaultsContext, jobEnv, runtimeEnv } from './runner-env.ts';
import type { RunnerDirs, RuntimeServices } from './runner-env.ts';
import { createStepLog } from './step-log.ts';
import type { Annotation, StepLog } from './step-log.ts';

/** How to run one step of a JavaScript action. */
export interface StepOptions {
  /** A folder at the repository root (`'preflight-secrets'`) or an absolute folder holding `action.yml`. */
  action: string;
  /** The step's `with:` values; declared defaults fill the rest. */
  inputs?: Record<string, string>;
  /**
   * The step's `env:`. It overrides `GITHUB_ENV` exports and the job's own variables, but not `INPUT_*`, the
   * `GITHUB_*` / `RUNNER_*` context values or `ACTIONS_*` (the runner sets those after it). `GITHUB_TOKEN` here
   * feeds `${{ github.token }}`.
   */
  env?: Record<string, string>;
  /** `${{ github.token }}` in input defaults (the job token the runner hands a step); default the step env's `GITHUB_TOKEN`. */
  githubToken?: string;
  /** Changes `GITHUB_*` / `RUNNER_*` context values (say `GITHUB_SERVER_URL`), which a step's `env:` cannot. */
  runner?: Record<string, string>;
  /**
   * The Actions runtime the step sees as `ACTIONS_RUNTIME_URL`, `ACTIONS_RUNTIME_TOKEN` (masked, like the runner
   * masks it) and `ACTIONS_RESULTS_URL`; point them at local stand-ins. The defaults resolve nowhere.
   */
  runtime?: Partial<RuntimeServices>;
  /** `permissions: id-token: write`: sets `ACTIONS_ID_TOKEN_REQUEST_URL` and `_TOKEN`. Default false. */
  idToken?: boolean;
  /**
   * `ACTIONS_STEP_DEBUG`: keeps `##[debug]` lines, echoes processed commands and sets `RUNNER_DEBUG=1`. Default
   * true, so debug output is checked for leaks too.
   */
  stepDebug?: boolean;
  phase?: 'main' | 'post';
  /** State handed to the post step as `STATE_<name>`. */
  state?: Record<string, string>;
  /** The event payload written to `GITHUB_EVENT_PATH` (default `{}`) and its name (default `push`). */
  event?: object;
  eventName?: string;
  /** Values the test knows are secret; the leak check looks for them besides every `::add-mask::` value. */
  secrets?: string[];
  /**
   * Values the workflow passes from `secrets.*` (say into `env:`): the runner masks these in the log before the
   * step starts, as it masks every secret of the job, but not a part of one (one macaroon of a joined token).
   * They are leak-checked too.
   */
  workflowSecrets?: string[];
  /** Default 30 s; then the step is cancelled like the runner does (SIGINT, SIGTERM, SIGKILL). */
  timeoutMs?: number;
  /**
   * How long a cancelled step has after SIGINT before SIGTERM (default 7.5 s), and after SIGTERM before SIGKILL
   * (default 2.5 s), as actions/runner src/Runner.Sdk/ProcessInvoker.cs waits. Tests may shorten them.
   */
  cancelGraceMs?: { sigint?: number; sigterm?: number };
  /** Cancels the step (as a cancelled workflow run does) when aborted. */
  signal?: AbortSignal;
  /** Called with each masked log line as it arrives, e.g. to act on the emulator once the step reaches a point. */
  onLog?: (line: string) => void;
  /** The step's working directory and `GITHUB_WORKSPACE`; default a fresh folder. */
  workspace?: string;
  /**
   * Another folder (absolute, or relative to the workspace) whose files the leak check reads, besides every file
   * under `RUNNER_TEMP` and the workspace.
   */
  proofDir?: string;
}

/** What the runner would know after the step ended. */
export interface StepResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
  timedOut: boolean;
  /** Raw, unmasked process output: may hold secrets, never print it. */
  stdout: string;
  stderr: string;
  /**
   * The masked log as the runner shows it with step debug logging on (so `##[debug]` lines are kept and checked
   * for leaks): stdout and stderr interleaved, commands rendered as `##[error]…`, `##[group]…`.
   */
  log: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  /** Variables exported through `GITHUB_ENV`. */
  env: Record<string, string>;
  /** The environment the step's process started with: holds secrets, never print it. */
  processEnv: Record<string, string>;
  /** `GITHUB_PATH` entries in the order written. */
  path: string[];
  /** The step summary as the runner publishes it: masked line by line; empty when over 1 MiB. */
  summary: string;
  /**
   * Annotations the run shows (the first 10 of each level), printed by the step or raised by the runner
   * (unexpected inputs, file-command errors): messages masked, properties as written.
   */
  annotations: Annotation[];
  /**
   * Values the runner masks: `ACTIONS_RUNTIME_TOKEN`, `workflowSecrets`, every `::add-mask::` value and each of
   * its lines, and stop-commands tokens, so far in the job.
   */
  masks: string[];
  leaks: Leak[];
  runnerTemp: string;
  workspace: string;
  /** The folder the harness created for this job; `cleanupStep` removes it. */
  rootDir: string;
  /** Non-zero exit, killed, a command the runner refuses, or a file command it cannot parse. */
  failed: boolean;
}

/** The main step's result and, when the action has a `post` whose `post-if` holds, the post step's. */
export interface StepWithPostResult {
  main: StepResult;
  post?: StepResult;
}

/** What later steps of a job inherit from earlier ones. */
interface Job {
  rootDir: string;
  dirs: RunnerDirs;
  masker: Masker;
  /** Variables exported through `GITHUB_ENV` so far. */
  exported: Record<string, string>;
  /** `GITHUB_PATH` entries so far, the latest first (the runner prepends each). */
  prependPath: string[];
  runtime: RuntimeServices;
}

/** Runs one phase of `<action>/action.yml` the way the Actions runner does, under Node 24. */
export async function runStep(options: StepOptions): Promise<StepResult> {
  const action = await loadAction(options.action);
  return runPhase(action, options, await startJob(options));
}

/**
 * Runs main, then post (if the action has one and `post-if`, default `always()`, holds) in the same job: same
 * `RUNNER_TEMP`, workspace and masks, main's `GITHUB_ENV` and `GITHUB_PATH` applied, and main's saved state as
 * `STATE_<name>`.
 */
export async function runStepWithPost(
  options: Omit<StepOptions, 'phase' | 'state'>,
): Promise<StepWithPostResult> {
  const action = await loadAction(options.action);
  const job = await startJob(options);
  const main = await runPhase(action, { ...options, phase: 'main' }, job);
  if (action.runs.post === undefined || !postCondition(action.runs['post-if'] ?? 'always()', main, options)) {
    return { main };
  }
  // A cancelled run still runs `always()` post steps to the end: the cancel signal is main's only.
  const { signal: _cancelled, ...postOptions } = options;
  const post = await runPhase(action, { ...postOptions, phase: 'post', state: main.state }, job);
  return { main, post };
}

/** What every step of one job shares, fixed when the job starts. */
export type JobOptions = Pick<StepOptions, 'workspace' | 'event' | 'runtime' | 'workflowSecrets'>;

/** A job whose steps run one after another as the runner runs them. */
export interface JobSteps {
  /** The folder the harness created for the job; `cleanupStep` of any step's result removes it. */
  rootDir: string;
  /**
   * The `GITHUB_*` / `RUNNER_*` context values a step of this job sees (`RUNNER_TEMP`, `GITHUB_WORKSPACE`, …), with
   * `runner` overrides applied: what a workflow's `github` and `runner` contexts are built from.
   */
  context(runner?: Record<string, string>): Record<string, string>;
  /** Runs one step's main phase in the job. */
  run(options: Omit<StepOptions, keyof JobOptions | 'phase' | 'state'>): Promise<StepResult>;
}

/**
 * Starts a job whose steps share what the runner keeps between steps: `RUNNER_TEMP`, the workspace, every mask added
 * so far, `GITHUB_ENV` exports and `GITHUB_PATH` entries. `runStep` is a job of one step.
 */
export async function startJobSteps(options: JobOptions): Promise<JobSteps> {
  const job = await startJob(options);
  return {
    rootDir: job.rootDir,
    context: (runner = {}) => ({
      ...contextEnv(job.dirs, { eventName: 'push', stepDebug: true }),
      ...runner,
    }),
    run: async (step) => runPhase(await loadAction(step.action), { ...options, ...step }, job),
  };
}

/** Removes the folders the harness created for a step's job. */
export async function cleanupStep(result: StepResult): Promise<void> {
  await rm(result.rootDir, { recursive: true, force: true });
}

async function startJob(options: JobOptions): Promise<Job> {
  const rootDir = await mkdtemp(path.join(os.tmpdir(), 'deploy-actions-job-'));
  const runnerTemp = path.join(rootDir, 'temp');
  const workspace = options.workspace ?? path.join(rootDir, 'workspace');
  const eventPath = path.join(runnerTemp, '_github_workflow', 'event.json');
  const toolCache = path.join(rootDir, 'tool-cache');
  await mkdir(path.dirname(eventPath), { recursive: true });
  await mkdir(toolCache, { recursive: true });
  await mkdir(workspace, { recursive: true });
  await writeFile(eventPath, JSON.stringify(options.event ?? {}));
  const runtime = { ...defaultRuntimeServices(), ...options.runtime };
  const masker = createMasker();
  // Worker.cs InitializeSecretMasker: the job's endpoint tokens (ACTIONS_RUNTIME_TOKEN) as they are, then each
  // secret trimmed, then each of its lines.
  masker.addValue(runtime.token);
  for (const secret of options.workflowSecrets ?? []) masker.add(secret.trim());
  return {
    rootDir,
    dirs: { runnerTemp, workspace, eventPath, toolCache },
    masker,
    exported: {},
    prependPath: [],
    runtime,
  };
}

function postCondition(condition: string, main: StepResult, options: StepOptions): boolean {
  const expression = condition.trim();
  const cancelled = options.signal?.aborted === true;
  switch (expression) {
    case 'always()':
      return true;
    case 'success()':
      return !main.failed && !cancelled;
    case 'failure()':
      return main.failed && !cancelled;
    case 'cancelled()':
      return cancelled;
    default:
      throw new Error(`the harness cannot evaluate post-if: ${condition}`);
  }
}

async function runPhase(action: NodeActionDefinition, options: StepOptions, job: Job): Promise<StepResult> {
  const phase = options.phase ?? 'main';
  const script = phase === 'main' ? action.runs.main : action.runs.post;
  if (script === undefined) throw new Error(`${action.dir}/action.yml has no runs.post`);
  const node = await node24Path();

  const commandFiles = await createCommandFiles(job.dirs.runnerTemp);
  const stepDebug = options.stepDebug ?? true;
  // NodeScriptActionHandler.cs: the step's env (over GITHUB_ENV and the job's), then INPUT_*, then PATH entries,
  // then the github/runner context values, then ACTIONS_*: each layer wins over the ones before.
  const context: Record<string, string> = {
    ...contextEnv(job.dirs, { eventName: options.eventName ?? 'push', stepDebug }),
    GITHUB_ACTION_PATH: action.dir,
    ...commandFiles,
    ...options.runner,
  };
  const env: Record<string, string> = { ...jobEnv(), ...job.exported, ...options.env };
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;
  const inputs = buildInputs(
    action,
    options.inputs ?? {},
    defaultsContext(context, options.env ?? {}, options.githubToken),
  );
  Object.assign(env, inputs.env);
  env.PATH = [...job.prependPath, env.PATH ?? ''].join(path.delimiter);
  Object.assign(env, context, runtimeEnv(job.runtime, options.idToken ?? false));

  const log = createStepLog(job.masker, { stepDebug, onLine: options.onLog });
  if (inputs.warning !== undefined) {
    log.annotate({ level: 'warning', message: inputs.warning, properties: {} });
  }

  const started = performance.now();
  const run = await spawnStep(node, path.resolve(action.dir, script), env, job.dirs.workspace, log, options);
  const durationMs = performance.now() - started;

  const files = await readCommandFiles(commandFiles);
  // What FileCommandManager.cs logs with step debug on (masked like any line), then its errors.
  for (const [name, value] of Object.entries(files.env)) log.debug(`${name}='${value}'`);
  for (const [name, value] of Object.entries(files.state))
    log.debug(`Save intra-action state ${name} = ${value}`);
  for (const [name, value] of Object.entries(files.outputs)) log.debug(`Set output ${name} = ${value}`);
  for (const message of files.errors) log.annotate({ level: 'error', message, properties: {} });
  Object.assign(job.exported, files.env);
  // The runner removes an entry added again before prepending it, so it moves to the front, never twice on PATH.
  for (const entry of files.path) {
    job.prependPath = [entry, ...job.prependPath.filter((known) => known !== entry)];
  }
  const outputs = { ...log.outputs, ...files.outputs };
  const state = { ...log.state, ...files.state };

  // Every file the step may have written: the runner never masks files, so any secret in one is a leak. The
  // file-command files are left to the parsed outputs, state, env, path and summary above.
  const scanned = [job.dirs.runnerTemp, job.dirs.workspace];
  if (options.proofDir !== undefined) scanned.push(path.resolve(job.dirs.workspace, options.proofDir));
  const masks = [...job.masker.values];
  const secrets = [...new Set([...masks, ...(options.workflowSecrets ?? []), ...(options.secrets ?? [])])];
  const logText = log.text();
  const leaks = findLeaks(secrets, {
    log: logText,
    outputs,
    state,
    env: files.env,
    path: files.path,
    summary: files.summary,
    annotations: log.annotationProperties,
    files: await readTree(scanned, { skip: [commandFilesDir(job.dirs.runnerTemp)] }),
  });

  return {
    ...run,
    durationMs,
    log: logText,
    outputs,
    state,
    env: files.env,
    processEnv: env,
    path: files.path,
    summary: files.publishedSummary((line) => job.masker.mask(line)),
    annotations: log.annotations,
    masks,
    leaks,
    runnerTemp: job.dirs.runnerTemp,
    workspace: job.dirs.workspace,
    rootDir: job.rootDir,
    failed: run.exitCode !== 0 || files.failed || log.failed(),
  };
}

interface ProcessOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/**
 * Starts the action with async `spawn` (a test's fake servers live in this process, `spawnSync` would block them)
 * and feeds complete lines from both streams to the log in arrival order. Lines end at CR, LF or CRLF, as the
 * runner's `StreamReader.ReadLine` ends them (ProcessInvoker.cs). On timeout or cancellation it sends SIGINT, then
 * SIGTERM 7.5 s later, then SIGKILL 2.5 s after that, as ProcessInvoker.cs does.
 */
function spawnStep(
  node: string,
  script: string,
  env: Record<string, string>,
  cwd: string,
  log: StepLog,
  options: StepOptions,
): Promise<ProcessOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const raw = { stdout: '', stderr: '' };
    for (const stream of ['stdout', 'stderr'] as const) {
      let pending = '';
      child[stream].setEncoding('utf8');
      child[stream].on('data', (chunk: string) => {
        raw[stream] += chunk;
        // A CR at the end of the text so far may be the first half of a CRLF: keep it until the next chunk.
        const lines = (pending + chunk).split(/\r\n|\r(?!$)|\n/);
        pending = lines.pop() ?? '';
        for (const line of lines) log.line(line);
      });
      child[stream].on('end', () => {
        if (pending !== '') log.line(pending.replace(/\r$/, ''));
      });
    }

    let timedOut = false;
    const timers: NodeJS.Timeout[] = [];
    const cancel = (): void => {
      const sigint = options.cancelGraceMs?.sigint ?? 7500;
      const sigterm = options.cancelGraceMs?.sigterm ?? 2500;
      child.kill('SIGINT');
      timers.push(setTimeout(() => child.kill('SIGTERM'), sigint));
      timers.push(setTimeout(() => child.kill('SIGKILL'), sigint + sigterm));
    };
    timers.push(
      setTimeout(() => {
        timedOut = true;
        cancel();
      }, options.timeoutMs ?? 30_000),
    );
    options.signal?.addEventListener('abort', cancel, { once: true });
    if (options.signal?.aborted === true) cancel();

    const finish = (): void => {
      for (const timer of timers) clearTimeout(timer);
      options.signal?.removeEventListener('abort', cancel);
    };
    child.on('error', (error) => {
      finish();
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      finish();
      resolve({ exitCode, signal, timedOut, ...raw });
    });
  });
}
