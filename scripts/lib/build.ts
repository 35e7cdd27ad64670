import { access, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from './repo.ts';

/** One action bundled by ncc. */
export interface BuiltAction {
  name: string;
  bytes: number;
  ms: number;
}

/** Actions with an entry point `actions/<name>/src/index.ts`, sorted. */
export async function listBuildableActions(root: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(path.join(root, 'actions'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const buildable: string[] = [];
  for (const name of names.sort()) {
    if (await exists(path.join(root, 'actions', name, 'src', 'index.ts'))) buildable.push(name);
  }
  return buildable;
}

/**
 * Bundles each action with ncc into `dist/<name>/`, one after the other (two cores; ncc is memory-hungry), and
 * removes `dist/<name>` folders whose action is gone. `only` limits the build to those actions.
 */
export async function buildActions(
  root: string,
  only: readonly string[] = [],
  report: (built: BuiltAction) => void = () => {},
): Promise<BuiltAction[]> {
  const actions = await listBuildableActions(root);
  const unknown = only.filter((name) => !actions.includes(name));
  if (unknown.length > 0) throw new Error(`no actions/<name>/src/index.ts for: ${unknown.join(', ')}`);
  await removeStaleBundles(root, actions);
  const ncc = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'ncc.cmd' : 'ncc');
  const built: BuiltAction[] = [];
  for (const name of only.length > 0 ? only : actions) {
    const started = performance.now();
    const out = path.join('dist', name);
    // ncc leaves files it no longer emits; start empty so dist/ holds exactly this build.
    await rm(path.join(root, out), { recursive: true, force: true });
    const args = [
      'build',
      `actions/${name}/src/index.ts`,
      '-o',
      out,
      '--no-cache',
      '--license',
      'licenses.txt',
      '-q',
    ];
    const result = await runCommand(ncc, args, root);
    if (result.code !== 0) {
      throw new Error(`ncc failed for ${name} (exit ${result.code}):\n${result.stderr}${result.stdout}`);
    }
    const entry = {
      name,
      bytes: (await stat(path.join(root, out, 'index.js'))).size,
      ms: performance.now() - started,
    };
    report(entry);
    built.push(entry);
  }
  return built;
}

/**
 * Rebuilds every bundle and returns `git status --porcelain` lines for `dist/` (changed, deleted or untracked
 * files): empty when the committed bundles match the sources.
 */
export async function findDistDrift(root: string, report?: (built: BuiltAction) => void): Promise<string[]> {
  await buildActions(root, [], report);
  const status = await runCommand(
    'git',
    ['status', '--porcelain', '--untracked-files=all', '--', 'dist'],
    root,
  );
  if (status.code !== 0) throw new Error(`git status failed: ${status.stderr}`);
  return status.stdout.split('\n').filter((line) => line.trim() !== '');
}

async function removeStaleBundles(root: string, actions: readonly string[]): Promise<void> {
  let bundles: string[];
  try {
    bundles = await readdir(path.join(root, 'dist'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const name of bundles) {
    if (!actions.includes(name)) await rm(path.join(root, 'dist', name), { recursive: true, force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** `123.4 KiB` */
export function formatSize(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
