import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseGoDuration } from './duration.ts';

const stringMap = z.record(z.string(), z.string());
const strings = z.array(z.string());
const int = z.int();

const CheckSchema = z.looseObject({
  type: z.string().optional(),
  path: z.string().optional(),
  port: int.optional(),
  method: z.string().optional(),
  interval: z.string().optional(),
  timeout: z.string().optional(),
  grace_period: z.string().optional(),
});

const PortSchema = z.looseObject({
  port: int.optional(),
  start_port: int.optional(),
  end_port: int.optional(),
  handlers: strings.optional(),
  force_https: z.boolean().optional(),
});

const ServiceSchema = z.looseObject({
  protocol: z.string().optional(),
  internal_port: int.optional(),
  // The spec: a string now, booleans from older clients.
  autostop: z.union([z.enum(['off', 'stop', 'suspend']), z.boolean()]).optional(),
  autostart: z.boolean().optional(),
  min_machines_running: int.optional(),
  ports: z.array(PortSchema).optional(),
  checks: z.array(CheckSchema).optional(),
});

/**
 * Fly's `fly.MachineConfig` (the spec's components), checked as flaps decodes it: every field typed, so a wrong
 * type is a 400 naming the field (`config.guest.cpus: …`); top-level fields the spec does not know are dropped, as
 * decoding into Go structs drops them, so a GET never shows an invented field. Nested objects keep what they are
 * sent, since an update carries the full config and a later GET must return it unchanged.
 */
export const MachineConfigSchema = z.object({
  image: z.string().min(1),
  env: stringMap.optional(),
  metadata: stringMap.optional(),
  auto_destroy: z.boolean().optional(),
  restart: z
    .looseObject({
      policy: z.enum(['no', 'always', 'on-failure']).optional(),
      max_retries: int.nonnegative().optional(),
    })
    .optional(),
  init: z
    .looseObject({
      cmd: strings.optional(),
      exec: strings.optional(),
      entrypoint: strings.optional(),
      kernel_args: strings.optional(),
      swap_size_mb: int.optional(),
      tty: z.boolean().optional(),
    })
    .optional(),
  guest: z
    .looseObject({
      cpu_kind: z.string().optional(),
      cpus: int.positive().optional(),
      memory_mb: int.positive().optional(),
      max_memory_mb: int.optional(),
      gpus: int.optional(),
      gpu_kind: z.string().optional(),
      kernel_args: strings.optional(),
    })
    .optional(),
  processes: z
    .array(
      z.looseObject({
        cmd: strings.optional(),
        entrypoint: strings.optional(),
        exec: strings.optional(),
        env: stringMap.optional(),
      }),
    )
    .optional(),
  services: z.array(ServiceSchema).optional(),
  checks: z.record(z.string(), CheckSchema).optional(),
  dns: z.looseObject({ skip_registration: z.boolean().optional() }).optional(),
  stop_config: z.looseObject({ signal: z.string().optional(), timeout: z.string().optional() }).optional(),
  schedule: z.string().optional(),
  size: z.string().optional(),
  disable_machine_autostart: z.boolean().optional(),
  mounts: z.array(z.looseObject({ volume: z.string().optional(), path: z.string().optional() })).optional(),
  files: z.array(z.looseObject({ guest_path: z.string().optional() })).optional(),
  statics: z.array(z.looseObject({ guest_path: z.string(), url_prefix: z.string() })).optional(),
  standbys: strings.optional(),
  containers: z.array(z.looseObject({})).optional(),
  cache_drive: z.looseObject({}).optional(),
  metrics: z.looseObject({}).optional(),
  rootfs: z.looseObject({}).optional(),
  spot: z.looseObject({}).optional(),
});

/** A machine's config as the emulator holds it. */
export type MachineConfig = z.output<typeof MachineConfigSchema>;

/** One health check the emulator runs against a started machine. */
export interface CheckDefinition {
  name: string;
  type: string;
  path: string;
  intervalMs: number;
  timeoutMs: number;
  graceMs: number;
}

function toDefinition(name: string, check: z.output<typeof CheckSchema>): CheckDefinition {
  return {
    name,
    type: check.type ?? 'http',
    path: check.path ?? '/',
    intervalMs: parseGoDuration(check.interval) ?? 15_000,
    timeoutMs: parseGoDuration(check.timeout) ?? 2_000,
    graceMs: parseGoDuration(check.grace_period) ?? 0,
  };
}

/** The checks a config defines, named the way Fly names them (`servicecheck-00-http-8080` for service checks). */
export function checkDefinitions(config: MachineConfig): CheckDefinition[] {
  const topLevel = Object.entries(config.checks ?? {}).map(([name, check]) => toDefinition(name, check));
  const service = (config.services ?? []).flatMap((svc) =>
    (svc.checks ?? []).map((check, i) =>
      toDefinition(
        `servicecheck-${String(i).padStart(2, '0')}-${check.type ?? 'http'}-${svc.internal_port ?? 0}`,
        check,
      ),
    ),
  );
  return [...topLevel, ...service];
}

/** The command a release-command machine runs (joined argv), or `undefined` for an ordinary machine. */
export function releaseCommand(config: MachineConfig): string | undefined {
  const marked =
    config.env?.['RELEASE_COMMAND'] === '1' ||
    config.metadata?.['fly_process_group'] === 'fly_app_release_command';
  if (!marked) return undefined;
  const argv = config.init?.cmd ?? config.init?.exec ?? config.processes?.find((p) => p.cmd)?.cmd ?? [];
  return argv.join(' ');
}

/** The spec's `ImageRef` for an image reference such as `registry.fly.io/web:v1` or `…@sha256:…`. */
export function imageRef(ref: string): {
  registry: string;
  repository: string;
  tag: string;
  digest: string;
  labels: Record<string, string>;
} {
  const [named = ref, pinned] = ref.split('@');
  const slash = named.indexOf('/');
  const hasRegistry = slash > 0 && /[.:]/.test(named.slice(0, slash));
  const registry = hasRegistry ? named.slice(0, slash) : 'docker.io';
  const rest = hasRegistry ? named.slice(slash + 1) : named;
  const colon = rest.lastIndexOf(':');
  const repository = colon > 0 ? rest.slice(0, colon) : rest;
  const tag = colon > 0 ? rest.slice(colon + 1) : 'latest';
  const digest = pinned ?? `sha256:${createHash('sha256').update(ref).digest('hex')}`;
  return { registry, repository, tag, digest, labels: {} };
}
