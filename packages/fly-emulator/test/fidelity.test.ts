import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { EmulatorConfigInput, FlyEmulator } from '../src/index.ts';
import { EmulatorConfigSchema, startFlyEmulator } from '../src/index.ts';
import { contractRecorder } from '@deploy-actions/harness';
import type { EventJson, MachineJson } from './helpers/fixtures.ts';
import { baseConfig, call, eventually, TOKENS } from './helpers/fixtures.ts';

// Each behaviour here is one the emulator must share with Fly; the source of each is cited beside its test and,
// in more detail, beside its code.

const contract = contractRecorder();
let emu: FlyEmulator;
const M = '/v1/apps/api/machines';
const LOGS_REFUSED = 'fm2_deploy_without_logs';
/** A service, without which the proxy reaches no machine. */
const SERVICES = [{ protocol: 'tcp', internal_port: 8080, ports: [{ port: 80, handlers: ['http'] }] }];

function config(): EmulatorConfigInput {
  const base = baseConfig();
  return {
    ...base,
    tokens: [...base.tokens!, { token: LOGS_REFUSED, org: 'acme', apps: ['api'], logs: false }],
    images: {
      ...base.images,
      'registry.fly.io/web:exit0': { version: 'v7', crash: 'on-start', exitCode: 0 },
      'registry.fly.io/web:talks': {
        version: 'v8',
        crash: 'after:40',
        exitCode: 3,
        logs: ['listening on :8080'],
        crashLogs: ['Error: DATABASE_URL is not set'],
      },
      'registry.fly.io/web:unpullable': { version: 'v9', pull: 'fails' },
      'registry.fly.io/web:oom': { version: 'v11', crash: 'after:20', oomKilled: true },
      'registry.fly.io/web:leaky': {
        version: 'v10',
        crash: 'on-start',
        crashLogs: ['connecting to ${DATABASE_URL} as ${ROLE}${UNSET}'],
      },
    },
    apps: base.apps!.map((app) =>
      app.name === 'api' ? { ...app, secrets: { DATABASE_URL: 'postgres://u:hunter2@db/api' } } : app,
    ),
  };
}

beforeAll(async () => {
  emu = await startFlyEmulator(config(), { onResponse: contract.onResponse });
});

afterAll(async () => {
  await emu.close();
});

async function create(body: Record<string, unknown>, app = 'api'): Promise<MachineJson> {
  const res = await call<MachineJson>(emu, 'POST', `/v1/apps/${app}/machines`, { body });
  expect(res.status).toBe(200);
  return res.body;
}

async function machine(id: string, query = ''): Promise<MachineJson> {
  return (await call<MachineJson>(emu, 'GET', `${M}/${id}${query}`)).body;
}

async function started(config: Record<string, unknown>): Promise<MachineJson> {
  const m = await create({ config });
  expect((await call(emu, 'GET', `${M}/${m.id}/wait?state=started`)).status).toBe(200);
  return machine(m.id);
}

function exits(events: EventJson[]): EventJson[] {
  return events.filter((e) => e.type === 'exit');
}

/** Resolves once the machine's newest exit says it will not restart (the loop is over). */
async function loopOver(id: string): Promise<MachineJson> {
  return eventually(async () => {
    const m = await machine(id);
    const newest = exits(m.events)[0];
    return m.state === 'stopped' && newest?.request?.exit_event?.restarting === false ? m : undefined;
  });
}

