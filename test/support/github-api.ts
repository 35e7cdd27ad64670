import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the stand-in served. */
export interface GitHubRequest {
  method: string;
  path: string;
  body: Record<string, unknown>;
  status: number;
}

/** A check run as `GET /repos/{owner}/{repo}/commits/{ref}/check-runs` lists it (the fields the actions read). */
export interface CheckRunInput {
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion?: 'success' | 'failure' | 'neutral' | 'skipped' | 'cancelled' | 'timed_out' | 'action_required';
}

/** A commit status; list them newest first, as GitHub does. */
export interface CommitStatusInput {
  context: string;
  state: 'pending' | 'success' | 'failure' | 'error';
  target_url?: string;
}

/** An artifact of another workflow run: the REST listing, and where its zip download redirects. */
export interface RunArtifactInput {
  id: number;
  name: string;
  size: number;
  url: string;
}

/** A deployment and its statuses (oldest first), as `POST .../deployments` and `.../statuses` record them. */
export interface DeploymentInput {
  environment: string;
  sha: string;
  payload?: unknown;
  states: string[];
}

/** A loopback stand-in for the parts of GitHub's REST API the actions call, for `GITHUB_API_URL`. */
export interface GitHubApi {
  url: string;
  requests(): GitHubRequest[];
  /** Answers every later request with this status and GitHub's error body, as GitHub does for that status. */
  failWith(status: number | undefined): void;
  /** Sets the check runs of a commit (replacing earlier ones; a test may change them while a step waits). */
  setCheckRuns(sha: string, runs: CheckRunInput[]): void;
  /** Sets the commit statuses of a commit, newest first. */
  setStatuses(sha: string, statuses: CommitStatusInput[]): void;
  /** Adds a workflow run (`GET .../actions/workflows/{workflow}/runs` lists them newest first). */
  addWorkflowRun(workflow: string, run: { id: number; head_sha: string; conclusion: string }): void;
  /** Sets the artifacts of a run for `GET .../actions/runs/{id}/artifacts` and `.../artifacts/{id}/zip`. */
  setRunArtifacts(runId: number, artifacts: RunArtifactInput[]): void;
  /** Adds a deployment as if created earlier; returns its id. */
  addDeployment(deployment: DeploymentInput): number;
  /**
   * Sets the token's rate limit: `remaining` requests, then 403 "API rate limit exceeded" until `resetInSeconds`
   * from now, with GitHub's `x-ratelimit-*` headers on every answer.
   */
  setRateLimit(remaining: number, resetInSeconds: number): void;
  /**
   * Serves `bytes` at a URL of this server that needs no token, as a signed blob URL does: where an artifact's zip
   * download can redirect without Azurite (hostile artifacts).
   */
  hostBlob(bytes: Buffer, contentType?: string): string;
  close(): Promise<void>;
}

// GitHub's messages for these statuses (docs.github.com REST "Create a deployment").
const MESSAGES: Record<number, string> = {
  401: 'Bad credentials',
  403: 'Resource not accessible by integration',
  404: 'Not Found',
  409: 'Conflict: Commit status checks failed for main.',
  422: 'Validation Failed',
};

interface StoredDeployment {
  id: number;
  environment: string;
  sha: string;
  payload: unknown;
  created_at: string;
  statuses: { id: number; state: string; log_url?: string; created_at: string }[];
}

/**
 * One page of `items` as GitHub pages lists (`per_page` default 30, at most 100; `page` from 1) and the `link`
 * header Octokit's paginate follows.
 */
function paginate<T>(items: readonly T[], url: URL, origin: string): { page: T[]; link?: string } {
  const perPage = Math.min(Math.max(Number(url.searchParams.get('per_page') ?? 30) || 30, 1), 100);
  const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const pageUrl = (n: number): string => {
    const next = new URL(url.toString(), origin);
    next.searchParams.set('page', String(n));
    return `<${origin}${next.pathname}${next.search}>`;
  };
  const links: string[] = [];
  if (page < last) links.push(`${pageUrl(page + 1)}; rel="next"`, `${pageUrl(last)}; rel="last"`);
  if (page > 1) links.push(`${pageUrl(1)}; rel="first"`, `${pageUrl(page - 1)}; rel="prev"`);
  return {
    page: items.slice((page - 1) * perPage, page * perPage),
    ...(links.length === 0 ? {} : { link: links.join(', ') }),
  };
}

