import { formatJsonPath, readJsonPath, type JsonPath } from '@deploy-actions/core';
import { percentile } from './latency.ts';
import type { ProbeAnswer } from './probe.ts';
import { statusAllowed } from './status.ts';
import type { HealthTarget } from './targets.ts';

/**
 * What one measurement says, in Argo Rollouts' terms: `success` and `failure` are answers judged against the
 * target's checks; `error` is no complete answer (refused, DNS, TLS, timeout, reset); `inconclusive` is an answer
 * that could not be read for what was asked (a body that is not JSON when a JSON path is checked, a body cut at the
 * size limit, no version header): "could not verify", never a verdict.
 */
export type MeasurementOutcome = 'success' | 'failure' | 'error' | 'inconclusive';

/** Which release must be answering, and where an answer shows its release. */
export interface VersionCheck {
  /** The release label or image tag that must answer, compared as an exact string. */
  expected: string;
  /** Where in a JSON body the version is (default `$.version`). */
  path: JsonPath;
  /** When set, the version is read from this answer header instead (lower-case). */
  header?: string;
}

/** One probe of one target, as recorded: every one is kept in the report. */
export interface Measurement {
  /** 1 for the target's first probe. */
  attempt: number;
  /** When the probe started (ISO 8601, UTC). */
  at: string;
  /** Milliseconds from the gate's start to the probe's start. */
  offsetMs: number;
  /** The HTTP code as three digits, `000` when no answer arrived. */
  code: string;
  latencyMs: number;
  outcome: MeasurementOutcome;
  /** The release the answer showed, when it showed one. */
  version?: string;
  /** The Fly machine that answered (`fly-machine` header), when the answer said. */
  machine?: string;
  /** The network error kind, for `error` measurements. */
  error?: string;
  /** Why the outcome is what it is, in words. */
  reason: string;
  /**
   * False for a probe cut short because the gate's budget ran out: kept in the report, left out of the verdict (the
   * target's fault is not proven by our deadline).
   */
  counted: boolean;
}

/** A target's verdict: `pass`, `fail`, or `undecided` while it is still being probed (or when the budget ran out). */
export type TargetVerdict = 'pass' | 'fail' | 'undecided';

/** How a target is judged over its measurements: the policy inputs of the gate. */
export interface HealthPolicy {
  /** The whole gate's budget; targets undecided by then make the result `inconclusive`. */
  timeoutMs: number;
  /** Time between the starts of two probes of one target. */
  intervalMs: number;
  /** Time before the first probe of each target (inside the budget). */
  warmupMs: number;
  /** Successes in a row that pass a target. */
  consecutiveSuccesses: number;
  /** Failures (answers judged bad) in a row that fail a target. */
  failureLimit: number;
  /** Errors (no complete answer) in a row that fail a target. */
  errorLimit: number;
  /** When set, the p95 latency of a target's successful measurements must not exceed it for the target to pass. */
  p95LatencyMs?: number;
}

/** The policy defaults, as `health-gate/action.yml` declares them. */
export const DEFAULT_POLICY: HealthPolicy = {
  timeoutMs: 120_000,
  intervalMs: 2000,
  warmupMs: 0,
  consecutiveSuccesses: 3,
  failureLimit: 3,
  errorLimit: 5,
};

const QUOTE_LIMIT = 80;

/** A value from an answer, quoted for a reason; long values are cut (they come from a server we do not trust). */
function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const cut = text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
  return JSON.stringify(cut);
}

type Judgement = Pick<Measurement, 'outcome' | 'reason'> & { version?: string };

function parseJson(answer: ProbeAnswer): { document: unknown } | { unreadable: string } {
  if (answer.truncated) return { unreadable: 'the body is over 1 MiB and was not read to its end' };
  try {
    return { document: JSON.parse(answer.body) as unknown };
  } catch {
    return { unreadable: 'the body is not JSON' };
  }
}

function readVersion(answer: ProbeAnswer, check: VersionCheck): { version: string } | { none: string } {
  if (check.header !== undefined) {
    const value = answer.headers.get(check.header);
    return value === undefined
      ? { none: `the answer has no ${check.header} header` }
      : { version: value.trim() };
  }
  const json = parseJson(answer);
  if ('document' in json) {
    const found = readJsonPath(json.document, check.path);
    if ('value' in found && (typeof found.value === 'string' || typeof found.value === 'number'))
      return { version: String(found.value) };
  }
  if (answer.body.includes(check.expected)) return { version: check.expected };
  return {
    none: `no version at ${formatJsonPath(check.path)} and ${quote(check.expected)} is not in the body`,
  };
}

/**
 * Judges one answer against the target's checks, in this order: no answer (`error`), the HTTP code, `max-latency-ms`,
 * `body-json`, `body-contains`, then the version. The first check that does not hold decides; an answer whose body
 * cannot be read for a check is `inconclusive`.
 */
