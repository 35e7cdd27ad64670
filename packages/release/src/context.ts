import { setTimeout as sleep } from 'node:timers/promises';
import { log, type FlyClient } from '@deploy-actions/core';

/** Where the engine reads the time and waits; tests pass a fake to run long waits instantly. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason once it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  async sleep(ms, signal) {
    try {
      await sleep(ms, undefined, signal === undefined ? undefined : { signal });
    } catch (e) {
      signal?.throwIfAborted();
      throw e;
    }
  },
};

/** Where the engine writes progress; defaults to core's redacting logger. */
export interface EngineLog {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

/** Everything an engine piece needs to act on one app. */
export interface EngineContext {
  /** The Machines API client (leases it takes are released on `close()`). */
  client: FlyClient;
  app: string;
  /** Aborted when the run is cancelled: every wait ends on it. */
  signal: AbortSignal;
  log: EngineLog;
  clock: Clock;
}

/** Builds an {@link EngineContext}, filling in core's logger and the system clock. */
export function engineContext(
  init: Pick<EngineContext, 'client' | 'app'> & Partial<Omit<EngineContext, 'client' | 'app'>>,
): EngineContext {
  return {
    client: init.client,
    app: init.app,
    signal: init.signal ?? new AbortController().signal,
    log: init.log ?? { info: (m) => log.info(m), warn: (m) => log.warn(m), debug: (m) => log.debug(m) },
    clock: init.clock ?? systemClock,
  };
}
