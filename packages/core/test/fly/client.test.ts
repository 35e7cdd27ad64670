// The client against the real emulator over loopback HTTP.
import { afterEach, describe, expect, test } from '@jest/globals';
import { startFlyEmulator } from '@deploy-actions/fly-emulator';
import type { EmulatorConfigInput, FlyEmulator, MachineSnapshot } from '@deploy-actions/fly-emulator';
import { contractRecorder } from '@deploy-actions/harness';
import { FlyClient } from '../../src/fly/client.ts';
import type { FlyClientOptions } from '../../src/fly/client.ts';
import { FlyApiError } from '../../src/fly/errors.ts';
import { resetSecretsForTests } from '../../src/secrets.ts';

const baseConfig = {
  organizations: ['acme', 'other'],
  tokens: [
    { token: 'fo1_acme', org: 'acme' },
    { token: 'FlyV1 fm2_deploy', org: 'acme', apps: ['web'] },
    { token: 'fm2_one,fm2_two', org: 'acme' },
    { token: 'fo1_other', org: 'other' },
  ],
  images: {
    'registry.fly.io/web:v1': { version: 'v1', health: 'ok' },
    'registry.fly.io/web:v2': { version: 'v2', health: 'ok' },
  },
  apps: [
    { name: 'web', org: 'acme', image: 'registry.fly.io/web:v1', machines: 2 },
    { name: 'api', org: 'acme', image: 'registry.fly.io/web:v1', machines: 1 },
  ],
  timing: { startMs: 5, stopMs: 5, restartDelayMs: 5, waitMaxMs: 100 },
  rateLimits: { mutating: { perSecond: 1000, burst: 1000 }, getMachine: { perSecond: 1000, burst: 1000 } },
} satisfies EmulatorConfigInput;

const fast = { minDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 };

// Every response any emulator sends in this file is checked against Fly's spec at the end.
const contract = contractRecorder();

async function withEmulator<T>(
  config: Partial<EmulatorConfigInput>,
  fn: (emu: FlyEmulator, client: (opts?: Partial<FlyClientOptions>) => FlyClient) => Promise<T>,
): Promise<T> {
  const emu = await startFlyEmulator({ ...baseConfig, ...config }, { onResponse: contract.onResponse });
  const clients: FlyClient[] = [];
  const make = (opts: Partial<FlyClientOptions> = {}): FlyClient => {
    const c = new FlyClient({ token: 'fo1_acme', apiUrl: emu.apiUrl, retry: fast, ...opts });
    clients.push(c);
    return c;
  };
  try {
    return await fn(emu, make);
  } finally {
    try {
      await Promise.all(clients.map((c) => c.close()));
    } finally {
      await emu.close();
    }
  }
}

afterEach(() => resetSecretsForTests());

/** The lease the emulator holds on a machine, or null. */
function leaseOf(emu: FlyEmulator, app: string, id: string): MachineSnapshot['lease'] | undefined {
  return emu
    .state()
    .apps.find((a) => a.name === app)
    ?.machines.find((m) => m.id === id)?.lease;
}

describe('tokens', () => {
  test.each([
    ['fo1_acme'],
    ['Bearer fo1_acme'],
    ['fm2_deploy'],
    ['FlyV1 fm2_deploy'],
    ['FlyV1 fm2_one,fm2_two'],
    ['fm2_two, fm2_one'],
  ])('the emulator accepts %j', async (token) => {
    await withEmulator({}, async (_emu, client) => {
      const app = await client({ token }).getApp('web');
      expect(app).toMatchObject({ name: 'web', organization: { slug: 'acme' } });
    });
  });

  test('currentToken names the organization and the app scope', async () => {
    await withEmulator({}, async (_emu, client) => {
      const current = await client({ token: 'FlyV1 fm2_deploy' }).currentToken();
      expect(current.tokens).toEqual([expect.objectContaining({ org_slug: 'acme', apps: ['web'] })]);
    });
  });
});

