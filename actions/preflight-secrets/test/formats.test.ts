import { describe, expect, test } from '@jest/globals';
import { checkFormat, formatLabel, parseFormat, type SecretFormat } from '../src/formats.ts';

function format(text: string): SecretFormat {
  const parsed = parseFormat(text);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed;
}

function jwt(header: object, payload: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part(header)}.${part(payload)}.c2lnbmF0dXJl`;
}

const PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIBVAIBADANBgkqhkiG9w0BAQEFAASCAT4wggE6AgEAAkEA\nq7BFUpkGp3\n-----END PRIVATE KEY-----\n';

describe('parseFormat', () => {
  test('knows every documented format', () => {
    for (const name of ['fly-token', 'github-token', 'postgres-url', 'url', 'jwt', 'pem']) {
      expect(parseFormat(name)).toEqual({ kind: name });
    }
    expect(formatLabel(format('regex:sk-[a-z]+'))).toBe('regex:sk-[a-z]+');
  });

  test('names what is allowed for an unknown format', () => {
    expect(parseFormat('uuid')).toEqual({ problem: expect.stringContaining('fly-token, github-token') });
  });

  test('reports a pattern that does not compile and an empty one', () => {
    expect(parseFormat('regex:([a-z')).toEqual({ problem: expect.stringContaining('does not compile') });
    expect(parseFormat('regex:')).toEqual({ problem: expect.stringContaining('needs a pattern') });
  });
});

describe('checkFormat', () => {
  test.each([
    ['fly-token', 'fo1_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['fly-token', 'FlyV1 fm2_firstMacaroon0123,fm2_secondMacaroon4567'],
    ['github-token', `ghp_${'a'.repeat(36)}`],
    ['github-token', `ghs_${'B1'.repeat(18)}`],
    ['github-token', `github_pat_${'x'.repeat(22)}_${'y'.repeat(59)}`],
    ['postgres-url', 'postgres://app:s3cret@db.internal:5432/app'],
    ['postgres-url', 'postgresql://db.internal/app?sslmode=require'],
    ['url', 'https://hooks.example.com/T000/B000'],
    ['jwt', jwt({ alg: 'HS256', typ: 'JWT' }, { sub: '1', exp: 4102444800 })],
    ['pem', PEM],
    ['regex:sk-[a-z0-9]{8}', 'sk-abcd1234'],
  ])('%s accepts a good value', (name, value) => {
    expect(checkFormat(format(name), value)).toBeUndefined();
  });

  test.each([
    ['fly-token', 'FlyV1 ', 'holds only the `FlyV1`/`Bearer` prefix'],
    ['fly-token', 'ghp_notaflytoken0123', 'known Fly token prefix'],
    ['fly-token', 'fm2_first0123,,fm2_second4567', 'a stray comma'],
    ['fly-token', 'fm2_first0123\nfm2_second4567', 'contains whitespace'],
    ['fly-token', 'fo1_user0123,fm2_macaroon4567', 'mixes a user token'],
    ['github-token', 'gh_short', 'is not a GitHub token'],
    ['github-token', `ghx_${'a'.repeat(36)}`, 'is not a GitHub token'],
    ['postgres-url', 'mysql://db/app', 'has the scheme mysql://'],
    ['postgres-url', 'postgres://db.internal:5432', 'names no database'],
    ['postgres-url', 'not a url', 'is not a URL'],
    ['url', 'ftp://files.example.com', 'has the scheme ftp://'],
    ['url', 'example.com/hook', 'is not a URL'],
    ['jwt', 'abc.def', 'expected three base64url parts'],
    ['jwt', `${Buffer.from('{}').toString('base64url')}.e30.sig`, 'no "alg"'],
    ['jwt', jwt({ alg: 'HS256' }, { exp: 1000 }), 'expired at 1970-01-01T00:16:40.000Z'],
    ['pem', PEM.replace(/\n/g, '\\n'), 'stored as the two characters'],
    ['pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----', 'is not a PEM block'],
    ['regex:sk-[a-z0-9]{8}', 'sk-abcd1234-extra', 'does not match the pattern regex:sk-[a-z0-9]{8}'],
  ])('%s rejects %j', (name, value, words) => {
    const problem = checkFormat(format(name), value);
    expect(problem).toContain(words);
  });

  test('problems never quote the value', () => {
    const value = 'postgres://app:hunter2@db.internal:5432';
    expect(checkFormat(format('postgres-url'), value)).not.toContain('hunter2');
    expect(checkFormat(format('url'), 'zz-secret-zz')).not.toContain('zz-secret-zz');
  });

  test('a JWT without exp does not expire; expiry is judged against the given time', () => {
    const token = jwt({ alg: 'RS256' }, { exp: 2000 });
    expect(checkFormat(format('jwt'), jwt({ alg: 'RS256' }, {}))).toBeUndefined();
    expect(checkFormat(format('jwt'), token, new Date(1_000_000))).toBeUndefined();
    expect(checkFormat(format('jwt'), token, new Date(3_000_000))).toContain('expired');
  });
});

describe('hostile values', () => {
  test('a JWT whose exp is beyond what a date can hold is one finding, not a crash', () => {
    for (const exp of [-1e20, 1e300, Number.MAX_VALUE]) {
      expect(checkFormat(format('jwt'), jwt({ alg: 'HS256' }, { exp }))).toBe(
        'is a JWT whose "exp" claim is out of range',
      );
    }
  });

  test('a backtracking pattern runs in linear time (RE2) against a long value', () => {
    const pattern = format('regex:(a+)+b');
    // A backtracking engine would not finish this within jest's timeout.
    expect(checkFormat(pattern, 'a'.repeat(100_000))).toBe('does not match the pattern regex:(a+)+b');
    expect(checkFormat(pattern, 'aaab')).toBeUndefined();
  });

  test('patterns RE2 cannot run (lookaround, backreferences) are reported as not compiling', () => {
    for (const source of ['(?=x)a', '(a)\\1']) {
      expect(parseFormat(`regex:${source}`)).toEqual({
        problem: expect.stringMatching(/does not compile as RE2/),
      });
    }
  });

  test('a token with an invisible character is named by code point and position', () => {
    expect(checkFormat(format('fly-token'), 'fm2_abc\u200bdef')).toMatch(
      /invisible character U\+200B at position 8/,
    );
  });
});
