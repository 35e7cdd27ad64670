import { formatDuration, log } from '@deploy-actions/core';
import { minimatch } from 'minimatch';
import { z } from 'zod';
import type { Evidence } from './evidence.ts';
import { readAnswer, readFailure, sleep, type GitHubReader } from './github.ts';
import type { RequiredCheck } from './inputs.ts';

/** Time kept, before the run's deadline, to report checks still running. */
const REPORT_MARGIN_MS = 3000;

/** A check run or a commit status, reduced to what the gate judges. */
interface Signal {
  kind: 'check' | 'status';
  name: string;
  /** `completed` check runs and final statuses are settled. */
  settled: boolean;
  /** Check-run conclusion or status state. */
  result: string;
  url?: string;
  source: string;
}

// `*` matches any text but `/`; parentheses, `!` and `{}` are literal (check names such as `e2e (ubuntu)`).
const GLOB_OPTIONS = { noext: true, nobrace: true, nonegate: true, nocomment: true, dot: true } as const;

const checkRunsSchema = z.array(
  z.object({
    id: z.number(),
    name: z.string(),
    status: z.string(),
    conclusion: z.string().nullish(),
    html_url: z.string().nullish(),
    details_url: z.string().nullish(),
    app: z.object({ name: z.string().nullish() }).nullish(),
  }),
);

const statusesSchema = z.array(
  z.object({
    context: z.string(),
    state: z.string(),
    target_url: z.string().nullish(),
    creator: z.object({ login: z.string() }).nullish(),
  }),
);

/** Every check run (latest per name, as GitHub's `filter=latest`) and the latest status per context on `sha`. */
async function readSignals(reader: GitHubReader, sha: string): Promise<Signal[]> {
  const { octokit, owner, repo } = reader;
  const runsWhat = `the check runs of ${sha}`;
  let runs;
  try {
    const answer: unknown = await octokit.paginate(octokit.rest.checks.listForRef, {
      owner,
      repo,
      ref: sha,
      filter: 'latest',
      per_page: 100,
    });
    runs = readAnswer(checkRunsSchema, answer, runsWhat);
  } catch (error) {
    throw readFailure(reader, runsWhat, error);
  }
  const statusesWhat = `the commit statuses of ${sha}`;
  let statuses;
  try {
    const answer: unknown = await octokit.paginate(octokit.rest.repos.listCommitStatusesForRef, {
      owner,
      repo,
      ref: sha,
      per_page: 100,
    });
    statuses = readAnswer(statusesSchema, answer, statusesWhat);
  } catch (error) {
    throw readFailure(reader, statusesWhat, error);
  }
  const signals: Signal[] = runs.map((run) => ({
    kind: 'check' as const,
    name: run.name,
    settled: run.status === 'completed',
    result: run.status === 'completed' ? (run.conclusion ?? 'none') : run.status,
    ...(run.html_url || run.details_url ? { url: run.html_url || run.details_url || '' } : {}),
    source: `check run ${run.id}${run.app?.name ? ` (${run.app.name})` : ''}`,
  }));
  // Statuses come newest first; only the latest of each context counts, as on GitHub's commit page.
  const latest = new Map<string, (typeof statuses)[number]>();
  for (const status of statuses) if (!latest.has(status.context)) latest.set(status.context, status);
  for (const [context, status] of latest) {
    signals.push({
      kind: 'status',
      name: context,
      settled: status.state !== 'pending',
      result: status.state,
      ...(status.target_url ? { url: status.target_url } : {}),
      source: `commit status${status.creator ? ` by ${status.creator.login}` : ''}`,
    });
  }
  return signals;
}

function judge(required: RequiredCheck, signal: Signal): Evidence {
  const base = {
    kind: signal.kind,
    name: signal.name,
    source: signal.source,
    ...(signal.url === undefined ? {} : { url: signal.url }),
  };
  if (!signal.settled) {
    return {
      ...base,
      verdict: 'pending',
      detail: `still ${signal.result}`,
      todo: 'Wait for it to finish (set `wait` to let the gate wait), or run the gate in a job that `needs:` it.',
    };
  }
  if (signal.result === 'success') return { ...base, verdict: 'pass', detail: 'success' };
  if (
    (signal.result === 'skipped' || signal.result === 'neutral') &&
    required.allow.includes(signal.result)
  ) {
    return { ...base, verdict: 'pass', detail: `${signal.result} (allowed)` };
  }
  const allowHint =
    signal.result === 'skipped' || signal.result === 'neutral'
      ? ` If ${signal.result} is acceptable for it, list it as \`- { name: ${required.pattern}, allow: [${signal.result}] }\`.`
      : '';
  return {
    ...base,
    verdict: 'fail',
    detail: signal.result,
    todo: `Fix what made "${signal.name}" end ${signal.result} and re-run it on this commit.${allowHint}`,
  };
}

function evaluate(required: readonly RequiredCheck[], signals: readonly Signal[], sha: string): Evidence[] {
  const evidence: Evidence[] = [];
  for (const check of required) {
    const matches = signals.filter((s) => minimatch(s.name, check.pattern, GLOB_OPTIONS));
    if (matches.length === 0) {
      evidence.push({
        kind: 'check',
        name: check.pattern,
        verdict: 'missing',
        detail: `no check run or commit status matches on ${sha.slice(0, 12)}`,
        todo: 'Check the name (it is the job name, or the status context) and that the workflow ran on this commit.',
      });
    } else for (const match of matches) evidence.push(judge(check, match));
  }
  return evidence;
}

/**
 * Judges the required checks on `sha`. Checks still running are waited for up to `waitMs` (polling with a growing
 * interval, with progress lines); what is still running then stays `pending`.
 */
export async function gatherChecks(
  reader: GitHubReader,
  sha: string,
  required: readonly RequiredCheck[],
  waitMs: number,
): Promise<Evidence[]> {
  if (required.length === 0) return [];
  const started = Date.now();
  const progress = log.progress('checks still running', { timeoutMs: waitMs, intervalMs: 10_000 });
  let interval = 2000;
  let announced = false;
  for (;;) {
    const signals = await readSignals(reader, sha);
    const evidence = evaluate(required, signals, sha);
    const pending = evidence.filter((e) => e.verdict === 'pending');
    // Stop waiting a little before the run's deadline, so what is still running is reported, not cut off.
    const left = Math.min(started + waitMs, reader.deadline - REPORT_MARGIN_MS) - Date.now();
    if (pending.length === 0 || left <= 0) {
      log.info(`read ${signals.length} check run(s) and status(es) on ${sha}`);
      return evidence;
    }
    const names = pending.map((e) => e.name).join(', ');
    if (!announced) log.info(`waiting up to ${formatDuration(waitMs)} for ${names}`);
    announced = true;
    progress.tick(names);
    await sleep(Math.min(interval, left), reader.signal);
    interval = Math.min(interval * 1.5, 30_000);
  }
}
