import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FlyEmulator } from '../src/index.ts';
import { startFlyEmulator } from '../src/index.ts';
import { contractRecorder } from '@deploy-actions/harness';
import type { EventJson, MachineJson } from './helpers/fixtures.ts';
import { baseConfig, call, eventually, TOKENS } from './helpers/fixtures.ts';

const contract = contractRecorder();
const SECRET_VALUE = 'postgres://user:hunter2-very-secret@db/web';
let emu: FlyEmulator;

interface LeaseJson {
  status: string;
  data: { nonce: string; expires_at: number; owner: string; version: string; description: string };
}

beforeAll(async () => {
  const config = baseConfig();
  config.apps![0]!.secrets = { DATABASE_URL: SECRET_VALUE };
  emu = await startFlyEmulator(config, { onResponse: contract.onResponse });
});

afterAll(async () => {
  await emu.close();
});

const M = '/v1/apps/api/machines';

async function newMachine(body: Record<string, unknown> = {}): Promise<MachineJson> {
  const res = await call<MachineJson>(emu, 'POST', M, {
    body: { config: { image: 'registry.fly.io/web:v1', metadata: { fly_platform_version: 'v2' } }, ...body },
  });
  expect(res.status).toBe(200);
  return res.body;
}

async function waitFor(id: string, query: string): Promise<number> {
  return (await call(emu, 'GET', `${M}/${id}/wait?${query}`)).status;
}

/** Resolves once a GET shows the machine destroyed (a wait on a machine already destroyed is a 404). */
async function destroyed(id: string): Promise<void> {
  await eventually(async () =>
    (await call<MachineJson>(emu, 'GET', `${M}/${id}`)).body.state === 'destroyed' ? true : undefined,
  );
}

describe('auth', () => {
  test('401 without a token or with an unknown one', async () => {
    const missing = await call(emu, 'GET', '/v1/apps/web', { token: null });
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatch(/missing/);
    expect((await call(emu, 'GET', '/v1/apps/web', { token: 'fo1_nope' })).status).toBe(401);
  });

  test('an org token covers every app of its org, 403 outside it, 404 for no such app', async () => {
    expect((await call(emu, 'GET', '/v1/apps/web')).status).toBe(200);
    expect((await call(emu, 'GET', '/v1/apps/api')).status).toBe(200);
    const foreign = await call(emu, 'GET', '/v1/apps/billing');
    expect(foreign).toMatchObject({ status: 403, body: { error: 'unauthorized' } });
    const missing = await call(emu, 'GET', '/v1/apps/nope');
    expect(missing).toMatchObject({ status: 404, body: { error: 'app not found' } });
    expect((await call(emu, 'GET', '/v1/apps/billing', { token: TOKENS.other })).status).toBe(200);
  });

  test('a deploy token with a leading FlyV1 covers only its apps, however it is sent', async () => {
    expect((await call(emu, 'GET', '/v1/apps/web', { token: TOKENS.webDeploy })).status).toBe(200);
    const pastedIntoBearer = await call(emu, 'GET', '/v1/apps/web', {
      token: null,
      headers: { authorization: `Bearer ${TOKENS.webDeploy}` },
    });
    expect(pastedIntoBearer.status).toBe(200);
    expect((await call(emu, 'GET', '/v1/apps/api', { token: TOKENS.webDeploy })).status).toBe(403);
    expect((await call(emu, 'GET', '/v1/apps/nope', { token: TOKENS.webDeploy })).status).toBe(404);
  });

  test('comma-joined macaroons match in any order, but not partly', async () => {
    const [first, second] = TOKENS.multi.split(',');
    expect((await call(emu, 'GET', '/v1/apps/api', { token: `FlyV1 ${second},${first}` })).status).toBe(200);
    expect((await call(emu, 'GET', '/v1/apps/api', { token: `FlyV1 ${first}` })).status).toBe(401);
    expect((await call(emu, 'GET', '/v1/apps/web', { token: `FlyV1 ${TOKENS.multi}` })).status).toBe(403);
  });

  test('/v1/tokens/current names the org and the apps a token covers', async () => {
    const org = await call<{ tokens: { org_slug: string; apps: string[] }[] }>(
      emu,
      'GET',
      '/v1/tokens/current',
    );
    expect(org.body.tokens[0]).toMatchObject({ org_slug: 'acme', apps: ['web', 'api'] });
    const deploy = await call<{ tokens: { apps: string[] }[] }>(emu, 'GET', '/v1/tokens/current', {
      token: TOKENS.webDeploy,
    });
    expect(deploy.body.tokens[0]!.apps).toEqual(['web']);
    expect((await call(emu, 'GET', '/v1/tokens/current', { token: 'fm2_unknown' })).status).toBe(401);
  });

  test('GET /v1/apps lists the apps a token covers in its org', async () => {
    const list = await call<{ total_apps: number; apps: { name: string }[] }>(
      emu,
      'GET',
      '/v1/apps?org_slug=acme',
    );
    expect(list.body.apps.map((a) => a.name)).toEqual(['web', 'api']);
    const scoped = await call<{ apps: { name: string }[] }>(emu, 'GET', '/v1/apps?org_slug=acme', {
      token: TOKENS.webDeploy,
    });
    expect(scoped.body.apps.map((a) => a.name)).toEqual(['web']);
    expect((await call(emu, 'GET', '/v1/apps?org_slug=other')).status).toBe(403);
    expect((await call(emu, 'GET', '/v1/apps')).status).toBe(400);
  });

  test('every response carries its own fly-request-id; unknown paths are 404 JSON', async () => {
    const a = await call(emu, 'GET', '/v1/apps/web');
    const b = await call(emu, 'GET', '/v1/nothing/here');
    expect(b.status).toBe(404);
    expect(b.body.error).toMatch(/no route/);
    expect((await call(emu, 'GET', '/v1/apps/%E0%A4%A/machines')).status).toBe(400);
    const idA = a.headers.get('fly-request-id');
    expect(idA).toMatch(/^[0-9A-Z]{26}-emu$/);
    expect(b.headers.get('fly-request-id')).not.toBe(idA);
  });
});