describe('restart policy (fly docs machine-restart-policy; fly-go machine_types.go MachineRestart)', () => {
  test('defaults are realistic: on-failure retries 10 times, a second apart, when a test does not shorten them', () => {
    const { timing } = EmulatorConfigSchema.parse({ organizations: ['acme'] });
    expect(timing).toMatchObject({ maxRestarts: 10, restartDelayMs: 1000 });
  });

  test('on-failure (no policy set) restarts up to max_retries, each exit an exit event, then stops', async () => {
    const { id } = await create({ config: { image: 'registry.fly.io/web:crash' } });
    const done = await loopOver(id);
    const loop = exits(done.events);
    expect(loop.map((e) => e.request?.restart_count)).toEqual([2, 1, 0]);
    expect(loop.map((e) => e.request?.exit_event?.restarting)).toEqual([false, true, true]);
    for (const exit of loop) {
      expect(exit).toMatchObject({ status: 'stopped', source: 'flyd' });
      expect(exit.request?.exit_event).toMatchObject({
        exit_code: 1,
        guest_exit_code: 1,
        oom_killed: false,
        requested_stop: false,
      });
      expect(Date.parse(exit.request!.exit_event!.exited_at!)).not.toBeNaN();
    }
    expect(done.state).toBe('stopped');
  });

  test('max_retries in the config overrides the default', async () => {
    const { id } = await create({
      config: { image: 'registry.fly.io/web:crash', restart: { policy: 'on-failure', max_retries: 1 } },
    });
    const done = await loopOver(id);
    expect(exits(done.events).map((e) => e.request?.restart_count)).toEqual([1, 0]);
  });

  test('on-failure does not restart a clean exit; always does, past max_retries', async () => {
    const clean = await create({ config: { image: 'registry.fly.io/web:exit0' } });
    const cleanDone = await loopOver(clean.id);
    expect(exits(cleanDone.events)).toHaveLength(1);

    const always = await create({
      config: { image: 'registry.fly.io/web:exit0', restart: { policy: 'always' } },
    });
    // maxRestarts is 2 in these tests: `always` has no limit.
    await eventually(async () =>
      (await machine(always.id)).events.filter((e) => e.type === 'exit').length > 4 ? true : undefined,
    );
    const looping = exits((await machine(always.id)).events);
    expect(looping.every((e) => e.request?.exit_event?.restarting === true)).toBe(true);
    expect((await call(emu, 'POST', `${M}/${always.id}/stop`)).status).toBe(200);
    expect((await call(emu, 'GET', `${M}/${always.id}/wait?state=stopped`)).status).toBe(200);
  });

  test('an OOM-killed image exits 137 with oom_killed, and says so in its logs', async () => {
    const { id } = await create({ config: { image: 'registry.fly.io/web:oom', restart: { policy: 'no' } } });
    const done = await loopOver(id);
    expect(exits(done.events)[0]!.request?.exit_event).toMatchObject({ exit_code: 137, oom_killed: true });
    const logs = await call<{ data: { attributes: { message: string } }[] }>(
      emu,
      'GET',
      `/api/v1/apps/api/logs?instance=${id}`,
    );
    expect(logs.body.data.map((d) => d.attributes.message)).toContain(
      'Process appears to have been OOM killed!',
    );
  });

  test('crash after:<ms> still loops under the policy, printing its log lines before each crash', async () => {
    const { id } = await create({
      config: { image: 'registry.fly.io/web:talks', restart: { policy: 'on-failure', max_retries: 1 } },
    });
    const done = await loopOver(id);
    expect(exits(done.events).map((e) => e.request?.exit_event?.exit_code)).toEqual([3, 3]);
  });
});

