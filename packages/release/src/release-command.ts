import {
  FlyApiError,
  formatDuration,
  type FlyMachine,
  type MachineConfig,
  type SpanOutcome,
} from '@deploy-actions/core';
import type { EngineContext } from './context.ts';
import { exitAfterStart } from './events.ts';
import { DeployFailure } from './failure.ts';
import type { LogReader } from './logs.ts';
import { spanOutcomeOf, type RolloutTimeline } from './rollout-timeline.ts';
import { PROCESS_GROUP_KEY, RELEASE_COMMAND_GROUP } from './targets.ts';

/** What to run before the rollout. */
export interface ReleaseCommand {
  /** argv, already split. */
  command: string[];
  image: string;
  /** The app's env (from a machine of the default group) to run the command with. */
  env: Record<string, string>;
  region?: string;
  /** The guest of the largest machine of the default group, as flyctl picks it. */
  guest?: unknown;
  metadata: Record<string, string>;
  timeoutMs: number;
  minSecretsVersion?: number;
  logs?: LogReader;
  /** Pause between reads while the command runs (default 1 s). */
  pollMs?: number;
  /** Where the command's machine is recorded as a span, from its create to its exit. */
  timeline?: RolloutTimeline;
}

/** How a release command ended. */
export interface ReleaseCommandResult {
  machineId: string;
  exitCode: number;
  durationMs: number;
}

/**
 * The config flyctl gives a release-command machine (superfly/flyctl `internal/appconfig/machines.go`
 * `ToReleaseMachineConfig`): the command as `init.cmd`, no restart, destroyed when it exits, out of DNS, in the
 * `fly_app_release_command` group, with `RELEASE_COMMAND=1` in its env.
 */
export function releaseCommandConfig(rc: ReleaseCommand): MachineConfig {
  return {
    image: rc.image,
    init: { cmd: rc.command },
    restart: { policy: 'no' },
    auto_destroy: true,
    dns: { skip_registration: true },
    ...(rc.guest === undefined ? {} : { guest: rc.guest }),
    metadata: { ...rc.metadata, [PROCESS_GROUP_KEY]: RELEASE_COMMAND_GROUP },
    env: { ...rc.env, RELEASE_COMMAND: '1', FLY_PROCESS_GROUP: RELEASE_COMMAND_GROUP },
  };
}

/**
 * Runs the release command on a temporary machine exactly as flyctl does (`machines_releasecommand.go`): create
 * with `skip_launch`, wait `stopped`, start, then read the exit code from the newest `exit` event after the newest
 * `start`. The machine destroys itself; it is destroyed here too whatever happens.
 *
 * @throws DeployFailure `release-command` on a non-zero exit or when it does not finish within `timeoutMs`.
 */
export async function runReleaseCommand(
  ctx: EngineContext,
  rc: ReleaseCommand,
): Promise<ReleaseCommandResult> {
  const { client, app, clock, log } = ctx;
  const started = clock.now();
  const machine = await client.createMachine(app, {
    config: releaseCommandConfig(rc),
    ...(rc.region === undefined ? {} : { region: rc.region }),
    skip_launch: true,
    ...(rc.minSecretsVersion === undefined ? {} : { min_secrets_version: rc.minSecretsVersion }),
  });
  log.info(`release command: running \`${rc.command.join(' ')}\` on machine ${machine.id}`);
  let outcome: SpanOutcome = 'ok';
  try {
    await client.waitForState(app, machine.id, {
      state: 'stopped',
      timeoutMs: rc.timeoutMs,
      signal: ctx.signal,
    });
    await client.startMachine(app, machine.id);
    const exit = await waitForExit(ctx, machine.id, started + rc.timeoutMs, rc.pollMs ?? 1000);
    const durationMs = clock.now() - started;
    if (exit.exitCode !== 0) {
      const logs = rc.logs === undefined ? undefined : await rc.logs(machine.id, started);
      const logText =
        logs === undefined
          ? ''
          : 'lines' in logs
            ? `\nlog lines:\n${logs.lines.map((l) => `  ${l}`).join('\n')}`
            : `\nlogs: ${logs.unavailable}`;
      throw new DeployFailure(
        'release-command',
        `release command \`${rc.command.join(' ')}\` exited with code ${exit.exitCode} on machine ${machine.id}; no app machine was changed${logText}`,
        {
          hint: 'fix the release command (often a database migration) and deploy again; run it by hand with `fly ssh console` to see more',
        },
      );
    }
    log.info(`release command finished in ${formatDuration(durationMs)}`);
    return { machineId: machine.id, exitCode: 0, durationMs };
  } catch (e) {
    outcome = spanOutcomeOf(e, machine.id);
    throw e;
  } finally {
    rc.timeline?.record(machine.id, 'release-command', 'release-command', started, outcome);
    await destroyQuietly(ctx, machine.id);
  }
}

async function waitForExit(
  ctx: EngineContext,
  id: string,
  deadline: number,
  pollMs: number,
): Promise<{ exitCode: number }> {
  const { client, app, clock, signal } = ctx;
  const progress = { last: clock.now() };
  for (;;) {
    let machine: FlyMachine | undefined;
    try {
      machine = await client.getMachine(app, id);
    } catch (e) {
      // auto_destroy can remove the machine right after it exits; its events are then gone with it.
      if (!(e instanceof FlyApiError && e.status === 404)) throw e;
      throw new DeployFailure(
        'release-command',
        `release-command machine ${id} was destroyed before its exit could be read`,
        {
          hint:
            'read its logs (`fly logs -i ' +
            id +
            '`) to see whether the command succeeded, then deploy again',
        },
      );
    }
    const exit = exitAfterStart(machine.events ?? []);
    if (exit !== undefined) return { exitCode: exit.exitCode ?? 0 };
    if (clock.now() >= deadline) {
      throw new DeployFailure(
        'release-command',
        `release command did not finish within release-command-timeout (machine ${id})`,
        {
          hint: 'raise release-command-timeout if it only needs longer, or find why it hangs in its logs',
        },
      );
    }
    if (clock.now() - progress.last >= 10_000) {
      progress.last = clock.now();
      ctx.log.info(`release command still running on ${id}`);
    }
    await clock.sleep(pollMs, signal);
  }
}

async function destroyQuietly(ctx: EngineContext, id: string): Promise<void> {
  try {
    await ctx.client.destroyMachine(ctx.app, id, { force: true });
  } catch (e) {
    if (e instanceof FlyApiError && e.status === 404) return;
    ctx.log.warn(
      `could not destroy release-command machine ${id}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}
