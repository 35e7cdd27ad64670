import {
  errorMessage,
  FlyApiError,
  formatDuration,
  type FlyMachine,
  type MachineConfig,
} from '@deploy-actions/core';
import type { EngineContext } from './context.ts';
import { DeployFailure } from './failure.ts';
import type { LeaseSet } from './leases.ts';
import type { Wave } from './plan.ts';
import type { RollbackPlan } from './rollback-plan.ts';
import { processGroupOf } from './targets.ts';
import { markEvents } from './events.ts';
import type { RolloutTimeline } from './rollout-timeline.ts';
import { updateMachine, waitForVersion } from './update.ts';
import type { MachineWatch, WatchedMachine } from './watch.ts';

/** What became of one target machine, as the `machines` output lists it. */
export interface MachineOutcome {
  id: string;
  region: string;
  processGroup: string;
  fromImage: string;
  toImage: string;
  /**
   * `updated`, `failed`, `rolled-back`, `restore-failed`, `not-changed`, `replaced` (bluegreen), `cancelled`,
   * `created` (a machine of a process group fly.toml adds).
   */
  result: string;
  seconds: number;
  /** The machine that replaced it when its host could not take the update. */
  replacedBy?: string;
}

/** The shared state of one rollout, handed to each strategy. */
export interface Rollout {
  ctx: EngineContext;
  leases: LeaseSet;
  watch: MachineWatch;
  plan: RollbackPlan;
  /** Saves the rollback plan again (after a temporary machine was created). */
  savePlan(): Promise<void>;
  /** The full new config of a machine. */
  desired(machine: FlyMachine): MachineConfig;
  image: string;
  waitTimeoutMs: number;
  settleMs: number;
  minSecretsVersion?: number;
  /** Machines a change was sent to (even if Fly's answer was lost): what a rollback restores. */
  changed: Set<string>;
  outcomes: Map<string, MachineOutcome>;
  /** Lines in words and each machine's spans. */
  timeline: RolloutTimeline;
}

/** A rollout strategy: changes the targets, and throws a `DeployFailure` (after its own cleanup) when one fails. */
export type Strategy = (rollout: Rollout, targets: FlyMachine[]) => Promise<void>;

/** A target's outcome row, started as `not-changed` the first time it is asked for. */
export function outcomeRow(
  outcomes: Map<string, MachineOutcome>,
  image: string,
  m: FlyMachine,
): MachineOutcome {
  let row = outcomes.get(m.id);
  if (row === undefined) {
    row = {
      id: m.id,
      region: m.region ?? '',
      processGroup: processGroupOf(m),
      fromImage: m.config?.image ?? '',
      toImage: image,
      result: 'not-changed',
      seconds: 0,
    };
    outcomes.set(m.id, row);
  }
  return row;
}

/** The outcome row of a target of this rollout. */
export function outcomeOf(rollout: Rollout, m: FlyMachine): MachineOutcome {
  return outcomeRow(rollout.outcomes, rollout.image, m);
}

/**
 * Updates one machine and waits for it: the new version started, then every check passing for `settle`. A
 * machine updated without launch only has to reach `stopped` on its new version.
 */