describe('events (flyctl machines_releasecommand.go, fly-go machine_types.go GetLatestEventOfTypeAfterType)', () => {
  test('an update records the old instance exiting on request, then launch and start of the new one', async () => {
    const before = await started({ image: 'registry.fly.io/web:v1' });
    const res = await call<MachineJson>(emu, 'POST', `${M}/${before.id}`, {
      body: { config: { ...before.config, image: 'registry.fly.io/web:v2' } },
    });
    expect(res.status).toBe(200);
    const newVersion = res.body.version;
    expect(newVersion).not.toBe(before.version);
    expect(
      (await call(emu, 'GET', `${M}/${before.id}/wait?state=started&version=${newVersion}`)).status,
    ).toBe(200);
    const after = await machine(before.id);
    expect(after.events.slice(0, 5).map((e) => `${e.type}/${e.status}/${e.source}`)).toEqual([
      'start/started/flyd',
      'start/starting/user',
      'launch/created/user',
      'exit/stopped/flyd',
      'update/replacing/user',
    ]);
    expect(after.events[3]!.request?.exit_event).toMatchObject({ requested_stop: true, restarting: false });
    const stamps = after.events.map((e) => e.timestamp);
    expect(stamps).toEqual([...stamps].sort((a, b) => b - a));
  });

  test('the newest exit after the newest start is the one flyctl reads for an exit code', async () => {
    const { id } = await create({
      config: { image: 'registry.fly.io/web:talks', restart: { policy: 'no' } },
    });
    const done = await loopOver(id);
    const newestStart = done.events.findIndex((e) => e.type === 'start');
    const exitAfterStart = done.events.slice(0, newestStart).find((e) => e.type === 'exit');
    expect(exitAfterStart?.request?.exit_event?.exit_code).toBe(3);
    expect(exitAfterStart!.timestamp).toBeGreaterThanOrEqual(done.events[newestStart]!.timestamp);
  });
});

describe('an image that cannot be pulled (flyctl PR #4878)', () => {
  test.each([
    ['unknown to the registry', 'registry.fly.io/web:never-pushed'],
    ['refused by the registry', 'registry.fly.io/web:unpullable'],
  ])(
    'an update to an image %s is reverted: the machine stays on its previous version, running',
    async (_, image) => {
      const before = await started({ image: 'registry.fly.io/web:v1', services: SERVICES });
      const res = await call<MachineJson>(emu, 'POST', `${M}/${before.id}`, {
        body: { config: { ...before.config, image } },
      });
      expect(res.status).toBe(200);
      const wait = await call(emu, 'GET', `${M}/${before.id}/wait?state=started&version=${res.body.version}`);
      expect(wait.status).toBe(400);
      expect(wait.body.error).toMatch(/failed to pull image/);
      expect(wait.body.error).toContain(before.version);
      const after = await machine(before.id);
      expect(after).toMatchObject({ state: 'started', version: before.version });
      expect(after.config.image).toBe('registry.fly.io/web:v1');
      expect(after.events[0]).toMatchObject({ type: 'update', status: 'failed' });
      const served = await fetch(`${emu.appUrl('api')}/`, {
        headers: { 'fly-force-instance-id': before.id },
      });
      expect(((await served.json()) as { version: string }).version).toBe('v1');
    },
  );

  test('a create with an unpullable image fails to launch', async () => {
    const { id } = await create({ config: { image: 'registry.fly.io/web:unpullable' } });
    const failed = await eventually(async () => {
      const m = await machine(id);
      return m.state === 'failed' ? m : undefined;
    });
    expect(failed.events[0]!.request?.error).toMatch(/failed to pull image/);
  });
});

