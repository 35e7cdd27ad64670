import type { MachineConfig } from '@deploy-actions/core';
import { formatGoDuration, splitCommandLine } from './go-units.ts';
import { computeForGroup, appliesToGroup, servicesForGroup } from './model.ts';
import type { FlyConfig, HttpService, Service, TopLevelCheck } from './model.ts';
import { computeToGuest, DEFAULT_VM_SIZE, VM_SIZES } from './guest.ts';

// fly.toml → `fly.MachineConfig`, following superfly/flyctl internal/appconfig machines.go updateMachineConfig
// section by section (the order below is its order). Where we send something else, the reason is given there:
//  - no `fly_flyctl_version` metadata: this is not flyctl, and claiming a version of it would mislead;
//  - `autostop` as the string the spec defines ("off"/"stop"/"suspend"), where fly-go still sends booleans for the
//    first two (the API accepts both);
//  - no `force_instance_key: null` (fly-go sends it for lack of omitempty; the spec types it as a string);
//  - `[[files]]` follow their `processes` as Fly's docs say; flyctl's deploy merges every file into every group
//    (deploy/machines.go calls MergeFiles on the unflattened config).

/** Metadata key of a machine's process group (fly-go `MachineConfigMetadataKeyFlyProcessGroup`). */
export const PROCESS_GROUP_METADATA = 'fly_process_group';
/** Metadata key of the platform version; `v2` marks Machines apps (fly-go). */
export const PLATFORM_VERSION_METADATA = 'fly_platform_version';
/** Process group of flyctl's release-command machines (fly-go `MachineProcessGroupFlyAppReleaseCommand`). */
export const RELEASE_COMMAND_GROUP = 'fly_app_release_command';

type Json = Record<string, unknown>;

function duration(ns: number | undefined): string | undefined {
  return ns === undefined ? undefined : formatGoDuration(ns);
}

/** Drops keys whose value is undefined, as Go's `omitempty` leaves nil fields out of the JSON. */
function compact<T extends Json>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function headerList(headers: Record<string, string | number | boolean> | undefined): Json[] | undefined {
  const entries = Object.entries(headers ?? {});
  return entries.length === 0
    ? undefined
    : entries.map(([name, value]) => ({ name, values: [String(value)] }));
}

function autostop(value: boolean | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value ? 'stop' : 'off';
  return value;
}

type HttpCheck = NonNullable<Service['http_checks']>[number];
type TcpCheck = NonNullable<Service['tcp_checks']>[number];

/** A service's HTTP check (service.go ServiceHTTPCheck.toMachineCheck): the method is sent as written. */
function serviceHttpCheck(check: HttpCheck): Json {
  return compact({
    type: 'http',
    interval: duration(check.interval),
    timeout: duration(check.timeout),
    grace_period: duration(check.grace_period),
    method: check.method,
    path: check.path,
    protocol: check.protocol,
    tls_skip_verify: check.tls_skip_verify,
    tls_server_name: check.tls_server_name,
    headers: headerList(check.headers),
  });
}

function serviceTcpCheck(check: TcpCheck): Json {
  return compact({
    type: 'tcp',
    interval: duration(check.interval),
    timeout: duration(check.timeout),
    grace_period: duration(check.grace_period),
  });
}

/** `[http_service]` as the service flyctl makes of it (service.go HTTPService.ToService): ports 80 and 443. */
function httpServiceToService(http: HttpService): Service {
  return {
    protocol: 'tcp',
    internal_port: http.internal_port,
    concurrency: http.concurrency,
    processes: http.processes,
    http_checks: http.checks,
    ports: [
      { port: 80, handlers: ['http'], force_https: http.force_https, http_options: http.http_options },
      {
        port: 443,
        handlers: ['http', 'tls'],
        http_options: http.http_options,
        tls_options: http.tls_options,
      },
    ],
    auto_stop_machines: http.auto_stop_machines,
    auto_start_machines: http.auto_start_machines,
    min_machines_running: http.min_machines_running,
  };
}

