import { describe, expect, test } from '@jest/globals';
import { exitDetails, isCrashLooping } from '../../src/fly/crash.ts';
import type { MachineEvent } from '../../src/fly/schemas.ts';

function exit(
  timestamp: number,
  exitEvent: Record<string, unknown>,
  restartCount = 0,
  nested = false,
): MachineEvent {
  const request = nested ? { MonitorEvent: { exit_event: exitEvent } } : { exit_event: exitEvent };
  return {
    type: 'exit',
    status: 'stopped',
    source: 'flyd',
    timestamp,
    request: { ...request, restart_count: restartCount },
  };
}
const start = (timestamp: number): MachineEvent => ({ type: 'start', status: 'started', timestamp });

describe('exitDetails', () => {
  test('undefined when the machine never exited', () => {
    expect(exitDetails([start(1)])).toBeUndefined();
  });

  test('reads the newest exit whatever the order', () => {
    const events = [
      exit(100, { exit_code: 0, requested_stop: true }),
      start(300),
      exit(200, { exit_code: 1, oom_killed: true, restarting: true }, 2),
    ];
    expect(exitDetails(events)).toEqual({
      exitCode: 1,
      oomKilled: true,
      requestedStop: false,
      restarting: true,
      restartCount: 2,
      timestamp: 200,
    });
  });

  test('reads request.MonitorEvent.exit_event', () => {
    expect(exitDetails([exit(5, { exit_code: 137, restarting: true }, 3, true)])?.exitCode).toBe(137);
  });
});

describe('isCrashLooping', () => {
  test('non-zero, unrequested, restarting, restarted more than once', () => {
    expect(isCrashLooping([exit(1, { exit_code: 1, restarting: true }, 2)])).toBe(true);
  });

  test.each([
    ['only restarted once', { exit_code: 1, restarting: true }, 1],
    ['exit code 0', { exit_code: 0, restarting: true }, 5],
    ['stop was requested', { exit_code: 1, restarting: true, requested_stop: true }, 5],
    ['not restarting', { exit_code: 1, restarting: false }, 5],
    ['no exit code', { restarting: true }, 5],
  ])('not when %s', (_why, event, restarts) => {
    expect(isCrashLooping([exit(1, event, restarts)])).toBe(false);
  });

  test('a newer clean exit ends the loop', () => {
    const events = [
      exit(1, { exit_code: 1, restarting: true }, 3),
      exit(2, { exit_code: 0, requested_stop: true }, 3),
    ];
    expect(isCrashLooping(events)).toBe(false);
  });

  test('no events, no loop', () => {
    expect(isCrashLooping([])).toBe(false);
  });
});
