import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { FlyClient } from '@deploy-actions/core';
import { startFlyEmulator, type FlyEmulator } from '@deploy-actions/fly-emulator';
import {
  cleanupStep,
  contractRecorder,
  formatLeaks,
  runStep,
  type StepResult,
} from '@deploy-actions/harness';
import { json, refusedUrl, startService, type FakeService } from './fixtures/health-services.ts';

// Each test runs the bundle for real: the gate takes seconds, and the cancel grace of the harness comes on top.
jest.setTimeout(120_000);

const TOKEN = 'fo1_healthGateToken0123456789abcdefABCD';
const HEALTH_TOKEN = 'hg-secret-4f1c9a7e2b6d';

let fly: FlyEmulator;
const contract = contractRecorder();
const services: FakeService[] = [];
const results: StepResult[] = [];

beforeAll(async () => {
  fly = await startFlyEmulator(
    {
      organizations: ['acme'],
      tokens: [{ token: TOKEN, org: 'acme' }],
      images: {
        'registry.fly.io/acme:v1': { version: 'v1' },
        'registry.fly.io/acme:v2': { version: 'v2' },
      },
      apps: [
        { name: 'web-new', org: 'acme', image: 'registry.fly.io/acme:v2', machines: 2 },
        { name: 'web-old', org: 'acme', image: 'registry.fly.io/acme:v1', machines: 1 },
        { name: 'web-mixed', org: 'acme', image: 'registry.fly.io/acme:v2', machines: 3 },
      ],
    },
    { onResponse: contract.onResponse },
  );
});

afterAll(async () => {
  await fly.close();
  expect(contract.violations()).toEqual([]);
});

afterEach(async () => {
  await Promise.all(results.splice(0).map(cleanupStep));
  await Promise.all(services.splice(0).map((s) => s.close()));
});

async function service(handle: Parameters<typeof startService>[0]): Promise<string> {
  const started = await startService(handle);
  services.push(started);
  return started.url;
}

