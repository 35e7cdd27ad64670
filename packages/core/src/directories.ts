import { lstat, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { errorMessage } from './errors.ts';

/**
 * Creates `dir` and its missing parents one by one; returns why it cannot, or `undefined`. Not `mkdir(dir,
 * { recursive: true })`: Node's recursive mkdir loops forever where a parent exists but refuses children with ENOENT
 * (`/proc/x`).
 */
export async function makeDirectory(dir: string): Promise<string | undefined> {
  const missing: string[] = [];
  for (let current = resolve(dir); ; current = dirname(current)) {
    try {
      const stats = await lstat(current);
      if (!stats.isDirectory()) return `${current} exists and is not a folder`;
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return `${current}: ${errorMessage(e)}`;
      if (dirname(current) === current) return `${current} does not exist`;
      missing.unshift(current);
    }
  }
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      return `cannot create ${folder} (${code ?? errorMessage(e)})`;
    }
  }
  return undefined;
}
