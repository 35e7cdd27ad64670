import type { ImageBehaviour, Timing } from './config.ts';
import type { CheckStatus } from './checks.ts';
import { probeCheck } from './checks.ts';
import { machineId, machineName, privateIp, ulid } from './ids.ts';
import type { CheckDefinition, MachineConfig } from './machine-config.ts';
import { checkDefinitions, imageRef, releaseCommand } from './machine-config.ts';
import { LeaseSlot } from './lease.ts';
import type { MachineServer } from './machine-server.ts';
import { startMachineServer } from './machine-server.ts';

/** Fly machine states, transient ones included. */
export type MachineState =
  | 'created'
  | 'starting'
  | 'started'
  | 'stopping'
  | 'stopped'
  | 'suspending'
  | 'suspended'
  | 'replacing'
  | 'destroying'
  | 'destroyed'
  | 'failed';

const SETTLED: ReadonlySet<MachineState> = new Set([
  'created',
  'started',
  'stopped',
  'suspended',
  'failed',
  'destroyed',
]);

/** A machine event in the spec's `MachineEvent` shape. */
export interface MachineEvent {
  id: string;
  type: string;
  status: string;
  source: 'user' | 'flyd';
  timestamp: number;
  request?: Record<string, unknown>;
}

/** What a machine needs from its emulator: image behaviours (looked up at each launch) and timings. */
export interface MachineContext {
  images: Readonly<Record<string, ImageBehaviour>>;
  timing: Timing;
}

/** How to create a machine. */
export interface NewMachine {
  config: MachineConfig;
  region: string;
  name?: string | undefined;
}

/**
 * One emulated machine: its record (what the API shows) and its runtime (a real HTTP server while started,
 * timers for transitions, crashes and restarts, and a check poller). Every transition is a timer owned by the
 * machine; a new operation cancels the pending ones so a stop during a restart loop wins.
 */
export class Machine {
  readonly id = machineId();
  readonly name: string;
  readonly region: string;
  readonly createdAt = new Date().toISOString();
  readonly privateIp = privateIp();
  state: MachineState = 'created';
  version = ulid();
  config: MachineConfig;
  updatedAt = this.createdAt;
  cordoned = false;
  restartCount = 0;
  /** The machine's lease, if one is held. */
  readonly lease = new LeaseSlot();
  readonly #ctx: MachineContext;
  readonly #events: MachineEvent[] = [];
  readonly #versions: { version: string; config: MachineConfig }[] = [];
  readonly #checks = new Map<string, CheckStatus>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #pending = new Set<Promise<unknown>>();
  readonly #waiters = new Set<{ check(): void; cancel(): void }>();
  #server: MachineServer | undefined;
  #generation = 0;

  constructor(ctx: MachineContext, init: NewMachine) {
    this.#ctx = ctx;
    this.name = init.name ?? machineName();
    this.region = init.region;
    this.config = init.config;
    this.#versions.push({ version: this.version, config: init.config });
    this.#event('launch', 'created', 'user');
  }

  /** The port of the machine's web server while it serves. */
  get port(): number | undefined {
    return this.#server?.port;
  }

