import { describe, expect, test } from '@jest/globals';
import { formatJsonPath, parseJsonPath, readJsonPath } from '../src/json-path.ts';

describe('JSON paths', () => {
  test('dotted keys, quoted keys and indexes parse into steps and format back', () => {
    const path = parseJsonPath(`$.checks[0]['app.version']["a\\"b"]`);
    expect(path).toEqual(['checks', 0, 'app.version', 'a"b']);
    expect(formatJsonPath(['checks', 0, 'app.version'])).toBe(`$.checks[0]['app.version']`);
  });

  test('a path without $, or with a filter expression, is a problem in words', () => {
    expect(parseJsonPath('status')).toEqual({ problem: 'a JSON path starts with $ (e.g. $.status)' });
    expect(parseJsonPath('$.a[?(@.x)]')).toEqual({
      problem: expect.stringContaining('cannot read "[?(@.x)]"'),
    });
  });

  test('reading walks own keys and array indexes only', () => {
    const doc = { a: [{ b: 1 }], n: null };
    expect(readJsonPath(doc, ['a', 0, 'b'])).toEqual({ value: 1 });
    expect(readJsonPath(doc, ['n'])).toEqual({ value: null });
    expect(readJsonPath(doc, ['a', 1])).toEqual({ missing: true });
    expect(readJsonPath(doc, ['a', 'length'])).toEqual({ missing: true });
    expect(readJsonPath(doc, ['constructor'])).toEqual({ missing: true });
    expect(readJsonPath([1], [0, 'x'])).toEqual({ missing: true });
  });
});
