import { afterEach, describe, expect, test } from '@jest/globals';
import { FlyClient, type FlyMachine } from '@deploy-actions/core';
import { startFlyEmulator, type FlyEmulator } from '@deploy-actions/fly-emulator';
import {
  buildRollbackPlan,
  DeployFailure,
  engineContext,
  LeaseSet,
  MachineWatch,
  restore,
  updateMachine,
  waitForVersion,
  type EngineContext,
  type EngineLog,
} from '../src/index.ts';

// The engine's pieces on their own, against the in-process emulator (real HTTP), without the action around them.

const TOKEN = 'fo1_engineTestToken0123456789abcdefABCDEF';
const APP = 'acme-web';
const GOOD = 'registry.fly.io/acme-web:good';
const CRASH = 'registry.fly.io/acme-web:crash';

let fly: FlyEmulator | undefined;
let client: FlyClient | undefined;

afterEach(async () => {
  await client?.close();
  await fly?.close();
  fly = undefined;
  client = undefined;
});

const quiet: EngineLog = { info: () => undefined, warn: () => undefined, debug: () => undefined };

async function setup(machines = 2): Promise<{ ctx: EngineContext; machines: FlyMachine[] }> {
  fly = await startFlyEmulator({
    organizations: ['acme'],
    tokens: [{ token: TOKEN, org: 'acme', owner: 'other-run@acme.test' }],
    images: { [GOOD]: { version: 'good' }, [CRASH]: { version: 'crash', crash: 'on-start', exitCode: 4 } },
    apps: [{ name: APP, org: 'acme', image: GOOD, machines }],
    timing: { startMs: 20, stopMs: 10, restartDelayMs: 50, maxRestarts: 5 },
  });
  client = new FlyClient({ token: TOKEN, apiUrl: fly.apiUrl });
  const ctx = engineContext({ client, app: APP, log: quiet });
  for (const m of await client.listMachines(APP))
    await client.waitForState(APP, m.id, { state: 'started', timeoutMs: 5000 });
  return { ctx, machines: await client.listMachines(APP) };
}

describe('LeaseSet', () => {
  test('takes every lease, refuses when one is held (naming the holder), releasing those it took', async () => {
    const { ctx, machines } = await setup(3);
    const [a, b, c] = machines.map((m) => m.id) as [string, string, string];
    const other = await ctx.client.acquireLease(APP, c, { ttlSeconds: 60, description: 'someone else' });
    const leases = new LeaseSet(ctx);
    const error = await leases
      .acquire([a, b, c], { waitMs: 0, description: 'test' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployFailure);
    expect((error as DeployFailure).kind).toBe('lease-conflict');
    expect((error as DeployFailure).message).toMatch(
      /leased by other-run@acme\.test \(someone else\) until \d{4}-/,
    );
    const held = fly
      ?.state()
      .apps[0]?.machines.filter((m) => m.lease !== null)
      .map((m) => m.id);
    expect(held).toEqual([c]);
    await other.release();
    await leases.acquire([a, b, c], { waitMs: 0, description: 'test' });
    expect(leases.machineIds).toEqual([a, b, c]);
    await leases.releaseAll();
    expect(fly?.state().apps[0]?.machines.every((m) => m.lease === null)).toBe(true);
  });
});

describe('MachineWatch + restore', () => {
  test('a crash-looping update fails the watch with its exit codes; restore brings the old config back', async () => {
    const { ctx, machines } = await setup(1);
    const machine = machines[0] as FlyMachine;
    const leases = new LeaseSet(ctx);
    await leases.acquire([machine.id], { waitMs: 0, description: 'test' });
    const plan = buildRollbackPlan(APP, machines, { now: Date.now() });
    const watch = new MachineWatch(ctx, {
      pollMs: 200,
      logs: () => Promise.resolve({ lines: ['boom: cannot connect to db'] }),
    });
    try {
      const target = await updateMachine(ctx, leases, {
        machine,
        config: { ...machine.config, image: CRASH },
        launch: true,
      });
      const error = await waitForVersion(ctx, watch, target, 10_000)
        .then(() => watch.waitHealthy(machine.id, { settleMs: 5000, timeoutMs: 10_000 }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeployFailure);
      const failure = error as DeployFailure;
      expect(failure.kind).toBe('crash-loop');
      expect(failure.diagnosis?.exitCodes.slice(0, 2)).toEqual([4, 4]);
      expect(failure.message).toContain('boom: cannot connect to db');
    } finally {
      await watch.close();
    }
    const restored = await restore(ctx, plan, {
      leases,
      only: new Set([machine.id]),
      waitTimeoutMs: 10_000,
      settleMs: 200,
      pollMs: 200,
    });
    expect(restored).toEqual([{ machineId: machine.id, result: 'restored' }]);
    const after = await ctx.client.getMachine(APP, machine.id);
    expect(after.config?.image).toBe(GOOD);
    expect(after.state).toBe('started');
    await leases.releaseAll();
  });

  test('restore without `only` leaves machines already on their recorded config alone', async () => {
    const { ctx, machines } = await setup(2);
    const leases = new LeaseSet(ctx);
    const plan = buildRollbackPlan(APP, machines, { now: Date.now() });
    const restored = await restore(ctx, plan, { leases, waitTimeoutMs: 5000, settleMs: 100, pollMs: 100 });
    expect(restored.map((r) => r.result)).toEqual(['unchanged', 'unchanged']);
    expect(fly?.state().requests.filter((r) => r.method === 'POST')).toEqual([]);
  });
});
