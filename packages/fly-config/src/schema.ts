import { z } from 'zod';
import { parseGoDuration, parseMemoryMb, parseVolumeGb } from './go-units.ts';
import { VM_SIZES } from './guest.ts';

// The fly.toml keys fly-deploy applies, each typed as flyctl reads it (superfly/flyctl internal/appconfig
// config.go, service.go, toplevelcheck.go, patches.go). Objects are strict: a key not listed here is reported,
// never dropped. Keys flyctl knows that we do not apply yet are listed in unsupported-keys.ts for a clearer message.

const port = z
  .int('expected a whole number')
  .min(1, 'expected a port, 1 to 65535')
  .max(65535, 'expected a port, 1 to 65535');
const count = z.int('expected a whole number').nonnegative('expected 0 or more');
const text = z.string('expected a string');
const processList = z.array(text, 'expected a list of process group names').optional();

/**
 * A duration as flyctl reads one: a Go duration string (`"10s"`, `"1m30s"`), or, when `integerUnitNs` is given, a
 * whole number in that unit (flyctl's patches read check durations as milliseconds and `kill_timeout` as seconds).
 * Yields nanoseconds.
 */
function duration(integerUnitNs: number | undefined, unitName: string) {
  const allowed =
    integerUnitNs === undefined
      ? 'a duration such as "500ms", "10s" or "1m30s"'
      : `a duration such as "500ms", "10s" or "1m30s", or a whole number of ${unitName}`;
  return z.union([z.number(), z.string()], `expected ${allowed}`).transform((value, ctx) => {
    const ns =
      typeof value === 'string'
        ? parseGoDuration(value)
        : integerUnitNs !== undefined && Number.isSafeInteger(value) && value >= 0
          ? value * integerUnitNs
          : undefined;
    if (ns === undefined) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not ${allowed}` });
      return z.NEVER;
    }
    return ns;
  });
}

const checkDuration = duration(1e6, 'milliseconds');

const httpCheckFields = {
  interval: checkDuration.optional(),
  timeout: checkDuration.optional(),
  grace_period: checkDuration.optional(),
  method: text.optional(),
  path: text.optional(),
  protocol: z.enum(['http', 'https'], 'expected "http" or "https"').optional(),
  tls_skip_verify: z.boolean('expected true or false').optional(),
  tls_server_name: text.optional(),
  headers: z
    .record(text, z.union([text, z.number(), z.boolean()]), 'expected a table of header names and values')
    .optional(),
};

const tcpCheckSchema = z.strictObject({
  interval: checkDuration.optional(),
  timeout: checkDuration.optional(),
  grace_period: checkDuration.optional(),
});

const httpCheckSchema = z.strictObject(httpCheckFields);

/** `[checks.<name>]`: a machine-level check (flyctl ToplevelCheck). */
const topLevelCheckSchema = z.strictObject({
  ...httpCheckFields,
  type: z.enum(['http', 'tcp'], 'expected "http" or "tcp"').optional(),
  port: port.optional(),
  processes: processList,
});

const autostop = z.union([z.boolean(), z.enum(['off', 'stop', 'suspend'])], {
  error: 'expected true, false, "off", "stop" or "suspend"',
});

const concurrencySchema = z.strictObject({
  type: z.enum(['connections', 'requests'], 'expected "connections" or "requests"').optional(),
  hard_limit: count.optional(),
  soft_limit: count.optional(),
});

// Passed to Fly as written: their shapes are fly-go's (machine_types.go) and the spec's.
const tlsOptionsSchema = z.strictObject({
  alpn: z.array(text).optional(),
  versions: z.array(text).optional(),
  default_self_signed: z.boolean().optional(),
});
const httpOptionsSchema = z.strictObject({
  compress: z.boolean().optional(),
  h2_backend: z.boolean().optional(),
  idle_timeout: count.optional(),
  headers_read_timeout: count.optional(),
  response: z
    .strictObject({
      headers: z.record(text, z.union([text, z.boolean(), z.array(text)])).optional(),
      pristine: z.boolean().optional(),
    })
    .optional(),
});

const portSchema = z.strictObject({
  port: port.optional(),
  start_port: port.optional(),
  end_port: port.optional(),
  handlers: z.array(text, 'expected a list such as ["http"] or ["tls", "http"]').optional(),
  force_https: z.boolean('expected true or false').optional(),
  tls_options: tlsOptionsSchema.optional(),
  http_options: httpOptionsSchema.optional(),
  proxy_proto_options: z.strictObject({ version: text.optional() }).optional(),
});

const serviceBehaviour = {
  auto_stop_machines: autostop.optional(),
  auto_start_machines: z.boolean('expected true or false').optional(),
  min_machines_running: count.optional(),
  concurrency: concurrencySchema.optional(),
  processes: processList,
};

/** `[http_service]` (flyctl HTTPService). */
const httpServiceSchema = z.strictObject({
  ...serviceBehaviour,
  internal_port: port,
  force_https: z.boolean('expected true or false').optional(),
  tls_options: tlsOptionsSchema.optional(),
  http_options: httpOptionsSchema.optional(),
  checks: z.array(httpCheckSchema, 'expected [[http_service.checks]] tables').optional(),
});

/** `[[services]]` (flyctl Service). */
const serviceSchema = z.strictObject({
  ...serviceBehaviour,
  protocol: z.enum(['tcp', 'udp'], 'expected "tcp" or "udp"').optional(),
  internal_port: port,
  ports: z.array(portSchema, 'expected [[services.ports]] tables').optional(),
  tcp_checks: z.array(tcpCheckSchema, 'expected [[services.tcp_checks]] tables').optional(),
  http_checks: z.array(httpCheckSchema, 'expected [[services.http_checks]] tables').optional(),
});

/** A size read by `parse` (go-units grammar), refused when it yields undefined or zero. */
function size(parse: (text: string) => number | undefined, allowed: string) {
  return z.union([z.number(), z.string()], `expected ${allowed}`).transform((value, ctx) => {
    const parsed =
      Number.isSafeInteger(value) || typeof value === 'string' ? parse(String(value)) : undefined;
    if (parsed === undefined || parsed === 0) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not ${allowed}` });
      return z.NEVER;
    }
    return parsed;
  });
}

