import { describe, expect, test } from '@jest/globals';
import { SecretMatcher } from '../src/secret-matcher.ts';

/** The obvious quadratic answer: mark every covered code unit, then replace each run of marked units. */
function reference(text: string, patterns: readonly string[]): string {
  const covered = new Array<boolean>(text.length).fill(false);
  for (const pattern of patterns) {
    if (pattern === '') continue;
    for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) {
      for (let i = at; i < at + pattern.length; i++) covered[i] = true;
    }
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    // Touching stretches are one replacement, as in the matcher (which merges adjacent matches).
    if (!covered[i]) out += text[i];
    else if (i === 0 || !covered[i - 1]) out += '#';
  }
  return out;
}

/**
 * The quadratic answer for a log stream: line breaks are skipped when looking for patterns (a match covers the
 * breaks inside it), overlapping matches are one replacement, touching ones stay apart. Also returns the count.
 */
function logReference(text: string, patterns: readonly string[]): { out: string; replaced: number } {
  const at: number[] = [];
  let units = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n' || text[i] === '\r') continue;
    at.push(i);
    units += text[i];
  }
  const stretches: [number, number][] = [];
  for (const pattern of patterns) {
    for (let k = units.indexOf(pattern); k !== -1; k = units.indexOf(pattern, k + 1)) {
      stretches.push([at[k] ?? 0, (at[k + pattern.length - 1] ?? 0) + 1]);
    }
  }
  stretches.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of stretches) {
    const last = merged.at(-1);
    if (last !== undefined && start < last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  let out = '';
  let from = 0;
  for (const [start, end] of merged) {
    out += `${text.slice(from, start)}#`;
    from = end;
  }
  return { out: out + text.slice(from), replaced: merged.length };
}

/** A small deterministic PRNG so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('SecretMatcher', () => {
  test('replaces overlapping and nested matches as one stretch, in code units', () => {
    const matcher = new SecretMatcher(['abcd', 'bc', 'cdef', 'secret']);
    expect(matcher.replace('xabcdefy', '#')).toBe('x#y');
    expect(matcher.replace('xbcx', '#')).toBe('x#x');
    // A combining mark after the secret does not hide it (grapheme-based matchers miss this).
    expect(matcher.replace('secret\u0301', '#')).toBe('#\u0301');
  });

  test('agrees with a quadratic reference on random texts, patterns and chunkings', () => {
    const next = random(7);
    const alphabet = 'ab\u0301c';
    const word = (max: number): string =>
      Array.from({ length: 1 + Math.floor(next() * max) }, () => alphabet[Math.floor(next() * 4)]).join('');
    for (let round = 0; round < 400; round++) {
      const patterns = Array.from({ length: 1 + Math.floor(next() * 5) }, () => word(5));
      const text = word(40);
      const matcher = new SecretMatcher(patterns);
      const expected = reference(text, patterns);
      expect(matcher.replace(text, '#')).toBe(expected);
      const stream = matcher.stream('#');
      let out = '';
      for (let i = 0; i < text.length;) {
        const size = 1 + Math.floor(next() * 6);
        out += stream.write(text.slice(i, i + size));
        i += size;
      }
      expect(out + stream.end()).toBe(expected);
    }
  });

  test('a log stream (line breaks skipped, touching matches apart) agrees with its reference on random texts', () => {
    const next = random(11);
    const alphabet = 'ab\nc\r';
    const pick = (chars: string, max: number): string =>
      Array.from(
        { length: 1 + Math.floor(next() * max) },
        () => chars[Math.floor(next() * chars.length)],
      ).join('');
    for (let round = 0; round < 400; round++) {
      const patterns = Array.from({ length: 1 + Math.floor(next() * 5) }, () => pick('abc', 5));
      const text = pick(alphabet, 40);
      const expected = logReference(text, patterns);
      const stream = new SecretMatcher(patterns).stream('#', { skipLineBreaks: true, mergeTouching: false });
      let out = '';
      for (let i = 0; i < text.length;) {
        const size = 1 + Math.floor(next() * 6);
        out += stream.write(text.slice(i, i + size));
        i += size;
      }
      expect({ out: out + stream.end(), replaced: stream.replaced }).toEqual(expected);
    }
  });

  test('touching matches are one replacement unless the stream keeps them apart', () => {
    const matcher = new SecretMatcher(['secret']);
    const merged = matcher.stream('#');
    expect(merged.write('secretsecret') + merged.end()).toBe('#');
    expect(merged.replaced).toBe(1);
    const apart = matcher.stream('#', { mergeTouching: false });
    expect(apart.write('secretsecret') + apart.end()).toBe('##');
    expect(apart.replaced).toBe(2);
    // Only a log stream steps over line breaks.
    expect(matcher.replace('sec\nret', '#')).toBe('sec\nret');
    const log = matcher.stream('#', { skipLineBreaks: true });
    expect(log.write('sec\nret\n') + log.end()).toBe('#\n');
  });

  test('holds back only what may still be a secret, and finds one split across chunks', () => {
    const matcher = new SecretMatcher(['hunter2-password']);
    const stream = matcher.stream('***');
    expect(stream.write('user log: hunter2-pa')).toBe('user log: ');
    expect(stream.write('ssword and more')).toBe('*** and more');
    expect(stream.end()).toBe('');
  });

  test('a cut text ending inside a secret loses that tail too, from four characters on', () => {
    const matcher = new SecretMatcher(['fm2_macaroonbody']);
    expect(matcher.replace('token echoed: fm2_maca', '***', { cut: true })).toBe('token echoed: ***');
    expect(matcher.replace('token echoed: fm2_maca', '***')).toBe('token echoed: fm2_maca');
    expect(matcher.replace('ends in fm2', '***', { cut: true })).toBe('ends in fm2');
  });

  test('stays small for megabytes of secret material', () => {
    const patterns = Array.from({ length: 200 }, (_, i) =>
      `${i}-`.padEnd(3000, String.fromCharCode(65 + (i % 26))),
    );
    const matcher = new SecretMatcher(patterns);
    expect(matcher.replace(`a ${patterns[150] ?? ''} b`, '***')).toBe('a *** b');
  });
});
