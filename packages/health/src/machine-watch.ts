// The Fly half of the health gate: machines started, checks passing, no restarts during the gate.
// This is the one place it lives until the release engine (packages/release) has its machine watch; then the
// polling and crash reading below move there and this module keeps only the mapping onto the gate's verdicts.
import {
  errorMessage,
  exitDetails,
  FlyApiError,
  isCrashLooping,
  type FlyClient,
  type FlyMachine,
} from '@deploy-actions/core';
import { systemClock, type Clock } from './clock.ts';
import { assessTarget, type HealthPolicy, type Measurement, type TargetAssessment } from './evaluate.ts';
import type { GateLogger, TargetReport } from './gate.ts';

/** The machine metadata key fly-deploy records its release label under. */
export const RELEASE_LABEL_KEY = 'deploy_actions_release';

/** Process groups flyctl leaves out of a deploy (release command and console machines): not part of the service. */
const TEMPORARY_GROUPS = new Set(['fly_app_release_command', 'fly_app_console']);

/** What the machine watch asks Fly. */
export type MachineReader = Pick<FlyClient, 'listMachines' | 'getMachine'>;

/**
 * The machines the gate is about: every machine of `app` (or those whose `deploy_actions_release` metadata is
 * `releaseLabel`), release-command and console machines left out.
 */
export async function listGateMachines(
  client: MachineReader,
  app: string,
  releaseLabel?: string,
): Promise<FlyMachine[]> {
  const machines = await client.listMachines(
    app,
    releaseLabel === undefined ? {} : { metadata: { [RELEASE_LABEL_KEY]: releaseLabel } },
  );
  return machines.filter((m) => !TEMPORARY_GROUPS.has(m.config?.metadata?.fly_process_group ?? ''));
}

/** What {@link watchMachines} needs. */
export interface MachineWatchOptions {
  client: MachineReader;
  app: string;
  machines: readonly FlyMachine[];
  policy: HealthPolicy;
  /** Settles when the HTTP half of the gate has ended: a machine that has passed is then no longer watched. */
  httpDone: Promise<unknown>;
  clock?: Clock;
  logger?: GateLogger;
  signal?: AbortSignal;
}

/** The restart count Fly reports in the machine's newest exit event (0 before any exit). */
function restartCount(machine: FlyMachine): number {
  return exitDetails(machine.events ?? [])?.restartCount ?? 0;
}

function describeExit(machine: FlyMachine): string {
  const exit = exitDetails(machine.events ?? []);
  if (exit === undefined) return '';
  return ` (last exit code ${exit.exitCode ?? 'unknown'}${exit.oomKilled ? ', out of memory' : ''})`;
}

type Judged = Pick<Measurement, 'outcome' | 'reason' | 'code'> & { crashed: boolean };

