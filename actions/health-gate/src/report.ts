import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import {
  formatDuration,
  log,
  redactDeep,
  summaryHeading,
  summaryParagraph,
  summaryTable,
  writeSummary,
  type ProofRecorder,
} from '@deploy-actions/core';
import {
  targetTable,
  type GateResult,
  type GateVerdict,
  type HealthPolicy,
  type TargetReport,
  type TargetVerdict,
} from '@deploy-actions/health';
import type { MachineRow } from './fly-gate.ts';
import type { Inputs } from './inputs.ts';

/** What one run of the gate found: the HTTP targets and, with `app`, the Fly machines. */
export interface HealthReport {
  result: GateVerdict;
  ended: GateResult['ended'];
  startedAt: string;
  durationMs: number;
  dryRun: boolean;
  expectVersion?: string;
  policy: HealthPolicy;
  app?: string;
  targets: TargetReport[];
  machines: MachineRow[];
}

const MARK: Record<TargetVerdict, string> = { pass: '✅ pass', fail: '❌ fail', undecided: '⚠️ undecided' };
const HEADLINE: Record<GateVerdict, string> = {
  pass: 'PASS ✅',
  fail: 'FAIL ❌',
  inconclusive: 'INCONCLUSIVE ⚠️',
};

/** The rows that failed, by name: the `failed-targets` output. */
export function failedNames(report: HealthReport): string[] {
  return [...report.targets, ...report.machines].filter((t) => t.verdict === 'fail').map((t) => t.name);
}

function policyWords(policy: HealthPolicy): string {
  const p95 =
    policy.p95LatencyMs === undefined ? '' : `; p95 of successful answers ≤ ${policy.p95LatencyMs}ms`;
  return (
    `every ${formatDuration(policy.intervalMs)} for up to ${formatDuration(policy.timeoutMs)}` +
    (policy.warmupMs > 0 ? ` after a ${formatDuration(policy.warmupMs)} warmup` : '') +
    `; ${policy.consecutiveSuccesses} successes in a row pass a target, ${policy.failureLimit} failures or ` +
    `${policy.errorLimit} errors in a row fail it${p95}`
  );
}

/** The opening log line: what will be probed and by which rules. */
export function announce(inputs: Inputs, policy: HealthPolicy, count: number): void {
  const version = inputs.version === undefined ? '' : `, expecting version ${inputs.version.expected}`;
  log.info(
    `Probing ${count} target(s) ${policyWords(inputs.policy)}${version}${inputs.dryRun ? ' (dry run)' : ''}`,
  );
}

/**
 * Shows the report everywhere a user looks: an annotation per failed or undecided row, the status matrix in the step
 * summary, the outputs, the JSON report (every measurement) and the proof record. All of it is redacted.
 */
export async function publishReport(report: HealthReport, proof: ProofRecorder): Promise<string> {
  const rows = [...report.targets, ...report.machines];
  for (const row of rows) {
    if (row.verdict === 'pass') continue;
    const message = `${row.name}: ${row.verdict === 'fail' ? 'failed' : 'no verdict'}: ${row.reason}`;
    if (row.verdict === 'fail' && !report.dryRun) log.error(message, { title: `health-gate: ${row.name}` });
    else log.warn(message, { title: `health-gate: ${row.name}` });
  }
  for (const row of rows) {
    proof.step(
      `probe ${row.name}`,
      row.verdict === 'pass' ? 'ok' : row.verdict === 'fail' ? 'failed' : 'info',
      row.reason,
    );
  }

  const decided =
    report.ended === 'decided'
      ? 'every target decided'
      : report.ended === 'budget'
        ? 'budget spent'
        : 'cancelled';
  await writeSummary([
    summaryHeading(
      `Health gate: ${HEADLINE[report.result]}${report.dryRun ? ' (dry run: never fails the step)' : ''}`,
    ),
    summaryParagraph(
      `Ended after ${formatDuration(report.durationMs)} (${decided}). Probed ${policyWords(report.policy)}` +
        (report.expectVersion === undefined ? '.' : `; version ${report.expectVersion} must be answering.`),
    ),
    targetTable(report.targets, { latency: true, verdictLabels: MARK }),
    ...(report.machines.length === 0
      ? []
      : [
          summaryHeading(`Fly machines of ${report.app ?? ''}`, 3),
          summaryTable(
            ['Machine', 'Verdict', 'State', 'Checks', 'Crashes during the gate'],
            report.machines.map((m) => [
              m.name,
              `${MARK[m.verdict]}: ${m.reason}`,
              m.state,
              m.checks.join(', ') || '–',
              m.crashes,
            ]),
          ),
        ]),
  ]);

  // RUNNER_TEMP is shared by every step of the job: a folder of our own keeps another health-gate step from
  // overwriting the report this step's `report` output names.
  const base = join(process.env.RUNNER_TEMP || tmpdir(), 'health-gate');
  await mkdir(base, { recursive: true });
  const path = join(await mkdtemp(join(base, 'run-')), 'report.json');
  await writeFile(path, `${JSON.stringify(redactDeep(report), null, 2)}\n`);

  core.setOutput('result', report.result);
  core.setOutput('failed-targets', failedNames(report).join(','));
  core.setOutput('report', path);
  core.setOutput('duration-ms', String(report.durationMs));
  proof.fact('health-gate', redactDeep(report));
  return path;
}
