import { errorMessage, type FlyClient, type FlyMachine } from '@deploy-actions/core';
import type { TargetVerdict } from '@deploy-actions/health';
import {
  crashesSince,
  DeployFailure,
  engineContext,
  MachineWatch,
  markEvents,
  notATarget,
  RELEASE_LABEL_KEY,
  type EngineLog,
} from '@deploy-actions/release';

/** One machine's row in the gate's report. */
export interface MachineRow {
  /** `machine <id> (<region>)`, as tables and `failed-targets` show it. */
  name: string;
  machineId: string;
  verdict: TargetVerdict;
  reason: string;
  /** The state at the last read. */
  state: string;
  /** Each check as `name: status` at the last read. */
  checks: string[];
  /** Exits Fly did not ask for (crashes) since the gate started. */
  crashes: number;
  /** Milliseconds from the gate's start until the machine was first seen started with every check passing. */
  healthyAtMs?: number;
}

/**
 * The machines the gate is about: the app's deploy targets as the release engine sees them (release-command,
 * console and temporary canary/green machines left out), only those labelled `releaseLabel` when given.
 */
export async function selectGateMachines(
  client: FlyClient,
  app: string,
  releaseLabel: string | undefined,
): Promise<FlyMachine[]> {
  const listed = await client.listMachines(
    app,
    releaseLabel === undefined ? {} : { metadata: { [RELEASE_LABEL_KEY]: releaseLabel } },
  );
  return listed.filter((m) => notATarget(m) === undefined);
}

/** What {@link watchFlyMachines} needs. */
export interface FlyGateOptions {
  client: FlyClient;
  app: string;
  machines: readonly FlyMachine[];
  /** The gate's budget: a machine not healthy by then fails as the engine's wait does (`checks-timeout`/`launch`). */
  timeoutMs: number;
  pollMs: number;
  /** Settles when the HTTP half of the gate has ended; the watch lasts at least as long. */
  httpDone: Promise<unknown>;
  signal: AbortSignal;
  log: EngineLog;
}

/**
 * The Fly half of the gate, on the release engine's {@link MachineWatch} (the one fly-deploy uses): every machine
 * must be started on its version with every configured check passing (the engine's `waitHealthy`), and must not
 * crash while the gate runs. The watch lasts until every machine is healthy and the HTTP half has ended, or until
 * the engine reports a failure (a crash loop, a launch failure, checks not passing within the budget). A machine
 * that crashed even once during the gate fails: its restart count grew.
 */
export async function watchFlyMachines(options: FlyGateOptions): Promise<MachineRow[]> {
  const ctx = engineContext({
    client: options.client,
    app: options.app,
    signal: options.signal,
    log: options.log,
  });
  const start = ctx.clock.now();
  const watch = new MachineWatch(ctx, { pollMs: options.pollMs });
  const marks = new Map(options.machines.map((m) => [m.id, markEvents(m)]));
  for (const m of options.machines) {
    watch.watch({
      machineId: m.id,
      version: m.version ?? '',
      mark: marks.get(m.id) ?? markEvents(m),
      changedAt: start,
      expectStarted: true,
    });
  }
  const healthyAt = new Map<string, number>();
  const healthy = Promise.all(
    options.machines.map(async (m) => {
      await watch.waitHealthy(m.id, { settleMs: 0, timeoutMs: options.timeoutMs });
      healthyAt.set(m.id, ctx.clock.now() - start);
      options.log.info(`machine ${m.id}: started, checks passing`);
    }),
  );
  let failure: DeployFailure | undefined;
  try {
    await Promise.race([Promise.all([healthy, options.httpDone.catch(() => undefined)]), watch.failure]);
  } catch (error) {
    if (error instanceof DeployFailure) failure = error;
    else if (!options.signal.aborted) throw error;
  } finally {
    healthy.catch(() => undefined);
    await watch.close();
  }

  return options.machines.map((first): MachineRow => {
    const latest = watch.latest(first.id) ?? first;
    const crashes = crashesSince(latest.events ?? [], marks.get(first.id) ?? markEvents(first));
    const base = {
      name: `machine ${first.id}${first.region === undefined ? '' : ` (${first.region})`}`,
      machineId: first.id,
      state: latest.state,
      checks: (latest.checks ?? []).map((c) => `${c.name}: ${c.status}`),
      crashes: crashes.length,
      ...(healthyAt.has(first.id) ? { healthyAtMs: healthyAt.get(first.id) } : {}),
    };
    // The engine names the machine that failed; a failure without one (rare) is blamed on every machine not healthy.
    const blamed =
      failure !== undefined &&
      (failure.diagnosis === undefined ? !healthyAt.has(first.id) : failure.diagnosis.machineId === first.id);
    if (failure !== undefined && blamed) return { ...base, verdict: 'fail', reason: failure.message };
    if (crashes.length > 0) {
      const codes = crashes.map((c) => c.exitCode ?? '?').join(', ');
      return {
        ...base,
        verdict: 'fail',
        reason: `restarted during the gate: ${crashes.length} crash(es), exit codes ${codes}; see its logs with \`fly logs -i ${first.id}\``,
      };
    }
    if (healthyAt.has(first.id))
      return {
        ...base,
        verdict: 'pass',
        reason: `started on version ${latest.version ?? '?'}, ${base.checks.length} check(s) passing, no restart`,
      };
    const why =
      failure !== undefined
        ? `the watch ended when another machine failed: ${errorMessage(failure).split('\n')[0] ?? ''}`
        : 'the gate was cancelled';
    return { ...base, verdict: 'undecided', reason: `not decided: ${why}` };
  });
}
