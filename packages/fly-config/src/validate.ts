import { splitCommandLine } from './go-units.ts';
import { appliesToGroup, processNames, servicesForGroup } from './model.ts';
import type { FlyConfig } from './model.ts';
import type { KeyPath } from './problems.ts';
import type { FlyTomlInput } from './schema.ts';

// Rules that span sections, after each value has its type. Most are flyctl's own (internal/appconfig
// validation.go, machines.go), cited at each; the few that are stricter say why.

/** A problem found by a rule, located by its key path; the loader adds the line. */
export interface RuleFinding {
  path: KeyPath;
  message: string;
  /**
   * Top-level sections the rule read besides its own (every rule reads [processes] too). When one of them was
   * invalid, the finding is dropped: it would only echo that section's own problem.
   */
  dependsOn?: string[];
  /** A warning is reported but does not stop the deploy (flyctl only warns about these too). */
  warning?: boolean;
}

// flyctl deploy.go warns about [env] names that look like secrets (common_secrets.go).
const SECRET_LOOKING = ['KEY', 'PRIVATE', 'DATABASE_URL', 'PASSWORD', 'SECRET'];
const NOT_SECRET = new Set(['AWS_ACCESS_KEY_ID', 'TIGRIS_ACCESS_KEY_ID']);
const SECOND = 1e9;

function checkGroupReferences(
  config: FlyConfig,
  path: KeyPath,
  processes: string[] | undefined,
  out: RuleFinding[],
): void {
  const names = processNames(config);
  (processes ?? []).forEach((name, i) => {
    if (!names.includes(name)) {
      out.push({
        path: [...path, 'processes', i],
        message: `process group ${JSON.stringify(name)} is not defined; the app's groups are ${names.map((n) => JSON.stringify(n)).join(', ')}`,
      });
    }
  });
}

function checkServiceDurations(
  path: KeyPath,
  check: { interval?: number; timeout?: number; grace_period?: number },
  out: RuleFinding[],
): void {
  // Fly raises service check durations below 1 s to 1 s and lowers those above 1 min (validation.go).
  for (const key of ['interval', 'timeout'] as const) {
    const value = check[key];
    if (value !== undefined && (value < SECOND || value > 60 * SECOND)) {
      out.push({
        path: [...path, key],
        message: 'Fly keeps service check durations between 1s and 1m; it will round this',
        warning: true,
      });
    }
  }
}

function checkHttpCheckPath(path: KeyPath, check: { path?: string }, out: RuleFinding[]): void {
  // Stricter than flyctl, which sends the check without a path: what such a check requests is left to Fly, and a
  // health gate that does not say what it asks for cannot be trusted.
  if (check.path === undefined || check.path === '') {
    out.push({ path: [...path, 'path'], message: 'an HTTP check needs a path, e.g. path = "/health"' });
  } else if (!check.path.startsWith('/')) {
    out.push({
      path: [...path, 'path'],
      message: `expected a URL path starting with "/", got ${JSON.stringify(check.path)}`,
    });
  }
}

/**
 * Runs every cross-section rule; returns all findings, errors and warnings alike. `parsed` is the file as typed,
 * for the sections `config` merges (`[[vm]]` and `[[compute]]`).
 */
