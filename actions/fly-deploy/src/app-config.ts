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

/** fly.toml's `max_unavailable` as flyctl reads it (getPoolSize): 1 or more is a count, less a fraction. */
function maxUnavailableOf(value: number): FractionOrCount {
  return value >= 1 ? { kind: 'count', value: Math.trunc(value) } : { kind: 'fraction', value };
}

/**
 * Finds and reads the fly.toml (the `config` input, else `fly.toml` in the workspace when it exists), then
 * resolves each deploy setting: the input when the workflow set it, else fly.toml's `[deploy]` value, else the
 * input's default. Runs before any call to Fly.
 *
 * @throws FlyTomlError listing every problem of the file, each with its key and line.
 */
export async function readAppConfig(inputs: Inputs, workspace: string): Promise<AppConfig> {
  const explicitPath = inputs.config;
  const candidate = explicitPath ?? DEFAULT_CONFIG_FILE;
  const absolute = path.resolve(workspace, candidate);
  const present = explicitPath !== undefined || existsSync(absolute);
  const loaded = present ? await loadFlyToml(absolute, candidate) : undefined;
  for (const warning of loaded?.warnings ?? []) log.warn(formatProblem(candidate, warning));
  const flyConfig = loaded?.config;

  const given = (name: string): boolean => inputs.given.has(name);
  const explicit: Partial<DeploySettings> = {
    app: inputs.app,
    ...(given('strategy') ? { strategy: inputs.strategy } : {}),
    ...(given('wait-timeout') ? { waitTimeoutMs: inputs.waitTimeoutMs } : {}),
    ...(given('release-command') && inputs.releaseCommand !== undefined
      ? { releaseCommand: inputs.releaseCommand.join(' ') }
      : {}),
    ...(given('release-command-timeout') ? { releaseCommandTimeoutMs: inputs.releaseCommandTimeoutMs } : {}),
    ...(inputs.image === undefined ? {} : { image: inputs.image }),
  };
  // Inputs not given hold their declared defaults, which are the defaults here.
  const settings = resolveDeploySettings(explicit, flyConfig, {
    app: inputs.app,
    strategy: inputs.strategy,
    maxUnavailable: inputs.maxUnavailable.value,
    waitTimeoutMs: inputs.waitTimeoutMs,
    releaseCommand: '',
    releaseCommandTimeoutMs: inputs.releaseCommandTimeoutMs,
    image: '',
  });
  // The input says fraction or count itself ("1" is one machine, "100%" all); fly.toml's number is read as
  // flyctl reads it, so only its presence is resolved through the settings.
  if (given('max-unavailable'))
    settings.maxUnavailable = { value: inputs.maxUnavailable.value, source: 'input' };

  if (flyConfig?.app !== undefined && flyConfig.app !== inputs.app) {
    log.warn(`${candidate} names app "${flyConfig.app}"; deploying to "${inputs.app}" as the app input says`);
  }
  const releaseCommand =
    settings.releaseCommand.source === 'input'
      ? inputs.releaseCommand
      : splitCommandLine(settings.releaseCommand.value);
  return {
    ...(flyConfig === undefined ? {} : { flyConfig, configPath: candidate }),
    settings,
    strategy: settings.strategy.value as StrategyName,
    maxUnavailable:
      settings.maxUnavailable.source === 'fly.toml'
        ? maxUnavailableOf(settings.maxUnavailable.value)
        : inputs.maxUnavailable,
    ...(releaseCommand === undefined || releaseCommand.length === 0 ? {} : { releaseCommand }),
  };
}

/** The settings as `[setting, value, from]` rows for the step summary and the log. */
export function settingRows(config: AppConfig, inputs: Inputs): string[][] {
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
    ['image', inputs.image ?? (s.image.value || '(built by flyctl)'), from(s.image)],
  ];
}
