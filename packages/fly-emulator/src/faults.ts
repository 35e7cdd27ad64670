import picomatch from 'picomatch';
import type { Fault } from './config.ts';

/** What to do with a request before normal handling. */
export type FaultAction =
  | { kind: 'none' }
  | { kind: 'reset'; delayMs: number }
  | {
      kind: 'status';
      status: number;
      delayMs: number;
      retryAfterS: number;
      message?: string | undefined;
      code?: string | undefined;
    }
  | { kind: 'delay'; delayMs: number };

interface ArmedFault {
  fault: Fault;
  matches: (path: string) => boolean;
  remaining: number;
}

const RANDOM_STATUSES = [500, 502, 503, 504];

/** A deterministic PRNG (mulberry32): the same seed replays the same failures. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Configured and injected faults (first match wins, each used `times` times), then seeded random 5xx. */
export class FaultInjector {
  readonly #faults: ArmedFault[] = [];
  readonly #random: { next: () => number; errorRate: number } | undefined;

  constructor(faults: readonly Fault[], random?: { seed: number; errorRate: number }) {
    for (const fault of faults) this.add(fault);
    this.#random = random && { next: mulberry32(random.seed), errorRate: random.errorRate };
  }

  /** Arms one more fault. */
  add(fault: Fault): void {
    this.#faults.push({
      fault,
      matches: picomatch(fault.path, { dot: true }),
      remaining: fault.times ?? Infinity,
    });
  }

  /** Decides the fate of one request, consuming a use of the fault that matched. */
  decide(method: string, path: string): FaultAction {
    const armed = this.#faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.fault.method === undefined || f.fault.method.toUpperCase() === method) &&
        f.matches(path),
    );
    if (armed) {
      armed.remaining -= 1;
      const { status, delayMs = 0, reset, retryAfterS, message, code } = armed.fault;
      if (reset === true) return { kind: 'reset', delayMs };
      if (status !== undefined) return { kind: 'status', status, delayMs, retryAfterS, message, code };
      return { kind: 'delay', delayMs };
    }
    if (this.#random && this.#random.next() < this.#random.errorRate) {
      const status = RANDOM_STATUSES[Math.floor(this.#random.next() * RANDOM_STATUSES.length)]!;
      return { kind: 'status', status, delayMs: 0, retryAfterS: 1 };
    }
    return { kind: 'none' };
  }
}