const memory = size(parseMemoryMb, 'a memory size such as "512mb", "2gb" or a number of megabytes');

/** `[[vm]]` / `[[compute]]` (flyctl Compute with fly-go MachineGuest inlined). */
const computeSchema = z.strictObject({
  size: z.enum([...VM_SIZES.keys()], `expected one of ${[...VM_SIZES.keys()].join(', ')}`).optional(),
  memory: memory.optional(),
  cpu_kind: z.enum(['shared', 'performance'], 'expected "shared" or "performance"').optional(),
  cpus: z.int('expected a whole number').positive('expected 1 or more').optional(),
  memory_mb: z.int('expected a whole number').positive('expected 1 or more').optional(),
  max_memory_mb: z.int('expected a whole number').positive('expected 1 or more').optional(),
  kernel_args: z.array(text).optional(),
  processes: processList,
});

const volumeSize = size(parseVolumeGb, 'a size such as "10gb" or a number of gigabytes');

/** `[[mounts]]` (flyctl Mount); only the keys that shape the machine's mount. */
const mountSchema = z.strictObject({
  source: text.min(1, 'expected the volume name'),
  destination: text.startsWith('/', 'expected an absolute path such as "/data"'),
  auto_extend_size_threshold: z.int('expected a whole number').optional(),
  auto_extend_size_increment: volumeSize.optional(),
  auto_extend_size_limit: volumeSize.optional(),
  processes: processList,
});

/** `[[statics]]` (flyctl Static). */
const staticSchema = z.strictObject({
  guest_path: text.min(1, 'expected a path in the image'),
  url_prefix: text.startsWith('/', 'expected a URL path such as "/static"'),
  tigris_bucket: text.optional(),
  index_document: text.optional(),
});

/** `[[files]]` (flyctl File). */
const fileSchema = z.strictObject({
  guest_path: text.startsWith('/', 'expected an absolute path such as "/etc/app.conf"'),
  raw_value: text.optional(),
  secret_name: text.optional(),
  local_path: text.optional(),
  processes: processList,
});