describe('errors say what to do', () => {
  test('401: invalid token', async () => {
    await withEmulator({}, async (_emu, client) => {
      const e = (await client({ token: 'fo1_expired' })
        .getApp('web')
        .catch((x: unknown) => x)) as FlyApiError;
      expect(e).toBeInstanceOf(FlyApiError);
      expect(e).toMatchObject({ status: 401, code: 'fly-401', method: 'GET', path: '/v1/apps/web' });
      expect(e.hint).toContain('fly tokens create deploy -a web');
      expect(e.requestId).toEqual(expect.any(String));
      expect(e.message).toBe(`GET /v1/apps/web → 401 ${e.apiMessage} (fly-request-id: ${e.requestId})`);
      await expect(client({ token: 'fo1_expired' }).currentToken()).rejects.toMatchObject({
        code: 'fly-401',
      });
    });
  });

  test('403: the token does not cover the app', async () => {
    await withEmulator({}, async (_emu, client) => {
      for (const [token, app] of [
        ['FlyV1 fm2_deploy', 'api'],
        ['fo1_other', 'web'],
      ] as const) {
        const e = (await client({ token })
          .getApp(app)
          .catch((x: unknown) => x)) as FlyApiError;
        expect(e).toMatchObject({ status: 403, code: 'fly-403' });
        expect(e.hint).toContain(`does not cover ${app}`);
        expect(e.requestId).toEqual(expect.any(String));
      }
    });
  });

  test('404: no such app, no such machine', async () => {
    await withEmulator({}, async (_emu, client) => {
      const c = client();
      const app = (await c.getApp('nope').catch((x: unknown) => x)) as FlyApiError;
      expect(app).toMatchObject({ status: 404, code: 'fly-404' });
      expect(app.hint).toContain('fly apps create nope');
      const machine = (await c.getMachine('web', 'd8e7000000000').catch((x: unknown) => x)) as FlyApiError;
      expect(machine).toMatchObject({ status: 404, code: 'fly-404' });
      expect(machine.hint).toContain('no machine d8e7000000000 in app web');
    });
  });
});

describe('retries', () => {
  test('5xx is retried, then succeeds', async () => {
    await withEmulator(
      { faults: [{ method: 'GET', path: '/v1/apps/web', status: 503, times: 2 }] },
      async (_emu, client) => {
        expect((await client().getApp('web')).name).toBe('web');
      },
    );
  });

  test('5xx until the attempts run out fails with fly-5xx and a request id', async () => {
    await withEmulator(
      { faults: [{ method: 'GET', path: '/v1/apps/web', status: 502, times: 3 }] },
      async (_emu, client) => {
        const e = (await client()
          .getApp('web')
          .catch((x: unknown) => x)) as FlyApiError;
        expect(e).toMatchObject({ status: 502, code: 'fly-5xx' });
        expect(e.hint).toContain('retry later');
        // The fault is used up by exactly our three attempts: the next call goes through.
        expect((await client().getApp('web')).name).toBe('web');
      },
    );
  });

  test('429 without Retry-After is retried with backoff, then succeeds', async () => {
    await withEmulator(
      { faults: [{ method: 'GET', path: '/v1/apps/web', status: 429, times: 1 }] },
      async (_emu, client) => {
        expect((await client().getApp('web')).name).toBe('web');
      },
    );
  });

  test("429 from Fly's rate limit waits the Retry-After, then succeeds", async () => {
    await withEmulator(
      { rateLimits: { mutating: { perSecond: 1, burst: 1 }, getMachine: { perSecond: 100, burst: 100 } } },
      async (emu, client) => {
        const c = client();
        const [m] = await c.listMachines('web');
        if (m === undefined) throw new Error('no machine');
        await c.cordonMachine('web', m.id);
        const started = Date.now();
        await c.cordonMachine('web', m.id);
        // The emulator's Retry-After is 1 s; backoff alone (≤ 5 ms here) would have retried much sooner.
        expect(Date.now() - started).toBeGreaterThanOrEqual(900);
        const cordons = emu
          .state()
          .requests.filter((r) => r.path.endsWith('/cordon'))
          .map((r) => r.status);
        expect(cordons).toEqual([200, 429, 200]);
      },
    );
  });

  test('a reset connection is retried', async () => {
    await withEmulator(
      { faults: [{ path: '/v1/apps/web/machines', reset: true, times: 2 }] },
      async (_emu, client) => {
        expect(await client().listMachines('web')).toHaveLength(2);
      },
    );
  });
});

