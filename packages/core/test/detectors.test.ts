import { describe, expect, test } from '@jest/globals';
import { detectSecrets, redactionMarker, replaceFindings } from '../src/detectors.ts';

/** Fake but well-formed token material: letters and digits in no dictionary order. */
function filler(length: number): string {
  return Array.from({ length }, (_, i) => 'aB3xY7kQ9mZ2'[i % 12]).join('');
}

async function redacted(text: string): Promise<string> {
  return replaceFindings(text, await detectSecrets(text));
}

const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'Proc-Type: 4,ENCRYPTED',
  `MIIEowIBAAKCAQEA${filler(48)}`,
  filler(64),
  '-----END RSA PRIVATE KEY-----',
].join('\n');

describe('detectSecrets', () => {
  test.each([
    [
      'a Fly token with its scheme and comma-joined macaroons',
      `FlyV1 fm2_${filler(40)},fm2_${filler(30)}`,
      'fly-token',
    ],
    ['an org token', `fo1_${filler(32)}`, 'fly-token'],
    ['a GitHub classic token (secretlint)', `ghp_${filler(36)}`, 'github-token'],
    ['a fine-grained GitHub token', `github_pat_${filler(22)}_${filler(59)}`, 'github-token'],
    ['an installation token', `ghs_${filler(36)}`, 'github-token'],
    ['a JWT', `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${filler(43)}`, 'jwt'],
    ['an AWS access key id', 'AKIAQWERTYUIOPASDFGH', 'aws-access-key'],
    ['a PEM private key', PEM, 'private-key'],
    ['a Slack token (secretlint)', `xoxb-123456789012-1234567890123-${filler(24)}`, 'slack'],
  ])('finds %s', async (_what, secret, kind) => {
    const text = `before ${secret} after`;
    expect(await redacted(text)).toBe(`before ${redactionMarker(kind)} after`);
  });

  test('replaces only the credentials of a URL, so the host stays readable', async () => {
    expect(await redacted('at https://deploy:hunter2hunter@git.example.com/x.git now')).toBe(
      'at https://[REDACTED:url-credentials]@git.example.com/x.git now',
    );
    expect(await redacted('db postgres://app:Pw1234567@db.internal:5432/app')).toBe(
      'db postgres://[REDACTED:url-credentials]@db.internal:5432/app',
    );
  });

  test('replaces the value of an Authorization header in a header, JSON and curl', async () => {
    const value = filler(30);
    expect(await redacted(`Authorization: Bearer ${value}`)).toBe(
      'Authorization: Bearer [REDACTED:authorization-header]',
    );
    expect(await redacted(`{"authorization":"${value}"}`)).toBe(
      '{"authorization":"[REDACTED:authorization-header]"}',
    );
    expect(await redacted(`curl -H 'Proxy-Authorization: Basic ${value}'`)).toBe(
      "curl -H 'Proxy-Authorization: Basic [REDACTED:authorization-header]'",
    );
  });

  test('finds a PEM key written as a JSON string, and one cut before its END line', async () => {
    expect(await redacted(JSON.stringify({ key: PEM }))).toBe('{"key":"[REDACTED:private-key]"}');
    const cut = PEM.split('\n').slice(0, 3).join('\n');
    expect(await redacted(`${cut}\nnext log line here`)).toBe('[REDACTED:private-key]\nnext log line here');
  });

  test('follows a Fly token that a log wrapped onto the next line, but not into ordinary words', async () => {
    const head = `2026-11-27T04:00:00Z deploy token=fm2_${filler(40)}`;
    expect(await redacted(`${head}\n${filler(20)} rest`)).toBe(
      '2026-11-27T04:00:00Z deploy token=[REDACTED:fly-token] rest',
    );
    expect(await redacted(`short fm2_${filler(12)}\nnext line`)).toBe(
      'short [REDACTED:fly-token]\nnext line',
    );
  });

  test('ignores a secretlint-disable comment in the scanned text', async () => {
    const text = `// secretlint-disable\nghp_${filler(36)}\n// secretlint-enable`;
    expect(await redacted(text)).toBe('// secretlint-disable\n[REDACTED:github-token]\n// secretlint-enable');
  });

  test('finds nothing in ordinary log text or in its own markers', async () => {
    const text = [
      '2026-11-27T04:00:00Z info request handled path=/api/v1/items status=200 dur=12ms',
      'see https://example.com/docs and postgres://db.internal:5432/app',
      'token: [REDACTED:fly-token] Authorization: [REDACTED:authorization-header]',
    ].join('\n');
    expect(await detectSecrets(text)).toEqual([]);
  });
});
