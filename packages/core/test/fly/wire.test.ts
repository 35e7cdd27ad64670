// How requests look on the wire and how the retry loop treats answers the emulator does not produce on demand
// (Retry-After as an HTTP date, HTML error pages, refused connections). A plain loopback server records each request
// and answers from a script.
import { flySpec } from '@deploy-actions/harness';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { FlyClient, retryAfterMs } from '../../src/fly/client.ts';
import { FlyApiError } from '../../src/fly/errors.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

let server: Server;
let apiUrl: string;
const seen: Seen[] = [];
let script: Answer[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const answer = script.shift() ?? { status: 200, body: '{"name":"web"}' };
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen.length = 0;
  script = [];
});

const fast = { minDelayMs: 1, maxDelayMs: 5 };

async function withClient<T>(
  token: string,
  fn: (client: FlyClient) => Promise<T>,
  maxAttempts = 3,
): Promise<T> {
  const client = new FlyClient({
    token,
    apiUrl,
    userAgent: 'deploy-actions/test',
    retry: { ...fast, maxAttempts },
  });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

describe('request headers', () => {
  test.each([
    ['fo1_user', 'Bearer fo1_user'],
    ['Bearer fo1_user', 'Bearer fo1_user'],
    ['fm2_deploy', 'FlyV1 fm2_deploy'],
    ['FlyV1 fm2_deploy', 'FlyV1 fm2_deploy'],
    ['FlyV1 fm2_a, fm2_b', 'FlyV1 fm2_a,fm2_b'],
  ])('token %j is sent as %j with user agent and accept', async (token, authorization) => {
    await withClient(token, (c) => c.getApp('web'));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers).toMatchObject({
      authorization,
      'user-agent': 'deploy-actions/test',
      accept: 'application/json',
    });
  });

  test('a lease nonce travels in fly-machine-lease-nonce and the body as JSON', async () => {
    script = [{ status: 200, body: '{"id":"m1","state":"started","instance_id":"v2"}' }];
    const m = await withClient('fo1_x', (c) =>
      c.updateMachine('web', 'm1', { config: { image: 'img:2' } }, { leaseNonce: 'nonce-1' }),
    );
    expect(m.version).toBe('v2');
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v1/apps/web/machines/m1' });
    expect(seen[0]?.headers['fly-machine-lease-nonce']).toBe('nonce-1');
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ config: { image: 'img:2' } });
  });

  test('an api-url with a path prefix keeps it, and list filters become query parameters', async () => {
    script = [{ status: 200, body: '[]' }];
    const client = new FlyClient({ token: 'fo1_x', apiUrl: `${apiUrl}/proxy/`, retry: fast });
    try {
      await client.listMachines('web', {
        includeDeleted: true,
        state: 'started',
        metadata: { fly_process_group: 'app' },
      });
    } finally {
      await client.close();
    }
    expect(seen[0]?.url).toBe(
      '/proxy/v1/apps/web/machines?include_deleted=true&state=started&metadata.fly_process_group=app',
    );
    expect(seen[0]?.headers['user-agent']).toMatch(/^deploy-actions\//);
  });
});

