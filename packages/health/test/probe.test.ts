import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { classifyError, createHttpProber, MAX_BODY_BYTES } from '../src/probe.ts';
import { parseTargets, type HealthTarget } from '../src/targets.ts';

let server: Server;
let base: string;
const prober = createHttpProber();

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/moved') {
      res.writeHead(302, { location: '/health' });
      res.end();
    } else if (req.url === '/big') {
      res.writeHead(200);
      res.end(Buffer.alloc(MAX_BODY_BYTES + 10, 'a'));
    } else {
      res.writeHead(200, { 'x-release': 'v2', 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', seen: req.headers['x-probe'] ?? null }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await prober.close();
  await new Promise((resolve) => server.close(resolve));
});

function target(yaml: string): HealthTarget {
  const { targets, problems } = parseTargets(yaml, () => undefined);
  expect(problems).toEqual([]);
  return targets[0]!;
}

const run = { timeoutMs: 5000, signal: new AbortController().signal };

describe('createHttpProber over loopback', () => {
  test('sends the headers and reads status, headers and body', async () => {
    const answer = await prober.probe(target(`- url: ${base}/health\n  headers: { X-Probe: yes }`), run);
    expect(answer).toMatchObject({ status: 200, truncated: false, body: '{"status":"ok","seen":"yes"}' });
    expect(answer.headers.get('x-release')).toBe('v2');
  });

  test('a redirect is an answer of its own unless follow-redirects is on', async () => {
    expect((await prober.probe(target(`- url: ${base}/moved`), run)).status).toBe(302);
    const followed = await prober.probe(target(`- url: ${base}/moved\n  follow-redirects: true`), run);
    expect(followed.status).toBe(200);
  });

  test('a body over the cap is cut and marked truncated', async () => {
    const answer = await prober.probe(target(`- url: ${base}/big`), run);
    expect(answer.truncated).toBe(true);
    expect(answer.body).toHaveLength(MAX_BODY_BYTES);
  });
});

describe('classifyError', () => {
  test.each([
    [{ code: 'ECONNREFUSED' }, 'refused', /^connection refused/],
    [{ cause: { code: 'ENOTFOUND' } }, 'dns', /^the host name does not resolve$/],
    [
      { cause: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } },
      'tls',
      /^TLS: the server's certificate is self-signed$/,
    ],
    [{ code: 'UND_ERR_SOCKET' }, 'reset', /^the connection was reset/],
    [{ code: 'UND_ERR_HEADERS_TIMEOUT' }, 'timeout', /^no complete answer in time$/],
    [{ code: 'HPE_INVALID_CONSTANT' }, 'other', /^the server's reply is not HTTP$/],
  ])('%j is %s, in words', (error, kind, detail) => {
    const classified = classifyError(error, false);
    expect(classified.kind).toBe(kind);
    expect(classified.detail).toMatch(detail);
  });

  test('our own deadline is a timeout whatever the error says', () => {
    expect(classifyError({ code: 'ECONNRESET' }, true)).toEqual({
      kind: 'timeout',
      detail: 'no complete answer within timeout-ms',
    });
  });
});
