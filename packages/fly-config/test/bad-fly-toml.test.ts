import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { FlyTomlError, loadFlyToml, MAX_FLY_TOML_BYTES, parseFlyToml } from '../src/index.ts';
import type { FlyTomlProblem } from '../src/index.ts';
import { fixturesDir } from './helpers.ts';

async function problemsOf(name: string): Promise<FlyTomlProblem[]> {
  const error = await loadFlyToml(path.join(fixturesDir, 'bad', name), 'fly.toml').then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof FlyTomlError)) throw new Error(`${name} was accepted`);
  expect(error.code).toBe('invalid-fly-toml');
  // Every problem is in the message, each on its own line as file:line: key: message.
  for (const p of error.problems) expect(error.message).toContain(`fly.toml:${p.line}`);
  return error.problems;
}

function problemsOfText(text: string): FlyTomlProblem[] {
  try {
    parseFlyToml(text, { file: 'fly.toml' });
  } catch (e) {
    if (e instanceof FlyTomlError) return e.problems;
    throw e;
  }
  throw new Error('accepted');
}

describe('bad fly.toml files fail naming key and line', () => {
  it('a TOML syntax error: the line, column and key of the unterminated string', async () => {
    expect(await problemsOf('syntax-error.toml')).toEqual([
      { key: 'env.PORT', line: 4, column: 15, message: expect.stringMatching(/string|character/) },
    ]);
  });

  it('unknown keys, top level and in a section', async () => {
    expect(await problemsOf('unknown-key.toml')).toEqual([
      { key: 'primary_regoin', line: 2, message: expect.stringContaining('not a fly.toml key') },
      { key: 'http_service.force_http', line: 6, message: expect.stringContaining('not a fly.toml key') },
    ]);
  });

  it('wrong types name the value and what is allowed', async () => {
    expect(await problemsOf('wrong-type.toml')).toEqual([
      { key: 'http_service.internal_port', line: 4, message: 'expected a whole number; got "8080"' },
      {
        key: 'http_service.auto_stop_machines',
        line: 5,
        message: 'expected true, false, "off", "stop" or "suspend"; got "sometimes"',
      },
      {
        key: 'vm[0].memory',
        line: 8,
        message: expect.stringMatching(/^expected a memory size.*; got true$/),
      },
    ]);
  });

  it('HTTP checks without a path', async () => {
    expect(await problemsOf('check-without-path.toml')).toEqual([
      {
        key: 'http_service.checks[0].path',
        line: 6,
        message: 'an HTTP check needs a path, e.g. path = "/health"',
      },
      { key: 'checks.status.path', line: 10, message: 'an HTTP check needs a path, e.g. path = "/health"' },
    ]);
  });

  it('a process group used by a service but not defined', async () => {
    expect(await problemsOf('undefined-process-group.toml')).toEqual([
      {
        key: 'services[0].processes[0]',
        line: 13,
        message: 'process group "wrker" is not defined; the app\'s groups are "web", "worker"',
      },
    ]);
  });

  it('reports every problem of every section at once', async () => {
    const problems = await problemsOf('many-problems.toml');
    expect(problems.map((p) => [p.line, p.key])).toEqual([
      [2, 'experimental'],
      [9, 'http_service.processes[1]'],
      [10, 'http_service.checks[0].path'],
      [15, 'checks.db.interval'],
      [18, 'vm[0].size'],
      [26, 'deploy.strategy'],
    ]);
    expect(problems[0]?.message).toContain('not supported by fly-deploy yet');
  });

  it('a file that cannot be read, or is too large, fails with the same error', async () => {
    await expect(loadFlyToml(path.join(fixturesDir, 'missing.toml'), 'fly.toml')).rejects.toThrow(
      /^fly\.toml has a problem:\nfly\.toml: could not be read/,
    );
    const folder = await mkdtemp(path.join(tmpdir(), 'fly-config-'));
    const large = path.join(folder, 'fly.toml');
    await writeFile(large, `app = "x"\n# ${'x'.repeat(MAX_FLY_TOML_BYTES)}\n`);
    await expect(loadFlyToml(large, 'fly.toml')).rejects.toThrow(
      /could not be read: it is \d+ bytes; a fly\.toml is at most/,
    );
    await rm(folder, { recursive: true });
  });

  it('bounds [deploy] durations as the inputs they stand for are bounded', () => {
    expect(problemsOfText('[deploy]\nwait_timeout = "0s"\nrelease_command_timeout = "3h"\n')).toEqual([
      { key: 'deploy.wait_timeout', line: 2, message: 'expected from 1s to 1h' },
      { key: 'deploy.release_command_timeout', line: 3, message: 'expected from 1s to 2h' },
    ]);
  });

  it('refuses __proto__ keys and TOML 1.1 syntax that flyctl cannot read', () => {
    expect(problemsOfText('[env]\n__proto__ = "x"\n')).toEqual([
      { key: 'env.__proto__', line: 2, message: 'the key __proto__ is not allowed' },
    ]);
    expect(problemsOfText('app = "x"\nenv = {\n  A = "1",\n}\n')).toEqual([
      expect.objectContaining({
        line: 3,
        message: expect.stringContaining('TOML 1.1 syntax; flyctl reads TOML 1.0'),
      }),
    ]);
  });
});
