import { afterEach, describe, expect, test } from '@jest/globals';
import { FlyClient, type FlyMachine, type ReleaseRecord } from '@deploy-actions/core';
import { startFlyEmulator, type FlyEmulator } from '@deploy-actions/fly-emulator';
import {
  deploy,
  engineContext,
  lastKnownGood,
  rollBack,
  ROLLBACK_KEY,
  sameRunningConfig,
  type DeployOptions,
  type EngineContext,
  type EngineLog,
  type RollbackOptions,
} from '../src/index.ts';

// Finding what to go back to, and the rollback itself against the in-process emulator (real HTTP).

const TOKEN = 'fo1_rollbackTestToken0123456789abcdefABCDEF';
const APP = 'acme-web';
const GOOD = 'registry.fly.io/acme-web:good';
const BAD = 'registry.fly.io/acme-web:crash';

const quiet: EngineLog = { info: () => undefined, warn: () => undefined, debug: () => undefined };

function machine(id: string, metadata: Record<string, string>, image = BAD): FlyMachine {
  return { id, state: 'started', version: '1', config: { image, metadata } };
}

const HISTORY: ReleaseRecord[] = [
  { id: 'r4', version: 4, status: 'failed', image_ref: BAD },
  { id: 'r3', version: 3, status: 'complete', image_ref: 'registry.fly.io/acme-web:looked-fine' },
  { id: 'r2', version: 2, status: 'complete', image_ref: GOOD },
  { id: 'r1', version: 1, status: 'complete', image_ref: 'registry.fly.io/acme-web:old' },
];

describe('lastKnownGood', () => {
  test('the newest complete release older than the newest one any machine carries', () => {
    const half = [
      machine('a', { fly_release_version: '4' }),
      machine('b', { fly_release_version: '3' }, GOOD),
    ];
    expect(lastKnownGood(HISTORY, half)?.id).toBe('r3');
    expect(lastKnownGood(HISTORY, [machine('a', { fly_release_version: '3' })])?.id).toBe('r2');
  });

  test('machines a rollback put back stay on that release (a rerun is a no-op)', () => {
    const restored = [
      machine('a', { fly_release_version: '2', fly_release_id: 'r2', [ROLLBACK_KEY]: 'r2' }, GOOD),
      machine('b', { fly_release_version: '2', fly_release_id: 'r2', [ROLLBACK_KEY]: 'r2' }, GOOD),
    ];
    expect(lastKnownGood(HISTORY, restored)?.id).toBe('r2');
    // A later deploy keeps the stale key but changes fly_release_id: no longer a restored release.
    const redeployed = [
      machine('a', { fly_release_version: '3', fly_release_id: 'r3', [ROLLBACK_KEY]: 'r2' }),
    ];
    expect(lastKnownGood(HISTORY, redeployed)?.id).toBe('r2');
  });

  test('without release stamps: the newest complete release of another image than the running one', () => {
    expect(lastKnownGood(HISTORY, [machine('a', {}, 'registry.fly.io/acme-web:looked-fine')])?.id).toBe('r2');
  });

  test('nothing complete before the current release → undefined', () => {
    expect(lastKnownGood(HISTORY, [machine('a', { fly_release_version: '1' })])).toBeUndefined();
    expect(lastKnownGood([], [machine('a', {})])).toBeUndefined();
  });
});

describe('sameRunningConfig', () => {
  test('ignores key order and release stamps, not anything that runs', () => {
    const a = { image: GOOD, env: { A: '1', B: '2' }, metadata: { fly_process_group: 'app' } };
    const b = {
      metadata: {
        fly_process_group: 'app',
        fly_release_id: 'x',
        fly_release_version: '9',
        [ROLLBACK_KEY]: 'x',
      },
      env: { B: '2', A: '1' },
      image: GOOD,
    };
    expect(sameRunningConfig(a, b)).toBe(true);
    expect(sameRunningConfig(a, { ...b, image: BAD })).toBe(false);
    expect(sameRunningConfig(a, { ...b, env: { A: '1' } })).toBe(false);
  });
});

