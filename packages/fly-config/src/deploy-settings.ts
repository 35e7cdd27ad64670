import type { FlyConfig } from './model.ts';

// fly.toml's [deploy] values are fly-deploy's defaults; an input given explicitly wins (flyctl: a flag wins over
// fly.toml, deploy/machines.go determineAppConfigForMachines). Each resolved value says where it came from so the
// step summary can show it.

/** Where a deploy setting's value came from. */
export type SettingSource = 'input' | 'fly.toml' | 'default';

/** One resolved setting. */
export interface ResolvedSetting<T> {
  value: T;
  source: SettingSource;
  /** The fly.toml key it was read from, when `source` is `fly.toml`, e.g. `deploy.strategy`. */
  key?: string;
}

/** The settings fly.toml can supply, in fly-deploy's units (durations in milliseconds). */
export interface DeploySettings {
  app: string;
  strategy: string;
  maxUnavailable: number;
  waitTimeoutMs: number;
  releaseCommand: string;
  releaseCommandTimeoutMs: number;
  image: string;
}

/** Each setting resolved with its source. */
export type ResolvedDeploySettings = { [K in keyof DeploySettings]: ResolvedSetting<DeploySettings[K]> };

/** The fly.toml key of each setting. */
export const DEPLOY_SETTING_KEYS: { readonly [K in keyof DeploySettings]: string } = {
  app: 'app',
  strategy: 'deploy.strategy',
  maxUnavailable: 'deploy.max_unavailable',
  waitTimeoutMs: 'deploy.wait_timeout',
  releaseCommand: 'deploy.release_command',
  releaseCommandTimeoutMs: 'deploy.release_command_timeout',
  image: 'build.image',
};

function nsToMs(ns: number | undefined): number | undefined {
  return ns === undefined ? undefined : Math.round(ns / 1e6);
}

/** The values fly.toml gives each setting (undefined where it says nothing). */
export function flyTomlDeploySettings(config: FlyConfig): Partial<DeploySettings> {
  return {
    app: config.app,
    strategy: config.deploy.strategy,
    maxUnavailable: config.deploy.max_unavailable,
    waitTimeoutMs: nsToMs(config.deploy.wait_timeout),
    releaseCommand: config.deploy.release_command,
    releaseCommandTimeoutMs: nsToMs(config.deploy.release_command_timeout),
    image: config.image,
  };
}

/**
 * Merges the inputs given explicitly over fly.toml's values over the defaults, setting by setting.
 *
 * @param explicit Inputs the workflow set (undefined or absent when not given: an input left at its default
 *   must not hide fly.toml's value).
 * @param config The fly.toml, when there is one.
 * @param defaults fly-deploy's own defaults.
 */
export function resolveDeploySettings(
  explicit: Partial<DeploySettings>,
  config: FlyConfig | undefined,
  defaults: DeploySettings,
): ResolvedDeploySettings {
  const fromFile = config === undefined ? {} : flyTomlDeploySettings(config);
  const pick = <K extends keyof DeploySettings>(key: K): ResolvedSetting<DeploySettings[K]> => {
    const given = explicit[key];
    if (given !== undefined) return { value: given, source: 'input' };
    const filed = fromFile[key];
    if (filed !== undefined) return { value: filed, source: 'fly.toml', key: DEPLOY_SETTING_KEYS[key] };
    return { value: defaults[key], source: 'default' };
  };
  return {
    app: pick('app'),
    strategy: pick('strategy'),
    maxUnavailable: pick('maxUnavailable'),
    waitTimeoutMs: pick('waitTimeoutMs'),
    releaseCommand: pick('releaseCommand'),
    releaseCommandTimeoutMs: pick('releaseCommandTimeoutMs'),
    image: pick('image'),
  };
}

/**
 * fly.toml with the `env` input laid over its [env] (an input value wins), as flyctl lays `--env` flags over
 * fly.toml before building machine configs (determineAppConfigForMachines, SetEnvVariables).
 */
export function withInputEnv(config: FlyConfig, env: ReadonlyMap<string, string>): FlyConfig {
  return { ...config, env: new Map([...config.env, ...env]) };
}
