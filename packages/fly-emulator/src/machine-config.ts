import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseGoDuration } from './duration.ts';

const stringMap = z.record(z.string(), z.string());

const CheckSchema = z.looseObject({
  type: z.string().optional(),
  path: z.string().optional(),
  interval: z.string().optional(),
  timeout: z.string().optional(),
  grace_period: z.string().optional(),
});

/**
 * The parts of Fly's `fly.MachineConfig` the emulator acts on; every other field is kept as sent, since an
 * update carries the full config and a later GET must return it unchanged.
 */
export const MachineConfigSchema = z.looseObject({
  image: z.string().min(1),
  env: stringMap.optional(),
  metadata: stringMap.optional(),
  auto_destroy: z.boolean().optional(),
  restart: z
    .looseObject({
      policy: z.enum(['no', 'always', 'on-failure']).optional(),
      max_retries: z.int().optional(),
    })
    .optional(),
  init: z
    .looseObject({ cmd: z.array(z.string()).optional(), exec: z.array(z.string()).optional() })
    .optional(),
  processes: z.array(z.looseObject({ cmd: z.array(z.string()).optional() })).optional(),
  services: z
    .array(z.looseObject({ internal_port: z.int().optional(), checks: z.array(CheckSchema).optional() }))
    .optional(),
  checks: z.record(z.string(), CheckSchema).optional(),
  dns: z.looseObject({ skip_registration: z.boolean().optional() }).optional(),
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
