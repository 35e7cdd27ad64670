import { Checks } from './checks.ts';
import {
  callFlyDeploy,
  expectNoLeaks,
  fetchAndVerifyProof,
  stepById,
  type FlyDeployCall,
} from './fly-deploy-call.ts';
import type { DownloadedProof } from './proof-download.ts';
import { DEMO_SHA } from './stand-ins.ts';
import type { DemoServices } from './stand-ins.ts';
import { makeZip } from '../test/support/zip.ts';
import type { Print } from './terminal/report.ts';
import type { WorkflowRun } from './workflow/run-workflow.ts';

/** What the pipeline did, for the summary, the timeline and the tests. */
export interface PipelineResult {
  runs: { title: string; run: WorkflowRun }[];
  proofs: DownloadedProof[];
  checks: Checks;
  /** When the crash of the bad release was first reported, from the start of its rollout step (ms). */
  crashNoticedAfterMs?: number;
}

const TEST_REPORT =
  '<?xml version="1.0"?><testsuites><testsuite name="web" tests="3" failures="0" errors="0">' +
  '<testcase classname="web" name="renders the cart"/><testcase classname="web" name="takes an order"/>' +
  '<testcase classname="web" name="answers /health"/></testsuite></testsuites>';

/**
 * Sets up the commit's evidence as CI would have left it: the `test` and `lint` check runs passed, and the run's
 * `test-report` artifact holds a JUnit report with no failure.
 */
export async function recordEvidence(services: DemoServices): Promise<void> {
  services.github.setCheckRuns(DEMO_SHA, [
    { name: 'test', status: 'completed', conclusion: 'success' },
    { name: 'lint', status: 'completed', conclusion: 'success' },
  ]);
  await services.artifacts.store('test-report', makeZip([{ name: 'junit.xml', data: TEST_REPORT }]));
}

/**
 * fly-deploy.yml's `settle` for the demo's calls: how long each machine must stay healthy after its checks pass
 * before the rollout moves on. A crash on start is caught long before, and a short wait keeps the demo under a
 * minute (fly-deploy's default is 15 s per machine).
 */
export const DEMO_SETTLE = { settle: '2s' } as const;

/** The caller's `with:` both runs share: the app, canary, the health URL, secrets, checks and the test report. */
function callerInputs(services: DemoServices): Record<string, string> {
  return {
    app: services.fly.app,
    strategy: 'canary',
    'health-targets': services.fly.healthUrl,
    environment: 'production',
    'environment-url': services.fly.healthUrl.replace(/\/health$/, ''),
    // SENTRY_DSN is not among the caller's secrets: an important one, so a warning and the run goes on.
    'required-secrets': 'FLY_API_TOKEN: { level: critical, format: fly-token }\nSENTRY_DSN: important',
    'required-checks': 'test\nlint',
    'required-artifacts': '- { name: test-report, file: junit.xml, format: junit }',
    'api-url': services.fly.apiUrl,
  };
}

/** `all 3 on <image>` when every machine runs `image`, else each machine's image. */
function allOn(images: string[], image: string): string {
  return images.every((i) => i === image) ? `all ${images.length} on ${image}` : images.join(', ');
}

/**
 * The demo's main sequence, two runs of `.github/workflows/fly-deploy.yml` on a three-machine app: v2 with the
 * canary strategy (preflight warns about a missing important secret, the evidence passes, the gate passes), then v3,
 * which crashes on start (noticed within seconds, reverted automatically, rollback-on-failure verifies v2 healthy),
 * each run's proof uploaded, downloaded back and verified.
 */
