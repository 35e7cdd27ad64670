import { FlyApiError, errorMessage, formatDuration, type FlyMachine } from '@deploy-actions/core';
import type { EngineContext } from './context.ts';
import { configuredCheckCount, crashesSince, launchFailureSince, type EventMark } from './events.ts';
import { DeployFailure, type FailureKind, type MachineDiagnosis } from './failure.ts';
import type { LogReader } from './logs.ts';
import { processGroupOf } from './targets.ts';

/** A machine the watch follows from a change on. */
export interface WatchedMachine {
  machineId: string;
  /** The version the change produced; older versions never count as healthy. */
  version: string;
  /** Events at or before this mark belong to the old instance. */
  mark: EventMark;
  /** Runner time of the change, to pick the log lines that belong to it. */
  changedAt: number;
  /** False for a machine updated without being started: only its launch is judged. */
  expectStarted: boolean;
}

/** Options of a {@link MachineWatch}. */
export interface MachineWatchOptions {
  /** Time between two reads of each machine (default 1 s: a crash loop is caught within about 2 s). */
  pollMs?: number;
  /** Reads a failed machine's logs for the failure message. */
  logs?: LogReader;
}

/** What {@link MachineWatch.waitHealthy} waits for. */
export interface HealthWait {
  /** How long the machine must stay started with every check passing. */
  settleMs: number;
  /** Overall budget of this wait (the per-machine `wait-timeout`). */
  timeoutMs: number;
}

interface Watched extends WatchedMachine {
  latest?: FlyMachine;
}

/**
 * Follows changed machines until the deploy ends and fails the deploy as soon as one of them fails:
 *
 * - a crash loop: the second non-requested exit since the change, at any time, not only within a window (flyctl
 *   watches 10 s and then passes: an app that crashes at 12 s "deploys");
 * - a crash that Fly will not restart (the machine stays stopped);
 * - a launch that failed (the image cannot be pulled or run).
 *
 * Each machine is read with `GET /machines/{id}` (its state, version, events and checks in one call) once per
 * `pollMs`; Fly allows 5 such reads per second per machine. Health-gate and rollback-on-failure reuse it.
 */
export class MachineWatch {
  readonly #ctx: EngineContext;
  readonly #pollMs: number;
  readonly #logs: LogReader | undefined;
  readonly #watched = new Map<string, Watched>();
  readonly #stop = new AbortController();
  #failure: DeployFailure | undefined;
  #rejectFailure: ((e: DeployFailure) => void) | undefined;
  #tickWaiters: (() => void)[] = [];
  #loop: Promise<void> | undefined;
  /** Rejects with the first machine failure; never resolves. Race every wait of the deploy against it. */
  readonly failure: Promise<never>;

  /** A watch over the context's app; polling starts with the first {@link watch}. */
  constructor(ctx: EngineContext, options: MachineWatchOptions = {}) {
    this.#ctx = ctx;
    this.#pollMs = options.pollMs ?? 1000;
    this.#logs = options.logs;
    this.failure = new Promise<never>((_, reject) => {
      this.#rejectFailure = reject;
    });
    // Nobody may be racing against it when it fires (between waves): that is not an unhandled rejection.
    this.failure.catch(() => undefined);
  }

  /** The failure that ended the watch, if one did. */
  get failed(): DeployFailure | undefined {
    return this.#failure;
  }

  /** Starts following a machine (again, with a new version, if it was already followed). */
  watch(machine: WatchedMachine): void {
    this.#watched.set(machine.machineId, { ...machine });
    this.#loop ??= this.#run();
  }

  /** Stops following a machine (one the deploy destroys on purpose). */
  unwatch(machineId: string): void {
    this.#watched.delete(machineId);
  }

  /** The latest read of a followed machine. */
  latest(machineId: string): FlyMachine | undefined {
    return this.#watched.get(machineId)?.latest;
  }

