import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { FlyClient, type MachineConfig } from '@deploy-actions/core';
import type { EmulatorConfigInput, FlyEmulator } from '@deploy-actions/fly-emulator';
import { formatLeaks, runStep, type StepResult } from '@deploy-actions/harness';
import { ALIVE_CHECK, appMachines, emulatorPerTest, liveMachines, seedMachines } from './support/fly-app.ts';

// fly-deploy's bundle under Node 24, through the harness, against the emulator. Each test starts its own emulator
// and seeds an app with machines the way flyctl leaves them: process group in metadata, an HTTP check.

const TOKEN = 'fo1_acmeDeployToken0123456789abcdefABCDEF';
const OTHER_ORG_TOKEN = 'fm2_otherOrgMacaroon0123456789abcdefXYZ';
const NO_LOGS_TOKEN = 'fm2_deployTokenNoLogs0123456789abcdefXY';
const V1 = 'registry.fly.io/acme-web:v1';
const V2 = 'registry.fly.io/acme-web:v2';
const CRASHING = 'registry.fly.io/acme-web:crash';
const CRASHING_LATE = 'registry.fly.io/acme-web:crash-late';
const UNHEALTHY = 'registry.fly.io/acme-web:unhealthy';
const UNPULLABLE = 'registry.fly.io/acme-web:never-pushed';
const APP = 'acme-web';
// Fly's answer when a machine's host has no room for the update (flyctl replaces the machine then).
const CAPACITY = 'could not reserve resource for machine: insufficient memory available to fulfill request';
// A secret the deploy sets, which the crashing image prints in its logs.
const LEAKED_KEY = 'sk_live_PrintedByTheApp0123456789';

const emulators = emulatorPerTest();

interface Seed {
  region: string;
  group: string;
  state?: 'started' | 'stopped';
}

/** Four machines in two process groups over two regions, and one in `syd` the region filter leaves out. */
const FOUR_AND_SYD: Seed[] = [
  { region: 'ams', group: 'app' },
  { region: 'fra', group: 'app' },
  { region: 'ams', group: 'worker' },
  { region: 'fra', group: 'worker' },
  { region: 'syd', group: 'app' },
];

function machineConfig(group: string, image = V1): MachineConfig {
  return {
    image,
    env: { PRIMARY_REGION: 'ams' },
    restart: { policy: 'on-failure' },
    metadata: { fly_process_group: group, fly_platform_version: 'v2' },
    checks: ALIVE_CHECK,
  };
}

async function emulator(
  seeds: Seed[] = FOUR_AND_SYD,
  extra: Partial<EmulatorConfigInput> = {},
): Promise<FlyEmulator> {
  const fly = await emulators.start({
    organizations: ['acme', 'other'],
    tokens: [
      { token: TOKEN, org: 'acme', owner: 'deploy-bot@acme.test' },
      { token: OTHER_ORG_TOKEN, org: 'other' },
      { token: NO_LOGS_TOKEN, org: 'acme', logs: false },
    ],
    images: {
      [V1]: { version: 'v1' },
      [V2]: {
        version: 'v2',
        commands: {
          'bin/migrate': { exitCode: 0, durationMs: 100 },
          'bin/bad-migrate': { exitCode: 3, durationMs: 50 },
        },
      },
      [CRASHING]: {
        version: 'crash',
        crash: 'on-start',
        exitCode: 2,
        logs: [`connecting with key ${LEAKED_KEY}`, 'panic: database "acme" does not exist'],
      },
      [CRASHING_LATE]: { version: 'crash-late', crash: 'after:20000', exitCode: 137 },
      [UNHEALTHY]: { version: 'unhealthy', health: 'failing' },
    },
    apps: [{ name: APP, org: 'acme', image: V1, machines: 0 }],
    timing: { startMs: 50, stopMs: 20, restartDelayMs: 100, maxRestarts: 5 },
    ...extra,
  });
  await seedMachines(
    fly,
    { token: TOKEN, app: APP },
    seeds.map((seed) => ({ ...seed, config: machineConfig(seed.group) })),
  );
  return fly;
}

async function deployStep(
  fly: FlyEmulator,
  inputs: Record<string, string>,
  options: {
    /** Values the leak check must not find; the token always. */
    secrets?: string[];
    env?: Record<string, string>;
    timeoutMs?: number;
    signal?: AbortSignal;
    onLog?: (line: string) => void;
    /** The job's workspace (where a fly.toml is found); default a fresh empty folder. */
    workspace?: string;
  } = {},
): Promise<StepResult> {
  const result = await runStep({
    action: 'fly-deploy',
    inputs: {
      app: APP,
      'api-url': fly.apiUrl,
      settle: '500ms',
      'wait-timeout': '20s',
      'release-label': 'rel-2',
      ...inputs,
    },
    env: { FLY_API_TOKEN: TOKEN, ...options.env },
    workflowSecrets: [TOKEN],
    secrets: [TOKEN, ...(options.secrets ?? [])],
    timeoutMs: options.timeoutMs ?? 60_000,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onLog === undefined ? {} : { onLog: options.onLog }),
    ...(options.workspace === undefined ? {} : { workspace: options.workspace }),
  });
  emulators.track(result);
  if (process.env.SHOW_STEP_LOG) console.log(result.log);
  return result;
}

