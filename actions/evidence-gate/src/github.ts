import { getOctokit } from '@actions/github';
import {
  DeployActionError,
  errorMessage,
  formatDuration,
  log,
  redactAndShorten,
  transportReason,
} from '@deploy-actions/core';
import type { z } from 'zod';

/** An Octokit bound to the repository the gate reads. */
export interface GitHubReader {
  octokit: ReturnType<typeof getOctokit>;
  owner: string;
  repo: string;
  token: string;
  signal: AbortSignal;
  /** When the run's time is up (epoch ms). */
  deadline: number;
}

/** A GitHub API call that failed, with the request id GitHub gave it (shown by runAction). */
export class GitHubReadError extends DeployActionError {
  /** `x-github-request-id`, for GitHub support. */
  readonly requestId?: string;
  /** The HTTP status, when there was an answer. */
  readonly status?: number;

  /** Wraps `cause`; `what` says what the gate was reading. */
  constructor(what: string, cause: unknown) {
    // Octokit turns a transport failure into a status-500 error without a response: say what happened instead.
    const answered =
      typeof cause === 'object' && cause !== null && 'response' in cause && cause.response !== undefined;
    const status = answered ? statusOf(cause) : undefined;
    const requestId = headerOf(cause, 'x-github-request-id');
    const reason = answered ? errorMessage(cause) : `no answer: ${transportReason(cause)}`;
    super(
      `could not read ${what}${status === undefined ? '' : ` (HTTP ${status})`}: ${redactAndShorten(reason, 200)}`,
      { code: 'github-read-failed', hint: hintFor(status, what), cause },
    );
    if (status !== undefined) this.status = status;
    if (requestId !== undefined) this.requestId = requestId;
  }
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const status = Number(error.status);
  return Number.isInteger(status) ? status : undefined;
}

function headerOf(error: unknown, name: string): string | undefined {
  const response =
    typeof error === 'object' && error !== null && 'response' in error ? error.response : undefined;
  const headers =
    typeof response === 'object' && response !== null && 'headers' in response ? response.headers : undefined;
  const value =
    typeof headers === 'object' && headers !== null ? (headers as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function hintFor(status: number | undefined, what: string): string {
  switch (status) {
    case 401:
      return 'The github-token is invalid or expired: pass the job token (the default) or a valid token.';
    case 403:
      return `The token may not read ${what}: give the job \`permissions: { checks: read, statuses: read, actions: read, deployments: read }\`, or give a fine-grained token read access to this repository.`;
    case 404:
      return "The repository, run or workflow was not found with this token: check repository, run-id, workflow and the token's repository access.";
    default:
      return 'Re-run the job; if it keeps failing, check https://www.githubstatus.com';
  }
}

/**
 * The error for a failed read: the run's own abort (timeout, cancel) as it is, a `DeployActionError` unchanged,
 * anything else a {@link GitHubReadError}.
 */
export function readFailure(reader: GitHubReader, what: string, error: unknown): Error {
  if (reader.signal.aborted) return reader.signal.reason as Error;
  if (error instanceof DeployActionError) return error;
  if (statusOf(error) === undefined) {
    // Not an HTTP failure: Octokit choked on an answer it could not read (an HTML page where JSON belongs).
    return new DeployActionError(
      `could not verify ${what}: GitHub's answer could not be read (${redactAndShorten(errorMessage(error), 120)})`,
      {
        code: 'github-unreadable',
        hint: 'Check that GITHUB_API_URL is a GitHub REST API; re-run if it keeps happening.',
        cause: error,
      },
    );
  }
  return new GitHubReadError(what, error);
}

/**
 * Checks an answer's shape: an answer the gate cannot read is "could not verify", never a verdict, and never a
 * crash deeper down.
 */
export function readAnswer<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue === undefined ? '' : ` (${issue.path.join('.') || 'the body'}: ${issue.message})`;
  throw new DeployActionError(
    `could not verify ${what}: GitHub's answer was not of the expected shape${where}`,
    {
      code: 'github-unreadable',
      hint: 'Check that GITHUB_API_URL is a GitHub REST API; re-run if it keeps happening.',
    },
  );
}

/** Below this many requests left in the window, the gate says so once. */
const LOW_RATE_LIMIT = 50;

/** Resolves after `ms`, or rejects with the signal's reason when the run is aborted first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}

/** How long GitHub asks us to wait, from `retry-after` or `x-ratelimit-reset`, when a 403/429 is a rate limit. */
function rateLimitWaitMs(error: unknown): number | undefined {
  const status = statusOf(error);
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = Number(headerOf(error, 'retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  if (headerOf(error, 'x-ratelimit-remaining') !== '0') return undefined;
  const reset = Number(headerOf(error, 'x-ratelimit-reset'));
  return Number.isFinite(reset) ? Math.max(0, reset * 1000 - Date.now()) : undefined;
}

/**
 * Creates the reader. Octokit honours `GITHUB_API_URL`. A hook keeps within GitHub's rate limits: it warns once when
 * few requests are left, and on a rate-limit answer waits for the reset (with a progress line) when that is before
 * the deadline, else fails saying when the limit resets. @octokit/plugin-throttling does the waiting too, but it
 * cannot be bounded by the run's deadline and retries silently; this keeps both in the run's hands.
 */
export function createReader(options: {
  token: string;
  owner: string;
  repo: string;
  signal: AbortSignal;
  deadline: number;
}): GitHubReader {
  const { signal, deadline } = options;
  const octokit = getOctokit(options.token, { request: { signal } });
  let warned = false;
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await request(requestOptions);
        const remaining = Number(response.headers['x-ratelimit-remaining']);
        if (!warned && Number.isFinite(remaining) && remaining < LOW_RATE_LIMIT) {
          warned = true;
          log.warn(`only ${remaining} GitHub API request(s) left for this token until the limit resets`, {
            title: 'GitHub rate limit',
          });
        }
        return response;
      } catch (error) {
        const waitMs = rateLimitWaitMs(error);
        if (waitMs === undefined || attempt > 0) throw error;
        if (Date.now() + waitMs >= deadline) {
          throw new DeployActionError(
            `GitHub's API rate limit for this token is spent and resets in ${formatDuration(waitMs)}, after this step's timeout`,
            {
              code: 'github-rate-limited',
              hint: 'Re-run after the reset, raise `timeout` so the gate can wait for it, or use a token with its own limit.',
              cause: error,
            },
          );
        }
        log.info(`GitHub's API rate limit is spent; waiting ${formatDuration(waitMs)} for it to reset`);
        await sleep(waitMs, signal);
      }
    }
  });
  return { octokit, owner: options.owner, repo: options.repo, token: options.token, signal, deadline };
}
