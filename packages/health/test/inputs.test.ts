import { afterEach, describe, expect, test } from '@jest/globals';
import { readInputs, type InputProblem } from '@deploy-actions/core';
import { clearInputs, setInputs, stubEnv } from '@deploy-actions/core/testing';
import { probeInputSpec, readTargetsInput } from '../src/index.ts';

afterEach(() => clearInputs());

describe('probeInputSpec', () => {
  test('the defaults both actions declare: no version expected, every 2 s, three successes in a row', () => {
    setInputs({});
    expect(readInputs(probeInputSpec)).toEqual({ interval: 2000, 'consecutive-successes': 3 });
  });

  test('the bounds: an interval under 100ms and zero successes are problems, each naming its input', () => {
    setInputs({ interval: '50ms', 'consecutive-successes': '0', 'expect-version': 'v7' });
    expect(() => readInputs(probeInputSpec)).toThrow(/interval[\s\S]*consecutive-successes/);
  });
});

describe('readTargetsInput', () => {
  test('not given: no targets and no problem', () => {
    const problems: InputProblem[] = [];
    expect(readTargetsInput(undefined, problems)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test("header values read `${VAR}` from the step's environment", () => {
    const restore = stubEnv({ PROBE_TOKEN_FOR_TEST: 'abc123-probe' });
    try {
      const problems: InputProblem[] = [];
      const targets = readTargetsInput(
        '- url: https://api.example.com/health\n  headers:\n    authorization: Bearer ${PROBE_TOKEN_FOR_TEST}\n',
        problems,
      );
      expect(problems).toEqual([]);
      expect(targets.map((t) => t.headers.get('authorization'))).toEqual(['Bearer abc123-probe']);
    } finally {
      restore();
    }
  });

  test('problems are added to the list given, beside those already there', () => {
    const problems: InputProblem[] = [{ input: 'interval', allowed: 'earlier problem' }];
    expect(readTargetsInput('not a url', problems)).toEqual([]);
    expect(problems.map((p) => p.input)).toEqual(['interval', 'targets']);
  });
});
