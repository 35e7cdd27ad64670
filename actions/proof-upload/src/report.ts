import {
  rolloutChartSections,
  summaryHeading,
  summaryList,
  summaryParagraph,
  summaryTable,
  writeSummary,
  type SummarySection,
} from '@deploy-actions/core';
import { TIMELINE_FILE, type Manifest } from '@deploy-actions/proof-bundle';
import type { ReadRecord } from './stage.ts';
import { brokenRecords, timelineSections } from './timeline.ts';
import type { Uploaded } from './upload.ts';

const OUTCOME_MARK: Record<Manifest['outcome'], string> = { success: '✅', failure: '❌', none: '➖' };
const MAX_FACTS = 8;
const MAX_FACT_TEXT = 120;
/** Steps the summary's timeline shows: the runner keeps at most 1 MiB of a step's summary; all are in the artifact. */
const MAX_TIMELINE_LINES = 500;

/**
 * The facts worth a glance in the status matrix (versions, images, verdicts), as `name: value`; nested objects one
 * level deep, the run's own `github` context left out since the summary already names the run.
 */
export function factLines(facts: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const show = (name: string, value: unknown): void => {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      lines.push(`${name}: ${String(value)}`.slice(0, MAX_FACT_TEXT));
    } else if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
      lines.push(`${name}: ${value.map(String).join(', ')}`.slice(0, MAX_FACT_TEXT));
    }
  };
  for (const [key, value] of Object.entries(facts)) {
    if (key === 'github') continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [sub, inner] of Object.entries(value)) show(`${key}.${sub}`, inner);
    } else show(key, value);
  }
  return lines.length > MAX_FACTS
    ? [...lines.slice(0, MAX_FACTS), `… ${lines.length - MAX_FACTS} more`]
    : lines;
}

/** The step summary: outcome and artifact, the status matrix, broken records, left-out files, and the timeline. */
export async function publishSummary(
  manifest: Manifest,
  records: readonly ReadRecord[],
  uploaded: Uploaded | undefined,
): Promise<void> {
  const artifact =
    uploaded === undefined
      ? 'Nothing was uploaded.'
      : `Artifact ${manifest.name} (id ${uploaded.id}, sha256 ${uploaded.digest}): ${uploaded.url}`;
  const sections: SummarySection[] = [
    summaryHeading(`Deploy proof ${OUTCOME_MARK[manifest.outcome]}`),
    summaryParagraph(
      `${manifest.verdicts.length} record(s), ${manifest.files.length} file(s), ${manifest.redactions.total} redaction(s). ${artifact}`,
    ),
  ];
  if (records.length > 0) {
    sections.push(
      summaryHeading('Status', 3),
      summaryTable(
        ['App', 'Action', 'Outcome', 'Versions and verdicts', 'Record'],
        [...records]
          .sort((a, b) => a.record.startedAt.localeCompare(b.record.startedAt))
          .map(({ bundlePath, record }) => [
            record.app ?? '',
            record.action,
            `${record.outcome === 'success' ? '✅' : '❌'} ${record.outcome}${record.error === undefined ? '' : ` (${record.error.code})`}`,
            factLines(record.facts).join('\n'),
            bundlePath,
          ]),
      ),
    );
  }
  const broken = brokenRecords(manifest.files);
  if (broken.length > 0) sections.push(summaryHeading('Broken records', 3), summaryList(broken));
  if (manifest.omitted.length > 0) {
    sections.push(
      summaryHeading('Left out', 3),
      summaryList(manifest.omitted.map((o) => `${o.origin}: ${o.reason}`)),
    );
  }
  const timeline = timelineSections(records);
  if (timeline.length > 0) {
    sections.push(summaryHeading('Timeline', 3));
    let budget = MAX_TIMELINE_LINES;
    for (const section of timeline) {
      if (budget <= 0) {
        sections.push(summaryParagraph(`… the rest of the run is in ${TIMELINE_FILE} in the artifact.`));
        break;
      }
      const lines = section.lines.slice(0, budget);
      budget -= lines.length;
      if (lines.length < section.lines.length) {
        lines.push(`… ${section.lines.length - lines.length} more in ${TIMELINE_FILE}`);
      }
      sections.push(summaryParagraph(section.title), summaryList(lines));
      if (section.spans.length > 0) sections.push(...rolloutChartSections(section.spans));
    }
  }
  await writeSummary(sections);
}
