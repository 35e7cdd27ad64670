import { describe, expect, test } from '@jest/globals';
import { DeployActionError } from '../src/errors.ts';
import { formatDuration, parseDuration } from '../src/durations.ts';

describe('parseDuration', () => {
  test.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['1.5s', 1500],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1h1m1s1ms', 3_661_001],
    [' 2m ', 120_000],
    ['0s', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['', '30', 'm', '5 m', '5min', '-1s', '1d', 'abc', '1h 30m'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(DeployActionError);
    expect(() => parseDuration(text)).toThrow(/a duration such as 500ms, 30s, 5m or 1h30m/);
  });
});

describe('formatDuration', () => {
  test.each([
    [0, '0ms'],
    [500, '500ms'],
    [1500, '1.5s'],
    [12_000, '12s'],
    [59_999, '59.999s'],
    [300_000, '5m'],
    [125_000, '2m5s'],
    [5_400_000, '1h30m'],
    [3_600_000, '1h'],
    [-5, '0ms'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  test('round-trips through parseDuration', () => {
    for (const ms of [1, 999, 1000, 61_000, 3_725_000]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
