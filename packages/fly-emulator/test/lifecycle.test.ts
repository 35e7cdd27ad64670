import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FlyEmulator } from '../src/index.ts';
import { startFlyEmulator } from '../src/index.ts';
import { contractRecorder } from '@deploy-actions/harness';
import type { EventJson, MachineJson } from './helpers/fixtures.ts';
import { baseConfig, call, eventually } from './helpers/fixtures.ts';

const contract = contractRecorder();
let emu: FlyEmulator;
const M = '/v1/apps/api/machines';
const MIGRATE = ['npx', 'prisma', 'migrate', 'deploy'];

beforeAll(async () => {
  const config = baseConfig();
  config.images = {
    ...config.images,
    'registry.fly.io/web:late-crash': { version: 'v5', crash: 'after:150', exitCode: 137 },
    'registry.fly.io/web:migrations': {
      version: 'v6',
      commands: {
        'npx prisma migrate deploy': { exitCode: 0, durationMs: 20 },
        'npx prisma migrate reset': { exitCode: 3 },
      },
    },
  };
  emu = await startFlyEmulator(config, { onResponse: contract.onResponse });
});

afterAll(async () => {
  await emu.close();
});

async function create(config: Record<string, unknown>): Promise<MachineJson> {
  const res = await call<MachineJson>(emu, 'POST', M, { body: { config } });
  expect(res.status).toBe(200);
  return res.body;
}

async function machine(id: string): Promise<MachineJson> {
  return (await call<MachineJson>(emu, 'GET', `${M}/${id}`)).body;
}

async function settledIn(id: string, state: string): Promise<MachineJson> {
  return eventually(async () => {
    const m = await machine(id);
    return m.state === state ? m : undefined;
  });
}

function exits(events: EventJson[]): EventJson[] {
  return events.filter((e) => e.type === 'exit');
}

describe('crashes', () => {
  // Fly lets a machine whose retries ran out stop, it does not fail it: "Try up to 10 times ... before letting it
  // stop" (https://fly.io/docs/machines/guides-examples/machine-restart-policy/). Here max retries is 2.
  test('a crash on start restarts with a growing restart_count, then stops with restarting:false', async () => {
    const { id } = await create({ image: 'registry.fly.io/web:crash' });
    const failed = await eventually(async () => {
      const m = await machine(id);
      return m.state === 'stopped' && exits(m.events)[0]?.request?.exit_event?.restarting === false
        ? m
        : undefined;
    });
    const exitEvents = exits(failed.events);
    expect(exitEvents.map((e) => e.request?.restart_count)).toEqual([2, 1, 0]);
    expect(exitEvents.map((e) => e.request?.exit_event?.restarting)).toEqual([false, true, true]);
    expect(exitEvents[0]).toMatchObject({
      status: 'stopped',
      source: 'flyd',
      request: { exit_event: { exit_code: 1, requested_stop: false, oom_killed: false } },
    });
    expect(
      emu
        .state()
        .apps.find((a) => a.name === 'api')!
        .machines.find((m) => m.id === id)!.restartCount,
    ).toBe(2);
  });

  test('a stop during a crash loop keeps the machine stopped', async () => {
    const { id } = await create({
      image: 'registry.fly.io/web:crash',
      restart: { policy: 'on-failure', max_retries: 50 },
    });
    await settledIn(id, 'stopped');
    expect((await call(emu, 'POST', `${M}/${id}/stop`)).status).toBe(200);
    expect((await call(emu, 'GET', `${M}/${id}/wait?state=stopped`)).status).toBe(200);
    const before = exits((await machine(id)).events).length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    const after = await machine(id);
    expect(after.state).toBe('stopped');
    expect(exits(after.events)).toHaveLength(before);
  });

  test('restart policy "no" stops after the first exit', async () => {
    const { id } = await create({ image: 'registry.fly.io/web:crash', restart: { policy: 'no' } });
    const stopped = await settledIn(id, 'stopped');
    await new Promise((resolve) => setTimeout(resolve, 40));
    const events = (await machine(id)).events;
    expect(exits(events)).toHaveLength(1);
    expect(exits(stopped.events)[0]!.request?.exit_event?.restarting).toBe(false);
  });

  test('after:<ms> serves first, then crashes', async () => {
    const { id } = await create({ image: 'registry.fly.io/web:late-crash', restart: { policy: 'no' } });
    const started = await settledIn(id, 'started');
    expect(exits(started.events)).toEqual([]);
    const stopped = await settledIn(id, 'stopped');
    expect(exits(stopped.events)[0]!.request?.exit_event?.exit_code).toBe(137);
  });

  test('setImage makes a new image launchable while the emulator runs', async () => {
    emu.setImage('registry.fly.io/web:pushed-later', { version: 'v9', crash: 'on-start' });
    const { id } = await create({ image: 'registry.fly.io/web:pushed-later', restart: { policy: 'no' } });
    const stopped = await settledIn(id, 'stopped');
    expect(exits(stopped.events)[0]!.request?.exit_event?.exit_code).toBe(1);
  });

  test('an image the registry does not know fails to launch, with an event saying so', async () => {
    const { id } = await create({ image: 'registry.fly.io/web:missing' });
    const failed = await settledIn(id, 'failed');
    expect(failed.events[0]).toMatchObject({ type: 'launch', status: 'failed' });
    expect(failed.events[0]!.request?.error).toMatch(/registry\.fly\.io\/web:missing/);
  });
});

