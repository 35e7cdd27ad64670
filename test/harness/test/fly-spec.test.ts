// How the contract checks find Fly's Machines API spec on a fresh clone: the pinned file is served from a loopback
// server standing in for raw.githubusercontent.com, so the download, hash check and cache run without the network.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  findMachinesOpenApi,
  machinesOpenApiPath,
  MACHINES_OPENAPI_SHA256,
  resolveMachinesOpenApi,
} from '../src/fly-spec.ts';
import { repoRoot } from '../src/action-definition.ts';
import { node24Path } from '../src/node24.ts';

let server: Server;
let base: string;
let dir: string;
let requests: string[];
let pinned: Buffer;

beforeAll(async () => {
  // The real file, wherever this run found it (FLY_MACHINES_OPENAPI, ../shared or jest's global setup).
  pinned = await readFile(machinesOpenApiPath());
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/pinned.json') res.end(pinned);
    else if (req.url === '/altered.json') res.end(Buffer.concat([pinned, Buffer.from('\n')]));
    else if (req.url === '/endless.json') {
      // Far more than any spec, in chunks, until the client hangs up.
      const chunk = Buffer.alloc(1024 * 1024, ' ');
      const push = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', push);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      push();
    } else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A fresh clone's view: no FLY_MACHINES_OPENAPI, no ../shared, an empty cache. */
async function freshClone(
  url: string,
): Promise<{ explicit: undefined; shared: string; cacheDir: string; url: string }> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fly-spec-'));
  requests = [];
  return {
    explicit: undefined,
    shared: path.join(dir, 'shared', 'machines-openapi.json'),
    cacheDir: path.join(dir, 'cache'),
    url,
  };
}

describe('resolving the spec without ../shared', () => {
  test('downloads it, checks its hash, caches it, and reads the cache next time', async () => {
    const where = await freshClone(`${base}/pinned.json`);
    try {
      const file = await resolveMachinesOpenApi(where);
      expect(file).toBe(path.join(where.cacheDir, 'machines-openapi.json'));
      expect((await readFile(file)).equals(pinned)).toBe(true);
      expect(await readdir(where.cacheDir)).toEqual(['machines-openapi.json']);
      expect(requests).toEqual(['/pinned.json']);

      await expect(resolveMachinesOpenApi(where)).resolves.toBe(file);
      expect(findMachinesOpenApi(where)).toBe(file);
      expect(requests).toEqual(['/pinned.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a cached file with another hash is not trusted: it is downloaded again', async () => {
    const where = await freshClone(`${base}/pinned.json`);
    try {
      await resolveMachinesOpenApi(where);
      await writeFile(path.join(where.cacheDir, 'machines-openapi.json'), '{"tampered":true}');
      expect(findMachinesOpenApi(where)).toBeUndefined();
      await resolveMachinesOpenApi(where);
      expect(requests).toEqual(['/pinned.json', '/pinned.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a download with another hash fails in one line saying how to provide the file, and is not cached', async () => {
    const where = await freshClone(`${base}/altered.json`);
    try {
      const error = await resolveMachinesOpenApi(where).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(
        new RegExp(
          `^Fly's Machines API spec: ${base}/altered.json has sha256 [0-9a-f]{64}, not the pinned ${MACHINES_OPENAPI_SHA256}; download https://raw\\.githubusercontent\\.com/superfly/docs/[0-9a-f]{40}/api/machines/openapi\\.json \\(sha256 ${MACHINES_OPENAPI_SHA256}\\) and set FLY_MACHINES_OPENAPI to its path, or put it at .+$`,
        ),
      );
      expect(error?.message).not.toContain('\n');
      expect(findMachinesOpenApi(where)).toBeUndefined();
      await expect(readdir(where.cacheDir)).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('an answer larger than any spec is cut off and fails in one line', async () => {
    const where = await freshClone(`${base}/endless.json`);
    try {
      await expect(resolveMachinesOpenApi(where)).rejects.toThrow(
        new RegExp(
          `^Fly's Machines API spec: ${base}/endless.json sent more than 8388608 bytes; download [^\\n]+$`,
        ),
      );
      expect(findMachinesOpenApi(where)).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('an HTTP error fails in one line naming the status', async () => {
    const where = await freshClone(`${base}/moved.json`);
    try {
      await expect(resolveMachinesOpenApi(where)).rejects.toThrow(
        new RegExp(
          `^Fly's Machines API spec: ${base}/moved.json answered 404; download .+ and set FLY_MACHINES_OPENAPI to its path, or put it at [^\\n]+$`,
        ),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('an unreachable server fails in one line naming the transport error', async () => {
    // A port that was just free: nothing listens there, so the connection is refused at once.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const where = await freshClone(`http://127.0.0.1:${port}/openapi.json`);
    try {
      await expect(resolveMachinesOpenApi(where)).rejects.toThrow(
        new RegExp(
          `^Fly's Machines API spec: could not download http://127\\.0\\.0\\.1:${port}/openapi\\.json \\(ECONNREFUSED\\); download .+ and set FLY_MACHINES_OPENAPI to its path, or put it at [^\\n]+$`,
        ),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the order of the places', () => {
  test('FLY_MACHINES_OPENAPI first, then ../shared, then the cache; a missing explicit path is an error', async () => {
    const where = await freshClone(`${base}/pinned.json`);
    try {
      const cached = await resolveMachinesOpenApi(where);
      await writeFile(path.join(dir, 'explicit.json'), pinned);
      await mkdir(path.dirname(where.shared), { recursive: true });
      await writeFile(where.shared, pinned);
      expect(findMachinesOpenApi({ ...where, explicit: path.join(dir, 'explicit.json') })).toBe(
        path.join(dir, 'explicit.json'),
      );
      expect(findMachinesOpenApi(where)).toBe(where.shared);
      await rm(where.shared);
      expect(findMachinesOpenApi(where)).toBe(cached);
      expect(() => findMachinesOpenApi({ ...where, explicit: path.join(dir, 'nope.json') })).toThrow(
        `Fly's Machines API spec is not at ${path.join(dir, 'nope.json')} (FLY_MACHINES_OPENAPI); download`,
      );
      expect(requests).toEqual(['/pinned.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a fresh clone', () => {
  // The harness copied into a folder with nothing beside it (no ../shared) and a node_modules of its own (so the
  // cache starts empty), run the way jest runs it: global setup first, then a contract check in another process.
  async function cloneHarness(): Promise<string> {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fly-spec-clone-'));
    const clone = path.join(dir, 'repo');
    await cp(path.join(repoRoot, 'test', 'harness'), path.join(clone, 'test', 'harness'), {
      recursive: true,
    });
    await mkdir(path.join(clone, 'node_modules'));
    for (const name of await readdir(path.join(repoRoot, 'node_modules'))) {
      if (name === '.cache') continue;
      await symlink(path.join(repoRoot, 'node_modules', name), path.join(clone, 'node_modules', name));
    }
    return clone;
  }

  const CHECK = `
    import { prepareMachinesOpenApi } from './src/fly-spec.ts';
    import { contractProblems } from './src/fly-contract.ts';
    await prepareMachinesOpenApi();
    const env = { FLY_MACHINES_OPENAPI: process.env.FLY_MACHINES_OPENAPI, FLY_MACHINES_OPENAPI_PROBLEM: process.env.FLY_MACHINES_OPENAPI_PROBLEM };
    let checked;
    try {
      checked = contractProblems({ method: 'GET', path: '/x', route: 'GET /v1/apps/{app_name}/machines/{machine_id}', status: 200, body: { id: 1 } });
    } catch (error) {
      checked = error.message;
    }
    console.log(JSON.stringify({ env, checked }));`;

  async function runInClone(
    clone: string,
    url: string,
  ): Promise<{ env: Record<string, string | undefined>; checked: unknown }> {
    const env: NodeJS.ProcessEnv = { ...process.env, FLY_MACHINES_OPENAPI_URL: url };
    delete env.FLY_MACHINES_OPENAPI;
    delete env.FLY_MACHINES_OPENAPI_PROBLEM;
    const { stdout } = await promisify(execFile)(
      await node24Path(),
      ['--input-type=module', '--eval', CHECK],
      {
        cwd: path.join(clone, 'test', 'harness'),
        env,
      },
    );
    return JSON.parse(stdout) as { env: Record<string, string | undefined>; checked: unknown };
  }

  test('downloads the spec from FLY_MACHINES_OPENAPI_URL into its node_modules cache and checks contracts with it', async () => {
    const clone = await cloneHarness();
    requests = [];
    try {
      const { env, checked } = await runInClone(clone, `${base}/pinned.json`);
      const cached = path.join(clone, 'node_modules', '.cache', 'deploy-actions', 'machines-openapi.json');
      expect(env).toEqual({ FLY_MACHINES_OPENAPI: cached });
      expect(checked).toEqual(['/id must be string']);
      expect((await readFile(cached)).equals(pinned)).toBe(true);
      expect(requests).toEqual(['/pinned.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  test('when no good copy can be had, the contract check fails with the one line global setup met', async () => {
    const clone = await cloneHarness();
    try {
      const { env, checked } = await runInClone(clone, `${base}/altered.json`);
      expect(env.FLY_MACHINES_OPENAPI).toBeUndefined();
      expect(checked).toBe(env.FLY_MACHINES_OPENAPI_PROBLEM);
      expect(checked).toMatch(
        /^Fly's Machines API spec: .+ has sha256 [0-9a-f]{64}, not the pinned [0-9a-f]{64}; download .+ and set FLY_MACHINES_OPENAPI to its path, or put it at .+$/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
