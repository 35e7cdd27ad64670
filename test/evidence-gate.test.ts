import { readFile, writeFile, mkdtemp, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { cleanupStep, formatLeaks, runStep, type StepResult } from '@deploy-actions/harness';
import { startArtifactService, type ArtifactService } from './support/artifact-service.ts';
import { startGitHubApi, type CheckRunInput, type GitHubApi } from './support/github-api.ts';
import { makeZip } from './support/zip.ts';

const GITHUB_TOKEN = 'ghs_evidenceGateJobToken0123456789abcdef';
// The harness's GITHUB_SHA and GITHUB_REPOSITORY.
const SHA = 'ffac537e6cbbf934b08745a378932722df287a53';
const DIGEST = 'c'.repeat(8) + '0123456789abcdef'.repeat(3) + 'd'.repeat(8);
const IMAGE = `registry.fly.io/acme-web@sha256:${DIGEST}`;
const OTHER_IMAGE = `registry.fly.io/acme-web@sha256:${'e'.repeat(64)}`;

// Each step starts Node 24 on the shared bundle; a loaded two-core machine needs seconds per step.
jest.setTimeout(120_000);

let service: ArtifactService;
let github: GitHubApi;
const results: StepResult[] = [];

beforeAll(async () => {
  [service, github] = await Promise.all([startArtifactService(), startGitHubApi({ token: GITHUB_TOKEN })]);
}, 60_000);

afterAll(async () => {
  await Promise.all([service.close(), github.close()]);
});

afterEach(async () => {
  github.failWith(undefined);
  await Promise.all(results.splice(0).map(cleanupStep));
});

/** A distinct commit per test, so each test's checks are its own. */
function commit(n: number): string {
  return n.toString(16).padStart(40, 'a');
}

/** Runs the bundled evidence-gate with the job token and both stand-ins, as a workflow step would. */
async function gate(
  inputs: Record<string, string>,
  options: { onLog?: (line: string) => void; proofDir?: string } = {},
): Promise<StepResult> {
  const result = await runStep({
    action: 'evidence-gate',
    inputs: { ...(options.proofDir === undefined ? {} : { 'proof-dir': options.proofDir }), ...inputs },
    env: { GITHUB_TOKEN },
    runner: { GITHUB_API_URL: github.url },
    runtime: service.runtime,
    workflowSecrets: [GITHUB_TOKEN],
    timeoutMs: 90_000,
    ...(options.onLog === undefined ? {} : { onLog: options.onLog }),
  });
  results.push(result);
  expect(formatLeaks(result.leaks)).toBe(formatLeaks([]));
  return result;
}

const passing = (name: string): CheckRunInput => ({ name, status: 'completed', conclusion: 'success' });

function vitestReport(failed: string[]): string {
  return JSON.stringify({
    numTotalTests: 3,
    numPassedTests: 3 - failed.length,
    numFailedTests: failed.length,
    success: failed.length === 0,
    testResults: [
      {
        name: '/repo/src/cart.test.ts',
        assertionResults: [
          { fullName: 'cart adds an item', status: failed.includes('adds') ? 'failed' : 'passed' },
          { fullName: 'cart removes an item', status: 'passed' },
          { fullName: 'cart totals', status: 'passed' },
        ],
      },
    ],
  });
}

function lighthouseManifest(performance: number): string {
  return JSON.stringify([
    {
      url: 'https://acme-web.fly.dev/',
      summary: { performance, accessibility: 0.98, 'best-practices': 0.96 },
    },
  ]);
}

function junit(failures: number): string {
  const cases = Array.from({ length: 4 }, (_, i) =>
    i < failures
      ? `<testcase classname="api" name="case ${i}"><failure message="boom">expected 200</failure></testcase>`
      : `<testcase classname="api" name="case ${i}"/>`,
  ).join('');
  return `<?xml version="1.0"?><testsuites><testsuite name="api" tests="4" failures="${failures}" errors="0">${cases}</testsuite></testsuites>`;
}

/** The proof record the step wrote. */
async function proofRecord(
  result: StepResult,
): Promise<{ facts: { evidence: { name: string; verdict: string }[] } }> {
  const file = result.outputs['proof-file'] ?? '';
  return JSON.parse(await readFile(file, 'utf8')) as {
    facts: { evidence: { name: string; verdict: string }[] };
  };
}

describe('evidence-gate', () => {
  test('all evidence present: checks, a status, every report format and an assertion pass', async () => {
    const sha = commit(1);
    github.setCheckRuns(sha, [
      passing('test'),
      passing('e2e (ubuntu)'),
      passing('e2e (macos)'),
      { name: 'lint', status: 'completed', conclusion: 'skipped' },
    ]);
    github.setStatuses(sha, [
      { context: 'ci/preview', state: 'success', target_url: 'https://preview.example' },
    ]);
    await service.store('all-vitest', makeZip([{ name: 'report.json', data: vitestReport([]) }]));
    await service.store(
      'all-lighthouse',
      makeZip([
        { name: 'manifest.json', data: lighthouseManifest(0.93) },
        { name: 'lhr.html', data: '<html/>' },
      ]),
    );
    await service.store('all-junit', makeZip([{ name: 'reports/junit.xml', data: junit(0) }]));
    await service.store('all-coverage', makeZip([{ name: 'coverage.txt', data: '92%' }]));
    const result = await gate({
      sha,
      'required-checks': '- test\n- e2e (*)\n- { name: lint, allow: [skipped] }\n- ci/preview\n',
      'required-artifacts': [
        '- { name: all-vitest, file: report.json, format: vitest }',
        "- { name: all-lighthouse, file: manifest.json, expect: { path: '$[0].summary.performance', at-least: 0.9 } }",
        '- { name: all-lighthouse, file: ./manifest.json, format: lighthouse }',
        '- { name: all-junit, file: reports/junit.xml, format: junit }',
        '- name: all-coverage',
      ].join('\n'),
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ ok: 'true', missing: '', failed: '' });
    expect(result.log).toContain('all 10 piece(s) of evidence present and passing');
    expect(result.summary).toContain('Evidence gate ✅');
    expect(result.summary).toContain('e2e (macos)');
    expect(result.summary).toContain('skipped (allowed)');
    expect(result.summary).toContain('$[0].summary.performance is 0.93');
    expect(result.summary).toContain('4 test(s) in 1 suite(s), no failure or error');
    const record = await proofRecord(result);
    expect(record.facts.evidence.map((e) => `${e.name} ${e.verdict}`)).toEqual([
      'test pass',
      'e2e (ubuntu) pass',
      'e2e (macos) pass',
      'lint pass',
      'ci/preview pass',
      'all-vitest/report.json pass',
      'all-lighthouse/manifest.json pass',
      'all-lighthouse/./manifest.json pass',
      'all-junit/reports/junit.xml pass',
      'all-coverage pass',
    ]);
    const report = JSON.parse(await readFile(result.outputs.report ?? '', 'utf8')) as { evidence: unknown[] };
    expect(report.evidence).toHaveLength(10);
  });

  test('a failing check and a skipped one not allowed fail the gate, each named with what to do', async () => {
    const sha = commit(2);
    github.setCheckRuns(sha, [
      { name: 'test', status: 'completed', conclusion: 'failure' },
      { name: 'lint', status: 'completed', conclusion: 'skipped' },
      passing('build'),
    ]);
    const result = await gate({ sha, 'required-checks': 'test\nlint\nbuild' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ ok: 'false', failed: 'test\nlint', missing: '' });
    const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^test: failure\. Fix what made "test" end failure/),
        expect.stringMatching(/^lint: skipped\. .*allow: \[skipped\]/),
      ]),
    );
    expect(result.log).toMatch(/evidence-gate: 2 of 3 piece\(s\) of evidence missing or failing: test, lint/);
    expect(result.summary).toContain('❌ fail: failure');
  });

  test('a check still running fails at once with the default wait of 0s', async () => {
    const sha = commit(3);
    github.setCheckRuns(sha, [{ name: 'e2e', status: 'in_progress' }]);
    const result = await gate({ sha, 'required-checks': 'e2e' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ ok: 'false', missing: 'e2e', failed: '' });
    expect(result.log).toContain('e2e: still in_progress');
    expect(result.log).not.toContain('waiting up to');
  });

  test('a check still running is waited for, with progress, and passes once it concludes', async () => {
    const sha = commit(4);
    github.setCheckRuns(sha, [passing('test'), { name: 'e2e', status: 'queued' }]);
    const result = await gate(
      { sha, 'required-checks': 'test\ne2e', wait: '60s' },
      {
        onLog: (line) => {
          if (line.includes('waiting up to 1m for e2e'))
            github.setCheckRuns(sha, [passing('test'), passing('e2e')]);
        },
      },
    );
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain('waiting up to 1m for e2e');
    const reads = github
      .requests()
      .filter((r) => r.path.startsWith(`/repos/octo-org/service/commits/${sha}/check-runs`));
    expect(reads.length).toBeGreaterThanOrEqual(2);
  });

  test('a wait longer than the timeout stops before it, reporting the check still running', async () => {
    const sha = commit(10);
    github.setCheckRuns(sha, [{ name: 'e2e', status: 'in_progress' }]);
    const result = await gate({ sha, 'required-checks': 'e2e', wait: '1h', timeout: '10s' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ ok: 'false', missing: 'e2e' });
    expect(result.log).toContain('e2e: still in_progress');
    expect(result.summary).toContain('⏳ still running');
  });

  test('a missing artifact and a check that never ran are reported as missing', async () => {
    const sha = commit(5);
    github.setCheckRuns(sha, [passing('test')]);
    const result = await gate({
      sha,
      'required-checks': 'test\nsecurity-scan',
      'required-artifacts': '- name: playwright-report\n  file: results.json\n  format: playwright\n',
    });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.missing).toBe('security-scan\nplaywright-report/results.json');
    expect(result.log).toMatch(
      /playwright-report\/results\.json: run 1658821493 has no artifact named playwright-report/,
    );
  });

  test('a Vitest report with one failed test names the test', async () => {
    await service.store(
      'vitest-one-failed',
      makeZip([{ name: 'report.json', data: vitestReport(['adds']) }]),
    );
    const result = await gate({
      'required-artifacts': '- { name: vitest-one-failed, file: report.json, format: vitest }',
    });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.failed).toBe('vitest-one-failed/report.json');
    expect(result.log).toContain('1 of 3 test(s) failed: cart adds an item');
  });

  test('a Lighthouse score under the bar fails, by named format and by assertion', async () => {
    await service.store(
      'lighthouse-slow',
      makeZip([{ name: 'manifest.json', data: lighthouseManifest(0.72) }]),
    );
    const result = await gate({
      'required-artifacts': [
        '- { name: lighthouse-slow, file: manifest.json, format: lighthouse, min-score: 0.8 }',
        "- { name: lighthouse-slow, file: ./manifest.json, expect: { path: '$[0].summary.performance', at-least: 0.9 } }",
      ].join('\n'),
    });
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain('1 score(s) under 0.8: performance 0.72 < 0.8 (https://acme-web.fly.dev/)');
    expect(result.log).toContain('$[0].summary.performance is 0.72, under the bar of 0.9');
  });

  test('JUnit XML with failures fails and names the failing cases', async () => {
    await service.store('junit-failing', makeZip([{ name: 'junit.xml', data: junit(2) }]));
    const result = await gate({
      'required-artifacts': '- { name: junit-failing, file: junit.xml, format: junit }',
    });
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain('2 failure(s) and error(s) in 4 test(s): api case 0; api case 1');
  });

  test('artifacts of the newest successful run of a workflow on the commit, through the REST API', async () => {
    const sha = commit(6);
    const stored = await service.store(
      'ci-vitest',
      makeZip([{ name: 'report.json', data: vitestReport([]) }]),
      {
        otherRun: true,
      },
    );
    github.addWorkflowRun('ci.yml', { id: 555, head_sha: sha, conclusion: 'success' });
    github.addWorkflowRun('ci.yml', { id: 556, head_sha: sha, conclusion: 'failure' });
    github.setRunArtifacts(555, [{ id: stored.id, name: 'ci-vitest', size: stored.size, url: stored.url }]);
    const result = await gate({
      sha,
      workflow: 'ci.yml',
      'required-artifacts': '- { name: ci-vitest, file: report.json, format: vitest }',
    });
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain(`artifact ${stored.id} of run 555`);
    expect(github.requests().map((r) => r.path)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/repos\/octo-org\/service\/actions\/workflows\/ci\.yml\/runs\?.*head_sha=/),
        expect.stringMatching(/^\/repos\/octo-org\/service\/actions\/runs\/555\/artifacts/),
        `/repos/octo-org/service/actions/artifacts/${stored.id}/zip`,
      ]),
    );
  });

  test('a 403 token fails with the permissions the job needs and the GitHub request id', async () => {
    github.failWith(403);
    const result = await gate({ sha: commit(7), 'required-checks': 'test' });
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(/could not read the check runs of a+7 \(HTTP 403\)/);
    expect(result.log).toContain(
      'permissions: { checks: read, statuses: read, actions: read, deployments: read }',
    );
    expect(result.log).toMatch(/F00D:[0-9A-F]+/);
  });

  test('pagination past 100 check runs finds a check on the second page', async () => {
    const sha = commit(8);
    github.setCheckRuns(sha, [
      ...Array.from({ length: 149 }, (_, i) => passing(`shard ${i}`)),
      { name: 'deploy-check', status: 'completed', conclusion: 'failure' },
    ]);
    const result = await gate({ sha, 'required-checks': 'shard 120\ndeploy-check' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.failed).toBe('deploy-check');
    expect(result.log).toContain('read 150 check run(s) and status(es)');
    const pages = github
      .requests()
      .filter((r) => r.path.startsWith(`/repos/octo-org/service/commits/${sha}/check-runs`))
      .map((r) => new URL(r.path, 'http://x').searchParams.get('page') ?? '1');
    expect(pages).toEqual(['1', '2']);
  });

  test('a spent rate limit is waited out when it resets before the timeout, and refused when it does not', async () => {
    const sha = commit(9);
    github.setCheckRuns(sha, [passing('test')]);
    github.setRateLimit(0, 2);
    const waited = await gate({ sha, 'required-checks': 'test' });
    expect(waited.exitCode).toBe(0);
    expect(waited.log).toMatch(/rate limit is spent; waiting [\d.]+m?s for it to reset/);
    github.setRateLimit(0, 3600);
    const refused = await gate({ sha, 'required-checks': 'test', timeout: '30s' });
    github.setRateLimit(5000, 3600);
    expect(refused.exitCode).toBe(1);
    expect(refused.log).toMatch(
      /rate limit for this token is spent and resets in .*, after this step's timeout/,
    );
  });
});

