import { describe, expect, test } from '@jest/globals';
import { checkSecret } from '../src/local-checks.ts';
import type { SecretSpec } from '../src/spec.ts';

const db: SecretSpec = { name: 'DATABASE_URL', level: 'critical', format: { kind: 'postgres-url' } };

describe('checkSecret', () => {
  test('a secret not passed to the step says how to pass it', () => {
    const finding = checkSecret(db, { value: undefined, source: 'absent' });
    expect(finding).toMatchObject({
      category: 'missing',
      verdict: 'not passed to this step',
      level: 'critical',
    });
    expect(finding.fix).toContain('DATABASE_URL: ${{ secrets.DATABASE_URL }}');
  });

  test.each([
    ['', 'empty'],
    ['   \n', 'blank'],
    ['changeme', 'a placeholder'],
    ['<your-database-url>', 'a placeholder'],
  ])('%j is missing (%s)', (value, words) => {
    const finding = checkSecret(db, { value, source: 'env' });
    expect(finding.category).toBe('missing');
    expect(finding.verdict).toContain(words);
    expect(finding.fix).toContain('Settings → Secrets and variables → Actions');
  });

  test('a bad format is invalid and says which format', () => {
    const finding = checkSecret(db, { value: 'mysql://u:p4ssw0rd@db/app', source: 'env' });
    expect(finding).toMatchObject({
      category: 'invalid',
      verdict: expect.stringContaining('postgres-url: has the scheme mysql://'),
    });
    expect(JSON.stringify(finding)).not.toContain('p4ssw0rd');
  });

  test('min-length is checked before the format, without telling the length', () => {
    const spec: SecretSpec = {
      name: 'API_KEY',
      level: 'important',
      minLength: 32,
      hint: 'Ask the platform team.',
    };
    const finding = checkSecret(spec, { value: 'short-but-real', source: 'secrets-json' });
    expect(finding).toMatchObject({
      category: 'invalid',
      level: 'important',
      verdict: 'shorter than 32 characters',
    });
    expect(finding.fix).toMatch(/Ask the platform team\.$/);
  });

  test('a good value is ok and says where it came from', () => {
    const finding = checkSecret(db, {
      value: 'postgres://app:pw@db.internal:5432/app',
      source: 'secrets-json',
    });
    expect(finding).toEqual({
      name: 'DATABASE_URL',
      subject: 'DATABASE_URL',
      level: 'critical',
      category: 'ok',
      verdict: 'set, postgres-url format (from secrets-json)',
      fix: '',
    });
  });

  test('a Fly token with an unknown prefix is invalid', () => {
    const spec: SecretSpec = { name: 'FLY_API_TOKEN', level: 'critical', format: { kind: 'fly-token' } };
    const finding = checkSecret(spec, { value: 'ghp_notafly_token', source: 'env' });
    expect(finding.category).toBe('invalid');
    expect(finding.verdict).toContain('known Fly token prefix');
    expect(finding.fix).toContain('fly tokens create deploy');
  });
});