describe('apps and machines', () => {
  test('GET app reports its org and machine count', async () => {
    const app = await call<Record<string, unknown>>(emu, 'GET', '/v1/apps/web');
    expect(app.body).toMatchObject({ name: 'web', organization: { slug: 'acme' }, machine_count: 2 });
  });

  test('configured machines start with Fly-like ids, versions and flyctl metadata', async () => {
    const list = await eventually(async () => {
      const res = await call<MachineJson[]>(emu, 'GET', '/v1/apps/web/machines');
      return res.body.every((m) => m.state === 'started') ? res.body : undefined;
    });
    expect(list).toHaveLength(2);
    for (const m of list) {
      expect(m.id).toMatch(/^[0-9a-f]{14}$/);
      expect(m.version).toMatch(/^[0-9A-Z]{26}$/);
      expect(m.instance_id).toBe(m.version);
      expect(m.config.metadata).toMatchObject({
        fly_platform_version: 'v2',
        fly_process_group: 'app',
        fly_release_version: '1',
      });
      expect(m.image_ref.tag).toBe('v1');
    }
  });

  test('list filters by state, region, metadata and include_deleted', async () => {
    const machine = await newMachine({
      region: 'fra',
      config: { image: 'registry.fly.io/web:v1', metadata: { role: 'x' } },
    });
    expect(await waitFor(machine.id, 'state=started')).toBe(200);
    const ids = async (query: string): Promise<string[]> =>
      (await call<MachineJson[]>(emu, 'GET', `${M}?${query}`)).body.map((m) => m.id);
    expect(await ids('region=fra')).toEqual([machine.id]);
    expect(await ids('metadata.role=x')).toEqual([machine.id]);
    expect(await ids('metadata.role=y')).toEqual([]);
    expect(await ids('state=stopped')).not.toContain(machine.id);
    expect((await call(emu, 'DELETE', `${M}/${machine.id}?force=true`)).status).toBe(200);
    await destroyed(machine.id);
    expect(await ids('region=fra')).toEqual([]);
    expect(await ids('region=fra&include_deleted=true')).toEqual([machine.id]);
  });

  test('update gives a new version and image; wait on it succeeds, on the old one it times out (408)', async () => {
    const machine = await newMachine();
    expect(await waitFor(machine.id, `state=started&version=${machine.version}`)).toBe(200);
    const updated = await call<MachineJson>(emu, 'POST', `${M}/${machine.id}`, {
      body: { config: { ...machine.config, image: 'registry.fly.io/web:v2' } },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.version).not.toBe(machine.version);
    expect(updated.body.config.image).toBe('registry.fly.io/web:v2');
    expect(await waitFor(machine.id, `state=started&instance_id=${updated.body.version}`)).toBe(200);
    const stale = await call(
      emu,
      'GET',
      `${M}/${machine.id}/wait?state=started&version=${machine.version}&timeout=1`,
    );
    expect(stale.status).toBe(408);
    expect(stale.body.error).toMatch(/deadline_exceeded/);
    const versions = await call<{ version: string }[]>(emu, 'GET', `${M}/${machine.id}/versions`);
    expect(versions.body.map((v) => v.version)).toEqual([updated.body.version, machine.version]);
    const conflict = await call(emu, 'POST', `${M}/${machine.id}`, {
      body: { config: machine.config, current_version: machine.version },
    });
    expect(conflict.status).toBe(409);
    expect((await call(emu, 'GET', `${M}/${machine.id}/wait?state=bogus`)).status).toBe(400);
  });

  test('delete needs force while started (412), not once stopped; a destroyed machine takes no lease', async () => {
    const machine = await newMachine();
    expect(await waitFor(machine.id, 'state=started')).toBe(200);
    expect((await call(emu, 'DELETE', `${M}/${machine.id}`)).status).toBe(412);
    expect((await call(emu, 'POST', `${M}/${machine.id}/stop`)).status).toBe(200);
    expect(await waitFor(machine.id, 'state=stopped')).toBe(200);
    expect((await call(emu, 'DELETE', `${M}/${machine.id}`)).status).toBe(200);
    await destroyed(machine.id);
    expect((await call(emu, 'POST', `${M}/${machine.id}/start`)).status).toBe(404);
    expect((await call(emu, 'POST', `${M}/${machine.id}/lease`, { body: { ttl: 30 } })).status).toBe(404);
    expect((await call(emu, 'GET', `${M}/${machine.id}`)).body).toMatchObject({ state: 'destroyed' });
  });

  test('skip_launch leaves the machine created until started; a taken name is 409 name_taken', async () => {
    const machine = await newMachine({ skip_launch: true, name: 'held-back' });
    expect(machine.state).toBe('created');
    const again = await call(emu, 'POST', M, {
      body: { name: 'held-back', config: { image: 'registry.fly.io/web:v1' } },
    });
    expect(again).toMatchObject({ status: 409, body: { status: 'name_taken' } });
    expect((await call(emu, 'POST', `${M}/${machine.id}/start`)).status).toBe(200);
    expect(await waitFor(machine.id, 'state=started')).toBe(200);
  });

  test('events are listed newest first', async () => {
    const machine = await newMachine();
    expect(await waitFor(machine.id, 'state=started')).toBe(200);
    const events = (await call<EventJson[]>(emu, 'GET', `${M}/${machine.id}/events`)).body;
    expect(events.map((e) => `${e.type}/${e.status}`)).toEqual([
      'start/started',
      'start/starting',
      'launch/created',
    ]);
    expect(events[0]!.timestamp).toBeGreaterThanOrEqual(events[2]!.timestamp);
  });

  test('metadata keys can be set, read and removed', async () => {
    const machine = await newMachine();
    const key = `${M}/${machine.id}/metadata/fly_release_id`;
    expect((await call(emu, 'POST', key, { body: { value: 'rel-42' } })).status).toBe(204);
    expect((await call(emu, 'GET', key)).body).toEqual({ value: 'rel-42' });
    const all = await call<Record<string, string>>(emu, 'GET', `${M}/${machine.id}/metadata`);
    expect(all.body).toMatchObject({ fly_platform_version: 'v2', fly_release_id: 'rel-42' });
    expect((await call(emu, 'DELETE', key)).status).toBe(204);
    expect((await call(emu, 'GET', key)).status).toBe(404);
  });
});

describe('leases', () => {
  test('a held lease blocks mutations without its nonce (409) and lets them through with it', async () => {
    const machine = await newMachine();
    const lease = await call<LeaseJson>(emu, 'POST', `${M}/${machine.id}/lease`, {
      body: { ttl: 30, description: 'deploy' },
    });
    expect(lease.status).toBe(201);
    expect(lease.body.status).toBe('success');
    const { nonce } = lease.body.data;
    expect(lease.body.data).toMatchObject({
      owner: 'acme@users.emulator',
      description: 'deploy',
      version: machine.version,
    });
    expect((await call(emu, 'POST', `${M}/${machine.id}/cordon`)).status).toBe(409);
    expect((await call(emu, 'POST', `${M}/${machine.id}/lease`, { body: { ttl: 30 } })).status).toBe(409);
    const nonceHeader = { 'fly-machine-lease-nonce': nonce };
    expect((await call(emu, 'POST', `${M}/${machine.id}/cordon`, { headers: nonceHeader })).status).toBe(200);
    const refreshed = await call<LeaseJson>(emu, 'POST', `${M}/${machine.id}/lease`, {
      body: { ttl: 60 },
      headers: nonceHeader,
    });
    expect(refreshed.status).toBe(201);
    expect(refreshed.body.data.nonce).toBe(nonce);
    expect(refreshed.body.data.expires_at).toBeGreaterThan(lease.body.data.expires_at);
    expect((await call<LeaseJson>(emu, 'GET', `${M}/${machine.id}/lease`)).body.data.nonce).toBe(nonce);
    const snapshot = emu
      .state()
      .apps.find((a) => a.name === 'api')!
      .machines.find((m) => m.id === machine.id)!;
    expect(snapshot).toMatchObject({ cordoned: true, lease: { nonce, owner: 'acme@users.emulator' } });
    expect(
      (
        await call(emu, 'DELETE', `${M}/${machine.id}/lease`, {
          headers: { 'fly-machine-lease-nonce': 'wrong' },
        })
      ).status,
    ).toBe(409);
    expect((await call(emu, 'DELETE', `${M}/${machine.id}/lease`, { headers: nonceHeader })).status).toBe(
      200,
    );
    expect((await call(emu, 'GET', `${M}/${machine.id}/lease`)).status).toBe(404);
    expect((await call(emu, 'POST', `${M}/${machine.id}/uncordon`)).status).toBe(200);
  });

  test('create with lease_ttl returns the nonce; the lease expires on its own', async () => {
    const machine = await newMachine({ lease_ttl: 1 });
    expect(machine.nonce).toMatch(/^[0-9a-f]{16}$/);
    expect((await call(emu, 'POST', `${M}/${machine.id}/stop`)).status).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, 1050));
    expect((await call(emu, 'GET', `${M}/${machine.id}/lease`)).status).toBe(404);
    expect((await call(emu, 'POST', `${M}/${machine.id}/stop`)).status).toBe(200);
  });
});

