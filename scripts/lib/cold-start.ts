import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A run that takes longer than this is stopped and reported as such, never waited for. */
export const COLD_START_DEADLINE_MS = 30_000;

/** How long one action took from spawn to exit with no inputs, next to an empty Node process. */
export interface ColdStart {
  /** `node -e 0` on the same machine, just before. */
  baselineMs: number;
  /** Per action: wall time of `node dist/<name>/index.js`, or `undefined` when it hit the deadline. */
  actions: { name: string; ms: number | undefined }[];
}

/** Wall time of one `node <args>`; `undefined` when it ran past the deadline and was killed. */
function timeRun(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd,
      env,
      stdio: 'ignore',
      timeout: COLD_START_DEADLINE_MS,
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve(signal === null ? performance.now() - started : undefined));
  });
}

/**
 * Runs each action's committed entry once with empty inputs (it fails on its required inputs, after loading
 * everything it needs to get there) and `node -e 0` once, in a throwaway folder with a throwaway RUNNER_TEMP.
 * One run each: figures to read, not to compare across machines or assert on.
 */
export async function measureColdStarts(root: string, actions: readonly string[]): Promise<ColdStart> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'deploy-actions-cold-start-'));
  try {
    const env = { PATH: process.env.PATH, RUNNER_TEMP: dir };
    const baselineMs = (await timeRun(['-e', '0'], dir, env)) ?? COLD_START_DEADLINE_MS;
    const measured: ColdStart['actions'] = [];
    for (const name of actions) {
      const entry = path.join(root, 'dist', name, 'index.js');
      measured.push({ name, ms: await timeRun([entry], dir, env) });
    }
    return { baselineMs, actions: measured };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