describe('create and wait (flyctl machines_releasecommand.go, fly-go flaps_machines_wait.go)', () => {
  test('skip_launch leaves the machine stopped, ready for start', async () => {
    const { id } = await create({ config: { image: 'registry.fly.io/web:v1' }, skip_launch: true });
    expect((await call(emu, 'GET', `${M}/${id}/wait?state=stopped`)).status).toBe(200);
    expect((await machine(id)).state).toBe('stopped');
    expect((await call(emu, 'POST', `${M}/${id}/start`)).status).toBe(200);
    expect((await call(emu, 'GET', `${M}/${id}/wait?state=started`)).status).toBe(200);
  });

  test('timeout outside 1-60 seconds is a 400', async () => {
    const { id } = await started({ image: 'registry.fly.io/web:v1' });
    for (const timeout of ['0', '61', '1.5', 'soon']) {
      const res = await call(emu, 'GET', `${M}/${id}/wait?state=started&timeout=${timeout}`);
      expect({ timeout, status: res.status }).toEqual({ timeout, status: 400 });
    }
  });

  test('a destroyed machine answers any wait with 404 at once, one for destroyed too; a GET still shows it', async () => {
    const { id } = await started({ image: 'registry.fly.io/web:v1' });
    expect((await call(emu, 'DELETE', `${M}/${id}?force=true`)).status).toBe(200);
    await eventually(async () => ((await machine(id)).state === 'destroyed' ? true : undefined));
    for (const state of ['started', 'destroyed']) {
      const res = await call(emu, 'GET', `${M}/${id}/wait?state=${state}`);
      expect({ state, res }).toMatchObject({
        state,
        res: { status: 404, body: { error: 'machine not found' } },
      });
    }
    expect(await call(emu, 'GET', `${M}/${id}`)).toMatchObject({
      status: 200,
      body: { id, state: 'destroyed' },
    });
  });

  test('a wait for destroyed that begins while the machine is destroying sees it destroyed', async () => {
    // A destroy slow enough (1 s) that the wait call surely arrives before it ends.
    const slow = await startFlyEmulator(
      baseConfig({ timing: { startMs: 10, stopMs: 1000, restartDelayMs: 10, waitMaxMs: 5000 } }),
    );
    try {
      const created = await call<MachineJson>(slow, 'POST', M, {
        body: { config: { image: 'registry.fly.io/web:v1' } },
      });
      const id = created.body.id;
      expect((await call(slow, 'GET', `${M}/${id}/wait?state=started`)).status).toBe(200);
      expect((await call(slow, 'DELETE', `${M}/${id}?force=true`)).status).toBe(200);
      expect(await call(slow, 'GET', `${M}/${id}/wait?state=destroyed`)).toMatchObject({
        status: 200,
        body: { state: 'destroyed' },
      });
    } finally {
      await slow.close();
    }
  });

  test('from_event_id waits for a state reached after that event', async () => {
    const { id } = await started({ image: 'registry.fly.io/web:v1' });
    const first = await call<{ event_id: string }>(emu, 'GET', `${M}/${id}/wait?state=started`);
    const eventId = first.body.event_id;
    const again = await call(emu, 'GET', `${M}/${id}/wait?state=started&timeout=1&from_event_id=${eventId}`);
    expect(again.status).toBe(408);
    expect((await call(emu, 'POST', `${M}/${id}/restart`)).status).toBe(200);
    const next = await call<{ event_id: string }>(
      emu,
      'GET',
      `${M}/${id}/wait?state=started&from_event_id=${eventId}`,
    );
    expect(next.status).toBe(200);
    expect(next.body.event_id).not.toBe(eventId);
    expect((await call(emu, 'GET', `${M}/${id}/wait?from_event_id=01NOTANEVENT`)).status).toBe(400);
  });
});

