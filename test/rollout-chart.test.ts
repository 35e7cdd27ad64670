import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { FlyClient, type RolloutSpan } from '@deploy-actions/core';
import { startFlyEmulator, type FlyEmulator } from '@deploy-actions/fly-emulator';
import { cleanupStep, runStep, type StepResult } from '@deploy-actions/harness';
import { openBundle } from '@deploy-actions/proof-bundle';
import { startArtifactService, type ArtifactService } from './support/artifact-service.ts';

// The timeline chart end to end on the committed bundles: fly-deploy and rollback-on-failure draw their rollout in
// their summary and keep the spans in their proof record; proof-upload draws the same charts from those records in
// its summary and timeline.md.

const TOKEN = 'fo1_chartDeployToken0123456789abcdefABCDEF';
const APP = 'acme-web';
const V1 = 'registry.fly.io/acme-web:v1';
const V2 = 'registry.fly.io/acme-web:v2';
const CRASHING = 'registry.fly.io/acme-web:crash';

// Each step starts Node 24 on its bundle; a loaded two-core machine needs seconds per step.
jest.setTimeout(180_000);

let fly: FlyEmulator;
let service: ArtifactService;
let workDir: string;
let proofDir: string;
let machineIds: string[];
const results: StepResult[] = [];

beforeAll(async () => {
  [fly, service] = await Promise.all([
    startFlyEmulator({
      organizations: ['acme'],
      tokens: [{ token: TOKEN, org: 'acme', owner: 'deploy-bot@acme.test' }],
      images: {
        [V1]: { version: 'v1' },
        [V2]: { version: 'v2', commands: { 'bin/migrate': { exitCode: 0, durationMs: 100 } } },
        [CRASHING]: { version: 'crash', crash: 'on-start', exitCode: 2 },
      },
      apps: [{ name: APP, org: 'acme', image: V1, machines: 0 }],
      timing: { startMs: 50, stopMs: 20, restartDelayMs: 100, maxRestarts: 5 },
    }),
    startArtifactService(),
  ]);
  workDir = await mkdtemp(path.join(tmpdir(), 'rollout-chart-'));
  proofDir = path.join(workDir, 'proof');
  const client = new FlyClient({ token: TOKEN, apiUrl: fly.apiUrl });
  try {
    for (const region of ['ams', 'fra', 'ams']) {
      const m = await client.createMachine(APP, {
        region,
        config: {
          image: V1,
          restart: { policy: 'on-failure' },
          metadata: { fly_process_group: 'app', fly_platform_version: 'v2' },
          checks: {
            alive: { type: 'http', port: 8080, path: '/health', interval: '200ms', timeout: '1s' },
          },
        },
      });
      await client.waitForState(APP, m.id, { state: 'started', timeoutMs: 10_000 });
    }
    machineIds = (await client.listMachines(APP)).map((m) => m.id);
  } finally {
    await client.close();
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(results.splice(0).map(cleanupStep));
  await Promise.all([fly.close(), service.close()]);
  await rm(workDir, { recursive: true, force: true });
});

async function step(action: string, inputs: Record<string, string>): Promise<StepResult> {
  const result = await runStep({
    action,
    inputs: {
      app: APP,
      'api-url': fly.apiUrl,
      settle: '500ms',
      'wait-timeout': '20s',
      'proof-dir': proofDir,
      ...inputs,
    },
    env: { FLY_API_TOKEN: TOKEN },
    workflowSecrets: [TOKEN],
    secrets: [TOKEN],
    timeoutMs: 90_000,
  });
  results.push(result);
  return result;
}

/** The fenced mermaid blocks of a markdown text. */
function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1] ?? '');
}

async function spansOf(result: StepResult): Promise<RolloutSpan[]> {
  const record = JSON.parse(await readFile(result.outputs['proof-file'] ?? '', 'utf8')) as {
    spans?: RolloutSpan[];
  };
  return record.spans ?? [];
}

