import { afterEach, describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { InputError } from '../src/errors.ts';
import { conflictProblem, input, type InputSpec, rawInputs, readInputs } from '../src/inputs.ts';
import { redact, resetSecretsForTests } from '../src/secrets.ts';
import { clearInputs, setInputs } from '@deploy-actions/core/testing';
import { captureStdout } from './helpers.ts';

afterEach(() => {
  clearInputs();
  resetSecretsForTests();
});

/** The problems readInputs throws for `spec` with `given` inputs. */
function problemsOf(spec: Parameters<typeof readInputs>[0], given: Record<string, string>) {
  setInputs(given);
  try {
    readInputs(spec);
  } catch (e) {
    if (e instanceof InputError) return e.problems;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('readInputs', () => {
  const configSchema = z.object({ services: z.array(z.object({ name: z.string(), port: z.number() })) });
  const spec = {
    'fail-on': input.enumOf(['critical', 'any', 'never'] as const, { default: 'critical' }),
    timeout: input.duration({ default: '5m', min: '1s', max: '1h' }),
    'max-unavailable': input.fractionOrCount({ default: '0.33' }),
    'fly-apps': input.list({ required: true }),
    env: input.keyValues(),
    config: input.structured(configSchema),
    retries: input.integer({ min: 0, max: 10, default: '3' }),
    wait: input.boolean({ default: 'true' }),
    name: input.string({ required: true, pattern: /[a-z][a-z0-9-]*/ }),
    token: input.secret({ required: true }),
  };

  test('parses every kind into typed values, with defaults for what is not given', async () => {
    setInputs({
      'fly-apps': 'api\n dashboard , jobs\n\n',
      env: 'NODE_ENV=production\n# comment\n\nURL=https://x/?a=b\n',
      config: 'services:\n  - name: api\n    port: 8080\n',
      name: 'web-1',
      token: 'fo1_abcdefghijkl',
      'fail-on': 'ANY',
    });
    const { result: raw, output } = await captureStdout(() => readInputs(spec));
    expect(output).toContain('::add-mask::fo1_abcdefghijkl');
    expect(raw).toEqual({
      'fail-on': 'any',
      timeout: 300_000,
      'max-unavailable': { kind: 'fraction', value: 0.33 },
      'fly-apps': ['api', 'dashboard', 'jobs'],
      env: { NODE_ENV: 'production', URL: 'https://x/?a=b' },
      config: { services: [{ name: 'api', port: 8080 }] },
      retries: 3,
      wait: true,
      name: 'web-1',
      token: 'fo1_abcdefghijkl',
    });
    // Compile-time contract: present inputs are plain types, optional ones may be undefined.
    const failOn: 'critical' | 'any' | 'never' = raw['fail-on'];
    const timeout: number = raw.timeout;
    const apps: string[] = raw['fly-apps'];
    const env: Record<string, string> | undefined = raw.env;
    // @ts-expect-error env has no default and is not required
    const envDefinite: Record<string, string> = raw.env;
    expect([failOn, timeout, apps, env, envDefinite]).toHaveLength(5);
  });

  test('reports every problem of every input at once, never quoting the secret', async () => {
    setInputs({
      'fail-on': 'sometimes',
      timeout: '2h',
      'max-unavailable': 'abc',
      env: 'GOOD=1\nnot a pair',
      config: 'services: [{name: api, port: "80"}]',
      retries: '11',
      wait: 'maybe',
      name: 'Web_1',
      token: '   ',
    });
    const { result: problems } = await captureStdout(() => problemsOf(spec, {}));
    expect(problems).toEqual([
      { input: 'fail-on', value: 'sometimes', allowed: 'one of "critical", "any", "never"' },
      { input: 'timeout', value: '2h', allowed: 'a duration such as 500ms, 30s, 5m or 1h30m from 1s to 1h' },
      { input: 'max-unavailable', value: 'abc', allowed: 'a fraction 0<x<=1 (0.33 or 33%) or a count >=1' },
      { input: 'fly-apps', allowed: 'items, one per line or comma-separated; this input is required' },
      {
        input: 'env',
        value: 'GOOD=1\nnot a pair',
        allowed: 'NAME=value lines with unique names (letters, digits, _)',
      },
      {
        input: 'config',
        value: 'services: [{name: api, port: "80"}]',
        allowed: expect.stringMatching(/^YAML or JSON of the documented shape \(services\.0\.port: .*number/),
      },
      { input: 'retries', value: '11', allowed: 'an integer from 0 to 10' },
      { input: 'wait', value: 'maybe', allowed: 'true or false (also yes/no, on/off, 1/0)' },
      { input: 'name', value: 'Web_1', allowed: 'text matching /[a-z][a-z0-9-]*/' },
      { input: 'token', allowed: 'any text; this input is required' },
    ]);
  });

  test('the thrown message names each input on its own line', () => {
    setInputs({ retries: 'x', wait: 'nope' });
    expect(() => readInputs({ retries: input.integer(), wait: input.boolean() })).toThrow(
      '2 invalid inputs:\ninput "retries": got "x"; expected an integer\n' +
        'input "wait": got "nope"; expected true or false (also yes/no, on/off, 1/0)',
    );
  });

  test('a secret that fails its pattern is masked, registered for redaction and not quoted', async () => {
    setInputs({ token: 'not-a-fly-token-value' });
    const { result: problems, output } = await captureStdout(() =>
      problemsOf({ token: input.secret({ pattern: /fo1_\w+/ }) }, {}),
    );
    expect(problems).toEqual([{ input: 'token', allowed: 'text matching /fo1_\\w+/' }]);
    expect(JSON.stringify(problems)).not.toContain('not-a-fly-token-value');
    expect(output).toContain('::add-mask::not-a-fly-token-value');
    expect(redact('x not-a-fly-token-value')).toBe('x ***');
  });

  test('reads names with hyphens from INPUT_<NAME> with the hyphens kept', () => {
    process.env['INPUT_MAX-UNAVAILABLE'] = '2';
    expect(readInputs({ 'max-unavailable': input.fractionOrCount() })).toEqual({
      'max-unavailable': { kind: 'count', value: 2 },
    });
  });

  test('optional inputs that are not given are undefined', () => {
    const raw = readInputs({ env: input.keyValues(), retries: input.integer() });
    expect(raw).toEqual({});
    expect(raw.retries).toBeUndefined();
  });

  test('check() reports cross-input problems together with the others, naming both inputs', () => {
    setInputs({ image: 'registry.fly.io/api:1', dockerfile: 'Dockerfile', retries: '-1' });
    const read = () =>
      readInputs(
        { image: input.string(), dockerfile: input.string(), retries: input.integer({ min: 0 }) },
        {
          check: (values, given) =>
            given('image') && given('dockerfile') && values.image !== undefined
              ? [conflictProblem('image', 'dockerfile', 'a prebuilt image is not built again')]
              : [],
        },
      );
    expect(read).toThrow(InputError);
    expect(read).toThrow(
      'input "retries": got "-1"; expected an integer of at least 0\n' +
        'input "image": expected either "image" or "dockerfile", not both (a prebuilt image is not built again)',
    );
  });
});

describe('input kinds', () => {
  const parse = (spec: InputSpec<unknown>, value: string): unknown => {
    setInputs({ x: value });
    return readInputs({ x: spec }).x;
  };

  test.each([
    ['0.5', { kind: 'fraction', value: 0.5 }],
    ['.25', { kind: 'fraction', value: 0.25 }],
    ['1.0', { kind: 'fraction', value: 1 }],
    ['33%', { kind: 'fraction', value: 0.33 }],
    ['100%', { kind: 'fraction', value: 1 }],
    ['1', { kind: 'count', value: 1 }],
    ['3', { kind: 'count', value: 3 }],
  ])('fractionOrCount reads %s', (text, expected) => {
    expect(parse(input.fractionOrCount(), text)).toEqual(expected);
  });

  test.each(['0', '0.0', '1.5', '0%', '150%', '-1', '2.5', 'half'])('fractionOrCount rejects %s', (text) => {
    expect(() => parse(input.fractionOrCount(), text)).toThrow(InputError);
  });

  test.each([
    ['TRUE', true],
    ['yes', true],
    ['On', true],
    ['1', true],
    ['false', false],
    ['NO', false],
    ['off', false],
    ['0', false],
  ])('boolean reads %s', (text, expected) => {
    expect(parse(input.boolean(), text)).toBe(expected);
  });

  test('integer accepts signs and rejects fractions', () => {
    expect(parse(input.integer(), '-4')).toBe(-4);
    expect(() => parse(input.integer(), '4.5')).toThrow(InputError);
    expect(() => parse(input.integer(), '1e3')).toThrow(InputError);
  });

  test('duration enforces its bounds', () => {
    expect(parse(input.duration({ min: '1s' }), '1500ms')).toBe(1500);
    expect(() => parse(input.duration({ min: '1s' }), '999ms')).toThrow(/of at least 1s/);
  });

  test('list items must match the pattern as a whole', () => {
    expect(parse(input.list({ pattern: /[a-z-]+/ }), 'a-b,c')).toEqual(['a-b', 'c']);
    expect(() => parse(input.list({ pattern: /[a-z-]+/ }), 'a-b,C1')).toThrow(InputError);
  });

  test('a required list needs at least one item, not only separators', () => {
    expect(() => parse(input.list({ required: true }), ' ,\n, ')).toThrow(InputError);
    expect(parse(input.list(), ' , ')).toEqual([]);
  });

  test('keyValues rejects duplicate names and keeps = inside values', () => {
    expect(parse(input.keyValues(), 'A=x=y')).toEqual({ A: 'x=y' });
    expect(() => parse(input.keyValues(), 'A=1\nA=2')).toThrow(InputError);
  });

  test('structured reads JSON as well as YAML and reports unparseable text', () => {
    const schema = z.object({ n: z.number() });
    expect(parse(input.structured(schema), '{"n": 1}')).toEqual({ n: 1 });
    expect(() => parse(input.structured(schema), '{n: [')).toThrow(/not YAML\/JSON/);
  });

  test('a secret structured input is masked and neither it nor the details of its problems are quoted', async () => {
    const schema = z.record(z.string(), z.string());
    setInputs({ x: '{"DB_URL": 5, "API_KEY": "k-secret-123"}' });
    const { result: problems, output } = await captureStdout(() =>
      problemsOf({ x: input.structured(schema, { secret: true }) }, {}),
    );
    expect(problems).toEqual([{ input: 'x', allowed: 'YAML or JSON of the documented shape' }]);
    expect(output).toContain('::add-mask::{"DB_URL": 5, "API_KEY": "k-secret-123"}');
    expect(rawInputs({ x: input.structured(schema, { secret: true }) })).toEqual({
      values: {},
      secretInputs: ['x'],
    });
  });

  test('url accepts http(s) URLs only', () => {
    expect(parse(input.url(), 'http://127.0.0.1:4280/v1')).toBe('http://127.0.0.1:4280/v1');
    expect(() => parse(input.url(), 'ftp://x')).toThrow('expected an http(s) URL');
    expect(() => parse(input.url(), 'api.machines.dev')).toThrow(InputError);
  });

  test('an invalid default is reported like a given value', () => {
    expect(() => parse(input.integer({ default: 'three' }), '')).toThrow('got "three"; expected an integer');
  });
});

describe('rawInputs', () => {
  test('returns given or defaulted texts without secret values, and names the secret inputs', () => {
    setInputs({ app: 'api', token: 'fo1_secretvalue' });
    const spec = {
      app: input.string(),
      wait: input.boolean({ default: 'true' }),
      token: input.secret(),
      env: input.keyValues(),
    };
    expect(rawInputs(spec)).toEqual({ values: { app: 'api', wait: 'true' }, secretInputs: ['token'] });
  });
});