describe('retries', () => {
  test('429 with Retry-After as an HTTP date is retried, then succeeds', async () => {
    script = [
      {
        status: 429,
        headers: { 'retry-after': new Date(Date.now() - 1000).toUTCString() },
        body: '{"error":"rate limited"}',
      },
    ];
    const app = await withClient('fo1_x', (c) => c.getApp('web'));
    expect(app.name).toBe('web');
    expect(seen).toHaveLength(2);
  });

  test('createMachine is not repeated after a 503 or a 408: Fly may have created it', async () => {
    for (const status of [503, 408]) {
      seen.length = 0;
      script = [{ status, body: '{"error":"busy"}' }];
      const error = await withClient('fo1_x', (c) =>
        c.createMachine('web', { config: { image: 'i' } }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FlyApiError);
      expect((error as FlyApiError).hint).toContain('may have created the machine anyway');
      expect(seen).toHaveLength(1);
    }
  });

  test('createMachine is retried after a 429: Fly did not act on it', async () => {
    script = [
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 200, body: '{"id":"m9","state":"created"}' },
    ];
    const m = await withClient('fo1_x', (c) => c.createMachine('web', { config: { image: 'i' } }));
    expect(m.id).toBe('m9');
    expect(seen).toHaveLength(2);
  });

  test('a non-JSON error page becomes the API message', async () => {
    script = [
      {
        status: 400,
        headers: { 'content-type': 'text/html', 'fly-request-id': 'req-7' },
        body: '<h1>Bad</h1>',
      },
    ];
    const error = (await withClient('fo1_x', (c) => c.getApp('web')).catch((e: unknown) => e)) as FlyApiError;
    expect(error.message).toBe('GET /v1/apps/web → 400 <h1>Bad</h1> (fly-request-id: req-7)');
    expect(error.code).toBe('fly-400');
  });

  test('a 2xx body of the wrong shape is reported, not passed on', async () => {
    script = [{ status: 200, body: '{"unexpected":true}' }];
    const error = (await withClient('fo1_x', (c) => c.getMachine('web', 'm1')).catch(
      (e: unknown) => e,
    )) as FlyApiError;
    expect(error.code).toBe('fly-bad-response');
  });

  test('a refused connection is retried, then fails as fly-unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const deadUrl = `http://127.0.0.1:${port}`;
    const client = new FlyClient({ token: 'fo1_x', apiUrl: deadUrl, retry: { ...fast, maxAttempts: 2 } });
    const error = (await client.getApp('web').catch((e: unknown) => e)) as FlyApiError;
    await client.close();
    expect(error).toBeInstanceOf(FlyApiError);
    expect(error.code).toBe('fly-unreachable');
    expect(error.status).toBe(0);
    expect(error.message).toContain(`could not reach ${deadUrl}: connection refused`);
    expect(error.hint).toContain(deadUrl);
  });

  test('an aborted client stops retrying at once', async () => {
    script = [{ status: 503 }, { status: 503 }, { status: 503 }];
    const controller = new AbortController();
    const client = new FlyClient({
      token: 'fo1_x',
      apiUrl,
      signal: controller.signal,
      retry: { minDelayMs: 10_000, maxDelayMs: 10_000 },
    });
    const pending = client.getApp('web').catch((e: unknown) => e);
    setTimeout(() => controller.abort(new Error('cancelled')), 50);
    const error = (await pending) as Error;
    await client.close();
    expect(error.message).toBe('cancelled');
    expect(seen.length).toBeLessThan(3);
  });
});

describe('retryAfterMs', () => {
  test('reads delta-seconds and HTTP dates, ignores garbage', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs(['2'], now)).toBe(2000);
    expect(retryAfterMs('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('request bodies follow the spec', () => {
  // The harness's loader and converter: the same reading of the spec as the emulator's contract checks.
  const { spec, validator } = flySpec();
  const M = '/v1/apps/{app_name}/machines/{machine_id}';

  test.each<[string, string, (c: FlyClient) => Promise<unknown>]>([
    [
      '/v1/apps/{app_name}/machines',
      'post',
      (c) => c.createMachine('web', { config: { image: 'i' }, region: 'ams', min_secrets_version: 2 }),
    ],
    [
      M,
      'post',
      (c) =>
        c.updateMachine('web', 'm1', { config: { image: 'i' }, current_version: 'v1', skip_launch: true }),
    ],
    [`${M}/stop`, 'post', (c) => c.stopMachine('web', 'm1', { signal: 'SIGTERM', timeout: 10 })],
    [
      `${M}/lease`,
      'post',
      (c) => c.acquireLease('web', 'm1', { ttlSeconds: 13, description: 'deploy' }).then((l) => l.release()),
    ],
    [`${M}/metadata/{key}`, 'post', (c) => c.setMetadata('web', 'm1', 'k', 'v')],
    ['/v1/apps/{app_name}/secrets', 'post', (c) => c.setSecrets('web', { NAME: 'value-1234' })],
  ])('%s %s', async (path, method, call) => {
    script = [{ status: 200, body: '{"id":"m1","state":"started","nonce":"n1","version":"v1"}' }];
    await withClient('fo1_x', call).catch(() => undefined);
    const schema = spec.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema;
    expect(schema).toBeDefined();
    const validate = validator(schema);
    const body: unknown = JSON.parse(seen[0]?.body ?? 'null');
    expect(body).not.toBeNull();
    const valid = validate(body);
    expect(valid ? [] : validate.errors).toEqual([]);
  });
});
