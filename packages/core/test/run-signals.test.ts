import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProofRecord } from '../src/proof.ts';
import { tempDir } from './helpers.ts';

const fixture = fileURLToPath(new URL('./fixtures/signal-action.ts', import.meta.url));

let dir: string;
let remove: () => Promise<void>;
let child: ChildProcess | undefined;

beforeEach(async () => {
  ({ dir, remove } = await tempDir());
});

afterEach(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  await remove();
});

/** Starts the fixture under this Node (24, which runs TypeScript) and resolves once its body is waiting. */
async function start(mode: 'polite' | 'stubborn', graceMs: number): Promise<{ output: () => string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MODE: mode,
    GRACE_MS: String(graceMs),
    'INPUT_PROOF-DIR': dir,
  };
  // Outputs go to stdout as commands, and jest's VM-modules flag has no business in the child.
  delete env.GITHUB_OUTPUT;
  delete env.NODE_OPTIONS;
  const proc = spawn(process.execPath, [fixture], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  let output = '';
  proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready\n')) resolve();
    });
    proc.once('exit', () => reject(new Error(`fixture exited early:\n${output}`)));
  });
  return { output: () => output };
}

async function exitCode(proc: ChildProcess): Promise<number | null> {
  const [code] = (await once(proc, 'exit')) as [number | null];
  return code;
}

async function proof(): Promise<ProofRecord> {
  const [file, ...rest] = await readdir(dir);
  expect(rest).toEqual([]);
  return JSON.parse(await readFile(join(dir, file ?? ''), 'utf8')) as ProofRecord;
}

describe('runAction under real signals', () => {
  test('SIGTERM: a body that honours the signal ends cancelled, after its cleanups, with exit code 1', async () => {
    const { output } = await start('polite', 5000);
    const started = Date.now();
    child?.kill('SIGTERM');
    expect(await exitCode(child as ChildProcess)).toBe(1);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(output()).toContain('cleanup ran');
    expect(output()).toContain('::error::signal-action: cancelled by SIGTERM');
    expect(await proof()).toMatchObject({ outcome: 'cancelled', error: { code: 'cancelled' } });
  });

  test('a body that ignores the signal is cut off after the grace period, proof written', async () => {
    const { output } = await start('stubborn', 100);
    child?.kill('SIGINT');
    expect(await exitCode(child as ChildProcess)).toBe(1);
    expect(output()).toContain('did not stop within 100ms of being cancelled');
    expect(output()).not.toContain('cleanup ran');
    expect(await proof()).toMatchObject({ outcome: 'cancelled', error: { code: 'cancelled' } });
  });

  test('a second signal ends the run at once', async () => {
    const { output } = await start('stubborn', 20_000);
    child?.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 50));
    child?.kill('SIGTERM');
    expect(await exitCode(child as ChildProcess)).toBe(1);
    expect(output()).toContain('received SIGINT');
    expect(output()).toContain('received SIGTERM while stopping; exiting now');
    expect(output()).not.toContain('did not stop within');
    expect(await proof()).toMatchObject({ outcome: 'cancelled', error: { code: 'cancelled' } });
  });
});
