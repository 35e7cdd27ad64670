import { afterEach, describe, expect, test } from '@jest/globals';
import {
  redact,
  redactAndShorten,
  redactDeep,
  registerSecret,
  resetSecretsForTests,
} from '../src/secrets.ts';
import { captureStdout } from './helpers.ts';

afterEach(resetSecretsForTests);

/** Registers quietly: the `::add-mask::` lines are asserted in their own tests. */
async function register(...values: string[]): Promise<void> {
  await captureStdout(() => values.forEach(registerSecret));
}

function masks(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('::add-mask::'))
    .map((line) => line.slice('::add-mask::'.length));
}

describe('registerSecret', () => {
  test('masks the value and each of its lines', async () => {
    const { output } = await captureStdout(() => registerSecret('line-one-secret\nline-two-secret\n'));
    expect(masks(output)).toEqual(
      expect.arrayContaining(['line-one-secret%0Aline-two-secret%0A', 'line-one-secret', 'line-two-secret']),
    );
  });

  test('masks the password of a URL, raw and percent-decoded, but not its username', async () => {
    const { output } = await captureStdout(() =>
      registerSecret('postgres://deployer:p%40ss%2Fw0rd@db.internal:5432/app'),
    );
    expect(masks(output)).toEqual(
      expect.arrayContaining([
        'postgres://deployer:p%2540ss%252Fw0rd@db.internal:5432/app',
        'p%2540ss%252Fw0rd',
        'p@ss/w0rd',
      ]),
    );
    expect(masks(output)).not.toContain('deployer');
    expect(redact('connecting as deployer with p@ss/w0rd')).toBe('connecting as deployer with ***');
  });

  test('masks each form once, however often it is registered', async () => {
    const { output } = await captureStdout(() => {
      registerSecret('repeat-me-please');
      registerSecret('repeat-me-please');
    });
    expect(masks(output)).toEqual(['repeat-me-please']);
  });

  test('ignores empty and whitespace-only values', async () => {
    const { output } = await captureStdout(() => {
      registerSecret('');
      registerSecret(' \n\t');
    });
    expect(output).toBe('');
    expect(redact(' \n\t')).toBe(' \n\t');
  });

  test('masks short values but does not redact them from text', async () => {
    const { output } = await captureStdout(() => registerSecret('abc'));
    expect(masks(output)).toEqual(['abc']);
    expect(redact('abcdef')).toBe('abcdef');
    // Nor their encodings: hex "616263" would otherwise cut holes in commit SHAs and machine ids.
    const encoded = `sha 00616263ff, base64 YWJj, JSON "abc"`;
    expect(redact(encoded)).toBe(encoded);
  });
});

describe('redact', () => {
  const secret = 'fm2_lJPECAAAAAAAAMBk+x/Q=="é<&>\'';

  test.each([
    ['raw', secret],
    ['base64', Buffer.from(secret).toString('base64')],
    ['base64url', Buffer.from(secret).toString('base64url')],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
    ['JSON-escaped ASCII-only', JSON.stringify(secret).slice(1, -1).replace('é', '\\u00e9')],
    ['URI-encoded', encodeURIComponent(secret)],
    ['form-encoded', new URLSearchParams({ t: secret }).toString().slice(2)],
    [
      'XML-escaped',
      secret
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&apos;'),
    ],
    ['hex', Buffer.from(secret).toString('hex')],
    ['HEX', Buffer.from(secret).toString('hex').toUpperCase()],
  ])('removes the %s form', async (_name, form) => {
    await register(secret);
    const out = redact(`before ${form} after`);
    expect(out).toBe('before *** after');
  });

  test.each([1, 2, 3, 4, 5])(
    'removes the secret from a longer base64 blob with %d bytes before it',
    async (offset) => {
      await register('super-secret-token-value');
      const blob = Buffer.from(`${'x'.repeat(offset)}super-secret-token-value and more after it`).toString(
        'base64',
      );
      const out = redact(blob);
      expect(out).toContain('***');
      // Decoding what is left must not give the secret back, whatever the alignment.
      expect(Buffer.from(out.replace('***', ''), 'base64').toString('latin1')).not.toContain('secret-token');
    },
  );

  test('replaces every occurrence and prefers the longest form', async () => {
    await register('token-1234', 'token-1234-extended');
    expect(redact('a token-1234-extended b token-1234 c token-1234')).toBe('a *** b *** c ***');
  });

  test('leaves text alone when nothing is registered', () => {
    expect(redact('nothing to hide')).toBe('nothing to hide');
  });

  test('treats regular-expression characters literally', async () => {
    await register('a.b*c+d?');
    expect(redact('axbxcxd a.b*c+d?')).toBe('axbxcxd ***');
  });
});

