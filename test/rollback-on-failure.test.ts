import { readFile } from 'node:fs/promises';
import { describe, expect, jest, test } from '@jest/globals';
import { FlyClient, type MachineConfig } from '@deploy-actions/core';
import type { FlyEmulator } from '@deploy-actions/fly-emulator';
import { formatLeaks, runStep, type StepResult } from '@deploy-actions/harness';
import { ALIVE_CHECK, emulatorPerTest, liveMachines, seedMachines } from './support/fly-app.ts';

// rollback-on-failure's bundle under Node 24, through the harness, against the emulator; the app gets into trouble
// the way incident 4's did: through fly-deploy's and health-gate's own bundles.

const TOKEN = 'fo1_acmeRollbackToken0123456789abcdefABCDEF';
const APP = 'acme-web';
const V1 = 'registry.fly.io/acme-web:v1';
const V2 = 'registry.fly.io/acme-web:v2';
const CRASHING = 'registry.fly.io/acme-web:crash';

// Each case runs two to four bundles in sequence; the per-machine waits inside them are bounded by wait-timeout.
jest.setTimeout(120_000);

const emulators = emulatorPerTest();

function machineConfig(group: string): MachineConfig {
  return {
    image: V1,
    restart: { policy: 'on-failure' },
    metadata: { fly_process_group: group },
    // Only machines with services are reached by Fly's proxy: the web group, not the workers.
    ...(group === 'app'
      ? { services: [{ protocol: 'tcp', internal_port: 8080, ports: [{ port: 80, handlers: ['http'] }] }] }
      : {}),
    checks: ALIVE_CHECK,
  };
}

/** An app of four machines (two process groups, two regions) on v1, none deployed by us yet. */
async function emulator(): Promise<FlyEmulator> {
  const fly = await emulators.start({
    organizations: ['acme'],
    tokens: [{ token: TOKEN, org: 'acme', owner: 'deploy-bot@acme.test' }],
    images: {
      [V1]: { version: 'v1' },
      [V2]: { version: 'v2' },
      [CRASHING]: { version: 'crash', crash: 'on-start', exitCode: 2 },
    },
    apps: [{ name: APP, org: 'acme', image: V1, machines: 0 }],
    timing: { startMs: 50, stopMs: 20, restartDelayMs: 100, maxRestarts: 3 },
  });
  await seedMachines(
    fly,
    { token: TOKEN, app: APP },
    (['app', 'worker'] as const).flatMap((group) =>
      ['ams', 'fra'].map((region) => ({ region, config: machineConfig(group) })),
    ),
  );
  return fly;
}

async function step(
  action: string,
  fly: FlyEmulator,
  inputs: Record<string, string>,
  options: { signal?: AbortSignal; onLog?: (line: string) => void } = {},
): Promise<StepResult> {
  const result = await runStep({
    action,
    inputs: { app: APP, 'api-url': fly.apiUrl, ...inputs },
    env: { FLY_API_TOKEN: TOKEN },
    workflowSecrets: [TOKEN],
    secrets: [TOKEN],
    timeoutMs: 60_000,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onLog === undefined ? {} : { onLog: options.onLog }),
  });
  emulators.track(result);
  if (process.env.SHOW_STEP_LOG) console.log(result.log);
  return result;
}

const deployStep = (fly: FlyEmulator, inputs: Record<string, string>): Promise<StepResult> =>
  step('fly-deploy', fly, { settle: '300ms', 'wait-timeout': '20s', ...inputs });

const rollbackStep = (
  fly: FlyEmulator,
  inputs: Record<string, string> = {},
  options: { signal?: AbortSignal; onLog?: (line: string) => void } = {},
): Promise<StepResult> =>
  step('rollback-on-failure', fly, { settle: '300ms', 'wait-timeout': '20s', ...inputs }, options);

const live = (fly: FlyEmulator) => liveMachines(fly, APP);

function imagesAndStates(fly: FlyEmulator): string[] {
  return live(fly)
    .map((m) => `${m.image} ${m.state}`)
    .sort();
}

