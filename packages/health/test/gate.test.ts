import { describe, expect, test } from '@jest/globals';
import { DEFAULT_POLICY, type HealthPolicy } from '../src/evaluate.ts';
import { expandPerMachine, runHealthGate, type GateResult } from '../src/gate.ts';
import type { ProbeAnswer, Prober } from '../src/probe.ts';
import { parseTargets, type HealthTarget } from '../src/targets.ts';
import { virtualClock } from './virtual-clock.ts';

function targets(text: string): HealthTarget[] {
  return parseTargets(text, () => undefined).targets;
}

const ok = (body: unknown = { status: 'ok', version: 'v2' }): ProbeAnswer => ({
  status: 200,
  headers: new Map(),
  body: JSON.stringify(body),
  truncated: false,
  latencyMs: 5,
});
const refused: ProbeAnswer = {
  headers: new Map(),
  body: '',
  truncated: false,
  latencyMs: 1,
  error: { kind: 'refused', detail: 'connection refused (ECONNREFUSED)' },
};
const unavailable: ProbeAnswer = { ...ok(), status: 503 };

/** Runs the gate on a virtual clock; `answers(name, offsetMs)` plays each service. */
async function gate(
  list: HealthTarget[],
  answers: (name: string, offsetMs: number) => ProbeAnswer,
  policy: Partial<HealthPolicy> = {},
): Promise<{ result: GateResult; log: string[] }> {
  const { clock, run } = virtualClock();
  const start = clock.now();
  const log: string[] = [];
  const probe: Prober = async (target) => Promise.resolve(answers(target.name, clock.now() - start));
  const result = await run(
    runHealthGate({
      targets: list,
      policy: { ...DEFAULT_POLICY, ...policy },
      version: { expected: 'v2', path: ['version'] },
      probe,
      clock,
      logger: { info: (line) => log.push(line) },
    }),
  );
  return { result, log };
}

function offsets(result: GateResult, name: string): number[] {
  return result.targets.find((t) => t.name === name)?.measurements.map((m) => m.offsetMs) ?? [];
}

describe('runHealthGate on a virtual clock', () => {
  test('a healthy target passes on its third probe and the gate ends at once', async () => {
    const { result } = await gate(targets('http://a/'), () => ok());
    expect(result).toMatchObject({ result: 'pass', ended: 'decided', durationMs: 4000 });
    expect(offsets(result, 'a')).toEqual([0, 2000, 4000]);
  });

  test('a refusing target is decided after error-limit errors, long before the budget', async () => {
    const { result } = await gate(targets('http://good/\nhttp://down/'), (name) =>
      name === 'down' ? refused : ok(),
    );
    const down = result.targets.find((t) => t.name === 'down');
    expect(down).toMatchObject({
      verdict: 'fail',
      attempts: 5,
      lastCode: '000',
      reason: '5 errors in a row: connection refused (ECONNREFUSED)',
    });
    expect(result).toMatchObject({ result: 'fail', ended: 'decided', durationMs: 8000 });
  });

  test('a target that becomes healthy after 3 s passes three probes later, not at the budget', async () => {
    const { result } = await gate(targets('http://late/'), (_n, at) => (at < 3000 ? unavailable : ok()), {
      failureLimit: 10,
    });
    expect(result.result).toBe('pass');
    expect(offsets(result, 'late')).toEqual([0, 2000, 4000, 6000, 8000]);
    expect(result.durationMs).toBe(8000);
  });

  test('a flapping target never reaches three in a row: inconclusive at the budget', async () => {
    const { result, log } = await gate(
      targets('http://flap/'),
      (_n, at) => ((at / 2000) % 3 === 2 ? unavailable : ok()),
      {
        timeoutMs: 30_000,
      },
    );
    // The probe due at 30 s would start at the deadline, so the gate ends after the one at 28 s.
    expect(result).toMatchObject({ result: 'inconclusive', ended: 'budget', durationMs: 28_000 });
    expect(result.targets[0]).toMatchObject({ verdict: 'undecided', attempts: 15 });
    expect(log.filter((l) => l.startsWith('still waiting'))).toHaveLength(2);
  });

  test('warmup delays the first probe; an interval longer than the budget leaves one probe', async () => {
    const { result } = await gate(targets('http://a/'), () => ok(), {
      warmupMs: 5000,
      intervalMs: 60_000,
      timeoutMs: 90_000,
    });
    expect(offsets(result, 'a')).toEqual([5000, 65_000]);
    expect(result.result).toBe('inconclusive');
  });

  test('a target with its own interval keeps its own timer', async () => {
    const { result } = await gate(targets('- http://a/\n- name: b\n  url: http://b/\n  interval: 5s'), () =>
      ok(),
    );
    expect(offsets(result, 'a')).toEqual([0, 2000, 4000]);
    expect(offsets(result, 'b')).toEqual([0, 5000, 10_000]);
    expect(result.durationMs).toBe(10_000);
  });

  test('a probe cut short by the budget is recorded but not counted', async () => {
    const { clock, run } = virtualClock();
    const probe: Prober = async (_t, { timeoutMs, signal }) => {
      await clock.sleep(timeoutMs, signal);
      return { ...refused, latencyMs: timeoutMs, error: { kind: 'timeout', detail: 'no answer in time' } };
    };
    const result = await run(
      runHealthGate({
        targets: targets('http://hang/'),
        policy: { ...DEFAULT_POLICY, timeoutMs: 12_000 },
        probe,
        clock,
      }),
    );
    const ms = result.targets[0]?.measurements ?? [];
    expect(ms.map((x) => [x.offsetMs, x.counted])).toEqual([
      [0, true],
      [5000, true],
      [10_000, false],
    ]);
    expect(result.result).toBe('inconclusive');
  });

  test('expandPerMachine aims one copy per machine with fly-force-instance-id', () => {
    const list = targets(
      '- name: web\n  url: http://web/\n- name: ext\n  url: http://ext/\n  per-machine: false',
    );
    const expanded = expandPerMachine(list, ['m1', 'm2']);
    expect(expanded.map((t) => [t.name, t.machineId, t.headers.get('fly-force-instance-id')])).toEqual([
      ['web @ m1', 'm1', 'm1'],
      ['web @ m2', 'm2', 'm2'],
      ['ext', undefined, undefined],
    ]);
  });
});
