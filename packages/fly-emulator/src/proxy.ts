import { createServer, request } from 'node:http';
import { closeServer, listen, sendJson } from './http.ts';
import { requestId } from './ids.ts';

/** A machine the proxy may send a request to. */
export interface ProxyTarget {
  id: string;
  port: number;
}

/** An app's proxy on loopback. */
export interface AppProxy {
  port: number;
  close(): Promise<void>;
}

/**
 * Starts an app's proxy: each request goes to the next routable machine in turn (round robin), with method,
 * path, headers and body forwarded; the answer carries `fly-machine` (the machine id) and `fly-request-id`.
 * 503 when no machine is routable, 502 when the chosen machine drops the connection.
 */
export async function startAppProxy(targets: () => ProxyTarget[]): Promise<AppProxy> {
  let next = 0;
  const server = createServer((req, res) => {
    const id = requestId();
    const candidates = targets();
    if (candidates.length === 0) {
      sendJson(res, 503, { error: 'no healthy machines to route to' }, { 'fly-request-id': id });
      req.resume();
      return;
    }
    const target = candidates[next++ % candidates.length]!;
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
