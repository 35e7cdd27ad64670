import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { MANIFEST_FILE, MANIFEST_SCHEMA_ID, STATEMENT_FILE, type Manifest } from '../src/manifest.ts';
import { buildStatement } from '../src/statement.ts';
import { verifyBundle } from '../src/verify.ts';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A bundle folder with `files` listed in a valid manifest, plus `extra` files it does not list. */
async function bundle(
  files: Record<string, string>,
  options: { extra?: Record<string, string>; statementFor?: string } = {},
): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bundle-'));
  made.push(dir);
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA_ID,
    createdAt: '2026-11-27T04:00:00.000Z',
    name: 'deploy-proof-1-1-deploy',
    run: {
      repository: 'o/r',
      sha: 'abc',
      ref: 'refs/heads/main',
      workflow: 'deploy',
      job: 'deploy',
      runId: '1',
      runAttempt: '1',
      actor: 'octocat',
      event: 'push',
      runUrl: 'https://github.com/o/r/actions/runs/1/attempts/1',
    },
    outcome: 'success',
    verdicts: [],
    files: Object.entries(files).map(([name, content]) => ({
      path: name,
      sha256: sha(content),
      size: Buffer.byteLength(content),
      source: 'paths' as const,
      redactions: {},
    })),
    omitted: [],
    redactions: { total: 0, byKind: {} },
  };
  const manifestText = JSON.stringify(manifest);
  await writeFile(path.join(dir, MANIFEST_FILE), manifestText);
  for (const [name, content] of Object.entries({ ...files, ...options.extra })) {
    await writeFile(path.join(dir, name), content);
  }
  const statement = buildStatement(
    [{ name: MANIFEST_FILE, digest: { sha256: options.statementFor ?? sha(manifestText) } }],
    {
      outcome: 'success',
      run: { repository: 'o/r', runId: '1', runAttempt: '1', runUrl: manifest.run.runUrl },
      verdicts: [],
      bundle: { name: manifest.name, manifest: MANIFEST_FILE },
    },
  );
  await writeFile(path.join(dir, STATEMENT_FILE), JSON.stringify(statement));
  return dir;
}

describe('verifyBundle', () => {
  test('a bundle that matches its manifest, with markers but no credential, holds', async () => {
    const dir = await bundle({ 'log.txt': 'token [REDACTED:fly-token] used\n', 'b.txt': 'plain\n' });
    expect(await verifyBundle(dir)).toEqual({ checked: 2, problems: [] });
  });

  test('reports a missing file, an edited one, an unlisted one and a credential, each once', async () => {
    const dir = await bundle(
      { 'log.txt': 'ok\n', 'gone.txt': 'x\n' },
      { extra: { 'new.txt': 'AKIAQ7X2M4N6P8R3T5V9\n' } },
    );
    await writeFile(path.join(dir, 'log.txt'), 'edited\n');
    await rm(path.join(dir, 'gone.txt'));
    const { problems } = await verifyBundle(dir);
    expect(problems.map((p) => `${p.kind} ${p.file}`).sort()).toEqual([
      'leak new.txt',
      'mismatch log.txt',
      'missing gone.txt',
      'unlisted new.txt',
    ]);
    expect(JSON.stringify(problems)).not.toContain('AKIAQ7X2M4N6P8R3T5V9');
  });

  test('a statement that does not name this manifest is reported', async () => {
    const dir = await bundle({ 'a.txt': 'a\n' }, { statementFor: 'f'.repeat(64) });
    const { problems } = await verifyBundle(dir);
    expect(problems).toEqual([expect.objectContaining({ kind: 'statement', file: STATEMENT_FILE })]);
  });

  test('a folder without a manifest, or with one that is not ours, is not a bundle', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'bundle-'));
    made.push(empty);
    expect((await verifyBundle(empty)).problems).toEqual([
      { kind: 'manifest', file: MANIFEST_FILE, detail: 'not in the bundle' },
    ]);
    await writeFile(path.join(empty, MANIFEST_FILE), '{"schema":"something-else"}');
    expect((await verifyBundle(empty)).problems[0]?.detail).toMatch(/^not a v1 proof manifest \(schema: /);
  });
});
