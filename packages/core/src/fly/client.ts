import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type { z } from 'zod';
import { DeployActionError } from '../errors.ts';
import { log } from '../log.ts';
import { redactAndShorten, registerSecret } from '../secrets.ts';
import {
  FlyApiError,
  flyErrorFromResponse,
  flyTransportError,
  isDeterministicTransportFailure,
  transportCode,
} from './errors.ts';
import type { FlyRequestSubject } from './errors.ts';
import { MachineLease } from './lease.ts';
import {
  appLogsSchema,
  appSchema,
  createReleaseResponseSchema,
  listReleasesResponseSchema,
  appSecretsSchema,
  currentTokenSchema,
  errorResponseSchema,
  leaseSchema,
  machineEventSchema,
  machineSchema,
  machineVersionSchema,
  metadataSchema,
  secretsUpdateSchema,
  waitMachineResponseSchema,
} from './schemas.ts';
import type {
  AppSecret,
  CurrentToken,
  FlyApp,
  FlyMachine,
  Lease,
  LogEntry,
  MachineConfig,
  MachineEvent,
  MachineVersion,
  ReleaseRecord,
  WaitMachineResponse,
} from './schemas.ts';
import { parseFlyToken } from './token.ts';
import type { FlyToken } from './token.ts';

/** The public Machines API. */
export const DEFAULT_FLY_API_URL = 'https://api.machines.dev';

/** Backoff bounds for retried requests. */
export interface FlyRetryOptions {
  /** Attempts per request, the first included (default 5). */
  maxAttempts?: number;
  /** Backoff cap of the first retry (default 500 ms); doubles per retry. */
  minDelayMs?: number;
  /** Largest backoff cap (default 10 s). */
  maxDelayMs?: number;
}

/** Options of {@link FlyClient}. */
export interface FlyClientOptions {
  /** The raw token as users paste it, or one already parsed. */
  token: string | FlyToken;
  /** Base URL (default {@link DEFAULT_FLY_API_URL}); a path prefix is kept. */
  apiUrl?: string;
  /** Defaults to `deploy-actions/<GITHUB_ACTION_REF or dev>`. */
  userAgent?: string;
  /** Requests in flight at once, per kind (ordinary calls and long-polling waits); default 4. */
  maxConcurrent?: number;
  retry?: FlyRetryOptions;
  /** Aborts every request of this client (the run's signal: cancellation and the `timeout` input). */
  signal?: AbortSignal;
  /**
   * When the run's time is up (epoch ms, `ActionContext.deadline`): retries share what is left, and a retry that
   * would start after it is not made.
   */
  deadline?: number;
  /** Longest time one request may take, answer body included (default 60 s; long-polling waits get 30 s more). */
  requestTimeoutMs?: number;
}

/** `POST /apps/{app}/machines` body. */
export interface CreateMachineRequest {
  config: MachineConfig;
  region?: string;
  name?: string;
  lease_ttl?: number;
  skip_launch?: boolean;
  skip_service_registration?: boolean;
  min_secrets_version?: number;
}

/** `POST /apps/{app}/machines/{id}` body: the **full** config, Fly has no partial update. */
export interface UpdateMachineRequest extends CreateMachineRequest {
  /** Reject the update with 409 when the machine is no longer at this version. */
  current_version?: string;
}

/** `POST /api/v1/releases` body, as flyctl's `uiex.CreateReleaseRequest`. */
export interface CreateReleaseRequest {
  app_name: string;
  image: string;
  /** `ROLLING`, `CANARY`, `BLUEGREEN` or `IMMEDIATE`. */
  strategy: string;
  /** What was deployed (flyctl sends the app config); shown by the dashboard. */
  definition?: unknown;
  build_id?: number;
}

/** Sent with a change to a leased machine. */
export interface LeaseOption {
  /** The nonce of the lease we hold on the machine. */
  leaseNonce?: string;
}

