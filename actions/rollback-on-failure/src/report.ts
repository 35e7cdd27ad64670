import * as core from '@actions/core';
import {
  errorMessage,
  formatDuration,
  redactDeep,
  rolloutChartSections,
  summaryHeading,
  summaryParagraph,
  summaryTable,
  writeSummary,
  type ProofRecorder,
  type SummarySection,
} from '@deploy-actions/core';
import { targetTable, type TargetReport } from '@deploy-actions/health';
import {
  machineOutput,
  machineTable,
  mostCommonImage,
  recordMachineSteps,
  timelineSections,
  type RollbackResult,
} from '@deploy-actions/release';

/** One machine checked after the rollback (without HTTP targets, or besides them). */
export interface MachineCheck {
  id: string;
  verdict: 'pass' | 'fail';
  reason: string;
}

/** What the verification after the rollback found. */
export interface Verification {
  result: 'pass' | 'fail';
  /** The HTTP targets, judged by the shared health engine as health-gate judges them. */
  targets: TargetReport[];
  /** The app's machines: restored ones as the engine waited for them, started ones left alone checked healthy. */
  machines: MachineCheck[];
}

/** Everything the summary, outputs and proof tell. */
export interface RollbackReport {
  app: string;
  strategy: string;
  reason?: string;
  rollback: RollbackResult;
  verification?: Verification;
  durationMs: number;
}

/** `v3 (label)`, `label`, or empty: the release restored, as the `restored-release` output and the summary say it. */
export function restoredReleaseText(rollback: RollbackResult): string {
  const { label, version } = rollback.restoredRelease;
  if (version !== undefined) return label === undefined ? `v${version}` : `v${version} (${label})`;
  return label ?? '';
}

function fromImage(rollback: RollbackResult): string | undefined {
  return mostCommonImage(
    rollback.machines.filter((m) => m.result === 'restored' || m.result === 'failed').map((m) => m.fromImage),
  );
}

/** Sets every output; `result` is `fail` whenever the app was not verified healthy. */
export function setOutputs(report: RollbackReport): void {
  const { rollback } = report;
  core.setOutput('rolled-back', String(rollback.rolledBack));
  core.setOutput('restored-image', rollback.image ?? '');
  core.setOutput('restored-release', restoredReleaseText(rollback));
  core.setOutput(
    'machines',
    JSON.stringify(
      rollback.machines.map((m) => ({
        ...machineOutput(m),
        ...(m.detail === undefined ? {} : { detail: m.detail }),
      })),
    ),
  );
  core.setOutput('result', report.verification?.result ?? 'fail');
  core.setOutput('duration-ms', String(Math.round(report.durationMs)));
}

function headline(report: RollbackReport): string {
  const { rollback, verification } = report;
  if (rollback.error !== undefined)
    return rollback.rolledBack ? 'rollback incomplete ❌' : 'nothing changed ❌';
  const what = rollback.rolledBack ? 'rolled back' : 'already on the good release (no change)';
  return `${what}, verification ${verification?.result === 'pass' ? 'passed ✅' : 'FAILED ❌'}`;
}

/** Writes the step summary: what was restored, from which release to which, why, the machines and the verification. */
export async function publishSummary(report: RollbackReport): Promise<void> {
  const { rollback, verification } = report;
  const from = fromImage(rollback);
  const release = restoredReleaseText(rollback);
  const sections: SummarySection[] = [
    summaryHeading(`rollback-on-failure ${report.app}: ${headline(report)}`),
    summaryParagraph(
      [
        `Restored ${rollback.image ?? '(nothing determined)'}${release === '' ? '' : ` = release ${release}`}` +
          (from === undefined ? '' : `, from ${from}`),
        `chosen by ${rollback.source}`,
        ...(rollback.recordedVersion === undefined
          ? []
          : [`recorded as release v${rollback.recordedVersion}`]),
        `strategy ${report.strategy}`,
        `took ${formatDuration(report.durationMs)}`,
      ].join('; '),
    ),
    summaryParagraph(`Why: ${report.reason ?? '(no reason given)'}`),
  ];
  if (rollback.error !== undefined) sections.push(summaryParagraph(`❌ ${errorMessage(rollback.error)}`));
  if (rollback.machines.length > 0) {
    sections.push(machineTable(rollback.machines, { heading: 'Detail', cell: (m) => m.detail ?? '' }));
  }
  sections.push(summaryHeading('Timeline chart', 3), ...rolloutChartSections(rollback.spans));
  if (verification !== undefined) {
    sections.push(
      summaryHeading(`Verification: ${verification.result === 'pass' ? 'PASS ✅' : 'FAIL ❌'}`, 3),
    );
    if (verification.targets.length > 0) {
      sections.push(targetTable(verification.targets));
    }
    if (verification.machines.length > 0) {
      sections.push(
        summaryTable(
          ['Machine', 'Verdict'],
          verification.machines.map((m) => [m.id, `${m.verdict}: ${m.reason}`]),
        ),
      );
    }
  }
  sections.push(...timelineSections(rollback.timeline));
  await writeSummary(sections);
}

/** Records the rollback in the proof: every step, each machine, the reason and the verification. */
export function recordProof(proof: ProofRecorder, report: RollbackReport): void {
  const { rollback, verification } = report;
  recordMachineSteps(proof, rollback.timeline, rollback.machines, (m) =>
    m.result === 'failed' ? 'failed' : m.result === 'restored' || m.result === 'destroyed' ? 'ok' : 'info',
  );
  proof.fact(
    'rollback',
    redactDeep({
      reason: report.reason,
      rolledBack: rollback.rolledBack,
      source: rollback.source,
      image: rollback.image,
      restoredRelease: rollback.restoredRelease,
      recordedVersion: rollback.recordedVersion,
      strategy: report.strategy,
      machines: rollback.machines,
    }),
  );
  if (verification !== undefined) proof.fact('verification', redactDeep(verification));
  proof.setSpans(rollback.spans);
}
