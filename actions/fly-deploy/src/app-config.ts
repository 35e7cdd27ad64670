import { existsSync } from 'node:fs';
import path from 'node:path';
import { formatDuration, log, type FractionOrCount } from '@deploy-actions/core';
import {
  formatProblem,
  loadFlyToml,
  resolveDeploySettings,
  splitCommandLine,
  type DeploySettings,
  type FlyConfig,
  type ResolvedDeploySettings,
} from '@deploy-actions/fly-config';
import type { StrategyName } from '@deploy-actions/release';
import type { Inputs } from './inputs.ts';

/** The fly.toml a run applies, if any, and every deploy setting with where it came from. */
export interface AppConfig {
  /** The fly.toml, when the `config` input names one or the workspace has `fly.toml`. */
  flyConfig?: FlyConfig;
  /** Its path as the build (flyctl `--config`) is given it. */
  configPath?: string;
  settings: ResolvedDeploySettings;
  strategy: StrategyName;
  maxUnavailable: FractionOrCount;
  releaseCommand?: string[];
}

/** The default fly.toml a workspace may hold, as flyctl looks for it (appconfig DefaultConfigFileName). */
export const DEFAULT_CONFIG_FILE = 'fly.toml';

/**
 * fly-deploy's own defaults, after the inputs and fly.toml's `[deploy]` (action.yml's descriptions say the same).
 * `max-unavailable` 0.33 is a fraction: a third of each process group.
 */
export const DEPLOY_DEFAULTS = {
  strategy: 'rolling',
  maxUnavailable: { kind: 'fraction', value: 0.33 },
  waitTimeoutMs: 5 * 60_000,
  releaseCommandTimeoutMs: 5 * 60_000,
} as const satisfies { strategy: StrategyName; maxUnavailable: FractionOrCount; [k: string]: unknown };

/** fly.toml's `max_unavailable` as flyctl reads it (getPoolSize): 1 or more is a count, less a fraction. */
function maxUnavailableOf(value: number): FractionOrCount {
  return value >= 1 ? { kind: 'count', value: Math.trunc(value) } : { kind: 'fraction', value };
}

/**
 * Finds and reads the fly.toml (the `config` input, else `fly.toml` in the workspace when it exists), then
 * resolves each deploy setting: the input when the workflow set it, else fly.toml's `[deploy]` value (or
 * `[build] image`), else fly-deploy's default. Runs before any call to Fly.
 *
 * @throws FlyTomlError listing every problem of the file, each with its key and line.
 */
export async function readAppConfig(inputs: Inputs, workspace: string): Promise<AppConfig> {
  const candidate = inputs.config ?? DEFAULT_CONFIG_FILE;
  const absolute = path.resolve(workspace, candidate);
  const loaded =
    inputs.config !== undefined || existsSync(absolute) ? await loadFlyToml(absolute, candidate) : undefined;
  for (const warning of loaded?.warnings ?? []) log.warn(formatProblem(candidate, warning));
  const flyConfig = loaded?.config;

  const explicit: Partial<DeploySettings> = {
    app: inputs.app,
    ...(inputs.strategy === undefined ? {} : { strategy: inputs.strategy }),
    // The input says fraction or count itself ("1" is one machine, "100%" all): only its presence matters here.
    ...(inputs.maxUnavailable === undefined ? {} : { maxUnavailable: inputs.maxUnavailable.value }),
    ...(inputs.waitTimeoutMs === undefined ? {} : { waitTimeoutMs: inputs.waitTimeoutMs }),
    ...(inputs.releaseCommand === undefined ? {} : { releaseCommand: inputs.releaseCommand.join(' ') }),
    ...(inputs.releaseCommandTimeoutMs === undefined
      ? {}
      : { releaseCommandTimeoutMs: inputs.releaseCommandTimeoutMs }),
    ...(inputs.image === undefined ? {} : { image: inputs.image }),
  };
  const settings = resolveDeploySettings(explicit, flyConfig, {
    app: inputs.app,
    strategy: DEPLOY_DEFAULTS.strategy,
    maxUnavailable: DEPLOY_DEFAULTS.maxUnavailable.value,
    waitTimeoutMs: DEPLOY_DEFAULTS.waitTimeoutMs,
    releaseCommand: '',
    releaseCommandTimeoutMs: DEPLOY_DEFAULTS.releaseCommandTimeoutMs,
    image: '',
  });

  if (flyConfig?.app !== undefined && flyConfig.app !== inputs.app) {
    log.warn(`${candidate} names app "${flyConfig.app}"; deploying to "${inputs.app}" as the app input says`);
  }
  const maxUnavailable =
    inputs.maxUnavailable ??
    (settings.maxUnavailable.source === 'fly.toml'
      ? maxUnavailableOf(settings.maxUnavailable.value)
      : DEPLOY_DEFAULTS.maxUnavailable);
  const releaseCommand = inputs.releaseCommand ?? splitCommandLine(settings.releaseCommand.value);
  return {
    ...(flyConfig === undefined ? {} : { flyConfig, configPath: candidate }),
    settings,
    strategy: settings.strategy.value as StrategyName,
    maxUnavailable,
    ...(releaseCommand === undefined || releaseCommand.length === 0 ? {} : { releaseCommand }),
  };
}

/** The settings as `[setting, value, from]` rows for the step summary, the log and the proof. */
export function settingRows(config: AppConfig): string[][] {
  const s = config.settings;
  const from = (r: { source: string; key?: string }): string =>
    r.source === 'fly.toml' ? `fly.toml ${r.key ?? ''}`.trim() : r.source;
  const share = (m: FractionOrCount): string =>
    m.kind === 'count' ? String(m.value) : `${Math.round(m.value * 100)}%`;
  return [
    ['strategy', config.strategy, from(s.strategy)],
    ['max-unavailable', share(config.maxUnavailable), from(s.maxUnavailable)],
    ['wait-timeout', formatDuration(s.waitTimeoutMs.value), from(s.waitTimeoutMs)],
    ['release-command', config.releaseCommand?.join(' ') ?? '(none)', from(s.releaseCommand)],
    [
      'release-command-timeout',
      formatDuration(s.releaseCommandTimeoutMs.value),
      from(s.releaseCommandTimeoutMs),
    ],
    ['image', s.image.value || '(built by flyctl)', from(s.image)],
  ];
}