describe('secrets', () => {
  test('lists names and digests, never values; updates return a new version', async () => {
    const list = await call<{ secrets: { name: string; digest: string }[] }>(
      emu,
      'GET',
      '/v1/apps/web/secrets',
    );
    expect(list.body.secrets.map((s) => s.name)).toEqual(['DATABASE_URL']);
    expect(list.body.secrets[0]!.digest).toMatch(/^[0-9a-f]{16}$/);
    const update = await call<{ version: number }>(emu, 'POST', '/v1/apps/web/secrets', {
      body: { values: { API_KEY: 'k-123', DATABASE_URL: null } },
    });
    expect(update.body.version).toBe(2);
    expect(emu.state().apps.find((a) => a.name === 'web')!.secrets).toEqual(['API_KEY']);
    const tooNew = await call(emu, 'POST', '/v1/apps/web/machines', {
      body: { config: { image: 'registry.fly.io/web:v1' }, min_secrets_version: 3 },
    });
    expect(tooNew.status).toBe(400);
    expect(JSON.stringify(contract.records)).not.toContain(SECRET_VALUE);
    expect(JSON.stringify(emu.state())).not.toContain(SECRET_VALUE);
  });
});

test('GET /_emulator/state needs no token and records every API request', async () => {
  const res = await fetch(`${emu.apiUrl}/_emulator/state`);
  const state = (await res.json()) as { requests: { method: string; path: string; status: number }[] };
  expect(state.requests.length).toBe(contract.records.length);
  expect(state.requests).toContainEqual(
    expect.objectContaining({ method: 'GET', path: '/v1/apps/nope', status: 404 }),
  );
});

test('every response matched the spec', () => {
  expect(contract.records.length).toBeGreaterThan(50);
  expect(contract.violations()).toEqual([]);
});