describe('leases, destroy and metadata as fly-go sends them (fly-go flaps/flaps_machines.go)', () => {
  test('POST lease?ttl=13 without a body gives a 13 s lease', async () => {
    const { id } = await started({ image: 'registry.fly.io/web:v1' });
    const now = Math.floor(Date.now() / 1000);
    const res = await call<{ data: { expires_at: number } }>(emu, 'POST', `${M}/${id}/lease?ttl=13`);
    expect(res.status).toBe(201);
    expect(res.body.data.expires_at).toBeGreaterThanOrEqual(now + 12);
    expect(res.body.data.expires_at).toBeLessThanOrEqual(now + 14);
  });

  test('DELETE ?kill=true destroys a running machine as force=true does', async () => {
    const { id } = await started({ image: 'registry.fly.io/web:v1' });
    expect((await call(emu, 'DELETE', `${M}/${id}?kill=false`)).status).toBe(412);
    expect((await call(emu, 'DELETE', `${M}/${id}?kill=true`)).status).toBe(200);
    expect((await call(emu, 'GET', `${M}/${id}/wait?state=destroyed`)).status).not.toBe(408);
  });

  test('metadata writes need no nonce on a leased machine; other mutations still do', async () => {
    const { id } = await started({ image: 'registry.fly.io/web:v1' });
    expect((await call(emu, 'POST', `${M}/${id}/lease?ttl=30`)).status).toBe(201);
    const set = await call(emu, 'POST', `${M}/${id}/metadata/deploy_actions_release`, {
      body: { value: 'abc123' },
    });
    expect(set.status).toBe(204);
    const patch = await call(emu, 'PATCH', `${M}/${id}/metadata`, {
      body: { metadata: { fly_release_version: '7', deploy_actions_release: '' } },
    });
    expect(patch.status).toBe(204);
    const metadata = (await call<Record<string, string>>(emu, 'GET', `${M}/${id}/metadata`)).body;
    expect(metadata['fly_release_version']).toBe('7');
    expect(metadata).not.toHaveProperty('deploy_actions_release');
    const stale = await call(emu, 'PUT', `${M}/${id}/metadata`, {
      body: { machine_version: '01STALE', metadata: { a: 'b' } },
    });
    expect(stale.status).toBe(412);
    expect((await call(emu, 'POST', `${M}/${id}/stop`)).status).toBe(409);
  });
});

describe('versions, paging and faults (spec: GET machine ?version=, list limit/cursor)', () => {
  test('GET ?version=<old> shows that version as replaced; an unknown version is 404', async () => {
    const before = await started({ image: 'registry.fly.io/web:v1' });
    const res = await call<MachineJson>(emu, 'POST', `${M}/${before.id}`, {
      body: { config: { ...before.config, image: 'registry.fly.io/web:v2' } },
    });
    const old = await machine(before.id, `?version=${before.version}`);
    expect(old).toMatchObject({ state: 'replaced', version: before.version });
    expect(old.config.image).toBe('registry.fly.io/web:v1');
    expect((await machine(before.id, `?version=${res.body.version}`)).config.image).toBe(
      'registry.fly.io/web:v2',
    );
    expect((await call(emu, 'GET', `${M}/${before.id}?version=01NOSUCHVERSION`)).status).toBe(404);
  });

  test('limit pages the list with fly-next-cursor until the last page', async () => {
    const all = (await call<MachineJson[]>(emu, 'GET', M)).body.map((m) => m.id);
    expect(all.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? '?limit=2' : `?limit=2&cursor=${cursor}`;
      const page = await call<MachineJson[]>(emu, 'GET', `${M}${query}`);
      expect(page.status).toBe(200);
      expect(page.body.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.map((m) => m.id));
      cursor = page.headers.get('fly-next-cursor');
      pages += 1;
    } while (cursor !== null && pages < 100);
    expect(seen).toEqual(all);
    expect((await call(emu, 'GET', `${M}?limit=0`)).status).toBe(400);
    expect((await call(emu, 'GET', `${M}?cursor=abc`)).status).toBe(400);
    expect((await call(emu, 'GET', `${M}?limit=2&cursor=not-a-cursor`)).status).toBe(400);
  });

  test('an injected error can carry Fly’s own message and status code', async () => {
    const message =
      'could not reserve resource for machine: insufficient memory available to fulfill request';
    emu.inject({
      method: 'GET',
      path: '/v1/apps/web',
      status: 409,
      times: 1,
      message,
      code: 'insufficient_capacity',
    });
    const res = await call(emu, 'GET', '/v1/apps/web');
    expect(res).toMatchObject({ status: 409, body: { error: message, status: 'insufficient_capacity' } });
  });

  test('an injected 429 carries Retry-After', async () => {
    emu.inject({ method: 'GET', path: '/v1/apps/web', status: 429, times: 1, retryAfterS: 3 });
    const res = await call(emu, 'GET', '/v1/apps/web');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
  });
});

