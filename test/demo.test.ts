import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, jest, test } from '@jest/globals';
import { INCIDENTS } from '../demo/incidents.ts';
import { runDemo, type DemoOutcome } from '../demo/run.ts';
import type { WorkflowRun } from '../demo/workflow/run-workflow.ts';

// The pipeline runs fly-deploy.yml twice and every step starts Node 24 on a bundle; on a loaded two-core machine a
// run takes minutes. A deadline against hanging, not a speed target.
jest.setTimeout(600_000);

const outputDirs: string[] = [];

afterAll(async () => {
  await Promise.all(outputDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function demo(scenario?: number): Promise<{ outcome: DemoOutcome; printed: string }> {
  const lines: string[] = [];
  const outcome = await runDemo(scenario === undefined ? {} : { scenario }, (text) => lines.push(text));
  outputDirs.push(outcome.outputDir);
  return { outcome, printed: lines.join('\n') };
}

function outcomes(run: WorkflowRun | undefined): Record<string, string> {
  // A third-party step has no id: it is keyed by its action without the pinned ref, so a new pin changes nothing here.
  return Object.fromEntries(
    (run?.steps ?? []).map((step): [string, string] => [
      step.id ?? step.uses.split('@')[0] ?? step.uses,
      step.outcome,
    ]),
  );
}

function leaks(outcome: DemoOutcome): string[] {
  return outcome.runs.flatMap(({ run }) =>
    run.steps.flatMap((step) =>
      (step.result?.leaks ?? []).map((leak) => `${step.name}: ${leak.where} (${leak.form})`),
    ),
  );
}

describe('npm run demo', () => {
  test('runs fly-deploy.yml twice on the emulator: v2 canary passes its gate, v3 crashes and is reverted, both proofs verify', async () => {
    const { outcome, printed } = await demo();
    expect(outcome.checks.failed()).toEqual([]);
    const [first, second] = outcome.runs.map((r) => r.run);
    expect(outcomes(first)).toEqual({
      'actions/checkout': 'not-run',
      preflight: 'success',
      evidence: 'success',
      deploy: 'success',
      gate: 'success',
      rollback: 'skipped',
      proof: 'success',
    });
    expect(first?.outputs).toMatchObject({ status: 'deployed', 'gate-result': 'pass' });
    expect(first?.steps[1]?.result?.annotations.map((a) => a.level)).toEqual(['warning']);
    expect(outcomes(second)).toMatchObject({
      deploy: 'failure',
      gate: 'skipped',
      rollback: 'success',
      proof: 'success',
    });
    const deploy = second?.steps.find((s) => s.id === 'deploy')?.result;
    expect(deploy?.outputs).toMatchObject({ status: 'rolled-back', failure: 'crash-loop' });
    expect(second?.steps.find((s) => s.id === 'rollback')?.result?.outputs.result).toBe('pass');
    expect(second?.conclusion).toBe('failure');
    expect(outcome.proofPaths).toHaveLength(2);
    expect(leaks(outcome)).toEqual([]);
    // What a newcomer sees: tables, the timeline, where the proofs are.
    expect(printed).toMatch(/│ Machine +│ Region/);
    expect(printed).toContain('Timeline of the whole run');
    expect(printed).toContain(`proof bundle (downloaded, verified): ${outcome.proofPaths[0]}`);
  });

  /** What each incident must end with, read from the steps themselves. */
  const endings: Record<number, (outcome: DemoOutcome) => void> = {
    1: (o) => {
      expect(outcomes(o.runs[0]?.run)).toMatchObject({
        preflight: 'failure',
        deploy: 'skipped',
        proof: 'success',
      });
      expect(o.proofPaths).toHaveLength(1);
    },
    2: (o) =>
      expect(o.runs[0]?.run.steps[0]?.result?.outputs['failed-targets']?.split(',').sort()).toEqual([
        'api',
        'billing',
        'jobs',
        'orders',
        'search',
      ]),
    3: (o) => expect(o.runs[0]?.run.steps[0]?.result?.outputs.invalid).toBe('DATABASE_URL'),
    4: (o) =>
      expect(o.runs[0]?.run.steps.map((s) => s.result?.outputs.status ?? s.result?.outputs.result)).toEqual([
        'deployed',
        'rolled-back',
        'pass',
      ]),
    5: (o) => {
      const [staging, production] = o.runs.map((r) => r.run);
      expect(production?.outputs.image).toBe(staging?.outputs.image);
      expect(production?.outputs.status).toBe('deployed');
    },
  };

  test.each(INCIDENTS.map((incident, i) => [i + 1, incident.title] as const))(
    '--scenario %i replays "%s" and the suite handles it as the story says',
    async (scenario) => {
      const { outcome } = await demo(scenario);
      expect(outcome.checks.failed()).toEqual([]);
      endings[scenario]?.(outcome);
      // Every incident checks something of its own, not only that steps ran.
      expect(outcome.checks.list.length).toBeGreaterThanOrEqual(5);
      expect(leaks(outcome)).toEqual([]);
    },
  );
});
