import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Root folders holding an `action.yml`, sorted; `test/`, `node_modules` and dotfolders are skipped. */
export async function listActionFolders(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const folders: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || ['test', 'node_modules'].includes(entry.name))
      continue;
    const names = await readdir(path.join(root, entry.name));
    if (names.includes('action.yml')) folders.push(entry.name);
  }
  return folders.sort();
}

/** Where the internal actions live: steps of the reusable workflows, built like the others but not published. */
export const INTERNAL_ACTIONS_DIR = '.github/actions';

/** `.github/actions/<name>` folders holding an `action.yml`, sorted (none when the folder is absent). */
export async function listInternalActionFolders(root: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(root, INTERNAL_ACTIONS_DIR), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const folders: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const names = await readdir(path.join(root, INTERNAL_ACTIONS_DIR, entry.name));
    if (names.includes('action.yml')) folders.push(`${INTERNAL_ACTIONS_DIR}/${entry.name}`);
  }
  return folders.sort();
}
