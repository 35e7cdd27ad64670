import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { App } from './app.ts';
import type { EmulatorConfigInput, FaultInput, ImageBehaviourInput } from './config.ts';
import { EmulatorConfigSchema, FaultSchema, ImageBehaviourSchema } from './config.ts';
import { FaultInjector } from './faults.ts';
import { closeServer, listen, sendJson } from './http.ts';
import { requestId } from './ids.ts';
import type { CheckStatus } from './checks.ts';
import type { MachineConfig } from './machine-config.ts';
import type { Release } from './releases.ts';
import type { AppProxy } from './proxy.ts';
import { startAppProxy } from './proxy.ts';
import { RateLimiter } from './rate-limit.ts';
import { dispatch } from './router.ts';
import type { ApiContext, Reply } from './router.ts';
import { ROUTES } from './routes.ts';

/** One machine as `state()` shows it. */
export interface MachineSnapshot {
  id: string;
  image: string;
  version: string;
  state: string;
  region: string;
  restartCount: number;
  cordoned: boolean;
  lease: null | { owner: string; nonce: string; expiresAt: string };
  checks: CheckStatus[];
  config: MachineConfig;
}

/** One API request the emulator served. */
export interface RequestRecord {
  method: string;
  path: string;
  /** 0 when a fault reset the connection. */
  status: number;
  requestId: string;
  at: string;
}

/** Everything a test may assert on: apps, machines, secret names, and every API request served. */
export interface EmulatorState {
  apps: {
    name: string;
    org: string;
    machines: MachineSnapshot[];
    secrets: string[];
    /** Releases recorded through the platform API, newest first, with the metadata of their last update. */
    releases: Release[];
  }[];
  requests: RequestRecord[];
}

/** One API response, as handed to `onResponse` (tests validate these against the spec). */
export interface ResponseRecord {
  method: string;
  path: string;
  /** The spec route it matched, e.g. `GET /v1/apps/{app_name}`; absent for unknown paths and injected faults. */
  route?: string;
  status: number;
  body: unknown;
}

/** Options for `startFlyEmulator`. */
export interface EmulatorOptions {
  port?: number;
  host?: '127.0.0.1';
  /** Called with every API response the emulator writes. */
  onResponse?: (record: ResponseRecord) => void;
}

/** A running emulator. */
export interface FlyEmulator {
  /** Base URL of the Machines API (paths start with `/v1`). */
  apiUrl: string;
  /** Base URL of an app's proxy. */
  appUrl(app: string): string;
  state(): EmulatorState;
  /** Adds or replaces an image's behaviour; later launches of that ref use it. */
  setImage(ref: string, behaviour: ImageBehaviourInput): void;
  /** Arms a fault, as if it were in the config. */
  inject(fault: FaultInput): void;
  close(): Promise<void>;
}

const MAX_REQUESTS = 10_000;

