// How the client treats answers and connections that are not the Machines API: each ends as a FlyApiError with its
// cause in words, within the deadlines, and nothing in a message carries a secret or a piece of one.
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from '@jest/globals';
import { DeployActionError } from '../../src/errors.ts';
import { FlyClient } from '../../src/fly/client.ts';
import { FlyApiError, transportReason } from '../../src/fly/errors.ts';
import { describeTokenCharacterProblem, parseFlyToken } from '../../src/fly/token.ts';
import { resetSecretsForTests } from '../../src/secrets.ts';
import { captureStdout } from '../helpers.ts';

const TOKEN = 'fm2_hostileAnswerTestToken0123456789abcdefXYZ';
const servers: (Server | TcpServer)[] = [];
const sockets = new Set<Socket>();

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  resetSecretsForTests();
});

async function listen(server: Server | TcpServer): Promise<string> {
  servers.push(server);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function answering(status: number, body: string, headers: Record<string, string> = {}): Promise<string> {
  return listen(
    createServer((req, res) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body.replace('{auth}', req.headers.authorization ?? ''));
    }),
  );
}

/** Calls `getApp('web')` and returns what it threw (quietly: retries log debug lines). */
async function failure(
  apiUrl: string,
  options: { deadline?: number; requestTimeoutMs?: number; signal?: AbortSignal } = {},
): Promise<FlyApiError> {
  const client = new FlyClient({
    token: TOKEN,
    apiUrl,
    retry: { maxAttempts: 2, minDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
  try {
    const { result } = await captureStdout(() =>
      client.getApp('web').then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(result).toBeInstanceOf(FlyApiError);
    return result as FlyApiError;
  } finally {
    await client.close();
  }
}

describe('answers that are not the API', () => {
  test('an error page echoing the token is redacted before it is cut, even where the cut splits the token', async () => {
    for (const padding of [0, 150, 190]) {
      const url = await answering(502, `<html>${'x'.repeat(padding)} {auth} rejected</html>`);
      const error = await failure(url);
      expect(error.message).toMatch(/→ 502/);
      expect(error.message).not.toContain(TOKEN.slice(0, 12));
      expect(error.message.length).toBeLessThan(400);
    }
  });

  test('a 200 of the wrong shape gives a one-line reason, not a zod dump', async () => {
    const error = await failure(await answering(200, '{"id": "x"}'));
    expect(error.code).toBe('fly-bad-response');
    expect(error.message).toMatch(/unexpected shape \(name: .*\)$/);
    expect(error.message).not.toContain('\n');
  });

  test('a fly-request-id that is not an id is dropped', async () => {
    const error = await failure(await answering(404, '{}', { 'fly-request-id': '##[stop-commands]x' }));
    expect(error.requestId).toBeUndefined();
    expect(error.message).not.toContain('stop-commands');
  });

  test('a body trickled a byte at a time ends at the whole-request deadline', async () => {
    const url = await listen(
      createTcpServer((socket) => {
        socket.once('data', () => {
          socket.write('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n{');
          const timer = setInterval(() => socket.write(' '), 50);
          socket.on('close', () => clearInterval(timer));
        });
      }),
    );
    const error = await failure(url, { requestTimeoutMs: 400 });
    expect(error.code).toBe('fly-unreachable');
    expect(error.message).toMatch(/no complete answer in time/);
  });

  test('a reply that is not HTTP is said to be so, and not retried', async () => {
    let connections = 0;
    const url = await listen(
      createTcpServer((socket) => {
        connections++;
        socket.end('SSH-2.0-OpenSSH_9.6\r\n');
      }),
    );
    const error = await failure(url);
    expect(error.message).toMatch(/the server's reply is not HTTP/);
    expect(connections).toBe(1);
  });

  test('a Retry-After beyond the deadline fails at once instead of waiting', async () => {
    const url = await answering(429, '{"error":"slow down"}', { 'retry-after': '120' });
    const started = Date.now();
    const error = await failure(url, { deadline: Date.now() + 2000 });
    expect(error.status).toBe(429);
    // Not a timing assertion on speed: without the budget check the call would sleep 20 s and jest would time out.
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  test("the run's time limit becomes a fly-timeout error of the call, a cancellation stays a cancellation", async () => {
    const url = await listen(createTcpServer(() => undefined));
    const timeout = new AbortController();
    setTimeout(() => timeout.abort(new DeployActionError('did not finish', { code: 'timeout' })), 100);
    expect((await failure(url, { signal: timeout.signal })).code).toBe('fly-timeout');

    const cancel = new AbortController();
    setTimeout(() => cancel.abort(new DeployActionError('cancelled', { code: 'cancelled' })), 100);
    const client = new FlyClient({ token: TOKEN, apiUrl: url, signal: cancel.signal });
    await expect(client.getApp('web')).rejects.toMatchObject({ code: 'cancelled' });
    await client.close();
  });
});

describe('transport causes in words', () => {
  test.each([
    ['ECONNREFUSED', 'connection refused'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'does not speak TLS'],
    ['CERT_HAS_EXPIRED', 'expired'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'another host name'],
    ['HPE_INVALID_CONSTANT', 'not HTTP'],
  ])('%s', (code, words) => {
    const error = Object.assign(new Error('fetch failed'), {
      cause: Object.assign(new Error('x'), { code }),
    });
    expect(transportReason(error)).toContain(words);
  });
});

describe('a token that cannot go in a header', () => {
  test.each([
    ['fm2_abc\u200bdef', 'an invisible character U+200B at position 8'],
    ['fm2_abc\u0000def', 'a control character U+0000 at position 8'],
    ['FlyV1 fm2_abcé', 'a non-ASCII character U+00E9 at position 14'],
    ['\ufefffm2_abc', 'an invisible character U+FEFF at position 1'],
    ['fm2_😀', 'a non-ASCII character U+1F600 at position 5'],
  ])('%j', async (token, words) => {
    expect(describeTokenCharacterProblem(token)).toContain(words);
    const { result } = await captureStdout(() => {
      try {
        parseFlyToken(token);
        return undefined;
      } catch (e) {
        return e;
      }
    });
    expect(result).toMatchObject({ code: 'invalid-fly-token' });
    expect((result as Error).message).not.toContain(token);
  });

  test('a clean token has no character problem', () => {
    expect(describeTokenCharacterProblem('FlyV1 fm2_abc,fm2_def')).toBeUndefined();
  });
});
