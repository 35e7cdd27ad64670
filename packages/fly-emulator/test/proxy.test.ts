import { afterEach, describe, expect, test } from '@jest/globals';
import type { FlyEmulator } from '../src/index.ts';
import { startFlyEmulator } from '../src/index.ts';
import { contractRecorder } from '@deploy-actions/harness';
import type { MachineJson } from './helpers/fixtures.ts';
import { baseConfig, call, eventually } from './helpers/fixtures.ts';

const contract = contractRecorder();
let emu: FlyEmulator;
const running: FlyEmulator[] = [];

async function start(startMs = 10): Promise<FlyEmulator> {
  const config = baseConfig();
  config.timing = { ...config.timing, startMs };
  emu = await startFlyEmulator(config, { onResponse: contract.onResponse });
  running.push(emu);
  return emu;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

async function hits(
  app: string,
  n: number,
): Promise<{ status: number; machine: string | null; version?: string }[]> {
  const out = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${emu.appUrl(app)}/`);
    const body = (await res.json()) as { version?: string };
    out.push({ status: res.status, machine: res.headers.get('fly-machine'), version: body.version });
  }
  return out;
}

async function allPassing(app: string): Promise<MachineJson[]> {
  return eventually(async () => {
    const list = (await call<MachineJson[]>(emu, 'GET', `/v1/apps/${app}/machines`)).body;
    return list.every((m) => m.checks.length > 0 && m.checks.every((c) => c.status === 'passing'))
      ? list
      : undefined;
  }, 5000);
}

describe('the app proxy', () => {
  test('answers 503 until a machine passes its checks, then round-robins over healthy machines', async () => {
    // Machines take a second to start, so the first request surely comes before any check has passed.
    await start(1000);
    const early = await fetch(`${emu.appUrl('web')}/`);
    expect(early.status).toBe(503);
    await early.text();
    const machines = await allPassing('web');
    const seen = await hits('web', 4);
    expect(seen.every((h) => h.status === 200 && h.version === 'v1')).toBe(true);
    expect(new Set(seen.map((h) => h.machine))).toEqual(new Set(machines.map((m) => m.id)));
    expect(seen[0]!.machine).not.toBe(seen[1]!.machine);
  });

  test('forwards method, path, headers and body', async () => {
    await start();
    await allPassing('web');
    const res = await fetch(`${emu.appUrl('web')}/orders?x=1`, {
      method: 'POST',
      body: 'hello',
      headers: { 'x-test': 'yes' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('fly-request-id')).toMatch(/-emu$/);
    expect(await res.json()).toMatchObject({ method: 'POST', path: '/orders', body: 'hello' });
  });

  test('leaves out cordoned machines and machines whose checks fail', async () => {
    await start();
    const [a, b] = await allPassing('web');
    expect((await call(emu, 'POST', `/v1/apps/web/machines/${a!.id}/cordon`)).status).toBe(200);
    expect(new Set((await hits('web', 3)).map((h) => h.machine))).toEqual(new Set([b!.id]));
    const failing = { ...b!.config, image: 'registry.fly.io/web:failing' };
    expect(
      (await call(emu, 'POST', `/v1/apps/web/machines/${b!.id}`, { body: { config: failing } })).status,
    ).toBe(200);
    await eventually(async () => ((await machineChecks(b!.id))[0]?.status === 'critical' ? true : undefined));
    expect((await hits('web', 2)).map((h) => h.status)).toEqual([503, 503]);
    expect((await call(emu, 'POST', `/v1/apps/web/machines/${a!.id}/uncordon`)).status).toBe(200);
    expect(new Set((await hits('web', 3)).map((h) => h.machine))).toEqual(new Set([a!.id]));
  });

  test('routes to every started machine of an app without checks, and serves the new version after an update', async () => {
    await start();
    const [m] = await eventually(async () => {
      const list = (await call<MachineJson[]>(emu, 'GET', '/v1/apps/api/machines')).body;
      return list.every((x) => x.state === 'started') ? list : undefined;
    });
    expect((await hits('api', 1))[0]).toMatchObject({ status: 200, machine: m!.id, version: 'v1' });
    const updated = await call<MachineJson>(emu, 'POST', `/v1/apps/api/machines/${m!.id}`, {
      body: { config: { ...m!.config, image: 'registry.fly.io/web:v2' } },
    });
    const wait = await call(
      emu,
      'GET',
      `/v1/apps/api/machines/${m!.id}/wait?state=started&version=${updated.body.version}`,
    );
    expect(wait.status).toBe(200);
    expect((await hits('api', 1))[0]).toMatchObject({ status: 200, version: 'v2' });
    expect((await call(emu, 'POST', `/v1/apps/api/machines/${m!.id}/stop`)).status).toBe(200);
    expect((await call(emu, 'GET', `/v1/apps/api/machines/${m!.id}/wait?state=stopped`)).status).toBe(200);
    expect((await hits('api', 1))[0]!.status).toBe(503);
  });
});

test('every response matched the spec', () => {
  expect(contract.records.length).toBeGreaterThan(10);
  expect(contract.violations()).toEqual([]);
});

async function machineChecks(id: string): Promise<MachineJson['checks']> {
  return (await call<MachineJson>(emu, 'GET', `/v1/apps/web/machines/${id}`)).body.checks;
}
