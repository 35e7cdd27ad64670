import * as core from '@actions/core';
import {
  errorMessage,
  formatDuration,
  rolloutChartSections,
  summaryCode,
  summaryHeading,
  summaryParagraph,
  summaryTable,
  writeSummary,
  type ProofRecorder,
  type SummarySection,
} from '@deploy-actions/core';
import {
  machineOutput,
  machineTable,
  recordMachineSteps,
  timelineSections,
  type DeployResult,
} from '@deploy-actions/release';

const STATUS_MARK: Record<DeployResult['status'], string> = {
  deployed: '✅',
  'rolled-back': '↩️',
  failed: '❌',
};

/** The `machines` output: one object per target machine. */
export function machinesOutput(result: DeployResult): string {
  return JSON.stringify(
    result.machines.map((m) => ({
      ...machineOutput(m),
      seconds: m.seconds,
      ...(m.replacedBy === undefined ? {} : { replacedBy: m.replacedBy }),
    })),
  );
}

/** Sets every output of fly-deploy from the result. */
export function setOutputs(result: DeployResult, durationMs: number): void {
  core.setOutput('status', result.status);
  core.setOutput('failure', result.failure ?? '');
  core.setOutput('image', result.image);
  core.setOutput('previous-image', result.previousImage ?? '');
  core.setOutput('release-label', result.releaseLabel);
  core.setOutput('release-version', result.releaseVersion === undefined ? '' : String(result.releaseVersion));
  core.setOutput('machines', machinesOutput(result));
  core.setOutput('rollback-plan', result.rollbackPlanPath ?? '');
  core.setOutput('duration-ms', String(Math.round(durationMs)));
}

function failureSections(result: DeployResult): SummarySection[] {
  if (result.error === undefined) return [];
  const message = errorMessage(result.error);
  const [first, ...rest] = message.split('\n');
  const sections: SummarySection[] = [
    summaryHeading(`Why it failed: ${result.failure ?? 'unknown'}`, 3),
    summaryParagraph(first ?? ''),
  ];
  const d = result.diagnosis;
  if (d !== undefined) {
    sections.push(
      summaryTable(
        ['Machine', 'Exit codes', 'Restart count'],
        [[d.machineId, d.exitCodes.join(', ') || 'none', d.restartCount]],
      ),
    );
    if (d.logLines !== undefined) {
      sections.push(
        summaryCode(d.logLines.length === 0 ? '(no log lines since the update)' : d.logLines.join('\n')),
      );
    } else if (d.logsUnavailable !== undefined) {
      sections.push(summaryParagraph(`Logs: ${d.logsUnavailable}`));
    }
  } else if (rest.length > 0) {
    sections.push(summaryCode(rest.join('\n')));
  }
  return sections;
}

/** Writes the step summary: the verdict, a table per machine, why it failed, what was restored, the timeline. */
export async function publishSummary(
  result: DeployResult,
  details: { app: string; strategy: string; durationMs: number; settings?: string[][] },
): Promise<void> {
  const sections: SummarySection[] = [
    summaryHeading(`fly-deploy ${details.app}: ${result.status} ${STATUS_MARK[result.status]}`),
    summaryParagraph(
      [
        `Image ${result.image}${result.previousImage === undefined ? '' : ` (was ${result.previousImage})`}`,
        `strategy ${details.strategy}`,
        `release ${result.releaseLabel}${result.releaseVersion === undefined ? '' : ` (v${result.releaseVersion})`}`,
        `took ${formatDuration(details.durationMs)}`,
      ].join('; '),
    ),
  ];
  if (details.settings !== undefined) {
    // Where each setting came from: an input, fly.toml (with its key), or the default.
    sections.push(summaryTable(['Setting', 'Value', 'From'], details.settings));
  }
  if (result.machines.length > 0) {
    sections.push(machineTable(result.machines, { heading: 'Seconds', cell: (m) => m.seconds }));
  }
  sections.push(...failureSections(result));
  sections.push(summaryHeading('Timeline chart', 3), ...rolloutChartSections(result.spans));
  if (result.restored.length > 0) {
    sections.push(
      summaryHeading('Rollback', 3),
      summaryTable(
        ['Machine', 'Result', 'Detail'],
        result.restored.map((r) => [r.machineId, r.result, r.detail ?? '']),
      ),
    );
  }
  sections.push(...timelineSections(result.timeline));
  await writeSummary(sections);
}

/** Records the deploy in the proof: every timeline step and the result as a fact. */
export function recordProof(proof: ProofRecorder, result: DeployResult): void {
  recordMachineSteps(proof, result.timeline, result.machines, (m) =>
    ['updated', 'rolled-back'].includes(m.result) ? 'ok' : m.result.includes('failed') ? 'failed' : 'info',
  );
  proof.fact('deploy', {
    status: result.status,
    failure: result.failure,
    image: result.image,
    previousImage: result.previousImage,
    releaseLabel: result.releaseLabel,
    releaseVersion: result.releaseVersion,
    rollbackPlan: result.rollbackPlanPath,
    machines: result.machines,
    restored: result.restored,
    diagnosis: result.diagnosis,
  });
  proof.setSpans(result.spans);
}
