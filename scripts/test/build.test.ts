import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { access, copyFile, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { buildActions, findDistDrift } from '../lib/build.ts';
import { repoRoot, runCommand } from '../lib/repo.ts';
import { tempTree } from './helpers.ts';
import type { TempTree } from './helpers.ts';

let tree: TempTree;

async function git(...args: string[]): Promise<void> {
  const result = await runCommand(
    'git',
    ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args],
    tree.root,
  );
  expect(result.code).toBe(0);
}

beforeAll(async () => {
  tree = await tempTree();
  await symlink(path.join(repoRoot, 'node_modules'), path.join(tree.root, 'node_modules'), 'dir');
  await copyFile(path.join(repoRoot, 'tsconfig.base.json'), path.join(tree.root, 'tsconfig.base.json'));
  await tree.write('.gitignore', 'node_modules\n');
  await tree.write('package.json', '{ "type": "module" }\n');
  await tree.write(
    'actions/hello/tsconfig.json',
    '{ "extends": "../../tsconfig.base.json", "include": ["src"] }\n',
  );
  await tree.write(
    'actions/hello/src/index.ts',
    "import { greet } from './greet.ts';\nconsole.log(greet('bundle'));\n",
  );
  await tree.write(
    'actions/hello/src/greet.ts',
    'export const greet = (name: string): string => `hello from ${name}`;\n',
  );
  await tree.write('actions/notes/README.md', 'not an action: no src/index.ts\n');
  await tree.write('dist/removed/index.js', '// the bundle of an action that no longer exists\n');
  await tree.write('dist/hello/old-chunk.js', '// a file an earlier build emitted\n');
});

afterAll(async () => {
  await tree.remove();
});

describe('build and dist drift', () => {
  test('bundles each action, removes stale bundles, then detects drift against git', async () => {
    const reported: string[] = [];
    const built = await buildActions(tree.root, [], ({ name }) => reported.push(name));
    expect(built.map(({ name }) => name)).toEqual(['hello']);
    expect(reported).toEqual(['hello']);
    expect(built[0]?.bytes).toBeGreaterThan(0);
    expect(await readFile(path.join(tree.root, 'dist/hello/index.js'), 'utf8')).toContain('hello from ');
    await expect(access(path.join(tree.root, 'dist/removed'))).rejects.toThrow(/ENOENT/);
    await expect(access(path.join(tree.root, 'dist/hello/old-chunk.js'))).rejects.toThrow(/ENOENT/);

    await git('init', '-q');
    await git('add', '.');
    await git('commit', '-q', '-m', 'initial');
    await tree.write(
      'actions/hello/src/greet.ts',
      'export const greet = (name: string): string => `hi, ${name}`;\n',
    );
    await expect(findDistDrift(tree.root)).resolves.toEqual([' M dist/hello/index.js']);
  }, 30_000);

  test('refuses to build an action that does not exist', async () => {
    await expect(buildActions(tree.root, ['nope'])).rejects.toThrow(
      'no actions/<name>/src/index.ts for: nope',
    );
  });
});
