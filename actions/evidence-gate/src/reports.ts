import { formatJsonPath, readJsonPath } from '@deploy-actions/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Expectation, ReportFormat, RequiredArtifact } from './inputs.ts';

/** What a report or assertion said: passed, or why not. */
export type ReportVerdict = { ok: true; detail: string } | { ok: false; detail: string; todo: string };

const MAX_NAMES = 3;
const MAX_NAME_LENGTH = 80;

function listNames(names: string[]): string {
  const shown = names
    .slice(0, MAX_NAMES)
    .map((n) => (n.length > MAX_NAME_LENGTH ? `${n.slice(0, MAX_NAME_LENGTH)}…` : n));
  const more = names.length > MAX_NAMES ? ` and ${names.length - MAX_NAMES} more` : '';
  return shown.length === 0 ? '' : `: ${shown.join('; ')}${more}`;
}

/** A name from a report: text or a number as written, anything else (an object where a name should be) empty. */
function nameText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownShape(what: string, missing: string): ReportVerdict {
  return {
    ok: false,
    detail: `not ${what} (${missing})`,
    todo: `Check the reporter: the file must be ${what}, or drop \`format\` and assert with \`expect\`.`,
  };
}

/** Vitest's and Jest's `--reporter=json` (`numFailedTests`, `testResults[].assertionResults[]`). */
function judgeTestJson(doc: unknown, label: string): ReportVerdict {
  if (!isRecord(doc) || typeof doc.numFailedTests !== 'number' || typeof doc.numTotalTests !== 'number') {
    return unknownShape(`a ${label} JSON report`, 'no numFailedTests and numTotalTests');
  }
  const failedNames: string[] = [];
  for (const file of Array.isArray(doc.testResults) ? doc.testResults : []) {
    if (!isRecord(file) || !Array.isArray(file.assertionResults)) continue;
    for (const test of file.assertionResults) {
      if (isRecord(test) && test.status === 'failed') {
        failedNames.push(nameText(test.fullName) || nameText(test.title) || '?');
      }
    }
  }
  const suiteErrors = typeof doc.numRuntimeErrorTestSuites === 'number' ? doc.numRuntimeErrorTestSuites : 0;
  if (doc.numFailedTests > 0 || suiteErrors > 0) {
    const errors = suiteErrors > 0 ? `, ${suiteErrors} test file(s) failed to run` : '';
    return {
      ok: false,
      detail: `${doc.numFailedTests} of ${doc.numTotalTests} test(s) failed${errors}${listNames(failedNames)}`,
      todo: 'Fix the failing tests and re-run the workflow on this commit.',
    };
  }
  return { ok: true, detail: `${doc.numTotalTests} test(s), none failed` };
}

/** Playwright's JSON reporter (`stats.expected`, `stats.unexpected`, `stats.flaky`). */
function judgePlaywright(doc: unknown): ReportVerdict {
  const stats = isRecord(doc) ? doc.stats : undefined;
  if (!isRecord(stats) || typeof stats.unexpected !== 'number' || typeof stats.expected !== 'number') {
    return unknownShape('a Playwright JSON report', 'no stats.expected and stats.unexpected');
  }
  const flaky = typeof stats.flaky === 'number' && stats.flaky > 0 ? `, ${stats.flaky} flaky` : '';
  if (stats.unexpected > 0) {
    return {
      ok: false,
      detail: `${stats.unexpected} test(s) failed, ${stats.expected} passed${flaky}`,
      todo: 'Fix the failing end-to-end tests and re-run the workflow on this commit.',
    };
  }
  return { ok: true, detail: `${stats.expected} test(s) passed${flaky}` };
}

/**
 * Lighthouse: lhci's `manifest.json` (a list of runs, each with `summary: { category: score }`) or one Lighthouse
 * result (`categories: { id: { score } }`). Every category of every run must reach `minScore`.
 */
function judgeLighthouse(doc: unknown, minScore: number): ReportVerdict {
  const runs: { url: string; scores: [string, unknown][] }[] = [];
  if (Array.isArray(doc)) {
    for (const run of doc) {
      if (!isRecord(run) || !isRecord(run.summary))
        return unknownShape('a Lighthouse CI manifest', 'a run without summary');
      runs.push({ url: typeof run.url === 'string' ? run.url : '', scores: Object.entries(run.summary) });
    }
  } else if (isRecord(doc) && isRecord(doc.categories)) {
    const scores = Object.entries(doc.categories).map(([id, category]): [string, unknown] => [
      id,
      isRecord(category) ? category.score : undefined,
    ]);
    runs.push({ url: typeof doc.finalDisplayedUrl === 'string' ? doc.finalDisplayedUrl : '', scores });
  }
  if (runs.length === 0 || runs.every((r) => r.scores.length === 0)) {
    return unknownShape('a Lighthouse report', 'neither a list of runs with summary nor categories');
  }
  const low: string[] = [];
  let count = 0;
  for (const run of runs) {
    for (const [category, score] of run.scores) {
      count++;
      const where = run.url === '' ? '' : ` (${run.url})`;
      if (typeof score !== 'number') low.push(`${category} has no score${where}`);
      else if (score < minScore) low.push(`${category} ${score} < ${minScore}${where}`);
    }
  }
  if (low.length > 0) {
    return {
      ok: false,
      detail: `${low.length} score(s) under ${minScore}${listNames(low)}`,
      todo: 'Improve the page (see the Lighthouse report in the artifact), or lower min-score deliberately.',
    };
  }
  return { ok: true, detail: `${count} score(s), all at least ${minScore}` };
}