describe('machines', () => {
  test('list, filter, get, events, versions', async () => {
    await withEmulator({}, async (_emu, client) => {
      const c = client();
      const machines = await c.listMachines('web');
      expect(machines).toHaveLength(2);
      const [first] = machines;
      if (first === undefined) throw new Error('no machine');
      expect(first.version).toEqual(expect.any(String));
      expect(await c.listMachines('web', { metadata: { fly_process_group: 'app' } })).toHaveLength(2);
      expect(await c.listMachines('web', { metadata: { fly_process_group: 'worker' } })).toHaveLength(0);
      await c.waitForState('web', first.id, { state: 'started', timeoutMs: 2000 });
      expect(await c.listMachines('web', { state: 'stopped' })).toHaveLength(0);
      const machine = await c.getMachine('web', first.id);
      expect(machine).toMatchObject({ id: first.id, config: { image: 'registry.fly.io/web:v1' } });
      const events = await c.getEvents('web', first.id, { limit: 5 });
      expect(events.length).toBeGreaterThan(0);
      expect(events.length).toBeLessThanOrEqual(5);
      const versions = await c.listVersions('web', first.id);
      expect(versions[0]?.version).toBe(machine.version);
    });
  });

  test('create, update under a lease, wait for the new version, destroy', async () => {
    await withEmulator({}, async (emu, client) => {
      const c = client();
      const created = await c.createMachine('web', {
        config: { image: 'registry.fly.io/web:v1', metadata: { tag: 'x1' } },
        region: 'ams',
      });
      await c.waitForState('web', created.id, {
        state: 'started',
        version: created.version,
        timeoutMs: 2000,
      });
      const lease = await c.acquireLease('web', created.id);
      const before = await c.getMachine('web', created.id);
      const updated = await c.updateMachine(
        'web',
        created.id,
        { config: { ...before.config, image: 'registry.fly.io/web:v2' } },
        { leaseNonce: lease.nonce },
      );
      expect(updated.version).not.toBe(before.version);
      const waited = await c.waitForState('web', created.id, {
        state: 'started',
        version: updated.version,
        timeoutMs: 2000,
      });
      expect(waited.state).toBe('started');
      expect((await c.listVersions('web', created.id)).map((v) => v.version)).toEqual([
        updated.version,
        before.version,
      ]);
      await lease.release();
      await c.destroyMachine('web', created.id, { force: true });
      await c.waitForState('web', created.id, { state: 'destroyed', timeoutMs: 2000 });
      // Once destroyed, Fly answers a wait with 404: reached, for a wait for `destroyed`; an error for any other.
      await expect(
        c.waitForState('web', created.id, { state: 'destroyed', timeoutMs: 2000 }),
      ).resolves.toEqual({ state: 'destroyed' });
      await expect(
        c.waitForState('web', created.id, { state: 'started', timeoutMs: 2000 }),
      ).rejects.toMatchObject({ status: 404 });
      expect(await c.listMachines('web')).toHaveLength(2);
      expect(JSON.stringify(emu.state())).toContain(created.id);
    });
  });

  test('stop, start, restart, cordon, uncordon', async () => {
    await withEmulator({}, async (_emu, client) => {
      const c = client();
      const [m] = await c.listMachines('api');
      if (m === undefined) throw new Error('no machine');
      await c.waitForState('api', m.id, { state: 'started', timeoutMs: 2000 });
      await c.stopMachine('api', m.id, { signal: 'SIGTERM', timeout: 1 });
      await c.waitForState('api', m.id, { state: 'stopped', timeoutMs: 2000 });
      await c.startMachine('api', m.id);
      await c.waitForState('api', m.id, { state: 'started', timeoutMs: 2000 });
      await c.restartMachine('api', m.id, { signal: 'SIGTERM' });
      await c.waitForState('api', m.id, { state: 'started', timeoutMs: 2000 });
      await c.cordonMachine('api', m.id);
      expect((await c.getMachine('api', m.id)).cordoned).toBe(true);
      await c.uncordonMachine('api', m.id);
      expect((await c.getMachine('api', m.id)).cordoned).toBe(false);
    });
  });

  test('metadata set, read, delete', async () => {
    await withEmulator({}, async (_emu, client) => {
      const c = client();
      const [m] = await c.listMachines('web');
      if (m === undefined) throw new Error('no machine');
      await c.setMetadata('web', m.id, 'fly_release_version', '7');
      expect(await c.getMetadata('web', m.id)).toMatchObject({ fly_release_version: '7' });
      expect(await c.listMachines('web', { metadata: { fly_release_version: '7' } })).toHaveLength(1);
      await c.deleteMetadata('web', m.id, 'fly_release_version');
      expect(await c.getMetadata('web', m.id)).not.toHaveProperty('fly_release_version');
    });
  });
});