export function crossSectionFindings(config: FlyConfig, parsed: FlyTomlInput): RuleFinding[] {
  const out: RuleFinding[] = [];
  const groups = processNames(config);
  const processCount = config.processes.size;

  for (const [name, command] of config.processes) {
    if (name === '') out.push({ path: ['processes', name], message: 'a process group needs a name' });
    if (splitCommandLine(command) === undefined) {
      out.push({
        path: ['processes', name],
        message: 'the command cannot be split into words: check its quotes',
      });
    }
  }

  for (const name of config.env.keys()) {
    if (!NOT_SECRET.has(name) && SECRET_LOOKING.some((s) => name.includes(s))) {
      out.push({
        path: ['env', name],
        message:
          'looks like a secret: set it with the `secrets` input instead of [env], which is stored in plain text',
        warning: true,
      });
    }
  }

  const serviceSections: { path: KeyPath; processes?: string[]; ports?: unknown[] }[] = [
    ...(config.http_service === undefined
      ? []
      : [{ path: ['http_service'], processes: config.http_service.processes, ports: [80, 443] }]),
    ...config.services.map((s, i) => ({ path: ['services', i], processes: s.processes, ports: s.ports })),
  ];
  for (const section of serviceSections) {
    // validation.go validateServicesSection.
    if ((section.processes ?? []).length === 0 && processCount > 0) {
      out.push({
        path: section.path,
        message: `the app defines ${processCount} process groups; set processes = [...] to say which ones this service is for`,
      });
    }
    checkGroupReferences(config, section.path, section.processes, out);
    if ((section.ports ?? []).length === 0) {
      out.push({
        path: section.path,
        message: 'a service with no [[services.ports]] receives no traffic',
        warning: true,
      });
    }
  }

  config.http_service?.checks?.forEach((check, i) => {
    checkHttpCheckPath(['http_service', 'checks', i], check, out);
    checkServiceDurations(['http_service', 'checks', i], check, out);
  });
  config.services.forEach((service, s) => {
    service.http_checks?.forEach((check, i) => {
      checkHttpCheckPath(['services', s, 'http_checks', i], check, out);
      checkServiceDurations(['services', s, 'http_checks', i], check, out);
    });
    service.tcp_checks?.forEach((check, i) =>
      checkServiceDurations(['services', s, 'tcp_checks', i], check, out),
    );
  });

  for (const [name, check] of config.checks) {
    const path = ['checks', name];
    // toplevelcheck.go toMachineCheck; validation.go validateChecksSection for the duration bounds.
    if (check.type === undefined)
      out.push({ path: [...path, 'type'], message: 'a check needs type = "http" or "tcp"' });
    if (check.type === 'http') checkHttpCheckPath(path, check, out);
    if (check.interval !== undefined && check.interval < 2 * SECOND) {
      out.push({
        path: [...path, 'interval'],
        message: 'is too short: Fly runs machine checks at most every 2s',
      });
    }
    if (check.timeout !== undefined && check.timeout > 60 * SECOND) {
      out.push({ path: [...path, 'timeout'], message: 'is too long: Fly allows machine checks at most 60s' });
    }
    checkGroupReferences(config, path, check.processes, out);
    if (check.port === undefined) {
      // machines.go updateMachineConfig: the port comes from the group's [http_service].
      for (const group of groups.filter((g) => appliesToGroup(config, check.processes, g))) {
        if (servicesForGroup(config, group).httpService === undefined) {
          out.push({
            dependsOn: ['http_service'],
            path: [...path, 'port'],
            message: `has no port, and process group ${JSON.stringify(group)} has no [http_service] to take it from`,
          });
        }
      }
    }
  }

  // Stricter than flyctl for these sections (it checks only [[restart]]): a section naming an undefined group
  // applies to no machine, which is always a typo.
  config.mounts.forEach((m, i) => checkGroupReferences(config, ['mounts', i], m.processes, out));
  config.files.forEach((f, i) => checkGroupReferences(config, ['files', i], f.processes, out));
  config.restart.forEach((r, i) => checkGroupReferences(config, ['restart', i], r.processes, out));
  config.metrics.forEach((m, i) => checkGroupReferences(config, ['metrics', i], m.processes, out));

  for (const group of groups) {
    const mounts = config.mounts.filter((m) => appliesToGroup(config, m.processes, group));
    if (mounts.length > 1) {
      out.push({
        path: ['mounts'],
        message: `process group ${JSON.stringify(group)} has ${mounts.length} [[mounts]]; a machine mounts one volume`,
      });
    }
  }
  config.mounts.forEach((m, i) => {
    // validation.go validateMounts: auto-extension needs all three bounds in range.
    const threshold = m.auto_extend_size_threshold;
    const increment = m.auto_extend_size_increment;
    const limit = m.auto_extend_size_limit;
    if (threshold === undefined && increment === undefined && limit === undefined) return;
    if (threshold === undefined || threshold < 50 || threshold > 99) {
      out.push({
        path: ['mounts', i, 'auto_extend_size_threshold'],
        message: 'expected a percentage from 50 to 99 when the volume auto-extends',
      });
    }
    if (increment === undefined || increment < 1 || increment > 100) {
      out.push({
        path: ['mounts', i, 'auto_extend_size_increment'],
        message: 'expected 1gb to 100gb when the volume auto-extends',
      });
    }
    if (limit !== undefined && limit > 500) {
      out.push({ path: ['mounts', i, 'auto_extend_size_limit'], message: 'expected at most 500gb' });
    }
  });

  for (const key of ['vm', 'compute'] as const) {
    (parsed[key] ?? []).forEach((c, i) => checkGroupReferences(config, [key, i], c.processes, out));
  }

  // The same bounds as fly-deploy's inputs of the same name: a zero wait would fail every machine at once.
  const bounds = [
    ['wait_timeout', config.deploy.wait_timeout, 3600],
    ['release_command_timeout', config.deploy.release_command_timeout, 7200],
  ] as const;
  for (const [key, value, maxSeconds] of bounds) {
    if (value !== undefined && (value < SECOND || value > maxSeconds * SECOND)) {
      out.push({ path: ['deploy', key], message: `expected from 1s to ${maxSeconds / 3600}h` });
    }
  }

  const releaseCommand = config.deploy.release_command;
  if (releaseCommand !== undefined && splitCommandLine(releaseCommand) === undefined) {
    out.push({
      path: ['deploy', 'release_command'],
      message: 'the command cannot be split into words: check its quotes',
    });
  }
  // validation.go refuses canary with volumes; blue-green needs a second set of machines, hence volumes, too.
  const strategy = config.deploy.strategy;
  if ((strategy === 'canary' || strategy === 'bluegreen') && config.mounts.length > 0) {
    out.push({
      path: ['deploy', 'strategy'],
      message: `the ${strategy} strategy cannot be used by an app with [[mounts]]: its volumes cannot be attached to extra machines; use "rolling" or "immediate"`,
    });
  }
  return out;
}
