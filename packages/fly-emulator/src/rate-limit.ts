import type { Rate } from './config.ts';

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets keyed by whatever the caller limits on (e.g. machine and action). */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();

  /** Takes one token for `key`; returns 0 when allowed, else the seconds to wait (for `Retry-After`). */
  take(key: string, rate: Rate, now = Date.now()): number {
    const bucket = this.#buckets.get(key) ?? { tokens: rate.burst, at: now };
    bucket.tokens = Math.min(rate.burst, bucket.tokens + ((now - bucket.at) / 1000) * rate.perSecond);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rate.perSecond));
  }
}
