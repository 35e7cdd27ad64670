// Hostile services against health-gate: each must end in a verdict within its limits, never hang the step, and
// never let a secret or a workflow command through. (Kept here until the suite's hostile framework lands.)
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { cleanupStep, formatLeaks, runStep, type StepResult } from '@deploy-actions/harness';
import {
  json,
  silentService,
  startService,
  tricklingService,
  type FakeService,
} from './fixtures/health-services.ts';

jest.setTimeout(120_000);

const HEALTH_TOKEN = 'hg-hostile-7d2e91c4a0f3';
const services: FakeService[] = [];
const results: StepResult[] = [];

afterEach(async () => {
  await Promise.all(results.splice(0).map(cleanupStep));
  await Promise.all(services.splice(0).map((s) => s.close()));
});

async function gate(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<StepResult> {
  const result = await runStep({
    action: 'health-gate',
    inputs: { interval: '200ms', timeout: '45s', ...inputs },
    env,
    secrets: [HEALTH_TOKEN],
    timeoutMs: 60_000,
  });
  results.push(result);
  return result;
}

interface Row {
  name: string;
  verdict: string;
  reason: string;
  attempts: number;
  measurements: { code: string; outcome: string; error?: string; reason: string; version?: string }[];
}

async function rows(result: StepResult): Promise<{ ended: string; targets: Row[] }> {
  return JSON.parse(await readFile(result.outputs.report ?? '', 'utf8')) as { ended: string; targets: Row[] };
}

function expectNoLeaks(result: StepResult): void {
  expect(formatLeaks(result.leaks)).toBe(formatLeaks([]));
}

describe('health-gate against hostile services', () => {
  test('a service that trickles its body is cut off at timeout-ms: an error, not a hang', async () => {
    const service = await tricklingService(300);
    services.push(service);
    const result = await gate({
      targets: `- name: trickle\n  url: ${service.url}\n  timeout-ms: 1000`,
      'error-limit': '2',
    });
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(1);
    const report = await rows(result);
    expect(report.ended).toBe('decided');
    expect(report.targets[0]).toMatchObject({ verdict: 'fail', attempts: 2 });
    expect(report.targets[0]?.measurements.map((m) => [m.code, m.outcome, m.error])).toEqual([
      ['200', 'error', 'timeout'],
      ['200', 'error', 'timeout'],
    ]);
    expect(report.targets[0]?.reason).toBe('2 errors in a row: the body was cut off: no answer in time');
  });

  test('a service that never answers is an error at each deadline, decided by error-limit', async () => {
    const service = await silentService();
    services.push(service);
    const result = await gate({
      targets: `- name: silent\n  url: ${service.url}\n  timeout-ms: 500`,
      'error-limit': '3',
    });
    expect(result.exitCode).toBe(1);
    const report = await rows(result);
    expect(report.targets[0]).toMatchObject({ verdict: 'fail', attempts: 3 });
    expect(report.targets[0]?.measurements.every((m) => m.code === '000' && m.error === 'timeout')).toBe(
      true,
    );
    expect(service.requests).toHaveLength(3);
  });

  test('a service echoing the auth header back (body, version header) never gets the token printed', async () => {
    const service = await startService((req, res) => {
      const auth = req.headers.authorization ?? '';
      res.setHeader('x-release', auth);
      json(res, 200, { status: auth, version: auth });
    });
    services.push(service);
    const targets = [
      `- name: echo`,
      `  url: ${service.url}`,
      `  headers: { Authorization: "Bearer \${HEALTH_TOKEN}" }`,
      `  body-json: { path: $.status, equals: ok }`,
    ].join('\n');
    const failing = await gate({ targets, 'expect-version': 'v2' }, { HEALTH_TOKEN });
    expect(failing.exitCode).toBe(1);
    expect((await rows(failing)).targets[0]?.reason).toBe(
      '3 failures in a row: $.status is "***", expected "ok"',
    );
    expectNoLeaks(failing);

    const byHeader = await gate(
      {
        targets: targets.replace(/\n {2}body-json.*$/, ''),
        'expect-version': 'v2',
        'version-header': 'x-release',
      },
      { HEALTH_TOKEN },
    );
    expect(byHeader.exitCode).toBe(1);
    expect((await rows(byHeader)).targets[0]?.reason).toBe(
      '3 failures in a row: old release answering: "***", expected "v2"',
    );
    expect(byHeader.summary).not.toContain(HEALTH_TOKEN);
    expectNoLeaks(byHeader);
  });

  test('workflow commands and huge bodies from a service are defused: quoted, cut, or inconclusive', async () => {
    const injecting = await startService((_q, res) =>
      json(res, 200, { status: '\n::add-mask::ok\n::error::pwned' }),
    );
    const huge = await startService((_q, res) =>
      json(res, 200, { status: 'ok', pad: 'x'.repeat(2 * 1024 * 1024) }),
    );
    services.push(injecting, huge);
    const targets = [
      `- name: injecting\n  url: ${injecting.url}\n  body-json: { path: $.status, equals: ok }`,
      `- name: huge\n  url: ${huge.url}\n  body-json: { path: $.status, equals: ok }`,
    ].join('\n');
    const result = await gate({ targets, timeout: '4s' });
    expect(result.exitCode).toBe(1);
    expect(result.masks).not.toContain('ok');
    expect(result.annotations.filter((a) => a.message === 'pwned')).toEqual([]);
    const report = await rows(result);
    expect(report.targets.find((t) => t.name === 'injecting')?.reason).toBe(
      '3 failures in a row: $.status is "\\n::add-mask::ok\\n::error::pwned", expected "ok"',
    );
    const big = report.targets.find((t) => t.name === 'huge');
    expect(big?.verdict).toBe('undecided');
    expect(big?.measurements[0]).toMatchObject({
      outcome: 'inconclusive',
      reason: 'the body is over 1 MiB and was not read to its end; cannot read $.status',
    });
  });
});
