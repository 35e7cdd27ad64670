import { describe, expect, test } from '@jest/globals';
import { formatInputProblem, redact, resetSecretsForTests } from '@deploy-actions/core';
import { parseTargets } from '../src/targets.ts';

const noEnv = (): undefined => undefined;

function problemsOf(text: string, env: (name: string) => string | undefined = noEnv): string[] {
  return parseTargets(text, env).problems.map(formatInputProblem);
}

describe('parseTargets', () => {
  test('URL lines become targets named host/path with the defaults', () => {
    const { targets, problems } = parseTargets(
      '# the two services\nhttps://api.example.com/health\n\nhttp://127.0.0.1:8080/\n',
      noEnv,
    );
    expect(problems).toEqual([]);
    expect(
      targets.map((t) => [t.name, t.method, t.expectStatus.text, t.timeoutMs, t.followRedirects]),
    ).toEqual([
      ['api.example.com/health', 'GET', '200-299', 5000, false],
      ['127.0.0.1:8080', 'GET', '200-299', 5000, false],
    ]);
  });

  test('a YAML list takes every documented key', () => {
    const { targets, problems } = parseTargets(
      [
        '- name: dashboard',
        '  url: https://dashboard.example.com/health',
        '  method: head',
        '  expect-status: 200,204',
        '  body-json: { path: "$.checks[0].status", equals: ok }',
        '  body-contains: ok',
        '  max-latency-ms: 800',
        '  timeout-ms: 1500',
        '  follow-redirects: true',
        '  per-machine: false',
        '  headers: { X-Env: prod }',
        '  interval: 1.5s',
        '- https://api.example.com/health',
      ].join('\n'),
      noEnv,
    );
    expect(problems).toEqual([]);
    expect(targets[0]).toMatchObject({
      name: 'dashboard',
      method: 'HEAD',
      expectStatus: {
        ranges: [
          [200, 200],
          [204, 204],
        ],
      },
      bodyJson: { path: ['checks', 0, 'status'], equals: 'ok' },
      bodyContains: 'ok',
      maxLatencyMs: 800,
      timeoutMs: 1500,
      followRedirects: true,
      perMachine: false,
      intervalMs: 1500,
    });
    expect([...(targets[0]?.headers ?? [])]).toEqual([['X-Env', 'prod']]);
    expect(targets[1]?.name).toBe('api.example.com/health');
  });

  test('${VAR} in a header is read from the env and masked, the whole value too', () => {
    resetSecretsForTests();
    const { targets } = parseTargets(
      '- name: api\n  url: https://api.example.com/\n  headers: { Authorization: "Bearer ${HEALTH_TOKEN}" }',
      (name) => (name === 'HEALTH_TOKEN' ? 'tok-0123456789abcdef' : undefined),
    );
    expect(targets[0]?.headers.get('Authorization')).toBe('Bearer tok-0123456789abcdef');
    expect(redact('sent Bearer tok-0123456789abcdef')).toBe('sent ***');
    resetSecretsForTests();
  });

  test('every problem is reported at once, naming the target and the key', () => {
    const problems = problemsOf(
      [
        '- name: api',
        '  url: not a url',
        '- name: web',
        '  url: https://web.example.com/',
        '  expect-status: 299-200',
        '- name: jobs',
        '  url: https://jobs.example.com/',
        '  expect_status: 200',
        '- name: slow',
        '  url: https://slow.example.com/',
        '  max-latency-ms: -5',
        '  timeout-ms: 0',
        '- name: auth',
        '  url: https://auth.example.com/',
        '  headers: { Authorization: "Bearer ${MISSING_TOKEN}" }',
        '- name: json',
        '  url: https://json.example.com/',
        '  body-json: { path: status, equals: ok }',
        '- name: often',
        '  url: https://often.example.com/',
        '  interval: 10ms',
        '- name: gone',
      ].join('\n'),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^input "targets": got "not a url"; expected for target "api", key "url": an absolute http\(s\) URL$/,
      ),
      expect.stringMatching(
        /got "299-200"; expected for target "web", key "expect-status": "299-200" runs backwards/,
      ),
      expect.stringMatching(
        /for target "jobs": "expect_status" is not a key of a target; the keys are name, url, .*expect-status/,
      ),
      expect.stringMatching(
        /got "-5"; expected for target "slow", key "max-latency-ms": a whole number of milliseconds >= 1/,
      ),
      expect.stringMatching(/got "0"; expected for target "slow", key "timeout-ms"/),
      expect.stringMatching(
        /for target "auth", header "Authorization": \$\{MISSING_TOKEN\} is not set in the step's env/,
      ),
      expect.stringMatching(/for target "json", key "body-json.path": a JSON path starts with \$/),
      expect.stringMatching(
        /got "10ms"; expected for target "often", key "interval": a duration such as .*, at least 100ms/,
      ),
      expect.stringMatching(/for target "gone", key "url": the URL to probe; it is missing/),
    ]);
  });

  test('status sets outside 100-599, duplicate names and no target at all are problems', () => {
    expect(problemsOf('- url: https://a.example.com/\n  expect-status: 200-700')).toEqual([
      expect.stringContaining('"200-700" is outside the HTTP codes 100-599'),
    ]);
    expect(problemsOf('https://a.example.com/\nhttps://a.example.com/')).toEqual([
      expect.stringContaining('two targets are named "a.example.com"'),
    ]);
    expect(problemsOf('# nothing\n')).toEqual([expect.stringContaining('at least one URL or target')]);
    expect(problemsOf('- [unclosed')).toEqual([expect.stringContaining('does not parse')]);
    expect(problemsOf('- 42')).toEqual([expect.stringContaining('target #1 must be a URL or a mapping')]);
  });
});