  /**
   * Waits until the machine runs its new version with every configured check reported and passing, and stays so
   * for `settleMs`. Ends at once when any watched machine fails; a machine that stops ends it too.
   *
   * @throws DeployFailure `launch` (never started on its version), `checks-timeout` (started, checks not passing
   *   in time), `crash-loop`, or the run's cancellation.
   */
  async waitHealthy(machineId: string, wait: HealthWait): Promise<void> {
    const { clock, signal } = this.#ctx;
    const started = clock.now();
    let healthySince: number | undefined;
    let everStarted = false;
    let lastProgress = started;
    for (;;) {
      signal.throwIfAborted();
      if (this.#failure !== undefined) throw this.#failure;
      if (this.#stop.signal.aborted) throw new Error(`the watch was closed while waiting for ${machineId}`);
      const watched = this.#watched.get(machineId);
      const m = watched?.latest;
      if (watched !== undefined && m !== undefined && m.version === watched.version) {
        if (m.state === 'started') everStarted = true;
        if (isHealthy(m)) healthySince ??= clock.now();
        else healthySince = undefined;
        if (healthySince !== undefined && clock.now() - healthySince >= wait.settleMs) return;
      }
      if (clock.now() - lastProgress >= PROGRESS_MS) {
        lastProgress = clock.now();
        this.#ctx.log.info(
          `still waiting for ${machineId} (${formatDuration(clock.now() - started)} of ${formatDuration(wait.timeoutMs)}): ${progressOf(m)}`,
        );
      }
      if (clock.now() - started >= wait.timeoutMs) {
        const failure = await this.#timeoutFailure(machineId, everStarted, wait.timeoutMs);
        this.#fail(failure);
        throw failure;
      }
      await this.#nextTick();
    }
  }

  /** Stops polling; pending waits end with the run's signal or their timeout. Safe to call more than once. */
  async close(): Promise<void> {
    this.#stop.abort();
    this.#wakeWaiters();
    await this.#loop;
  }

  #nextTick(): Promise<void> {
    return new Promise((resolve) => this.#tickWaiters.push(resolve));
  }

  #wakeWaiters(): void {
    const waiters = this.#tickWaiters;
    this.#tickWaiters = [];
    for (const wake of waiters) wake();
  }

