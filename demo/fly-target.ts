import { readFile } from 'node:fs/promises';
import { DEFAULT_FLY_API_URL } from '@deploy-actions/core';
import { z } from 'zod';
import { startFlyEmulator } from '@deploy-actions/fly-emulator';
import type { EmulatorConfigInput, FlyEmulator } from '@deploy-actions/fly-emulator';

/** The Fly the pipeline deploys to: the embedded emulator, or a real throwaway app (the live contract run). */
export interface FlyTarget {
  kind: 'emulator' | 'live';
  /** The Machines API base URL handed to every action's `api-url`. */
  apiUrl: string;
  token: string;
  app: string;
  /** A release that starts and stays healthy, and one whose process exits at start. */
  images: { healthy: string; crashing: string };
  /** health-gate's target for the app. */
  healthUrl: string;
  /** What the healthy release answers as its version (empty: the live image's version is not known). */
  healthyVersion: string;
  /** The running emulator, for the scenarios that look inside it (undefined when live). */
  emulator?: FlyEmulator;
  /** The image of every machine of the app that is not destroyed, read through the Machines API. */
  machineImages(app?: string): Promise<string[]>;
  close(): Promise<void>;
}

/** The demo's Fly: organizations, tokens, images and apps of `demo/emulator.json`. */
export async function demoEmulatorConfig(): Promise<EmulatorConfigInput> {
  return JSON.parse(
    await readFile(new URL('./emulator.json', import.meta.url), 'utf8'),
  ) as EmulatorConfigInput;
}

/** The token of organization `acme` in `demo/emulator.json`: a deploy token as `fly tokens create deploy` prints. */
export const DEMO_FLY_TOKEN = 'FlyV1 fm2_demoAcmeDeployToken0123456789abcdef';

const MachineListSchema = z.array(
  z.looseObject({ state: z.string(), config: z.looseObject({ image: z.string() }).optional() }),
);

/**
 * Lists the app's machines (`GET /v1/apps/{app}/machines`) to read their images. Not core's FlyClient: its token
 * parser registers the token with the runner by printing `::add-mask::<token>`, which a terminal shows as it is. The
 * header is the token itself for a `FlyV1` macaroon token and `Bearer <token>` otherwise, as superfly/fly-go
 * tokens.go sends it.
 */
function machineImages(apiUrl: string, token: string, defaultApp: string) {
  return async (app = defaultApp): Promise<string[]> => {
    const response = await fetch(
      `${apiUrl.replace(/\/+$/, '')}/v1/apps/${encodeURIComponent(app)}/machines`,
      {
        headers: { authorization: token.startsWith('FlyV1 ') ? token : `Bearer ${token}` },
        signal: AbortSignal.timeout(30_000),
      },
    );
    if (!response.ok) throw new Error(`listing the machines of ${app} answered HTTP ${response.status}`);
    const machines = MachineListSchema.parse(await response.json());
    return machines.filter((m) => m.state !== 'destroyed').map((m) => m.config?.image ?? '');
  };
}

/** Starts the embedded emulator: app `acme-web`, three machines on v1, images v2 (healthy) and v3 (crashes). */
export async function emulatorTarget(config?: EmulatorConfigInput): Promise<FlyTarget> {
  const emulator = await startFlyEmulator(config ?? (await demoEmulatorConfig()));
  const app = 'acme-web';
  return {
    kind: 'emulator',
    apiUrl: emulator.apiUrl,
    token: DEMO_FLY_TOKEN,
    app,
    images: { healthy: 'registry.fly.io/acme-web:v2', crashing: 'registry.fly.io/acme-web:v3' },
    healthUrl: `${emulator.appUrl(app)}/health`,
    healthyVersion: 'v2',
    emulator,
    machineImages: machineImages(emulator.apiUrl, DEMO_FLY_TOKEN, app),
    close: () => emulator.close(),
  };
}

/** The environment variables the live contract run reads, and what each is. */
export const LIVE_ENVIRONMENT = {
  FLY_LIVE_TOKEN: 'a deploy token of the throwaway app (`fly tokens create deploy -a <app>`)',
  FLY_LIVE_APP: 'the throwaway app, already running its machines',
  FLY_LIVE_IMAGE: 'an image that starts and answers the health URL',
  FLY_LIVE_CRASHING_IMAGE: 'an image whose process exits non-zero at start',
} as const;

/**
 * The real Fly, for the live contract run: the same pipeline, pointed at the Machines API with the token, app and
 * images from the environment (every missing variable named at once). `FLY_LIVE_HEALTH_URL` defaults to the app's
 * `https://<app>.fly.dev/`.
 */
export function liveTarget(env: NodeJS.ProcessEnv = process.env): FlyTarget {
  const missing = Object.entries(LIVE_ENVIRONMENT).filter(([name]) => (env[name] ?? '') === '');
  if (missing.length > 0) {
    throw new Error(
      `the live contract run needs ${missing.map(([name, what]) => `${name} (${what})`).join(', ')}`,
    );
  }
  const token = env.FLY_LIVE_TOKEN ?? '';
  const app = env.FLY_LIVE_APP ?? '';
  return {
    kind: 'live',
    apiUrl: DEFAULT_FLY_API_URL,
    token,
    app,
    images: { healthy: env.FLY_LIVE_IMAGE ?? '', crashing: env.FLY_LIVE_CRASHING_IMAGE ?? '' },
    healthUrl: env.FLY_LIVE_HEALTH_URL || `https://${app}.fly.dev/`,
    healthyVersion: '',
    machineImages: machineImages(DEFAULT_FLY_API_URL, token, app),
    close: () => Promise.resolve(),
  };
}
