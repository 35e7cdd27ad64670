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
import { defaultsContext, runnerEnv } from './runner-env.ts';
import type { RunnerDirs } from './runner-env.ts';
import { createStepLog } from './step-log.ts';
import type { Annotation, StepLog } from './step-log.ts';

/** How to run one step of a JavaScript action. */
export interface StepOptions {
  /** A folder at the repository root (`'preflight-secrets'`) or an absolute folder holding `action.yml`. */
  action: string;
  /** The step's `with:` values; declared defaults fill the rest. */
  inputs?: Record<string, string>;
  /** The step's `env:`, laid over the runner's variables. `GITHUB_TOKEN` here feeds `${{ github.token }}`. */
  env?: Record<string, string>;
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
  /** Time between the cancel signals; default 2.5 s. */
  killGraceMs?: number;
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
  /** `GITHUB_PATH` entries in the order written. */
  path: string[];
  /** The masked step summary. */
  summary: string;
  /** Annotations printed by the step and raised by the runner (unexpected inputs, file-command errors). */
  annotations: Annotation[];
  /** Values the runner masks: `workflowSecrets` and every `::add-mask::` value so far in the job. */
  masks: string[];
  leaks: Leak[];
  runnerTemp: string;
  workspace: string;
  /** The folder the harness created for this job; `cleanupStep` removes it. */
  rootDir: string;
  /** Non-zero exit, killed, or a file command the runner rejects. */
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

/** Removes the folders the harness created for a step's job. */
export async function cleanupStep(result: StepResult): Promise<void> {
  await rm(result.rootDir, { recursive: true, force: true });
}

async function startJob(options: StepOptions): Promise<Job> {
  const rootDir = await mkdtemp(path.join(os.tmpdir(), 'deploy-actions-job-'));
  const runnerTemp = path.join(rootDir, 'temp');
  const workspace = options.workspace ?? path.join(rootDir, 'workspace');
  const eventPath = path.join(runnerTemp, '_github_workflow', 'event.json');
  await mkdir(path.dirname(eventPath), { recursive: true });
  await mkdir(workspace, { recursive: true });
  await writeFile(eventPath, JSON.stringify(options.event ?? {}));
  const masker = createMasker();
  for (const secret of options.workflowSecrets ?? []) masker.add(secret);
  return {
    rootDir,
    dirs: { runnerTemp, workspace, eventPath },
    masker,
    exported: {},
    prependPath: [],
  };
}

function postCondition(condition: string, main: StepResult, options: StepOptions): boolean {
  const expression = condition.replace(/^\$\{\{\s*|\s*\}\}$/g, '').trim();
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
  const base = runnerEnv(job.dirs, options.eventName ?? 'push');
  const env: Record<string, string> = {
    ...base,
    ...job.exported,
    PATH: [...job.prependPath, base.PATH ?? ''].join(path.delimiter),
    GITHUB_ACTION_PATH: action.dir,
    ...options.env,
  };
  const inputs = buildInputs(action, options.inputs ?? {}, defaultsContext(env));
  Object.assign(env, inputs.env, commandFiles);
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;

  const log = createStepLog(job.masker, options.onLog);
  if (inputs.warning !== undefined) {
    log.annotate({ level: 'warning', message: inputs.warning, properties: {} });
  }

  const started = performance.now();
  const run = await spawnStep(node, path.resolve(action.dir, script), env, job.dirs.workspace, log, options);
  const durationMs = performance.now() - started;

  const files = await readCommandFiles(commandFiles);
  for (const message of files.summaryError === undefined
    ? files.errors
    : [...files.errors, files.summaryError]) {
    log.annotate({ level: 'error', message, properties: {} });
  }
  Object.assign(job.exported, files.env);
  // The runner removes an entry added again before prepending it, so it moves to the front, never twice on PATH.
  for (const entry of files.path) {
    job.prependPath = [entry, ...job.prependPath.filter((known) => known !== entry)];
  }
  const outputs = { ...log.outputs, ...files.outputs };
  const state = { ...log.state, ...files.state };

  // Every file the step may have written: the runner never masks files, so any secret in one is a leak. The
  // file-command files are left to the parsed outputs, state, env and summary above.
  const scanned = [job.dirs.runnerTemp, job.dirs.workspace];
  if (options.proofDir !== undefined) scanned.push(path.resolve(job.dirs.workspace, options.proofDir));
  const masks = [...job.masker.values];
  const secrets = [...new Set([...masks, ...(options.secrets ?? [])])];
  const logText = log.text();
  const leaks = findLeaks(secrets, {
    log: logText,
    outputs,
    state,
    env: files.env,
    summary: files.summary,
    files: await readTree(scanned, { skip: [commandFilesDir(job.dirs.runnerTemp)] }),
  });

  return {
    ...run,
    durationMs,
    log: logText,
    outputs,
    state,
    env: files.env,
    path: files.path,
    summary: files.summary
      .split('\n')
      .map((line) => job.masker.mask(line))
      .join('\n'),
    annotations: log.annotations,
    masks,
    leaks,
    runnerTemp: job.dirs.runnerTemp,
    workspace: job.dirs.workspace,
    rootDir: job.rootDir,
    failed: run.exitCode !== 0 || files.errors.length > 0,
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
 * and feeds complete lines from both streams to the log in arrival order. On timeout or cancellation it sends
 * SIGINT, then SIGTERM, then SIGKILL, `killGraceMs` apart, as the runner does.
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
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) log.line(line.replace(/\r$/, ''));
      });
      child[stream].on('end', () => {
        if (pending !== '') log.line(pending.replace(/\r$/, ''));
      });
    }

    let timedOut = false;
    const timers: NodeJS.Timeout[] = [];
    const cancel = (): void => {
      const grace = options.killGraceMs ?? 2500;
      child.kill('SIGINT');
      timers.push(setTimeout(() => child.kill('SIGTERM'), grace));
      timers.push(setTimeout(() => child.kill('SIGKILL'), 2 * grace));
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
