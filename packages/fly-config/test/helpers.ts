import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFlyToml } from '../src/index.ts';
import type { LoadedFlyConfig } from '../src/index.ts';

/** Folder of the fly.toml fixtures written for these tests. */
export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Loads a fixture by file name, reported as `fly.toml`. */
export function loadFixture(name: string): Promise<LoadedFlyConfig> {
  return loadFlyToml(path.join(fixturesDir, name), 'fly.toml');
}
