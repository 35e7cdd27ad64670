import { FlyApiError, errorMessage, type FlyMachine } from '@deploy-actions/core';
import { createTracked, RUN_KEY, waitCreated } from './create.ts';
import { configuredCheckCount } from './events.ts';
import { isRunning, planImmediate, planRolling, type Wave } from './plan.ts';
import { outcomeOf, runWave, type Rollout, type Strategy } from './rollout.ts';
import { processGroupOf, TEMPORARY_KEY } from './targets.ts';
import type { FractionOrCount } from '@deploy-actions/core';

/** Rolling: spearhead, then batches of `maxUnavailable` per process group, then the stopped machines. */
export function rolling(maxUnavailable: FractionOrCount): Strategy {
  return async (rollout, targets) => {
    for (const wave of planRolling(targets, maxUnavailable).waves) await runWave(rollout, wave);
  };
}

/** Immediate: every machine at once, then the same waits. */
export const immediate: Strategy = async (rollout, targets) => {
  for (const wave of planImmediate(targets).waves) await runWave(rollout, wave);
};

/**
 * Creates a temporary machine on the new release, out of DNS, recorded in the rollback plan (see
 * {@link createTracked}) so a rollback destroys it.
 */
async function createTemporary(
  rollout: Rollout,
  like: FlyMachine,
  kind: 'canary' | 'green',
): Promise<FlyMachine> {
  const config = rollout.desired(like);
  config.metadata = { ...config.metadata, [TEMPORARY_KEY]: kind };
  return createTracked(rollout, {
    config,
    ...(like.region === undefined ? {} : { region: like.region }),
    skipServiceRegistration: true,
    role: kind,
  });
}

async function destroyTemporary(rollout: Rollout, id: string): Promise<void> {
  const { ctx } = rollout;
  rollout.watch.unwatch(id);
  try {
    await rollout.timeline.during(id, 'destroy', () =>
      ctx.client.destroyMachine(ctx.app, id, { force: true }),
    );
    rollout.plan.created = rollout.plan.created.filter((c) => c !== id);
    await rollout.savePlan();
    ctx.log.info(`destroyed temporary machine ${id}`);
  } catch (e) {
    if (e instanceof FlyApiError && e.status === 404) return;
    ctx.log.warn(`could not destroy temporary machine ${id} (rollback-on-failure will): ${errorMessage(e)}`);
  }
}

/**
 * Canary: one extra machine per process group on the new release, out of DNS; it must start, pass its checks and
 * settle, and is destroyed whatever the outcome (flyctl leaves a failed canary behind); then rolling.
 */
export function canary(maxUnavailable: FractionOrCount): Strategy {
  return async (rollout, targets) => {
    const groups = new Map<string, FlyMachine>();
    for (const m of targets.filter(isRunning))
      if (!groups.has(processGroupOf(m))) groups.set(processGroupOf(m), m);
    for (const [group, like] of groups) {
      rollout.timeline.note(`canary for ${group}`);
      const created = await createTemporary(rollout, like, 'canary');
      try {
        await waitCreated(rollout, created, `canary ${group}`);
      } finally {
        await destroyTemporary(rollout, created.id);
      }
    }
    await rolling(maxUnavailable)(rollout, targets);
  };
}

/** Whether every target would have checks to judge green machines by; bluegreen requires them. */
export function bluegreenProblem(
  rollout: Pick<Rollout, 'desired'>,
  targets: readonly FlyMachine[],
): string | undefined {
  const without = targets.filter((m) => configuredCheckCount(rollout.desired(m)) === 0);
  return without.length === 0
    ? undefined
    : `bluegreen needs health checks to judge the green machines, and ${without.map((m) => m.id).join(', ')} ${without.length === 1 ? 'has' : 'have'} none`;
}

/**
 * Blue-green: a green machine per started blue one, out of service registration; all must pass and settle, then
 * they are routed in (uncordoned, no longer temporary), and the blue ones cordoned, stopped and destroyed. Stopped
 * machines are updated in place without being started. Before the switch a failure destroys the green machines and
 * leaves blue untouched.
 */
export const bluegreen: Strategy = async (rollout, targets) => {
  const { ctx } = rollout;
  const blue = targets.filter(isRunning);
  const greens: FlyMachine[] = [];
  let switched = false;
  try {
    rollout.timeline.note('green machines created');
    for (const m of blue) greens.push(await createTemporary(rollout, m, 'green'));
    await Promise.all(greens.map((g) => waitCreated(rollout, g, 'green')));
    const failure = rollout.watch.failed;
    if (failure !== undefined) throw failure;
    rollout.timeline.note('green machines routed in');
    for (const g of greens) {
      await ctx.client.uncordonMachine(ctx.app, g.id);
      await ctx.client.deleteMetadata(ctx.app, g.id, TEMPORARY_KEY);
      await ctx.client.deleteMetadata(ctx.app, g.id, RUN_KEY);
    }
    switched = true;
    rollout.plan.created = rollout.plan.created.filter((id) => !greens.some((g) => g.id === id));
    await rollout.savePlan();
    rollout.timeline.note('blue machines cordoned, stopped and destroyed');
    for (const m of blue) {
      rollout.changed.add(m.id);
      const nonce = rollout.leases.nonce(m.id);
      const lease = nonce === undefined ? {} : { leaseNonce: nonce };
      await rollout.timeline.during(m.id, 'destroy', async () => {
        await ctx.client.cordonMachine(ctx.app, m.id, lease);
        await ctx.client.stopMachine(ctx.app, m.id, lease);
        await ctx.client.destroyMachine(ctx.app, m.id, { ...lease, force: true });
      });
      const row = outcomeOf(rollout, m);
      row.result = 'replaced';
    }
  } finally {
    if (!switched) for (const g of greens) await destroyTemporary(rollout, g.id);
  }
  const stopped: Wave = { label: 'stopped', machines: targets.filter((m) => !isRunning(m)), launch: false };
  if (stopped.machines.length > 0) await runWave(rollout, stopped);
};
