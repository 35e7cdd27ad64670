import { describe, expect, test } from '@jest/globals';
import { startMachineServer } from '../src/machine-server.ts';

async function get(
  port: number,
  path: string,
): Promise<{ status: number; machine: string | null; body: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, machine: res.headers.get('fly-machine'), body: await res.json() };
}

describe('a machine web server', () => {
  test.each([
    ['ok', 200],
    ['failing', 503],
    ['degraded', 200],
  ] as const)('health %s answers %i on /health and on the configured check path', async (health, status) => {
    const server = await startMachineServer({
      machineId: 'abc',
      version: 'v7',
      health,
      healthPaths: ['/ready'],
    });
    try {
      for (const path of ['/health', '/ready']) {
        expect(await get(server.port, path)).toEqual({
          status,
          machine: 'abc',
          body: { status: health, version: 'v7', machine: 'abc' },
        });
      }
      expect(await get(server.port, '/')).toMatchObject({ status: 200, body: { version: 'v7', path: '/' } });
    } finally {
      await server.close();
    }
  });
});
