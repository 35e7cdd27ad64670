import {
  DeployActionError,
  errorMessage,
  log,
  rawInputs,
  runAction,
  type FlyMachine,
} from '@deploy-actions/core';
import { createHttpProber, overallVerdict, runHealthGate } from '@deploy-actions/health';
import {
  MachineWatch,
  markEvents,
  openReleaseClients,
  readRollbackPlan,
  rollBack,
  type EngineContext,
  type RollbackRequest,
  type RollbackResult,
} from '@deploy-actions/release';
import { getInputs, inputSpec, type Inputs } from './inputs.ts';
import {
  publishSummary,
  recordProof,
  restoredReleaseText,
  setOutputs,
  type MachineCheck,
  type RollbackReport,
  type Verification,
} from './report.ts';

async function requestOf(inputs: Inputs): Promise<RollbackRequest> {
  const d = inputs.destination;
  if (d.source === 'rollback-plan') return { source: d.source, plan: await readRollbackPlan(d.plan) };
  return d;
}

/**
 * Every app machine after the rollback: a restored one was already waited for by the release engine (started on
 * its version, checks passing for `settle`); one left alone and started is watched until its checks pass, each on
 * a watch of its own so one unhealthy machine does not end the others' waits.
 */
async function checkMachines(
  ctx: EngineContext,
  rollback: RollbackResult,
  inputs: Inputs,
): Promise<MachineCheck[]> {
  const restored = rollback.machines
    .filter((m) => m.result === 'restored')
    .map((m): MachineCheck => ({
      id: m.id,
      verdict: 'pass',
      reason: 'restored: started on its version, checks passing',
    }));
  const unchanged = new Set(rollback.machines.filter((m) => m.result === 'unchanged').map((m) => m.id));
  const started = (await ctx.client.listMachines(ctx.app)).filter(
    (m: FlyMachine) => unchanged.has(m.id) && m.state === 'started',
  );
  const checked = await Promise.all(
    started.map(async (m): Promise<MachineCheck> => {
      const watch = new MachineWatch(ctx);
      try {
        watch.watch({
          machineId: m.id,
          version: m.version ?? '',
          mark: markEvents(m),
          changedAt: ctx.clock.now(),
          expectStarted: true,
        });
        await watch.waitHealthy(m.id, { settleMs: 0, timeoutMs: inputs.waitTimeoutMs });
        return { id: m.id, verdict: 'pass', reason: 'left alone: started, checks passing' };
      } catch (e) {
        return { id: m.id, verdict: 'fail', reason: errorMessage(e).split('\n')[0] ?? 'unhealthy' };
      } finally {
        await watch.close();
      }
    }),
  );
  return [...restored, ...checked];
}

async function verify(ctx: EngineContext, rollback: RollbackResult, inputs: Inputs): Promise<Verification> {
  const machines = await checkMachines(ctx, rollback, inputs);
  let targets: Verification['targets'] = [];
  if (inputs.targets.length > 0) {
    log.info(
      `Verifying ${inputs.targets.length} target(s)${inputs.version === undefined ? '' : `, expecting version ${inputs.version.expected}`}`,
    );
    const prober = createHttpProber();
    try {
      const gate = await runHealthGate({
        targets: inputs.targets,
        policy: inputs.policy,
        ...(inputs.version === undefined ? {} : { version: inputs.version }),
        probe: prober.probe,
        logger: { info: (line) => log.info(line) },
        signal: ctx.signal,
      });
      targets = gate.targets;
    } finally {
      await prober.close();
    }
  }
  const verdicts = [...targets.map((t) => t.verdict), ...machines.map((m) => m.verdict)];
  return { result: overallVerdict(verdicts) === 'pass' ? 'pass' : 'fail', targets, machines };
}

/**
 * Puts every machine of the app back on a good release, verifies it, reports what was restored from which
 * release to which and why, and fails the step when the app is still unhealthy.
 */
export async function run(): Promise<void> {
  await runAction('rollback-on-failure', async (ctx) => {
    const started = Date.now();
    const inputs = getInputs();
    const { values, secretInputs } = rawInputs(inputSpec);
    ctx.proof.setInputs(values, { secretInputs });
    ctx.proof.setApp(inputs.app);
    if (inputs.ignoredDestinations.length > 0) {
      log.warn(
        `${inputs.destination.source} decides what to go back to; ignoring ${inputs.ignoredDestinations.join(', ')}`,
      );
    }
    const request = await requestOf(inputs);

    const { engine, platform } = openReleaseClients(ctx, inputs);

    log.info(
      `Rolling ${inputs.app} back (${request.source}, ${inputs.strategy})${inputs.reason === undefined ? '' : `: ${inputs.reason}`}`,
    );
    const rollback = await rollBack(engine, {
      request,
      strategy: inputs.strategy,
      waitTimeoutMs: inputs.waitTimeoutMs,
      settleMs: inputs.settleMs,
      waitForLeaseMs: inputs.waitForLeaseMs,
      platform,
      ...(inputs.reason === undefined ? {} : { reason: inputs.reason }),
    });
    const verification =
      rollback.error === undefined && !ctx.signal.aborted
        ? await verify(engine, rollback, inputs)
        : undefined;
    const report: RollbackReport = {
      app: inputs.app,
      strategy: inputs.strategy,
      ...(inputs.reason === undefined ? {} : { reason: inputs.reason }),
      rollback,
      ...(verification === undefined ? {} : { verification }),
      durationMs: Date.now() - started,
    };
    setOutputs(report);
    recordProof(ctx.proof, report);
    await publishSummary(report);

    if (rollback.error !== undefined) {
      throw rollback.error instanceof Error ? rollback.error : new Error(errorMessage(rollback.error));
    }
    const restored = `${rollback.image ?? 'the good release'}${restoredReleaseText(rollback) === '' ? '' : ` (release ${restoredReleaseText(rollback)})`}`;
    if (verification?.result !== 'pass') {
      const failed = [
        ...(verification?.targets.filter((t) => t.verdict !== 'pass').map((t) => `${t.name}: ${t.reason}`) ??
          []),
        ...(verification?.machines.filter((m) => m.verdict !== 'pass').map((m) => `${m.id}: ${m.reason}`) ??
          []),
      ];
      throw new DeployActionError(
        `THE APP IS STILL UNHEALTHY: ${rollback.rolledBack ? 'rolled back to' : 'already on'} ${restored}, but the verification failed (${failed.join('; ')})`,
        {
          code: 'rollback-verification-failed',
          hint: 'the good release does not answer healthy either: look at the machines (`fly status`, `fly logs`) now; the step summary lists every target and machine',
        },
      );
    }
    log.info(
      rollback.rolledBack
        ? `rolled ${inputs.app} back to ${restored}; verification passed`
        : `${inputs.app} already runs ${restored}; nothing changed, verification passed`,
    );
  });
}
