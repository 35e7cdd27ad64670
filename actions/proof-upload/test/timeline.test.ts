import { describe, expect, test } from '@jest/globals';
import type { ProofRecord } from '@deploy-actions/core';
import type { ManifestFile } from '@deploy-actions/proof-bundle';
import { factLines } from '../src/report.ts';
import { buildTimeline, overallOutcome, verdictsOf } from '../src/timeline.ts';

function record(action: string, outcome: ProofRecord['outcome'], startedAt: string): ProofRecord {
  return {
    schema: 'deploy-actions/proof@1',
    action,
    startedAt,
    finishedAt: startedAt,
    outcome,
    inputs: {},
    steps: [{ at: startedAt, what: 'line one\nline | two <b>', result: 'ok' }],
    facts: {},
  };
}

const file = (path: string, valid: boolean): ManifestFile => ({
  path,
  sha256: '0'.repeat(64),
  size: 1,
  source: 'record',
  redactions: {},
  record: valid ? { valid: true, action: 'x', outcome: 'success' } : { valid: false, problem: 'not JSON' },
});

describe('verdicts and the overall outcome', () => {
  const late = {
    bundlePath: 'proof/b.json',
    record: record('health-gate', 'success', '2026-11-27T04:05:00.000Z'),
  };
  const early = {
    bundlePath: 'proof/a.json',
    record: record('fly-deploy', 'success', '2026-11-27T04:01:00.000Z'),
  };

  test('verdicts come in the order the runs started', () => {
    expect(verdictsOf([late, early]).map((v) => v.action)).toEqual(['fly-deploy', 'health-gate']);
  });

  test('success only when every run succeeded and no record is broken; none without any record', () => {
    expect(overallOutcome(verdictsOf([early, late]), [file('proof/a.json', true)])).toBe('success');
    expect(
      overallOutcome(verdictsOf([early]), [file('proof/a.json', true), file('proof/x.json', false)]),
    ).toBe('failure');
    const cancelled = {
      bundlePath: 'proof/c.json',
      record: record('fly-deploy', 'cancelled', early.record.startedAt),
    };
    expect(overallOutcome(verdictsOf([cancelled]), [])).toBe('failure');
    expect(overallOutcome([], [])).toBe('none');
    expect(overallOutcome([], [file('proof/x.json', false)])).toBe('failure');
  });

  const run = {
    repository: 'o/r',
    sha: 'abcdef0123456789',
    ref: 'refs/heads/main',
    workflow: 'deploy',
    job: 'deploy',
    runId: '1',
    runAttempt: '1',
    actor: 'octocat',
    event: 'push',
    runUrl: 'https://github.com/o/r/actions/runs/1/attempts/1',
  };

  test('the timeline keeps each step on one markdown line', () => {
    const text = buildTimeline(run, [early], [file('proof/x.json', false)]);
    expect(text).toContain('- 04:01:00 ✅ line one line \\| two &lt;b>\n');
    expect(text).toContain('- proof/x.json: not JSON (kept, redacted)');
    // A run without spans (one that changed no machine) has no chart.
    expect(text).not.toContain('```mermaid');
  });

  test("a rollout's spans become its chart, under its steps", () => {
    const deployed = {
      bundlePath: 'proof/fly-deploy.json',
      record: {
        ...record('fly-deploy', 'failure', '2026-11-27T04:01:00.000Z'),
        spans: [
          {
            machine: 'm1',
            role: 'machine' as const,
            phase: 'checks' as const,
            start: '2026-11-27T04:01:01.000Z',
            end: '2026-11-27T04:01:03.000Z',
            outcome: 'failed' as const,
          },
          {
            machine: 'm1',
            role: 'machine' as const,
            phase: 'restore' as const,
            start: '2026-11-27T04:01:04.000Z',
            end: '2026-11-27T04:01:06.000Z',
            outcome: 'ok' as const,
          },
        ],
      },
    };
    const text = buildTimeline(run, [early, deployed], []);
    expect(text).toContain(
      [
        '- 04:01:00 ✅ line one line \\| two &lt;b>',
        '',
        '```mermaid',
        'gantt',
        '  dateFormat x',
        '  axisFormat %H:%M:%S',
        '  todayMarker off',
        '  section machine m1',
        '  checks (failed) :crit, 1795752061000, 1795752063000',
        '  revert :active, 1795752064000, 1795752066000',
        '```',
        '',
        'Record: `proof/fly-deploy.json`',
      ].join('\n'),
    );
    expect(text.match(/```mermaid/g)).toHaveLength(1);
  });
});

describe('factLines', () => {
  test('shows primitives one level deep, without the run context, and caps the list', () => {
    expect(
      factLines({ github: { runId: '1' }, release: { version: 3, image: 'x@sha256:1' }, ok: true }),
    ).toEqual(['release.version: 3', 'release.image: x@sha256:1', 'ok: true']);
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i]));
    expect(factLines(many)).toHaveLength(9);
    expect(factLines(many).at(-1)).toBe('… 4 more');
  });
});
