import type { EmulatorConfigInput, FlyEmulator } from '../../src/index.ts';

/** Tokens of every shape the emulator must accept. */
export const TOKENS = {
  org: 'fo1_acme_org_token',
  webDeploy: 'FlyV1 fm2_deploy_web',
  multi: 'fm1r_first_macaroon,fm1a_second_macaroon',
  other: 'fo1_other_org_token',
} as const;

/** A small world with short timings: acme owns `web` (checked) and `api`, `other` owns `billing`. */
export function baseConfig(overrides: Partial<EmulatorConfigInput> = {}): EmulatorConfigInput {
  return {
    organizations: ['acme', 'other'],
    tokens: [
      { token: TOKENS.org, org: 'acme' },
      { token: TOKENS.webDeploy, org: 'acme', apps: ['web'] },
      { token: `FlyV1 ${TOKENS.multi}`, org: 'acme', apps: ['api'] },
      { token: TOKENS.other, org: 'other' },
    ],
    images: {
      'registry.fly.io/web:v1': { version: 'v1' },
      'registry.fly.io/web:v2': { version: 'v2' },
      'registry.fly.io/web:crash': { version: 'v3', crash: 'on-start', exitCode: 1 },
      'registry.fly.io/web:failing': { version: 'v4', health: 'failing' },
    },
    apps: [
      {
        name: 'web',
        org: 'acme',
        image: 'registry.fly.io/web:v1',
        machines: 2,
        checks: { path: '/health', intervalMs: 30 },
      },
      { name: 'api', org: 'acme', image: 'registry.fly.io/web:v1', machines: 1 },
      { name: 'billing', org: 'other', image: 'registry.fly.io/web:v1', machines: 0 },
    ],
    timing: { startMs: 10, stopMs: 5, restartDelayMs: 10, maxRestarts: 2, pullFailMs: 30, waitMaxMs: 300 },
    rateLimits: { mutating: { perSecond: 1000, burst: 1000 }, getMachine: { perSecond: 1000, burst: 1000 } },
    ...overrides,
  };
}

/** The fields of an API machine the tests read. */
export interface MachineJson {
  id: string;
  name: string;
  state: string;
  region: string;
  version: string;
  instance_id: string;
  nonce?: string;
  config: {
    image: string;
    metadata?: Record<string, string>;
    env?: Record<string, string>;
    [key: string]: unknown;
  };
  events: EventJson[];
  checks: { name: string; status: string; output: string }[];
  image_ref: { tag: string };
}

/** The fields of a machine event the tests read. */
export interface EventJson {
  type: string;
  status: string;
  source: string;
  timestamp: number;
  request?: {
    exit_event?: {
      exit_code: number;
      guest_exit_code?: number;
      oom_killed?: boolean;
      exited_at?: string;
      restarting: boolean;
      requested_stop: boolean;
    };
    restart_count?: number;
    error?: string;
  };
}

/** An error body (`ErrorResponse`). */
export interface ErrorJson {
  error: string;
  status?: string;
}

/** A JSON API call with a token (default: the acme org token); returns status, headers and parsed body. */
export async function call<T = ErrorJson>(
  emu: FlyEmulator,
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: T }> {
  const token = options.token === undefined ? TOKENS.org : options.token;
  const res = await fetch(`${emu.apiUrl}${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: token.startsWith('FlyV1 ') ? token : `Bearer ${token}` }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: (text === '' ? undefined : JSON.parse(text)) as T,
  };
}

/** Polls `probe` every few ms until it returns a value other than `undefined`, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 2000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
