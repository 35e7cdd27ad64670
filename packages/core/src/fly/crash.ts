import type { MachineEvent } from './schemas.ts';

/** How a machine's process last exited. */
export interface ExitDetails {
  exitCode: number | undefined;
  oomKilled: boolean;
  /** The exit was asked for (a stop or an update), not a crash. */
  requestedStop: boolean;
  /** Fly is restarting the machine after this exit. */
  restarting: boolean;
  restartCount: number;
  /** Event time, milliseconds since the epoch, when Fly sent one. */
  timestamp: number | undefined;
}

/** The newest `exit` event's details, or undefined when the machine has not exited. Order of `events` is irrelevant. */
export function exitDetails(events: readonly MachineEvent[]): ExitDetails | undefined {
  // The API lists newest first; sort anyway (stable, so untimed events keep that order) in case a caller merged lists.
  const newest = events
    .filter((e) => e.type === 'exit')
    .sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0))
    .at(0);
  if (newest === undefined) return undefined;
  const exit = newest.request?.exit_event ?? newest.request?.MonitorEvent?.exit_event ?? {};
  return {
    exitCode: exit.exit_code,
    oomKilled: exit.oom_killed ?? false,
    requestedStop: exit.requested_stop ?? false,
    restarting: exit.restarting ?? false,
    restartCount: newest.request?.restart_count ?? 0,
    timestamp: newest.timestamp,
  };
}

/**
 * flyctl's rule: the newest exit was not requested, Fly is restarting the machine, the exit code is non-zero and it
 * has restarted more than once.
 */
export function isCrashLooping(events: readonly MachineEvent[]): boolean {
  const exit = exitDetails(events);
  return (
    exit !== undefined &&
    !exit.requestedStop &&
    exit.restarting &&
    exit.exitCode !== undefined &&
    exit.exitCode !== 0 &&
    exit.restartCount > 1
  );
}
