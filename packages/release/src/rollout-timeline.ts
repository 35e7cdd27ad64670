import {
  DeployActionError,
  type MachineRole,
  type RolloutSpan,
  type SpanOutcome,
  type SpanPhase,
} from '@deploy-actions/core';
import type { Clock } from './context.ts';
import { DeployFailure } from './failure.ts';

/** One line of a rollout's timeline, in words. */
export interface TimelineEntry {
  at: string;
  what: string;
}

/** A span begun with {@link RolloutTimeline.open}, to end with {@link RolloutTimeline.close}. */
export interface OpenSpan {
  readonly machine: string;
  readonly phase: SpanPhase;
}

interface Running extends OpenSpan {
  role: MachineRole;
  start: number;
}

/**
 * How a span that threw ended: `failed` when the error is about its own machine (or about no machine in
 * particular), `stopped` when another machine's failure or the run's cancellation ended it.
 */
export function spanOutcomeOf(error: unknown, machine: string): SpanOutcome {
  if (error instanceof DeployActionError && (error.code === 'cancelled' || error.code === 'timeout'))
    return 'stopped';
  if (
    error instanceof DeployFailure &&
    error.diagnosis !== undefined &&
    error.diagnosis.machineId !== machine
  )
    return 'stopped';
  return 'failed';
}

/**
 * What a rollout did, in two forms: lines in words (the summary's timeline table, the proof's steps) and, per
 * machine, spans with a phase, start, end and outcome (the timeline chart). Shared by deploy and rollback. Times
 * come from the injected clock. A machine keeps the role of its first span, so a canary destroyed by a later
 * cleanup is still drawn as the canary.
 */
export class RolloutTimeline {
  readonly #clock: Clock;
  readonly #lines: TimelineEntry[] = [];
  readonly #spans: RolloutSpan[] = [];
  readonly #open = new Set<Running>();
  readonly #roles = new Map<string, MachineRole>();

  /** A timeline read from `clock`. */
  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** The lines so far, oldest first. */
  get lines(): TimelineEntry[] {
    return [...this.#lines];
  }

  /** The closed spans so far, in the order they ended. */
  get spans(): RolloutSpan[] {
    return [...this.#spans];
  }

  /** Adds a line in words. */
  note(what: string): void {
    this.#lines.push({ at: this.#iso(this.#clock.now()), what });
  }

  /** Begins a span of a machine; `role` counts only for a machine not seen before. */
  open(machine: string, phase: SpanPhase, role: MachineRole = 'machine'): OpenSpan {
    const span: Running = { machine, phase, role: this.#roleOf(machine, role), start: this.#clock.now() };
    this.#open.add(span);
    return span;
  }

  /** Ends a span; ending one already ended (by {@link closeOpen}) does nothing. */
  close(span: OpenSpan, outcome: SpanOutcome): void {
    const running = [...this.#open].find((r) => r === span);
    if (running === undefined) return;
    this.#open.delete(running);
    this.#spans.push({
      machine: running.machine,
      role: running.role,
      phase: running.phase,
      start: this.#iso(running.start),
      end: this.#iso(this.#clock.now()),
      outcome,
    });
  }

  /** Runs `work` as a span: `ok` when it returns, {@link spanOutcomeOf} its error when it throws (rethrown). */
  async during<T>(
    machine: string,
    phase: SpanPhase,
    work: () => Promise<T>,
    role: MachineRole = 'machine',
  ): Promise<T> {
    const span = this.open(machine, phase, role);
    try {
      const result = await work();
      this.close(span, 'ok');
      return result;
    } catch (e) {
      this.close(span, spanOutcomeOf(e, machine));
      throw e;
    }
  }

  /** Records a span that already happened (a machine whose id was only known once it existed). */
  record(machine: string, phase: SpanPhase, role: MachineRole, start: number, outcome: SpanOutcome): void {
    const span: Running = { machine, phase, role: this.#roleOf(machine, role), start };
    this.#open.add(span);
    this.close(span, outcome);
  }

  /** Ends every span still open with `outcome`: a rollout that stops leaves nothing running on the chart. */
  closeOpen(outcome: SpanOutcome): void {
    for (const span of [...this.#open]) this.close(span, outcome);
  }

  #roleOf(machine: string, role: MachineRole): MachineRole {
    const known = this.#roles.get(machine);
    if (known !== undefined) return known;
    this.#roles.set(machine, role);
    return role;
  }

  #iso(ms: number): string {
    return new Date(ms).toISOString();
  }
}
