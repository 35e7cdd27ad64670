import type { IncomingMessage } from 'node:http';
import type { App } from './app.ts';
import type { EmulatorConfig, TokenConfig } from './config.ts';
import { ApiError } from './http.ts';
import type { Machine } from './machine.ts';
import type { RateLimiter } from './rate-limit.ts';
import { findToken, tokenCovers } from './tokens.ts';

/** What the API needs from the emulator. */
export interface ApiContext {
  apps: ReadonlyMap<string, App>;
  config: EmulatorConfig;
  limiter: RateLimiter;
}

/** An API answer before it is written. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A request on its way to a handler: the token it carries, with its app and machine once resolved. */
export interface Call {
  req: IncomingMessage;
  query: URLSearchParams;
  params: Record<string, string>;
  token: TokenConfig;
  signal: AbortSignal;
  ctx: ApiContext;
}

/** A call on an app's route: the app exists and the token covers it. */
export interface AppCall extends Call {
  app: App;
}

/** A call on a machine's route. */
export interface MachineCall extends AppCall {
  machine: Machine;
}

/** What a route needs resolved before its handler runs. */
export type Scope = 'token' | 'app' | 'machine';

/** One API route: method, spec path template, scope, limits and handler. */
export interface Route {
  method: string;
  /** The spec's path template, so a response can be checked against the spec's schema for it. */
  path: string;
  scope: Scope;
  /** Rate-limit class for machine routes. */
  rate?: 'mutating' | 'getMachine';
  /** Whether a lease held on the machine must be presented (`fly-machine-lease-nonce`). */
  leased?: boolean;
  /**
   * `false` for routes of Fly's platform API (`/api/v1/...`: releases, logs), which the Machines API spec does not
   * cover; their responses are not handed to `onResponse`.
   */
  spec?: boolean;
  /** Receives a `MachineCall` whose `app`/`machine` are set as far as `scope` resolves them. */
  handle(call: MachineCall): Reply | Promise<Reply>;
  pattern: RegExp;
}

/** The nonce header that presents a held lease. */
export const LEASE_HEADER = 'fly-machine-lease-nonce';

/** A route for `method` and a spec path template such as `/v1/apps/{app_name}`. */
export function route(
  method: string,
  path: string,
  scope: Scope,
  handle: Route['handle'],
  extra: Partial<Route> = {},
): Route {
  const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)');
  return { method, path, scope, handle, pattern: new RegExp(`^${source}$`), ...extra };
}

function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ApiError(400, `malformed path segment "${part}"`);
  }
}

function authorize(req: IncomingMessage, ctx: ApiContext): TokenConfig {
  const header = req.headers.authorization;
  if (header === undefined || header.trim() === '') throw new ApiError(401, 'missing Authorization header');
  const token = findToken(header, ctx.config.tokens);
  if (token === undefined) throw new ApiError(401, 'token is invalid or expired');
  return token;
}

/**
 * Serves one Machines API request: route, authenticate (401), find the app (404) and check the token's scope
 * (403), find the machine, apply rate limits (429) and leases (409), then the route's handler. Returns the spec
 * route it matched (`GET /v1/apps/{app_name}`), if any, with the reply.
 */
export async function dispatch(
  routes: readonly Route[],
  ctx: ApiContext,
  req: IncomingMessage,
  url: URL,
  signal: AbortSignal,
): Promise<{ route?: string; spec: boolean; reply: Reply }> {
  const method = req.method ?? 'GET';
  const found = routes
    .map((r) => ({
      r,
      match: r.method === method ? r.pattern.exec(url.pathname) : null,
    }))
    .find((x) => x.match);
  if (found === undefined)
    return { spec: true, reply: { status: 404, body: { error: `no route for ${method} ${url.pathname}` } } };
  const { r, match } = found;
  try {
    const params = Object.fromEntries(
      Object.entries(match!.groups ?? {}).map(([k, v]) => [k, decodePart(v)]),
    );
    const token = authorize(req, ctx);
    const call = { req, query: url.searchParams, params, token, signal, ctx } as MachineCall;
    if (r.scope !== 'token') {
      const app = ctx.apps.get(params['app_name']!);
      if (app === undefined) throw new ApiError(404, 'app not found');
      if (!tokenCovers(token, app)) throw new ApiError(403, 'unauthorized');
      call.app = app;
    }
    if (r.scope === 'machine') {
      const machine = call.app.machines.get(params['machine_id']!);
      // A destroyed (or destroying) machine can still be read, but no longer changed.
      const gone = machine?.state === 'destroyed' || machine?.state === 'destroying';
      if (machine === undefined || (gone && r.method !== 'GET')) throw new ApiError(404, 'machine not found');
      call.machine = machine;
      if (r.rate !== undefined) {
        const wait = ctx.limiter.take(`${machine.id} ${r.method} ${r.path}`, ctx.config.rateLimits[r.rate]);
        if (wait > 0) throw new ApiError(429, 'rate limit exceeded', { 'retry-after': String(wait) });
      }
      if (r.leased === true) {
        const nonce = req.headers[LEASE_HEADER];
        if (!machine.lease.allows(typeof nonce === 'string' ? nonce : undefined)) {
          throw new ApiError(
            409,
            `machine ${machine.id} has a lease held by ${machine.lease.current()?.owner}; send its nonce in ${LEASE_HEADER}`,
          );
        }
      }
    }
    return { route: `${r.method} ${r.path}`, spec: r.spec !== false, reply: await r.handle(call) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return {
      route: `${r.method} ${r.path}`,
      spec: r.spec !== false,
      reply: { status: error.status, body: { error: error.message }, headers: error.headers },
    };
  }
}
