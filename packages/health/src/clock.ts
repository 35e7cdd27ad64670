import { setTimeout as sleep } from 'node:timers/promises';

/** Time as the gate sees it; tests inject a virtual one so that no test waits for real seconds. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    await sleep(Math.max(0, ms), undefined, { signal });
  },
};