const JUNIT_PARSER = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // No entity expansion at all: a report is data, and expanding entities is how XML bombs grow.
  processEntities: false,
  isArray: (name) => name === 'testsuite' || name === 'testcase',
});

/** JUnit XML (`<testsuites>` or `<testsuite>`): failures and errors must be 0. */
function judgeJUnit(text: string): ReportVerdict {
  const valid = XMLValidator.validate(text);
  if (valid !== true) return unknownShape('JUnit XML', `not XML: ${valid.err.msg} at line ${valid.err.line}`);
  const doc: unknown = JUNIT_PARSER.parse(text);
  if (!isRecord(doc)) return unknownShape('JUnit XML', 'no root element');
  const root = isRecord(doc.testsuites) ? doc.testsuites : doc;
  const suites = Array.isArray(root.testsuite) ? root.testsuite.filter(isRecord) : [];
  if (suites.length === 0) return unknownShape('JUnit XML', 'no <testsuites> or <testsuite> element');
  let tests = 0;
  let failed = 0;
  const failedNames: string[] = [];
  for (const suite of suites) {
    const cases = Array.isArray(suite.testcase) ? suite.testcase.filter(isRecord) : [];
    const failing = cases.filter((c) => c.failure !== undefined || c.error !== undefined);
    failedNames.push(
      ...failing.map((c) => `${nameText(c.classname) || nameText(suite.name)} ${nameText(c.name)}`.trim()),
    );
    // The attributes when a tool wrote them, else what the test cases show; a count that is not a number is not 0.
    const counts = new Map<string, number>();
    for (const key of ['failures', 'errors', 'tests']) {
      const value = suite[key];
      if (value === undefined) continue;
      if (!/^\s*\d+\s*$/.test(nameText(value))) {
        return unknownShape('JUnit XML', `${key}="${nameText(value).slice(0, 40)}" is not a count`);
      }
      counts.set(key, Number(value));
    }
    failed += Math.max((counts.get('failures') ?? 0) + (counts.get('errors') ?? 0), failing.length);
    tests += Math.max(counts.get('tests') ?? 0, cases.length);
  }
  if (failed > 0) {
    return {
      ok: false,
      detail: `${failed} failure(s) and error(s) in ${tests} test(s)${listNames(failedNames)}`,
      todo: 'Fix the failing tests and re-run the workflow on this commit.',
    };
  }
  return { ok: true, detail: `${tests} test(s) in ${suites.length} suite(s), no failure or error` };
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** Checks one value of a JSON document. */
export function judgeExpectation(doc: unknown, expectation: Expectation, file: string): ReportVerdict {
  const where = formatJsonPath(expectation.path);
  const found = readJsonPath(doc, expectation.path);
  if ('missing' in found) {
    return {
      ok: false,
      detail: `${where} is not in ${file}`,
      todo: `Check the path against the file's shape (the report may have changed format), e.g. ${expectation.text}.`,
    };
  }
  const value = found.value;
  const fail = (wanted: string): ReportVerdict => ({
    ok: false,
    detail: `${where} is ${describe(value)}, ${wanted}`,
    todo: 'Fix what the report measures, then re-run the workflow on this commit.',
  });
  if ('equals' in expectation) {
    return value === expectation.equals
      ? { ok: true, detail: `${where} is ${describe(value)}` }
      : fail(`expected ${describe(expectation.equals)}`);
  }
  if (typeof value !== 'number') return fail('not a number');
  if ('atLeast' in expectation) {
    return value >= expectation.atLeast
      ? { ok: true, detail: `${where} is ${value} (at least ${expectation.atLeast})` }
      : fail(`under the bar of ${expectation.atLeast}`);
  }
  return value <= expectation.atMost
    ? { ok: true, detail: `${where} is ${value} (at most ${expectation.atMost})` }
    : fail(`over the limit of ${expectation.atMost}`);
}

function judgeFormat(
  format: ReportFormat,
  text: string,
  doc: unknown,
  item: RequiredArtifact,
): ReportVerdict {
  switch (format) {
    case 'junit':
      return judgeJUnit(text);
    case 'vitest':
      return judgeTestJson(doc, 'Vitest');
    case 'jest':
      return judgeTestJson(doc, 'Jest');
    case 'playwright':
      return judgePlaywright(doc);
    case 'lighthouse':
      return judgeLighthouse(doc, item.minScore);
  }
}

/** Judges a file of an artifact by its named format and its `expect`; both must hold. */
export function judgeReport(text: string, item: RequiredArtifact & { file: string }): ReportVerdict {
  let doc: unknown;
  if (item.format !== 'junit' || item.expect !== undefined) {
    try {
      doc = JSON.parse(text) as unknown;
    } catch (error) {
      const reason = error instanceof Error ? error.message.slice(0, 100) : 'unreadable';
      return {
        ok: false,
        detail: `${item.file} is not JSON (${reason})`,
        todo: 'Check that the reporter writes JSON to this file and that the job finished writing it.',
      };
    }
  }
  const verdicts: ReportVerdict[] = [];
  if (item.format !== undefined) verdicts.push(judgeFormat(item.format, text, doc, item));
  if (item.expect !== undefined) verdicts.push(judgeExpectation(doc, item.expect, item.file));
  const failed = verdicts.find((v) => !v.ok);
  return failed ?? { ok: true, detail: verdicts.map((v) => v.detail).join('; ') };
}