/** A folder holding a `flyctl` shell script with this body, to put first on PATH (no network here). */
async function standInFlyctl(body: string): Promise<string> {
  const bin = await mkdtemp(join(tmpdir(), 'flyctl-stand-in-'));
  await writeFile(join(bin, 'flyctl'), `#!/bin/sh\n${body}\n`);
  await chmod(join(bin, 'flyctl'), 0o755);
  return bin;
}

const machinesOf = (fly: FlyEmulator) => appMachines(fly, APP);

/** Fly answers the next machine update that its host has no room for it (flyctl replaces the machine then). */
function injectCapacityFault(fly: FlyEmulator): void {
  fly.inject({
    method: 'POST',
    path: `/v1/apps/${APP}/machines/*`,
    status: 409,
    times: 1,
    code: 'insufficient_capacity',
    message: CAPACITY,
  });
}
const live = (fly: FlyEmulator) => liveMachines(fly, APP);

function imagesByRegion(fly: FlyEmulator): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of live(fly)) (out[m.region] ??= []).push(m.image);
  for (const list of Object.values(out)) list.sort();
  return out;
}

function expectNoLeaks(result: StepResult): void {
  expect(formatLeaks(result.leaks)).toBe(formatLeaks([]));
}

function expectLeasesReleased(fly: FlyEmulator): void {
  expect(
    live(fly)
      .filter((m) => m.lease !== null)
      .map((m) => m.id),
  ).toEqual([]);
}

