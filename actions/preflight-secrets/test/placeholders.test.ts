import { describe, expect, test } from '@jest/globals';
import { placeholderReason } from '../src/placeholders.ts';

describe('placeholderReason', () => {
  test.each([
    ['***', 'asterisks'],
    ['********', 'asterisks'],
    ['xxx', '"x"'],
    ['XXXXXXXX', '"x"'],
    ['xxxx-xxxx-xxxx', '"x"'],
    ['sk-xxxxxxxxxxxxxxxx', '"x"'],
    ['ghp_xxxxxxxxxxxxxxxxxxxx', '"x"'],
    ['<your-token>', 'angle-bracket'],
    ['<FLY_API_TOKEN>', 'angle-bracket'],
    ['${{ secrets.FLY_API_TOKEN }}', 'unevaluated'],
    ['your-api-key-here', 'your-…-here'],
    ['YOUR_TOKEN_HERE', 'your-…-here'],
    ['TBD', 'still to come'],
    ['changeme', 'still to come'],
    ['CHANGE_ME', 'still to come'],
    ['REPLACE_ME', 'still to come'],
    ['replaceme', 'still to come'],
    ['null', 'still to come'],
    ['undefined', 'still to come'],
    ['  TODO  ', 'still to come'],
  ])('%j is a placeholder (%s)', (value, words) => {
    expect(placeholderReason(value)).toContain(words);
  });

  test.each([
    'fo1_abcdefghijklmnopqrstuvwxyz0123456789',
    'postgres://app:s3cret@db.internal:5432/app',
    'xxx-real-key-9f8e7d',
    'sk-xxx-9f8e7d',
    'taxxxi',
    'sk-proj-Abc123xyz',
    'nullable-but-real',
    '<not-closed',
    'your-token',
  ])('%j is not a placeholder', (value) => {
    expect(placeholderReason(value)).toBeUndefined();
  });

  test('the reason never repeats the value', () => {
    expect(placeholderReason('<my-secret-value>')).not.toContain('my-secret-value');
  });
});
