// Hostile loopback servers: the ways a network or a wrong api-url fails, for any action's hostile cases to point at.
// Each starts on 127.0.0.1 on a free port and is closed by the suite after its case.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { generate } from 'selfsigned';

/** A running hostile server. */
export interface HostileServer {
  /** The base URL to give the action as its API URL. */
  url: string;
  /** Requests it received, as `METHOD path` (HTTP servers only). */
  requests: string[];
  close(): Promise<void>;
}

/** What a fake API answers to one request; `undefined` from a handler means 404. */
export interface FakeAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
}

/** Answers a request; gets the request's `authorization` header to echo it back when hostile. */
export type FakeHandler = (request: {
  method: string;
  path: string;
  authorization: string;
}) => FakeAnswer | undefined;

let certificate: Promise<{ key: string; cert: string }> | undefined;

/** A self-signed certificate for 127.0.0.1, made once per test process (nothing is committed). */
function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  certificate ??= generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  }).then((pems) => ({ key: pems.private, cert: pems.cert }));
  return certificate;
}

async function listen(server: Server, scheme: 'http' | 'https', requests: string[]): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // TLS servers report their sockets through `secureConnection`; those end with their raw socket.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function answer(res: ServerResponse, reply: FakeAnswer | undefined): void {
  const status = reply?.status ?? (reply === undefined ? 404 : 200);
  const body = reply?.body ?? (reply === undefined ? { error: 'not found' } : '');
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...reply?.headers });
  res.end(text);
}

function requestOf(req: IncomingMessage): { method: string; path: string; authorization: string } {
  return {
    method: req.method ?? 'GET',
    path: (req.url ?? '/').split('?')[0] ?? '/',
    authorization: req.headers.authorization ?? '',
  };
}

/** An HTTP (or, with `tls`, a self-signed HTTPS) server answering with `handler`. */
export async function fakeApi(handler: FakeHandler, options: { tls?: boolean } = {}): Promise<HostileServer> {
  const requests: string[] = [];
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const request = requestOf(req);
    requests.push(`${request.method} ${request.path}`);
    answer(res, handler(request));
  };
  if (options.tls === true) {
    return listen(createHttpsServer(await selfSignedCertificate(), onRequest), 'https', requests);
  }
  return listen(createHttpServer(onRequest), 'http', requests);
}

/** A plain-HTTP server given to the action as `https://`: the TLS handshake meets an HTTP reply. */
export async function plainHttpAsHttps(): Promise<HostileServer> {
  const server = await fakeApi(() => ({ body: {} }));
  return { ...server, url: server.url.replace(/^http:/, 'https:') };
}

/** A TLS server given to the action as `http://`: the HTTP request meets a TLS alert. */
export async function tlsAsPlainHttp(): Promise<HostileServer> {
  const server = await fakeApi(() => ({ body: {} }), { tls: true });
  return { ...server, url: server.url.replace(/^https:/, 'http:') };
}

/** A TCP server that does `onConnection` with each socket: for replies that are not HTTP at all. */
export async function rawTcp(onConnection: (socket: Socket) => void): Promise<HostileServer> {
  return listen(createTcpServer(onConnection), 'http', []);
}

/** Accepts connections and never says a word. */
export function neverAnswers(): Promise<HostileServer> {
  return rawTcp(() => undefined);
}

/** Answers like an SSH server: a banner, then closes. */
export function notHttp(): Promise<HostileServer> {
  return rawTcp((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'));
}

/** Resets every connection as soon as the request arrives. */
export function resets(): Promise<HostileServer> {
  return rawTcp((socket) => socket.once('data', () => socket.resetAndDestroy()));
}

/** Sends a 200 and then one byte of body every `intervalMs`, forever: a per-chunk timeout never fires. */
export function trickles(intervalMs = 500): Promise<HostileServer> {
  return rawTcp((socket) => {
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{');
      const timer = setInterval(() => socket.write(' '), intervalMs);
      socket.on('close', () => clearInterval(timer));
      socket.on('error', () => clearInterval(timer));
    });
  });
}

/** A URL on which nothing listens (a port just freed). */
export async function refused(): Promise<HostileServer> {
  const server = await rawTcp(() => undefined);
  await server.close();
  return server;
}

/**
 * A proxy's error page that echoes the request's credentials back, in `encode`d form, placed so that the token
 * straddles a 200-character cut when `padding` is 200 minus a few.
 */
export function echoingErrorPage(
  status: number,
  encode: (authorization: string) => string,
  padding = 0,
): Promise<HostileServer> {
  return fakeApi(({ authorization }) => ({
    status,
    headers: { 'content-type': 'text/html' },
    body: `<html><body>${'x'.repeat(padding)}${encode(authorization)} rejected by upstream</body></html>`,
  }));
}
