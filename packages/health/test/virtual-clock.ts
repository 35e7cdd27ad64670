import type { Clock } from '../src/clock.ts';

/**
 * A clock whose time moves only when every task is idle: `run(promise)` lets pending work settle, then jumps to the
 * earliest sleeper's wake-up time, until the promise settles. Gate tests see real sequencing without real waiting.
 */
export function virtualClock(startMs = Date.UTC(2026, 10, 27, 5, 0, 0)): {
  clock: Clock;
  run: <T>(work: Promise<T>) => Promise<T>;
} {
  let now = startMs;
  const sleepers: { at: number; wake: () => void }[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        const aborted = (): void => reject(new DOMException('aborted', 'AbortError'));
        if (signal.aborted) return aborted();
        const sleeper = {
          at: now + Math.max(0, ms),
          wake: () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = (): void => {
          sleepers.splice(sleepers.indexOf(sleeper), 1);
          aborted();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        sleepers.push(sleeper);
      }),
  };
  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const run = async <T>(work: Promise<T>): Promise<T> => {
    let done = false;
    void work.finally(() => (done = true)).catch(() => undefined);
    for (let idle = 0; !done;) {
      await settle();
      if (done) break;
      sleepers.sort((a, b) => a.at - b.at);
      const next = sleepers.shift();
      if (next === undefined) {
        if (++idle > 1000) throw new Error('virtual clock: work is stuck with nothing asleep');
        continue;
      }
      idle = 0;
      now = Math.max(now, next.at);
      next.wake();
    }
    return work;
  };
  return { clock, run };
}