describe('rollBack', () => {
  let fly: FlyEmulator | undefined;
  let client: FlyClient | undefined;

  afterEach(async () => {
    await client?.close();
    await fly?.close();
    fly = undefined;
    client = undefined;
  });

  async function setup(): Promise<EngineContext> {
    fly = await startFlyEmulator({
      organizations: ['acme'],
      tokens: [{ token: TOKEN, org: 'acme', owner: 'bot@acme.test' }],
      images: { [GOOD]: { version: 'good' }, [BAD]: { version: 'crash', crash: 'on-start', exitCode: 4 } },
      apps: [{ name: APP, org: 'acme', image: GOOD, machines: 3 }],
      timing: { startMs: 20, stopMs: 10, restartDelayMs: 50, maxRestarts: 3 },
    });
    client = new FlyClient({ token: TOKEN, apiUrl: fly.apiUrl });
    for (const m of await client.listMachines(APP))
      await client.waitForState(APP, m.id, { state: 'started', timeoutMs: 5000 });
    return engineContext({ client, app: APP, log: quiet });
  }

  const deployOptions = (image: string, label: string): DeployOptions => ({
    image,
    strategy: 'immediate',
    maxUnavailable: { kind: 'fraction', value: 1 },
    waitTimeoutMs: 10_000,
    settleMs: 200,
    filters: { processGroups: [], regions: [] },
    env: {},
    secrets: new Map(),
    onFailure: 'halt',
    waitForLeaseMs: 0,
    releaseLabel: label,
    platform: client,
    recordRelease: true,
    planDir: `${process.env.TMPDIR ?? '/tmp'}/rollback-engine-test-${label}-${Date.now()}`,
    pollMs: 200,
  });

  const rollbackOptions = (request: RollbackOptions['request']): RollbackOptions => ({
    request,
    strategy: 'immediate',
    waitTimeoutMs: 10_000,
    settleMs: 200,
    waitForLeaseMs: 0,
    ...(client === undefined ? {} : { platform: client }),
    reason: 'test',
    pollMs: 200,
  });

  const images = async (): Promise<string[]> =>
    (await client!.listMachines(APP)).map((m) => `${m.config?.image ?? ''} ${m.state}`).sort();

  test('last known good after a halted crashing deploy: every machine back, recorded, and a rerun changes nothing', async () => {
    const ctx = await setup();
    expect((await deploy(ctx, deployOptions(GOOD, 'rel-1'))).status).toBe('deployed');
    const bad = await deploy(ctx, deployOptions(BAD, 'rel-2'));
    expect(bad.status).toBe('failed');
    // The halted deploy's spearhead: updated, then its wait ended by its own crash loop; nothing reverted (halt).
    const crashed = bad.diagnosis?.machineId;
    // Whether the crash loop is seen while it starts or during its checks depends on the emulator's timing.
    const spearhead = bad.spans
      .filter((sp) => sp.machine === crashed)
      .map((sp) => `${sp.phase} ${sp.outcome}`);
    expect([
      ['update ok', 'start failed'],
      ['update ok', 'start ok', 'checks failed'],
    ]).toContainEqual(spearhead);
    // Let the crash loops end (stopped) first: an exit of the crashing instance racing the restore is a known gap.
    for (const m of await client!.listMachines(APP))
      await client!.waitForState(APP, m.id, { state: 'stopped', timeoutMs: 10_000 });

    const first = await rollBack(ctx, rollbackOptions({ source: 'last-known-good' }));
    expect(first.error).toBeUndefined();
    expect(first.rolledBack).toBe(true);
    expect(first.image).toBe(GOOD);
    expect(first.restoredRelease).toEqual({ label: 'rel-1', version: 1 });
    expect(first.recordedVersion).toBe(3);
    expect(first.spans.map((sp) => [sp.phase, sp.role, sp.outcome])).toEqual(
      Array(3).fill(['restore', 'machine', 'ok']),
    );
    expect(await images()).toEqual([`${GOOD} started`, `${GOOD} started`, `${GOOD} started`]);
    const release = fly!.state().apps[0]?.releases.find((r) => r.version === 3);
    expect(release).toMatchObject({ status: 'complete', image_ref: GOOD });

    const posts = fly!.state().requests.filter((r) => r.method === 'POST').length;
    const again = await rollBack(ctx, rollbackOptions({ source: 'last-known-good' }));
    expect(again.error).toBeUndefined();
    expect(again.rolledBack).toBe(false);
    expect(again.spans).toEqual([]);
    expect(again.machines.map((m) => m.result)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(fly!.state().requests.filter((r) => r.method === 'POST').length).toBe(posts);
  });

  test('nothing to go back to → an error, and no mutating call', async () => {
    const ctx = await setup();
    const result = await rollBack(ctx, rollbackOptions({ source: 'last-known-good' }));
    expect(String(result.error)).toMatch(/no earlier complete release of acme-web.*nothing was changed/);
    expect(result.rolledBack).toBe(false);
    expect(fly!.state().requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  test("to-release reads each machine's versions; a label a machine never ran is refused before any change", async () => {
    const ctx = await setup();
    await deploy(ctx, deployOptions(GOOD, 'rel-1'));
    await deploy(ctx, deployOptions(BAD, 'rel-2'));
    // Let the crash loops end (stopped) first: an exit of the crashing instance racing the restore is a known gap.
    for (const m of await client!.listMachines(APP))
      await client!.waitForState(APP, m.id, { state: 'stopped', timeoutMs: 10_000 });
    const unknown = await rollBack(ctx, rollbackOptions({ source: 'to-release', label: 'rel-0' }));
    expect(String(unknown.error)).toMatch(/release rel-0 is not among the recorded versions/);
    const result = await rollBack(ctx, {
      ...rollbackOptions({ source: 'to-release', label: 'rel-1' }),
      strategy: 'rolling',
    });
    expect(result.error).toBeUndefined();
    expect(result.machines.map((m) => m.result)).toEqual(['restored', 'restored', 'restored']);
    expect(await images()).toEqual([`${GOOD} started`, `${GOOD} started`, `${GOOD} started`]);
  });
});
