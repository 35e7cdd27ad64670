import { describe, expect, test } from '@jest/globals';
import { FlyApiError } from '@deploy-actions/core';
import { openReleaseClients } from '../src/index.ts';

const TOKEN = 'fo1_releaseClientsTestToken0123456789abcdef';

function runContext(signal: AbortSignal = new AbortController().signal): {
  signal: AbortSignal;
  deadline: number;
  onCleanup: (fn: () => Promise<void> | void) => void;
  cleanups: (() => Promise<void> | void)[];
} {
  const cleanups: (() => Promise<void> | void)[] = [];
  return { signal, deadline: Date.now() + 60_000, onCleanup: (fn) => cleanups.push(fn), cleanups };
}

describe('openReleaseClients', () => {
  test("Fly's Machines API pairs with Fly's platform API; the engine works on the Machines client for the app", async () => {
    const run = runContext();
    const { client, platform, engine } = openReleaseClients(run, {
      token: TOKEN,
      apiUrl: 'https://api.machines.dev',
      app: 'acme-web',
    });
    expect(client.apiUrl).toBe('https://api.machines.dev');
    expect(platform.apiUrl).toBe('https://api.fly.io');
    expect(engine.client).toBe(client);
    expect(engine.app).toBe('acme-web');
    expect(engine.signal).toBe(run.signal);
    // Both are closed by the run's cleanup, whatever way it ends.
    expect(run.cleanups).toHaveLength(2);
    for (const cleanup of run.cleanups.reverse()) await cleanup();
  });

  test('only the Machines client ends with the run: the platform client still answers for the release record', async () => {
    const cancel = new AbortController();
    const reason = new Error('cancelled by the test');
    cancel.abort(reason);
    const run = runContext(cancel.signal);
    // Nothing listens on port 9 of loopback: the platform client must try (and fail to connect), not give up.
    const { client, platform } = openReleaseClients(run, {
      token: TOKEN,
      apiUrl: 'http://127.0.0.1:9',
      app: 'acme-web',
    });
    try {
      expect(platform.apiUrl).toBe('http://127.0.0.1:9');
      await expect(client.getApp('acme-web')).rejects.toBe(reason);
      const attempt = platform.getApp('acme-web');
      await expect(attempt).rejects.toBeInstanceOf(FlyApiError);
      await expect(attempt).rejects.toMatchObject({ code: 'fly-unreachable' });
    } finally {
      for (const cleanup of run.cleanups.reverse()) await cleanup();
    }
  });
});