describe('the rollout timeline chart', () => {
  let canaryChart = '';
  let revertChart = '';
  let rollbackChart = '';

  test('a canary deploy: the release command, the canary, then every machine updated, started and checked', async () => {
    const result = await step('fly-deploy', {
      image: V2,
      strategy: 'canary',
      'release-command': 'bin/migrate',
    });
    expect(result.exitCode).toBe(0);
    const charts = mermaidBlocks(result.summary);
    expect(charts).toHaveLength(1);
    canaryChart = charts[0] ?? '';
    expect(canaryChart).toMatch(
      /^gantt\n {2}dateFormat x\n {2}axisFormat %H:%M:%S\n {2}todayMarker off\n {2}section release command [0-9a-f]+\n {2}run :done, \d+, \d+\n {2}section canary [0-9a-f]+\n {2}create :done, \d+, \d+\n/,
    );
    for (const id of machineIds) {
      expect(canaryChart).toMatch(
        new RegExp(
          `^  section machine ${id}\\n  update :done, \\d+, \\d+\\n  start :done, \\d+, \\d+\\n  checks :done, \\d+, \\d+$`,
          'm',
        ),
      );
    }
    expect(canaryChart).not.toContain('crit');
    // The record keeps the same spans as data: the command, the canary and the three machines, every span passed.
    const spans = await spansOf(result);
    expect(new Set(spans.map((s) => s.role))).toEqual(new Set(['release-command', 'canary', 'machine']));
    expect(new Set(spans.filter((s) => s.role === 'machine').map((s) => s.machine))).toEqual(
      new Set(machineIds),
    );
    expect(spans.every((s) => s.outcome === 'ok')).toBe(true);
  });

  test('a crash-loop revert: the failing machine crit, then its revert highlighted', async () => {
    const result = await step('fly-deploy', { image: CRASHING, strategy: 'rolling' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'rolled-back', failure: 'crash-loop' });
    const charts = mermaidBlocks(result.summary);
    expect(charts).toHaveLength(1);
    revertChart = charts[0] ?? '';
    const spearhead = (await spansOf(result)).find((s) => s.phase === 'restore')?.machine ?? '';
    expect(machineIds).toContain(spearhead);
    expect(revertChart).toMatch(
      new RegExp(
        `^  section machine ${spearhead}\\n  update :done, \\d+, \\d+\\n(  start :done, \\d+, \\d+\\n)?  (start|checks) \\(failed\\) :crit, \\d+, \\d+\\n  revert :active, \\d+, \\d+$`,
        'm',
      ),
    );
  });

  test('rollback-on-failure: every machine reverted; a rerun changes nothing and says there is no chart', async () => {
    const result = await step('rollback-on-failure', { 'to-image': V1 });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ 'rolled-back': 'true', 'restored-image': V1 });
    const charts = mermaidBlocks(result.summary);
    expect(charts).toHaveLength(1);
    rollbackChart = charts[0] ?? '';
    for (const id of machineIds) {
      expect(rollbackChart).toMatch(
        new RegExp(`^  section machine ${id}\\n  revert :active, \\d+, \\d+$`, 'm'),
      );
    }
    const again = await step('rollback-on-failure', { 'to-image': V1 });
    expect(again.outputs).toMatchObject({ 'rolled-back': 'false' });
    expect(mermaidBlocks(again.summary)).toEqual([]);
    expect(again.summary).toContain('No machine was changed, so there is no timeline chart.');
  });

  test("proof-upload draws the three charts from the records, in its summary and in the bundle's timeline.md", async () => {
    const result = await runStep({
      action: 'proof-upload',
      inputs: { 'proof-dir': proofDir, name: 'deploy-proof-chart' },
      runtime: service.runtime,
      timeoutMs: 60_000,
    });
    results.push(result);
    expect(result.exitCode).toBe(0);
    expect(mermaidBlocks(result.summary)).toEqual([canaryChart, revertChart, rollbackChart]);
    const zip = path.join(workDir, 'bundle.zip');
    await writeFile(zip, await service.download('deploy-proof-chart'));
    const bundle = await openBundle(zip);
    let timeline = '';
    try {
      for await (const chunk of (await bundle.open('timeline.md')) as AsyncIterable<Buffer>)
        timeline += chunk.toString('utf8');
    } finally {
      bundle.close();
    }
    expect(mermaidBlocks(timeline)).toEqual([canaryChart, revertChart, rollbackChart]);
  });
});