describe('redactDeep', () => {
  test('redacts strings in nested objects and arrays, keys included, without touching the original', async () => {
    await register('hunter2-password');
    const date = new Date(0);
    const input = {
      url: 'https://u:hunter2-password@x',
      list: ['ok', 'hunter2-password', 3, null, true],
      nested: { 'hunter2-password': { deep: 'x hunter2-password' } },
      date,
    };
    const out = redactDeep(input);
    expect(out).toEqual({
      url: 'https://u:***@x',
      list: ['ok', '***', 3, null, true],
      nested: { '***': { deep: 'x ***' } },
      date,
    });
    expect(input.list[1]).toBe('hunter2-password');
  });
});

describe('redaction of hostile amounts and shapes', () => {
  test('megabytes of secret material (a 20 kB kubeconfig, twelve PEM keys) redact without failing', async () => {
    const kubeconfig = Buffer.from('k'.repeat(15_000)).toString('base64');
    const pems = Array.from(
      { length: 12 },
      (_, i) =>
        `-----BEGIN KEY-----\n${Array.from({ length: 40 }, (_, j) => `line-${i}-${j}-`.padEnd(64, 'Q')).join('\n')}\n-----END KEY-----`,
    );
    await register(kubeconfig, ...pems);
    expect(redact(`config ${kubeconfig} and ${pems[11] ?? ''} end`)).toBe('config *** and *** end');
  });

  test('redactAndShorten redacts first: a secret the cut would split is gone, not half shown', async () => {
    await register('fm2_averyLongMacaroonThatTheCutWouldSplit');
    const page = `${'x'.repeat(180)}fm2_averyLongMacaroonThatTheCutWouldSplit tail`;
    const shown = redactAndShorten(page, 200);
    expect(shown).not.toContain('fm2_avery');
    expect(shown.length).toBeLessThanOrEqual(200);
  });

  test('a text known to be cut loses a tail that begins a secret', async () => {
    await register('fm2_averyLongMacaroonThatWasCut');
    expect(redact('echo: fm2_averyLong', { cut: true })).toBe('echo: ***');
  });
});

describe('registration of pieces', () => {
  test('a pretty-printed JSON value registers its lines with content, never a brace alone', async () => {
    const { output } = await captureStdout(() =>
      registerSecret(JSON.stringify({ API_KEY: 'json-api-key-1' }, null, 2)),
    );
    expect(masks(output)).not.toContain('{');
    expect(masks(output)).not.toContain('}');
    expect(masks(output)).toContain('"API_KEY": "json-api-key-1"');
  });

  test('each macaroon of a Fly token is registered, whatever the value is checked as', async () => {
    const { output } = await captureStdout(() => registerSecret('FlyV1 fm2_pieceOne123,fm2_pieceTwo456'));
    expect(masks(output)).toEqual(expect.arrayContaining(['fm2_pieceOne123', 'fm2_pieceTwo456']));
  });

  test.each([
    ['a URL that does not parse', 'postgres://app:Unparsed5ecret@db host/app', 'Unparsed5ecret'],
    ['a libpq string, quoted', "host=db password='Quoted 5ecret' user=app", 'Quoted 5ecret'],
    ['a libpq string, bare', 'host=db password=Bare5ecret', 'Bare5ecret'],
  ])('the password of %s', async (_what, value, password) => {
    const { output } = await captureStdout(() => registerSecret(value));
    expect(masks(output)).toContain(password);
  });

  test('a long base64 value is scanned for URL passwords in linear time', async () => {
    const value = `${'a'.repeat(200_000)}://`;
    // A backtracking scan from every position would not finish within jest's timeout.
    await register(value);
    expect(redact(`x ${value} y`)).toBe('x *** y');
  });
});
