import type { FlyMachine, FractionOrCount } from '@deploy-actions/core';
import { processGroupOf } from './targets.ts';

/** Machines updated together, then waited for together. */
export interface Wave {
  /** `spearhead`, `app 1/2`, `all`, `stopped`. */
  label: string;
  machines: FlyMachine[];
  /** False for machines that were stopped: they are updated without being started (autostop apps). */
  launch: boolean;
}

/** The order in which a rollout updates the target machines. */
export interface RolloutPlan {
  waves: Wave[];
}

/** A started machine is one Fly would run after the update; every other one stays stopped. */
export function isRunning(machine: FlyMachine): boolean {
  return ['started', 'starting', 'replacing'].includes(machine.state);
}

/**
 * How many machines of a group of `size` may be down at once: a count as given, a fraction of the group rounded
 * up (flyctl rounds `max_unavailable` fractions up too), never less than one.
 */
export function batchSize(size: number, maxUnavailable: FractionOrCount): number {
  const n = maxUnavailable.kind === 'count' ? maxUnavailable.value : Math.ceil(size * maxUnavailable.value);
  return Math.max(1, Math.min(size, n));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function stoppedWave(stopped: FlyMachine[]): Wave[] {
  return stopped.length === 0 ? [] : [{ label: 'stopped', machines: stopped, launch: false }];
}

/**
 * The rolling plan: one started machine alone first (the spearhead: a bad release fails on one machine), then the
 * rest of each process group in batches of `maxUnavailable` of that group, then the stopped machines, updated
 * without being started as flyctl does. Groups go one after another, so an app never has two groups down at once.
 */
export function planRolling(targets: readonly FlyMachine[], maxUnavailable: FractionOrCount): RolloutPlan {
  const running = targets.filter(isRunning);
  const stopped = targets.filter((m) => !isRunning(m));
  const spearhead = running[0];
  const waves: Wave[] =
    spearhead === undefined ? [] : [{ label: 'spearhead', machines: [spearhead], launch: true }];
  const groups = new Map<string, FlyMachine[]>();
  for (const m of running) {
    const group = processGroupOf(m);
    if (!groups.has(group)) groups.set(group, []);
    if (m !== spearhead) groups.get(group)?.push(m);
  }
  for (const [group, machines] of groups) {
    if (machines.length === 0) continue;
    // The batch size counts the spearhead's group in full: it is a share of the group, not of what is left.
    const size = batchSize(
      machines.length + (spearhead !== undefined && processGroupOf(spearhead) === group ? 1 : 0),
      maxUnavailable,
    );
    const batches = chunk(machines, size);
    batches.forEach((batch, i) =>
      waves.push({ label: `${group} ${i + 1}/${batches.length}`, machines: batch, launch: true }),
    );
  }
  return { waves: [...waves, ...stoppedWave(stopped)] };
}

/** The immediate plan: every started machine at once, and the stopped ones without starting them. */
export function planImmediate(targets: readonly FlyMachine[]): RolloutPlan {
  const running = targets.filter(isRunning);
  const waves: Wave[] = running.length === 0 ? [] : [{ label: 'all', machines: running, launch: true }];
  return { waves: [...waves, ...stoppedWave(targets.filter((m) => !isRunning(m)))] };
}