/** Filters of {@link FlyClient.listMachines}. */
export interface ListMachinesOptions {
  includeDeleted?: boolean;
  region?: string;
  state?: string;
  /** Only machines whose metadata has all these key/value pairs. */
  metadata?: Record<string, string>;
}

/** How to stop or restart a machine. */
export interface StopOptions extends LeaseOption {
  /** Unix signal name, e.g. `SIGTERM`. */
  signal?: string;
  /** Seconds to wait before killing, or a Go duration such as `10s`. */
  timeout?: number | string;
}

/** What {@link FlyClient.waitForState} waits for. */
export interface WaitForStateOptions {
  /** `started`, `stopped`, `suspended`, `destroyed`, `failed` or `settled`. */
  state: string;
  /** The machine version (from the update response) that must reach the state; an older one never satisfies it. */
  version?: string;
  /** Overall deadline. */
  timeoutMs: number;
  /** Longest single wait call in seconds (Fly allows 60; default 60). */
  callTimeoutSeconds?: number;
  /** Called after each "not yet" answer. */
  onProgress?: (progress: { attempt: number; elapsedMs: number; remainingMs: number }) => void;
  signal?: AbortSignal;
}

/** How to take a lease. */
export interface AcquireLeaseOptions {
  /** Lease ttl in seconds (default 13, as flyctl). */
  ttlSeconds?: number;
  description?: string;
  /** Background refresh interval (default 4 s, as flyctl). */
  refreshIntervalMs?: number;
}

/** A request's subject before the method is chosen. */
type Target = Omit<FlyRequestSubject, 'method'>;

type Query = Record<string, string | number | boolean | undefined>;

/** One API call as the retry loop sees it. */
interface Call extends FlyRequestSubject {
  query?: Query;
  body?: unknown;
  leaseNonce?: string;
  /**
   * False for calls that must not be repeated once Fly may have acted on them (create): those retry only when Fly
   * certainly did not (429, connection never established).
   */
  idempotent?: boolean;
  /** The caller treats 408 as an answer (wait), so it is returned at once. */
  accept408?: boolean;
  /** A long-poll (wait): runs on its own pool so it cannot starve lease refreshes. */
  longPoll?: boolean;
  /**
   * Sent even once the client's signal has aborted: releasing a lease is how a cancelled run stops cleanly, and
   * otherwise the next deploy finds the machine locked until the ttl runs out.
   */
  outlivesCancel?: boolean;
  signal?: AbortSignal;
}

const CONNECT_ERRORS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const MID_REQUEST_ERRORS = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
/** Longest `Retry-After` honoured: a longer one is treated as this, and the retry budget decides. */
const MAX_RETRY_AFTER_MS = 20_000;
/** Largest answer read: the Machines API's answers are kilobytes; a larger one is not the API. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Longest message taken from an error body into our messages. */
const MAX_API_MESSAGE = 200;

/**
 * Milliseconds a `Retry-After` header asks for (delta-seconds or an HTTP date), or undefined when absent or garbled.
 */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The `fly-request-id` header, if it looks like one: it is outside text that ends up in messages, so anything but a
 * short run of letters, digits, `-` and `_` is dropped.
 */
function requestIdHeader(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^[A-Za-z0-9_-]{1,100}$/.test(value) ? value : undefined;
}

