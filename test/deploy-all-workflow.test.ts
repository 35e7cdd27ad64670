import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { repoRoot } from '@deploy-actions/harness';
import { readManifest } from '../actions/services-manifest/src/manifest.ts';

// deploy-all.yml wires three things by name that no linter connects: the matrix keys services-manifest emits, the
// proof artifact names the deploy jobs upload, and what the status job downloads and looks for.

interface Step {
  uses?: string;
  with?: Record<string, string>;
}
interface Workflow {
  jobs: {
    deploy: { with: Record<string, string>; secrets: Record<string, string> };
    status: { steps: Step[] };
  };
}

const workflow = parse(
  await readFile(path.join(repoRoot, '.github/workflows/deploy-all.yml'), 'utf8'),
) as Workflow;

describe('deploy-all.yml', () => {
  test('every matrix.service.<key> it passes on is a key services-manifest puts in each service', async () => {
    const manifest = readManifest(
      await readFile(path.join(repoRoot, 'examples/deploy-services.yml'), 'utf8'),
    );
    if (!manifest.ok) throw new Error(JSON.stringify(manifest.problems));
    const emitted = Object.keys(manifest.services[0] ?? {});
    const { deploy } = workflow.jobs;
    const used = [
      ...JSON.stringify([deploy.with, deploy.secrets]).matchAll(/matrix\.service\.([a-z-]+)/g),
    ].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((key) => !emitted.includes(key ?? ''))).toEqual([]);
  });

  test('the status job downloads and reads exactly the artifacts the deploy jobs upload', () => {
    const proofName = workflow.jobs.deploy.with['proof-name'];
    expect(proofName).toBe('deploy-proof-${{ matrix.service.name }}');
    const prefix = proofName?.replace('${{ matrix.service.name }}', '');
    const steps = workflow.jobs.status.steps;
    const download = steps.find((s) => s.uses?.startsWith('actions/download-artifact@'));
    const matrix = steps.find((s) => s.uses === '$/.github/actions/status-matrix');
    expect(download?.with?.pattern).toBe(`${prefix}*`);
    expect(matrix?.with?.['artifact-prefix']).toBe(prefix);
    expect(matrix?.with?.proofs).toBe(download?.with?.path);
  });
});
