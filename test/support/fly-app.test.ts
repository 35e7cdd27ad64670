import { describe, expect, test } from '@jest/globals';
import { FlyClient } from '@deploy-actions/core';
import type { FlyEmulator } from '@deploy-actions/fly-emulator';
import { appMachines, emulatorPerTest, liveMachines, seedMachines } from './fly-app.ts';

// The shared fixture of the bundle tests, on its own: seeding, the live/destroyed split, and the per-test closing.

const TOKEN = 'fo1_fixtureTestToken0123456789abcdefABCD';
const APP = 'acme-web';
const IMAGE = 'registry.fly.io/acme-web:v1';

const emulators = emulatorPerTest();
let previous: FlyEmulator | undefined;

describe('the emulator-per-test fixture', () => {
  test('seeds machines in order, started or stopped; a destroyed one is no longer live', async () => {
    const fly = await emulators.start({
      organizations: ['acme'],
      tokens: [{ token: TOKEN, org: 'acme' }],
      images: { [IMAGE]: { version: 'v1' } },
      apps: [{ name: APP, org: 'acme', image: IMAGE, machines: 0 }],
      timing: { startMs: 20, stopMs: 10 },
    });
    previous = fly;
    const config = { image: IMAGE, metadata: { fly_process_group: 'app' } };
    await seedMachines(fly, { token: TOKEN, app: APP }, [
      { region: 'ams', config },
      { region: 'fra', config, state: 'stopped' },
      { region: 'syd', config },
    ]);
    expect(liveMachines(fly, APP).map((m) => `${m.region}:${m.state}`)).toEqual([
      'ams:started',
      'fra:stopped',
      'syd:started',
    ]);

    const syd = liveMachines(fly, APP).find((m) => m.region === 'syd')?.id ?? '';
    const client = new FlyClient({ token: TOKEN, apiUrl: fly.apiUrl });
    try {
      await client.destroyMachine(APP, syd, { force: true });
      await client.waitForState(APP, syd, { state: 'destroyed', timeoutMs: 10_000 });
    } finally {
      await client.close();
    }
    expect(liveMachines(fly, APP).map((m) => m.region)).toEqual(['ams', 'fra']);
    expect(appMachines(fly, APP).map((m) => m.region)).toEqual(['ams', 'fra', 'syd']);
  });

  test("the test before's emulator was closed after it", async () => {
    expect(previous).toBeDefined();
    await expect(fetch(`${previous?.apiUrl ?? ''}/v1/apps/${APP}`)).rejects.toThrow();
  });
});