  async #run(): Promise<void> {
    const { clock } = this.#ctx;
    const signal = AbortSignal.any([this.#stop.signal, this.#ctx.signal]);
    while (!signal.aborted && this.#failure === undefined) {
      await Promise.all([...this.#watched.values()].map((w) => this.#read(w)));
      this.#wakeWaiters();
      try {
        await clock.sleep(this.#pollMs, signal);
      } catch {
        break;
      }
    }
    this.#wakeWaiters();
  }

  async #read(watched: Watched): Promise<void> {
    const { client, app } = this.#ctx;
    let machine: FlyMachine;
    try {
      machine = await client.getMachine(app, watched.machineId);
    } catch (e) {
      if (e instanceof FlyApiError && e.status === 404 && this.#watched.has(watched.machineId)) {
        this.#fail(
          new DeployFailure(
            'launch',
            `machine ${watched.machineId} was destroyed while the deploy watched it`,
            {
              hint: 'something else destroyed it (another deploy, a person, or auto_destroy after an exit); check `fly machines list`',
            },
          ),
        );
        return;
      }
      // One failed read is not a verdict: the next round reads again, and the wait's own timeout bounds it.
      this.#ctx.log.debug(`could not read machine ${watched.machineId}: ${errorMessage(e)}`);
      return;
    }
    watched.latest = machine;
    if (this.#failure !== undefined || !this.#watched.has(watched.machineId)) return;
    const verdict = judge(watched, machine);
    if (verdict !== undefined) this.#fail(await this.#withDiagnosis(watched, machine, verdict));
  }

  #fail(failure: DeployFailure): void {
    if (this.#failure !== undefined) return;
    this.#failure = failure;
    this.#rejectFailure?.(failure);
    this.#wakeWaiters();
  }

  async #timeoutFailure(machineId: string, everStarted: boolean, timeoutMs: number): Promise<DeployFailure> {
    const watched = this.#watched.get(machineId);
    const m = watched?.latest;
    const checks = (m?.checks ?? []).map((c) => `${c.name}: ${c.status}`).join(', ') || 'none reported';
    const verdict: Verdict = everStarted
      ? {
          kind: 'checks-timeout',
          message: `checks of machine ${describe(m, machineId)} did not all pass within ${formatDuration(timeoutMs)} (${checks})`,
          hint: 'the new release starts but is not healthy; read the log lines above, fix the app or its checks, or raise wait-timeout if it only needs longer',
        }
      : {
          kind: 'launch',
          message: `machine ${describe(m, machineId)} did not start on the new version within ${formatDuration(timeoutMs)} (state ${m?.state ?? 'unknown'})`,
          hint: 'the image may not start (read the log lines above), or Fly may be short of capacity in this region; raise wait-timeout if it is only slow',
        };
    return watched === undefined || m === undefined
      ? new DeployFailure(verdict.kind, verdict.message, { hint: verdict.hint })
      : this.#withDiagnosis(watched, m, verdict);
  }

  async #withDiagnosis(watched: Watched, machine: FlyMachine, verdict: Verdict): Promise<DeployFailure> {
    const crashes = crashesSince(machine.events ?? [], watched.mark);
    const diagnosis: MachineDiagnosis = {
      machineId: machine.id,
      exitCodes: crashes.flatMap((c) => (c.exitCode === undefined ? [] : [c.exitCode])),
      restartCount: Math.max(0, ...crashes.map((c) => c.restartCount)),
    };
    let logText = '';
    if (this.#logs !== undefined) {
      const logs = await this.#logs(machine.id, watched.changedAt);
      if ('lines' in logs) {
        diagnosis.logLines = logs.lines;
        logText =
          logs.lines.length === 0
            ? '\nno log lines since the update'
            : `\nlog lines since the update:\n${logs.lines.map((l) => `  ${l}`).join('\n')}`;
      } else {
        diagnosis.logsUnavailable = logs.unavailable;
        logText = `\nlogs: ${logs.unavailable}`;
      }
    }
    return new DeployFailure(verdict.kind, `${verdict.message}${logText}`, { hint: verdict.hint, diagnosis });
  }
}

/** Time between two "still waiting" lines of one wait. */
const PROGRESS_MS = 10_000;

function progressOf(m: FlyMachine | undefined): string {
  if (m === undefined) return 'not read yet';
  const checks = (m.checks ?? []).map((c) => `${c.name} ${c.status}`).join(', ');
  return `${m.state}${checks === '' ? '' : `, checks: ${checks}`}`;
}

interface Verdict {
  kind: FailureKind;
  message: string;
  hint: string;
}

function describe(m: FlyMachine | undefined, id: string): string {
  return m === undefined ? id : `${m.id} (${m.region ?? '?'}, ${processGroupOf(m)})`;
}

/** Started on its version with every configured check reported and passing. */
function isHealthy(m: FlyMachine): boolean {
  if (m.state !== 'started') return false;
  const checks = m.checks ?? [];
  return checks.length >= configuredCheckCount(m.config) && checks.every((c) => c.status === 'passing');
}

function exitText(codes: (number | undefined)[]): string {
  const shown = codes.slice(0, 10).map((c) => (c === undefined ? '?' : String(c)));
  return codes.length > 10 ? `${shown.join(', ')}, …` : shown.join(', ');
}

/** Whether a machine has failed since its change; undefined while it has not. */
function judge(watched: Watched, m: FlyMachine): Verdict | undefined {
  const events = m.events ?? [];
  const launch = launchFailureSince(events, watched.mark);
  if (launch !== undefined) {
    return {
      kind: 'launch',
      message: `machine ${describe(m, watched.machineId)} could not launch the new release: ${launch}`,
      hint: 'check that the image exists and was pushed to registry.fly.io (`fly releases --image`), and that the token may pull it',
    };
  }
  const crashes = crashesSince(events, watched.mark);
  // A machine that exited before it failed crashed: that is the story, not the final state.
  if (m.state === 'failed' && m.version === watched.version && crashes.length === 0) {
    return {
      kind: 'launch',
      message: `machine ${describe(m, watched.machineId)} ended failed on the new version`,
      hint: 'read the log lines above and `fly machine status` for why the machine failed',
    };
  }
  if (!watched.expectStarted) return undefined;
  const codes = exitText(crashes.map((c) => c.exitCode));
  const restarts = Math.max(0, ...crashes.map((c) => c.restartCount));
  if (crashes.length >= 2) {
    return {
      kind: 'crash-loop',
      message: `machine ${describe(m, watched.machineId)} is crash-looping: it exited ${crashes.length} times since the update (exit codes ${codes}; restart count ${restarts})`,
      hint: 'the new release crashes; read its log lines above, fix it and deploy again',
    };
  }
  const last = crashes.at(-1);
  if (last !== undefined && !last.restarting && m.state !== 'started' && m.state !== 'starting') {
    return {
      kind: 'crash-loop',
      message: `machine ${describe(m, watched.machineId)} exited with code ${exitText([last.exitCode])} and Fly did not restart it`,
      hint: 'the new release exits on its own; read its log lines above, fix it and deploy again',
    };
  }
  return undefined;
}
