import { describe, expect, test } from '@jest/globals';
import type { FlyMachine, MachineEvent } from '@deploy-actions/core';
import {
  configuredCheckCount,
  crashesSince,
  exitAfterStart,
  launchFailureSince,
  markEvents,
} from '../src/index.ts';

function exit(
  id: string,
  timestamp: number,
  code: number,
  requested = false,
  restarting = true,
  restartCount = 0,
): MachineEvent {
  return {
    id,
    type: 'exit',
    status: 'stopped',
    timestamp,
    request: {
      exit_event: { exit_code: code, requested_stop: requested, restarting },
      restart_count: restartCount,
    },
  };
}
const start = (id: string, timestamp: number): MachineEvent => ({
  id,
  type: 'start',
  status: 'started',
  timestamp,
});

describe('events', () => {
  const before: FlyMachine = {
    id: 'm',
    state: 'started',
    events: [start('s0', 100), exit('x0', 90, 1)],
  } as FlyMachine;
  const mark = markEvents(before);

  test('crashes after the mark are the non-requested exits of the new instance, oldest first', () => {
    const events = [
      exit('x3', 400, 2, false, true, 1),
      exit('x2', 300, 2),
      exit('u', 150, 0, true),
      start('s1', 200),
      ...(before.events ?? []),
    ];
    expect(crashesSince(events, mark).map((c) => [c.exitCode, c.restartCount])).toEqual([
      [2, 0],
      [2, 1],
    ]);
  });

  test('an event at the same millisecond as the mark but new counts; the old ones never do', () => {
    expect(crashesSince([exit('same', 100, 9), exit('x0', 90, 1)], mark).map((c) => c.exitCode)).toEqual([9]);
  });

  test('exitAfterStart reads the newest exit after the newest start (how a release command ends)', () => {
    expect(exitAfterStart([exit('e2', 30, 3), start('s2', 20), exit('e1', 10, 0)])?.exitCode).toBe(3);
    expect(exitAfterStart([start('s2', 40), exit('e1', 10, 0)])).toBeUndefined();
    // MonitorEvent first, as fly-go's GetExitCode does.
    const monitor: MachineEvent = {
      type: 'exit',
      timestamp: 5,
      request: { MonitorEvent: { exit_event: { exit_code: 7 } }, exit_event: { exit_code: 1 } },
    };
    expect(exitAfterStart([monitor])?.exitCode).toBe(7);
  });

  test("a failed launch after the mark carries Fly's reason", () => {
    const failed: MachineEvent = {
      id: 'l',
      type: 'launch',
      status: 'failed',
      timestamp: 500,
      request: { error: 'image not found' },
    };
    expect(launchFailureSince([failed], mark)).toBe('image not found');
    expect(launchFailureSince([{ ...failed, timestamp: 50, id: 'old' }], mark)).toBeUndefined();
  });

  test('configured checks: top-level and per service', () => {
    expect(configuredCheckCount({ checks: { a: {}, b: {} }, services: [{ checks: [{}] }, {}] })).toBe(3);
    expect(configuredCheckCount(undefined)).toBe(0);
  });
});
