import type { SecretLevel } from './spec.ts';

/**
 * What a check concluded. `missing` and `invalid` are problems; `unverified` means the check could not run (the Fly
 * API was unreachable), which is not a verdict on the secret; `skipped` means an earlier problem made it pointless.
 */
export type FindingCategory = 'ok' | 'missing' | 'invalid' | 'unverified' | 'skipped';

/** One row of the report: a secret, or the Fly token against one app, or one app secret on Fly. */
export interface Finding {
  /** The secret's name, as it goes into the `missing`/`invalid` outputs. */
  name: string;
  /** What was checked, as the table shows it (`FLY_API_TOKEN → web`). */
  subject: string;
  level: SecretLevel;
  category: FindingCategory;
  /** What was found, in words that never quote a value. */
  verdict: string;
  /** What to do about it; empty when nothing is to be done. */
  fix: string;
  /** The `fly-request-id` of the Fly call behind the verdict. */
  requestId?: string;
}

/** The `fail-on` input: which findings fail the step. */
export type FailOn = 'critical' | 'any' | 'never';

/** Whether a finding is a problem that `failOn` counts (for `never`, whether it would fail under `critical`). */
export function counts(finding: Finding, failOn: FailOn): boolean {
  if (failOn === 'any') return finding.category !== 'ok' && finding.category !== 'skipped';
  return finding.level === 'critical' && (finding.category === 'missing' || finding.category === 'invalid');
}

/** Whether a finding deserves a line in the log and an annotation. */
export function isProblem(finding: Finding): boolean {
  return finding.category !== 'ok' && finding.category !== 'skipped';
}
