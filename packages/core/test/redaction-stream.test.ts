import { afterEach, describe, expect, test } from '@jest/globals';
import { redactStream, redactText, tallyTotal, UnredactableError } from '../src/redaction-stream.ts';
import { registerSecret, resetSecretsForTests } from '../src/secrets.ts';
import { captureStdout } from './helpers.ts';

afterEach(resetSecretsForTests);

const LINE = '2026-11-27T04:00:00Z info request handled path=/api/v1/items status=200 dur=12ms\n';
const PEM = `-----BEGIN EC PRIVATE KEY-----\n${'MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oFEHZcUJy0vboAoGCCqGSM49\n'.repeat(3)}-----END EC PRIVATE KEY-----\n`;

/** Feeds `text` in pieces of `size` bytes, as a file stream would. */
function* pieces(text: string, size: number): Generator<Buffer> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect(source: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const piece of source) out += piece;
  return out;
}

describe('redactStream', () => {
  test('finds secrets that straddle chunk and window boundaries in a multi-megabyte log', async () => {
    const secret = 'registered-Secret-Value-0042';
    await captureStdout(() => registerSecret(secret));
    // Put a secret every ~300 kB so some land across the 1 MiB windows and every 4 kB chunk boundary is crossed.
    const block = LINE.repeat(3800);
    const text = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => `${block}token ${secret} #${i}\n${PEM}`).join('');
    const tally = new Map<string, number>();
    const out = await collect(redactStream(pieces(text, 4093), tally));
    expect(out).not.toContain(secret);
    expect(out).not.toContain('MHcCAQEE');
    expect(tally.get('registered')).toBe(10);
    expect(tally.get('private-key')).toBe(10);
    expect(out.length).toBeLessThan(text.length);
    expect(out.split('\n').length).toBe(text.split('\n').length - 10 * 4);
  });

  test('finds a registered secret that a log wrapped onto the next line, and marks each replacement', async () => {
    const secret = 'wrapped-Registered-Secret-7Qx9Z';
    await captureStdout(() => registerSecret(secret));
    const text = `line one ${secret.slice(0, 12)}\r\n${secret.slice(12)} tail\nagain ${secret}\n`;
    const tally = new Map<string, number>();
    const out = await collect(redactStream(pieces(text, 5), tally));
    expect(out).toBe('line one [REDACTED:registered] tail\nagain [REDACTED:registered]\n');
    expect(tally.get('registered')).toBe(2);
  });

  test('keeps multi-byte characters split across chunks intact', async () => {
    const text = 'déploiement réussi ✅ 🚀\n'.repeat(1000);
    expect(await collect(redactStream(pieces(text, 7), new Map()))).toBe(text);
  });

  test('refuses binary and non-UTF-8 input', async () => {
    await expect(collect(redactStream([Buffer.from([0x68, 0x00, 0x69])], new Map()))).rejects.toThrow(
      UnredactableError,
    );
    await expect(collect(redactStream([Buffer.from([0x68, 0xff, 0x69])], new Map()))).rejects.toThrow(
      /not UTF-8 text/,
    );
  });

  test('redactText counts each replacement by kind', async () => {
    const tally = new Map<string, number>();
    const out = await redactText(`a ghp_${'x1Y2z3'.repeat(6)} b AKIAQWERTYUIOPASDFGH c`, tally);
    expect(out).toBe('a [REDACTED:github-token] b [REDACTED:aws-access-key] c');
    expect(tallyTotal(tally)).toBe(2);
  });
});
