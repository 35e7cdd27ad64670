import { afterAll, afterEach, describe, expect, test } from '@jest/globals';
import { clearInputs, setInputs, stubEnv } from '@deploy-actions/core/testing';
import { getInputs } from '../src/inputs.ts';

const restore = stubEnv({
  GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
  GITHUB_REPOSITORY: 'octo-org/service',
});

afterEach(() => {
  clearInputs();
});

afterAll(restore);

describe('evidence-gate inputs', () => {
  test('required-checks: plain lines keep parentheses and spaces; a YAML list may allow skipped', () => {
    setInputs({ 'github-token': 't0ken-value', 'required-checks': 'test\ne2e (*)\n' });
    expect(getInputs().requiredChecks).toEqual([
      { pattern: 'test', allow: [] },
      { pattern: 'e2e (*)', allow: [] },
    ]);
    clearInputs();
    setInputs({
      'github-token': 't0ken-value',
      'required-checks': '- test\n- { name: lint, allow: [skipped, neutral] }',
    });
    expect(getInputs().requiredChecks).toEqual([
      { pattern: 'test', allow: [] },
      { pattern: 'lint', allow: ['skipped', 'neutral'] },
    ]);
  });

  test('defaults: the workflow commit and repository, this run, no wait, min-score 0.9', () => {
    setInputs({
      'github-token': 't0ken-value',
      'required-artifacts': '- { name: lh, file: m.json, format: lighthouse }',
    });
    expect(getInputs()).toMatchObject({
      sha: 'ffac537e6cbbf934b08745a378932722df287a53',
      owner: 'octo-org',
      repo: 'service',
      waitMs: 0,
      artifactRun: { kind: 'this-run' },
      requiredArtifacts: [{ name: 'lh', file: 'm.json', format: 'lighthouse', minScore: 0.9 }],
    });
  });

  test('an expect becomes a parsed path with one comparison', () => {
    setInputs({
      'github-token': 't0ken-value',
      'required-artifacts': "- { name: v, file: r.json, expect: { path: '$.numFailedTests', equals: 0 } }",
      workflow: 'ci.yml',
    });
    const inputs = getInputs();
    expect(inputs.requiredArtifacts[0]?.expect).toEqual({
      path: ['numFailedTests'],
      text: '$.numFailedTests',
      equals: 0,
    });
    expect(inputs.artifactRun).toEqual({ kind: 'workflow', workflow: 'ci.yml' });
  });
});
