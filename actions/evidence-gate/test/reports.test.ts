import { describe, expect, test } from '@jest/globals';
import type { RequiredArtifact } from '../src/inputs.ts';
import { judgeExpectation, judgeReport } from '../src/reports.ts';

function item(extra: Partial<RequiredArtifact>): RequiredArtifact & { file: string } {
  return { name: 'r', file: 'f', minScore: 0.9, ...extra };
}

describe('named report formats', () => {
  test('Jest and Vitest: failed tests and files that failed to run both fail', () => {
    const ok = JSON.stringify({ numFailedTests: 0, numTotalTests: 5, numRuntimeErrorTestSuites: 0 });
    expect(judgeReport(ok, item({ format: 'jest' }))).toEqual({ ok: true, detail: '5 test(s), none failed' });
    const crashed = JSON.stringify({ numFailedTests: 0, numTotalTests: 5, numRuntimeErrorTestSuites: 1 });
    expect(judgeReport(crashed, item({ format: 'vitest' }))).toMatchObject({
      ok: false,
      detail: '0 of 5 test(s) failed, 1 test file(s) failed to run',
    });
  });

  test('failed test names are listed, three at most', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const report = JSON.stringify({
      numFailedTests: 5,
      numTotalTests: 5,
      testResults: [{ assertionResults: names.map((fullName) => ({ fullName, status: 'failed' })) }],
    });
    expect(judgeReport(report, item({ format: 'vitest' }))).toMatchObject({
      detail: '5 of 5 test(s) failed: a; b; c and 2 more',
    });
  });

  test('Playwright counts unexpected results and shows flaky ones', () => {
    const report = JSON.stringify({ stats: { expected: 9, unexpected: 0, flaky: 2 } });
    expect(judgeReport(report, item({ format: 'playwright' }))).toEqual({
      ok: true,
      detail: '9 test(s) passed, 2 flaky',
    });
  });

  test('Lighthouse reads a single result too, and a missing score is not a pass', () => {
    const lhr = JSON.stringify({
      finalDisplayedUrl: 'https://x.dev/',
      categories: { performance: { score: 0.95 }, seo: { score: null } },
    });
    expect(judgeReport(lhr, item({ format: 'lighthouse' }))).toMatchObject({
      ok: false,
      detail: '1 score(s) under 0.9: seo has no score (https://x.dev/)',
    });
  });

  test('JUnit: a lone <testsuite>, counts from the cases when attributes are absent', () => {
    const xml = '<testsuite name="s"><testcase name="a"/><testcase name="b"><error/></testcase></testsuite>';
    expect(judgeReport(xml, item({ format: 'junit' }))).toMatchObject({
      ok: false,
      detail: '1 failure(s) and error(s) in 2 test(s): s b',
    });
  });

  test('JUnit: entities are never expanded', () => {
    const xml =
      '<!DOCTYPE t [<!ENTITY x "9">]><testsuites><testsuite tests="1" failures="0"><testcase name="&x;"/></testsuite></testsuites>';
    expect(judgeReport(xml, item({ format: 'junit' }))).toEqual({
      ok: true,
      detail: '1 test(s) in 1 suite(s), no failure or error',
    });
  });
});

describe('expect', () => {
  const path = (text: string, steps: (string | number)[]) => ({ path: steps, text });

  test('equals compares scalars exactly (0 is not "0", null is null)', () => {
    expect(judgeExpectation({ a: '0' }, { ...path('$.a', ['a']), equals: 0 }, 'f')).toMatchObject({
      ok: false,
      detail: '$.a is "0", expected 0',
    });
    expect(judgeExpectation({ a: null }, { ...path('$.a', ['a']), equals: null }, 'f')).toMatchObject({
      ok: true,
    });
  });

  test('at-most holds at the limit and fails over it', () => {
    expect(judgeExpectation({ n: 3 }, { ...path('$.n', ['n']), atMost: 3 }, 'f')).toMatchObject({ ok: true });
    expect(judgeExpectation({ n: 4 }, { ...path('$.n', ['n']), atMost: 3 }, 'f')).toMatchObject({
      ok: false,
      detail: '$.n is 4, over the limit of 3',
    });
  });

  test('a format and an expect must both hold', () => {
    const report = JSON.stringify({ numFailedTests: 0, numTotalTests: 2, coverage: 0.5 });
    expect(
      judgeReport(
        report,
        item({ format: 'vitest', expect: { ...path('$.coverage', ['coverage']), atLeast: 0.8 } }),
      ),
    ).toMatchObject({ ok: false, detail: '$.coverage is 0.5, under the bar of 0.8' });
  });
});