/** One `fly.MachineService` (service.go toMachineService): TCP checks first, then HTTP checks. */
function toMachineService(service: Service): Json {
  const checks = [
    ...(service.tcp_checks ?? []).map(serviceTcpCheck),
    ...(service.http_checks ?? []).map(serviceHttpCheck),
  ];
  return compact({
    protocol: service.protocol,
    internal_port: service.internal_port,
    // Go's omitempty drops `force_https = false` from each port.
    ports: service.ports?.map((p) =>
      compact({ ...p, force_https: p.force_https === true ? true : undefined }),
    ),
    concurrency: service.concurrency === undefined ? undefined : compact({ ...service.concurrency }),
    autostop: autostop(service.auto_stop_machines),
    autostart: service.auto_start_machines,
    min_machines_running: service.min_machines_running,
    checks: checks.length === 0 ? undefined : checks,
  });
}

/** A `[checks.<name>]` entry as `fly.MachineCheck` (toplevelcheck.go toMachineCheck): the method upper-cased. */
function toMachineCheck(check: TopLevelCheck, port: number): Json {
  return compact({
    type: check.type,
    port,
    interval: duration(check.interval),
    timeout: duration(check.timeout),
    grace_period: duration(check.grace_period),
    method: check.method?.toUpperCase(),
    path: check.path,
    protocol: check.protocol,
    tls_skip_verify: check.tls_skip_verify,
    tls_server_name: check.tls_server_name,
    headers: headerList(check.headers),
  });
}

/** The process command of a group, split as flyctl splits it (processgroups.go InitCmd). */
function initCommand(config: FlyConfig, group: string): string[] | undefined {
  const command = config.processes.get(group);
  if (command === undefined || command === '') return undefined;
  return splitCommandLine(command);
}

function setOrDelete(target: Json, key: string, value: unknown): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

/** `kill_signal`/`kill_timeout` as `stop_config` (machines.go tomachineSetStopConfig). */
function stopConfig(config: FlyConfig): Json | undefined {
  if (config.kill_signal === undefined && config.kill_timeout === undefined) return undefined;
  return compact({ timeout: duration(config.kill_timeout), signal: config.kill_signal });
}

/** The `[[files]]` of a group as `fly.File`s. */
function filesFor(config: FlyConfig, group: string | undefined): Json[] | undefined {
  const files = config.files
    .filter((f) => group === undefined || appliesToGroup(config, f.processes, group))
    .map((f) => ({ guest_path: f.guest_path, ...f.content }));
  return files.length === 0 ? undefined : files;
}

/**
 * The machine config fly.toml gives `group`, laid over `base` (a live machine's config, or nothing for a new
 * machine) the way flyctl's ToMachineConfig/updateMachineConfig does: every section fly.toml owns (services,
 * checks, env, init command, metadata group, statics, mounts, stop config, files, metrics, restart policy) is
 * replaced, `guest` only when a `[[vm]]` sizes the group, and everything else (image, DNS, schedule, standbys,
 * auto_destroy, rootfs, containers, ...) is kept from `base`. `image`, when given, replaces the image.
 *
 * Mounts here are fly.toml's; {@link machineConfigForUpdate} reconciles them with the volume already attached.
 */
