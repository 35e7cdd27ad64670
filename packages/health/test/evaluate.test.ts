import { describe, expect, test } from '@jest/globals';
import {
  assessTarget,
  DEFAULT_POLICY,
  judgeAnswer,
  type Measurement,
  type VersionCheck,
} from '../src/evaluate.ts';
import type { ProbeAnswer } from '../src/probe.ts';
import { parseTargets, type HealthTarget } from '../src/targets.ts';

function target(yaml: string): HealthTarget {
  const { targets, problems } = parseTargets(`- url: http://127.0.0.1:1/health\n${yaml}`, () => undefined);
  expect(problems).toEqual([]);
  return targets[0]!;
}

function answer(status: number, body: unknown, extra: Partial<ProbeAnswer> = {}): ProbeAnswer {
  return {
    status,
    headers: new Map(),
    body: typeof body === 'string' ? body : JSON.stringify(body),
    truncated: false,
    latencyMs: 10,
    ...extra,
  };
}

const V2: VersionCheck = { expected: 'v2', path: ['version'] };

describe('judgeAnswer', () => {
  const plain = target('  name: plain');
  test.each([
    [
      'no answer is an error',
      answer(0, '', {
        status: undefined,
        error: { kind: 'refused', detail: 'connection refused (ECONNREFUSED)' },
      }),
      'error',
      /connection refused/,
    ],
    [
      'a code outside expect-status fails',
      answer(503, { status: 'ok' }),
      'failure',
      /HTTP 503, expected 200-299/,
    ],
    ['a 200 passes', answer(200, 'fine'), 'success', /HTTP 200 in 10ms/],
  ])('%s', (_name, given, outcome, reason) => {
    const judged = judgeAnswer(plain, given);
    expect(judged.outcome).toBe(outcome);
    expect(judged.reason).toMatch(reason);
  });

  test('body-json: a different value fails, a missing path fails, a non-JSON body is inconclusive', () => {
    const t = target('  body-json: { path: $.status, equals: ok }');
    expect(judgeAnswer(t, answer(200, { status: 'ok' })).outcome).toBe('success');
    expect(judgeAnswer(t, answer(200, { status: 'degraded' }))).toEqual({
      outcome: 'failure',
      reason: '$.status is "degraded", expected "ok"',
    });
    expect(judgeAnswer(t, answer(200, { state: 'ok' })).reason).toBe('$.status is missing from the answer');
    expect(judgeAnswer(t, answer(200, '<html>ok</html>'))).toEqual({
      outcome: 'inconclusive',
      reason: 'the body is not JSON; cannot read $.status',
    });
    expect(judgeAnswer(t, answer(200, '{"status":"ok"', { truncated: true })).outcome).toBe('inconclusive');
  });

  test('max-latency-ms and body-contains', () => {
    const t = target('  max-latency-ms: 50\n  body-contains: ready');
    expect(judgeAnswer(t, answer(200, 'ready', { latencyMs: 51 })).reason).toBe(
      'too slow: answered in 51ms, over max-latency-ms 50',
    );
    expect(judgeAnswer(t, answer(200, 'starting')).reason).toBe('the body does not contain "ready"');
    expect(judgeAnswer(t, answer(200, 'ready')).outcome).toBe('success');
  });

  test('version: JSON path, header, body substring; another version is an old release answering', () => {
    expect(judgeAnswer(plain, answer(200, { version: 'v2' }), V2)).toMatchObject({
      outcome: 'success',
      version: 'v2',
    });
    expect(judgeAnswer(plain, answer(200, { version: 'v1' }), V2)).toEqual({
      outcome: 'failure',
      version: 'v1',
      reason: 'old release answering: "v1", expected "v2"',
    });
    expect(judgeAnswer(plain, answer(200, 'build v2 ready'), V2)).toMatchObject({
      outcome: 'success',
      version: 'v2',
    });
    expect(judgeAnswer(plain, answer(200, 'build v1 ready'), V2).outcome).toBe('failure');
    const byHeader: VersionCheck = { ...V2, header: 'x-release' };
    const headers = new Map([['x-release', 'v1']]);
    expect(judgeAnswer(plain, answer(200, { version: 'v2' }, { headers }), byHeader).reason).toMatch(
      /old release answering: "v1"/,
    );
    expect(judgeAnswer(plain, answer(200, { version: 'v2' }), byHeader)).toEqual({
      outcome: 'inconclusive',
      reason: 'cannot tell the version: the answer has no x-release header',
    });
  });

  test('values quoted from an answer are cut short', () => {
    const t = target('  body-json: { path: $.status, equals: ok }');
    expect(judgeAnswer(t, answer(200, { status: 'x'.repeat(500) })).reason.length).toBeLessThan(130);
  });
});

