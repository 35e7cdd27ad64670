import { leaseNonce } from './ids.ts';

/** A lease held on a machine. */
export interface Lease {
  nonce: string;
  owner: string;
  description: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** The machine version when the lease was taken or last refreshed. */
  version: string;
}

/** A machine's lease slot: at most one lease, which vanishes once expired. */
export class LeaseSlot {
  #lease: Lease | undefined;

  /** The lease in force, if any. */
  current(now = Date.now()): Lease | undefined {
    if (this.#lease !== undefined && this.#lease.expiresAt <= now) this.#lease = undefined;
    return this.#lease;
  }

  /** Whether a mutating request carrying `nonce` may proceed. */
  allows(nonce: string | undefined): boolean {
    const lease = this.current();
    return lease === undefined || lease.nonce === nonce;
  }

  /** Takes the lease, or refreshes it when `nonce` is the current one; `undefined` when someone else holds it. */
  acquire(
    request: { owner: string; ttlSeconds: number; description: string; version: string },
    nonce: string | undefined,
  ): Lease | undefined {
    const current = this.current();
    const expiresAt = Date.now() + request.ttlSeconds * 1000;
    if (current !== undefined) {
      if (current.nonce !== nonce) return undefined;
      current.expiresAt = expiresAt;
      current.version = request.version;
      return current;
    }
    this.#lease = {
      nonce: leaseNonce(),
      owner: request.owner,
      description: request.description,
      expiresAt,
      version: request.version,
    };
    return this.#lease;
  }

  /** Releases the lease when `nonce` matches it. */
  release(nonce: string | undefined): boolean {
    const current = this.current();
    if (current === undefined || current.nonce !== nonce) return false;
    this.#lease = undefined;
    return true;
  }

  /** Drops any lease (the machine is gone). */
  clear(): void {
    this.#lease = undefined;
  }
}
