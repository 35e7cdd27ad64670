import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { readCommonInputs } from '../src/common-inputs.ts';
import { makeDirectory } from '../src/directories.ts';
import { formatInputProblem, InputError } from '../src/errors.ts';
import { input, readInputs } from '../src/inputs.ts';
import { registerSecret, resetSecretsForTests } from '../src/secrets.ts';
import { clearInputs, setInputs } from '../src/testing.ts';
import { captureStdout, tempDir } from './helpers.ts';

let dir: string;
let remove: () => Promise<void>;

beforeEach(async () => {
  ({ dir, remove } = await tempDir());
});

afterEach(async () => {
  clearInputs();
  resetSecretsForTests();
  await remove();
});

/** Reads the common inputs, then the action's own, and returns every problem reported at once. */
async function allProblems(given: Record<string, string>): Promise<string[]> {
  setInputs(given);
  await readCommonInputs('2m');
  try {
    readInputs({ 'fail-on': input.enumOf(['critical', 'never'] as const, { default: 'critical' }) });
  } catch (e) {
    if (e instanceof InputError) return e.problems.map(formatInputProblem);
    throw e;
  }
  return [];
}

describe('timeout and proof-dir, read by the run wrapper', () => {
  test('a bad timeout and a bad proof-dir are listed with the action’s own problems', async () => {
    const problems = await allProblems({ timeout: '30', 'proof-dir': '/proc/x', 'fail-on': 'maybe' });
    expect(problems).toEqual([
      expect.stringMatching(/^input "fail-on"/),
      expect.stringMatching(/^input "timeout": got "30"; expected a duration .* from 1s to 6h/),
      expect.stringMatching(
        /^input "proof-dir": got "\/proc\/x"; expected a folder this step can write \(cannot create \/proc\/x/,
      ),
    ]);
  });

  test.each(['0s', '7h', '-1s', 'soon'])('timeout %s is refused', async (timeout) => {
    expect(await allProblems({ timeout })).toEqual([expect.stringMatching(/^input "timeout"/)]);
  });

  test('the default timeout applies when none is given; a given one wins', async () => {
    setInputs({ 'proof-dir': dir });
    expect((await readCommonInputs('2m')).timeoutMs).toBe(120_000);
    setInputs({ timeout: '45s', 'proof-dir': dir });
    expect((await readCommonInputs('2m')).timeoutMs).toBe(45_000);
  });

  test('proof-dir is created, parents included, before the body runs', async () => {
    const nested = join(dir, 'a', 'b', 'c');
    setInputs({ 'proof-dir': nested });
    const common = await readCommonInputs('2m');
    expect(common.problems).toEqual([]);
    expect((await stat(nested)).isDirectory()).toBe(true);
  });
});

describe('makeDirectory', () => {
  test('says why where Node’s recursive mkdir would loop or fail', async () => {
    expect(await makeDirectory('/proc/x/y')).toMatch(/cannot create \/proc\/x/);
    await writeFile(join(dir, 'file'), 'x');
    expect(await makeDirectory(join(dir, 'file', 'sub'))).toMatch(/not a folder|ENOTDIR/);
    expect(await makeDirectory(dir)).toBeUndefined();
  });
});

describe('hostile input values', () => {
  test('an api-url with credentials is refused and its password masked before the problem quotes it', async () => {
    setInputs({ 'api-url': 'https://deployer:Url5ecret@api.machines.dev' });
    const { result } = await captureStdout(() => {
      try {
        readInputs({ 'api-url': input.url() });
        return undefined;
      } catch (e) {
        return e;
      }
    });
    expect(result).toBeInstanceOf(InputError);
    expect((result as InputError).message).toMatch(/input "api-url": .*without user:password@/);
    expect((result as InputError).message).not.toContain('Url5ecret');
  });

  test('a long value is quoted in part, with its length', () => {
    setInputs({ apps: 'W'.repeat(81_000) });
    const error = (() => {
      try {
        readInputs({ apps: input.list({ pattern: /[a-z]+/ }) });
      } catch (e) {
        return e as InputError;
      }
      throw new Error('expected an InputError');
    })();
    expect(error.message).toContain('(81000 characters)');
    expect(error.message.length).toBeLessThan(600);
  });

  test('a secret structured input registers both values of a duplicate key, and no brace', async () => {
    setInputs({ json: '{\n  "A": "first-value-1",\n  "A": "second-value-2"\n}' });
    const { output } = await captureStdout(() => {
      try {
        readInputs({ json: input.structured(z.record(z.string(), z.string()), { secret: true }) });
      } catch {
        // rejected for the duplicate key: the point is what was masked meanwhile
      }
    });
    expect(output).toContain('::add-mask::first-value-1');
    expect(output).toContain('::add-mask::second-value-2');
    expect(output).not.toMatch(/^::add-mask::[{}]$/m);
  });

  test('keyValues keeps __proto__ and constructor as ordinary names', () => {
    setInputs({ env: '__proto__=a\nconstructor=b\ntoString=c' });
    const values = readInputs({ env: input.keyValues() }).env;
    expect(Object.keys(values ?? {})).toEqual(['__proto__', 'constructor', 'toString']);
    expect(values?.__proto__).toBe('a');
  });

  test('a problem never quotes a registered secret, even one cut in half by the length cap', async () => {
    const secret = `S3cret-${'z'.repeat(150)}`;
    await captureStdout(() => registerSecret(secret));
    setInputs({ mode: `${'m'.repeat(100)}${secret}` });
    const error = (() => {
      try {
        readInputs({ mode: input.enumOf(['a', 'b'] as const) });
      } catch (e) {
        return e as InputError;
      }
      throw new Error('expected an InputError');
    })();
    expect(error.message).not.toContain('S3cret');
  });
});
