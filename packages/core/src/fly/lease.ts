import { log } from '../log.ts';
import { FlyApiError } from './errors.ts';
import type { Lease } from './schemas.ts';

/** How a {@link MachineLease} talks to the API; supplied by the client. */
export interface LeaseTransport {
  /** Extends the lease identified by `nonce` by the ttl. */
  refresh(nonce: string): Promise<Lease>;
  /** Releases the lease identified by `nonce`. */
  release(nonce: string): Promise<void>;
}

/** Where a {@link MachineLease} comes from and how often it refreshes. */
export interface MachineLeaseInit {
  app: string;
  machineId: string;
  lease: Lease;
  /** Time between background refreshes; must be well under the ttl. */
  refreshIntervalMs: number;
  transport: LeaseTransport;
  /** Called once the lease is released or lost, so its owner can stop tracking it. */
  onEnd?: (lease: MachineLease) => void;
}

/**
 * A held machine lease that keeps itself alive. Like flyctl it uses a short ttl refreshed often, so a deploy that
 * dies mid-way blocks the next one for seconds, not minutes. Call {@link MachineLease.release} when done.
 */
export class MachineLease {
  /** The app the machine belongs to. */
  readonly app: string;
  /** The leased machine. */
  readonly machineId: string;
  /** The nonce to send as `fly-machine-lease-nonce` with every change to the machine. */
  readonly nonce: string;
  /** When the lease lapses unless refreshed. */
  expiresAt: Date | undefined;
  /** Who holds the lease, as Fly reports it. */
  readonly owner: string | undefined;
  /** Set when a refresh found the lease gone or taken: changes sent with this nonce will be refused. */
  lost: FlyApiError | undefined;

  readonly #intervalMs: number;
  readonly #transport: LeaseTransport;
  readonly #onEnd: ((lease: MachineLease) => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #refreshing: Promise<void> | undefined;
  #released: Promise<void> | undefined;

  /** Takes over a freshly acquired lease and starts refreshing it. */
  constructor(init: MachineLeaseInit) {
    this.app = init.app;
    this.machineId = init.machineId;
    this.nonce = init.lease.nonce;
    this.expiresAt = init.lease.expiresAt;
    this.owner = init.lease.owner;
    this.#intervalMs = init.refreshIntervalMs;
    this.#transport = init.transport;
    this.#onEnd = init.onEnd;
    this.#schedule();
  }

  /** True until the lease is released or lost. */
  get held(): boolean {
    return this.#released === undefined && this.lost === undefined;
  }

  /**
   * Stops refreshing and releases the lease. Safe to call more than once. A lease that is already gone (expired,
   * lost, or the machine destroyed) counts as released.
   */
  release(): Promise<void> {
    this.#released ??= this.#release();
    return this.#released;
  }

  async #release(): Promise<void> {
    clearTimeout(this.#timer);
    await this.#refreshing;
    this.#onEnd?.(this);
    if (this.lost !== undefined) return;
    try {
      await this.#transport.release(this.nonce);
    } catch (e) {
      if (e instanceof FlyApiError && (e.status === 404 || e.status === 409)) {
        log.debug(`lease on ${this.machineId} was already gone when released: ${e.message}`);
        return;
      }
      throw e;
    }
  }

  #schedule(): void {
    // unref: a forgotten lease must not keep the action's process alive; it then lapses within its ttl.
    this.#timer = setTimeout(() => {
      this.#refreshing = this.#refresh();
    }, this.#intervalMs).unref();
  }

  async #refresh(): Promise<void> {
    try {
      const lease = await this.#transport.refresh(this.nonce);
      this.expiresAt = lease.expiresAt;
    } catch (e) {
      if (e instanceof FlyApiError && (e.status === 404 || e.status === 409)) {
        this.lost = e;
        log.warn(`lost the lease on machine ${this.machineId} of ${this.app}: ${e.message}`);
        this.#onEnd?.(this);
        return;
      }
      // Keep trying: the lease is still valid until its ttl runs out and the next refresh may get through.
      log.warn(
        `could not refresh the lease on machine ${this.machineId}: ${e instanceof Error ? e.message : String(e)}`,
      );
    } finally {
      this.#refreshing = undefined;
    }
    if (this.#released === undefined) this.#schedule();
  }
}