export async function runPipeline(services: DemoServices, print: Print): Promise<PipelineResult> {
  const checks = new Checks(print);
  const { fly } = services;
  await recordEvidence(services);
  const secrets = { FLY_API_TOKEN: fly.token };
  const result: PipelineResult = { runs: [], proofs: [], checks };
  const before = await fly.machineImages();
  print(
    `Fly (${fly.kind}): app ${fly.app}, ${before.length} machine(s) on ${[...new Set(before)].join(', ')}\n`,
  );

  print(
    '━━ Run 1 of fly-deploy.yml: preflight and evidence, then v2 with the canary strategy and its health gate',
  );
  const first: FlyDeployCall = {
    title: 'run 1 (v2)',
    inputs: {
      ...callerInputs(services),
      ...DEMO_SETTLE,
      image: fly.images.healthy,
      'expect-version': fly.healthyVersion,
    },
    secrets,
    runId: 1658821001,
  };
  const run1 = await callFlyDeploy(services, first, print);
  result.runs.push({ title: first.title, run: run1 });
  print('\nWhat run 1 was expected to do:');
  checks.expect('preflight-secrets', stepById(run1, 'preflight')?.outcome, 'success');
  checks.expect(
    'preflight: missing important secret',
    stepById(run1, 'preflight')?.result?.outputs.missing,
    'SENTRY_DSN',
  );
  checks.expect('evidence-gate', stepById(run1, 'evidence')?.outcome, 'success');
  checks.expect('fly-deploy', stepById(run1, 'deploy')?.result?.outputs.status, 'deployed');
  checks.expect('health-gate', stepById(run1, 'gate')?.result?.outputs.result, 'pass');
  checks.expect('rollback-on-failure', stepById(run1, 'rollback')?.outcome, 'skipped');
  checks.expect('proof-upload', stepById(run1, 'proof')?.outcome, 'success');
  checks.expect(
    'workflow outputs status / gate-result',
    `${run1.outputs.status} / ${run1.outputs['gate-result']}`,
    'deployed / pass',
  );
  checks.expect(
    'machines',
    allOn(await fly.machineImages(), fly.images.healthy),
    `all ${before.length} on ${fly.images.healthy}`,
  );
  expectNoLeaks(checks, 'run 1', run1);
  const proof1 = await fetchAndVerifyProof(services, run1, 'run 1', checks, print, [fly.token]);
  if (proof1 !== undefined) result.proofs.push(proof1);

  print('\n━━ Run 2 of fly-deploy.yml: v3, whose process exits at start, rolling');
  const second: FlyDeployCall = {
    title: 'run 2 (v3)',
    // Rolling: the first machine (the spearhead) takes v3, crashes, and is put back on v2.
    inputs: { ...callerInputs(services), ...DEMO_SETTLE, image: fly.images.crashing, strategy: 'rolling' },
    secrets,
    runId: 1658821002,
  };
  const run2 = await callFlyDeploy(services, second, print);
  result.runs.push({ title: second.title, run: run2 });
  const deploy = stepById(run2, 'deploy');
  const crashLine = deploy?.result?.log.split('\n').findIndex((line) => /crash/i.test(line));
  print('\nWhat run 2 was expected to do:');
  checks.expect('fly-deploy status', deploy?.result?.outputs.status, 'rolled-back');
  checks.expect('fly-deploy failure', deploy?.result?.outputs.failure, 'crash-loop');
  if (deploy !== undefined && crashLine !== undefined && crashLine >= 0) {
    print(
      `   (the rollout step, crash found and revert included, took ${((deploy.finishedAt - deploy.startedAt) / 1000).toFixed(1)} s)`,
    );
    result.crashNoticedAfterMs = deploy.finishedAt - deploy.startedAt;
  }
  checks.expect('health-gate (after a failed deploy)', stepById(run2, 'gate')?.outcome, 'skipped');
  checks.expect('rollback-on-failure', stepById(run2, 'rollback')?.outcome, 'success');
  checks.expect('rollback verification on v2', stepById(run2, 'rollback')?.result?.outputs.result, 'pass');
  checks.expect('proof-upload (always)', stepById(run2, 'proof')?.outcome, 'success');
  checks.expect('run conclusion', run2.conclusion, 'failure');
  checks.expect(
    'machines',
    allOn(await fly.machineImages(), fly.images.healthy),
    `all ${before.length} on ${fly.images.healthy}`,
  );
  expectNoLeaks(checks, 'run 2', run2);
  const proof2 = await fetchAndVerifyProof(services, run2, 'run 2', checks, print, [fly.token]);
  if (proof2 !== undefined) result.proofs.push(proof2);
  return result;
}
