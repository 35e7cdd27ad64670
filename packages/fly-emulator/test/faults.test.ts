import { afterEach, describe, expect, test } from '@jest/globals';
import type { EmulatorConfigInput, FlyEmulator } from '../src/index.ts';
import { EmulatorConfigSchema, startFlyEmulator } from '../src/index.ts';
import { contractRecorder } from '@deploy-actions/harness';
import type { MachineJson } from './helpers/fixtures.ts';
import { baseConfig, call, TOKENS } from './helpers/fixtures.ts';

const contract = contractRecorder();
const emulators: FlyEmulator[] = [];

async function start(overrides: Partial<EmulatorConfigInput>): Promise<FlyEmulator> {
  const emu = await startFlyEmulator(baseConfig(overrides), { onResponse: contract.onResponse });
  emulators.push(emu);
  return emu;
}

afterEach(async () => {
  await Promise.all(emulators.splice(0).map((e) => e.close()));
});

async function firstMachine(emu: FlyEmulator): Promise<string> {
  return (await call<MachineJson[]>(emu, 'GET', '/v1/apps/api/machines')).body[0]!.id;
}

describe('rate limits', () => {
  test('defaults follow Fly: mutations 1/s bursts of 3, GET machine 5/s bursts of 10', () => {
    const config = EmulatorConfigSchema.parse({ organizations: ['acme'] });
    expect(config.rateLimits).toEqual({
      mutating: { perSecond: 1, burst: 3 },
      getMachine: { perSecond: 5, burst: 10 },
    });
  });

  test('beyond the burst a mutation is 429 with Retry-After, per action and per machine', async () => {
    const emu = await start({
      rateLimits: { mutating: { perSecond: 1, burst: 2 }, getMachine: { perSecond: 100, burst: 100 } },
    });
    const id = await firstMachine(emu);
    const path = `/v1/apps/api/machines/${id}`;
    expect((await call(emu, 'POST', `${path}/cordon`)).status).toBe(200);
    expect((await call(emu, 'POST', `${path}/cordon`)).status).toBe(200);
    const limited = await call(emu, 'POST', `${path}/cordon`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await call(emu, 'POST', `${path}/uncordon`)).status).toBe(200);
  });

  test('GET machine has its own bucket', async () => {
    const emu = await start({ rateLimits: { getMachine: { perSecond: 1, burst: 3 } } });
    const id = await firstMachine(emu);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(emu, 'GET', `/v1/apps/api/machines/${id}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

describe('faults', () => {
  test('a status fault answers the matching method and path glob the given number of times', async () => {
    const emu = await start({
      faults: [{ method: 'GET', path: '/v1/apps/*/machines', status: 503, times: 2 }],
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(emu, 'GET', '/v1/apps/web/machines')).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect((await call(emu, 'GET', '/v1/apps/web')).status).toBe(200);
  });

  test('a delay fault holds the request, then serves it', async () => {
    const emu = await start({ faults: [{ path: '/v1/apps/web', delayMs: 80, times: 1 }] });
    const began = Date.now();
    expect((await call(emu, 'GET', '/v1/apps/web')).status).toBe(200);
    expect(Date.now() - began).toBeGreaterThanOrEqual(75);
  });

  test('a reset fault drops the connection once; faults can be injected at run time', async () => {
    const emu = await start({ faults: [{ path: '/v1/apps/web', reset: true, times: 1 }] });
    await expect(call(emu, 'GET', '/v1/apps/web')).rejects.toThrow();
    expect((await call(emu, 'GET', '/v1/apps/web')).status).toBe(200);
    expect(emu.state().requests.map((r) => r.status)).toEqual([0, 200]);
    emu.inject({ method: 'POST', path: '/v1/apps/*/secrets', status: 500, times: 1 });
    expect((await call(emu, 'POST', '/v1/apps/web/secrets', { body: { values: {} } })).status).toBe(500);
  });

  test('random errors are deterministic for a seed', async () => {
    const sequence = async (): Promise<number[]> => {
      const emu = await start({ random: { seed: 42, errorRate: 0.5 } });
      const statuses = [];
      for (let i = 0; i < 12; i++)
        statuses.push((await call(emu, 'GET', '/v1/apps/web', { token: TOKENS.org })).status);
      return statuses;
    };
    const first = await sequence();
    expect(await sequence()).toEqual(first);
    expect(first).toContain(200);
    expect(first.some((s) => s >= 500)).toBe(true);
  });
});

test('every response matched the spec', () => {
  expect(contract.records.length).toBeGreaterThan(30);
  expect(contract.violations()).toEqual([]);
});