const ALL_V1 = [`${V1} started`, `${V1} started`, `${V1} started`, `${V1} started`];

function mutating(fly: FlyEmulator): string[] {
  return fly
    .state()
    .requests.filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.path}`);
}

/** How many machine updates (`POST …/machines/{id}`) and destroys the emulator has served. */
function updates(fly: FlyEmulator): number {
  return mutating(fly).filter((r) => /^(POST|DELETE) \/v1\/apps\/[^/]+\/machines\/[^/]+$/.test(r)).length;
}

function expectClean(fly: FlyEmulator, result: StepResult): void {
  expect(formatLeaks(result.leaks)).toBe(formatLeaks([]));
  expect(live(fly).filter((m) => m.lease !== null)).toEqual([]);
}

async function readProof(
  result: StepResult,
): Promise<{ facts: Record<string, unknown>; steps: { what: string }[] }> {
  return JSON.parse(await readFile(result.outputs['proof-file'] ?? '', 'utf8')) as {
    facts: Record<string, unknown>;
    steps: { what: string }[];
  };
}

/** Incident 4 up to the rollback: v1 deployed and healthy, then a crashing image deployed with `on-failure: halt`. */
async function incident(fly: FlyEmulator, inputs: Record<string, string> = {}): Promise<StepResult> {
  expect((await deployStep(fly, { image: V1, 'release-label': 'rel-1' })).exitCode).toBe(0);
  const bad = await deployStep(fly, {
    image: CRASHING,
    'release-label': 'rel-2',
    'on-failure': 'halt',
    strategy: 'immediate',
    ...inputs,
  });
  expect(bad.outputs.status).toBe('failed');
  return bad;
}

describe('rollback-on-failure: incident 4 end to end', () => {
  test('halted crashing deploy → health-gate fails → app and token alone restore v1 everywhere, verified; a rerun is a no-op', async () => {
    const fly = await emulator();
    await incident(fly);
    const gate = await step('health-gate', fly, {
      // HTTP only: with `app`, health-gate's Fly gate waits on the stopped machines until its run limit.
      app: '',
      targets: `${fly.appUrl(APP)}/health`,
      'expect-version': 'v1',
      timeout: '5s',
      interval: '200ms',
    });
    expect(gate.exitCode).not.toBe(0);

    const result = await rollbackStep(fly, { reason: 'health gate failed after rel-2' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      'rolled-back': 'true',
      'restored-image': V1,
      'restored-release': 'v1 (rel-1)',
      result: 'pass',
    });
    expect(imagesAndStates(fly)).toEqual(ALL_V1);
    const machines = JSON.parse(result.outputs.machines ?? '[]') as { result: string; fromImage: string }[];
    expect(machines.map((m) => `${m.fromImage} ${m.result}`)).toEqual(Array(4).fill(`${CRASHING} restored`));
    // Recorded in Fly's release history like a deploy: release 3, complete, on v1.
    const releases = fly.state().apps[0]?.releases ?? [];
    expect(releases.map((r) => `v${r.version} ${r.status} ${r.image_ref}`)).toEqual([
      `v3 complete ${V1}`,
      `v2 failed ${CRASHING}`,
      `v1 complete ${V1}`,
    ]);
    expect(result.summary).toContain('Why: health gate failed after rel-2');
    expect(result.summary).toMatch(
      /Restored registry\.fly\.io\/acme-web:v1 = release v1 \(rel-1\), from registry\.fly\.io\/acme-web:crash/,
    );
    expect(result.summary).toContain('Verification: PASS');
    const proof = await readProof(result);
    expect(proof.facts['rollback']).toMatchObject({
      reason: 'health gate failed after rel-2',
      rolledBack: true,
    });
    expectClean(fly, result);

    const before = mutating(fly).length;
    const again = await rollbackStep(fly, {
      targets: `${fly.appUrl(APP)}/health`,
      'expect-version': 'v1',
      interval: '200ms',
    });
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toMatchObject({ 'rolled-back': 'false', 'restored-image': V1, result: 'pass' });
    expect(mutating(fly).length).toBe(before);
    expect(again.summary).toContain('already on the good release (no change), verification passed');
    expect(again.summary).toContain('Version answering');
  });

  test("with fly-deploy's rollback-plan (rolling), verified by HTTP targets expecting v1", async () => {
    const fly = await emulator();
    const bad = await incident(fly);
    const result = await rollbackStep(fly, {
      'rollback-plan': bad.outputs['rollback-plan'] ?? '',
      strategy: 'rolling',
      targets: `${fly.appUrl(APP)}/health`,
      'expect-version': 'v1',
      interval: '200ms',
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ 'rolled-back': 'true', 'restored-image': V1, result: 'pass' });
    expect(imagesAndStates(fly)).toEqual(ALL_V1);
    expect(result.summary).toContain('chosen by rollback-plan');
    expectClean(fly, result);
  });

  test('with to-release: each machine gets the config it had under that label', async () => {
    const fly = await emulator();
    await incident(fly);
    const result = await rollbackStep(fly, { 'to-release': 'rel-1' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      'rolled-back': 'true',
      'restored-release': 'rel-1',
      result: 'pass',
    });
    expect(imagesAndStates(fly)).toEqual(ALL_V1);
    for (const m of live(fly)) expect(m.config.metadata?.['deploy_actions_release']).toBe('rel-1');
  });

  test('with to-image, and a leftover canary machine destroyed', async () => {
    const fly = await emulator();
    await incident(fly);
    const client = new FlyClient({ token: TOKEN, apiUrl: fly.apiUrl });
    const canary = await client.createMachine(APP, {
      config: {
        ...machineConfig('app'),
        image: V2,
        metadata: { fly_process_group: 'app', deploy_actions_temporary: 'canary' },
      },
      region: 'ams',
    });
    await client.close();
    const result = await rollbackStep(fly, { 'to-image': V1 });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['restored-image']).toBe(V1);
    expect(live(fly).map((m) => m.id)).not.toContain(canary.id);
    expect(imagesAndStates(fly)).toEqual(ALL_V1);
    const machines = JSON.parse(result.outputs.machines ?? '[]') as { id: string; result: string }[];
    expect(machines.find((m) => m.id === canary.id)?.result).toBe('destroyed');
  });

  test('a half-finished rollout (the spearhead crashed): only the changed machine is restored, all end on v1', async () => {
    const fly = await emulator();
    await incident(fly, { strategy: 'rolling' });
    expect(imagesAndStates(fly).filter((s) => s.startsWith(CRASHING))).toHaveLength(1);
    const result = await rollbackStep(fly);
    expect(result.exitCode).toBe(0);
    const machines = JSON.parse(result.outputs.machines ?? '[]') as { result: string }[];
    expect(machines.map((m) => m.result).sort()).toEqual(['restored', 'unchanged', 'unchanged', 'unchanged']);
    expect(imagesAndStates(fly)).toEqual(ALL_V1);
  });
});

describe('rollback-on-failure: refusals change nothing', () => {
  test('nothing to roll back to → a clear error, no mutating call', async () => {
    const fly = await emulator();
    const before = mutating(fly).length;
    const result = await rollbackStep(fly);
    expect(result.exitCode).not.toBe(0);
    expect(result.log).toMatch(
      /no earlier complete release of acme-web in Fly's release history.*nothing was changed/,
    );
    expect(result.log).toContain('fly releases --image');
    expect(result.outputs).toMatchObject({ 'rolled-back': 'false', result: 'fail' });
    expect(mutating(fly).length).toBe(before);
  });

  test('a lease held by another run → lease-conflict naming the holder, nothing changed', async () => {
    const fly = await emulator();
    await incident(fly);
    const client = new FlyClient({ token: TOKEN, apiUrl: fly.apiUrl });
    const id = live(fly)[2]?.id ?? '';
    const lease = await client.acquireLease(APP, id, { ttlSeconds: 60, description: 'a person with flyctl' });
    const images = imagesAndStates(fly);
    const updatesBefore = updates(fly);
    const result = await rollbackStep(fly);
    await lease.release();
    await client.close();
    expect(result.exitCode).not.toBe(0);
    expect(result.log).toMatch(/a person with flyctl/);
    expect(imagesAndStates(fly)).toEqual(images);
    expect(updates(fly)).toBe(updatesBefore);
    expect(live(fly).filter((m) => m.lease !== null)).toEqual([]);
  });

  test('bad inputs: every problem at once, before any request', async () => {
    const fly = await emulator();
    const before = fly.state().requests.length;
    const result = await rollbackStep(fly, {
      strategy: 'canary',
      'wait-timeout': '-3m',
      targets: '- name: web\n  url: ftp://nope\n  colour: blue',
      'consecutive-successes': '0',
      'expect-version': 'v1',
    });
    expect(result.exitCode).not.toBe(0);
    for (const input of ['strategy', 'wait-timeout', 'targets', 'consecutive-successes'])
      expect(result.log).toContain(input);
    expect(result.log).toContain('canary');
    expect(fly.state().requests.length).toBe(before);
  });

  test('the verification fails loudly when the good release does not answer as expected', async () => {
    const fly = await emulator();
    await incident(fly);
    const result = await rollbackStep(fly, {
      targets: `${fly.appUrl(APP)}/health`,
      'expect-version': 'v9',
      interval: '200ms',
      timeout: '10s',
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.outputs).toMatchObject({ 'rolled-back': 'true', result: 'fail' });
    expect(result.log).toContain('THE APP IS STILL UNHEALTHY');
    expect(result.summary).toContain('Verification: FAIL');
  });
});

// Hostile input and a broken network where the emulator's record must show nothing changed: the hostile suite
// (test/hostile/rollback-on-failure.cases.ts) checks messages, exit codes and leaks but not the emulator's requests.
describe('rollback-on-failure: hostile input and a broken network', () => {
  test('a plan written for another app is refused: nothing changed', async () => {
    const fly = await emulator();
    const bad = await incident(fly);
    const plan = JSON.parse(await readFile(bad.outputs['rollback-plan'] ?? '', 'utf8')) as Record<
      string,
      unknown
    >;
    const images = imagesAndStates(fly);
    const updatesBefore = updates(fly);
    const result = await rollbackStep(fly, {
      'rollback-plan': JSON.stringify({ ...plan, app: 'acme-billing' }),
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.log).toContain('the rollback plan is for app acme-billing, not acme-web');
    expect(updates(fly)).toBe(updatesBefore);
    expect(imagesAndStates(fly)).toEqual(images);
  });

  test('a release history that keeps answering 503 → "could not read", nothing changed', async () => {
    const fly = await emulator();
    await incident(fly);
    fly.inject({ method: 'GET', path: '/api/v1/apps/*/releases', status: 503 });
    const updatesBefore = updates(fly);
    const result = await rollbackStep(fly);
    expect(result.exitCode).not.toBe(0);
    expect(result.log).toMatch(/could not read the release history of acme-web .*503.*nothing was changed/);
    expect(updates(fly)).toBe(updatesBefore);
  });

  test('cancel while restoring: leases released, the proof written, the step fails', async () => {
    const fly = await emulator();
    await incident(fly);
    const controller = new AbortController();
    // Every update hangs 30 s: the cancel arrives while the machines are being restored.
    fly.inject({ method: 'POST', path: '/v1/apps/*/machines/*', delayMs: 30_000 });
    const result = await rollbackStep(
      fly,
      { 'to-image': V1 },
      {
        signal: controller.signal,
        onLog: (line) => {
          if (line.includes('restoring')) controller.abort();
        },
      },
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.outputs['proof-file']).toBeTruthy();
    const proof = await readProof(result);
    expect(proof.facts['rollback']).toMatchObject({ source: 'to-image' });
    expect(live(fly).filter((m) => m.lease !== null)).toEqual([]);
  });
});
