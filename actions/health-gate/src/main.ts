import {
  DeployActionError,
  FlyClient,
  log,
  rawInputs,
  runAction,
  type ActionContext,
  type FlyMachine,
} from '@deploy-actions/core';
import { createHttpProber, expandPerMachine, overallVerdict, runHealthGate } from '@deploy-actions/health';
import { selectGateMachines, watchFlyMachines, type MachineRow } from './fly-gate.ts';
import { getInputs, inputSpec } from './inputs.ts';
import { announce, failedNames, publishReport, type HealthReport } from './report.ts';

/**
 * Probes every target until each is decided or the budget is spent, watches the Fly machines alongside when `app`
 * is given, publishes the status matrix, and fails the step unless the verdict is `pass` (or `dry-run` is on, or the
 * verdict is `inconclusive` with `on-inconclusive: warn`).
 */
export async function run(): Promise<void> {
  await runAction('health-gate', gate, { defaultTimeout: inputSpec.timeout.default });
}

/**
 * Time kept at the end of the step's `timeout` for the report, the summary and the proof: the gate's probing stops
 * this much before the step's deadline, so an inconclusive gate is reported as such, not cut off as a timeout.
 */
function reportReserveMs(timeoutMs: number): number {
  return Math.min(2000, Math.round(timeoutMs / 10));
}

async function gate(ctx: ActionContext): Promise<void> {
  const inputs = getInputs();
  const { values, secretInputs } = rawInputs(inputSpec);
  ctx.proof.setInputs(values, { secretInputs });
  const started = Date.now();

  let client: FlyClient | undefined;
  let machines: FlyMachine[] = [];
  if (inputs.fly !== undefined) {
    const { app, releaseLabel } = inputs.fly;
    ctx.proof.setApp(app);
    client = new FlyClient({
      token: inputs.fly.token,
      apiUrl: inputs.fly.apiUrl,
      signal: ctx.signal,
      deadline: ctx.deadline,
    });
    const opened = client;
    ctx.onCleanup(() => opened.close());
    machines = await selectGateMachines(client, app, releaseLabel);
    if (machines.length === 0) {
      throw new DeployActionError(
        `app ${app} has no machines${releaseLabel === undefined ? '' : ` labelled ${releaseLabel}`} to verify`,
        {
          code: 'no-machines',
          hint:
            releaseLabel === undefined
              ? 'check the app name, and that the deploy created machines (`fly machines list -a <app>`)'
              : 'check release-label: it must be the label fly-deploy recorded (its release-label output)',
        },
      );
    }
    log.info(
      `Watching ${machines.length} machine(s) of ${app}: ${machines.map((m) => `${m.id} (${m.state})`).join(', ')}`,
    );
  }

  const targets =
    inputs.fly?.perMachine === true
      ? expandPerMachine(
          inputs.targets,
          machines.filter((m) => m.state === 'started').map((m) => m.id),
        )
      : inputs.targets;
  // The budget is what is left of the step's timeout once the machines are listed, less the time to report.
  const policy = {
    ...inputs.policy,
    timeoutMs: Math.max(0, ctx.deadline - Date.now() - reportReserveMs(inputs.policy.timeoutMs)),
  };
  announce(inputs, policy, targets.length);
  const prober = createHttpProber();
  ctx.onCleanup(() => prober.close());
  const logger = { info: (line: string) => log.info(line) };
  const http = runHealthGate({
    targets,
    policy,
    ...(inputs.version === undefined ? {} : { version: inputs.version }),
    probe: prober.probe,
    logger,
    signal: ctx.signal,
  });
  const watched: Promise<MachineRow[]> =
    client === undefined || inputs.fly === undefined
      ? Promise.resolve([])
      : watchFlyMachines({
          client,
          app: inputs.fly.app,
          machines,
          timeoutMs: policy.timeoutMs,
          // Fly allows 5 reads of a machine per second; the engine's watch reads each machine once per poll.
          pollMs: Math.max(inputs.policy.intervalMs, 500),
          httpDone: http,
          signal: ctx.signal,
          log: { info: logger.info, warn: (line) => log.warn(line), debug: (line) => log.debug(line) },
        });
  const [gate, machineRows] = await Promise.all([http, watched]);

  const result = overallVerdict([...gate.targets, ...machineRows].map((t) => t.verdict));
  const report: HealthReport = {
    result,
    ended:
      machineRows.some((m) => m.verdict === 'undecided') && gate.ended === 'decided' ? 'budget' : gate.ended,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    dryRun: inputs.dryRun,
    ...(inputs.version === undefined ? {} : { expectVersion: inputs.version.expected }),
    policy,
    ...(inputs.fly === undefined ? {} : { app: inputs.fly.app }),
    targets: gate.targets,
    machines: machineRows,
  };
  await publishReport(report, ctx.proof);
  log.info(`health-gate: ${result}`);
  // On cancel runAction reports the cancellation instead of this verdict; at the step's deadline the verdict stands.
  if (result === 'pass') return;
  const failed = failedNames(report);
  const what =
    result === 'fail'
      ? `${failed.length} target(s) failed: ${failed.join(', ')}`
      : 'no verdict within the budget: some targets were neither healthy nor failing long enough';
  if (inputs.dryRun) {
    log.notice(`dry run: the gate would have failed the step (${what})`, {
      title: 'health-gate (dry run)',
    });
    return;
  }
  if (result === 'inconclusive' && inputs.onInconclusive === 'warn') {
    log.warn(`health-gate inconclusive: ${what}`, { title: 'health-gate inconclusive' });
    return;
  }
  throw new DeployActionError(`${result}: ${what}`, {
    code: result === 'fail' ? 'health-check-failed' : 'health-check-inconclusive',
    hint:
      result === 'fail'
        ? 'each failed row of the step summary says what its service answered; "old release answering" means the deploy did not reach it; roll back with rollback-on-failure or fix the service and re-run'
        : 'give the services more time (timeout), or fewer successes to pass (consecutive-successes); the report lists every measurement',
  });
}
