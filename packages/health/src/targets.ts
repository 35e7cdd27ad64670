import {
  DURATION_GRAMMAR,
  parseDuration,
  parseJsonPath,
  registerSecret,
  type InputProblem,
  type JsonPath,
} from '@deploy-actions/core';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ANY_2XX, parseStatusSet, STATUS_GRAMMAR, type StatusSet } from './status.ts';

/** A check on a JSON body: the value at `path` must equal `equals`. */
export interface BodyJsonCheck {
  path: JsonPath;
  /** Compared by JSON value: `ok` matches "ok", `true` matches true. */
  equals: string | number | boolean | null;
}

/** One service to probe, as `targets` describes it, with defaults filled in and header values expanded. */
export interface HealthTarget {
  /** Unique among the targets; the key of every table row and measurement. */
  name: string;
  url: string;
  method: string;
  expectStatus: StatusSet;
  bodyJson?: BodyJsonCheck;
  bodyContains?: string;
  /** A single answer slower than this is a failed measurement. */
  maxLatencyMs?: number;
  /** Header name (as written) to value, `${VAR}`s expanded; values from the environment are registered secrets. */
  headers: Map<string, string>;
  /** Deadline of one probe, from connecting to the last byte of the body. */
  timeoutMs: number;
  followRedirects: boolean;
  /** Probe once per machine of the Fly app (`fly-force-instance-id`) when the gate runs per machine. */
  perMachine: boolean;
  /** This target's own time between probe starts, instead of the gate's `interval`. */
  intervalMs?: number;
}

/** Defaults of a target's optional keys. */
export const TARGET_DEFAULTS = {
  method: 'GET',
  timeoutMs: 5000,
  followRedirects: false,
  perMachine: true,
} as const;

/** Where `${VAR}` in header values is looked up: the step's environment in the action. */
export type EnvLookup = (name: string) => string | undefined;

/** What {@link parseTargets} found: the targets, or every problem at once (never both non-empty). */
export interface ParsedTargets {
  targets: HealthTarget[];
  problems: InputProblem[];
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Every key a target may have, with what it accepts (in words) and how it is checked. */
const KEYS = {
  name: { allowed: 'a non-empty name', schema: z.string().trim().min(1) },
  url: { allowed: 'an absolute http(s) URL', schema: z.url({ protocol: /^https?$/ }) },
  method: {
    allowed: `one of ${METHODS.join(', ')}`,
    schema: z
      .string()
      .transform((m) => m.toUpperCase())
      .pipe(z.enum(METHODS)),
  },
  'expect-status': { allowed: STATUS_GRAMMAR, schema: z.union([z.string(), z.int()]) },
  'body-json': {
    allowed: '{ path: <JSON path such as $.status>, equals: <value> }',
    schema: z.strictObject({
      path: z.string(),
      equals: z.union([z.string(), z.number(), z.boolean(), z.null()]),
    }),
  },
  'body-contains': { allowed: 'non-empty text', schema: z.string().min(1) },
  'max-latency-ms': { allowed: 'a whole number of milliseconds >= 1', schema: z.int().min(1) },
  headers: {
    allowed: 'a mapping of header names to text values (${VAR} is read from the step env and masked)',
    schema: z.record(z.string().regex(HEADER_NAME), z.union([z.string(), z.number()])),
  },
  'timeout-ms': { allowed: 'a whole number of milliseconds >= 1', schema: z.int().min(1) },
  'follow-redirects': { allowed: 'true or false', schema: z.boolean() },
  'per-machine': { allowed: 'true or false', schema: z.boolean() },
  interval: {
    allowed: `${DURATION_GRAMMAR}, at least 100ms`,
    schema: z.string().transform((text, ctx) => {
      try {
        const ms = parseDuration(text);
        if (ms >= 100) return ms;
      } catch {
        // reported below, like a duration too short
      }
      ctx.issues.push({ code: 'custom', message: 'not a duration of at least 100ms', input: text });
      return z.NEVER;
    }),
  },
} as const;

type Key = keyof typeof KEYS;
const KEY_NAMES = Object.keys(KEYS) as Key[];

/**
 * Reads the `targets` input: either one URL per line (`#` comments and blank lines skipped), or a YAML list whose
 * items are URLs or mappings with the keys of {@link HealthTarget} in kebab-case (`name`, `url`, `method`,
 * `expect-status`, `body-json`, `body-contains`, `max-latency-ms`, `headers`, `timeout-ms`, `follow-redirects`,
 * `per-machine`, `interval`). `${VAR}` in header values is replaced by `env(VAR)` and the value masked.
 *
 * Every problem is returned at once, each naming the target (its name, else its position and URL) and the key.
 */
export function parseTargets(text: string, env: EnvLookup): ParsedTargets {
  const items = readItems(text);
  if ('problem' in items) return { targets: [], problems: [{ input: 'targets', allowed: items.problem }] };
  const problems: InputProblem[] = [];
  const targets: HealthTarget[] = [];
  items.list.forEach((item, i) => {
    const parsed = parseTarget(item, i, env);
    if ('problems' in parsed) problems.push(...parsed.problems);
    else targets.push(parsed.target);
  });
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.name)) {
      problems.push({
        input: 'targets',
        value: t.name,
        allowed: `a unique name per target; two targets are named "${t.name}" (give them a name: key)`,
      });
    }
    seen.add(t.name);
  }
  if (problems.length === 0 && targets.length === 0) {
    problems.push({ input: 'targets', allowed: 'at least one URL or target; none was given' });
  }
  return problems.length > 0 ? { targets: [], problems } : { targets, problems: [] };
}

