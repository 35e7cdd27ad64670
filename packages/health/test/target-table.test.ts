import { describe, expect, test } from '@jest/globals';
import { assessTarget, DEFAULT_POLICY, targetTable, type TargetReport } from '../src/index.ts';

// The table shows no tally: any will do.
const { tally } = assessTarget([], DEFAULT_POLICY);

const answered: TargetReport = {
  name: 'api',
  url: 'https://api.example.com/health',
  verdict: 'pass',
  reason: '3 successes in a row',
  attempts: 3,
  p50Ms: 12,
  p95Ms: 40,
  lastCode: '200',
  versionSeen: 'v7',
  tally,
  measurements: [],
};

const silent: TargetReport = {
  name: 'web',
  url: 'https://web.example.com/',
  verdict: 'fail',
  reason: '5 errors in a row',
  attempts: 5,
  lastProblem: 'connection refused',
  tally,
  measurements: [],
};

describe('targetTable', () => {
  test('without options: the bare verdict word, no latency columns, dashes for what is unknown', () => {
    expect(targetTable([answered, silent])).toEqual({
      kind: 'table',
      headers: ['Target', 'Verdict', 'HTTP', 'Attempts', 'Version answering', 'Last error'],
      rows: [
        ['api', 'pass: 3 successes in a row', '200', 3, 'v7', ''],
        ['web', 'fail: 5 errors in a row', '–', 5, '–', 'connection refused'],
      ],
    });
  });

  test('with latency and labels: p50 and p95 after HTTP, each verdict written as labelled', () => {
    const table = targetTable([answered, silent], {
      latency: true,
      verdictLabels: { pass: 'PASS', fail: 'FAIL', undecided: 'UNDECIDED' },
    });
    expect(table).toEqual({
      kind: 'table',
      headers: ['Target', 'Verdict', 'HTTP', 'p50', 'p95', 'Attempts', 'Version answering', 'Last error'],
      rows: [
        ['api', 'PASS: 3 successes in a row', '200', '12ms', '40ms', 3, 'v7', ''],
        ['web', 'FAIL: 5 errors in a row', '–', '–', '–', 5, '–', 'connection refused'],
      ],
    });
  });
});