/** Reads a body as UTF-8 up to `max` bytes; a larger one fails like a transport error. */
async function readBody(body: AsyncIterable<Buffer>, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) {
      throw Object.assign(new Error(`the answer is larger than ${max} bytes`), {
        code: 'UND_ERR_RESPONSE_TOO_LARGE',
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * What an aborted call throws: the run's `timeout` becomes a `fly-timeout` error of this call (so a check reports
 * "could not verify" rather than the run crashing), a cancellation stays the cancellation.
 */
function abortError(subject: FlyRequestSubject, reason: unknown): unknown {
  if (!(reason instanceof DeployActionError) || reason.code !== 'timeout') return reason;
  return new FlyApiError(`${subject.method} ${subject.path} → no answer before the run's time limit`, {
    code: 'fly-timeout',
    hint: 'the Fly API did not answer in time; retry later, or raise the timeout input',
    status: 0,
    method: subject.method,
    path: subject.path,
    cause: reason,
  });
}

const seg = encodeURIComponent;

/**
 * A client of the Fly Machines API over undici.
 *
 * Retries are a small loop rather than undici's `RetryAgent` because the rules are per call (408 is "not yet" for
 * wait and ambiguous for create; create must not be repeated after Fly may have acted), an exhausted retry must still
 * surface the last response's body and `fly-request-id` as a {@link FlyApiError}, and each retry is logged.
 *
 * Concurrency: each pool keeps at most `maxConcurrent` (4) requests in flight. Fly allows `GET machine` 5/s with
 * bursts of 10 and other machine actions about 1/s per machine with bursts of 3; a deploy acts on each machine
 * sequentially, so 4 parallel calls stay under the burst limits while the backoff on 429 (honouring Retry-After)
 * absorbs the rest. Waits run on a second pool: they block up to 60 s and must not hold up lease refreshes.
 */
export class FlyClient {
  /** The API base URL in use. */
  readonly apiUrl: string;
  readonly #token: FlyToken;
  readonly #basePath: string;
  readonly #userAgent: string;
  readonly #pool: Pool;
  readonly #longPollPool: Pool;
  readonly #maxAttempts: number;
  readonly #minDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #signal: AbortSignal | undefined;
  readonly #deadline: number;
  readonly #requestTimeoutMs: number;
  readonly #leases = new Set<MachineLease>();
  #closed: Promise<void> | undefined;

  /** Creates the client; no request is made until a method is called. */
  constructor(options: FlyClientOptions) {
    this.#token = typeof options.token === 'string' ? parseFlyToken(options.token) : options.token;
    this.apiUrl = (options.apiUrl ?? DEFAULT_FLY_API_URL).replace(/\/+$/, '');
    const url = new URL(this.apiUrl);
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#userAgent = options.userAgent ?? `deploy-actions/${process.env.GITHUB_ACTION_REF || 'dev'}`;
    const connections = options.maxConcurrent ?? 4;
    this.#pool = new Pool(url.origin, { connections, headersTimeout: 60_000, bodyTimeout: 60_000 });
    // A wait call blocks up to 60 s on Fly's side; leave it room before undici gives up on the response.
    this.#longPollPool = new Pool(url.origin, { connections, headersTimeout: 90_000, bodyTimeout: 90_000 });
    this.#maxAttempts = Math.max(1, options.retry?.maxAttempts ?? 5);
    this.#minDelayMs = options.retry?.minDelayMs ?? 500;
    this.#maxDelayMs = options.retry?.maxDelayMs ?? 10_000;
    this.#signal = options.signal;
    this.#deadline = options.deadline ?? Infinity;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  }

  /** `GET /v1/apps/{app}`. */
  async getApp(app: string): Promise<FlyApp> {
    return this.#json({ method: 'GET', path: `/v1/apps/${seg(app)}`, app }, appSchema);
  }

  /** `GET /v1/apps/{app}/machines`, filtered. */
  async listMachines(app: string, options: ListMachinesOptions = {}): Promise<FlyMachine[]> {
    const query: Query = {
      include_deleted: options.includeDeleted,
      region: options.region,
      state: options.state,
    };
    for (const [key, value] of Object.entries(options.metadata ?? {})) query[`metadata.${key}`] = value;
    return this.#json(
      { method: 'GET', path: `/v1/apps/${seg(app)}/machines`, app, query },
      machineSchema.array(),
    );
  }

  /** `GET /v1/apps/{app}/machines/{id}`. */
  async getMachine(app: string, id: string): Promise<FlyMachine> {
    return this.#json({ method: 'GET', ...this.#machine(app, id) }, machineSchema);
  }

  /**
   * `POST /v1/apps/{app}/machines`. Not retried once Fly may have acted on it (408, 5xx, reset): tag the config
   * with a unique metadata value and list machines before creating again.
   */
  async createMachine(app: string, body: CreateMachineRequest): Promise<FlyMachine> {
    return this.#json(
      { method: 'POST', path: `/v1/apps/${seg(app)}/machines`, app, body, idempotent: false },
      machineSchema,
    );
  }

  /** `POST /v1/apps/{app}/machines/{id}` with the full new config. */
  async updateMachine(
    app: string,
    id: string,
    body: UpdateMachineRequest,
    options: LeaseOption = {},
  ): Promise<FlyMachine> {
    return this.#json({ method: 'POST', ...this.#machine(app, id), body, ...options }, machineSchema);
  }

  /** `POST …/{id}/start`. */
  async startMachine(app: string, id: string, options: LeaseOption = {}): Promise<void> {
    await this.#send({ method: 'POST', ...this.#machine(app, id, '/start'), ...options });
  }

  /** `POST …/{id}/stop`. */
  async stopMachine(app: string, id: string, options: StopOptions = {}): Promise<void> {
    const body = { signal: options.signal, timeout: duration(options.timeout) };
    await this.#send({
      method: 'POST',
      ...this.#machine(app, id, '/stop'),
      body,
      leaseNonce: options.leaseNonce,
    });
  }

  /** `POST …/{id}/restart`. */
  async restartMachine(app: string, id: string, options: StopOptions = {}): Promise<void> {
    const query = { signal: options.signal, timeout: duration(options.timeout) };
    await this.#send({
      method: 'POST',
      ...this.#machine(app, id, '/restart'),
      query,
      leaseNonce: options.leaseNonce,
    });
  }

  /** `DELETE …/{id}`; `force` kills a running machine. */
  async destroyMachine(
    app: string,
    id: string,
    options: LeaseOption & { force?: boolean } = {},
  ): Promise<void> {
    const query = { force: options.force };
    await this.#send({ method: 'DELETE', ...this.#machine(app, id), query, leaseNonce: options.leaseNonce });
  }

  /** `POST …/{id}/cordon`: take the machine out of the proxy's routing. */
  async cordonMachine(app: string, id: string, options: LeaseOption = {}): Promise<void> {
    await this.#send({ method: 'POST', ...this.#machine(app, id, '/cordon'), ...options });
  }

  /** `POST …/{id}/uncordon`: route traffic to the machine again. */
  async uncordonMachine(app: string, id: string, options: LeaseOption = {}): Promise<void> {
    await this.#send({ method: 'POST', ...this.#machine(app, id, '/uncordon'), ...options });
  }

  /**
   * Waits until the machine (at `version`, when given) reaches `state`, looping wait calls of at most
   * `callTimeoutSeconds` each until `timeoutMs`. 408 means "not yet". Fly answers a wait on a machine already
   * destroyed with 404; waiting for `destroyed`, that is the state reached (as flyctl takes it: superfly/flyctl
   * internal/machine/leasable_machine.go `WaitForState`), and the answer says `destroyed`.
   *
   * @throws FlyApiError `fly-wait-timeout` when the deadline passes first.
   */
  async waitForState(app: string, id: string, options: WaitForStateOptions): Promise<WaitMachineResponse> {
    const started = Date.now();
    const deadline = started + options.timeoutMs;
    const callTimeout = Math.max(1, Math.floor(options.callTimeoutSeconds ?? 60));
    const subject: FlyRequestSubject = { method: 'GET', ...this.#machine(app, id, '/wait') };
    for (let attempt = 1; ; attempt++) {
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) throw waitTimeout(subject, options);
      const timeout = Math.min(callTimeout, Math.max(1, Math.ceil(remainingMs / 1000)));
      const callStarted = Date.now();
      let response: RawResponse;
      try {
        response = await this.#send({
          ...subject,
          query: { state: options.state, version: options.version, timeout },
          accept408: true,
          longPoll: true,
          signal: options.signal,
        });
      } catch (e) {
        if (options.state === 'destroyed' && e instanceof FlyApiError && e.status === 404) {
          return { state: 'destroyed' };
        }
        throw e;
      }
      if (response.status !== 408) return parse(subject, waitMachineResponseSchema, response);
      const now = Date.now();
      options.onProgress?.({ attempt, elapsedMs: now - started, remainingMs: Math.max(0, deadline - now) });
      // A 408 that came back early did not block (a proxy or a fault): pause instead of spinning.
      if (now - callStarted < (timeout * 1000) / 2) {
        await this.#pause(
          Math.min(this.#backoff(attempt), Math.max(0, deadline - now)),
          options.signal,
          subject,
        );
      }
    }
  }

  /**
   * `POST …/{id}/lease`, then refreshes it in the background until released. Fails with `fly-409` when another
   * deploy holds it.
   */
  async acquireLease(app: string, id: string, options: AcquireLeaseOptions = {}): Promise<MachineLease> {
    const ttl = options.ttlSeconds ?? 13;
    const subject = this.#machine(app, id, '/lease');
    const take = (leaseNonce?: string): Promise<Lease> =>
      this.#json(
        { method: 'POST', ...subject, body: { ttl, description: options.description }, leaseNonce },
        leaseSchema,
      );
    const lease = new MachineLease({
      app,
      machineId: id,
      lease: await take(),
      refreshIntervalMs: options.refreshIntervalMs ?? 4_000,
      transport: {
        refresh: take,
        release: async (leaseNonce) => {
          await this.#send({ method: 'DELETE', ...subject, leaseNonce, outlivesCancel: true });
        },
      },
      onEnd: (l) => this.#leases.delete(l),
    });
    this.#leases.add(lease);
    return lease;
  }

  /** `GET …/{id}/lease`: who holds the machine's lease and until when (404 when nobody does). */
  async getLease(app: string, id: string): Promise<Lease> {
    return this.#json({ method: 'GET', ...this.#machine(app, id, '/lease') }, leaseSchema);
  }

  /**
   * `POST /api/v1/releases` (Fly's platform API, as flyctl's `internal/uiex/releases.go` calls it): opens a release
   * record that `fly releases` and the dashboard list. The client's `apiUrl` must be the platform API
   * (`https://api.fly.io`), not the Machines API.
   */
  async createRelease(body: CreateReleaseRequest): Promise<ReleaseRecord> {
    const result = await this.#json(
      { method: 'POST', path: '/api/v1/releases', app: body.app_name, body, idempotent: false },
      createReleaseResponseSchema,
    );
    return result.release;
  }

  /**
   * `GET /api/v1/apps/{app}/releases?limit=` (platform API, superfly/flyctl `internal/uiex/releases.go`
   * `ListReleases`): the app's release history as `fly releases` shows it, newest first.
   */
  async listReleases(app: string, options: { limit?: number } = {}): Promise<ReleaseRecord[]> {
    const result = await this.#json(
      { method: 'GET', path: `/api/v1/apps/${seg(app)}/releases`, app, query: { limit: options.limit } },
      listReleasesResponseSchema,
    );
    return result.releases;
  }

  /** `PATCH /api/v1/releases/{id}`: sets a release record's status (`running`, `complete`, `failed`, `interrupted`). */
  async updateRelease(id: string, status: string, metadata?: Record<string, unknown>): Promise<void> {
    await this.#send({ method: 'PATCH', path: `/api/v1/releases/${seg(id)}`, body: { status, metadata } });
  }

  /**
   * `GET /api/v1/apps/{app}/logs?instance=<id>` (platform API, superfly/fly-go `resource_logs.go`): one page of a
   * machine's recent log lines, oldest first. Deploy tokens may be refused (401/403).
   */
  async getAppLogs(app: string, options: { instance?: string; region?: string } = {}): Promise<LogEntry[]> {
    const result = await this.#json(
      {
        method: 'GET',
        path: `/api/v1/apps/${seg(app)}/logs`,
        app,
        query: { instance: options.instance, region: options.region },
      },
      appLogsSchema,
    );
    return result.data.map((d) => d.attributes);
  }

  /** `GET …/{id}/events`, newest first. */
  async getEvents(app: string, id: string, options: { limit?: number } = {}): Promise<MachineEvent[]> {
    return this.#json(
      { method: 'GET', ...this.#machine(app, id, '/events'), query: { limit: options.limit } },
      machineEventSchema.array(),
    );
  }

  /** `GET …/{id}/versions`. */
  async listVersions(app: string, id: string): Promise<MachineVersion[]> {
    return this.#json(
      { method: 'GET', ...this.#machine(app, id, '/versions') },
      machineVersionSchema.array(),
    );
  }

  /** `GET …/{id}/metadata`. */
  async getMetadata(app: string, id: string): Promise<Record<string, string>> {
    return this.#json({ method: 'GET', ...this.#machine(app, id, '/metadata') }, metadataSchema);
  }

  /** `POST …/{id}/metadata/{key}`. */
  async setMetadata(app: string, id: string, key: string, value: string): Promise<void> {
    await this.#send({ method: 'POST', ...this.#machine(app, id, `/metadata/${seg(key)}`), body: { value } });
  }

  /** `DELETE …/{id}/metadata/{key}`. */
  async deleteMetadata(app: string, id: string, key: string): Promise<void> {
    await this.#send({ method: 'DELETE', ...this.#machine(app, id, `/metadata/${seg(key)}`) });
  }

  /** `GET /v1/apps/{app}/secrets`: names and digests, never values. */
  async listSecrets(app: string): Promise<AppSecret[]> {
    const result = await this.#json(
      { method: 'GET', path: `/v1/apps/${seg(app)}/secrets`, app },
      appSecretsSchema,
    );
    return result.secrets;
  }

  /**
   * `POST /v1/apps/{app}/secrets`; `null` unsets a name. Returns the secrets version to pass as
   * `min_secrets_version` to the following creates and updates. Every value is registered as a secret first.
   */
  async setSecrets(
    app: string,
    values: Record<string, string | null>,
  ): Promise<{ version: number | undefined }> {
    for (const value of Object.values(values)) if (value !== null) registerSecret(value);
    return this.#json(
      { method: 'POST', path: `/v1/apps/${seg(app)}/secrets`, app, body: { values } },
      secretsUpdateSchema,
    );
  }

  /** `GET /v1/tokens/current`: which organizations and apps the token covers. */
  async currentToken(): Promise<CurrentToken> {
    return this.#json({ method: 'GET', path: '/v1/tokens/current' }, currentTokenSchema);
  }

  /** Releases every lease still held (best effort), then closes the connections. Safe to call more than once. */
  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    const results = await Promise.allSettled([...this.#leases].map((l) => l.release()));
    for (const r of results) {
      if (r.status === 'rejected') log.debug(`lease release on close failed: ${String(r.reason)}`);
    }
    await Promise.all([this.#pool.close(), this.#longPollPool.close()]);
  }

  #machine(app: string, id: string, suffix = ''): Target {
    return { path: `/v1/apps/${seg(app)}/machines/${seg(id)}${suffix}`, app, machineId: id };
  }

  async #json<S extends z.ZodType>(call: Call, schema: S): Promise<z.output<S>> {
    return parse(call, schema, await this.#send(call));
  }

  /** Sends with retries; returns a 2xx (or, for `accept408`, a 408) response, else throws {@link FlyApiError}. */
  async #send(call: Call): Promise<RawResponse> {
    const signal = call.outlivesCancel ? call.signal : combine(this.#signal, call.signal);
    const idempotent = call.idempotent ?? true;
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= this.#maxAttempts;
      let response: RawResponse;
      try {
        response = await this.#once(call, signal);
      } catch (e) {
        if (signal?.aborted === true) throw abortError(call, signal.reason);
        // Every other failure (refused, reset, TLS, a reply that is not HTTP, no answer in time) is "could not
        // reach", with its cause in words: a run must never crash on what the network does.
        const code = transportCode(e) ?? '';
        const beforeSending = CONNECT_ERRORS.has(code);
        const retriable =
          !isDeterministicTransportFailure(e) &&
          (beforeSending || (idempotent && MID_REQUEST_ERRORS.has(code)));
        const delay = this.#backoff(attempt);
        if (last || !retriable || !this.#hasTimeFor(delay)) throw flyTransportError(call, this.apiUrl, e);
        log.debug(
          `${call.method} ${call.path} failed (${code}); retry ${attempt}/${this.#maxAttempts - 1} in ${delay} ms`,
        );
        await this.#pause(delay, signal, call);
        continue;
      }
      const { status } = response;
      if ((status >= 200 && status < 300) || (status === 408 && call.accept408)) return response;
      const retriable = status === 429 || (idempotent && (status === 408 || status >= 500));
      const delay =
        status === 429
          ? Math.min(
              retryAfterMs(response.headers['retry-after']) ?? this.#backoff(attempt),
              MAX_RETRY_AFTER_MS,
            )
          : this.#backoff(attempt);
      if (!retriable || last || !this.#hasTimeFor(delay)) throw errorOf(call, response);
      const id = response.requestId === undefined ? '' : ` (fly-request-id: ${response.requestId})`;
      log.debug(
        `${call.method} ${call.path} → ${status}${id}; retry ${attempt}/${this.#maxAttempts - 1} in ${delay} ms`,
      );
      await this.#pause(delay, signal, call);
    }
  }

  /** Whether a retry after `delayMs` still starts before the run's deadline. */
  #hasTimeFor(delayMs: number): boolean {
    return Date.now() + delayMs < this.#deadline;
  }

  async #once(call: Call, signal: AbortSignal | undefined): Promise<RawResponse> {
    const headers: Record<string, string> = {
      authorization: this.#token.authorization,
      'user-agent': this.#userAgent,
      accept: 'application/json',
    };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (call.leaseNonce !== undefined) headers['fly-machine-lease-nonce'] = call.leaseNonce;
    const pool = call.longPoll ? this.#longPollPool : this.#pool;
    // One deadline for the whole exchange, answer body included: undici's body timeout restarts with every chunk,
    // so a server trickling a byte at a time would otherwise hold the run forever.
    const limit = this.#requestTimeoutMs + (call.longPoll ? 30_000 : 0);
    const whole = AbortSignal.timeout(limit);
    try {
      const response = await pool.request({
        method: call.method,
        path: this.#basePath + call.path + queryString(call.query),
        headers,
        body: call.body === undefined ? null : JSON.stringify(call.body),
        signal: combine(signal, whole),
      });
      const text = await readBody(response.body, MAX_BODY_BYTES);
      return {
        status: response.statusCode,
        headers: response.headers,
        requestId: requestIdHeader(response.headers['fly-request-id']),
        text,
      };
    } catch (e) {
      if (whole.aborted && signal?.aborted !== true) {
        throw Object.assign(new Error(`no complete answer within ${Math.round(limit / 1000)} s`), {
          code: 'UND_ERR_BODY_TIMEOUT',
        });
      }
      throw e;
    }
  }

  /** Full-jitter exponential backoff: uniform in [0, min(max, min·2^(attempt-1))]. */
  #backoff(attempt: number): number {
    const cap = Math.min(this.#maxDelayMs, this.#minDelayMs * 2 ** (attempt - 1));
    return Math.round(Math.random() * cap);
  }

  async #pause(ms: number, signal: AbortSignal | undefined, subject: FlyRequestSubject): Promise<void> {
    try {
      await sleep(ms, undefined, signal === undefined ? undefined : { signal });
    } catch (e) {
      // Surface the caller's abort reason rather than the timer's generic AbortError.
      if (signal?.aborted === true) throw abortError(subject, signal.reason);
      throw e;
    }
  }
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  requestId: string | undefined;
  text: string;
}

