import { FlyApiError, formatDuration, type MachineLease } from '@deploy-actions/core';
import type { EngineContext } from './context.ts';
import { DeployFailure } from './failure.ts';

/** How {@link LeaseSet.acquire} takes leases. */
export interface AcquireAllOptions {
  /** How long to keep retrying a machine another run holds; 0 fails at once. */
  waitMs: number;
  /** Shown to other runs as the lease's description. */
  description: string;
  /** Lease ttl in seconds (default 13 as flyctl: a killed run blocks the next one for seconds, not minutes). */
  ttlSeconds?: number;
  /** Pause between retries while waiting (default 2 s). */
  retryMs?: number;
}

/**
 * The leases of one deploy: all taken before any change, all released however the deploy ends. A machine held
 * by another run fails the whole set with `lease-conflict` (naming the holder and expiry) after releasing the
 * leases already taken, so nothing is changed and nothing stays locked.
 */
export class LeaseSet {
  readonly #ctx: EngineContext;
  readonly #leases = new Map<string, MachineLease>();

  /** An empty set for the context's app. */
  constructor(ctx: EngineContext) {
    this.#ctx = ctx;
  }

  /**
   * Leases every machine, one after another (Fly limits lease calls per machine, not per app).
   *
   * @throws DeployFailure `lease-conflict` when another run holds one past `waitMs`; `auth`/`api` otherwise.
   */
  async acquire(machineIds: readonly string[], options: AcquireAllOptions): Promise<void> {
    try {
      for (const id of machineIds) await this.#acquireOne(id, options);
    } catch (e) {
      await this.releaseAll();
      throw e;
    }
  }

  /** Adopts a lease taken elsewhere (a machine created with `lease_ttl`), so it is released with the rest. */
  add(lease: MachineLease): void {
    this.#leases.set(lease.machineId, lease);
  }

  /** The nonce to send with changes to a machine, if this set holds its lease. */
  nonce(machineId: string): string | undefined {
    return this.#leases.get(machineId)?.nonce;
  }

  /** The first lease a refresh found gone or taken: changes with it would be refused. */
  lost(): { machineId: string; error: FlyApiError } | undefined {
    for (const lease of this.#leases.values()) {
      if (lease.lost !== undefined) return { machineId: lease.machineId, error: lease.lost };
    }
    return undefined;
  }

  /** Ids of the machines leased. */
  get machineIds(): string[] {
    return [...this.#leases.keys()];
  }

  /** Releases every lease (best effort: a failure is logged, the lease then lapses within its ttl). */
  async releaseAll(): Promise<void> {
    const leases = [...this.#leases.values()];
    this.#leases.clear();
    const results = await Promise.allSettled(leases.map((l) => l.release()));
    results.forEach((r, i) => {
      if (r.status === 'rejected') {
        const id = leases[i]?.machineId ?? '?';
        this.#ctx.log.warn(
          `could not release the lease on ${id} (it lapses within seconds): ${String(r.reason)}`,
        );
      }
    });
  }

  async #acquireOne(id: string, options: AcquireAllOptions): Promise<void> {
    const { client, app, clock, signal } = this.#ctx;
    const deadline = clock.now() + options.waitMs;
    for (;;) {
      try {
        const lease = await client.acquireLease(app, id, {
          ttlSeconds: options.ttlSeconds ?? 13,
          description: options.description,
        });
        this.#leases.set(id, lease);
        return;
      } catch (e) {
        if (!(e instanceof FlyApiError) || e.status !== 409) throw e;
        const holder = await this.#describeHolder(id);
        if (clock.now() >= deadline) {
          const waited = options.waitMs > 0 ? ` after waiting ${formatDuration(options.waitMs)}` : '';
          throw new DeployFailure(
            'lease-conflict',
            `machine ${id} is leased by ${holder}${waited}; nothing was changed`,
            {
              hint: 'another deploy (or a person with flyctl) is working on this app; wait for it to finish, or set wait-for-lease (e.g. 2m) to wait for it',
              cause: e,
            },
          );
        }
        this.#ctx.log.info(`machine ${id} is leased by ${holder}; waiting`);
        await clock.sleep(Math.min(options.retryMs ?? 2000, Math.max(0, deadline - clock.now())), signal);
      }
    }
  }

  async #describeHolder(id: string): Promise<string> {
    try {
      const lease = await this.#ctx.client.getLease(this.#ctx.app, id);
      const until = lease.expiresAt === undefined ? '' : ` until ${lease.expiresAt.toISOString()}`;
      const what = lease.description ? ` (${lease.description})` : '';
      return `${lease.owner ?? 'another run'}${what}${until}`;
    } catch {
      // The holder may have released it meanwhile; the conflict is still what happened.
      return 'another run';
    }
  }
}
