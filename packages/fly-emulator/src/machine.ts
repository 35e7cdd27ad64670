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

/** One line of a machine's output, as the logs endpoint serves it. */
export interface LogLine {
  /** Emulator-wide order of the line, the logs endpoint's `next_token`. */
  seq: number;
  /** ISO 8601, so it compares as text with a machine's `updated_at` (flyctl compares them as strings). */
  timestamp: string;
  message: string;
  level: 'info' | 'error';
  /** `app` for the image's own output, `runner` for the platform's lines about the machine. */
  provider: 'app' | 'runner';
}

/** How a `wait` ended. */
export type WaitOutcome =
  | { kind: 'reached' }
  | { kind: 'timeout' }
  /** The version waited for was reverted (its image could not be pulled). */
  | { kind: 'reverted'; reason: string };

/** What a machine needs from its emulator: image behaviours (looked up at each launch) and timings. */
export interface MachineContext {
  images: Readonly<Record<string, ImageBehaviour>>;
  timing: Timing;
  /** The app's secret values, which Fly sets as environment variables in every machine. */
  secrets?: () => ReadonlyMap<string, string>;
}

/** How to create a machine. */
export interface NewMachine {
  config: MachineConfig;
  region: string;
  name?: string | undefined;
}

const MAX_LOG_LINES = 2_000;
let logSeq = 0;

