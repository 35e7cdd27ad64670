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
