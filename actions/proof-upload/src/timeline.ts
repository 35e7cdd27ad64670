import {
  formatDuration,
  rolloutChartMarkdown,
  type ProofRecord,
  type ProofStepResult,
  type RolloutSpan,
} from '@deploy-actions/core';
import type { ManifestFile, RunMetadata, Verdict } from '@deploy-actions/proof-bundle';
import type { ReadRecord } from './stage.ts';

const STEP_MARK: Record<ProofStepResult, string> = { ok: '✅', failed: '❌', skipped: '➖', info: 'ℹ️' };
const OUTCOME_MARK: Record<ProofRecord['outcome'], string> = {
  success: '✅',
  failure: '❌',
  cancelled: '⏹️',
};

/** One verdict per readable record, in the order the runs started. */
export function verdictsOf(records: readonly ReadRecord[]): Verdict[] {
  return sortByStart(records).map(({ bundlePath, record }) => ({
    action: record.action,
    outcome: record.outcome,
    ...(record.app === undefined ? {} : { app: record.app }),
    record: bundlePath,
    ...(record.error === undefined ? {} : { error: `${record.error.code}: ${record.error.message}` }),
  }));
}

/** `failure` when any run failed or was cancelled or any record is broken; `none` with no record at all. */
export function overallOutcome(
  verdicts: readonly Verdict[],
  files: readonly ManifestFile[],
): 'success' | 'failure' | 'none' {
  const broken = files.some((f) => f.record?.valid === false);
  if (verdicts.length === 0 && !broken) return 'none';
  return broken || verdicts.some((v) => v.outcome !== 'success') ? 'failure' : 'success';
}

function sortByStart(records: readonly ReadRecord[]): ReadRecord[] {
  return [...records].sort((a, b) => a.record.startedAt.localeCompare(b.record.startedAt));
}

/** `04:05:06` (UTC) of an ISO time. */
function clock(iso: string): string {
  return iso.slice(11, 19);
}

/** Markdown text of a table cell or list item: one line, no table breaks, no HTML. */
function inline(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

/** One run of an action in words: a title line and one line per step, and its rollout's spans for the chart. */
export interface TimelineSection {
  title: string;
  lines: string[];
  record: string;
  /** Empty for a run that changed no machine (or an action that changes none). */
  spans: RolloutSpan[];
}

/** The runs in the order they started, each step in words (shared by `timeline.md` and the step summary). */
export function timelineSections(records: readonly ReadRecord[]): TimelineSection[] {
  return sortByStart(records).map(({ bundlePath, record }) => {
    const took = Date.parse(record.finishedAt) - Date.parse(record.startedAt);
    const app = record.app === undefined ? '' : ` for ${inline(record.app)}`;
    const lines = record.steps.map((step) => {
      const detail = step.detail === undefined ? '' : `: ${inline(step.detail)}`;
      return `${clock(step.at)} ${STEP_MARK[step.result]} ${inline(step.what)}${detail}`;
    });
    if (record.error !== undefined) {
      const hint = record.error.hint === undefined ? '' : ` What to do: ${inline(record.error.hint)}`;
      const id =
        record.error.requestId === undefined ? '' : ` (Fly request id ${inline(record.error.requestId)})`;
      lines.push(`error ${record.error.code}: ${inline(record.error.message)}${id}.${hint}`);
    }
    return {
      title:
        `${clock(record.startedAt)} ${record.action}${app}: ${OUTCOME_MARK[record.outcome]} ${record.outcome}` +
        ` (${formatDuration(Number.isFinite(took) && took >= 0 ? took : 0)})`,
      lines,
      record: bundlePath,
      spans: record.spans ?? [],
    };
  });
}

/**
 * `timeline.md`: the run in words, run by run and step by step, from the (already redacted) records; broken
 * records are named with what is wrong with them.
 */
export function buildTimeline(
  run: RunMetadata,
  records: readonly ReadRecord[],
  files: readonly ManifestFile[],
): string {
  const out: string[] = [
    `# Deploy proof: ${inline(run.repository)} @ ${run.sha.slice(0, 12)}`,
    '',
    `Workflow **${inline(run.workflow)}**, job **${inline(run.job)}**, run ${run.runId} attempt ${run.runAttempt}, ` +
      `triggered by ${inline(run.event)} from ${inline(run.actor)} on ${inline(run.ref)}: ${run.runUrl}`,
    '',
  ];
  if (records.length === 0) out.push('No proof record was found.', '');
  for (const section of timelineSections(records)) {
    out.push(
      `## ${section.title}`,
      '',
      ...section.lines.map((line) => `- ${line}`),
      '',
      ...(section.spans.length === 0 ? [] : [rolloutChartMarkdown(section.spans), '']),
      `Record: \`${section.record}\``,
      '',
    );
  }
  const broken = brokenRecords(files);
  if (broken.length > 0) out.push('## Broken records', '', ...broken.map((line) => `- ${line}`), '');
  return `${out.join('\n')}\n`;
}

/** `path: what is wrong (kept, redacted)` for each record that failed its schema check. */
export function brokenRecords(files: readonly ManifestFile[]): string[] {
  return files.flatMap((f) =>
    f.record?.valid === false ? [`${f.path}: ${inline(f.record.problem)} (kept, redacted)`] : [],
  );
}
