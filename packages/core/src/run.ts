import * as core from '@actions/core';
import { readCommonInputs, takeCommonInputProblems } from './common-inputs.ts';
import { formatDuration } from './durations.ts';
import { DeployActionError, errorMessage, InputError, requestIdOf } from './errors.ts';
import { cleanLogText, log } from './log.ts';
import { type ProofOutcome, ProofRecorder } from './proof.ts';

/** What `runAction` hands the action's body. */
export interface ActionContext {
  /**
   * Aborted on SIGINT/SIGTERM (reason: a `DeployActionError` with code `cancelled`) and when the `timeout` input's
   * budget is spent (code `timeout`); pass it to every wait and to the Fly client.
   */
  signal: AbortSignal;
  /** When the run's time is up (epoch ms); give it to the Fly client so retries share what is left. */
  deadline: number;
  /** The run's proof record; `runAction` records the error and writes it at the end. */
  proof: ProofRecorder;
  /** Registers work that must happen however the run ends (release a lease); run in reverse order. */
  onCleanup(fn: () => Promise<void> | void): void;
}

/** Knobs of {@link runAction}; the defaults suit a real runner. */
export interface RunActionOptions {
  /**
   * How long the body and cleanups may take after a signal before the process writes its proof and exits; default
   * 5 s, inside the 7.5 s the runner waits between its SIGINT and SIGTERM on cancel. A second signal cuts it short.
   */
  graceMs?: number;
  /** The `timeout` input's default, a duration such as `10m`; default `10m`. Declare the same in action.yml. */
  defaultTimeout?: string;
}

/** The input `runAction` reads for every action: each `action.yml` declares it, optional and with no default. */
export const PROOF_DIR_INPUT = 'proof-dir';

/** The output `runAction` sets for every action: each `action.yml` declares it. */
export const PROOF_FILE_OUTPUT = 'proof-file';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Runs an action's body: the one try/catch of every action.
 *
 * - A `DeployActionError` fails the step with `<name>: <message>`, then `What to do: <hint>` and the Fly request id
 *   on their own lines; any other error the same way, plus its stack through `core.debug`.
 * - SIGINT/SIGTERM abort `ctx.signal`; the body and cleanups get `graceMs` to finish, and the run ends `cancelled`.
 * - The `timeout` input bounds the whole run: at the deadline `ctx.signal` aborts (code `timeout`); a body that then
 *   ends on its own keeps its result (it may report "could not verify"), one that does not is stopped after
 *   `graceMs`. `proof-dir` is created before the body runs; problems with either input are reported by `readInputs`.
 * - Always: cleanups run (last registered first), the error is recorded, the proof record is written to the
 *   `proof-dir` input (default `defaultProofDir()`) and its path set as the step output `proof-file`.
 * - Any outcome but success leaves `process.exitCode` at 1.
 */