/**
 * Serves, for one repository and token (401 "Bad credentials" for any other): deployments (create, list by
 * environment newest first, statuses), check runs and commit statuses of a commit, workflow runs, a run's artifacts
 * and their zip download (302 to the blob, as GitHub does), every list paginated with `link` headers, and the
 * `x-ratelimit-*` headers on every answer.
 */
export async function startGitHubApi(options: { token: string }): Promise<GitHubApi> {
  const served: GitHubRequest[] = [];
  let failure: number | undefined;
  let nextId = 1_000_000;
  const checkRuns = new Map<string, CheckRunInput[]>();
  const statuses = new Map<string, CommitStatusInput[]>();
  const workflowRuns = new Map<string, { id: number; head_sha: string; conclusion: string }[]>();
  const runArtifacts = new Map<number, RunArtifactInput[]>();
  const deployments: StoredDeployment[] = [];
  const blobs = new Map<string, { bytes: Buffer; contentType: string }>();
  const rate = { limit: 5000, remaining: 5000, reset: Math.floor(Date.now() / 1000) + 3600 };
  let origin = '';

  const route = (
    method: string,
    url: URL,
    body: Record<string, unknown>,
    res: ServerResponse,
    headers: Record<string, string>,
  ): number => {
    const send = (status: number, payload: unknown, extra: Record<string, string> = {}): number => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers, ...extra });
      res.end(JSON.stringify(payload));
      return status;
    };
    const list = <T>(items: readonly T[], wrap?: (page: T[]) => object): number => {
      const { page, link } = paginate(items, url, origin);
      return send(200, wrap === undefined ? page : wrap(page), link === undefined ? {} : { link });
    };
    const path = url.pathname.replace(/^\/repos\/[^/]+\/[^/]+/, '');
    let match: RegExpExecArray | null;
    if (method === 'POST' && path === '/deployments') {
      const deployment: StoredDeployment = {
        id: nextId++,
        environment: String(body.environment),
        sha: String(body.ref),
        payload: body.payload ?? {},
        created_at: new Date().toISOString(),
        statuses: [],
      };
      deployments.push(deployment);
      return send(201, { ...deployment, url: `${url.pathname}/${deployment.id}`, ref: deployment.sha });
    }
    if ((match = /^\/deployments\/(\d+)\/statuses$/.exec(path)) !== null) {
      const deployment = deployments.find((d) => d.id === Number(match?.[1]));
      if (deployment === undefined) return send(404, { message: MESSAGES[404] });
      if (method === 'POST') {
        const status = {
          id: nextId++,
          state: String(body.state),
          created_at: new Date().toISOString(),
          ...(typeof body.log_url === 'string' ? { log_url: body.log_url } : {}),
        };
        deployment.statuses.push(status);
        return send(201, status);
      }
      return list([...deployment.statuses].reverse());
    }
    if (method === 'GET' && path === '/deployments') {
      const environment = url.searchParams.get('environment');
      return list(deployments.filter((d) => environment === null || d.environment === environment).reverse());
    }
    if (method === 'GET' && (match = /^\/commits\/([^/]+)\/check-runs$/.exec(path)) !== null) {
      const runs = (checkRuns.get(match[1] ?? '') ?? []).map((run, index) => ({
        id: 7_000_000 + index,
        name: run.name,
        head_sha: match?.[1],
        status: run.status,
        conclusion: run.conclusion ?? null,
        html_url: `https://github.com/octo-org/service/runs/${7_000_000 + index}`,
        details_url: null,
        app: { name: 'GitHub Actions' },
      }));
      return list(runs, (page) => ({ total_count: runs.length, check_runs: page }));
    }
    if (method === 'GET' && (match = /^\/commits\/([^/]+)\/statuses$/.exec(path)) !== null) {
      return list(
        (statuses.get(match[1] ?? '') ?? []).map((s, index) => ({
          id: 8_000_000 + index,
          ...s,
          creator: { login: 'ci-bot' },
        })),
      );
    }
    if (method === 'GET' && (match = /^\/actions\/workflows\/([^/]+)\/runs$/.exec(path)) !== null) {
      const sha = url.searchParams.get('head_sha');
      const wanted = url.searchParams.get('status');
      const runs = (workflowRuns.get(decodeURIComponent(match[1] ?? '')) ?? [])
        .filter((r) => (sha === null || r.head_sha === sha) && (wanted === null || r.conclusion === wanted))
        .map((r) => ({ ...r, html_url: `https://github.com/octo-org/service/actions/runs/${r.id}` }))
        .reverse();
      return list(runs, (page) => ({ total_count: runs.length, workflow_runs: page }));
    }
    if (method === 'GET' && (match = /^\/actions\/runs\/(\d+)\/artifacts$/.exec(path)) !== null) {
      const artifacts = (runArtifacts.get(Number(match[1])) ?? []).map((a) => ({
        id: a.id,
        name: a.name,
        size_in_bytes: a.size,
        expired: false,
        created_at: new Date().toISOString(),
      }));
      return list(artifacts, (page) => ({ total_count: artifacts.length, artifacts: page }));
    }
    if (method === 'GET' && (match = /^\/actions\/artifacts\/(\d+)\/zip$/.exec(path)) !== null) {
      const id = Number(match[1]);
      const artifact = [...runArtifacts.values()].flat().find((a) => a.id === id);
      if (artifact === undefined) return send(404, { message: MESSAGES[404] });
      res.writeHead(302, { location: artifact.url, ...headers });
      res.end();
      return 302;
    }
    return send(404, { message: MESSAGES[404] });
  };

  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      const body = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
      const url = new URL(req.url ?? '/', origin);
      const blob = blobs.get(url.pathname);
      if (blob !== undefined) {
        res.writeHead(200, { 'content-type': blob.contentType, 'content-length': String(blob.bytes.length) });
        res.end(blob.bytes);
        served.push({ method: req.method ?? '', path: url.pathname, body, status: 200 });
        return;
      }
      const auth = req.headers.authorization ?? '';
      const now = Math.floor(Date.now() / 1000);
      if (now >= rate.reset) Object.assign(rate, { remaining: rate.limit, reset: now + 3600 });
      const limited = rate.remaining <= 0;
      if (!limited) rate.remaining--;
      const headers = {
        'x-ratelimit-limit': String(rate.limit),
        'x-ratelimit-remaining': String(Math.max(rate.remaining, 0)),
        'x-ratelimit-reset': String(rate.reset),
        'x-ratelimit-used': String(rate.limit - Math.max(rate.remaining, 0)),
        'x-github-request-id': `F00D:${(nextId++).toString(16).toUpperCase()}`,
      };
      const error = (status: number, message: string): number => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify({ message }));
        return status;
      };
      let status: number;
      if (auth !== `token ${options.token}` && auth !== `Bearer ${options.token}`) {
        status = error(401, MESSAGES[401] ?? '');
      } else if (limited) {
        // GitHub's answer to a spent primary rate limit (docs.github.com "Rate limits for the REST API").
        status = error(403, 'API rate limit exceeded for installation ID 1.');
      } else if (failure !== undefined) {
        status = error(failure, MESSAGES[failure] ?? 'Error');
      } else {
        status = route(req.method ?? '', url, body, res, headers);
      }
      served.push({ method: req.method ?? '', path: url.pathname + url.search, body, status });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    requests: () => [...served],
    failWith: (status) => {
      failure = status;
    },
    setCheckRuns: (sha, runs) => checkRuns.set(sha, runs),
    setStatuses: (sha, list) => statuses.set(sha, list),
    addWorkflowRun: (workflow, run) =>
      workflowRuns.set(workflow, [...(workflowRuns.get(workflow) ?? []), run]),
    setRunArtifacts: (runId, artifacts) => runArtifacts.set(runId, artifacts),
    addDeployment: (deployment) => {
      const id = nextId++;
      deployments.push({
        id,
        environment: deployment.environment,
        sha: deployment.sha,
        payload: deployment.payload ?? {},
        created_at: new Date().toISOString(),
        statuses: deployment.states.map((state) => ({
          id: nextId++,
          state,
          created_at: new Date().toISOString(),
        })),
      });
      return id;
    },
    setRateLimit: (remaining, resetInSeconds) =>
      Object.assign(rate, { remaining, reset: Math.floor(Date.now() / 1000) + resetInSeconds }),
    hostBlob: (bytes, contentType = 'application/zip') => {
      const blobPath = `/_blobs/${nextId++}.zip`;
      blobs.set(blobPath, { bytes, contentType });
      return `${origin}${blobPath}`;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