describe('stop and start', () => {
  test('stop records a requested exit, start brings it back', async () => {
    const { id } = await create({ image: 'registry.fly.io/web:v1' });
    await settledIn(id, 'started');
    expect((await call(emu, 'POST', `${M}/${id}/stop`)).status).toBe(200);
    const stopped = await settledIn(id, 'stopped');
    expect(exits(stopped.events)[0]!.request?.exit_event).toMatchObject({
      requested_stop: true,
      restarting: false,
    });
    expect((await call(emu, 'POST', `${M}/${id}/start`)).status).toBe(200);
    await settledIn(id, 'started');
    expect((await call(emu, 'POST', `${M}/${id}/stop`)).status).toBe(200);
    expect((await call(emu, 'POST', `${M}/${id}/start`)).status).toBe(200);
    const restarted = await settledIn(id, 'started');
    expect(restarted.events.filter((e) => e.type === 'start' && e.status === 'started')).toHaveLength(3);
    expect((await call(emu, 'POST', `${M}/${id}/suspend`)).status).toBe(200);
    await settledIn(id, 'suspended');
    expect((await call(emu, 'POST', `${M}/${id}/restart`)).status).toBe(200);
  });

  test('a stop while a restart is stopping the machine keeps it stopped', async () => {
    // A stop phase long enough that the stop surely lands while the restart is still stopping the machine.
    const slow = await startFlyEmulator(
      { ...baseConfig(), timing: { startMs: 10, stopMs: 100, restartDelayMs: 10, waitMaxMs: 1000 } },
      { onResponse: contract.onResponse },
    );
    try {
      const [{ id }] = (await call<MachineJson[]>(slow, 'GET', M)).body as [MachineJson];
      expect((await call(slow, 'GET', `${M}/${id}/wait?state=started`)).status).toBe(200);
      expect((await call(slow, 'POST', `${M}/${id}/restart`)).status).toBe(200);
      expect((await call(slow, 'POST', `${M}/${id}/stop`)).status).toBe(200);
      expect((await call(slow, 'GET', `${M}/${id}/wait?state=stopped`)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 60));
      const after = (await call<MachineJson>(slow, 'GET', `${M}/${id}`)).body;
      expect(after.state).toBe('stopped');
      expect(after.events[0]).toMatchObject({ type: 'exit', status: 'stopped' });
    } finally {
      await slow.close();
    }
  });
});

describe('checks', () => {
  test('checks are empty right after a start, then report passing or critical', async () => {
    const services = (path: string) => [
      // A one-second interval leaves a loaded two-core CI ample time for the read right after the start.
      { internal_port: 8080, checks: [{ type: 'http', path, interval: '1s' }] },
    ];
    const ok = await create({ image: 'registry.fly.io/web:v1', services: services('/health') });
    const bad = await create({ image: 'registry.fly.io/web:failing', services: services('/health') });
    // wait answers the moment the machine starts; the first check reports one interval later.
    expect((await call(emu, 'GET', `${M}/${ok.id}/wait?state=started`)).status).toBe(200);
    expect((await machine(ok.id)).checks).toEqual([]);
    const passing = await eventually(
      async () => ((await machine(ok.id)).checks[0]?.status === 'passing' ? true : undefined),
      5000,
    );
    expect(passing).toBe(true);
    const critical = await eventually(async () => (await machine(bad.id)).checks[0], 5000);
    expect(critical).toMatchObject({ name: 'servicecheck-00-http-8080', status: 'critical' });
    expect(critical.output).toMatch(/503/);
  });
});

describe('release command machines', () => {
  const releaseConfig = (cmd: string[], extra: Record<string, unknown> = {}) => ({
    image: 'registry.fly.io/web:migrations',
    env: { RELEASE_COMMAND: '1' },
    init: { cmd },
    restart: { policy: 'no' },
    metadata: { fly_process_group: 'fly_app_release_command' },
    ...extra,
  });

  test('runs the configured command, records its exit, and is destroyed when auto_destroy', async () => {
    const { id } = await create(releaseConfig(MIGRATE, { auto_destroy: true }));
    const done = await call(emu, 'GET', `${M}/${id}/wait?state=destroyed&timeout=1`);
    expect(done.status).toBe(200);
    const events = (await machine(id)).events;
    expect(exits(events)[0]!.request?.exit_event).toMatchObject({ exit_code: 0, restarting: false });
    expect(events[0]).toMatchObject({ type: 'destroy', status: 'destroyed' });
  });

  test('a failing command exits with its code; an unknown one exits 127', async () => {
    const failing = await create(releaseConfig(['npx', 'prisma', 'migrate', 'reset']));
    const unknown = await create(releaseConfig(['rake', 'db:migrate']));
    const failed = await settledIn(failing.id, 'stopped');
    expect(exits(failed.events)[0]!.request?.exit_event?.exit_code).toBe(3);
    const missing = await settledIn(unknown.id, 'stopped');
    expect(exits(missing.events)[0]!.request?.exit_event?.exit_code).toBe(127);
  });
});

test('every response matched the spec', () => {
  expect(contract.records.length).toBeGreaterThan(20);
  expect(contract.violations()).toEqual([]);
});
