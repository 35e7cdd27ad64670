import { afterAll, afterEach, expect } from '@jest/globals';
import { FlyClient, type MachineConfig } from '@deploy-actions/core';
import { startFlyEmulator, type EmulatorConfigInput, type FlyEmulator } from '@deploy-actions/fly-emulator';
import { cleanupStep, contractRecorder, type StepResult } from '@deploy-actions/harness';

/** What a test file whose tests each start an emulator and run bundles against it keeps track of. */
export interface EmulatorPerTest {
  /** Starts an emulator whose answers are checked against Fly's spec; closed after the test. */
  start(config: EmulatorConfigInput): Promise<FlyEmulator>;
  /** Remembers a step, so that what it left behind is cleaned up after the test; returns it. */
  track(result: StepResult): StepResult;
}

/**
 * Registers the hooks of such a file: after each test the steps are cleaned up and the emulators closed; after all
 * of them, every Machines API answer must have matched Fly's spec. The platform API's answers (`/api/v1/` release
 * records and logs) are not in the Machines spec and are left out.
 */
export function emulatorPerTest(): EmulatorPerTest {
  const contract = contractRecorder();
  const emulators: FlyEmulator[] = [];
  const results: StepResult[] = [];
  afterEach(async () => {
    await Promise.all(results.splice(0).map(cleanupStep));
    await Promise.all(emulators.splice(0).map((e) => e.close()));
  });
  afterAll(() => {
    expect(contract.violations().filter((v) => !v.includes(' /api/v1/'))).toEqual([]);
  });
  return {
    async start(config) {
      const fly = await startFlyEmulator(config, { onResponse: contract.onResponse });
      emulators.push(fly);
      return fly;
    },
    track(result) {
      results.push(result);
      return result;
    },
  };
}

/** The HTTP check flyctl configures from `[[http_service.checks]]`, fast enough for tests: `alive` on `/health`. */
export const ALIVE_CHECK: NonNullable<MachineConfig['checks']> = {
  alive: {
    type: 'http',
    port: 8080,
    path: '/health',
    interval: '200ms',
    timeout: '1s',
    grace_period: '0s',
  },
};

/** One machine to create before a test: where, with what config, and whether to leave it stopped. */
export interface MachineSeed {
  region: string;
  config: MachineConfig;
  state?: 'started' | 'stopped';
}

/**
 * Creates the machines in `app` through the Machines API, as flyctl leaves them, one at a time and in order (so
 * their ids sort as they were seeded), each waited for until started, and stopped when its seed says so.
 */
export async function seedMachines(
  fly: FlyEmulator,
  auth: { token: string; app: string },
  seeds: readonly MachineSeed[],
): Promise<void> {
  const { app } = auth;
  const client = new FlyClient({ token: auth.token, apiUrl: fly.apiUrl });
  try {
    for (const seed of seeds) {
      const m = await client.createMachine(app, { config: seed.config, region: seed.region });
      await client.waitForState(app, m.id, { state: 'started', timeoutMs: 10_000 });
      if (seed.state === 'stopped') {
        await client.stopMachine(app, m.id);
        await client.waitForState(app, m.id, { state: 'stopped', timeoutMs: 10_000 });
      }
    }
  } finally {
    await client.close();
  }
}

/** Every machine of `app` in the emulator's state, destroyed ones included. */
export function appMachines(fly: FlyEmulator, app: string) {
  return fly.state().apps.find((a) => a.name === app)?.machines ?? [];
}

/** The machines of `app` that are not destroyed. */
export function liveMachines(fly: FlyEmulator, app: string) {
  return appMachines(fly, app).filter((m) => m.state !== 'destroyed');
}