function mutating(fly: FlyEmulator): string[] {
  return fly
    .state()
    .requests.filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.path}`);
}

/** Fly's release history of the app, as `fly releases` lists it (the emulator's platform API). */
async function releases(fly: FlyEmulator): Promise<{ version: number; status: string; image_ref: string }[]> {
  const response = await fetch(`${fly.apiUrl}/api/v1/apps/${APP}/releases`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const body = (await response.json()) as {
    releases: { version: number; status: string; image_ref: string }[];
  };
  return body.releases;
}

/**
 * The deploy succeeded with one warning, which says `what` happened, then Fly's `answer` (with its request id) and
 * where to look; no error, a successful proof, no lease left, no leak.
 */
async function expectSucceededWithWarning(
  result: StepResult,
  fly: FlyEmulator,
  what: RegExp,
  answer: RegExp,
): Promise<void> {
  const warnings = result.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
  expect(warnings).toEqual([expect.stringMatching(what)]);
  expect(warnings[0]).toMatch(answer);
  expect(warnings[0]).toMatch(/status\.flyio\.net/);
  expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
  expect((await readProof(result)).outcome).toBe('success');
  expectLeasesReleased(fly);
  expectNoLeaks(result);
}

async function readProof(
  result: StepResult,
): Promise<{ outcome: string; steps: { what: string }[]; facts: Record<string, unknown> }> {
  return JSON.parse(await readFile(result.outputs['proof-file'] ?? '', 'utf8')) as {
    outcome: string;
    steps: { what: string }[];
    facts: Record<string, unknown>;
  };
}

describe('fly-deploy: strategies on a 4-machine app with two process groups and a region filter', () => {
  test.each(['rolling', 'immediate', 'canary', 'bluegreen'])(
    '%s deploys every filtered machine and leaves syd alone',
    async (strategy) => {
      const fly = await emulator();
      const before = live(fly).map((m) => m.id);
      const result = await deployStep(fly, { image: V2, strategy, regions: 'ams\nfra' });
      expect(result.exitCode).toBe(0);
      expect(result.outputs).toMatchObject({
        status: 'deployed',
        failure: '',
        image: V2,
        'previous-image': V1,
        'release-label': 'rel-2',
      });
      expect(imagesByRegion(fly)).toEqual({ ams: [V2, V2], fra: [V2, V2], syd: [V1] });
      const machines = JSON.parse(result.outputs.machines ?? '[]') as {
        region: string;
        processGroup: string;
        result: string;
      }[];
      expect(machines).toHaveLength(4);
      expect(new Set(machines.map((m) => m.processGroup))).toEqual(new Set(['app', 'worker']));
      expect(machines.every((m) => m.result === (strategy === 'bluegreen' ? 'replaced' : 'updated'))).toBe(
        true,
      );
      // No temporary machine (canary, green) is left, and every live machine carries the release label.
      for (const m of live(fly)) {
        expect(m.config.metadata?.['deploy_actions_temporary']).toBeUndefined();
        if (m.region !== 'syd') expect(m.config.metadata?.['deploy_actions_release']).toBe('rel-2');
      }
      if (strategy === 'bluegreen') {
        expect(
          live(fly)
            .filter((m) => before.includes(m.id))
            .map((m) => m.region),
        ).toEqual(['syd']);
        expect(live(fly).every((m) => !m.cordoned)).toBe(true);
      } else {
        expect(
          live(fly)
            .map((m) => m.id)
            .sort(),
        ).toEqual([...before].sort());
      }
      if (strategy === 'canary') {
        const creates = mutating(fly).filter((r) => r === `POST /v1/apps/${APP}/machines`);
        expect(creates.length).toBe(5 + 2); // the seeds, then one canary per process group
      }
      expectLeasesReleased(fly);
      // Recorded in Fly's release history, complete, and stamped on every deployed machine as flyctl does.
      expect(await releases(fly)).toEqual([
        expect.objectContaining({ version: 1, status: 'complete', image_ref: V2 }),
      ]);
      expect(result.outputs['release-version']).toBe('1');
      for (const m of live(fly).filter((x) => x.region !== 'syd')) {
        expect(m.config.metadata).toMatchObject({ fly_release_version: '1' });
      }
      expect(result.summary).toContain('Timeline');
      expect(result.log).toMatch(/\[spearhead\]|\[all\]|\[green\]/);
      const proof = await readProof(result);
      expect(proof.outcome).toBe('success');
      expect(JSON.parse(await readFile(result.outputs['rollback-plan'] ?? '', 'utf8'))).toMatchObject({
        app: APP,
        previousImage: V1,
      });
      expectNoLeaks(result);
    },
    90_000,
  );

  test('process-groups limits the deploy to one group', async () => {
    const fly = await emulator();
    const result = await deployStep(fly, { image: V2, 'process-groups': 'worker' });
    expect(result.exitCode).toBe(0);
    const byGroup = live(fly)
      .map((m) => `${m.config.metadata?.['fly_process_group']}:${m.image}`)
      .sort();
    expect(byGroup).toEqual([`app:${V1}`, `app:${V1}`, `app:${V1}`, `worker:${V2}`, `worker:${V2}`]);
  }, 60_000);

  test('stopped machines are updated without being started', async () => {
    const fly = await emulator([
      { region: 'ams', group: 'app' },
      { region: 'ams', group: 'app', state: 'stopped' },
    ]);
    const result = await deployStep(fly, { image: V2 });
    expect(result.exitCode).toBe(0);
    expect(
      live(fly)
        .map((m) => `${m.state}:${m.image}`)
        .sort(),
    ).toEqual([`started:${V2}`, `stopped:${V2}`]);
    expect(mutating(fly).filter((r) => r.endsWith('/start'))).toEqual([]);
  }, 60_000);
});

describe('fly-deploy: failures are caught and every machine put back', () => {
  test('an image that crashes on start: crash-loop, rolled back, exit codes shown', async () => {
    const fly = await emulator();
    const result = await deployStep(fly, { image: CRASHING, regions: 'ams,fra' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'rolled-back', failure: 'crash-loop' });
    expect(imagesByRegion(fly)).toEqual({ ams: [V1, V1], fra: [V1, V1], syd: [V1] });
    expect(
      live(fly)
        .filter((m) => m.region !== 'syd')
        .every((m) => m.state === 'started'),
    ).toBe(true);
    const error = result.annotations.find((a) => a.level === 'error' && a.message.startsWith('fly-deploy:'));
    expect(error?.message).toMatch(/crash-looping: it exited \d+ times since the update \(exit codes 2, 2/);
    expect(error?.message).toContain('rolled back');
    // Only the spearhead was ever changed: one machine crashed, the others were never touched.
    const machines = JSON.parse(result.outputs.machines ?? '[]') as { result: string }[];
    expect(machines.filter((m) => m.result === 'rolled-back')).toHaveLength(1);
    expect(result.summary).toContain('Rollback');
    expect((await releases(fly)).map((r) => r.status)).toEqual(['failed']);
    expectLeasesReleased(fly);
    expectNoLeaks(result);
  }, 60_000);

  test("a crashed machine's log lines are shown, redacted, in the error, the summary and the proof", async () => {
    const fly = await emulator([{ region: 'ams', group: 'app' }]);
    const result = await deployStep(
      fly,
      { image: CRASHING, secrets: `STRIPE_KEY=${LEAKED_KEY}` },
      { secrets: [LEAKED_KEY] },
    );
    expect(result.exitCode).toBe(1);
    expect(result.outputs.failure).toBe('crash-loop');
    const error = result.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(error).toContain('panic: database "acme" does not exist');
    expect(error).toContain('connecting with key ***');
    expect(result.summary).toContain('does not exist');
    expect(result.summary).not.toContain(LEAKED_KEY);
    const proof = JSON.stringify(await readProof(result));
    expect(proof).toContain('does not exist');
    expect(proof).not.toContain(LEAKED_KEY);
    expect(result.masks).toContain(LEAKED_KEY);
    expectNoLeaks(result);
  }, 60_000);

  test('a token refused the logs: the error says how to see them', async () => {
    const fly = await emulator([{ region: 'ams', group: 'app' }]);
    const result = await deployStep(fly, { image: CRASHING }, { env: { FLY_API_TOKEN: NO_LOGS_TOKEN } });
    expect(result.outputs.failure).toBe('crash-loop');
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(
      /fly logs -a acme-web -i \S+/,
    );
  }, 60_000);

  test('an image that crashes after 20 s is caught after its checks passed and it settled', async () => {
    const fly = await emulator();
    const result = await deployStep(
      fly,
      { image: CRASHING_LATE, regions: 'ams,fra', settle: '12s', 'wait-timeout': '60s' },
      { timeoutMs: 120_000 },
    );
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'rolled-back', failure: 'crash-loop' });
    expect(result.log).toMatch(/\[spearhead\].*healthy after/);
    expect(imagesByRegion(fly)).toEqual({ ams: [V1, V1], fra: [V1, V1], syd: [V1] });
    expectLeasesReleased(fly);
  }, 150_000);

  test('failing checks: checks-timeout, reverted', async () => {
    const fly = await emulator();
    const result = await deployStep(fly, { image: UNHEALTHY, regions: 'ams,fra', 'wait-timeout': '3s' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'rolled-back', failure: 'checks-timeout' });
    expect(result.annotations.map((a) => a.message).join('\n')).toMatch(/alive: (critical|warning)/);
    expect(imagesByRegion(fly)).toEqual({ ams: [V1, V1], fra: [V1, V1], syd: [V1] });
  }, 60_000);

  test('an image that cannot be pulled: launch, reverted', async () => {
    const fly = await emulator();
    const result = await deployStep(fly, { image: UNPULLABLE, regions: 'ams,fra' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'rolled-back', failure: 'launch' });
    expect(imagesByRegion(fly)).toEqual({ ams: [V1, V1], fra: [V1, V1], syd: [V1] });
  }, 60_000);

  test('a failed canary leaves no machine behind and no app machine changed', async () => {
    const fly = await emulator();
    const before = live(fly).map((m) => `${m.id}:${m.image}`);
    const result = await deployStep(fly, { image: CRASHING, strategy: 'canary', regions: 'ams,fra' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'failed', failure: 'crash-loop' });
    expect(live(fly).map((m) => `${m.id}:${m.image}`)).toEqual(before);
    const canaries = machinesOf(fly).filter(
      (m) => m.config.metadata?.['deploy_actions_temporary'] === 'canary',
    );
    expect(canaries.length).toBe(1);
    expect(canaries.every((m) => m.state === 'destroyed')).toBe(true);
    const plan = JSON.parse(await readFile(result.outputs['rollback-plan'] ?? '', 'utf8')) as {
      created: string[];
    };
    expect(plan.created).toEqual([]);
    expectLeasesReleased(fly);
  }, 60_000);

  test('bluegreen refuses an app without checks before any change', async () => {
    const fly = await emulator([{ region: 'ams', group: 'app' }]);
    const id = live(fly)[0]?.id ?? '';
    const client = new FlyClient({ token: TOKEN, apiUrl: fly.apiUrl });
    const current = await client.getMachine(APP, id);
    const { checks: _checks, ...withoutChecks } = current.config ?? {};
    await client.updateMachine(APP, id, { config: withoutChecks });
    await client.waitForState(APP, id, { state: 'started', timeoutMs: 10_000 });
    await client.close();
    const calls = mutating(fly).length;
    const result = await deployStep(fly, { image: V2, strategy: 'bluegreen' });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.map((a) => a.message).join('\n')).toMatch(/bluegreen needs health checks/);
    expect(mutating(fly).slice(calls)).toEqual([]);
  }, 60_000);

  test('on-failure: halt leaves the machines as they are and hands over the rollback plan', async () => {
    const fly = await emulator();
    const result = await deployStep(fly, { image: CRASHING, regions: 'ams,fra', 'on-failure': 'halt' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'failed', failure: 'crash-loop' });
    expect(live(fly).filter((m) => m.image === CRASHING)).toHaveLength(1);
    const plan = JSON.parse(await readFile(result.outputs['rollback-plan'] ?? '', 'utf8')) as {
      machines: { id: string; image: string; config: { image: string } }[];
    };
    expect(plan.machines).toHaveLength(4);
    expect(plan.machines.every((m) => m.image === V1 && m.config.image === V1)).toBe(true);
    expect(result.state['rollback-plan']).toBe(result.outputs['rollback-plan']);
  }, 60_000);

  test('a failing release command stops the deploy before any app machine is touched', async () => {
    const fly = await emulator();
    const apps = live(fly).map((m) => m.id);
    const result = await deployStep(fly, { image: V2, 'release-command': 'bin/bad-migrate' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'failed', failure: 'release-command' });
    expect(result.annotations.map((a) => a.message).join('\n')).toMatch(/exited with code 3/);
    const touched = mutating(fly).filter(
      (r) =>
        apps.some((id) => r.endsWith(`/machines/${id}`) || r.includes(`/machines/${id}/`)) &&
        !r.endsWith('/lease'),
    );
    expect(touched).toEqual([]);
    expect(imagesByRegion(fly)).toEqual({ ams: [V1, V1], fra: [V1, V1], syd: [V1] });
  }, 60_000);

  test('a passing release command runs on a temporary machine, then the rollout', async () => {
    const fly = await emulator([{ region: 'ams', group: 'app' }]);
    const result = await deployStep(fly, { image: V2, 'release-command': 'bin/migrate' });
    expect(result.exitCode).toBe(0);
    const commandMachine = machinesOf(fly).find(
      (m) => m.config.metadata?.['fly_process_group'] === 'fly_app_release_command',
    );
    expect(commandMachine?.config).toMatchObject({
      auto_destroy: true,
      restart: { policy: 'no' },
      env: { RELEASE_COMMAND: '1' },
    });
    expect(commandMachine?.state).toBe('destroyed');
    expect(live(fly).map((m) => m.image)).toEqual([V2]);
  }, 60_000);
});

describe('fly-deploy: leases, tokens, secrets, faults, cancel, inputs', () => {
  test('a machine whose host cannot take the update is replaced, as flyctl does', async () => {
    const fly = await emulator([{ region: 'ams', group: 'app' }]);
    const [old] = live(fly).map((m) => m.id);
    injectCapacityFault(fly);
    const result = await deployStep(fly, { image: V2 });
    expect(result.exitCode).toBe(0);
    const [row] = JSON.parse(result.outputs.machines ?? '[]') as {
      id: string;
      replacedBy?: string;
      result: string;
    }[];
    expect(row).toMatchObject({ id: old, result: 'updated' });
    expect(live(fly).map((m) => [m.id, m.image])).toEqual([[row?.replacedBy, V2]]);
    expect(result.log).toContain('replacing it');
  }, 60_000);

  test('a replaced machine that crashes is rolled back by recreating the old one', async () => {
    const fly = await emulator([{ region: 'ams', group: 'app' }]);
    injectCapacityFault(fly);
    const result = await deployStep(fly, { image: CRASHING });
    expect(result.outputs).toMatchObject({ status: 'rolled-back', failure: 'crash-loop' });
    expect(live(fly).map((m) => `${m.region}:${m.image}:${m.state}`)).toEqual([`ams:${V1}:started`]);
  }, 60_000);

  test('a machine leased by another run: lease-conflict naming the holder, nothing changed', async () => {
    const fly = await emulator();
    const other = new FlyClient({ token: TOKEN, apiUrl: fly.apiUrl });
    const held = live(fly).find((m) => m.region === 'fra')?.id ?? '';
    const lease = await other.acquireLease(APP, held, { ttlSeconds: 60, description: 'other deploy' });
    try {
      const result = await deployStep(fly, { image: V2 });
      expect(result.exitCode).toBe(1);
      expect(result.outputs).toMatchObject({ status: 'failed', failure: 'lease-conflict' });
      expect(result.annotations.map((a) => a.message).join('\n')).toMatch(
        /leased by deploy-bot@acme\.test \(other deploy\) until 20/,
      );
      expect(
        mutating(fly).filter((r) => !r.endsWith('/lease') && !r.endsWith(`/v1/apps/${APP}/machines`)),
      ).toEqual([]);
      expect(
        live(fly)
          .filter((m) => m.lease !== null)
          .map((m) => m.id),
      ).toEqual([held]);
    } finally {
      await lease.release();
      await other.close();
    }
  }, 60_000);

  test('a token of another organization: auth, with what to do', async () => {
    const fly = await emulator([{ region: 'ams', group: 'app' }]);
    const result = await deployStep(fly, { image: V2 }, { env: { FLY_API_TOKEN: OTHER_ORG_TOKEN } });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'failed', failure: 'auth' });
    expect(result.annotations.map((a) => a.message).join('\n')).toMatch(
      /403[\s\S]*fly tokens create deploy -a acme-web/,
    );
    expect(mutating(fly).slice(1)).toEqual([]);
  }, 60_000);

  test('secrets are set before the rollout, masked, and the machines wait for their version', async () => {
    const fly = await emulator([{ region: 'ams', group: 'app' }]);
    const secret = 'sk_live_SuperSecretStripeKey123';
    const result = await deployStep(fly, {
      image: V2,
      secrets: `STRIPE_KEY=${secret}\nOTHER=another-secret-value`,
    });
    expect(result.exitCode).toBe(0);
    const calls = mutating(fly);
    const setSecrets = calls.indexOf(`POST /v1/apps/${APP}/secrets`);
    const firstUpdate = calls.findIndex(
      (r) => /^POST \/v1\/apps\/acme-web\/machines\/[^/]+$/.test(r) && calls.indexOf(r) > 1,
    );
    expect(setSecrets).toBeGreaterThan(-1);
    expect(setSecrets).toBeLessThan(firstUpdate);
    expect(fly.state().apps[0]?.secrets).toEqual(expect.arrayContaining(['STRIPE_KEY', 'OTHER']));
    expect(result.masks).toContain(secret);
    expect(result.log).not.toContain(secret);
    expectNoLeaks(result);
  }, 60_000);

  test('503 twice and a 408 on update are retried and the deploy succeeds', async () => {
    const fly = await emulator([{ region: 'ams', group: 'app' }]);
    fly.inject({ method: 'POST', path: `/v1/apps/${APP}/machines/*`, status: 503, times: 2 });
    fly.inject({ method: 'POST', path: `/v1/apps/${APP}/machines/*`, status: 408, times: 1 });
    const result = await deployStep(fly, { image: V2 });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('deployed');
    const updates = fly
      .state()
      .requests.filter((r) => r.method === 'POST' && /\/machines\/[^/]+$/.test(r.path));
    expect(updates.map((r) => r.status).slice(-4)).toEqual([503, 503, 408, 200]);
  }, 60_000);

  test('Fly refusing to record the release (POST 500) is a warning: the deploy still succeeds', async () => {
    const fly = await emulator([{ region: 'ams', group: 'app' }]);
    // Not retried: a create Fly may have acted on is never repeated, so one fault is the whole answer.
    fly.inject({ method: 'POST', path: '/api/v1/releases', status: 500, times: 1 });
    const result = await deployStep(fly, { image: V2 });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'deployed', failure: '', image: V2 });
    expect(imagesByRegion(fly)).toEqual({ ams: [V2] });
    expect(
      fly
        .state()
        .requests.filter((r) => r.path === '/api/v1/releases')
        .map((r) => r.status),
    ).toEqual([500]);
    expect(await releases(fly)).toEqual([]);
    expect(result.outputs['release-version'] ?? '').toBe('');
    await expectSucceededWithWarning(
      result,
      fly,
      /could not record the release in Fly's release history \(the deploy goes on\)/,
      /POST \/api\/v1\/releases → 500 .*\(fly-request-id: \S+\)/,
    );
  }, 60_000);

  test("the release's final status failing to save (PATCH 500) is a warning: the deploy still succeeds", async () => {
    const fly = await emulator([{ region: 'ams', group: 'app' }]);
    // The first PATCH (status `running`) goes through untouched (a zero-effect delay), every later one fails.
    fly.inject({ method: 'PATCH', path: '/api/v1/releases/*', delayMs: 1, times: 1 });
    fly.inject({ method: 'PATCH', path: '/api/v1/releases/*', status: 500 });
    const result = await deployStep(fly, { image: V2 });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      status: 'deployed',
      failure: '',
      image: V2,
      'release-version': '1',
    });
    expect(imagesByRegion(fly)).toEqual({ ams: [V2] });
    const patches = fly
      .state()
      .requests.filter((r) => r.method === 'PATCH' && r.path.startsWith('/api/v1/releases/'));
    expect(patches[0]?.status).toBe(200);
    expect(patches.slice(1).length).toBeGreaterThan(0);
    expect(patches.slice(1).every((r) => r.status === 500)).toBe(true);
    // Fly's history keeps the release as it was last saved: running, never complete.
    expect((await releases(fly)).map((r) => r.status)).toEqual(['running']);
    await expectSucceededWithWarning(
      result,
      fly,
      /could not set the status of release 1 in Fly's release history to complete/,
      /PATCH \/api\/v1\/releases\/\S+ → 500 .*\(fly-request-id: \S+\)/,
    );
  }, 60_000);

  test('cancel mid-rollout: leases released, proof written, failure cancelled', async () => {
    const fly = await emulator();
    const cancel = new AbortController();
    const result = await deployStep(
      fly,
      { image: V2, settle: '30s', regions: 'ams,fra' },
      { signal: cancel.signal, onLog: (line) => line.includes('waiting for its checks') && cancel.abort() },
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.outputs.failure).toBe('cancelled');
    expectLeasesReleased(fly);
    const proof = await readProof(result);
    expect(proof.outcome).toBe('cancelled');
  }, 60_000);

  test('bad inputs fail before any call, all named at once', async () => {
    const fly = await emulator([{ region: 'ams', group: 'app' }]);
    const before = fly.state().requests.length;
    const result = await deployStep(fly, {
      image: V2,
      strategy: 'yolo',
      'max-unavailable': '0',
      'wait-timeout': 'forever',
      'on-failure': 'pray',
      secrets: 'NOT A LINE',
    });
    expect(result.exitCode).toBe(1);
    const message = result.annotations.map((a) => a.message).join('\n');
    for (const name of ['strategy', 'max-unavailable', 'wait-timeout', 'on-failure', 'secrets'])
      expect(message).toContain(`input "${name}"`);
    expect(fly.state().requests.length).toBe(before);
  }, 60_000);

  test('building with flyctl: no image → flyctl deploy --build-only --push, then that image', async () => {
    const fly = await emulator([{ region: 'ams', group: 'app' }]);
    // Prints what the real one prints after a push, and the arguments it got.
    const bin = await standInFlyctl(`echo "args: $*"\necho "image: ${V2}"`);
    const result = await deployStep(fly, {}, { env: { PATH: `${bin}:${process.env.PATH ?? ''}` } });
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain('args: deploy --build-only --push --app acme-web --image-label rel-2');
    expect(result.outputs.image).toBe(V2);
    expect(live(fly).map((m) => m.image)).toEqual([V2]);
  }, 60_000);

  test("a build that fails is `build` with flyctl's last lines", async () => {
    const fly = await emulator([{ region: 'ams', group: 'app' }]);
    const bin = await standInFlyctl(
      'echo "Error: failed to fetch an image or build from source: Dockerfile not found"\nexit 1',
    );
    const result = await deployStep(fly, {}, { env: { PATH: `${bin}:${process.env.PATH ?? ''}` } });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'failed', failure: 'build' });
    expect(result.annotations.map((a) => a.message).join('\n')).toContain('Dockerfile not found');
    expect(mutating(fly).length).toBe(1); // the seed's create only
  }, 60_000);
});

describe('fly-deploy: fly.toml is the source of truth', () => {
  /** A workspace holding this fly.toml. */
  async function workspaceWith(flyToml: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'fly-deploy-workspace-'));
    await writeFile(join(dir, 'fly.toml'), flyToml);
    return dir;
  }

  // The seeded app's shape, plus a new env var and a new check for both groups; [deploy] picks the strategy.
  const CHANGED_FLY_TOML = `app = "${APP}"
primary_region = "ams"

[deploy]
  strategy = "immediate"

[env]
  FEATURE_SEARCH = "on"

[processes]
  app = "bin/web"
  worker = "bin/worker"

[checks.alive]
  type = "http"
  port = 8080
  path = "/health"
  interval = "2s"
  timeout = "1s"
  processes = ["app", "worker"]

[checks.ready]
  type = "http"
  port = 8080
  path = "/ready"
  interval = "2s"
  timeout = "1s"
  processes = ["app", "worker"]
`;

  test('a new env var and a new check reach every machine; [deploy] strategy is the default', async () => {
    const fly = await emulator();
    const syd = live(fly).find((m) => m.region === 'syd');
    const workspace = await workspaceWith(CHANGED_FLY_TOML);
    const result = await deployStep(fly, { image: V2, regions: 'ams\nfra' }, { workspace });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('deployed');
    const deployed = live(fly).filter((m) => m.region !== 'syd');
    expect(deployed).toHaveLength(4);
    for (const m of deployed) {
      const group = m.config.metadata?.['fly_process_group'];
      expect(m.image).toBe(V2);
      expect(m.config.env).toMatchObject({
        FEATURE_SEARCH: 'on',
        FLY_PROCESS_GROUP: group,
        PRIMARY_REGION: 'ams',
      });
      expect(Object.keys(m.config.checks ?? {}).sort()).toEqual(['alive', 'ready']);
      expect(m.config.init?.cmd).toEqual([group === 'worker' ? 'bin/worker' : 'bin/web']);
      // Every check passes on the new version: the machine serves the new check's path.
      expect(m.checks.map((c) => `${c.name}:${c.status}`).sort()).toEqual(['alive:passing', 'ready:passing']);
    }
    // The region filter still holds: syd keeps its config.
    expect(live(fly).find((m) => m.region === 'syd')?.config).toEqual(syd?.config);
    expect(result.summary).toContain('<td>strategy</td><td>immediate</td><td>fly.toml deploy.strategy</td>');
    const proof = await readProof(result);
    expect(proof.facts['fly-toml']).toMatchObject({
      file: 'fly.toml',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expectNoLeaks(result);
    expectLeasesReleased(fly);
  }, 90_000);

  test('the automatic revert puts the previous config back, not only the previous image', async () => {
    const fly = await emulator(FOUR_AND_SYD.slice(0, 2));
    const before = new Map(live(fly).map((m) => [m.id, m.config]));
    const workspace = await workspaceWith(CHANGED_FLY_TOML);
    const result = await deployStep(fly, { image: CRASHING }, { workspace });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'rolled-back', failure: 'crash-loop' });
    for (const m of live(fly)) {
      expect(m.image).toBe(V1);
      expect(m.config).toEqual(before.get(m.id));
      expect(m.config.env).not.toHaveProperty('FEATURE_SEARCH');
      expect(Object.keys(m.config.checks ?? {})).toEqual(['alive']);
    }
    // The rollback plan keeps both: what was there (restored) and what was applied.
    const plan = JSON.parse(await readFile(result.outputs['rollback-plan'] ?? '', 'utf8')) as {
      flyToml?: { file: string };
      machines: { config: MachineConfig; appliedConfig?: MachineConfig }[];
    };
    expect(plan.flyToml?.file).toBe('fly.toml');
    for (const entry of plan.machines) {
      expect(entry.config.env).not.toHaveProperty('FEATURE_SEARCH');
      expect(entry.appliedConfig?.env).toMatchObject({ FEATURE_SEARCH: 'on' });
      expect(Object.keys(entry.appliedConfig?.checks ?? {}).sort()).toEqual(['alive', 'ready']);
    }
    expectLeasesReleased(fly);
  }, 90_000);

  test('a process group fly.toml adds gets machines; one it dropped is left alone with a warning', async () => {
    const fly = await emulator(FOUR_AND_SYD.slice(0, 3));
    const worker = live(fly).find((m) => m.config.metadata?.['fly_process_group'] === 'worker');
    const workspace = await workspaceWith(
      CHANGED_FLY_TOML.replace('worker = "bin/worker"', 'cron = "bin/cron"').replaceAll(
        'processes = ["app", "worker"]',
        'processes = ["app", "cron"]',
      ),
    );
    const result = await deployStep(fly, { image: V2 }, { workspace });
    expect(result.exitCode).toBe(0);
    const cron = live(fly).filter((m) => m.config.metadata?.['fly_process_group'] === 'cron');
    // A group without services gets a machine and a stopped standby for it (flyctl's default), in primary_region.
    expect(cron.map((m) => [m.region, m.state, m.image])).toEqual(
      expect.arrayContaining([
        ['ams', 'started', V2],
        ['ams', 'stopped', V2],
      ]),
    );
    expect(cron).toHaveLength(2);
    const machines = JSON.parse(result.outputs.machines ?? '[]') as {
      processGroup: string;
      result: string;
    }[];
    expect(machines.filter((m) => m.processGroup === 'cron').map((m) => m.result)).toEqual([
      'created',
      'created',
    ]);
    // worker is no longer in fly.toml: untouched, and said so.
    expect(live(fly).find((m) => m.id === worker?.id)?.image).toBe(V1);
    expect(result.annotations.map((a) => a.message).join('\n')).toContain(
      'no longer defines process group "worker"',
    );
  }, 90_000);

  test('a bad fly.toml fails before any call to Fly, naming each key and line', async () => {
    const fly = await emulator([{ region: 'ams', group: 'app' }]);
    const before = fly.state().requests.length;
    const workspace = await workspaceWith(`app = "${APP}"
primary_regoin = "ams"

[http_service]
  internal_port = "8080"
  [[http_service.checks]]
    interval = "10s"
`);
    const result = await deployStep(fly, { image: V2 }, { workspace });
    expect(result.exitCode).toBe(1);
    const message = result.annotations.map((a) => a.message).join('\n');
    expect(message).toContain('fly.toml:2: primary_regoin: is not a fly.toml key');
    expect(message).toContain('fly.toml:5: http_service.internal_port: expected a whole number; got "8080"');
    expect(fly.state().requests.length).toBe(before);
  }, 60_000);

  test('a config input naming a missing file fails before any call', async () => {
    const fly = await emulator([{ region: 'ams', group: 'app' }]);
    const before = fly.state().requests.length;
    const result = await deployStep(fly, { image: V2, config: 'deploy/fly.production.toml' });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.map((a) => a.message).join('\n')).toContain(
      'deploy/fly.production.toml: could not be read',
    );
    expect(fly.state().requests.length).toBe(before);
  }, 60_000);
});
