import { z } from 'zod';

/** What a machine was doing during a span of a rollout. */
export const SPAN_PHASES = [
  'update',
  'start',
  'checks',
  'restore',
  'release-command',
  'create',
  'destroy',
] as const;

/**
 * Why a machine is in the rollout: an app `machine` the rollout updates, a `canary` or `green` machine it creates
 * out of DNS, a `new` machine of a process group fly.toml adds, a `replacement` for a machine whose host refused
 * the update, the `release-command` machine, or a `temporary` machine an earlier run left (only a rollback meets
 * those).
 */
export const MACHINE_ROLES = [
  'machine',
  'canary',
  'green',
  'new',
  'replacement',
  'release-command',
  'temporary',
] as const;

/**
 * How a span ended: `ok`, `failed` (this machine failed it), or `stopped` (it ended because the rollout stopped:
 * another machine failed, or the run was cancelled).
 */
export const SPAN_OUTCOMES = ['ok', 'failed', 'stopped'] as const;

/** One span of one machine in a rollout, as the timeline chart draws it. */
export const rolloutSpanSchema = z.strictObject({
  machine: z.string().min(1).describe('The Fly machine id.'),
  role: z.enum(MACHINE_ROLES),
  phase: z.enum(SPAN_PHASES),
  start: z.iso.datetime().describe('When the span began (ISO 8601, UTC).'),
  end: z.iso.datetime().describe('When it ended (ISO 8601, UTC).'),
  outcome: z.enum(SPAN_OUTCOMES),
});

/** One span of a rollout. */
export type RolloutSpan = z.infer<typeof rolloutSpanSchema>;
/** One of {@link SPAN_PHASES}. */
export type SpanPhase = RolloutSpan['phase'];
/** One of {@link MACHINE_ROLES}. */
export type MachineRole = RolloutSpan['role'];
/** One of {@link SPAN_OUTCOMES}. */
export type SpanOutcome = RolloutSpan['outcome'];