describe('concurrent updates (flyctl test/preflight/apps_v2_integration_test.go)', () => {
  test('a second update while the machine is replacing is refused', async () => {
    // An emulator of its own whose failed pull keeps the machine replacing for 10 s: the second update lands
    // inside that window however loaded the machine running the tests is.
    const slow = await startFlyEmulator(
      { ...config(), timing: { ...baseConfig().timing, pullFailMs: 10_000 } },
      { onResponse: contract.onResponse },
    );
    try {
      const made = await call<MachineJson>(slow, 'POST', M, {
        body: { config: { image: 'registry.fly.io/web:v1' } },
      });
      expect((await call(slow, 'GET', `${M}/${made.body.id}/wait?state=started`)).status).toBe(200);
      const first = await call(slow, 'POST', `${M}/${made.body.id}`, {
        body: { config: { ...made.body.config, image: 'registry.fly.io/web:unpullable' } },
      });
      expect(first.status).toBe(200);
      const second = await call(slow, 'POST', `${M}/${made.body.id}`, {
        body: { config: { ...made.body.config, image: 'registry.fly.io/web:v2' } },
      });
      expect(second.status).toBe(409);
      expect(second.body.error).toMatch(/concurrent update in progress/);
    } finally {
      await slow.close();
    }
  });
});

describe('service registration and the proxy (flyctl strategy_bluegreen.go; fly docs sticky-sessions)', () => {
  let isolated: FlyEmulator;
  beforeAll(async () => {
    const base = config();
    isolated = await startFlyEmulator(
      { ...base, apps: [{ name: 'blue', org: 'acme', image: 'registry.fly.io/web:v1', machines: 1 }] },
      { onResponse: contract.onResponse },
    );
  });
  afterAll(async () => {
    await isolated.close();
  });

  const proxied = async (headers: Record<string, string> = {}) => {
    const res = await fetch(`${isolated.appUrl('blue')}/`, { headers });
    return {
      status: res.status,
      machine: res.headers.get('fly-machine'),
      body: await res.json(),
    };
  };

  test('skip_service_registration and dns.skip_registration keep a machine out until uncordoned', async () => {
    const B = '/v1/apps/blue/machines';
    const [blue] = (await call<MachineJson[]>(isolated, 'GET', B)).body;
    expect((await call(isolated, 'GET', `${B}/${blue!.id}/wait?state=started`)).status).toBe(200);
    const services = SERVICES;
    const greens = [];
    for (const body of [
      { config: { image: 'registry.fly.io/web:v2', services }, skip_service_registration: true },
      { config: { image: 'registry.fly.io/web:v2', services, dns: { skip_registration: true } } },
      // No services at all: never reachable through the proxy.
      { config: { image: 'registry.fly.io/web:v2' } },
    ]) {
      const green = (await call<MachineJson & { cordoned: boolean }>(isolated, 'POST', B, { body })).body;
      expect(green.cordoned).toBe('services' in body.config);
      expect((await call(isolated, 'GET', `${B}/${green.id}/wait?state=started`)).status).toBe(200);
      greens.push(green.id);
    }
    const before = new Set((await Promise.all([1, 2, 3, 4].map(() => proxied()))).map((r) => r.machine));
    expect([...before]).toEqual([blue!.id]);
    // A forced instance is reachable while it is kept out of load balancing.
    expect((await proxied({ 'fly-force-instance-id': greens[0]! })).machine).toBe(greens[0]);
    for (const id of greens) expect((await call(isolated, 'POST', `${B}/${id}/uncordon`)).status).toBe(200);
    const after = new Set((await Promise.all([1, 2, 3, 4, 5, 6].map(() => proxied()))).map((r) => r.machine));
    expect(after).toEqual(new Set([blue!.id, greens[0], greens[1]]));
    const serviceless = await proxied({ 'fly-force-instance-id': greens[2]! });
    expect(serviceless.status).toBe(503);
    expect(JSON.stringify(serviceless.body)).toContain('has no services');
    expect((await call(isolated, 'POST', `${B}/${blue!.id}/cordon`)).status).toBe(200);
    const cordoned = (await Promise.all([1, 2, 3, 4].map(() => proxied()))).map((r) => r.machine);
    expect(cordoned).not.toContain(blue!.id);
  });

  test('fly-force-instance-id answers 503 naming a machine that is not running or not the app’s', async () => {
    const B = '/v1/apps/blue/machines';
    const stopped = (
      await call<MachineJson>(isolated, 'POST', B, {
        body: { config: { image: 'registry.fly.io/web:v1', services: SERVICES }, skip_launch: true },
      })
    ).body;
    const notRunning = await proxied({ 'fly-force-instance-id': stopped.id });
    expect(notRunning.status).toBe(503);
    expect(JSON.stringify(notRunning.body)).toContain(stopped.id);
    const unknown = await proxied({ 'fly-force-instance-id': 'ffffffffffffff' });
    expect(unknown.status).toBe(503);
    expect(JSON.stringify(unknown.body)).toContain('ffffffffffffff');
  });
});