/** Starts the emulator: the Machines API, every configured app with its machines launched, and a proxy per app. */
export async function startFlyEmulator(
  input: EmulatorConfigInput,
  options: EmulatorOptions = {},
): Promise<FlyEmulator> {
  const config = EmulatorConfigSchema.parse(input);
  const images = { ...config.images };
  const machineCtx = { images, timing: config.timing };
  const apps = new Map(config.apps.map((app) => [app.name, new App(machineCtx, app)]));
  const ctx: ApiContext = { apps, config, limiter: new RateLimiter() };
  const faults = new FaultInjector(config.faults, config.random);
  const requests: RequestRecord[] = [];
  const closing = new AbortController();

  const state = (): EmulatorState => ({
    apps: [...apps.values()].map((app) => ({
      name: app.name,
      org: app.org,
      secrets: app.listSecrets().map((s) => s.name),
      releases: app.releases.list().map((r) => ({ ...r })),
      machines: [...app.machines.values()].map((m) => {
        const lease = m.lease.current();
        return {
          id: m.id,
          image: m.config.image,
          version: m.version,
          state: m.state,
          region: m.region,
          restartCount: m.restartCount,
          cordoned: m.cordoned,
          lease: lease
            ? { owner: lease.owner, nonce: lease.nonce, expiresAt: new Date(lease.expiresAt).toISOString() }
            : null,
          checks: m.checks,
          config: m.config,
        };
      }),
    })),
    requests: [...requests],
  });

  const record = (method: string, path: string, status: number, id: string): void => {
    requests.push({ method, path, status, requestId: id, at: new Date().toISOString() });
    if (requests.length > MAX_REQUESTS) requests.shift();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const id = requestId();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://emulator');
    res.setHeader('fly-request-id', id);
    if (url.pathname === '/_emulator/state') {
      sendJson(res, 200, state());
      return;
    }
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const signal = AbortSignal.any([gone.signal, closing.signal]);
    const fault = faults.decide(method, url.pathname);
    if (fault.kind !== 'none' && fault.delayMs > 0) {
      const slept = await sleep(fault.delayMs, true, { signal }).catch(() => false);
      if (!slept) return;
    }
    if (fault.kind === 'reset') {
      record(method, url.pathname, 0, id);
      req.socket.destroy();
      return;
    }
    let route: string | undefined;
    let reply: Reply;
    let spec = true;
    if (fault.kind === 'status') {
      reply = {
        status: fault.status,
        body: {
          error: fault.message ?? `injected fault: HTTP ${fault.status}`,
          ...(fault.code !== undefined ? { status: fault.code } : {}),
        },
        // An injected 429 says when to come back, as the emulator's own rate-limit answers do, so a client that
        // honours Retry-After can be tested with faults too (rate limits:
        // https://fly.io/docs/machines/api/working-with-machines-api/).
        ...(fault.status === 429 ? { headers: { 'retry-after': String(fault.retryAfterS) } } : {}),
      };
    } else {
      ({ route, reply, spec } = await dispatch(ROUTES, ctx, req, url, signal));
    }
    if (signal.aborted) return;
    sendJson(res, reply.status, reply.body, reply.headers);
    record(method, url.pathname, reply.status, id);
    if (!spec) return;
    options.onResponse?.({
      method,
      path: url.pathname,
      ...(route ? { route } : {}),
      status: reply.status,
      body: reply.body,
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return;
      sendJson(res, 500, { error: `emulator error: ${(error as Error).message}` });
      const path = new URL(req.url ?? '/', 'http://emulator').pathname;
      record(req.method ?? 'GET', path, 500, String(res.getHeader('fly-request-id')));
    });
  });

  const shutdownMachines = async (): Promise<void> => {
    await Promise.all(
      [...apps.values()].flatMap((app) => [...app.machines.values()].map((m) => m.shutdown())),
    );
  };

  const proxies = new Map<string, AppProxy>();
  try {
    for (const app of apps.values()) {
      proxies.set(
        app.name,
        await startAppProxy(() =>
          [...app.machines.values()].map((m) => ({
            id: m.id,
            port: m.serving ? m.port : undefined,
            exposed: m.exposed,
            routable: m.routable,
          })),
        ),
      );
    }
    const port = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
    return {
      apiUrl: `http://127.0.0.1:${port}`,
      appUrl(app: string): string {
        const proxy = proxies.get(app);
        if (proxy === undefined) throw new Error(`no app named "${app}" in the emulator`);
        return `http://127.0.0.1:${proxy.port}`;
      },
      state,
      setImage(ref, behaviour) {
        images[ref] = ImageBehaviourSchema.parse(behaviour);
      },
      inject(fault) {
        faults.add(FaultSchema.parse(fault));
      },
      async close() {
        closing.abort();
        await Promise.all([
          closeServer(server),
          ...[...proxies.values()].map((p) => p.close()),
          shutdownMachines(),
        ]);
      },
    };
  } catch (error) {
    closing.abort();
    await Promise.all([...proxies.values()].map((p) => p.close()));
    await shutdownMachines();
    throw error;
  }
}
