import { formatDuration } from '@deploy-actions/core';
import { systemClock, type Clock } from './clock.ts';
import {
  assessTarget,
  judgeAnswer,
  type HealthPolicy,
  type Measurement,
  type TargetAssessment,
  type VersionCheck,
} from './evaluate.ts';
import { percentile } from './latency.ts';
import type { Prober } from './probe.ts';
import type { HealthTarget } from './targets.ts';

/** A target as the gate probes it: a {@link HealthTarget}, or one of its copies aimed at a single Fly machine. */
export interface ProbeTarget extends HealthTarget {
  /** The Fly machine every probe is forced to (`fly-force-instance-id`), when probing per machine. */
  machineId?: string;
  /** The name of the target this copy was made from. */
  source?: string;
}

/** Where the gate writes its progress: the action's log, or nothing in tests. */
export interface GateLogger {
  info(message: string): void;
}

/** What {@link runHealthGate} needs. */
export interface GateOptions {
  targets: readonly ProbeTarget[];
  policy: HealthPolicy;
  /** When set, every successful answer must show this release. */
  version?: VersionCheck;
  probe: Prober;
  clock?: Clock;
  logger?: GateLogger;
  /** Ends the gate early (the step was cancelled); undecided targets stay undecided. */
  signal?: AbortSignal;
  /** Least time between two "still waiting" lines; default 10 s. */
  progressEveryMs?: number;
}

/** The gate's result for one target: the status-matrix row, and every measurement behind it. */
export interface TargetReport {
  name: string;
  url: string;
  machineId?: string;
  verdict: TargetAssessment['verdict'];
  reason: string;
  attempts: number;
  /** Latency percentiles over the answers that arrived (any HTTP code). */
  p50Ms?: number;
  p95Ms?: number;
  /** The last HTTP code seen (`000` for no answer). */
  lastCode?: string;
  /** The last version an answer showed. */
  versionSeen?: string;
  /** The last error or failure reason, when the last measurement was not a success. */
  lastProblem?: string;
  /** Milliseconds from the gate's start to the verdict. */
  decidedAtMs?: number;
  tally: TargetAssessment['tally'];
  measurements: Measurement[];
}

/** The overall result: `pass` when every target passed, `fail` when one failed, else `inconclusive`. */
export type GateVerdict = 'pass' | 'fail' | 'inconclusive';

/** What the gate found. */
export interface GateResult {
  result: GateVerdict;
  /** Why the gate ended: every target decided, the budget ran out, or the signal stopped it. */
  ended: 'decided' | 'budget' | 'cancelled';
  startedAt: string;
  durationMs: number;
  targets: TargetReport[];
}

/** The overall verdict of target verdicts: any `fail` fails, all `pass` pass, anything else is `inconclusive`. */
export function overallVerdict(verdicts: readonly TargetAssessment['verdict'][]): GateVerdict {
  if (verdicts.includes('fail')) return 'fail';
  return verdicts.length > 0 && verdicts.every((v) => v === 'pass') ? 'pass' : 'inconclusive';
}

/**
 * Copies every target that allows it once per machine, each copy forced to its machine with Fly's
 * `fly-force-instance-id` header and named `<target> @ <machine id>`, so that every machine, not whichever the proxy
 * picks, must answer. Targets with `perMachine: false` are kept as they are.
 */
export function expandPerMachine(
  targets: readonly HealthTarget[],
  machineIds: readonly string[],
): ProbeTarget[] {
  return targets.flatMap((t): ProbeTarget[] =>
    t.perMachine
      ? machineIds.map((id) => ({
          ...t,
          name: `${t.name} @ ${id}`,
          machineId: id,
          source: t.name,
          headers: new Map([...t.headers, ['fly-force-instance-id', id]]),
        }))
      : [t],
  );
}

/** By name, not `instanceof`: a DOMException may come from another realm (a test VM) than our `Error`. */
function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/**
 * Probes every target concurrently, each on its own timer (its `intervalMs`, else the policy's) from `warmupMs` on, judges each answer
 * ({@link judgeAnswer}) and assesses the target after each measurement ({@link assessTarget}). A target is no longer
 * probed once decided; the gate ends when every target is decided, when the budget `timeoutMs` runs out (undecided
 * targets stay `undecided`), or when `signal` aborts. A probe's deadline is its target's `timeoutMs`, cut to what is
 * left of the budget; a probe cut by the budget is recorded but not counted.
 */
