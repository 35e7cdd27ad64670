import { describe, expect, test } from '@jest/globals';
import { appSecretsSchema, leaseSchema, machineSchema, secretsUpdateSchema } from '../../src/fly/schemas.ts';

describe('leaseSchema', () => {
  const expected = { nonce: 'n1', expiresAt: new Date(1_700_000_000_000), owner: 'me@x', version: 'v9' };

  test('reads the flat shape of the spec', () => {
    const lease = leaseSchema.parse({ nonce: 'n1', expires_at: 1_700_000_000, owner: 'me@x', version: 'v9' });
    expect(lease).toMatchObject(expected);
  });

  test('reads the {status, data} shape of the docs and fly-go', () => {
    const lease = leaseSchema.parse({
      status: 'success',
      data: { nonce: 'n1', expires_at: 1_700_000_000, owner: 'me@x', version: 'v9' },
    });
    expect(lease).toMatchObject(expected);
  });

  test('rejects a lease without a nonce', () => {
    expect(leaseSchema.safeParse({ status: 'success', data: { owner: 'x' } }).success).toBe(false);
  });
});

describe('machineSchema', () => {
  test('takes the version from instance_id when only that is sent, and keeps unknown fields', () => {
    const m = machineSchema.parse({
      id: 'm1',
      state: 'started',
      instance_id: 'v1',
      config: { image: 'i', x: 1 },
      z: 2,
    });
    expect(m.version).toBe('v1');
    expect(m.config).toEqual({ image: 'i', x: 1 });
    expect(m).toHaveProperty('z', 2);
  });

  test('prefers version over instance_id', () => {
    expect(
      machineSchema.parse({ id: 'm1', state: 'started', version: 'v2', instance_id: 'v1' }).version,
    ).toBe('v2');
  });
});

describe('secrets', () => {
  test('a listed secret never carries its value', () => {
    const list = appSecretsSchema.parse({ secrets: [{ name: 'DB', digest: 'd', value: 'hunter2' }] });
    expect(list.secrets).toEqual([{ name: 'DB', digest: 'd' }]);
  });

  test('the update version is read from version or the deprecated Version', () => {
    expect(secretsUpdateSchema.parse({ version: 3 })).toEqual({ version: 3 });
    expect(secretsUpdateSchema.parse({ Version: 4 })).toEqual({ version: 4 });
  });
});
