import { afterEach, describe, expect, test } from '@jest/globals';
import { DeployActionError } from '../../src/errors.ts';
import { describeFlyTokenProblem, parseFlyToken } from '../../src/fly/token.ts';
import { redact, resetSecretsForTests } from '../../src/secrets.ts';

afterEach(() => resetSecretsForTests());

describe('parseFlyToken', () => {
  test('a user token is sent as Bearer', () => {
    const token = parseFlyToken('  fo1_abcdef \n');
    expect(token).toEqual({ pieces: ['fo1_abcdef'], kind: 'user', authorization: 'Bearer fo1_abcdef' });
  });

  test.each([
    ['fm2_deploy', ['fm2_deploy']],
    ['FlyV1 fm2_deploy', ['fm2_deploy']],
    ['flyv1   fm2_deploy', ['fm2_deploy']],
    ['Bearer fm1r_read', ['fm1r_read']],
    ['FlyV1 fm2_one, fm2_two,,', ['fm2_one', 'fm2_two']],
    ['fm1a_auth,fm2_discharge', ['fm1a_auth', 'fm2_discharge']],
  ])('macaroons %j are sent as FlyV1 with every piece', (raw, pieces) => {
    const token = parseFlyToken(raw);
    expect(token.kind).toBe('macaroon');
    expect(token.pieces).toEqual(pieces);
    expect(token.authorization).toBe(`FlyV1 ${pieces.join(',')}`);
  });

  test('a user token pasted with a Bearer prefix loses the prefix', () => {
    expect(parseFlyToken('Bearer fo1_x1').authorization).toBe('Bearer fo1_x1');
  });

  test('an unknown prefix is still sent (as Bearer); the format check reports it', () => {
    expect(parseFlyToken('legacyhex123').authorization).toBe('Bearer legacyhex123');
  });

  test('registers the raw value, the stripped value and every piece as secrets', () => {
    parseFlyToken('FlyV1 fm2_first-piece,fm2_second-piece');
    const text = 'a fm2_first-piece b fm2_second-piece c FlyV1 fm2_first-piece,fm2_second-piece';
    expect(redact(text)).toBe('a *** b *** c ***');
  });

  test.each(['', '   ', 'FlyV1 ', 'Bearer ,,'])('rejects %j as empty', (raw) => {
    expect(() => parseFlyToken(raw)).toThrow(DeployActionError);
    try {
      parseFlyToken(raw);
    } catch (e) {
      expect((e as DeployActionError).code).toBe('fly-token-empty');
    }
  });
});

describe('describeFlyTokenProblem', () => {
  test.each(['fo1_abc', 'fm2_abc', 'FlyV1 fm2_a,fm2_b', 'Bearer fm1r_x', 'fm1a_x, fm2_y'])(
    'accepts %j',
    (raw) => {
      expect(describeFlyTokenProblem(raw)).toBeUndefined();
    },
  );

  test.each([
    ['', 'is empty'],
    ['FlyV1 ', 'only the'],
    ['fm2_a,,fm2_b', 'empty piece'],
    ['fm2_a,', 'empty piece'],
    ['fm2_a b', 'whitespace'],
    ['fm2_a,fm2_b\nc', 'piece 2 of 2 contains whitespace'],
    ['"fm2_quoted"', 'known Fly token prefix'],
    ['fo1_user,fm2_mac', 'mixes a user token'],
  ])('reports %j', (raw, problem) => {
    expect(describeFlyTokenProblem(raw)).toContain(problem);
  });

  test('never quotes the token', () => {
    const problem = describeFlyTokenProblem('xyz_secretvalue');
    expect(problem).toBeDefined();
    expect(problem).not.toContain('secretvalue');
  });
});