function combine(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  return present.length <= 1 ? present[0] : AbortSignal.any(present);
}

function queryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function duration(timeout: number | string | undefined): string | undefined {
  return typeof timeout === 'number' ? `${timeout}s` : timeout;
}

function errorOf(subject: FlyRequestSubject, response: RawResponse): FlyApiError {
  let apiMessage: string | undefined;
  try {
    const body = errorResponseSchema.safeParse(JSON.parse(response.text));
    if (body.success) apiMessage = body.data.error ?? body.data.message;
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): fall back to the text itself, shortened.
  }
  // Redact before shortening: a proxy page echoing the token, cut in the middle of it, would no longer be found.
  apiMessage = redactAndShorten((apiMessage ?? response.text).replace(/\s+/g, ' ').trim(), MAX_API_MESSAGE);
  if (apiMessage === '') apiMessage = undefined;
  return flyErrorFromResponse(subject, response.status, response.requestId, apiMessage);
}

function parse<S extends z.ZodType>(
  subject: FlyRequestSubject,
  schema: S,
  response: RawResponse,
): z.output<S> {
  let data: unknown;
  try {
    data = response.text === '' ? undefined : JSON.parse(response.text);
  } catch (e) {
    throw badResponse(subject, response, 'is not JSON', e);
  }
  const result = schema.safeParse(data);
  if (!result.success)
    throw badResponse(subject, response, `has an unexpected shape (${firstIssue(result.error)})`);
  return result.data;
}

