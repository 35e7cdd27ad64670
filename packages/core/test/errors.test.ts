import { describe, expect, test } from '@jest/globals';
import { DeployActionError, InputError, errorMessage, requestIdOf } from '../src/errors.ts';

describe('DeployActionError', () => {
  test('keeps code, hint and cause, and names itself after its class', () => {
    const cause = new Error('socket hang up');
    const e = new DeployActionError('Fly said no', { code: 'fly-denied', hint: 'Check the token', cause });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DeployActionError');
    expect(e.code).toBe('fly-denied');
    expect(e.hint).toBe('Check the token');
    expect(e.cause).toBe(cause);
    expect(new DeployActionError('x', { code: 'c' }).hint).toBeUndefined();
  });
});

describe('InputError', () => {
  test('lists every problem on its own line, quoting values only where given', () => {
    const e = new InputError([
      { input: 'max-unavailable', value: 'abc', allowed: 'a fraction 0<x<=1 or a count >=1' },
      { input: 'fly-api-token', allowed: 'any text; this input is required' },
    ]);
    expect(e).toBeInstanceOf(DeployActionError);
    expect(e.name).toBe('InputError');
    expect(e.code).toBe('invalid-input');
    expect(e.problems).toHaveLength(2);
    expect(e.message.split('\n')).toEqual([
      '2 invalid inputs:',
      'input "max-unavailable": got "abc"; expected a fraction 0<x<=1 or a count >=1',
      'input "fly-api-token": expected any text; this input is required',
    ]);
    expect(e.hint).toMatch(/with:/);
  });
});

describe('errorMessage', () => {
  test('handles errors, strings, objects and the unserialisable', () => {
    expect(errorMessage(new TypeError('boom'))).toBe('boom');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage({ status: 500 })).toBe('{"status":500}');
    expect(errorMessage(undefined)).toBe('undefined');
    expect(errorMessage(10n)).toBe('10');
  });
});

describe('requestIdOf', () => {
  test('reads a string requestId from any object and ignores the rest', () => {
    const flyLike = Object.assign(new DeployActionError('x', { code: 'fly-api' }), { requestId: '01HABC' });
    expect(requestIdOf(flyLike)).toBe('01HABC');
    expect(requestIdOf({ requestId: 42 })).toBeUndefined();
    expect(requestIdOf({ requestId: '' })).toBeUndefined();
    expect(requestIdOf(new Error('x'))).toBeUndefined();
    expect(requestIdOf(null)).toBeUndefined();
  });
});
