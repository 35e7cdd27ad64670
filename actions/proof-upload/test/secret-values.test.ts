import { describe, expect, test } from '@jest/globals';
import { looksSecret } from '../src/secret-values.ts';

describe('looksSecret', () => {
  test.each([
    ['FLY_API_TOKEN', 'fo1_abcdefghijklmnop', true],
    ['AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMIK7MDENG', true],
    ['DB_PASSWORD', 'correct horse battery', true],
    ['REGISTRY_CREDENTIALS', '{"auths":{}} padding', true],
    ['MY_AUTH_HEADER', 'Basic dXNlcjpwYXNz', true],
    ['DATABASE_URL', 'postgres://app:pw@db.internal:5432/app', true],
    ['REDIS_URL', 'redis://:only-a-password@cache:6379', true],
    ['ACTIONS_RESULTS_URL', 'https://results.example.com/', false],
    ['SKIP_AUTH', 'true', false],
    ['API_KEY_PATH_SHORT', 'short', false],
    ['GITHUB_WORKSPACE', '/home/runner/work/service/service', false],
  ])('%s=%j is a secret: %s', (name, value, expected) => {
    expect(looksSecret(name, value)).toBe(expected);
  });
});