/** One line about the first thing wrong with a body: where and what, never zod's JSON dump or the value. */
function firstIssue(error: z.ZodError): string {
  const [issue] = error.issues;
  if (issue === undefined) return 'unknown';
  const path = issue.path.map(String).join('.');
  const more = error.issues.length > 1 ? `, and ${error.issues.length - 1} more` : '';
  return redactAndShorten(`${path === '' ? 'the body' : path}: ${issue.message}${more}`, 160);
}

function badResponse(
  subject: FlyRequestSubject,
  response: RawResponse,
  what: string,
  cause?: unknown,
): FlyApiError {
  const id = response.requestId === undefined ? '' : ` (fly-request-id: ${response.requestId})`;
  return new FlyApiError(
    `${subject.method} ${subject.path} → ${response.status}, but the body ${what}${id}`,
    {
      code: 'fly-bad-response',
      hint: 'the API answered in a shape this action does not understand; check the api-url input points at the Fly Machines API',
      status: response.status,
      method: subject.method,
      path: subject.path,
      ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
      cause,
    },
  );
}

function waitTimeout(subject: FlyRequestSubject, options: WaitForStateOptions): FlyApiError {
  const version = options.version === undefined ? '' : ` at version ${options.version}`;
  const seconds = Math.round(options.timeoutMs / 1000);
  return new FlyApiError(
    `machine ${subject.machineId ?? ''} did not reach state ${options.state}${version} within ${seconds} s`,
    {
      code: 'fly-wait-timeout',
      hint: `the machine may be crash-looping or slow to start; read its events and logs (\`fly logs -a ${subject.app ?? '<app>'} --machine ${subject.machineId ?? '<id>'}\`)`,
      status: 408,
      method: subject.method,
      path: subject.path,
    },
  );
}
