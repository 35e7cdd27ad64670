import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { findLeaks, formatLeaks } from '@deploy-actions/harness';
import type { Checks } from './checks.ts';
import { downloadProof } from './proof-download.ts';
import type { DownloadedProof } from './proof-download.ts';
import { DEMO_GITHUB_TOKEN } from './stand-ins.ts';
import type { DemoServices } from './stand-ins.ts';
import { printRunEnd, progressObserver } from './terminal/report.ts';
import type { Print } from './terminal/report.ts';
import { runWorkflow } from './workflow/run-workflow.ts';
import type { WorkflowRun } from './workflow/run-workflow.ts';

/** The reusable workflow the demo runs: the suite's one-app pipeline. */
export const FLY_DEPLOY_WORKFLOW = '.github/workflows/fly-deploy.yml';

/** One call of fly-deploy.yml. */
export interface FlyDeployCall {
  /** Shown in the timeline and the headings. */
  title: string;
  inputs: Record<string, string | number>;
  secrets: Record<string, string>;
  /** `github.run_id` of this run: each run's proof artifact gets its own default name. */
  runId: number;
}

/**
 * Runs `.github/workflows/fly-deploy.yml` as a caller's job would, against the stand-ins, printing its progress and
 * each step's summary.
 */
export async function callFlyDeploy(
  services: DemoServices,
  call: FlyDeployCall,
  print: Print,
): Promise<WorkflowRun> {
  const run = await runWorkflow({
    workflow: FLY_DEPLOY_WORKFLOW,
    job: 'deploy',
    inputs: call.inputs,
    secrets: call.secrets,
    githubToken: DEMO_GITHUB_TOKEN,
    github: { GITHUB_API_URL: services.github.url, GITHUB_RUN_ID: String(call.runId) },
    runtime: services.artifacts.runtime,
    observer: progressObserver(print),
  });
  printRunEnd(run, print);
  return run;
}

/** A step of a run by its `id:`. */
export function stepById(run: WorkflowRun, id: string): WorkflowRun['steps'][number] | undefined {
  return run.steps.find((step) => step.id === id);
}

/** Checks that no step of the run leaked a secret, in any form the harness looks for. */
export function expectNoLeaks(checks: Checks, title: string, run: WorkflowRun): void {
  const leaks = run.steps.flatMap((step) => step.result?.leaks ?? []);
  checks.expect(`${title}: secrets leaked by any step`, leaks.length, 0);
}

/**
 * Downloads the run's proof artifact back with the real artifact client and verifies it; records the checks and
 * prints where the bundle is.
 */
export async function fetchAndVerifyProof(
  services: DemoServices,
  run: WorkflowRun,
  title: string,
  checks: Checks,
  print: Print,
  secrets: string[],
): Promise<DownloadedProof | undefined> {
  const id = Number(stepById(run, 'proof')?.result?.outputs['artifact-id'] ?? '');
  const artifact = services.artifacts.artifacts().find((a) => a.id === id);
  if (
    !checks.expect(`${title}: proof artifact uploaded`, artifact !== undefined, true) ||
    artifact === undefined
  ) {
    return undefined;
  }
  const proof = await downloadProof(
    artifact.name,
    services.artifacts.runtime,
    path.join(services.outputDir, artifact.name),
  );
  checks.expect(`${title}: downloaded zip matches the uploaded digest`, proof.digestMatches, true);
  checks.expect(`${title}: files checked against the manifest`, proof.verify.checked > 0, true);
  checks.expect(
    `${title}: verify problems (hash mismatch, unlisted file, credential)`,
    proof.verify.problems.map((p) => `${p.kind} ${p.file}`).join(', ') || 'none',
    'none',
  );
  // The harness's own leak search (every encoding at every offset) over every file of the downloaded bundle.
  const entries = await readdir(proof.path, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries.filter((e) => e.isFile())) {
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(proof.path, file)] = await readFile(file, 'utf8');
  }
  // A Fly token is also looked for without its `FlyV1 ` scheme: the macaroon alone is the credential.
  const searched = [
    ...secrets.flatMap((s) => (s.startsWith('FlyV1 ') ? [s, s.slice(6)] : [s])),
    DEMO_GITHUB_TOKEN,
  ];
  const leaks = findLeaks(searched, {
    log: '',
    outputs: {},
    state: {},
    env: {},
    path: [],
    summary: '',
    annotations: [],
    files,
  });
  checks.expect(
    `${title}: the run's secrets in the downloaded bundle, in any encoding`,
    formatLeaks(leaks),
    formatLeaks([]),
  );
  print(`   proof bundle: ${proof.path}`);
  return proof;
}
