import { describe, expect, test } from '@jest/globals';
import { liveTarget } from '../demo/fly-target.ts';
import { parseDemoArgs } from '../demo/run.ts';
import { summaryToText } from '../demo/terminal/summary-text.ts';
import { evaluateCondition, evaluateTemplate } from '../demo/workflow/expressions.ts';
import type { ExpressionScope } from '../demo/workflow/expressions.ts';
import { runWorkflow } from '../demo/workflow/run-workflow.ts';

function scope(failed: boolean): ExpressionScope {
  return {
    status: { failed, cancelled: false },
    contexts: {
      inputs: {
        'required-checks': '',
        'promotion-of': 'staging',
        image: 'registry.fly.io/web:v2',
        minutes: 30,
      },
      steps: {
        deploy: {
          outputs: { 'rollback-plan': '{"machines":[]}' },
          outcome: 'failure',
          conclusion: 'failure',
        },
        gate: { outputs: {}, outcome: 'skipped', conclusion: 'skipped' },
      },
      secrets: { FLY_API_TOKEN: 'FlyV1 fm2_x', github_token: 'ghs_y' },
    },
  };
}

describe("the demo's workflow interpreter: expressions as the runner evaluates them", () => {
  test('a step without if: runs on success() only', () => {
    expect(evaluateCondition(undefined, scope(false))).toBe(true);
    expect(evaluateCondition(undefined, scope(true))).toBe(false);
  });

  test('an if: without a status function means success() && (…)', () => {
    const condition = "${{ inputs.required-checks != '' || inputs.promotion-of != '' }}";
    expect(evaluateCondition(condition, scope(false))).toBe(true);
    expect(evaluateCondition(condition, scope(true))).toBe(false);
  });

  test('failure() and always() decide for themselves, and steps.<id>.outcome is read', () => {
    const rollback =
      "${{ failure() && steps.deploy.outputs.rollback-plan != '' && (steps.deploy.outcome == 'failure' || steps.gate.outcome == 'failure') }}";
    expect(evaluateCondition(rollback, scope(true))).toBe(true);
    expect(evaluateCondition(rollback, scope(false))).toBe(false);
    expect(evaluateCondition('${{ always() }}', scope(true))).toBe(true);
    expect(evaluateCondition('cancelled()', scope(true))).toBe(false);
  });

  test('templates keep their text; results become strings as the runner converts them', () => {
    expect(
      evaluateTemplate(
        'The deploy (${{ steps.deploy.outcome }}) or its gate (${{ steps.gate.outcome }}) failed.',
        scope(true),
      ),
    ).toBe('The deploy (failure) or its gate (skipped) failed.');
    expect(evaluateTemplate("${{ inputs.promotion-of != '' && inputs.image || '' }}", scope(false))).toBe(
      'registry.fly.io/web:v2',
    );
    expect(evaluateTemplate('${{ steps.evidence.outputs.image || inputs.image }}', scope(false))).toBe(
      'registry.fly.io/web:v2',
    );
    expect(evaluateTemplate('${{ inputs.minutes }}', scope(false))).toBe('30');
    expect(JSON.parse(evaluateTemplate('${{ toJSON(secrets) }}', scope(false)))).toEqual({
      FLY_API_TOKEN: 'FlyV1 fm2_x',
      github_token: 'ghs_y',
    });
    expect(evaluateTemplate("${{ '}}' }}", scope(false))).toBe('}}');
  });

  test('a call that does not match fly-deploy.yml is refused before any step, every problem named', async () => {
    await expect(
      runWorkflow({
        workflow: '.github/workflows/fly-deploy.yml',
        job: 'deploy',
        inputs: { application: 'acme-web' },
        secrets: {},
        githubToken: 'ghs_demo',
      }),
    ).rejects.toThrow(
      /input application is not defined in the workflow; input app is required and not given.*secret FLY_API_TOKEN is required/s,
    );
  });
});

describe("the demo's terminal rendering of step summaries", () => {
  test('HTML tables become aligned text tables; headings, paragraphs and lists keep their text', () => {
    const text = summaryToText(
      '<h2>Health gate ✅</h2>\n<p>2 targets &amp; 1 machine</p>\n' +
        '<table><tr><th>Target</th><th>HTTP</th></tr><tr><td>dashboard</td><td>200</td></tr>' +
        '<tr><td>api</td><td>000</td></tr></table>\n<ul><li>one</li></ul>',
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('▌ Health gate ✅');
    expect(lines[1]).toBe('2 targets & 1 machine');
    expect(lines).toContain('│ Target    │ HTTP │');
    expect(lines).toContain('│ dashboard │ 200  │');
    expect(lines).toContain('│ api       │ 000  │');
    expect(lines).toContain('  • one');
  });

  test('a Mermaid block is shown line by line, and a markdown table is aligned', () => {
    const text = summaryToText(
      '<h3>Timeline</h3>\n\n```mermaid\ngantt\n  dateFormat x\n  update :a1, 0, 1200\n```\n\n| a | bb |\n|---|---|\n| 1 | 2 |\n',
    );
    expect(text).toContain(
      '[chart: Mermaid, drawn by GitHub in the step summary]\n  gantt\n    dateFormat x',
    );
    expect(text).toContain('│ a │ bb │');
    expect(text).toContain('│ 1 │ 2  │');
    expect(summaryToText('<pre lang="mermaid"><code>gantt\n  title Rollout</code></pre>')).toBe(
      '[chart: Mermaid, drawn by GitHub in the step summary]\n    gantt\n      title Rollout',
    );
  });
});

describe('npm run demo arguments', () => {
  test('--scenario takes 1 to 5; a bad value is named with what is allowed', () => {
    expect(parseDemoArgs(['--scenario', '4'])).toEqual({ request: { scenario: 4 }, help: false });
    expect(parseDemoArgs([])).toEqual({ request: {}, help: false });
    expect(parseDemoArgs(['--scenario', 'six'])).toEqual({
      problems: ['--scenario "six" is not a scenario; allowed: 1 to 5'],
    });
    expect(parseDemoArgs(['--scenario', '0'])).toEqual({
      problems: ['--scenario "0" is not a scenario; allowed: 1 to 5'],
    });
    expect(parseDemoArgs(['--bogus'])).toEqual({ problems: [expect.stringContaining('--bogus')] });
    expect(parseDemoArgs(['--live', '--scenario', '2'])).toEqual({
      problems: [expect.stringContaining('--live runs the main pipeline only')],
    });
  });
});

describe('npm run live-contract', () => {
  test('names every missing FLY_LIVE_* variable at once, and points the pipeline at the Machines API', () => {
    expect(() => liveTarget({ FLY_LIVE_APP: 'throwaway' })).toThrow(
      /needs FLY_LIVE_TOKEN \(.*\), FLY_LIVE_IMAGE \(.*\), FLY_LIVE_CRASHING_IMAGE \(.*\)$/,
    );
    const target = liveTarget({
      FLY_LIVE_TOKEN: 'FlyV1 fm2_live',
      FLY_LIVE_APP: 'throwaway',
      FLY_LIVE_IMAGE: 'registry.fly.io/throwaway:good',
      FLY_LIVE_CRASHING_IMAGE: 'registry.fly.io/throwaway:crash',
    });
    expect(target).toMatchObject({
      kind: 'live',
      apiUrl: 'https://api.machines.dev',
      app: 'throwaway',
      healthUrl: 'https://throwaway.fly.dev/',
      images: { healthy: 'registry.fly.io/throwaway:good', crashing: 'registry.fly.io/throwaway:crash' },
    });
  });
});