/** `[[restart]]` (flyctl Restart). */
const restartSchema = z.strictObject({
  policy: z.enum(['always', 'never', 'on-failure'], 'expected "always", "never" or "on-failure"'),
  retries: count.optional(),
  processes: processList,
});

/** `[[metrics]]` (flyctl Metrics with fly-go MachineMetrics inlined). */
const metricsSchema = z.strictObject({
  port: port,
  path: text.startsWith('/', 'expected a URL path such as "/metrics"'),
  https: z.boolean('expected true or false').optional(),
  processes: processList,
});

const deployDuration = duration(undefined, '');

/** `[deploy]` (flyctl Deploy). */
const deploySchema = z.strictObject({
  strategy: z
    .enum(
      ['rolling', 'canary', 'bluegreen', 'immediate'],
      'expected "rolling", "canary", "bluegreen" or "immediate"',
    )
    .optional(),
  max_unavailable: z
    .number('expected a fraction such as 0.33 or a whole number of machines')
    .positive('expected more than 0')
    .optional(),
  wait_timeout: deployDuration.optional(),
  release_command: text.optional(),
  release_command_timeout: deployDuration.optional(),
  release_command_vm: computeSchema.omit({ processes: true }).optional(),
});

/**
 * `[build]`. Only `image` is read by fly-deploy; the others are read by flyctl itself when fly-deploy builds the
 * image (`flyctl deploy --build-only`), which validates them.
 */
const buildSchema = z.strictObject({
  image: text.min(1, 'expected an image reference').optional(),
  builder: z.unknown().optional(),
  buildpacks: z.unknown().optional(),
  args: z.unknown().optional(),
  settings: z.unknown().optional(),
  builtin: z.unknown().optional(),
  dockerfile: z.unknown().optional(),
  ignorefile: z.unknown().optional(),
  'build-target': z.unknown().optional(),
  build_target: z.unknown().optional(),
  compression: z.unknown().optional(),
  compression_level: z.unknown().optional(),
});

/** flyctl accepts either one table or an array of tables for these sections (patches.go ensureArrayOfMap). */
function oneOrMany<T extends z.ZodType>(item: T, tables: string) {
  return z
    .preprocess(
      (value) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? [value] : value),
      z.array(item, `expected ${tables} tables`),
    )
    .optional();
}

/** A whole fly.toml, as far as fly-deploy applies it. */
export const flyTomlSchema = z.strictObject({
  app: text.min(1, 'expected the app name').optional(),
  primary_region: text.min(1, 'expected a region code such as "ams"').optional(),
  kill_signal: z
    .enum(
      ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGKILL', 'SIGUSR1', 'SIGUSR2', 'SIGTERM'],
      'expected one of SIGINT, SIGTERM, SIGQUIT, SIGUSR1, SIGUSR2, SIGKILL, SIGHUP',
    )
    .optional(),
  kill_timeout: duration(1e9, 'seconds').optional(),
  swap_size_mb: count.optional(),
  console_command: text.optional(),
  build: buildSchema.optional(),
  deploy: deploySchema.optional(),
  env: z
    .record(
      text,
      z.union([text, z.number(), z.boolean()], 'expected a string, number or boolean'),
      'expected a table of NAME = "value"',
    )
    .optional(),
  processes: z.record(text, text, 'expected a table of group = "command"').optional(),
  http_service: httpServiceSchema.optional(),
  services: oneOrMany(serviceSchema, '[[services]]'),
  checks: z.record(text, topLevelCheckSchema, 'expected [checks.<name>] tables').optional(),
  mounts: oneOrMany(mountSchema, '[[mounts]]'),
  statics: z.array(staticSchema, 'expected [[statics]] tables').optional(),
  files: z.array(fileSchema, 'expected [[files]] tables').optional(),
  restart: z.array(restartSchema, 'expected [[restart]] tables').optional(),
  vm: oneOrMany(computeSchema, '[[vm]]'),
  compute: oneOrMany(computeSchema, '[[compute]]'),
  metrics: oneOrMany(metricsSchema, '[[metrics]]'),
});

/** fly.toml after type checks, before the rules that span sections. */
export type FlyTomlInput = z.infer<typeof flyTomlSchema>;
