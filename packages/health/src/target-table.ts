import { summaryTable, type SummaryCell, type SummarySection } from '@deploy-actions/core';
import type { TargetVerdict } from './evaluate.ts';
import type { TargetReport } from './gate.ts';

/** How {@link targetTable} lays the table out. */
export interface TargetTableOptions {
  /** Adds the p50 and p95 latency columns after `HTTP`. */
  latency?: boolean;
  /** How each verdict is written before its reason; the bare word (`pass`) when not given. */
  verdictLabels?: Readonly<Record<TargetVerdict, string>>;
}

function ms(value: number | undefined): string {
  return value === undefined ? '–' : `${value}ms`;
}

/**
 * The step-summary table of the HTTP targets the gate judged, one row each: verdict and reason, the last HTTP code,
 * attempts, the version answering and the last error (health-gate's and rollback-on-failure's verification alike).
 */
export function targetTable(
  targets: readonly TargetReport[],
  options: TargetTableOptions = {},
): SummarySection {
  const latency = options.latency === true;
  return summaryTable(
    [
      'Target',
      'Verdict',
      'HTTP',
      ...(latency ? ['p50', 'p95'] : []),
      'Attempts',
      'Version answering',
      'Last error',
    ],
    targets.map((t): SummaryCell[] => [
      t.name,
      `${options.verdictLabels?.[t.verdict] ?? t.verdict}: ${t.reason}`,
      t.lastCode ?? '–',
      ...(latency ? [ms(t.p50Ms), ms(t.p95Ms)] : []),
      t.attempts,
      t.versionSeen ?? '–',
      t.lastProblem ?? '',
    ]),
  );
}
