import { describe, expect, test } from '@jest/globals';
import { DeployActionError } from '@deploy-actions/core';
import { DeployFailure, RolloutTimeline, spanOutcomeOf, type Clock } from '../src/index.ts';

// The recorder on a hand-turned clock: every time it writes is one the test set, none is measured.

const T0 = Date.parse('2026-11-27T04:00:00.000Z');

function handClock(): Clock & { at(ms: number): void } {
  let now = T0;
  return {
    now: () => now,
    sleep: () => Promise.resolve(),
    at(ms: number) {
      now = T0 + ms;
    },
  };
}

const iso = (ms: number): string => new Date(T0 + ms).toISOString();

function crashOf(machineId: string): DeployFailure {
  return new DeployFailure('crash-loop', `machine ${machineId} is crash-looping`, {
    hint: 'fix it',
    diagnosis: { machineId, exitCodes: [4, 4], restartCount: 2 },
  });
}

describe('RolloutTimeline', () => {
  test('a span opened and closed carries its machine, role, phase, times from the clock and outcome', () => {
    const clock = handClock();
    const timeline = new RolloutTimeline(clock);
    clock.at(1000);
    const update = timeline.open('m1', 'update');
    expect(timeline.spans).toEqual([]);
    clock.at(1500);
    timeline.close(update, 'ok');
    expect(timeline.spans).toEqual([
      { machine: 'm1', role: 'machine', phase: 'update', start: iso(1000), end: iso(1500), outcome: 'ok' },
    ]);
  });

  test('lines in words keep their order and the clock time', () => {
    const clock = handClock();
    const timeline = new RolloutTimeline(clock);
    timeline.note('read app acme-web');
    clock.at(2000);
    timeline.note('lease 3 machines');
    expect(timeline.lines).toEqual([
      { at: iso(0), what: 'read app acme-web' },
      { at: iso(2000), what: 'lease 3 machines' },
    ]);
  });

  test('during: ok when the work returns, failed when it throws about its own machine (rethrown)', async () => {
    const clock = handClock();
    const timeline = new RolloutTimeline(clock);
    await expect(
      timeline.during('m1', 'start', () => {
        clock.at(300);
        return Promise.resolve('started');
      }),
    ).resolves.toBe('started');
    const crash = crashOf('m1');
    await expect(
      timeline.during('m1', 'checks', () => {
        clock.at(900);
        return Promise.reject(crash);
      }),
    ).rejects.toBe(crash);
    expect(timeline.spans.map((s) => [s.phase, s.start, s.end, s.outcome])).toEqual([
      ['start', iso(0), iso(300), 'ok'],
      ['checks', iso(300), iso(900), 'failed'],
    ]);
  });

  test("a sibling's failure or a cancellation stops a span rather than failing it", () => {
    expect(spanOutcomeOf(crashOf('m1'), 'm2')).toBe('stopped');
    expect(spanOutcomeOf(crashOf('m2'), 'm2')).toBe('failed');
    expect(spanOutcomeOf(new DeployActionError('cancelled', { code: 'cancelled' }), 'm2')).toBe('stopped');
    expect(spanOutcomeOf(new DeployActionError('out of time', { code: 'timeout' }), 'm2')).toBe('stopped');
    expect(spanOutcomeOf(new Error('connection reset'), 'm2')).toBe('failed');
  });

  test('closeOpen ends every span still open with the outcome given, and a later close changes nothing', () => {
    const clock = handClock();
    const timeline = new RolloutTimeline(clock);
    const a = timeline.open('m1', 'checks');
    const b = timeline.open('m2', 'start');
    timeline.close(a, 'ok');
    clock.at(4000);
    timeline.closeOpen('failed');
    timeline.close(b, 'ok');
    expect(timeline.spans.map((s) => [s.machine, s.end, s.outcome])).toEqual([
      ['m1', iso(0), 'ok'],
      ['m2', iso(4000), 'failed'],
    ]);
  });

  test('a machine keeps the role of its first span; record adds a span that already happened', () => {
    const clock = handClock();
    const timeline = new RolloutTimeline(clock);
    clock.at(100);
    timeline.record('c1', 'create', 'canary', T0 + 50, 'ok');
    timeline.close(timeline.open('c1', 'destroy', 'temporary'), 'ok');
    expect(timeline.spans).toEqual([
      { machine: 'c1', role: 'canary', phase: 'create', start: iso(50), end: iso(100), outcome: 'ok' },
      { machine: 'c1', role: 'canary', phase: 'destroy', start: iso(100), end: iso(100), outcome: 'ok' },
    ]);
  });

  test('lines and spans are copies: changing them does not change the timeline', () => {
    const timeline = new RolloutTimeline(handClock());
    timeline.note('one');
    timeline.close(timeline.open('m1', 'update'), 'ok');
    timeline.lines.push({ at: iso(0), what: 'injected' });
    timeline.spans.pop();
    expect(timeline.lines).toHaveLength(1);
    expect(timeline.spans).toHaveLength(1);
  });
});