export async function runAction(
  name: string,
  body: (ctx: ActionContext) => Promise<void>,
  options: RunActionOptions = {},
): Promise<void> {
  const graceMs = options.graceMs ?? 5000;
  const controller = new AbortController();
  const expiry = new AbortController();
  const signal = AbortSignal.any([controller.signal, expiry.signal]);
  const common = await readCommonInputs(options.defaultTimeout ?? '10m');
  const deadline = Date.now() + common.timeoutMs;
  const proof = new ProofRecorder(name, { dir: common.proofDir });
  recordGithubContext(proof);
  const cleanups: (() => Promise<void> | void)[] = [];
  let graceTimer: NodeJS.Timeout | undefined;
  let finishing: Promise<void> | undefined;

  const finish = (outcome: ProofOutcome): Promise<void> => {
    finishing ??= writeProof(proof, outcome);
    return finishing;
  };
  const forceExit = async (why: string): Promise<void> => {
    log.error(`${name}: ${why}; exiting now`);
    // The body never got to its catch, so the record would otherwise say cancelled without saying why.
    const cancelled = controller.signal.aborted;
    const reason: unknown = cancelled ? controller.signal.reason : expiry.signal.reason;
    if (!cancelled) reportFailure(name, reason);
    proof.fail(reason);
    await finish(cancelled ? 'cancelled' : 'failure');
    process.exit(1);
  };
  const expire = (): void => {
    log.warn(`${name}: the run reached its time limit of ${formatDuration(common.timeoutMs)}; stopping`);
    expiry.abort(
      new DeployActionError(`did not finish within ${formatDuration(common.timeoutMs)} (the timeout input)`, {
        code: 'timeout',
        hint: 'Something above did not answer in time; raise the timeout input if the work is just slow.',
      }),
    );
    graceTimer ??= setTimeout(
      () => void forceExit(`did not stop within ${formatDuration(graceMs)} of its time limit`),
      graceMs,
    );
  };
  const deadlineTimer = setTimeout(expire, common.timeoutMs);
  deadlineTimer.unref();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      void forceExit(`received ${signal} while stopping`);
      return;
    }
    log.warn(`${name}: received ${signal}; stopping`);
    controller.abort(
      new DeployActionError(`cancelled by ${signal}`, {
        code: 'cancelled',
        hint: 'The run was cancelled; check the proof record for what was done before it stopped.',
      }),
    );
    clearTimeout(graceTimer);
    graceTimer = setTimeout(
      () => void forceExit(`did not stop within ${formatDuration(graceMs)} of being cancelled`),
      graceMs,
    );
  };
  for (const s of SIGNALS) process.on(s, onSignal);

  let outcome: ProofOutcome = 'success';
  try {
    await body({ signal, deadline, proof, onCleanup: (fn) => cleanups.push(fn) });
    if (controller.signal.aborted) throw controller.signal.reason;
    // A body that never read its inputs must still not pass with a bad timeout or proof-dir.
    const unreported = takeCommonInputProblems();
    if (unreported.length > 0) throw new InputError(unreported);
  } catch (e) {
    // A timeout that surfaced as some other error (an abort) is reported as the timeout.
    const expired = expiry.signal.aborted && !(e instanceof DeployActionError);
    const error: unknown = controller.signal.aborted
      ? controller.signal.reason
      : expired
        ? expiry.signal.reason
        : e;
    outcome = controller.signal.aborted ? 'cancelled' : 'failure';
    reportFailure(name, error);
    if (error !== e) core.debug(cleanLogText(`the body ended with: ${errorMessage(e)}`));
    proof.fail(error);
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (e) {
        log.warn(`${name}: cleanup failed: ${errorMessage(e)}`);
        proof.step('cleanup', 'failed', errorMessage(e));
      }
    }
    clearTimeout(graceTimer);
    clearTimeout(deadlineTimer);
    for (const s of SIGNALS) process.off(s, onSignal);
    await finish(outcome);
    if (outcome !== 'success') process.exitCode = 1;
  }
}

function reportFailure(name: string, error: unknown): void {
  const lines = [`${name}: ${errorMessage(error)}`];
  const hint =
    error instanceof DeployActionError
      ? error.hint
      : 'This looks like a bug in the action; re-run with debug logging to see the stack trace.';
  if (hint !== undefined) lines.push(`What to do: ${hint}`);
  const requestId = requestIdOf(error);
  if (requestId !== undefined) lines.push(`Fly request id: ${requestId}`);
  core.setFailed(cleanLogText(lines.join('\n')));
  if (!(error instanceof DeployActionError) && error instanceof Error && error.stack !== undefined) {
    core.debug(cleanLogText(error.stack));
  }
}

async function writeProof(proof: ProofRecorder, outcome: ProofOutcome): Promise<void> {
  try {
    const path = await proof.finish(outcome);
    core.setOutput(PROOF_FILE_OUTPUT, path);
    log.info(`proof record: ${path}`);
  } catch (e) {
    // Losing the evidence is serious but must not turn a finished deploy into a failed one.
    log.error(`could not write the proof record: ${errorMessage(e)}`, { title: 'Proof record missing' });
  }
}

function recordGithubContext(proof: ProofRecorder): void {
  const env = process.env;
  if (env.GITHUB_RUN_ID === undefined) return;
  proof.fact('github', {
    repository: env.GITHUB_REPOSITORY,
    runId: env.GITHUB_RUN_ID,
    runAttempt: env.GITHUB_RUN_ATTEMPT,
    workflow: env.GITHUB_WORKFLOW,
    job: env.GITHUB_JOB,
    sha: env.GITHUB_SHA,
    ref: env.GITHUB_REF,
    actor: env.GITHUB_ACTOR,
    event: env.GITHUB_EVENT_NAME,
  });
}
