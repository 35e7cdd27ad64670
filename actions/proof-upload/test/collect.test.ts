import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { collectFiles } from '../src/collect.ts';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tree(files: string[]): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'collect-'));
  made.push(root);
  for (const file of files) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), file);
  }
  return root;
}

describe('collectFiles', () => {
  test('records at the top of proof-dir, its other files, and globs rooted at the workspace, each once', async () => {
    const root = await tree([
      'proof/fly-deploy-1.json',
      'proof/logs/deploy.log',
      'ws/build/app.log',
      'ws/build/skip.tmp',
      'ws/fly.toml',
      'outside/extra.log',
    ]);
    const proofDir = path.join(root, 'proof');
    const workspace = path.join(root, 'ws');
    const collected = await collectFiles(
      proofDir,
      ['build/*', 'fly.toml', '!build/*.tmp', path.join(root, 'outside', '*.log'), `${proofDir}/**`],
      workspace,
      path.join(root, 'work'),
    );
    expect(collected.proofDirFound).toBe(true);
    expect(collected.files.map((f) => [f.bundlePath, f.source])).toEqual([
      ['proof/fly-deploy-1.json', 'record'],
      ['proof/logs/deploy.log', 'proof-dir'],
      ['files/outside-workspace/extra.log', 'paths'],
      ['files/build/app.log', 'paths'],
      ['files/fly.toml', 'paths'],
    ]);
  });

  test('two files with one name outside the workspace get distinct bundle paths', async () => {
    const root = await tree(['a/same.log', 'b/same.log', 'ws/.keep']);
    const collected = await collectFiles(
      path.join(root, 'missing'),
      [path.join(root, 'a', 'same.log'), path.join(root, 'b', 'same.log')],
      path.join(root, 'ws'),
      path.join(root, 'work'),
    );
    expect(collected.proofDirFound).toBe(false);
    expect(collected.files.map((f) => f.bundlePath)).toEqual([
      'files/outside-workspace/same.log',
      'files/outside-workspace/same-2.log',
    ]);
  });
});
