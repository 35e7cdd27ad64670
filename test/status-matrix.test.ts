import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import type { ProofRecord } from '@deploy-actions/core';
import { startFlyEmulator } from '@deploy-actions/fly-emulator';
import { cleanupStep, formatLeaks, runStep, type StepResult } from '@deploy-actions/harness';
import type { ServiceStatus } from '../actions/status-matrix/src/proofs.ts';
import { json, startService } from './fixtures/health-services.ts';
import { healthyDeploy, proofRecord, writeProofBundle } from './support/proof-bundles.ts';

// status-matrix's bundle under Node 24, through the harness: deploy-all.yml's last job, reading the proof bundles
// actions/download-artifact extracted (one folder per artifact) through packages/proof-bundle.

// The last test runs fly-deploy and health-gate for real against the emulator first.
jest.setTimeout(120_000);

const ACTION = '.github/actions/status-matrix';
const results: StepResult[] = [];
const folders: string[] = [];

afterEach(async () => {
  await Promise.all(results.splice(0).map(cleanupStep));
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function proofsFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'status-matrix-'));
  folders.push(dir);
  return dir;
}

const SERVICES = [
  { name: 'web', app: 'acme-web', image: 'ignored' },
  { name: 'api', app: 'acme-api' },
  { name: 'worker', app: 'acme-worker' },
];

async function run(proofs: string, inputs: Record<string, string> = {}): Promise<StepResult> {
  const result = await runStep({
    action: ACTION,
    inputs: { services: JSON.stringify(SERVICES), proofs, ...inputs },
    runner: { GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: '42' },
  });
  results.push(result);
  expect(formatLeaks(result.leaks)).toBe(formatLeaks([]));
  return result;
}

/** The `statuses` output: one row per service, as status-matrix declares it. */
function statusesOf(result: StepResult): ServiceStatus[] {
  return JSON.parse(result.outputs.statuses ?? '') as ServiceStatus[];
}

