import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ProofRecord } from '@deploy-actions/core';
import type { Manifest } from '@deploy-actions/proof-bundle';
import { publishSummary } from '../src/report.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'summary-'));
});
afterAll(async () => {
  delete process.env.GITHUB_STEP_SUMMARY;
  await rm(dir, { recursive: true, force: true });
});

describe('publishSummary', () => {
  test('the timeline in the summary stops at 500 steps and points at timeline.md for the rest', async () => {
    const summary = path.join(dir, 'summary.md');
    await writeFile(summary, '');
    process.env.GITHUB_STEP_SUMMARY = summary;
    const at = '2026-11-27T04:00:00.000Z';
    const record: ProofRecord = {
      schema: 'deploy-actions/proof@1',
      action: 'health-gate',
      startedAt: at,
      finishedAt: at,
      outcome: 'success',
      inputs: {},
      steps: Array.from({ length: 600 }, (_, i) => ({ at, what: `probe ${i}`, result: 'ok' as const })),
      facts: {},
    };
    const manifest = {
      name: 'p',
      outcome: 'success',
      verdicts: [],
      files: [],
      omitted: [],
      redactions: { total: 0, byKind: {} },
    };
    await publishSummary(
      manifest as unknown as Manifest,
      [{ bundlePath: 'proof/h.json', record }],
      undefined,
    );
    const text = await readFile(summary, 'utf8');
    expect(text).toContain('probe 499');
    expect(text).not.toContain('probe 500');
    expect(text).toContain('… 100 more in timeline.md');
  });
});
