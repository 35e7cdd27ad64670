import type { FlyTomlInput } from './schema.ts';

type Section<K extends keyof FlyTomlInput> = NonNullable<FlyTomlInput[K]>;

/** `[http_service]` after validation. */
export type HttpService = Section<'http_service'>;
/** One `[[services]]` entry after validation. */
export type Service = Section<'services'>[number];
/** One `[checks.<name>]` entry after validation (durations in nanoseconds). */
export type TopLevelCheck = Section<'checks'>[string];
/** One `[[vm]]`/`[[compute]]` entry after validation (memory in MiB). */
export type Compute = Section<'vm'>[number];
/** One `[[mounts]]` entry after validation (sizes in GB). */
export type Mount = Section<'mounts'>[number];
/** One `[[statics]]` entry. */
export type Static = Section<'statics'>[number];
/** One `[[restart]]` entry. */
export type Restart = Section<'restart'>[number];
/** One `[[metrics]]` entry. */
export type Metrics = Section<'metrics'>[number];
/** `[deploy]` after validation (durations in nanoseconds). */
export type DeploySection = Section<'deploy'>;

/** One `[[files]]` entry with its content settled: base64 text (from `raw_value` or `local_path`) or a secret. */
export interface ConfigFile {
  guest_path: string;
  content: { raw_value: string } | { secret_name: string };
  processes?: string[];
}

/**
 * A validated fly.toml. Tables keyed by the user (env, processes, checks) are `Map`s; every other section keeps
 * fly.toml's own key names, so code and docs read alike.
 */
export interface FlyConfig {
  /** The file as the user named it, for messages. */
  file: string;
  /** SHA-256 of the file's text, hex: which fly.toml a deploy applied, for the proof and the rollback plan. */
  sha256: string;
  app?: string;
  primary_region?: string;
  kill_signal?: string;
  /** Nanoseconds. */
  kill_timeout?: number;
  swap_size_mb?: number;
  /** `[build] image`, when the file names a prebuilt image. */
  image?: string;
  deploy: DeploySection;
  env: Map<string, string>;
  /** Process group → command line. */
  processes: Map<string, string>;
  http_service?: HttpService;
  services: Service[];
  checks: Map<string, TopLevelCheck>;
  mounts: Mount[];
  statics: Static[];
  files: ConfigFile[];
  restart: Restart[];
  /** `[[vm]]` entries, then `[[compute]]` ones (flyctl's patches merge both names into one list in that order). */
  compute: Compute[];
  metrics: Metrics[];
}

/** flyctl's default process group name (fly-go `MachineProcessGroupApp`). */
export const DEFAULT_GROUP = 'app';

/**
 * The app's process groups: the `[processes]` names sorted, or `["app"]` when there are none (flyctl
 * processgroups.go ProcessNames).
 */
export function processNames(config: Pick<FlyConfig, 'processes'>): string[] {
  const names = [...config.processes.keys()];
  return names.length === 0 ? [DEFAULT_GROUP] : names.sort();
}

/** The group a section with no `processes` belongs to: `app` when defined, else the first name (DefaultProcessName). */
export function defaultProcessName(config: Pick<FlyConfig, 'processes'>): string {
  const names = processNames(config);
  return names.includes(DEFAULT_GROUP) ? DEFAULT_GROUP : (names[0] as string);
}

/**
 * Whether a section with this `processes` list applies to `group`: an empty or missing list means the default group
 * only (flyctl processgroups.go flattenGroupsMatch). `[[vm]]` differs; see {@link computeForGroup}.
 */
export function appliesToGroup(
  config: Pick<FlyConfig, 'processes'>,
  processes: readonly string[] | undefined,
  group: string,
): boolean {
  if (processes === undefined || processes.length === 0) return group === defaultProcessName(config);
  return processes.includes(group);
}

/**
 * The `[[vm]]` that sizes `group` (flyctl processgroups.go ComputeForGroup): among sections naming the group or
 * naming none, the last one that names it, else the first one.
 */
export function computeForGroup(
  config: Pick<FlyConfig, 'processes' | 'compute'>,
  group: string,
): Compute | undefined {
  const candidates = config.compute.filter(
    (c) => (c.processes ?? []).length === 0 || appliesToGroup(config, c.processes, group),
  );
  let chosen = candidates[0];
  for (const candidate of candidates.slice(1)) if (candidate.processes?.includes(group)) chosen = candidate;
  return chosen;
}

/** The services of a group in flyctl's order: `[http_service]` first, then `[[services]]` (service.go AllServices). */
export function servicesForGroup(
  config: FlyConfig,
  group: string,
): { httpService?: HttpService; services: Service[] } {
  const httpService =
    config.http_service !== undefined && appliesToGroup(config, config.http_service.processes, group)
      ? config.http_service
      : undefined;
  return { httpService, services: config.services.filter((s) => appliesToGroup(config, s.processes, group)) };
}