export async function updateAndWait(
  rollout: Rollout,
  m: FlyMachine,
  launch: boolean,
  label: string,
): Promise<void> {
  const { ctx, timeline } = rollout;
  const row = outcomeOf(rollout, m);
  const started = ctx.clock.now();
  const who = `${m.id} (${m.region ?? '?'}, ${processGroupOf(m)})`;
  ctx.log.info(
    `[${label}] ${who}: updating to ${rollout.image}${launch ? '' : ' (stopped: not starting it)'}`,
  );
  rollout.changed.add(m.id);
  row.result = 'failed';
  try {
    let target: WatchedMachine;
    try {
      target = await timeline.during(m.id, 'update', () =>
        updateMachine(ctx, rollout.leases, {
          machine: m,
          config: rollout.desired(m),
          launch,
          ...(rollout.minSecretsVersion === undefined
            ? {}
            : { minSecretsVersion: rollout.minSecretsVersion }),
        }),
      );
    } catch (e) {
      if (!needsReplacement(e, m)) throw e;
      ctx.log.info(`[${label}] ${who}: its host cannot take the update (${errorMessage(e)}); replacing it`);
      target = await replaceMachine(rollout, m, launch);
      row.replacedBy = target.machineId;
    }
    const { machineId } = target;
    await timeline.during(machineId, 'start', () =>
      waitForVersion(ctx, rollout.watch, target, rollout.waitTimeoutMs),
    );
    if (launch) {
      ctx.log.info(
        `[${label}] ${who}: started version ${target.version}; waiting for its checks and ${formatDuration(rollout.settleMs)} of settling`,
      );
      await timeline.during(machineId, 'checks', () =>
        rollout.watch.waitHealthy(machineId, {
          settleMs: rollout.settleMs,
          timeoutMs: rollout.waitTimeoutMs,
        }),
      );
    }
    row.result = 'updated';
    ctx.log.info(
      `[${label}] ${who}: ${launch ? 'healthy' : 'updated'} after ${formatDuration(ctx.clock.now() - started)}`,
    );
  } finally {
    row.seconds = Math.round((ctx.clock.now() - started) / 1000);
  }
}

/**
 * The refusals flyctl answers by replacing the machine (superfly/flyctl `machines_deploymachinesapp.go`): its host
 * has no room for it or takes no deploys. A machine with a volume is not replaced: placement would pick the same
 * host again.
 */
const HOST_REFUSALS = /could not reserve resource for machine|deploys to this host are temporarily disabled/i;

function needsReplacement(error: unknown, m: FlyMachine): boolean {
  return (
    error instanceof FlyApiError &&
    HOST_REFUSALS.test(error.apiMessage ?? error.message) &&
    (m.config?.mounts?.length ?? 0) === 0
  );
}

/**
 * Replaces a machine as flyctl does: destroys it, then creates one with the new config in the same region. The new
 * machine is recorded in the rollback plan as created, so a rollback destroys it and recreates the old one from its
 * recorded config.
 */
async function replaceMachine(rollout: Rollout, m: FlyMachine, launch: boolean): Promise<WatchedMachine> {
  const { ctx } = rollout;
  const nonce = rollout.leases.nonce(m.id);
  await rollout.timeline.during(m.id, 'destroy', () =>
    ctx.client.destroyMachine(ctx.app, m.id, {
      force: true,
      ...(nonce === undefined ? {} : { leaseNonce: nonce }),
    }),
  );
  const changedAt = ctx.clock.now();
  const created = await ctx.client.createMachine(ctx.app, {
    config: rollout.desired(m),
    ...(m.region === undefined ? {} : { region: m.region }),
    ...(launch ? {} : { skip_launch: true }),
    ...(rollout.minSecretsVersion === undefined ? {} : { min_secrets_version: rollout.minSecretsVersion }),
  });
  rollout.timeline.record(created.id, 'create', 'replacement', changedAt, 'ok');
  rollout.plan.created.push(created.id);
  await rollout.savePlan();
  return {
    machineId: created.id,
    version: created.version ?? '',
    mark: markEvents({ ...created, events: [] }),
    changedAt,
    expectStarted: launch,
  };
}

/** Runs a wave: its machines at once, then the next wave only when all are healthy. */
export async function runWave(rollout: Rollout, wave: Wave): Promise<void> {
  const failure = rollout.watch.failed;
  if (failure !== undefined) throw failure;
  const lost = rollout.leases.lost();
  if (lost !== undefined) {
    throw new DeployFailure('lease-conflict', `lost the lease on ${lost.machineId}: ${lost.error.message}`, {
      hint: 'another run took over a machine while this one was deploying; wait for it to finish, then deploy again',
      cause: lost.error,
    });
  }
  rollout.timeline.note(`wave ${wave.label}: ${wave.machines.map((m) => m.id).join(', ')}`);
  const results = await Promise.allSettled(
    wave.machines.map((m) => updateAndWait(rollout, m, wave.launch, wave.label)),
  );
  // The watch's failure names the machine that failed first; report it rather than a sibling's consequence.
  const watched = rollout.watch.failed;
  if (watched !== undefined) throw watched;
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected !== undefined) throw rejected.reason;
}