describe('waiting', () => {
  test('408s mean "not yet" until the version is reached', async () => {
    await withEmulator(
      { faults: [{ method: 'GET', path: '/v1/apps/web/machines/*/wait', status: 408, times: 2 }] },
      async (_emu, client) => {
        const c = client();
        const [m] = await c.listMachines('web');
        if (m === undefined) throw new Error('no machine');
        const progress: number[] = [];
        const result = await c.waitForState('web', m.id, {
          state: 'started',
          version: m.version,
          timeoutMs: 3000,
          onProgress: (p) => progress.push(p.attempt),
        });
        expect(result.state).toBe('started');
        expect(progress).toEqual([1, 2]);
      },
    );
  });

  test('a machine on the old version never satisfies a wait for the new one', async () => {
    await withEmulator({}, async (_emu, client) => {
      const c = client();
      const [m] = await c.listMachines('web');
      if (m === undefined) throw new Error('no machine');
      await c.waitForState('web', m.id, { state: 'started', timeoutMs: 2000 });
      const before = await c.getMachine('web', m.id);
      const updated = await c.updateMachine('web', m.id, {
        config: { ...before.config, image: 'registry.fly.io/web:v2' },
        skip_launch: true,
      });
      const old = before.version ?? '';
      const started = Date.now();
      const e = (await c
        .waitForState('web', m.id, { state: 'started', version: old, timeoutMs: 300, callTimeoutSeconds: 1 })
        .catch((x: unknown) => x)) as FlyApiError;
      expect(e).toBeInstanceOf(FlyApiError);
      expect(e.code).toBe('fly-wait-timeout');
      expect(e.message).toContain(`did not reach state started at version ${old}`);
      expect(e.hint).toContain('fly logs -a web');
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(updated.version).not.toBe(old);
    });
  });
});

describe('leases', () => {
  test('a held lease refuses others (409) and stays alive through refreshes until released', async () => {
    await withEmulator({}, async (emu, client) => {
      const c = client();
      const [m] = await c.listMachines('web');
      if (m === undefined) throw new Error('no machine');
      const lease = await c.acquireLease('web', m.id, {
        ttlSeconds: 1,
        refreshIntervalMs: 100,
        description: 'test',
      });
      expect(lease.nonce).toEqual(expect.any(String));
      expect(lease.held).toBe(true);

      const other = client({ token: 'FlyV1 fm2_deploy' });
      const held = (await other.acquireLease('web', m.id).catch((x: unknown) => x)) as FlyApiError;
      expect(held).toMatchObject({ status: 409, code: 'fly-409' });
      expect(held.hint).toContain('lease');
      await expect(other.cordonMachine('web', m.id)).rejects.toMatchObject({ code: 'fly-409' });

      // Past the 1 s ttl: only the refreshes keep it.
      await new Promise((r) => setTimeout(r, 1300));
      expect(leaseOf(emu, 'web', m.id)).toEqual(expect.objectContaining({ nonce: expect.any(String) }));
      expect(lease.held).toBe(true);

      await lease.release();
      expect(lease.held).toBe(false);
      expect(leaseOf(emu, 'web', m.id)).toBeNull();
      await lease.release();
      const next = await other.acquireLease('web', m.id);
      await next.release();
    });
  });

  test('close releases the leases still held', async () => {
    await withEmulator({}, async (emu, client) => {
      const c = client();
      const [m] = await c.listMachines('web');
      if (m === undefined) throw new Error('no machine');
      await c.acquireLease('web', m.id);
      expect(leaseOf(emu, 'web', m.id)).toEqual(expect.objectContaining({ nonce: expect.any(String) }));
      await c.close();
      expect(leaseOf(emu, 'web', m.id)).toBeNull();
    });
  });

  test('close still releases the leases after the run was cancelled', async () => {
    await withEmulator({}, async (emu, client) => {
      const run = new AbortController();
      const c = client({ signal: run.signal });
      const [m] = await c.listMachines('web');
      if (m === undefined) throw new Error('no machine');
      await c.acquireLease('web', m.id);
      run.abort(new Error('cancelled by SIGTERM'));
      await expect(c.getMachine('web', m.id)).rejects.toThrow('cancelled by SIGTERM');
      await c.close();
      expect(leaseOf(emu, 'web', m.id)).toBeNull();
    });
  });
});

describe('secrets', () => {
  test('set, list (names and digests only), unset', async () => {
    await withEmulator({}, async (_emu, client) => {
      const c = client();
      const { version } = await c.setSecrets('web', {
        DATABASE_URL: 'postgres://u:p4ss@db/x',
        API_KEY: 'k-123456',
      });
      expect(version).toEqual(expect.any(Number));
      const listed = await c.listSecrets('web');
      expect(listed.map((s) => s.name).sort()).toEqual(['API_KEY', 'DATABASE_URL']);
      expect(JSON.stringify(listed)).not.toContain('k-123456');
      const next = await c.setSecrets('web', { API_KEY: null });
      expect(next.version).toBeGreaterThan(version ?? Infinity);
      expect((await c.listSecrets('web')).map((s) => s.name)).toEqual(['DATABASE_URL']);
    });
  });
});

test('every response the emulator sent to the client matched the spec', () => {
  expect(contract.records.length).toBeGreaterThan(100);
  expect(contract.violations()).toEqual([]);
});
