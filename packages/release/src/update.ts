import { FlyApiError, type FlyMachine, type MachineConfig } from '@deploy-actions/core';
import type { EngineContext } from './context.ts';
import { markEvents } from './events.ts';
import { DeployFailure } from './failure.ts';
import type { LeaseSet } from './leases.ts';
import type { MachineWatch, WatchedMachine } from './watch.ts';

/** How to change one machine. */
export interface MachineChange {
  /** The machine as read before the change (its events mark where the new instance's history starts). */
  machine: FlyMachine;
  /** The full new config: Fly has no partial update. */
  config: MachineConfig;
  /** False keeps a stopped machine stopped (`skip_launch`), as flyctl does for autostop apps. */
  launch: boolean;
  minSecretsVersion?: number;
}

/**
 * Sends the full config to one machine with its lease nonce and returns what to watch. The machine's version
 * before the change is sent as `current_version`, so a machine someone else changed meanwhile is refused (409)
 * rather than overwritten.
 *
 * @throws DeployFailure `launch` when Fly refuses the image; FlyApiError for other refusals.
 */
export async function updateMachine(
  ctx: EngineContext,
  leases: LeaseSet,
  change: MachineChange,
): Promise<WatchedMachine> {
  const { machine } = change;
  const changedAt = ctx.clock.now();
  const nonce = leases.nonce(machine.id);
  let updated: FlyMachine;
  try {
    updated = await ctx.client.updateMachine(
      ctx.app,
      machine.id,
      {
        config: change.config,
        ...(machine.region === undefined ? {} : { region: machine.region }),
        ...(change.launch ? {} : { skip_launch: true }),
        ...(change.minSecretsVersion === undefined ? {} : { min_secrets_version: change.minSecretsVersion }),
        ...(machine.version === undefined ? {} : { current_version: machine.version }),
      },
      nonce === undefined ? {} : { leaseNonce: nonce },
    );
  } catch (e) {
    // Fly checks the image when it takes the update (flyctl PRs #4878, #4921): the machine keeps its version.
    if (
      e instanceof FlyApiError &&
      e.status >= 400 &&
      e.status < 500 &&
      /image|manifest|pull/i.test(e.apiMessage ?? '')
    ) {
      throw new DeployFailure(
        'launch',
        `machine ${machine.id} refused the image: ${e.apiMessage ?? e.message}`,
        {
          hint: 'check that the image exists, was pushed to registry.fly.io and that the token may pull it; the machine kept its release',
          cause: e,
        },
      );
    }
    throw e;
  }
  return {
    machineId: machine.id,
    version: updated.version ?? '',
    mark: markEvents(machine),
    changedAt,
    expectStarted: change.launch,
  };
}

/**
 * Waits until the machine reaches `started` (or `stopped` when it was updated without launch) **on the new
 * version**, through Fly's wait endpoint, while the watch follows it: a machine that crash-loops or cannot launch
 * ends the wait at once instead of after the timeout (flyctl#2653 waited out 5 minutes on a machine that had
 * already exited).
 *
 * @throws DeployFailure from the watch, or `launch` when the version does not come up within `timeoutMs`.
 */
export async function waitForVersion(
  ctx: EngineContext,
  watch: MachineWatch,
  target: WatchedMachine,
  timeoutMs: number,
): Promise<void> {
  watch.watch(target);
  const state = target.expectStarted ? 'started' : 'stopped';
  const done = new AbortController();
  const signal = AbortSignal.any([ctx.signal, done.signal]);
  try {
    await Promise.race([
      ctx.client.waitForState(ctx.app, target.machineId, {
        state,
        ...(target.version === '' ? {} : { version: target.version }),
        timeoutMs,
        signal,
      }),
      watch.failure,
    ]);
  } catch (e) {
    if (e instanceof FlyApiError && e.code === 'fly-wait-timeout') {
      throw new DeployFailure(
        'launch',
        `machine ${target.machineId} did not reach ${state} on the new version within the wait-timeout`,
        {
          hint: 'the image may not start (read its logs), or Fly may be short of capacity in this region; raise wait-timeout if it is only slow',
          cause: e,
        },
      );
    }
    // Fly's wait answers 400 when the update itself failed (an image it cannot pull: the machine stays on its
    // old version) and 404 when the machine is gone: the state will never come, so say why now.
    if (e instanceof FlyApiError && (e.status === 400 || e.status === 404)) {
      throw new DeployFailure(
        'launch',
        `machine ${target.machineId} cannot reach ${state} on the new version: ${e.apiMessage ?? e.message}`,
        {
          hint: 'check that the image exists and was pushed to registry.fly.io (`fly releases --image`), and that the token may pull it',
          cause: e,
        },
      );
    }
    throw e;
  } finally {
    done.abort();
  }
}