/** Judges one reading of a machine against the start of the gate. */
export function judgeMachine(machine: FlyMachine, baselineRestarts: number): Judged {
  const restarts = restartCount(machine);
  if (restarts > baselineRestarts || isCrashLooping(machine.events ?? [])) {
    return {
      outcome: 'failure',
      code: '200',
      crashed: true,
      reason: `crash loop: restarted ${restarts - baselineRestarts} time(s) during the gate, ${restarts} in all${describeExit(machine)}; see its logs with \`fly logs -i ${machine.id}\``,
    };
  }
  if (machine.state !== 'started')
    return {
      outcome: 'failure',
      code: '200',
      crashed: false,
      reason: `machine is ${machine.state}, not started`,
    };
  const checks = machine.checks ?? [];
  const critical = checks.filter((c) => c.status === 'critical');
  if (critical.length > 0)
    return {
      outcome: 'failure',
      code: '200',
      crashed: false,
      reason: `check ${critical.map((c) => c.name).join(', ')} critical`,
    };
  const pending = checks.filter((c) => c.status !== 'passing');
  if (pending.length > 0)
    return {
      outcome: 'inconclusive',
      code: '200',
      crashed: false,
      reason: `check ${pending.map((c) => `${c.name} ${c.status}`).join(', ')}: not passing yet`,
    };
  return {
    outcome: 'success',
    code: '200',
    crashed: false,
    reason:
      checks.length === 0 ? 'started (no checks configured)' : `started, ${checks.length} check(s) passing`,
  };
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/**
 * Watches each machine with `GET /v1/apps/{app}/machines/{id}` every `intervalMs` and judges each reading
 * ({@link judgeMachine}) with the gate's streak rules ({@link assessTarget}): `consecutiveSuccesses` readings started
 * with every check passing pass a machine, `failureLimit` bad readings in a row fail it, `errorLimit` API errors in a
 * row fail it. A restart during the gate (Fly's restart count growing) fails the machine at once, even after it
 * passed. A machine that passed is watched until the HTTP half ends; the watch ends at the budget in any case.
 */
export async function watchMachines(options: MachineWatchOptions): Promise<TargetReport[]> {
  const clock = options.clock ?? systemClock;
  const { policy, app } = options;
  const start = clock.now();
  const deadline = start + policy.timeoutMs;
  let httpEnded = false;
  const httpDone = new AbortController();
  void options.httpDone.finally(() => {
    httpEnded = true;
    httpDone.abort();
  });
  const stop = options.signal ?? new AbortController().signal;

  const watchOne = async (first: FlyMachine): Promise<TargetReport> => {
    const name = `machine ${first.id}${first.region === undefined ? '' : ` (${first.region})`}`;
    const measurements: Measurement[] = [];
    const baseline = restartCount(first);
    let assessment: TargetAssessment = assessTarget([], policy);
    let crash: string | undefined;
    let decidedAtMs: number | undefined;
    while (!stop.aborted && clock.now() < deadline) {
      const at = clock.now();
      let judged: Judged;
      try {
        judged = judgeMachine(await options.client.getMachine(app, first.id), baseline);
      } catch (error) {
        if (stop.aborted) break;
        const requestId =
          error instanceof FlyApiError && error.requestId !== undefined
            ? ` (fly-request-id: ${error.requestId})`
            : '';
        judged = {
          outcome: 'error',
          code: error instanceof FlyApiError ? String(error.status).padStart(3, '0') : '000',
          crashed: false,
          reason: `could not read the machine: ${errorMessage(error)}${requestId}`,
        };
      }
      const measurement: Measurement = {
        attempt: measurements.length + 1,
        at: new Date(at).toISOString(),
        offsetMs: at - start,
        code: judged.code,
        latencyMs: clock.now() - at,
        outcome: judged.outcome,
        machine: first.id,
        reason: judged.reason,
        counted: true,
      };
      measurements.push(measurement);
      const before = assessment.verdict;
      assessment = assessTarget(measurements, policy);
      if (judged.crashed) crash = judged.reason;
      options.logger?.info(`${name} #${measurement.attempt}: ${measurement.outcome}: ${measurement.reason}`);
      if (crash !== undefined || assessment.verdict === 'fail') break;
      if (assessment.verdict === 'pass' && before !== 'pass') decidedAtMs = clock.now() - start;
      if (assessment.verdict === 'pass' && httpEnded) break;
      const wait = Math.min(at + policy.intervalMs, deadline) - clock.now();
      if (wait <= 0) continue;
      const signals = assessment.verdict === 'pass' ? [stop, httpDone.signal] : [stop];
      try {
        await clock.sleep(wait, AbortSignal.any(signals));
      } catch (error) {
        if (!isAbort(error)) throw error;
      }
    }
    const verdict = crash !== undefined ? 'fail' : assessment.verdict;
    if (crash !== undefined || assessment.verdict === 'fail') decidedAtMs = clock.now() - start;
    const reason = crash ?? assessment.reason;
    if (verdict !== 'undecided') options.logger?.info(`${name}: ${verdict.toUpperCase()} (${reason})`);
    const last = measurements.at(-1);
    return {
      name,
      url: `fly://${app}/machines/${first.id}`,
      machineId: first.id,
      verdict,
      reason,
      attempts: measurements.length,
      ...(last === undefined ? {} : { lastCode: last.code }),
      ...(last === undefined || last.outcome === 'success' ? {} : { lastProblem: last.reason }),
      ...(decidedAtMs === undefined ? {} : { decidedAtMs }),
      tally: assessment.tally,
      measurements,
    };
  };

  return Promise.all(options.machines.map(watchOne));
}
