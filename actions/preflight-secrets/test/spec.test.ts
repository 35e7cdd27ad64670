import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { secretsInputSchema, secretsJsonSchema } from '../src/spec.ts';

function read(text: string) {
  return secretsInputSchema.safeParse(parse(text));
}

describe('the secrets input', () => {
  test('names one per line are all critical', () => {
    expect(read('FLY_API_TOKEN\nDATABASE_URL\n')).toEqual({
      success: true,
      data: [
        { name: 'FLY_API_TOKEN', level: 'critical' },
        { name: 'DATABASE_URL', level: 'critical' },
      ],
    });
  });

  test('a YAML list of names works too', () => {
    expect(read('- A\n- B').data?.map((s) => s.name)).toEqual(['A', 'B']);
  });

  test('a mapping gives level, format, min-length and hint', () => {
    const result = read(
      [
        'FLY_API_TOKEN: { level: critical, format: fly-token }',
        'DATABASE_URL:',
        'SLACK_WEBHOOK: important',
        'OPENAI_API_KEY: { level: important, format: "regex:sk-[A-Za-z0-9-]+", min-length: 20, hint: Ask the AI team }',
      ].join('\n'),
    );
    expect(result.success).toBe(true);
    expect(result.data).toEqual([
      { name: 'FLY_API_TOKEN', level: 'critical', format: { kind: 'fly-token' } },
      { name: 'DATABASE_URL', level: 'critical' },
      { name: 'SLACK_WEBHOOK', level: 'important' },
      {
        name: 'OPENAI_API_KEY',
        level: 'important',
        format: expect.objectContaining({ kind: 'regex', source: 'sk-[A-Za-z0-9-]+' }),
        minLength: 20,
        hint: 'Ask the AI team',
      },
    ]);
  });

  test('every problem is reported with its path', () => {
    const result = read(
      ['A: { level: fatal }', 'B: { format: uuid }', 'C: { colour: red }', '9LIVES: critical'].join('\n'),
    );
    expect(result.success).toBe(false);
    const problems = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^A\.level: .*critical.*important/),
        expect.stringMatching(/^B\.format: format "uuid": expected one of fly-token/),
        expect.stringMatching(/^C: .*colour/),
        expect.stringMatching(/^9LIVES: a secret name is letters/),
      ]),
    );
  });

  test('nothing named is a problem', () => {
    expect(read('{}').success).toBe(false);
    expect(read('42').success).toBe(false);
  });
});

describe('user keys', () => {
  test('names that are Object.prototype members are names like any other', () => {
    const result = secretsInputSchema.safeParse(parse('__proto__:\ntoString: important\nconstructor:'));
    expect(result.success && result.data.map((s) => [s.name, s.level])).toEqual([
      ['__proto__', 'critical'],
      ['toString', 'important'],
      ['constructor', 'critical'],
    ]);
  });

  test('a YAML list may hold NAME: entries, and a name given twice is a problem', () => {
    const listed = secretsInputSchema.safeParse(parse('- A: important\n- B'));
    expect(listed.success && listed.data.map((s) => [s.name, s.level])).toEqual([
      ['A', 'important'],
      ['B', 'critical'],
    ]);
    const twice = secretsInputSchema.safeParse(parse('- A\n- A'));
    expect(twice.error?.issues.map((i) => i.message)).toEqual(['A is listed twice']);
  });

  test('secrets-json keeps every key, __proto__ included, in a Map', () => {
    const result = secretsJsonSchema.safeParse(parse('{"__proto__": "p-value", "constructor": "c-value"}'));
    expect(result.success && [...result.data]).toEqual([
      ['__proto__', 'p-value'],
      ['constructor', 'c-value'],
    ]);
  });
});