async function gate(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<StepResult> {
  const result = await runStep({
    action: 'health-gate',
    inputs: { interval: '200ms', timeout: '45s', ...inputs },
    env,
    secrets: [TOKEN, HEALTH_TOKEN],
    timeoutMs,
  });
  results.push(result);
  return result;
}

interface ReportRow {
  name: string;
  verdict: string;
  reason: string;
  attempts: number;
  lastCode?: string;
  versionSeen?: string;
  decidedAtMs?: number;
  tally: { successes: number; failures: number; errors: number; consecutiveSuccesses: number };
  measurements: {
    offsetMs: number;
    code: string;
    outcome: string;
    reason: string;
    error?: string;
    machine?: string;
  }[];
}
interface MachineRowJson {
  name: string;
  machineId: string;
  verdict: string;
  reason: string;
  crashes: number;
}
interface Report {
  result: string;
  ended: string;
  durationMs: number;
  targets: ReportRow[];
  machines: MachineRowJson[];
}

async function report(result: StepResult): Promise<Report> {
  return JSON.parse(await readFile(result.outputs.report ?? '', 'utf8')) as Report;
}

function row(r: Report, name: string): ReportRow {
  const found = r.targets.find((t) => t.name === name);
  if (found === undefined) throw new Error(`no row ${name} in ${r.targets.map((t) => t.name).join(', ')}`);
  return found;
}

function expectNoLeaks(result: StepResult): void {
  expect(formatLeaks(result.leaks)).toBe(formatLeaks([]));
}

describe('health-gate (the bundle under Node 24, loopback services and the emulator)', () => {
  test('six services: one healthy, five failing each its own way, each decided by its limit', async () => {
    const refused = await refusedUrl();
    const targets = [
      `- name: healthy\n  url: ${fly.appUrl('web-new')}/health\n  body-json: { path: $.status, equals: ok }`,
      `- name: old-release\n  url: ${fly.appUrl('web-old')}/health`,
      `- name: refused\n  url: ${refused}`,
      `- name: unavailable\n  url: ${await service((_q, res) => json(res, 503, { status: 'down', version: 'v2' }))}`,
      `- name: degraded\n  url: ${await service((_q, res) => json(res, 200, { status: 'degraded', version: 'v2' }))}\n  body-json: { path: $.status, equals: ok }`,
      `- name: slow\n  url: ${await service((_q, res) => setTimeout(() => json(res, 200, { version: 'v2' }), 600))}\n  max-latency-ms: 150`,
    ].join('\n');
    const result = await gate({ targets, 'expect-version': 'v2' });

    expect(result.exitCode).toBe(1);
    expect(result.outputs.result).toBe('fail');
    expect(result.outputs['failed-targets']?.split(',').sort()).toEqual(
      ['degraded', 'old-release', 'refused', 'slow', 'unavailable'].sort(),
    );
    const r = await report(result);
    // Decided by the limits, not by the 45 s budget: every row has exactly the attempts its limit needs.
    expect(r.ended).toBe('decided');
    expect(row(r, 'healthy')).toMatchObject({ verdict: 'pass', attempts: 3, versionSeen: 'v2' });
    expect(row(r, 'old-release')).toMatchObject({ verdict: 'fail', attempts: 3, versionSeen: 'v1' });
    expect(row(r, 'old-release').reason).toBe(
      '3 failures in a row: old release answering: "v1", expected "v2"',
    );
    expect(row(r, 'refused')).toMatchObject({ verdict: 'fail', attempts: 5, lastCode: '000' });
    expect(row(r, 'refused').measurements.map((m) => m.error)).toEqual(Array(5).fill('refused'));
    expect(row(r, 'refused').reason).toBe(
      '5 errors in a row: connection refused (nothing listens at that host and port)',
    );
    expect(row(r, 'unavailable')).toMatchObject({ verdict: 'fail', attempts: 3, lastCode: '503' });
    expect(row(r, 'degraded').reason).toBe('3 failures in a row: $.status is "degraded", expected "ok"');
    expect(row(r, 'slow').reason).toMatch(
      /^3 failures in a row: too slow: answered in \d+ms, over max-latency-ms 150$/,
    );
    const lastProbe = Math.max(...r.targets.flatMap((t) => t.measurements.map((m) => m.offsetMs)));
    expect(lastProbe).toBeLessThan(45_000);

    for (const name of ['old-release', 'refused', 'unavailable', 'degraded', 'slow']) {
      expect(result.annotations).toContainEqual(
        expect.objectContaining({
          level: 'error',
          properties: expect.objectContaining({ title: `health-gate: ${name}` }),
        }),
      );
    }
    expect(result.summary).toContain('Health gate: FAIL');
    expect(result.summary).toMatch(
      /<th>Target<\/th><th>Verdict<\/th><th>HTTP<\/th><th>p50<\/th><th>p95<\/th><th>Attempts<\/th><th>Version answering<\/th><th>Last error<\/th>/,
    );
    expect(result.summary).toContain('old release answering');
    expect(result.log).toMatch(/refused #5: 000 in \d+ms, error: connection refused/);
    expectNoLeaks(result);
  });

  test('a service that becomes healthy after 3 s passes three probes later, not at the budget', async () => {
    let healthyFrom: number | undefined;
    const url = await service((_q, res) => {
      healthyFrom ??= Date.now() + 3000;
      if (Date.now() < healthyFrom) json(res, 503, { status: 'starting' });
      else json(res, 200, { status: 'ok', version: 'v2' });
    });
    const result = await gate({
      targets: url,
      'expect-version': 'v2',
      interval: '500ms',
      'failure-limit': '100',
    });
    expect(result.exitCode).toBe(0);
    const r = await report(result);
    expect(r).toMatchObject({ result: 'pass', ended: 'decided' });
    const outcomes = r.targets[0]?.measurements.map((m) => m.outcome) ?? [];
    const firstSuccess = outcomes.indexOf('success');
    expect(firstSuccess).toBeGreaterThan(0);
    expect(outcomes.slice(firstSuccess)).toEqual(['success', 'success', 'success']);
    expect(r.targets[0]?.measurements[firstSuccess]?.offsetMs).toBeGreaterThanOrEqual(2500);
  });

  test('a flapping service needs its successes in a row: inconclusive, which fails the step unless warn', async () => {
    const flapping = (): Promise<string> =>
      service((_q, res, seen) =>
        seen % 3 === 2 ? json(res, 503, { status: 'down' }) : json(res, 200, { status: 'ok' }),
      );
    const failing = await gate({ targets: await flapping(), timeout: '3s' });
    expect(failing.exitCode).toBe(1);
    expect(failing.outputs.result).toBe('inconclusive');
    const r = await report(failing);
    expect(r.ended).toBe('budget');
    expect(r.targets[0]).toMatchObject({ verdict: 'undecided' });
    expect(r.targets[0]?.tally.successes).toBeGreaterThanOrEqual(4);
    expect(r.targets[0]?.tally.failures).toBeGreaterThanOrEqual(2);
    expect(failing.annotations).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: expect.stringMatching(/^health-gate: inconclusive: no verdict within the budget/),
      }),
    );

    const warned = await gate({ targets: await flapping(), timeout: '3s', 'on-inconclusive': 'warn' });
    expect(warned.exitCode).toBe(0);
    expect(warned.outputs.result).toBe('inconclusive');
    expect(warned.annotations).toContainEqual(
      expect.objectContaining({ level: 'warning', message: expect.stringMatching(/inconclusive/) }),
    );

    const lenient = await gate({ targets: await flapping(), timeout: '10s', 'consecutive-successes': '2' });
    expect(lenient.outputs.result).toBe('pass');
  });

  test('dry-run records and reports a failing gate but never fails the step', async () => {
    const url = await service((_q, res) => json(res, 503, { status: 'down' }));
    const result = await gate({ targets: url, 'dry-run': 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.result).toBe('fail');
    expect(result.outputs['failed-targets']).toBe('127.0.0.1:' + new URL(url).port + '/health');
    expect(result.annotations).toContainEqual(
      expect.objectContaining({
        level: 'notice',
        message: expect.stringMatching(/^dry run: the gate would have failed/),
      }),
    );
    expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(result.summary).toContain('dry run');
    const proof = JSON.parse(await readFile(result.outputs['proof-file'] ?? '', 'utf8')) as {
      facts: { 'health-gate': Report };
    };
    expect(proof.facts['health-gate'].targets[0]?.measurements).toHaveLength(3);
  });

  test('header values from the env are sent, masked, and never written anywhere', async () => {
    const url = await service((req, res) =>
      req.headers.authorization === `Bearer ${HEALTH_TOKEN}`
        ? json(res, 200, { status: 'ok', version: 'v2', you: req.headers.authorization })
        : json(res, 401, { status: 'unauthorized' }),
    );
    const targets = `- name: private\n  url: ${url}\n  headers: { Authorization: "Bearer \${HEALTH_TOKEN}" }`;
    const result = await gate({ targets, 'expect-version': 'v2' }, { HEALTH_TOKEN });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.result).toBe('pass');
    expect(result.masks).toEqual(expect.arrayContaining([HEALTH_TOKEN, `Bearer ${HEALTH_TOKEN}`]));
    expect(result.stdout).toContain('::add-mask::');
    expectNoLeaks(result);
  });

  test('bad inputs fail before any probe, naming every target and key at once', async () => {
    const url = await service((_q, res) => json(res, 200, { status: 'ok' }));
    const targets = [
      `- name: api\n  url: ftp://example.com/health`,
      `- name: web\n  url: ${url}\n  expect-status: 299-200`,
      `- name: jobs\n  url: ${url}\n  expect_status: 200`,
      `- name: slow\n  url: ${url}\n  max-latency-ms: -5`,
    ].join('\n');
    const result = await gate({ targets, interval: '-2s', warmup: '-1s', 'failure-limit': '0' });
    expect(result.exitCode).toBe(1);
    const message = result.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(message).toMatch(/^health-gate: 7 invalid inputs:/);
    expect(message).toContain(
      'input "targets": got "ftp://example.com/health"; expected for target "api", key "url"',
    );
    expect(message).toContain('for target "web", key "expect-status": "299-200" runs backwards');
    expect(message).toContain('for target "jobs": "expect_status" is not a key of a target');
    expect(message).toContain('got "-5"; expected for target "slow", key "max-latency-ms"');
    expect(message).toContain('input "interval": got "-2s"');
    expect(message).toContain('input "warmup": got "-1s"');
    expect(message).toContain('input "failure-limit": got "0"');
    expect(services[0]?.requests).toHaveLength(0);
    expect(result.outputs.result).toBeUndefined();
  });

  test('the Fly gate catches a crash loop that the proxy hides between restarts', async () => {
    // An emulator of its own, so the machines start crashing when this test starts, not when the file did.
    const crashing = await startFlyEmulator(
      {
        organizations: ['acme'],
        tokens: [{ token: TOKEN, org: 'acme' }],
        images: { 'registry.fly.io/acme:v2-crashing': { version: 'v2', crash: 'after:1200', exitCode: 3 } },
        apps: [{ name: 'web-crashing', org: 'acme', image: 'registry.fly.io/acme:v2-crashing', machines: 2 }],
        timing: { restartDelayMs: 200, maxRestarts: 20 },
      },
      { onResponse: contract.onResponse },
    );
    try {
      const result = await gate({
        targets: `${crashing.appUrl('web-crashing')}/health`,
        'expect-version': 'v2',
        interval: '300ms',
        'consecutive-successes': '12',
        timeout: '10s',
        app: 'web-crashing',
        'fly-api-token': TOKEN,
        'api-url': crashing.apiUrl,
      });
      expect(result.exitCode).toBe(1);
      expect(result.outputs.result).toBe('fail');
      const r = await report(result);
      expect(r.machines).toHaveLength(2);
      // The release engine's watch stops at the first crash loop and names its machine; the other crashed too.
      expect(r.machines.map((m) => m.verdict)).toEqual(['fail', 'fail']);
      expect(r.machines.map((m) => m.reason)).toContainEqual(
        expect.stringMatching(
          /^machine \S+ \(ams, app\) is crash-looping: it exited \d+ times since the update \(exit codes 3, 3/,
        ),
      );
      for (const m of r.machines)
        expect(m.reason).toMatch(/is crash-looping|restarted during the gate: \d+ crash\(es\), exit codes 3/);
      expect(result.outputs['failed-targets']).toMatch(/machine \S+ \(ams\)/);
      expect(result.summary).toContain('Fly machines of web-crashing');
      expect(crashing.state().requests.filter((q) => q.method !== 'GET')).toEqual([]);
      expectNoLeaks(result);
    } finally {
      await crashing.close();
    }
  });

  test('the Fly gate passes a healthy app: machines started, checks passing, no restart', async () => {
    const result = await gate({
      targets: `${fly.appUrl('web-new')}/health`,
      'expect-version': 'v2',
      app: 'web-new',
      'fly-api-token': TOKEN,
      'api-url': fly.apiUrl,
    });
    expect(result.exitCode).toBe(0);
    const r = await report(result);
    expect(r.machines.map((m) => m.verdict)).toEqual(['pass', 'pass']);
    expect(r.result).toBe('pass');
  });

  test('per-machine probing finds the one machine still on the old release', async () => {
    const client = new FlyClient({ token: TOKEN, apiUrl: fly.apiUrl });
    try {
      const [stale] = await client.listMachines('web-mixed');
      if (stale === undefined) throw new Error('web-mixed has no machines');
      const updated = await client.updateMachine('web-mixed', stale.id, {
        config: { ...stale.config, image: 'registry.fly.io/acme:v1' },
      });
      await client.waitForState('web-mixed', stale.id, {
        state: 'started',
        ...(updated.version === undefined ? {} : { version: updated.version }),
        timeoutMs: 30_000,
      });
      const result = await gate({
        targets: `- name: web\n  url: ${fly.appUrl('web-mixed')}/health`,
        'expect-version': 'v2',
        app: 'web-mixed',
        'fly-api-token': TOKEN,
        'api-url': fly.apiUrl,
        'per-machine': 'true',
      });
      expect(result.exitCode).toBe(1);
      expect(result.outputs['failed-targets']).toBe(`web @ ${stale.id}`);
      const r = await report(result);
      expect(r.targets).toHaveLength(3);
      for (const t of r.targets) {
        const forced = t.name.slice('web @ '.length);
        // Every answer came from the machine it was forced to, not whichever the proxy picked.
        expect(t.measurements.every((m) => m.machine === forced)).toBe(true);
        if (forced === stale.id) {
          expect(t).toMatchObject({ verdict: 'fail', versionSeen: 'v1' });
          expect(t.reason).toBe('3 failures in a row: old release answering: "v1", expected "v2"');
        } else expect(t).toMatchObject({ verdict: 'pass', versionSeen: 'v2' });
      }
    } finally {
      await client.close();
    }
  });

  test('a token Fly refuses fails the step with what to do, before any probe', async () => {
    const probed = await startService((_q, res) => json(res, 200, { status: 'ok' }));
    services.push(probed);
    const result = await gate(
      {
        targets: probed.url,
        app: 'web-new',
        'api-url': fly.apiUrl,
      },
      { FLY_API_TOKEN: 'fo1_notAKnownToken0123456789abcdefXYZ' },
    );
    expect(result.exitCode).toBe(1);
    const message = result.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(message).toMatch(/^health-gate: .*401/);
    expect(message).toMatch(/What to do: .*token/i);
    expect(message).toMatch(/Fly request id: \S+/);
    expect(probed.requests).toHaveLength(0);
    expect(result.masks).toContain('fo1_notAKnownToken0123456789abcdefXYZ');
  });

  test('release-label picks the machines fly-deploy labelled; none labelled is a clear error, not a pass', async () => {
    const client = new FlyClient({ token: TOKEN, apiUrl: fly.apiUrl });
    try {
      const [labelled] = await client.listMachines('web-new');
      if (labelled === undefined) throw new Error('web-new has no machines');
      await client.setMetadata('web-new', labelled.id, 'deploy_actions_release', 'rel-42');
      const inputs = {
        targets: `${fly.appUrl('web-new')}/health`,
        'expect-version': 'v2',
        app: 'web-new',
        'fly-api-token': TOKEN,
        'api-url': fly.apiUrl,
      };
      const one = await gate({ ...inputs, 'release-label': 'rel-42' });
      expect(one.exitCode).toBe(0);
      expect((await report(one)).machines.map((m) => m.machineId)).toEqual([labelled.id]);

      const none = await gate({ ...inputs, 'release-label': 'rel-404' });
      expect(none.exitCode).toBe(1);
      expect(none.annotations.find((a) => a.level === 'error')?.message).toMatch(
        /^health-gate: app web-new has no machines labelled rel-404 to verify\nWhat to do: check release-label/,
      );
    } finally {
      await client.close();
    }
  });
});
