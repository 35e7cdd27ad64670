import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { baseConfig, TOKENS } from './helpers/fixtures.ts';

const BIN = resolve(import.meta.dirname, '../bin/fly-emulator.js');
// jest runs on the Node 24 that `npx` puts first on the PATH; spawning it directly (not through `npx node`)
// lets SIGTERM reach the emulator itself rather than npm, which would die of it and orphan the emulator.
const NODE24 = process.execPath;
let dir: string;

/** A Node older than 24 on this machine (the system one), to check the bin's refusal message. */
function olderNode(): string | undefined {
  try {
    const version = execFileSync('/usr/bin/node', ['--version'], { encoding: 'utf8' });
    return Number(version.slice(1).split('.')[0]) < 24 ? '/usr/bin/node' : undefined;
  } catch {
    return undefined;
  }
}
const OLD_NODE = olderNode();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fly-emulator-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function configFile(name: string, content: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(content));
  return file;
}

function run(command: string, args: string[]) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, exited, stderr: () => stderr };
}

describe('fly-emulator CLI', () => {
  test('runs on Node 24', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });

  test('prints one ready line, serves the API and proxies, exits 0 on SIGTERM', async () => {
    const file = await configFile('ok.json', baseConfig());
    const { child, exited, stderr } = run(NODE24, [BIN, '--config', file]);
    try {
      const firstLine = await new Promise<string>((done, fail) => {
        createInterface({ input: child.stdout }).once('line', done);
        void exited.then((code) => fail(new Error(`exited ${code} before its ready line: ${stderr()}`)));
      });
      const ready = JSON.parse(firstLine) as { api: string; apps: Record<string, string> };
      expect(Object.keys(ready.apps)).toEqual(['web', 'api', 'billing']);
      expect(ready.api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${ready.api}/v1/apps/web`, {
        headers: { authorization: `Bearer ${TOKENS.org}` },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ name: 'web' });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      // A failed expectation must not leave the emulator running (and jest waiting on its pipes).
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 15_000);

  test('a bad config exits 2 listing every problem by path', async () => {
    const file = await configFile('bad.json', {
      organizations: [],
      images: { 'x:1': { version: 'v1', health: 'meh' } },
      timing: { startMs: -1 },
    });
    const { exited, stderr } = run(NODE24, [BIN, '--config', file]);
    expect(await exited).toBe(2);
    expect(stderr()).toContain('invalid config');
    expect(stderr()).toMatch(/organizations: /);
    expect(stderr()).toMatch(/images\.x:1\.health: /);
    expect(stderr()).toMatch(/timing\.startMs: /);
  }, 15_000);

  test('a missing --config exits 2 with the usage', async () => {
    const { exited, stderr } = run(NODE24, [BIN]);
    expect(await exited).toBe(2);
    expect(stderr()).toContain('usage: fly-emulator --config <file.json>');
  }, 15_000);

  test('--help prints the usage with every option and exits 0', async () => {
    const child = spawn(NODE24, [BIN, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code).toBe(0);
    const usage = stdout.split('\n')[0]!;
    for (const option of ['--config', '--port', '--help']) expect(usage).toContain(option);
    expect(stdout).toContain('/_emulator/state');
  }, 15_000);

  (OLD_NODE === undefined ? test.skip : test)('under an older Node it says it needs Node 24', async () => {
    const { exited, stderr } = run(OLD_NODE!, [BIN, '--config', 'x.json']);
    expect(await exited).toBe(1);
    expect(stderr()).toContain('needs Node 24 or newer');
  });
});
