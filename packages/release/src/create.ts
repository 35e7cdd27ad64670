import { randomBytes } from 'node:crypto';
import { FlyApiError, type FlyMachine, type MachineConfig, type MachineRole } from '@deploy-actions/core';
import { markEvents } from './events.ts';
import type { Rollout } from './rollout.ts';
import { waitForVersion } from './update.ts';

/** Metadata key tying a machine a deploy created to the run that created it, so a lost create answer can be found. */
export const RUN_KEY = 'deploy_actions_run';

/** A machine to create during a rollout. */
export interface TrackedCreate {
  config: MachineConfig;
  region?: string;
  /** Kept out of the proxy until routed in (canary, green). */
  skipServiceRegistration?: boolean;
  /** Created stopped (a standby). */
  skipLaunch?: boolean;
  /** What the machine is for, on the timeline chart. */
  role: MachineRole;
}

/**
 * Creates a machine the deploy adds, recorded in the rollback plan's `created` list as soon as Fly answers, so a
 * rollback destroys it. A create is never retried blindly: when its answer is lost (408, 5xx, reset), Fly may
 * have created it anyway, so the machines carrying this run's tag are looked up and recorded for cleanup.
 */
export async function createTracked(rollout: Rollout, request: TrackedCreate): Promise<FlyMachine> {
  const { ctx } = rollout;
  const tag = randomBytes(6).toString('hex');
  const config = { ...request.config, metadata: { ...request.config.metadata, [RUN_KEY]: tag } };
  const started = ctx.clock.now();
  try {
    const created = await ctx.client.createMachine(ctx.app, {
      config,
      ...(request.region === undefined ? {} : { region: request.region }),
      ...(request.skipServiceRegistration === true ? { skip_service_registration: true } : {}),
      ...(request.skipLaunch === true ? { skip_launch: true } : {}),
      ...(rollout.minSecretsVersion === undefined ? {} : { min_secrets_version: rollout.minSecretsVersion }),
    });
    rollout.timeline.record(created.id, 'create', request.role, started, 'ok');
    rollout.plan.created.push(created.id);
    await rollout.savePlan();
    return created;
  } catch (e) {
    const ambiguous = e instanceof FlyApiError && (e.status === 0 || e.status === 408 || e.status >= 500);
    if (ambiguous) {
      const strays = await ctx.client.listMachines(ctx.app, { metadata: { [RUN_KEY]: tag } }).catch(() => []);
      for (const stray of strays) rollout.plan.created.push(stray.id);
      if (strays.length > 0) await rollout.savePlan();
    }
    throw e;
  }
}

/** Waits for a freshly created machine: started on its version, then healthy for `settle`. */
export async function waitCreated(rollout: Rollout, created: FlyMachine, label: string): Promise<void> {
  const { ctx } = rollout;
  const target = {
    machineId: created.id,
    version: created.version ?? '',
    mark: markEvents({ ...created, events: [] }),
    changedAt: ctx.clock.now(),
    expectStarted: true,
  };
  ctx.log.info(
    `[${label}] ${created.id} (${created.region ?? '?'}): created on ${rollout.image}; waiting for it to start`,
  );
  await rollout.timeline.during(created.id, 'start', () =>
    waitForVersion(ctx, rollout.watch, target, rollout.waitTimeoutMs),
  );
  await rollout.timeline.during(created.id, 'checks', () =>
    rollout.watch.waitHealthy(created.id, { settleMs: rollout.settleMs, timeoutMs: rollout.waitTimeoutMs }),
  );
  ctx.log.info(`[${label}] ${created.id}: healthy`);
}