describe('status-matrix', () => {
  test('every service healthy: one row each with image, release and proof; the step passes', async () => {
    const proofs = await proofsFolder();
    for (const { name, app } of SERVICES) {
      await writeProofBundle(
        path.join(proofs, `deploy-proof-${name}`),
        `deploy-proof-${name}`,
        healthyDeploy(app, `registry.fly.io/${app}:v2`, `v2-${name}`),
      );
    }
    const result = await run(proofs, { 'deploy-result': 'success' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ result: 'pass', 'failed-services': '' });
    const rows = statusesOf(result);
    expect(rows.map((r) => [r.service, r.status, r.gate, r.image, r.release, r.proof, r.ok])).toEqual([
      ['web', 'deployed', 'pass', 'registry.fly.io/acme-web:v2', 'v2-web', 'deploy-proof-web', true],
      ['api', 'deployed', 'pass', 'registry.fly.io/acme-api:v2', 'v2-api', 'deploy-proof-api', true],
      [
        'worker',
        'deployed',
        'pass',
        'registry.fly.io/acme-worker:v2',
        'v2-worker',
        'deploy-proof-worker',
        true,
      ],
    ]);
    expect(result.summary).toContain('Deploy status: 3 of 3 service(s) deployed and healthy');
    expect(result.summary).toContain('https://github.com/acme/shop/actions/runs/42');
  });

  test('one rolled back, one without proof, one altered: each shown as such, and the step fails naming them', async () => {
    const proofs = await proofsFolder();
    await writeProofBundle(path.join(proofs, 'deploy-proof-web'), 'deploy-proof-web', [
      proofRecord(
        'fly-deploy',
        'acme-web',
        { deploy: { status: 'rolled-back', image: 'registry.fly.io/acme-web:v3', releaseLabel: 'v3' } },
        'machine 0801 crash-looped on v3',
      ),
      proofRecord('rollback-on-failure', 'acme-web', { rollback: { restoredRelease: 'v2 (abc1234)' } }),
    ]);
    const api = path.join(proofs, 'deploy-proof-api');
    await writeProofBundle(
      api,
      'deploy-proof-api',
      healthyDeploy('acme-api', 'registry.fly.io/acme-api:v2', 'v2'),
    );
    await writeFile(path.join(api, 'records', '1-health-gate.json'), '{"tampered": true}\n');
    const result = await run(proofs, { 'deploy-result': 'failure' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ result: 'fail', 'failed-services': 'web,api,worker' });
    const rows = statusesOf(result);
    expect(rows[0]).toMatchObject({
      service: 'web',
      status: 'rolled-back',
      gate: 'not run',
      image: 'registry.fly.io/acme-web:v3',
      ok: false,
    });
    expect(rows[0]?.note).toMatch(
      /fly-deploy: machine 0801 crash-looped on v3; rolled back to v2 \(abc1234\)/,
    );
    expect(rows[1]).toMatchObject({ service: 'api', status: 'deployed', ok: false });
    expect(rows[1]?.note).toMatch(/does not match its manifest .*mismatch records\/1-health-gate.json/);
    expect(rows[2]).toMatchObject({ service: 'worker', status: 'no proof', proof: 'none', ok: false });
    expect(rows[2]?.note).toMatch(/no artifact deploy-proof-worker/);
    expect(result.summary).toContain('Deploy status: 0 of 3 service(s) deployed and healthy');
    expect(result.summary).toContain('The deploy matrix job ended with: failure.');
    expect(result.log).toMatch(/3 of 3 service\(s\) not deployed healthy/);
    expect(result.log).toMatch(/What to do: Open each failed service's deploy job log/);
  });

  test('a deployed service without a health gate (no health targets) is healthy; a failed gate is not', async () => {
    const proofs = await proofsFolder();
    await writeProofBundle(path.join(proofs, 'deploy-proof-web'), 'web', [
      proofRecord('fly-deploy', 'acme-web', {
        deploy: { status: 'deployed', image: 'i:2', releaseLabel: 'v2' },
      }),
    ]);
    await writeProofBundle(path.join(proofs, 'deploy-proof-api'), 'api', [
      proofRecord('fly-deploy', 'acme-api', {
        deploy: { status: 'deployed', image: 'i:2', releaseLabel: 'v2' },
      }),
      proofRecord('health-gate', 'acme-api', { 'health-gate': { result: 'fail' } }, 'api: 503'),
    ]);
    const result = await run(proofs, { services: JSON.stringify([SERVICES[0], SERVICES[1]]) });
    const rows = statusesOf(result);
    expect(rows.map((r) => [r.service, r.status, r.gate, r.ok])).toEqual([
      ['web', 'deployed', 'not run', true],
      ['api', 'deployed', 'fail', false],
    ]);
    expect(result.outputs['failed-services']).toBe('api');
    expect(result.exitCode).toBe(1);
  });

  test('all services healthy but the matrix job failed: the step still fails', async () => {
    const proofs = await proofsFolder();
    for (const { name, app } of SERVICES) {
      await writeProofBundle(
        path.join(proofs, `deploy-proof-${name}`),
        name,
        healthyDeploy(app, 'i:1', 'v1'),
      );
    }
    const result = await run(proofs, { 'deploy-result': 'cancelled' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.result).toBe('fail');
    expect(result.log).toMatch(/the deploy matrix job ended with: cancelled/);
  });

  test('the only artifact, which download-artifact extracts into the folder itself, is found by its manifest name', async () => {
    const proofs = await proofsFolder();
    await writeProofBundle(
      proofs,
      'deploy-proof-web',
      healthyDeploy('acme-web', 'registry.fly.io/acme-web:v2', 'v2'),
    );
    const result = await run(proofs, { services: JSON.stringify([SERVICES[0], SERVICES[1]]) });
    const rows = statusesOf(result);
    expect(rows.map((r) => [r.service, r.status, r.proof])).toEqual([
      ['web', 'deployed', 'deploy-proof-web'],
      ['api', 'no proof', 'none'],
    ]);
    expect(result.exitCode).toBe(1);
  });

  test('a garbled manifest.json is an unreadable proof, not a crash', async () => {
    const proofs = await proofsFolder();
    await mkdir(path.join(proofs, 'deploy-proof-web'), { recursive: true });
    await writeFile(path.join(proofs, 'deploy-proof-web', 'manifest.json'), '{"schema": "nope"');
    const result = await run(proofs);
    expect(result.exitCode).toBe(1);
    const rows = statusesOf(result);
    expect(rows[0]).toMatchObject({ status: 'unreadable proof', proof: 'deploy-proof-web', ok: false });
    expect(rows[0]?.note).toMatch(/manifest.json: not JSON/);
  });

  test('reads what the real fly-deploy and health-gate bundles recorded', async () => {
    const TOKEN = 'fo1_statusMatrixToken0123456789abcdefABCD';
    const V1 = 'registry.fly.io/acme-web:v1';
    const V2 = 'registry.fly.io/acme-web:v2';
    const fly = await startFlyEmulator({
      organizations: ['acme'],
      tokens: [{ token: TOKEN, org: 'acme' }],
      images: { [V1]: { version: 'v1' }, [V2]: { version: 'v2' } },
      apps: [{ name: 'acme-web', org: 'acme', image: V1, machines: 2 }],
      timing: { startMs: 50, stopMs: 20, restartDelayMs: 100, maxRestarts: 3 },
    });
    try {
      const records = await proofsFolder();
      const step = async (action: string, inputs: Record<string, string>): Promise<StepResult> => {
        const result = await runStep({
          action,
          inputs: { app: 'acme-web', 'api-url': fly.apiUrl, 'proof-dir': records, ...inputs },
          env: { FLY_API_TOKEN: TOKEN },
          workflowSecrets: [TOKEN],
          secrets: [TOKEN],
          timeoutMs: 60_000,
        });
        results.push(result);
        expect({ action, exitCode: result.exitCode }).toEqual({ action, exitCode: 0 });
        return result;
      };
      const deploy = await step('fly-deploy', {
        image: V2,
        strategy: 'immediate',
        settle: '500ms',
        'wait-timeout': '20s',
      });
      const service = await startService((_req, res) => json(res, 200, { status: 'ok' }));
      try {
        await step('health-gate', {
          targets: service.url,
          'release-label': deploy.outputs['release-label'] ?? '',
          interval: '200ms',
          timeout: '30s',
        });
      } finally {
        await service.close();
      }
      const written = await Promise.all(
        (await readdir(records)).map(
          async (name) => JSON.parse(await readFile(path.join(records, name), 'utf8')) as ProofRecord,
        ),
      );
      written.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
      const proofs = await proofsFolder();
      await writeProofBundle(path.join(proofs, 'deploy-proof-web'), 'deploy-proof-web', written);
      const result = await runStep({
        action: ACTION,
        inputs: { services: JSON.stringify([{ name: 'web', app: 'acme-web' }]), proofs },
      });
      results.push(result);
      expect(result.exitCode).toBe(0);
      const rows = statusesOf(result);
      expect(rows).toEqual([
        expect.objectContaining({
          service: 'web',
          status: 'deployed',
          gate: 'pass',
          image: deploy.outputs.image,
          release: deploy.outputs['release-label'],
          ok: true,
        }),
      ]);
      expect(deploy.outputs.image).toBe(V2);
    } finally {
      await fly.close();
    }
  });
});
