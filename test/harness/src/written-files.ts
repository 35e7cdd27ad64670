import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every file under the given folders (missing folders are skipped), by absolute path, read as UTF-8; files under a
 * folder in `options.skip` are left out.
 */
export async function readTree(
  dirs: readonly string[],
  options: { skip?: readonly string[] } = {},
): Promise<Record<string, string>> {
  const skip = (options.skip ?? []).map((dir) => path.resolve(dir) + path.sep);
  const files: Record<string, string> = {};
  for (const dir of dirs) {
    let entries;
    try {
      entries = await readdir(dir, { recursive: true, withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      if (skip.some((prefix) => file.startsWith(prefix))) continue;
      files[file] = await readFile(file, 'utf8');
    }
  }
  return files;
}