let attempt = 0;
function m(outcome: Measurement['outcome'], extra: Partial<Measurement> = {}): Measurement {
  attempt++;
  return {
    attempt,
    at: '2026-11-27T05:00:00.000Z',
    offsetMs: attempt * 2000,
    code: outcome === 'error' ? '000' : outcome === 'failure' ? '503' : '200',
    latencyMs: 10,
    outcome,
    reason: outcome,
    counted: true,
    ...extra,
  };
}

describe('assessTarget (limits counted as streaks)', () => {
  const policy = DEFAULT_POLICY;
  test('passes on the third success in a row, not before', () => {
    expect(assessTarget([m('success'), m('success')], policy).verdict).toBe('undecided');
    const three = assessTarget([m('success'), m('success'), m('success')], policy);
    expect(three).toMatchObject({ verdict: 'pass', reason: '3 successes in a row' });
  });

  test('a flapping target never strings three successes together', () => {
    const flapping = [m('success'), m('success'), m('failure'), m('success'), m('success'), m('failure')];
    expect(assessTarget(flapping, policy)).toMatchObject({
      verdict: 'undecided',
      tally: { successes: 4, failures: 2, consecutiveSuccesses: 0 },
    });
  });

  test('fails on failure-limit failures in a row, and on error-limit errors in a row', () => {
    expect(assessTarget([m('failure'), m('failure'), m('failure')], policy)).toMatchObject({
      verdict: 'fail',
      reason: '3 failures in a row: failure',
    });
    const errors = [1, 2, 3, 4].map(() => m('error'));
    expect(assessTarget(errors, policy).verdict).toBe('undecided');
    expect(assessTarget([...errors, m('error')], policy)).toMatchObject({
      verdict: 'fail',
      reason: '5 errors in a row: error',
    });
  });

  test('each kind breaks the other streaks; inconclusive breaks them all', () => {
    expect(assessTarget([m('failure'), m('failure'), m('error'), m('failure')], policy).verdict).toBe(
      'undecided',
    );
    expect(assessTarget([m('success'), m('success'), m('inconclusive'), m('success')], policy).verdict).toBe(
      'undecided',
    );
  });

  test('the first limit reached decides; later measurements are ignored', () => {
    const decided = assessTarget(
      [m('success'), m('success'), m('success'), m('failure'), m('failure'), m('failure')],
      policy,
    );
    expect(decided.verdict).toBe('pass');
  });

  test('uncounted measurements (cut by the budget) do not count', () => {
    const cut = [1, 2, 3, 4].map(() => m('error'));
    expect(assessTarget([...cut, m('error', { counted: false })], policy).verdict).toBe('undecided');
  });

  test('p95-latency-ms over the successful answers fails a target that would pass', () => {
    const slow = [
      m('success', { latencyMs: 100 }),
      m('success', { latencyMs: 120 }),
      m('success', { latencyMs: 900 }),
    ];
    expect(assessTarget(slow, { ...policy, p95LatencyMs: 500 })).toMatchObject({
      verdict: 'fail',
      reason: 'p95 latency 900ms of 3 successful answers is over p95-latency-ms 500',
    });
    expect(assessTarget(slow, { ...policy, p95LatencyMs: 900 }).verdict).toBe('pass');
  });
});