  /** Check results, empty until the first one after a start. */
  get checks(): CheckStatus[] {
    return [...this.#checks.values()];
  }

  /** Events, newest first, as Fly lists them. */
  get events(): MachineEvent[] {
    return [...this.#events].reverse();
  }

  /** Config versions, newest first. */
  get versions(): { version: string; config: MachineConfig }[] {
    return [...this.#versions].reverse();
  }

  /** Whether the proxy may route to it: started, uncordoned, and every configured check reported passing. */
  get routable(): boolean {
    if (this.state !== 'started' || this.cordoned || this.#server === undefined) return false;
    const defined = checkDefinitions(this.config);
    return defined.every((check) => this.#checks.get(check.name)?.status === 'passing');
  }

  /** Launches a new machine (create without `skip_launch`). */
  launch(): void {
    this.#boot('user');
  }

  /** Starts a stopped, suspended, failed or never-started machine; returns the state it had. */
  start(): MachineState {
    const previous = this.state;
    if (previous === 'started' || previous === 'starting') return previous;
    this.restartCount = 0;
    this.#boot('user');
    return previous;
  }

  /** Stops the machine after `stopMs`, recording a requested exit. */
  stop(): void {
    this.#windDown('stop', 'stopping', 'stopped');
  }

  /** Suspends the machine after `stopMs`. */
  suspend(): void {
    this.#windDown('suspend', 'suspending', 'suspended');
  }

  /** Stops then starts the machine on its current config. */
  restart(): void {
    this.#cancel();
    this.#event('restart', 'restarting', 'user');
    this.#setState('stopping');
    this.#after(this.#ctx.timing.stopMs, () => {
      this.#halt();
      this.#boot('user');
    });
  }

  /** Replaces the config (a new version), then restarts on it unless `skipLaunch`. */
  update(config: MachineConfig, skipLaunch: boolean): void {
    this.#cancel();
    this.config = config;
    this.version = ulid();
    this.updatedAt = new Date().toISOString();
    this.restartCount = 0;
    this.#versions.push({ version: this.version, config });
    this.#event('update', 'replacing', 'user');
    this.#setState('replacing');
    this.#after(this.#ctx.timing.stopMs, () => {
      this.#halt();
      if (skipLaunch) this.#setState('stopped');
      else this.#boot('user');
    });
  }

  /** Destroys the machine: `destroying`, then `destroyed` once its server is closed. */
  destroy(): void {
    this.#cancel();
    this.#event('destroy', 'destroying', 'user');
    this.#setState('destroying');
    this.#after(this.#ctx.timing.stopMs, () => this.#destroyed());
  }

  /** Updates one metadata key (or removes it with `undefined`) without a new version, as Fly does. */
  setMetadata(key: string, value: string | undefined): void {
    const metadata = { ...this.config.metadata };
    if (value === undefined) delete metadata[key];
    else metadata[key] = value;
    this.config = { ...this.config, metadata };
    this.updatedAt = new Date().toISOString();
    this.#notify();
  }

  /**
   * Resolves `true` once the machine is in one of `states` (or `settled`) on `version` (any when undefined),
   * `false` when `timeoutMs` passes, the signal aborts or the emulator closes.
   */
  waitFor(
    states: readonly string[],
    version: string | undefined,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<boolean> {
    const reached = (): boolean =>
      (version === undefined || version === this.version) &&
      states.some((s) => s === this.state || (s === 'settled' && SETTLED.has(this.state)));
    if (reached()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (ok: boolean): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.#waiters.delete(waiter);
        resolve(ok);
      };
      const onAbort = (): void => finish(false);
      const waiter = { check: () => reached() && finish(true), cancel: () => finish(false) };
      const timer = setTimeout(() => finish(false), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
    });
  }

  /** The newest event's id (what `wait` reports). */
  get lastEventId(): string {
    return this.#events.at(-1)?.id ?? '';
  }

  /** The spec's `Machine` shape; `summary` leaves out config, checks and events as Fly's `summary=true` does. */
  toJSON(options: { summary?: boolean; nonce?: string } = {}): Record<string, unknown> {
    const lease = this.lease.current();
    return {
      id: this.id,
      name: this.name,
      state: this.state,
      region: this.region,
      instance_id: this.version,
      version: this.version,
      private_ip: this.privateIp,
      cordoned: this.cordoned,
      image_ref: imageRef(this.config.image),
      created_at: this.createdAt,
      updated_at: this.updatedAt,
      host_status: 'ok',
      ...(options.summary === true
        ? {}
        : { config: this.config, events: this.events.slice(0, 20), checks: this.checks }),
      ...(lease
        ? {
            lease: {
              owner: lease.owner,
              description: lease.description,
              expires_at: Math.floor(lease.expiresAt / 1000),
            },
          }
        : {}),
      ...(options.nonce !== undefined ? { nonce: options.nonce } : {}),
    };
  }

  /** Stops every timer, closes the server and ends pending waits; used when the emulator closes. */
  async shutdown(): Promise<void> {
    this.#cancel();
    this.#halt();
    for (const waiter of [...this.#waiters]) waiter.cancel();
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  #boot(source: 'user' | 'flyd'): void {
    const generation = this.#cancel();
    this.#halt();
    const image = this.#ctx.images[this.config.image];
    if (image === undefined) {
      this.#event('launch', 'failed', 'flyd', {
        error: `failed to launch VM: image "${this.config.image}" not found (unknown to the registry)`,
      });
      this.#setState('failed');
      return;
    }
    this.#event('start', 'starting', source);
    this.#setState('starting');
    this.#after(image.startMs ?? this.#ctx.timing.startMs, () => this.#serve(generation, image));
  }

  async #serve(generation: number, image: ImageBehaviour): Promise<void> {
    const command = releaseCommand(this.config);
    if (command !== undefined) {
      this.#event('start', 'started', 'flyd');
      this.#setState('started');
      // An unknown command exits 127 ("command not found"), as a shell would: a misconfigured release
      // command must fail loudly, not pass silently.
      const outcome = image.commands[command] ?? { exitCode: 127, durationMs: 0 };
      this.#after(outcome.durationMs, () => this.#exited(outcome.exitCode));
      return;
    }
    const server = await this.#track(
      startMachineServer({
        machineId: this.id,
        version: image.version,
        health: image.health,
        healthPaths: checkDefinitions(this.config).map((check) => check.path),
      }),
    );
    if (generation !== this.#generation) {
      await this.#track(server.close());
      return;
    }
    this.#server = server;
    this.#event('start', 'started', 'flyd');
    this.#setState('started');
    for (const check of checkDefinitions(this.config))
      this.#pollCheck(check, generation, check.graceMs + check.intervalMs);
    if (image.crash !== undefined) {
      const afterMs = image.crash === 'on-start' ? 0 : Number(image.crash.slice('after:'.length));
      this.#after(afterMs, () => this.#exited(image.exitCode ?? 1));
    }
  }

  #pollCheck(check: CheckDefinition, generation: number, delayMs: number): void {
    this.#after(delayMs, async () => {
      const port = this.#server?.port;
      if (port === undefined) return;
      const result = await this.#track(probeCheck(check, port));
      if (generation !== this.#generation) return;
      this.#checks.set(check.name, { name: check.name, ...result, updated_at: new Date().toISOString() });
      this.#notify();
      this.#pollCheck(check, generation, check.intervalMs);
    });
  }

  #exited(exitCode: number): void {
    this.#cancel();
    this.#halt();
    const policy = this.config.restart?.policy ?? 'on-failure';
    const maxRetries = this.config.restart?.max_retries ?? this.#ctx.timing.maxRestarts;
    const wantsRestart = policy === 'always' || (policy === 'on-failure' && exitCode !== 0);
    const restarting = wantsRestart && this.restartCount < maxRetries;
    this.#event('exit', 'stopped', 'flyd', {
      exit_event: {
        exit_code: exitCode,
        guest_exit_code: exitCode,
        guest_signal: -1,
        signal: -1,
        oom_killed: false,
        requested_stop: false,
        restarting,
        exited_at: new Date().toISOString(),
      },
      restart_count: this.restartCount,
    });
    if (restarting) {
      this.#setState('stopped');
      this.#after(this.#ctx.timing.restartDelayMs, () => {
        this.restartCount += 1;
        this.#boot('flyd');
      });
    } else if (this.config.auto_destroy === true) {
      this.#destroyed();
    } else {
      this.#setState(wantsRestart ? 'failed' : 'stopped');
    }
  }

  #windDown(type: string, transient: MachineState, final: MachineState): void {
    // Between crash-loop restarts the machine is stopped with a restart pending: cancelling keeps it stopped.
    if (this.state === 'stopped') this.#cancel();
    // A restart passes through `stopping` with its start pending: winding down replaces that start.
    if (!['started', 'starting', 'replacing', 'stopping'].includes(this.state)) return;
    this.#cancel();
    this.#event(type, transient, 'user');
    this.#setState(transient);
    this.#after(this.#ctx.timing.stopMs, () => {
      this.#halt();
      this.#event('exit', final, 'flyd', {
        exit_event: {
          exit_code: 0,
          oom_killed: false,
          requested_stop: true,
          restarting: false,
          exited_at: new Date().toISOString(),
        },
        restart_count: this.restartCount,
      });
      if (this.config.auto_destroy === true) this.#destroyed();
      else this.#setState(final);
    });
  }

  #destroyed(): void {
    this.#cancel();
    this.#halt();
    this.lease.clear();
    this.#event('destroy', 'destroyed', 'flyd');
    this.#setState('destroyed');
  }

  /** Cancels pending transitions and check polls; returns the new generation. */
  #cancel(): number {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    return ++this.#generation;
  }

  /** Closes the web server (the process is gone) and forgets check results. */
  #halt(): void {
    this.#checks.clear();
    const server = this.#server;
    this.#server = undefined;
    if (server) void this.#track(server.close());
  }

  #after(ms: number, fn: () => void | Promise<void>): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#track(Promise.resolve().then(fn));
    }, ms);
    this.#timers.add(timer);
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#pending.add(promise);
    const forget = (): void => void this.#pending.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  #event(type: string, status: string, source: 'user' | 'flyd', request?: Record<string, unknown>): void {
    this.#events.push({
      id: ulid(),
      type,
      status,
      source,
      timestamp: Date.now(),
      ...(request ? { request } : {}),
    });
  }

  #setState(state: MachineState): void {
    this.state = state;
    this.updatedAt = new Date().toISOString();
    this.#notify();
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter.check();
  }
}