export function machineConfigForGroup(
  config: FlyConfig,
  group: string,
  base?: MachineConfig,
  image?: string,
): MachineConfig {
  const out: Json = base === undefined ? {} : structuredClone(base);

  const metrics = config.metrics.find((m) => appliesToGroup(config, m.processes, group));
  setOrDelete(
    out,
    'metrics',
    metrics === undefined
      ? undefined
      : compact({ port: metrics.port, path: metrics.path, https: metrics.https === true ? true : undefined }),
  );

  const init: Json = { ...((out['init'] as Json | undefined) ?? {}) };
  delete init['entrypoint'];
  delete init['exec'];
  setOrDelete(init, 'cmd', initCommand(config, group));
  setOrDelete(init, 'swap_size_mb', config.swap_size_mb);
  out['init'] = init;

  out['metadata'] = {
    ...(out['metadata'] ?? {}),
    [PLATFORM_VERSION_METADATA]: 'v2',
    [PROCESS_GROUP_METADATA]: group,
  };

  const { httpService, services } = servicesForGroup(config, group);
  const allServices = [
    ...(httpService === undefined ? [] : [httpServiceToService(httpService)]),
    ...services,
  ];
  setOrDelete(out, 'services', allServices.length === 0 ? undefined : allServices.map(toMachineService));

  const checks = [...config.checks].filter(([, c]) => appliesToGroup(config, c.processes, group));
  setOrDelete(
    out,
    'checks',
    checks.length === 0
      ? undefined
      : Object.fromEntries(
          checks.map(([name, check]) => {
            // Validation refuses a check with no port in a group without [http_service]; see validate.ts.
            const port = check.port ?? httpService?.internal_port;
            if (port === undefined) throw new Error(`check ${name} has no port for group ${group}`);
            return [name, toMachineCheck(check, port)];
          }),
        ),
  );

  const env = new Map(config.env);
  env.set('FLY_PROCESS_GROUP', group);
  if (config.primary_region !== undefined) env.set('PRIMARY_REGION', config.primary_region);
  out['env'] = Object.fromEntries(env);

  // fly-go's Static has no omitempty: every field is always sent.
  setOrDelete(
    out,
    'statics',
    config.statics.length === 0
      ? undefined
      : config.statics.map((s) => ({
          guest_path: s.guest_path,
          url_prefix: s.url_prefix,
          tigris_bucket: s.tigris_bucket ?? '',
          index_document: s.index_document ?? '',
        })),
  );

  const mounts = config.mounts
    .filter((m) => appliesToGroup(config, m.processes, group))
    .map((m) =>
      compact({
        path: m.destination,
        name: m.source,
        extend_threshold_percent: m.auto_extend_size_threshold || undefined,
        add_size_gb: m.auto_extend_size_increment || undefined,
        size_gb_limit: m.auto_extend_size_limit || undefined,
      }),
    );
  setOrDelete(out, 'mounts', mounts.length === 0 ? undefined : mounts);

  setOrDelete(out, 'stop_config', stopConfig(config));
  setOrDelete(out, 'files', filesFor(config, group));

  const compute = computeForGroup(config, group);
  if (compute !== undefined) out['guest'] = computeToGuest(compute);

  // The last [[restart]] for the group wins (flyctl assigns in a loop); none removes the policy.
  const restart = config.restart.filter((r) => appliesToGroup(config, r.processes, group)).at(-1);
  setOrDelete(
    out,
    'restart',
    restart === undefined
      ? undefined
      : compact({
          policy: restart.policy === 'never' ? 'no' : restart.policy,
          max_retries: restart.retries || undefined,
        }),
  );

  if (image !== undefined) out['image'] = image;
  return out;
}

/**
 * The config of the temporary machine that runs `[deploy] release_command` (flyctl machines.go
 * ToReleaseMachineConfig): the command as init cmd, never restarted, destroyed when done, out of DNS, with the
 * app's env plus `RELEASE_COMMAND=1`, and sized by `[deploy] release_command_vm` when given.
 *
 * @param command The command line to run instead of fly.toml's (the `release-command` input).
 * @returns undefined when there is no release command.
 */
export function releaseCommandMachineConfig(
  config: FlyConfig,
  image: string,
  command: string | undefined = config.deploy.release_command,
): MachineConfig | undefined {
  if (command === undefined || command === '') return undefined;
  const env = new Map(config.env);
  env.set('RELEASE_COMMAND', '1');
  env.set('FLY_PROCESS_GROUP', RELEASE_COMMAND_GROUP);
  if (config.primary_region !== undefined) env.set('PRIMARY_REGION', config.primary_region);
  const vm = config.deploy.release_command_vm;
  return compact({
    image,
    init: compact({ cmd: splitCommandLine(command), swap_size_mb: config.swap_size_mb }),
    restart: { policy: 'no' },
    auto_destroy: true,
    dns: { skip_registration: true },
    metadata: { [PLATFORM_VERSION_METADATA]: 'v2', [PROCESS_GROUP_METADATA]: RELEASE_COMMAND_GROUP },
    env: Object.fromEntries(env),
    stop_config: stopConfig(config),
    files: filesFor(config, undefined),
    guest: vm === undefined ? undefined : computeToGuest(vm),
  });
}

/** The guest flyctl gives a new machine no `[[vm]]` sizes (deploy.go: flag.GetMachineGuest with no flags). */
export function defaultGuest(): Json {
  return { ...(VM_SIZES.get(DEFAULT_VM_SIZE) as object) };
}