describe('releases (flyctl internal/uiex/releases.go) and logs (fly-go resource_logs.go)', () => {
  interface ReleaseJson {
    id: string;
    version: number;
    status: string;
    in_progress: boolean;
    stable: boolean;
    image_ref: string;
  }

  test('a release is created, set running, then complete, and shows in the list, current and state()', async () => {
    const created = await call<{ release: ReleaseJson }>(emu, 'POST', '/api/v1/releases', {
      body: { app_name: 'api', image: 'registry.fly.io/web:v2', strategy: 'ROLLING', definition: {} },
    });
    expect(created.status).toBe(201);
    const { id } = created.body.release;
    expect(created.body.release).toMatchObject({ status: 'pending', in_progress: true, version: 1 });
    expect((await call(emu, 'GET', '/api/v1/apps/api/releases/current')).status).toBe(404);
    const running = await call<ReleaseJson>(emu, 'PATCH', `/api/v1/releases/${id}`, {
      body: { status: 'running', metadata: null },
    });
    expect(running.body).toMatchObject({ id, status: 'running', in_progress: true });
    const done = await call<ReleaseJson>(emu, 'PATCH', `/api/v1/releases/${id}`, {
      body: { status: 'complete', metadata: { deploy_actions_release: 'abc123' } },
    });
    expect(done.body).toMatchObject({ status: 'complete', in_progress: false, stable: true });
    const list = await call<{ releases: ReleaseJson[] }>(emu, 'GET', '/api/v1/apps/api/releases?limit=5');
    expect(list.body.releases.map((r) => r.id)).toEqual([id]);
    expect((await call<ReleaseJson>(emu, 'GET', '/api/v1/apps/api/releases/current')).body.id).toBe(id);
    const inState = emu.state().apps.find((a) => a.name === 'api')!.releases;
    expect(inState[0]).toMatchObject({
      id,
      status: 'complete',
      metadata: { deploy_actions_release: 'abc123' },
    });
  });

  test('releases refuse bad statuses, unknown ids and apps the token does not cover', async () => {
    const created = await call<{ release: ReleaseJson }>(emu, 'POST', '/api/v1/releases', {
      body: { app_name: 'api', image: 'registry.fly.io/web:v2' },
    });
    const { id } = created.body.release;
    expect((await call(emu, 'PATCH', `/api/v1/releases/${id}`, { body: { status: 'done' } })).status).toBe(
      400,
    );
    expect((await call(emu, 'PATCH', '/api/v1/releases/nope', { body: { status: 'failed' } })).status).toBe(
      404,
    );
    const foreign = await call(emu, 'POST', '/api/v1/releases', {
      body: { app_name: 'billing', image: 'x' },
    });
    expect(foreign.status).toBe(403);
    const other = await call(emu, 'PATCH', `/api/v1/releases/${id}`, {
      token: TOKENS.other,
      body: { status: 'failed' },
    });
    expect(other.status).toBe(403);
  });

  interface LogsJson {
    data: {
      id: string;
      attributes: { message: string; instance: string; level: string; timestamp: string };
    }[];
    meta: { next_token: string };
  }

  test('logs?instance= serves a machine’s output since its start: image lines, crash lines, exit lines', async () => {
    const { id } = await create({
      config: { image: 'registry.fly.io/web:talks', restart: { policy: 'no' } },
    });
    await loopOver(id);
    const other = await started({ image: 'registry.fly.io/web:v1' });
    const logs = await call<LogsJson>(emu, 'GET', `/api/v1/apps/api/logs?instance=${id}`);
    expect(logs.status).toBe(200);
    const messages = logs.body.data.map((d) => d.attributes.message);
    expect(messages.filter((m) => !m.startsWith('Starting machine'))).toEqual([
      'listening on :8080',
      'Error: DATABASE_URL is not set',
      'Main child exited normally with code: 3',
    ]);
    expect(logs.body.data.every((d) => d.attributes.instance === id)).toBe(true);
    const everyone = await call<LogsJson>(emu, 'GET', '/api/v1/apps/api/logs');
    expect(everyone.body.data.some((d) => d.attributes.instance === other.id)).toBe(true);
    const later = await call<LogsJson>(
      emu,
      'GET',
      `/api/v1/apps/api/logs?instance=${id}&next_token=${logs.body.meta.next_token}`,
    );
    expect(later.body.data).toEqual([]);
  });

  test('log lines expand ${NAME} from the machine env and the app secrets, as a process printing them would', async () => {
    const { id } = await create({
      config: { image: 'registry.fly.io/web:leaky', env: { ROLE: 'worker' }, restart: { policy: 'no' } },
    });
    await loopOver(id);
    const logs = await call<LogsJson>(emu, 'GET', `/api/v1/apps/api/logs?instance=${id}`);
    expect(logs.body.data.map((d) => d.attributes.message)).toContain(
      'connecting to postgres://u:hunter2@db/api as worker',
    );
  });

  test('a token configured without logs is refused with 401, as deploy tokens may be', async () => {
    const res = await call(emu, 'GET', '/api/v1/apps/api/logs', { token: LOGS_REFUSED });
    expect(res.status).toBe(401);
    expect((await call(emu, 'GET', '/v1/apps/api', { token: LOGS_REFUSED })).status).toBe(200);
  });
});

describe('machine config as flaps decodes it (spec: fly.MachineConfig)', () => {
  test('a wrongly typed field is a 400 naming every bad field; nothing is created', async () => {
    const before = (await call<MachineJson[]>(emu, 'GET', M)).body.length;
    const res = await call(emu, 'POST', M, {
      body: {
        config: {
          image: 'registry.fly.io/web:v1',
          guest: { cpus: 'two' },
          restart: { policy: 'sometimes' },
        },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('config.guest.cpus');
    expect(res.body.error).toContain('config.restart.policy');
    expect((await call<MachineJson[]>(emu, 'GET', M)).body).toHaveLength(before);
  });

  test('a top-level field the spec does not know is dropped, as Go decoding drops it', async () => {
    const m = await create({ config: { image: 'registry.fly.io/web:v1', colour: 'blue', env: { A: '1' } } });
    expect(m.config).not.toHaveProperty('colour');
    expect(m.config.env).toEqual({ A: '1' });
  });
});

test('every Machines API response matched the spec', () => {
  expect(contract.records.length).toBeGreaterThan(50);
  expect(contract.records.some((r) => r.path.startsWith('/api/'))).toBe(false);
  expect(contract.violations()).toEqual([]);
});
