import { describe, expect, test } from '@jest/globals';
import {
  findLeaks,
  inputEnvName,
  parseKeyValueFile,
  parsePathFile,
  parseWorkflowCommand,
} from '../src/index.ts';
import { createMasker } from '../src/masker.ts';

describe('file commands', () => {
  test('reads NAME=VALUE and heredoc blocks, CRLF included; a later line wins', () => {
    const text = 'a=1\r\nmulti<<EOF_1\r\nx=y\r\n\r\nz\r\nEOF_1\r\na=2\nempty=\n';
    expect(parseKeyValueFile(text, 'GITHUB_OUTPUT')).toEqual({
      values: { a: '2', multi: 'x=y\n\nz', empty: '' },
    });
  });

  test('rejects a missing delimiter, an empty name and a line without = or <<', () => {
    expect(parseKeyValueFile('v<<END\nabc\n', 'GITHUB_ENV').error).toBe(
      "Invalid value in GITHUB_ENV. Matching delimiter not found 'END'",
    );
    expect(parseKeyValueFile('=x\n', 'GITHUB_ENV').error).toMatch(/name must not be empty/);
    expect(parseKeyValueFile('just text\n', 'GITHUB_STATE').error).toBe(
      "Invalid format 'just text' in GITHUB_STATE",
    );
  });

  test('path entries keep their order and skip blank lines', () => {
    expect(parsePathFile('/a\n\n/b\n')).toEqual(['/a', '/b']);
  });
});

describe('workflow commands', () => {
  test('unescape message and properties like @actions/core escapes them', () => {
    expect(parseWorkflowCommand('::error file=a%3Ab.ts,line=3,title=x%2Cy::100%25%0Adone')).toEqual({
      name: 'error',
      properties: { file: 'a:b.ts', line: '3', title: 'x,y' },
      message: '100%\ndone',
    });
    expect(parseWorkflowCommand('plain :: text')).toBeUndefined();
    expect(parseWorkflowCommand('::endgroup::')).toEqual({ name: 'endgroup', properties: {}, message: '' });
  });

  test('INPUT_ names upper-case, spaces to _, hyphens kept', () => {
    expect(inputEnvName('max-unavailable')).toBe('INPUT_MAX-UNAVAILABLE');
    expect(inputEnvName('my input')).toBe('INPUT_MY_INPUT');
  });
});

describe('masking', () => {
  const value = 'p@ss "word"/<x>&\u00e9';

  test('masks the value, each line, base64, JSON, URI and XML forms', () => {
    const masker = createMasker();
    masker.add(`${value}\nsecond-line`);
    const forms = [
      value,
      'second-line',
      Buffer.from(value).toString('base64'),
      JSON.stringify(value).slice(1, -1),
      encodeURIComponent(value),
      'p@ss &quot;word&quot;/&lt;x&gt;&amp;\u00e9',
    ];
    for (const form of forms) expect(masker.mask(`before ${form} after`)).toBe('before *** after');
  });

  test('merges overlapping matches and ignores blank values', () => {
    const masker = createMasker();
    masker.add('abcdef');
    masker.add('defghi');
    masker.add('  ');
    expect(masker.values).toEqual(['abcdef', 'defghi']);
    expect(masker.mask('xxabcdefghiyy')).toBe('xx***yy');
  });

  test('a base64 value inside a longer base64 stream is masked at any byte offset', () => {
    const masker = createMasker();
    masker.add('secret-value-123');
    for (const prefix of ['', 'a', 'ab']) {
      const encoded = Buffer.from(`${prefix}secret-value-123 and more`).toString('base64');
      expect(masker.mask(encoded)).toContain('***');
    }
  });
});

describe('leak forms', () => {
  // A quote, a backslash and bytes whose base64 holds `+` make every form differ from the others.
  const secret = 'tok"en\\val?>?ue~~';
  const empty = { log: '', outputs: {}, state: {}, env: {}, summary: '', files: {} };

  test.each([
    ['raw', secret],
    ['json', JSON.stringify(secret).slice(1, -1)],
    ['uri', encodeURIComponent(secret)],
    ['base64', Buffer.from(secret).toString('base64')],
    ['base64url', Buffer.from(secret).toString('base64url')],
    ['hex', Buffer.from(secret).toString('hex')],
  ])('finds the %s form', (form, text) => {
    const leaks = findLeaks([secret], { ...empty, outputs: { out: `x${text}y` } });
    expect(leaks).toContainEqual({ where: 'output', name: 'out', form, secret: 0 });
  });

  test('ignores secrets shorter than 4 characters and clean text', () => {
    expect(findLeaks(['abc'], { ...empty, log: 'abc abc' })).toEqual([]);
    expect(findLeaks([secret], { ...empty, log: 'nothing here', env: { A: '***' } })).toEqual([]);
  });
});