/** The `request.exit_event` of an exit, with every field superfly/fly-go machine_types.go `MachineExitEvent` has. */
function exitRequest(exit: {
  exitCode: number;
  requestedStop: boolean;
  restarting: boolean;
  restartCount: number;
  oomKilled?: boolean;
}): Record<string, unknown> {
  return {
    exit_event: {
      exit_code: exit.exitCode,
      guest_exit_code: exit.exitCode,
      guest_signal: -1,
      signal: -1,
      oom_killed: exit.oomKilled ?? false,
      requested_stop: exit.requestedStop,
      restarting: exit.restarting,
      exited_at: new Date().toISOString(),
    },
    // fly-go `MachineRequest.RestartCount` sits beside `exit_event`, not inside it.
    restart_count: exit.restartCount,
  };
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
  readonly #logs: LogLine[] = [];
  readonly #versions: { version: string; config: MachineConfig }[] = [];
  /** Versions whose update was given up (image not pullable), with the reason. */
  readonly #reverted = new Map<string, string>();
  readonly #checks = new Map<string, CheckStatus>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #pending = new Set<Promise<unknown>>();
  readonly #waiters = new Set<{ check(): void; cancel(): void }>();
  #server: MachineServer | undefined;
  #pullTimer: NodeJS.Timeout | undefined;
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

  /** Everything the machine printed, oldest first (the logs endpoint's order). */
  get logs(): readonly LogLine[] {
    return this.#logs;
  }

  /** Whether the machine runs, so the proxy could reach it (cordons and checks aside). */
  get serving(): boolean {
    return this.state === 'started' && this.#server !== undefined;
  }

  /**
   * Whether the proxy can reach it at all: only through its services (superfly/fly-go machine_types.go
   * `MachineConfig.Services`; "cordon: Deactivate all services on a machine", https://fly.io/docs/flyctl/machine-cordon/),
   * so a machine without any (a release-command or console machine) takes no proxy traffic.
   */
  get exposed(): boolean {
    return (this.config.services?.length ?? 0) > 0;
  }

  /**
   * Whether load balancing may pick it: started, exposed, uncordoned, and every configured check reported
   * passing.
   */
  get routable(): boolean {
    if (!this.serving || !this.exposed || this.cordoned) return false;
    const defined = checkDefinitions(this.config);
    return defined.every((check) => this.#checks.get(check.name)?.status === 'passing');
  }

  /** Launches a new machine (create without `skip_launch`). */
  launch(): void {
    this.#boot('user');
  }

  /**
   * Leaves a `skip_launch` machine `stopped` once created: flyctl waits for `stopped` before it starts one
   * (superfly/flyctl internal/command/deploy/machines_releasecommand.go).
   */
  park(): void {
    this.#after(this.#ctx.timing.stopMs, () => this.#setState('stopped'));
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
      this.#requestedExit();
      this.#boot('user');
    });
  }

  /** Whether an update is under way (a second one is refused, as flaps does). */
  get replacing(): boolean {
    return this.state === 'replacing';
  }

  /**
   * Replaces the config (a new version): the old instance exits (a requested stop), the new one is launched and
   * started unless `skipLaunch`. An image the registry will not give is tried for `pullFailMs`, then the update
   * is reverted and the machine stays on its previous version and state, still running, as flyd does (superfly/
   * flyctl PR #4878: "we gave up on an update and reverted a machine to its previous version (eg. if pulling the
   * image from the registry failed)").
   */
  update(config: MachineConfig, skipLaunch: boolean): void {
    const previous = { version: this.version, config: this.config, state: this.state };
    this.config = config;
    this.version = ulid();
    this.updatedAt = new Date().toISOString();
    this.#versions.push({ version: this.version, config });
    this.#event('update', 'replacing', 'user');
    const image = this.#ctx.images[config.image];
    if (image === undefined || image.pull === 'fails') {
      this.#setState('replacing');
      const failed = this.version;
      const reason = `failed to pull image "${config.image}": ${image === undefined ? 'manifest unknown' : 'registry refused the pull'}`;
      // Not one of the instance's timers: the old instance keeps running (and may crash) while the pull is tried.
      this.#pullTimer = setTimeout(() => {
        this.#pullTimer = undefined;
        this.#reverted.set(failed, reason);
        this.config = previous.config;
        this.version = previous.version;
        this.#log(`${reason}; update to version ${failed} reverted`, 'runner', 'error');
        this.#event('update', 'failed', 'flyd', { error: reason });
        this.#setState(this.state === 'replacing' ? previous.state : this.state);
      }, this.#ctx.timing.pullFailMs);
      return;
    }
    this.#cancel();
    this.restartCount = 0;
    this.#setState('replacing');
    this.#after(this.#ctx.timing.stopMs, () => {
      this.#requestedExit();
      this.#event('launch', 'created', 'user');
      if (skipLaunch) this.#setState('stopped');
      else this.#boot('user');
    });
  }

  /** Destroys the machine: `destroying`, then `destroyed` once its server is closed. */
  destroy(): void {
    clearTimeout(this.#pullTimer);
    this.#cancel();
    this.#event('destroy', 'destroying', 'user');
    this.#setState('destroying');
    this.#after(this.#ctx.timing.stopMs, () => this.#destroyed());
  }

  /** Updates metadata keys (removes those set to `undefined`) without a new version, as Fly does. */
  setMetadata(changes: Record<string, string | undefined>): void {
    const metadata = { ...this.config.metadata };
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) delete metadata[key];
      else metadata[key] = value;
    }
    this.config = { ...this.config, metadata };
    this.updatedAt = new Date().toISOString();
    this.#notify();
  }

  /**
   * Resolves once the machine is in one of `states` (or `settled`) on `version` (any when undefined), through an
   * event newer than `fromEventId` when given; `timeout` when `timeoutMs` passes, the signal aborts or the
   * emulator closes; `reverted` when the version waited for was given up.
   */
  waitFor(
    states: readonly string[],
    options: { version?: string | undefined; fromEventId?: string | undefined },
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<WaitOutcome> {
    const { version, fromEventId } = options;
    const after = fromEventId === undefined ? -1 : this.#events.findIndex((e) => e.id === fromEventId);
    const outcome = (): WaitOutcome | undefined => {
      const reason = version === undefined ? undefined : this.#reverted.get(version);
      if (reason !== undefined) return { kind: 'reverted', reason };
      const reached =
        (version === undefined || version === this.version) &&
        this.#events.length - 1 > after &&
        states.some((s) => s === this.state || (s === 'settled' && SETTLED.has(this.state)));
      return reached ? { kind: 'reached' } : undefined;
    };
    const now = outcome();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      const finish = (result: WaitOutcome): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.#waiters.delete(waiter);
        resolve(result);
      };
      const onAbort = (): void => finish({ kind: 'timeout' });
      const waiter = {
        check: () => {
          const result = outcome();
          if (result !== undefined) finish(result);
        },
        cancel: () => finish({ kind: 'timeout' }),
      };
      const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
    });
  }

  /** Whether an event with this id was recorded. */
  hasEvent(id: string): boolean {
    return this.#events.some((e) => e.id === id);
  }

  /** The newest event's id (what `wait` reports). */
  get lastEventId(): string {
    return this.#events.at(-1)?.id ?? '';
  }

  /**
   * The spec's `Machine` shape; `summary` leaves out config, checks and events as Fly's `summary=true` does. With
   * `version` (an older one), the machine as of that version, in state `replaced` (GET `?version=`, spec).
   */
  toJSON(options: { summary?: boolean; nonce?: string; version?: string } = {}): Record<string, unknown> {
    const lease = this.lease.current();
    const old =
      options.version !== undefined && options.version !== this.version
        ? this.#versions.find((v) => v.version === options.version)
        : undefined;
    const config = old?.config ?? this.config;
    return {
      id: this.id,
      name: this.name,
      state: old ? 'replaced' : this.state,
      region: this.region,
      instance_id: old?.version ?? this.version,
      version: old?.version ?? this.version,
      private_ip: this.privateIp,
      cordoned: this.cordoned,
      image_ref: imageRef(config.image),
      created_at: this.createdAt,
      updated_at: this.updatedAt,
      host_status: 'ok',
      ...(options.summary === true ? {} : { config, events: this.events.slice(0, 20), checks: this.checks }),
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

  /** Whether `version` is one this machine has had. */
  hasVersion(version: string): boolean {
    return this.#versions.some((v) => v.version === version);
  }

  /** Stops every timer, closes the server and ends pending waits; used when the emulator closes. */
  async shutdown(): Promise<void> {
    clearTimeout(this.#pullTimer);
    this.#cancel();
    this.#halt();
    for (const waiter of [...this.#waiters]) waiter.cancel();
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  #boot(source: 'user' | 'flyd'): void {
    const generation = this.#cancel();
    this.#halt();
    const image = this.#ctx.images[this.config.image];
    if (image === undefined || image.pull === 'fails') {
      const reason = image === undefined ? 'manifest unknown' : 'registry refused the pull';
      const error = `failed to launch VM: failed to pull image "${this.config.image}": ${reason}`;
      this.#log(error, 'runner', 'error');
      this.#event('launch', 'failed', 'flyd', { error });
      this.#setState('failed');
      return;
    }
    this.#log(`Starting machine ${this.id} (version ${this.version})`, 'runner');
    this.#event('start', 'starting', source);
    this.#setState('starting');
    this.#after(image.startMs ?? this.#ctx.timing.startMs, () => this.#serve(generation, image));
  }

  async #serve(generation: number, image: ImageBehaviour): Promise<void> {
    const command = releaseCommand(this.config);
    if (command !== undefined) {
      this.#event('start', 'started', 'flyd');
      this.#setState('started');
      this.#log(`Preparing to run: \`${command}\``, 'runner');
      // An unknown command exits 127 ("command not found"), as a shell would: a misconfigured release
      // command must fail loudly, not pass silently.
      const outcome = image.commands[command] ?? { exitCode: 127, durationMs: 0 };
      if (image.commands[command] === undefined)
        this.#log(`sh: ${command}: command not found`, 'app', 'error');
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
    for (const line of image.logs) this.#log(this.#expand(line), 'app');
    for (const check of checkDefinitions(this.config))
      this.#pollCheck(check, generation, check.graceMs + check.intervalMs);
    if (image.crash !== undefined) {
      const afterMs = image.crash === 'on-start' ? 0 : Number(image.crash.slice('after:'.length));
      this.#after(afterMs, () => {
        for (const line of image.crashLogs) this.#log(this.#expand(line), 'app', 'error');
        if (image.oomKilled) this.#log('Process appears to have been OOM killed!', 'runner', 'error');
        this.#exited(image.exitCode ?? (image.oomKilled ? 137 : 1), image.oomKilled);
      });
    }
  }

  /**
   * An image's log line with `${NAME}` replaced from the machine's environment, as a process printing its env
   * would show it: the config's `env`, then the app's secrets (Fly sets both as environment variables); an unset
   * name prints nothing, as in a shell. This is how a test makes a crashing image print a secret.
   */
  #expand(line: string): string {
    const secrets = this.#ctx.secrets?.();
    return line.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g,
      (_, name: string) => this.config.env?.[name] ?? secrets?.get(name) ?? '',
    );
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

  /**
   * Whether flyd restarts the machine after an unrequested exit, per its restart policy (superfly/fly-go
   * machine_types.go `MachineRestart`; https://fly.io/docs/machines/guides-examples/machine-restart-policy/):
   * `no` never; `always` whatever the exit code, without limit; `on-failure` (the default when none is set) on a
   * non-zero exit, up to `max_retries` times (10 when unset: `timing.maxRestarts`).
   */
  #restarts(exitCode: number): boolean {
    const policy = this.config.restart?.policy ?? 'on-failure';
    if (policy === 'no') return false;
    if (policy === 'always') return true;
    const maxRetries = this.config.restart?.max_retries || this.#ctx.timing.maxRestarts;
    return exitCode !== 0 && this.restartCount < maxRetries;
  }

  /**
   * The main process exited on its own: an `exit` event (not requested), then a restart after `restartDelayMs`
   * while the policy allows, else `stopped` (Fly lets a machine whose retries ran out stop; it is not `failed`).
   */
  #exited(exitCode: number, oomKilled = false): void {
    this.#cancel();
    this.#halt();
    const restarting = this.#restarts(exitCode);
    this.#log(`Main child exited normally with code: ${exitCode}`, 'runner');
    this.#event(
      'exit',
      'stopped',
      'flyd',
      exitRequest({ exitCode, requestedStop: false, restarting, restartCount: this.restartCount, oomKilled }),
    );
    if (restarting) {
      this.#setState('stopped');
      this.#after(this.#ctx.timing.restartDelayMs, () => {
        this.restartCount += 1;
        this.#boot('flyd');
      });
    } else if (this.config.auto_destroy === true) {
      this.#destroyed();
    } else {
      this.#setState('stopped');
    }
  }

  /** The running instance is stopped on request: an `exit` event with `requested_stop`, when one was running. */
  #requestedExit(): void {
    const running = this.#server !== undefined || releaseCommand(this.config) !== undefined;
    this.#halt();
    if (!running) return;
    this.#log('Sending signal SIGINT to main child process', 'runner');
    this.#event(
      'exit',
      'stopped',
      'flyd',
      exitRequest({ exitCode: 0, requestedStop: true, restarting: false, restartCount: this.restartCount }),
    );
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
      this.#log('Sending signal SIGINT to main child process', 'runner');
      this.#event(
        'exit',
        final,
        'flyd',
        exitRequest({ exitCode: 0, requestedStop: true, restarting: false, restartCount: this.restartCount }),
      );
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

  #log(message: string, provider: LogLine['provider'], level: LogLine['level'] = 'info'): void {
    logSeq += 1;
    this.#logs.push({ seq: logSeq, timestamp: new Date().toISOString(), message, level, provider });
    if (this.#logs.length > MAX_LOG_LINES) this.#logs.shift();
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