function readItems(text: string): { list: unknown[] } | { problem: string } {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const first = lines[0] ?? '';
  if (!first.startsWith('-') && !first.startsWith('[')) return { list: lines };
  let document: unknown;
  try {
    document = parseYaml(text) as unknown;
  } catch (error) {
    const line = error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
    return { problem: `a YAML list of targets, but it does not parse: ${line}` };
  }
  if (!Array.isArray(document)) return { problem: 'a YAML list of targets (each item starting with "- ")' };
  return { list: document };
}

function label(item: unknown, index: number): string {
  if (typeof item === 'string') return `#${index + 1} (${item})`;
  if (item !== null && typeof item === 'object') {
    const { name, url } = item as Record<string, unknown>;
    if (typeof name === 'string' && name.trim() !== '') return `"${name.trim()}"`;
    if (typeof url === 'string') return `#${index + 1} (${url})`;
  }
  return `#${index + 1}`;
}

function problemFor(target: string, key: string, value: unknown, allowed: string): InputProblem {
  const shown = typeof value === 'string' || typeof value === 'number' ? { value: String(value) } : {};
  return { input: 'targets', ...shown, allowed: `for target ${target}, key "${key}": ${allowed}` };
}

function parseTarget(
  item: unknown,
  index: number,
  env: EnvLookup,
): { target: HealthTarget } | { problems: InputProblem[] } {
  const who = label(item, index);
  const isMapping = item !== null && typeof item === 'object' && !Array.isArray(item);
  if (typeof item !== 'string' && !isMapping) {
    return {
      problems: [
        { input: 'targets', allowed: `target ${who} must be a URL or a mapping with at least url:` },
      ],
    };
  }
  const fields = typeof item === 'string' ? { url: item } : (item as Record<string, unknown>);
  const problems: InputProblem[] = [];
  const values = new Map<Key, unknown>();
  for (const [key, value] of Object.entries(fields)) {
    if (!(KEY_NAMES as string[]).includes(key)) {
      problems.push({
        input: 'targets',
        allowed: `for target ${who}: "${key}" is not a key of a target; the keys are ${KEY_NAMES.join(', ')}`,
      });
      continue;
    }
    const spec = KEYS[key as Key];
    const result = spec.schema.safeParse(value);
    if (result.success) values.set(key as Key, result.data);
    else problems.push(problemFor(who, key, key === 'headers' ? undefined : value, spec.allowed));
  }
  const url = values.get('url') as string | undefined;
  if (url === undefined && !Object.hasOwn(fields, 'url')) {
    problems.push({
      input: 'targets',
      allowed: `for target ${who}, key "url": the URL to probe; it is missing`,
    });
  }

  let expectStatus = ANY_2XX;
  const status = values.get('expect-status') as string | number | undefined;
  if (status !== undefined) {
    const parsed = parseStatusSet(status);
    if ('problem' in parsed) problems.push(problemFor(who, 'expect-status', status, parsed.problem));
    else expectStatus = parsed;
  }

  let bodyJson: BodyJsonCheck | undefined;
  const json = values.get('body-json') as { path: string; equals: BodyJsonCheck['equals'] } | undefined;
  if (json !== undefined) {
    const path = parseJsonPath(json.path);
    if ('problem' in path) problems.push(problemFor(who, 'body-json.path', json.path, path.problem));
    else bodyJson = { path, equals: json.equals };
  }

  const headers = new Map<string, string>();
  const rawHeaders = (values.get('headers') as Record<string, string | number> | undefined) ?? {};
  for (const [name, raw] of Object.entries(rawHeaders)) {
    const expanded = expandEnv(String(raw), env);
    if ('missing' in expanded) {
      problems.push({
        input: 'targets',
        allowed: `for target ${who}, header "${name}": \${${expanded.missing}} is not set in the step's env; pass it with env: ${expanded.missing}: \${{ secrets.${expanded.missing} }}`,
      });
    } else headers.set(name, expanded.value);
  }

  if (problems.length > 0 || url === undefined) return { problems };
  // A password in the URL (https://user:pass@host/) is a credential: masked before any line names the target.
  const { password } = new URL(url);
  if (password !== '') registerSecret(decodeURIComponent(password));
  const name = (values.get('name') as string | undefined) ?? defaultName(url);
  return {
    target: {
      name,
      url,
      method: (values.get('method') as string | undefined) ?? TARGET_DEFAULTS.method,
      expectStatus,
      ...(bodyJson === undefined ? {} : { bodyJson }),
      ...(values.has('body-contains') ? { bodyContains: values.get('body-contains') as string } : {}),
      ...(values.has('max-latency-ms') ? { maxLatencyMs: values.get('max-latency-ms') as number } : {}),
      headers,
      timeoutMs: (values.get('timeout-ms') as number | undefined) ?? TARGET_DEFAULTS.timeoutMs,
      followRedirects:
        (values.get('follow-redirects') as boolean | undefined) ?? TARGET_DEFAULTS.followRedirects,
      perMachine: (values.get('per-machine') as boolean | undefined) ?? TARGET_DEFAULTS.perMachine,
      ...(values.has('interval') ? { intervalMs: values.get('interval') as number } : {}),
    },
  };
}

/** `host/path` of a URL, the name of a target given as a bare URL. */
function defaultName(url: string): string {
  const u = new URL(url);
  return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
}

/**
 * Replaces each `${VAR}` with `env(VAR)`, registering the value as a secret before anything can print it: header
 * values from the environment are credentials more often than not.
 */
function expandEnv(text: string, env: EnvLookup): { value: string } | { missing: string } {
  let missing: string | undefined;
  const value = text.replace(ENV_REF, (_whole, name: string) => {
    const found = env(name);
    if (found === undefined || found === '') {
      missing ??= name;
      return '';
    }
    registerSecret(found);
    return found;
  });
  if (missing !== undefined) return { missing };
  if (value !== text) registerSecret(value);
  return { value };
}
