import type { FlyMachine, MachineConfig, MachineEvent } from '@deploy-actions/core';

/** One exit of a machine's process, read from an `exit` event (superfly/fly-go `machine_types.go`). */
export interface ExitRecord {
  exitCode: number | undefined;
  requestedStop: boolean;
  restarting: boolean;
  restartCount: number;
  oomKilled: boolean;
  timestamp: number;
}

/** The exit details of an `exit` event; fly-go reads `MonitorEvent.exit_event` first, then `exit_event`. */
export function exitRecord(event: MachineEvent): ExitRecord {
  const exit = event.request?.MonitorEvent?.exit_event ?? event.request?.exit_event ?? {};
  return {
    exitCode: exit.exit_code,
    requestedStop: exit.requested_stop ?? false,
    restarting: exit.restarting ?? false,
    restartCount: event.request?.restart_count ?? 0,
    oomKilled: exit.oom_killed ?? false,
    timestamp: event.timestamp ?? 0,
  };
}

/**
 * Where a machine's event history stood before a change: events at or before it belong to the old instance.
 * Fly's own timestamps are compared, never the runner's clock, so clock skew cannot hide an exit.
 */
export interface EventMark {
  timestamp: number;
  ids: ReadonlySet<string>;
}

/** The mark of a machine as read just before changing it. */
export function markEvents(machine: FlyMachine): EventMark {
  const events = machine.events ?? [];
  const newest = Math.max(0, ...events.map((e) => e.timestamp ?? 0));
  return { timestamp: newest, ids: new Set(events.flatMap((e) => (e.id === undefined ? [] : [e.id]))) };
}

/** Events that happened after the mark, oldest first. */
export function eventsSince(events: readonly MachineEvent[], mark: EventMark): MachineEvent[] {
  return events
    .filter((e) => (e.timestamp ?? 0) >= mark.timestamp && (e.id === undefined || !mark.ids.has(e.id)))
    .sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
}

/** Non-requested exits after the mark, oldest first: crashes, not stops or updates. */
export function crashesSince(events: readonly MachineEvent[], mark: EventMark): ExitRecord[] {
  return eventsSince(events, mark)
    .filter((e) => e.type === 'exit')
    .map(exitRecord)
    .filter((x) => !x.requestedStop);
}

/**
 * The newest `exit` event after the newest `start` (flyctl `GetLatestEventOfTypeAfterType("exit", "start")`): how
 * a release command's exit code is read.
 */
export function exitAfterStart(events: readonly MachineEvent[]): ExitRecord | undefined {
  const sorted = [...events].sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0));
  for (const event of sorted) {
    if (event.type === 'start') return undefined;
    if (event.type === 'exit') return exitRecord(event);
  }
  return undefined;
}

/** A launch that failed after the mark (the image could not be pulled or run), with Fly's reason if it gave one. */
export function launchFailureSince(events: readonly MachineEvent[], mark: EventMark): string | undefined {
  const failed = eventsSince(events, mark).find(
    (e) => e.status === 'failed' && (e.type === 'launch' || e.type === 'update' || e.type === 'start'),
  );
  if (failed === undefined) return undefined;
  const error = (failed.request as { error?: unknown } | undefined)?.error;
  return typeof error === 'string' && error !== '' ? error : `${failed.type} failed`;
}

/** How many health checks a config defines: top-level `checks` and every service's `checks`. */
export function configuredCheckCount(config: MachineConfig | undefined): number {
  const topLevel = Object.keys(config?.checks ?? {}).length;
  const services = (config?.services ?? []).reduce((n, s) => n + (s.checks?.length ?? 0), 0);
  return topLevel + services;
}
