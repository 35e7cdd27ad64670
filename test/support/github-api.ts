import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the stand-in served. */
export interface GitHubRequest {
  method: string;
  path: string;
  body: Record<string, unknown>;
  status: number;
}

/** A loopback stand-in for the parts of GitHub's REST API the actions call, for `GITHUB_API_URL`. */
export interface GitHubApi {
  url: string;
  requests(): GitHubRequest[];
  /** Answers every later request with this status and GitHub's error body, as GitHub does for that status. */
  failWith(status: number | undefined): void;
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

function send(res: ServerResponse, status: number, body: object): number {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
  return status;
}

/**
 * Serves `POST /repos/{owner}/{repo}/deployments` (201 with the deployment) and
 * `POST /repos/{owner}/{repo}/deployments/{id}/statuses` (201), checking the token the way GitHub does (401 "Bad
 * credentials" for any other).
 */
export async function startGitHubApi(options: { token: string }): Promise<GitHubApi> {
  const served: GitHubRequest[] = [];
  let failure: number | undefined;
  let nextId = 1_000_000;
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      const body = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
      const path = req.url ?? '';
      const auth = req.headers.authorization ?? '';
      let status: number;
      if (auth !== `token ${options.token}` && auth !== `Bearer ${options.token}`) {
        status = send(res, 401, { message: MESSAGES[401] });
      } else if (failure !== undefined) {
        status = send(res, failure, { message: MESSAGES[failure] ?? 'Error' });
      } else if (req.method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/deployments$/.test(path)) {
        const id = nextId++;
        status = send(res, 201, {
          id,
          url: `${path}/${id}`,
          environment: body.environment,
          ref: body.ref,
          sha: body.ref,
        });
      } else if (req.method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/deployments\/\d+\/statuses$/.test(path)) {
        status = send(res, 201, { id: nextId++, state: body.state });
      } else {
        status = send(res, 404, { message: MESSAGES[404] });
      }
      served.push({ method: req.method ?? '', path, body, status });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => [...served],
    failWith: (status) => {
      failure = status;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
