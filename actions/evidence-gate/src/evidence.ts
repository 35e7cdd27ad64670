/** What the gate concluded about one piece of evidence. */
export type Verdict = 'pass' | 'fail' | 'missing' | 'pending' | 'unverified';

/** One row of the gate's table and proof record: a check, an artifact (and its assertion), or the promotion. */
export interface Evidence {
  kind: 'check' | 'status' | 'artifact' | 'promotion';
  /** What was asked for: the check pattern, `artifact` or `artifact/file`, the environment. */
  name: string;
  verdict: Verdict;
  /** What was found, in a few words (`conclusion failure`, `numFailedTests is 1`). */
  detail: string;
  /** Where it came from: run, job, check name. */
  source?: string;
  /** A link to it on GitHub. */
  url?: string;
  /** What to do about it; empty when it passed. */
  todo?: string;
}

/** The verdicts that block the gate, and how each is counted in the outputs. */
export function isMissing(e: Evidence): boolean {
  return e.verdict === 'missing' || e.verdict === 'pending';
}

/** Failed, or could not be verified (an unreadable answer is not a pass). */
export function isFailed(e: Evidence): boolean {
  return e.verdict === 'fail' || e.verdict === 'unverified';
}