describe('evidence-gate promotion-of', () => {
  let fixtures: string;
  beforeAll(async () => {
    fixtures = await mkdtemp(path.join(tmpdir(), 'evidence-gate-fixtures-'));
  });
  afterAll(async () => {
    await rm(fixtures, { recursive: true, force: true });
  });

  /** A proof record as fly-deploy or health-gate writes it. */
  function record(action: string, outcome: string, facts: object): string {
    return JSON.stringify({
      schema: 'deploy-actions/proof@1',
      action,
      startedAt: '2026-11-27T04:00:00.000Z',
      finishedAt: '2026-11-27T04:00:09.000Z',
      outcome,
      app: 'acme-web-staging',
      inputs: {},
      steps: [],
      facts,
    });
  }

  test('staging deployed and health-gated by proof-upload: its image is promoted', async () => {
    const proofDir = path.join(fixtures, 'staging-proof');
    await mkdir(proofDir);
    await writeFile(
      path.join(proofDir, 'fly-deploy-1.json'),
      record('fly-deploy', 'success', { image: IMAGE }),
    );
    await writeFile(path.join(proofDir, 'health-gate-1.json'), record('health-gate', 'success', {}));
    const upload = await runStep({
      action: 'proof-upload',
      inputs: { 'proof-dir': proofDir, name: 'staging-proof', 'deployment-environment': 'staging-a' },
      env: { GITHUB_TOKEN },
      runner: { GITHUB_API_URL: github.url },
      runtime: service.runtime,
      workflowSecrets: [GITHUB_TOKEN],
      timeoutMs: 90_000,
    });
    results.push(upload);
    expect(upload.exitCode).toBe(0);
    const result = await gate({ 'promotion-of': 'staging-a' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.image).toBe(IMAGE);
    expect(result.summary).toContain(`${IMAGE} passed staging-a&#39;s health gate`);
    expect(result.summary).toContain('<td>promotion of staging-a</td>');
  });

  test('an image staging never passed is refused: the newer deploy failed, the last good one ran another image', async () => {
    const payload = (image: string, health: string): object => ({
      schema: 'deploy-actions/deployment@1',
      outcome: health === 'success' ? 'success' : 'failure',
      images: [image],
      verdicts: [
        { action: 'fly-deploy', outcome: 'success' },
        { action: 'health-gate', outcome: health },
      ],
      artifact: 'deploy-proof',
    });
    github.addDeployment({
      environment: 'staging-b',
      sha: SHA,
      payload: payload(OTHER_IMAGE, 'success'),
      states: ['in_progress', 'success'],
    });
    github.addDeployment({
      environment: 'staging-b',
      sha: SHA,
      payload: payload(IMAGE, 'failure'),
      states: ['in_progress', 'failure'],
    });
    const result = await gate({ 'promotion-of': 'staging-b', image: IMAGE });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.image).toBeUndefined();
    expect(result.log).toContain(
      `staging-b never passed ${IMAGE}: its last successful deployment ran ${OTHER_IMAGE}`,
    );
    expect(result.outputs.failed).toBe('promotion of staging-b');
  });

  test('an environment never deployed to has no evidence to promote', async () => {
    const result = await gate({ 'promotion-of': 'staging-never' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.missing).toBe('promotion of staging-never');
    expect(result.log).toContain('staging-never has no successful deployment');
  });
});
