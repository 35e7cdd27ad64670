import { FlyApiError, errorMessage, type FlyMachine } from '@deploy-actions/core';
import type { EngineContext } from './context.ts';
import type { LeaseSet } from './leases.ts';
import { recordedConfig, type RollbackPlan, type RollbackPlanMachine } from './rollback-plan.ts';
import { updateMachine, waitForVersion } from './update.ts';
import { MachineWatch } from './watch.ts';
import type { LogReader } from './logs.ts';
import { RolloutTimeline } from './rollout-timeline.ts';

/** What became of one machine in a restore. */
export interface RestoredMachine {
  machineId: string;
  /** `restored`, `unchanged` (already on its recorded config), `destroyed` (a temporary machine) or `failed`. */
  result: 'restored' | 'unchanged' | 'destroyed' | 'failed';
  detail?: string;
}

/** Options of {@link restore}. */
export interface RestoreOptions {
  leases: LeaseSet;
  /** Only these machines are restored (those the deploy changed); default: every machine whose config differs. */
  only?: ReadonlySet<string>;
  waitTimeoutMs: number;
  settleMs: number;
  logs?: LogReader;
  pollMs?: number;
  /** One machine after the other, each healthy before the next (rollback-on-failure's `rolling`); default all at once. */
  oneAtATime?: boolean;
  /** Where each machine's revert and each temporary machine's destruction is recorded as a span. */
  timeline?: RolloutTimeline;
}

function sameConfig(machine: FlyMachine, entry: RollbackPlanMachine): boolean {
  return JSON.stringify(machine.config ?? {}) === JSON.stringify(entry.config);
}

/**
 * Puts machines back as a rollback plan recorded them: destroys the temporary machines the deploy created, then
 * sends each changed machine its recorded full config (kept stopped if it was stopped) and waits until the old
 * release runs and is healthy, all machines at once (a rollback is a recovery: speed matters more than batches)
 * unless `oneAtATime` asks to keep the others serving meanwhile. One machine failing to come back does not stop
 * the others; every outcome is reported.
 */
export async function restore(
  ctx: EngineContext,
  plan: RollbackPlan,
  options: RestoreOptions,
): Promise<RestoredMachine[]> {
  const timeline = options.timeline ?? new RolloutTimeline(ctx.clock);
  const results: RestoredMachine[] = [];
  for (const id of plan.created) {
    results.push(
      await recorded(timeline, id, 'destroy', 'temporary', () => destroyTemporary(ctx, id, options.leases)),
    );
  }
  const entries = plan.machines.filter((m) => options.only === undefined || options.only.has(m.id));
  const restoreEntry = (entry: RollbackPlanMachine): Promise<RestoredMachine> =>
    recorded(timeline, entry.id, 'restore', 'machine', () => restoreOne(ctx, entry, options));
  if (options.oneAtATime === true) {
    for (const entry of entries) results.push(await restoreEntry(entry));
  } else {
    results.push(...(await Promise.all(entries.map(restoreEntry))));
  }
  return results;
}

/** Records a restore step as a span: it never throws, its result says whether it failed. */
async function recorded(
  timeline: RolloutTimeline,
  id: string,
  phase: 'restore' | 'destroy',
  role: 'machine' | 'temporary',
  work: () => Promise<RestoredMachine>,
): Promise<RestoredMachine> {
  const span = timeline.open(id, phase, role);
  const result = await work();
  timeline.close(span, result.result === 'failed' ? 'failed' : 'ok');
  return result;
}

async function restoreOne(
  ctx: EngineContext,
  entry: RollbackPlanMachine,
  options: RestoreOptions,
): Promise<RestoredMachine> {
  // A watch per machine: one machine failing to come back must not end the waits of the others.
  const watch = new MachineWatch(ctx, {
    ...(options.logs === undefined ? {} : { logs: options.logs }),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  try {
    const machine = await readOrRecreate(ctx, entry, options.waitTimeoutMs);
    if (machine === 'recreated') return { machineId: entry.id, result: 'restored', detail: 'recreated' };
    if (options.only === undefined && sameConfig(machine, entry))
      return { machineId: entry.id, result: 'unchanged' };
    const launch = entry.state !== 'stopped' && entry.state !== 'suspended';
    ctx.log.info(`restoring ${entry.id} to ${entry.image ?? 'its previous config'}`);
    // Fly refuses a concurrent update while the machine is replacing (a crash loop in progress): send the
    // recorded config without current_version, since the machine's version is the one this deploy produced.
    const target = await updateMachine(ctx, options.leases, {
      machine: { ...machine, version: undefined },
      config: recordedConfig(entry),
      launch,
    });
    await waitForVersion(ctx, watch, target, options.waitTimeoutMs);
    if (launch)
      await watch.waitHealthy(entry.id, { settleMs: options.settleMs, timeoutMs: options.waitTimeoutMs });
    return { machineId: entry.id, result: 'restored' };
  } catch (e) {
    ctx.log.warn(`could not restore ${entry.id}: ${errorMessage(e)}`);
    return { machineId: entry.id, result: 'failed', detail: errorMessage(e) };
  } finally {
    await watch.close();
  }
}

/**
 * The machine as it is now, or, when it is gone (replaced because its host had no room), a new machine created
 * from its recorded config in its region and waited for.
 */
async function readOrRecreate(
  ctx: EngineContext,
  entry: RollbackPlanMachine,
  waitTimeoutMs: number,
): Promise<FlyMachine | 'recreated'> {
  try {
    const machine = await ctx.client.getMachine(ctx.app, entry.id);
    // Fly keeps answering for a destroyed machine for a while; it is gone all the same.
    if (machine.state !== 'destroyed' && machine.state !== 'destroying') return machine;
  } catch (e) {
    if (!(e instanceof FlyApiError && e.status === 404)) throw e;
  }
  const launch = entry.state !== 'stopped' && entry.state !== 'suspended';
  ctx.log.info(`machine ${entry.id} is gone; recreating it from its recorded config`);
  const created = await ctx.client.createMachine(ctx.app, {
    config: recordedConfig(entry),
    ...(entry.region === undefined ? {} : { region: entry.region }),
    ...(launch ? {} : { skip_launch: true }),
  });
  await ctx.client.waitForState(ctx.app, created.id, {
    state: launch ? 'started' : 'stopped',
    ...(created.version === undefined ? {} : { version: created.version }),
    timeoutMs: waitTimeoutMs,
    signal: ctx.signal,
  });
  return 'recreated';
}

async function destroyTemporary(ctx: EngineContext, id: string, leases: LeaseSet): Promise<RestoredMachine> {
  try {
    const nonce = leases.nonce(id);
    await ctx.client.destroyMachine(ctx.app, id, {
      force: true,
      ...(nonce === undefined ? {} : { leaseNonce: nonce }),
    });
    return { machineId: id, result: 'destroyed' };
  } catch (e) {
    if (e instanceof FlyApiError && e.status === 404)
      return { machineId: id, result: 'destroyed', detail: 'already gone' };
    ctx.log.warn(`could not destroy temporary machine ${id}: ${errorMessage(e)}`);
    return { machineId: id, result: 'failed', detail: errorMessage(e) };
  }
}