export async function runHealthGate(options: GateOptions): Promise<GateResult> {
  const clock = options.clock ?? systemClock;
  const { policy } = options;
  const start = clock.now();
  const deadline = start + policy.timeoutMs;
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort);
  const states = options.targets.map((target) => ({
    target,
    measurements: [] as Measurement[],
    assessment: assessTarget([], policy),
    decidedAtMs: undefined as number | undefined,
  }));
  type State = (typeof states)[number];

  const probeOnce = async (state: State): Promise<void> => {
    const { target } = state;
    const probeStart = clock.now();
    const left = deadline - probeStart;
    const timeoutMs = Math.min(target.timeoutMs, left);
    const answer = await options.probe(target, { timeoutMs, signal: stop.signal });
    const judged = judgeAnswer(target, answer, options.version);
    const cut = answer.error?.kind === 'timeout' && timeoutMs < target.timeoutMs;
    const stopped = stop.signal.aborted && answer.error !== undefined;
    const machine = answer.headers.get('fly-machine');
    const measurement: Measurement = {
      attempt: state.measurements.length + 1,
      at: new Date(probeStart).toISOString(),
      offsetMs: probeStart - start,
      code: answer.status === undefined ? '000' : String(answer.status).padStart(3, '0'),
      latencyMs: answer.latencyMs,
      outcome: judged.outcome,
      ...(judged.version === undefined ? {} : { version: judged.version }),
      ...(machine === undefined ? {} : { machine }),
      ...(answer.error === undefined ? {} : { error: answer.error.kind }),
      reason:
        cut || stopped ? `${judged.reason} (cut short by the end of the gate; not counted)` : judged.reason,
      counted: !(cut || stopped),
    };
    state.measurements.push(measurement);
    state.assessment = assessTarget(state.measurements, policy);
    const streak = state.assessment.tally.consecutiveSuccesses;
    options.logger?.info(
      `${target.name} #${measurement.attempt}: ${measurement.code} in ${measurement.latencyMs}ms, ${measurement.outcome}: ${measurement.reason}` +
        (measurement.outcome === 'success' ? ` (${streak}/${policy.consecutiveSuccesses})` : ''),
    );
    if (state.assessment.verdict !== 'undecided') {
      state.decidedAtMs = clock.now() - start;
      options.logger?.info(
        `${target.name}: ${state.assessment.verdict.toUpperCase()} (${state.assessment.reason})`,
      );
    }
  };

  const runTarget = async (state: State): Promise<void> => {
    let next = start + policy.warmupMs;
    while (!stop.signal.aborted && state.assessment.verdict === 'undecided' && next < deadline) {
      const wait = next - clock.now();
      if (wait > 0) {
        try {
          await clock.sleep(wait, stop.signal);
        } catch (error) {
          if (isAbort(error)) return;
          throw error;
        }
      }
      const probeStart = clock.now();
      if (probeStart >= deadline) return;
      await probeOnce(state);
      next = Math.max(probeStart + (state.target.intervalMs ?? policy.intervalMs), clock.now());
    }
  };

  const progress = async (): Promise<void> => {
    const every = options.progressEveryMs ?? 10_000;
    for (;;) {
      try {
        await clock.sleep(every, stop.signal);
      } catch (error) {
        if (isAbort(error)) return;
        throw error;
      }
      const open = states.filter((s) => s.assessment.verdict === 'undecided');
      const detail = open
        .map(
          (s) => `${s.target.name} ${s.assessment.tally.consecutiveSuccesses}/${policy.consecutiveSuccesses}`,
        )
        .join(', ');
      options.logger?.info(
        `still waiting (${formatDuration(clock.now() - start)} of ${formatDuration(policy.timeoutMs)}): ` +
          `${states.length - open.length} of ${states.length} targets decided; undecided: ${detail}`,
      );
    }
  };

  const ticker = progress();
  try {
    await Promise.all(states.map(runTarget));
  } finally {
    stop.abort();
    options.signal?.removeEventListener('abort', onAbort);
    await ticker;
  }
  const end = clock.now();
  const targets = states.map((s) => report(s.target, s.measurements, s.assessment, s.decidedAtMs));
  const verdicts = targets.map((t) => t.verdict);
  return {
    result: overallVerdict(verdicts),
    ended:
      options.signal?.aborted === true ? 'cancelled' : verdicts.includes('undecided') ? 'budget' : 'decided',
    startedAt: new Date(start).toISOString(),
    durationMs: end - start,
    targets,
  };
}

function report(
  target: ProbeTarget,
  measurements: Measurement[],
  assessment: TargetAssessment,
  decidedAtMs: number | undefined,
): TargetReport {
  const answered = measurements.filter((m) => m.code !== '000').map((m) => m.latencyMs);
  const last = measurements.at(-1);
  const versionSeen = measurements.findLast((m) => m.version !== undefined)?.version;
  const p50 = percentile(answered, 50);
  const p95 = percentile(answered, 95);
  return {
    name: target.name,
    url: target.url,
    ...(target.machineId === undefined ? {} : { machineId: target.machineId }),
    verdict: assessment.verdict,
    reason: assessment.reason,
    attempts: measurements.length,
    ...(p50 === undefined ? {} : { p50Ms: p50 }),
    ...(p95 === undefined ? {} : { p95Ms: p95 }),
    ...(last === undefined ? {} : { lastCode: last.code }),
    ...(versionSeen === undefined ? {} : { versionSeen }),
    ...(last === undefined || last.outcome === 'success' ? {} : { lastProblem: last.reason }),
    ...(decidedAtMs === undefined ? {} : { decidedAtMs }),
    tally: assessment.tally,
    measurements,
  };
}
