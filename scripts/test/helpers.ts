import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A throwaway repository tree in the temp folder. */
export interface TempTree {
  root: string;
  write(file: string, content: string): Promise<void>;
  remove(): Promise<void>;
}

/** Creates an empty tree; `write` creates parent folders. */
export async function tempTree(): Promise<TempTree> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'deploy-actions-scripts-'));
  return {
    root,
    async write(file, content) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), content);
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
