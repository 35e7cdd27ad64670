import { createServer, request } from 'node:http';
import { closeServer, listen, sendJson } from './http.ts';
import { requestId } from './ids.ts';

/** A machine of the app, as the proxy sees it. */
export interface ProxyTarget {
  id: string;
  /** Its server's port while it runs. */
  port: number | undefined;
  /** Whether it has services, the only way the proxy reaches a machine. */
  exposed: boolean;
  /** Whether load balancing may pick it (started, uncordoned, checks passing). */
  routable: boolean;
}

/** The request header that pins a request to one machine. */
export const FORCE_INSTANCE_HEADER = 'fly-force-instance-id';

/** An app's proxy on loopback. */
export interface AppProxy {
  port: number;
  close(): Promise<void>;
}

/**
 * The machine a request goes to, or why none can take it. With `fly-force-instance-id`, only that machine, as
 * Fly's proxy does (https://fly.io/docs/blueprints/sticky-sessions/): it must be running, but load-balancing
 * rules (cordon, checks) do not apply, so a machine kept out of service can still be probed; a machine that is
 * not running or not the app's is a 503 naming it, never another machine's answer.
 */
function pick(
  machines: ProxyTarget[],
  forced: string | undefined,
  turn: number,
): { target: ProxyTarget & { port: number } } | { error: string } {
  if (forced !== undefined) {
    const target = machines.find((m) => m.id === forced);
    if (target === undefined) return { error: `machine ${forced} is not one of this app's machines` };
    if (!target.exposed) return { error: `machine ${forced} has no services` };
    if (target.port === undefined) return { error: `machine ${forced} is not running` };
    return { target: { ...target, port: target.port } };
  }
  const candidates = machines.filter(
    (m): m is ProxyTarget & { port: number } => m.routable && m.port !== undefined,
  );
  if (candidates.length === 0) return { error: 'no healthy machines to route to' };
  return { target: candidates[turn % candidates.length]! };
}

/**
 * Starts an app's proxy: each request goes to the next routable machine in turn (round robin), or to the one
 * `fly-force-instance-id` names, with method, path, headers and body forwarded; the answer carries `fly-machine`
 * (the machine id) and `fly-request-id`. 503 when no machine can take it, 502 when the machine drops the
 * connection.
 */
export async function startAppProxy(machines: () => ProxyTarget[]): Promise<AppProxy> {
  let next = 0;
  const server = createServer((req, res) => {
    const id = requestId();
    const header = req.headers[FORCE_INSTANCE_HEADER];
    const forced = typeof header === 'string' && header.trim() !== '' ? header.trim() : undefined;
    const picked = pick(machines(), forced, forced === undefined ? next++ : 0);
    if ('error' in picked) {
      sendJson(res, 503, { error: picked.error }, { 'fly-request-id': id });
      req.resume();
      return;
    }
    const { target } = picked;
    const upstream = request(
      {
        host: '127.0.0.1',
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, 'fly-request-id': id },
        agent: false,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, {
          ...answer.headers,
          'fly-machine': target.id,
          'fly-request-id': id,
        });
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent)
        sendJson(
          res,
          502,
          { error: 'machine did not answer' },
          { 'fly-machine': target.id, 'fly-request-id': id },
        );
      else res.destroy();
    });
    req.pipe(upstream);
  });
  const port = await listen(server);
  return { port, close: () => closeServer(server) };
}