export function judgeAnswer(target: HealthTarget, answer: ProbeAnswer, version?: VersionCheck): Judgement {
  if (answer.error !== undefined) return { outcome: 'error', reason: answer.error.detail };
  const status = answer.status ?? 0;
  if (!statusAllowed(target.expectStatus, status))
    return { outcome: 'failure', reason: `HTTP ${status}, expected ${target.expectStatus.text}` };
  if (target.maxLatencyMs !== undefined && answer.latencyMs > target.maxLatencyMs)
    return {
      outcome: 'failure',
      reason: `too slow: answered in ${answer.latencyMs}ms, over max-latency-ms ${target.maxLatencyMs}`,
    };
  if (target.bodyJson !== undefined) {
    const where = formatJsonPath(target.bodyJson.path);
    const json = parseJson(answer);
    if ('unreadable' in json)
      return { outcome: 'inconclusive', reason: `${json.unreadable}; cannot read ${where}` };
    const found = readJsonPath(json.document, target.bodyJson.path);
    if ('missing' in found) return { outcome: 'failure', reason: `${where} is missing from the answer` };
    if (JSON.stringify(found.value) !== JSON.stringify(target.bodyJson.equals))
      return {
        outcome: 'failure',
        reason: `${where} is ${quote(found.value)}, expected ${quote(target.bodyJson.equals)}`,
      };
  }
  if (target.bodyContains !== undefined && !answer.body.includes(target.bodyContains)) {
    return answer.truncated
      ? {
          outcome: 'inconclusive',
          reason: `${quote(target.bodyContains)} is not in the first 1 MiB of the body`,
        }
      : { outcome: 'failure', reason: `the body does not contain ${quote(target.bodyContains)}` };
  }
  let seen: string | undefined;
  if (version !== undefined) {
    const read = readVersion(answer, version);
    if ('none' in read) {
      return version.header !== undefined || answer.truncated
        ? { outcome: 'inconclusive', reason: `cannot tell the version: ${read.none}` }
        : { outcome: 'failure', reason: `version ${quote(version.expected)} not found: ${read.none}` };
    }
    seen = read.version;
    if (seen !== version.expected)
      return {
        outcome: 'failure',
        version: seen,
        reason: `old release answering: ${quote(seen)}, expected ${quote(version.expected)}`,
      };
  }
  return {
    outcome: 'success',
    ...(seen === undefined ? {} : { version: seen }),
    reason: `HTTP ${status} in ${answer.latencyMs}ms${seen === undefined ? '' : `, version ${quote(seen)}`}`,
  };
}

/** Counts over a target's measurements, as the assessment sees them after the last one. */
export interface TargetTally {
  successes: number;
  failures: number;
  errors: number;
  inconclusive: number;
  consecutiveSuccesses: number;
  consecutiveFailures: number;
  consecutiveErrors: number;
}

/** A target's assessment: its verdict and why. */
export interface TargetAssessment {
  verdict: TargetVerdict;
  reason: string;
  tally: TargetTally;
  /** The attempt that decided the verdict. */
  decidedBy?: number;
}

/**
 * Assesses a target over its measurements in order, as Argo Rollouts assesses a metric after each measurement, with
 * our limits counted as streaks ("in a row"): each measurement resets every streak but its own kind's, so
 * `inconclusive` resets all three. The first limit reached decides and later measurements are ignored:
 * - `failureLimit` failures in a row → `fail`;
 * - `errorLimit` errors in a row → `fail`;
 * - `consecutiveSuccesses` successes in a row → `pass`, unless the p95 of the target's successful latencies so far
 *   exceeds `p95LatencyMs`, which is a `fail`.
 * Measurements with `counted: false` are skipped. Otherwise the target is `undecided`.
 */
export function assessTarget(measurements: readonly Measurement[], policy: HealthPolicy): TargetAssessment {
  const tally: TargetTally = {
    successes: 0,
    failures: 0,
    errors: 0,
    inconclusive: 0,
    consecutiveSuccesses: 0,
    consecutiveFailures: 0,
    consecutiveErrors: 0,
  };
  const successLatency: number[] = [];
  for (const m of measurements) {
    if (!m.counted) continue;
    tally.consecutiveSuccesses = m.outcome === 'success' ? tally.consecutiveSuccesses + 1 : 0;
    tally.consecutiveFailures = m.outcome === 'failure' ? tally.consecutiveFailures + 1 : 0;
    tally.consecutiveErrors = m.outcome === 'error' ? tally.consecutiveErrors + 1 : 0;
    if (m.outcome === 'success') {
      tally.successes++;
      successLatency.push(m.latencyMs);
    } else if (m.outcome === 'failure') tally.failures++;
    else if (m.outcome === 'error') tally.errors++;
    else tally.inconclusive++;

    if (tally.consecutiveFailures >= policy.failureLimit)
      return {
        verdict: 'fail',
        reason: `${tally.consecutiveFailures} failures in a row: ${m.reason}`,
        tally,
        decidedBy: m.attempt,
      };
    if (tally.consecutiveErrors >= policy.errorLimit)
      return {
        verdict: 'fail',
        reason: `${tally.consecutiveErrors} errors in a row: ${m.reason}`,
        tally,
        decidedBy: m.attempt,
      };
    if (tally.consecutiveSuccesses >= policy.consecutiveSuccesses) {
      const p95 = percentile(successLatency, 95) ?? 0;
      if (policy.p95LatencyMs !== undefined && p95 > policy.p95LatencyMs)
        return {
          verdict: 'fail',
          reason: `p95 latency ${p95}ms of ${successLatency.length} successful answers is over p95-latency-ms ${policy.p95LatencyMs}`,
          tally,
          decidedBy: m.attempt,
        };
      return {
        verdict: 'pass',
        reason: `${tally.consecutiveSuccesses} successes in a row${m.version === undefined ? '' : `, version ${quote(m.version)}`}`,
        tally,
        decidedBy: m.attempt,
      };
    }
  }
  const last = measurements.filter((m) => m.counted).at(-1);
  return {
    verdict: 'undecided',
    reason:
      last === undefined
        ? 'not probed yet'
        : `no verdict yet: ${tally.consecutiveSuccesses} of ${policy.consecutiveSuccesses} successes in a row; last: ${last.outcome}, ${last.reason}`,
    tally,
  };
}
