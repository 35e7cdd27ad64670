import * as core from '@actions/core';
import {
  log,
  redact,
  summaryHeading,
  summaryParagraph,
  summaryTable,
  writeSummary,
} from '@deploy-actions/core';
import { isFailed, isMissing, type Evidence, type Verdict } from './evidence.ts';

const MARK: Record<Verdict, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  missing: '❓ missing',
  pending: '⏳ still running',
  unverified: '⚠️ could not verify',
};

// The promotion row's name already says what it is ("promotion of staging").
const KIND: Record<Evidence['kind'], string> = {
  check: 'check ',
  status: 'status ',
  artifact: 'artifact ',
  promotion: '',
};

/** Names for the `missing` and `failed` outputs: one per line, each once. */
function names(evidence: readonly Evidence[], pick: (e: Evidence) => boolean): string {
  return [...new Set(evidence.filter(pick).map((e) => e.name))].join('\n');
}

/**
 * Logs one line per item, an error annotation per blocking item, and sets `ok` (only when the gate read everything
 * it was asked to and all passed), `missing` and `failed` (redacted: names come from APIs and artifacts).
 */
export function reportEvidence(evidence: readonly Evidence[], complete: boolean): void {
  for (const e of evidence) {
    const line = `${MARK[e.verdict]}  ${KIND[e.kind]}${e.name}: ${e.detail}${e.source === undefined ? '' : ` [${e.source}]`}`;
    log.info(line);
    if (e.verdict !== 'pass') {
      log.error(`${e.name}: ${e.detail}. ${e.todo ?? ''}`.trim(), {
        title: `Evidence ${e.verdict === 'pending' ? 'still running' : e.verdict}: ${e.name}`,
      });
    }
  }
  core.setOutput('ok', String(complete && evidence.every((e) => e.verdict === 'pass')));
  core.setOutput('missing', redact(names(evidence, isMissing)));
  core.setOutput('failed', redact(names(evidence, isFailed)));
}

/** The step summary: one table of every item, where it came from, its verdict and what to do. */
export async function publishEvidenceSummary(evidence: readonly Evidence[], sha: string): Promise<void> {
  const passed = evidence.filter((e) => e.verdict === 'pass').length;
  await writeSummary([
    summaryHeading(`Evidence gate ${passed === evidence.length ? '✅' : '❌'}`),
    summaryParagraph(`${passed} of ${evidence.length} item(s) passed for commit ${sha}.`),
    summaryTable(
      ['Evidence', 'From', 'Verdict', 'What to do'],
      evidence.map((e) => [
        `${KIND[e.kind]}${e.name}`,
        [e.source ?? '', e.url ?? ''].filter((s) => s !== '').join('\n'),
        `${MARK[e.verdict]}: ${e.detail}`,
        e.todo ?? '',
      ]),
    ),
  ]);
}
