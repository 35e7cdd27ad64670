import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { redactAndShorten } from '@deploy-actions/core';
import { STRATEGIES } from '@deploy-actions/release';

/**
 * One service of the manifest as the deploy matrix gets it: every key present, empty when not set, so the reusable
 * workflow can pass `matrix.service.<key>` to fly-deploy.yml without a missing-property check.
 */
export interface Service {
  name: string;
  app: string;
  image: string;
  config: string;
  strategy: string;
  'health-targets': string;
  'expect-version': string;
  environment: string;
  'environment-url': string;
  'required-secrets': string;
  'required-checks': string;
  'token-secret': string;
  'app-secrets-secret': string;
}

/** One thing wrong with the manifest, at a line of it. */
export interface ManifestProblem {
  line: number;
  message: string;
}

/** What reading a manifest gave: the services when there is no problem at all. */
export type ManifestResult = { ok: true; services: Service[] } | { ok: false; problems: ManifestProblem[] };

/** GitHub runs at most 256 jobs of one matrix. */
export const MAX_SERVICES = 256;
/** A manifest lists services, not data: anything larger is refused before it is parsed. */
export const MAX_MANIFEST_BYTES = 256 * 1024;
/** Longest part of a value quoted back in a problem. */
const MAX_QUOTED = 80;

// Service names end up in artifact names (`deploy-proof-<name>`) and job names: letters, digits, `.`, `_`, `-`.
const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
// Fly app names: lower-case letters, digits and dashes (superfly/flyctl internal/command/apps/create.go).
const FLY_APP = /^[a-z0-9][a-z0-9-]{0,62}$/;
// A secret name as GitHub accepts it (and not a GITHUB_ one, which GitHub reserves).
const SECRET_NAME = /^(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]{0,99}$/i;

const text = (max: number): z.ZodString => z.string().trim().min(1).max(max);
const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  });
const relativePath = text(1024).refine(
  (value) => !value.startsWith('/') && !value.split(/[\\/]/).includes('..'),
);
/** A string, or a list of strings joined one per line (how the actions take lists). */
const lines = (item: z.ZodType<string>): z.ZodType<string> =>
  z
    .union([item, z.array(item).min(1).max(100)])
    .transform((value) => (Array.isArray(value) ? value.join('\n') : value));

interface KeyRule {
  schema: z.ZodType<string>;
  /** What the key accepts, in words. */
  allowed: string;
  required?: boolean;
  /** Used when the key is not set. */
  default?: string;
}

/** Every key a service may have, in the order the docs list them. */
const SERVICE_KEYS = new Map<keyof Service, KeyRule>([
  [
    'name',
    {
      schema: z.string().regex(SERVICE_NAME),
      allowed: 'a name of letters, digits, `.`, `_` and `-` (at most 63), unique in the manifest',
      required: true,
    },
  ],
  [
    'app',
    {
      schema: z.string().regex(FLY_APP),
      allowed: 'a Fly app name (lower-case letters, digits and dashes)',
      required: true,
    },
  ],
  [
    'image',
    {
      schema: z.string().regex(/^\S{1,512}$/),
      allowed: 'an image reference such as registry.fly.io/app:tag',
    },
  ],
  [
    'config',
    { schema: relativePath, allowed: "the path of the service's fly.toml, relative to the repository root" },
  ],
  [
    'strategy',
    { schema: z.enum(STRATEGIES), allowed: `one of ${STRATEGIES.join(', ')}`, default: 'rolling' },
  ],
  ['health-targets', { schema: lines(httpUrl), allowed: 'an http(s) URL, or a list of them (at most 100)' }],
  ['expect-version', { schema: text(128), allowed: 'the release the health targets must answer with' }],
  [
    'environment',
    {
      schema: text(255),
      allowed: 'a GitHub environment name (at most 255 characters)',
      default: 'production',
    },
  ],
  ['environment-url', { schema: httpUrl, allowed: 'an http(s) URL' }],
  [
    'required-secrets',
    { schema: lines(z.string().regex(SECRET_NAME)), allowed: 'a secret name, or a list of them' },
  ],
  ['required-checks', { schema: lines(text(256)), allowed: 'a check name, or a list of them' }],
  [
    'token-secret',
    {
      schema: z.string().regex(SECRET_NAME),
      allowed: "the name of the secret holding the service's Fly deploy token (not GITHUB_*)",
      default: 'FLY_API_TOKEN',
    },
  ],
  [
    'app-secrets-secret',
    {
      schema: z.string().regex(SECRET_NAME),
      allowed: "the name of the secret holding the app's `NAME=value` secrets lines (not GITHUB_*)",
    },
  ],
]);

const TOP_LEVEL_KEYS = ['services'];

/** `"value"`, redacted and cut short; non-strings as YAML would show them. */
function quote(value: unknown): string {
  let shown: string;
  try {
    shown = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    shown = String(value);
  }
  return JSON.stringify(redactAndShorten(shown, MAX_QUOTED));
}

/** How many aliases a manifest may expand: a few are enough, thousands are a billion-laughs bomb. */
const MAX_ALIASES = 20;

/** Plain JS of a node (aliases resolved, at most {@link MAX_ALIASES} of them). */
function valueOf(document: Document, node: unknown): unknown {
  if (isScalar(node)) return node.value;
  if (isMap(node) || isSeq(node) || isAlias(node)) return node.toJS(document, { maxAliasCount: MAX_ALIASES });
  return node ?? null;
}

/**
 * Reads and checks a services manifest, reporting every problem at once: each names the service, the key, the
 * value and what is allowed. Keys are read from the YAML nodes into `Map`s, so a key such as `__proto__` is one
 * more unknown key, not a change to an object.
 */
export function readManifest(source: string): ManifestResult {
  try {
    return checkManifest(source);
  } catch (error) {
    // The yaml library throws on alias bombs (ReferenceError) and the stack runs out on absurd nesting (RangeError).
    const why =
      error instanceof RangeError
        ? 'it is nested too deeply'
        : redactAndShorten((error as Error).message.split('\n')[0] ?? '', 200);
    return { ok: false, problems: [{ line: 1, message: `could not be read: ${why}` }] };
  }
}

function checkManifest(source: string): ManifestResult {
  const lineCounter = new LineCounter();
  const problems: ManifestProblem[] = [];
  const at = (node: unknown, message: string): void => {
    const offset = (node as Node | undefined)?.range?.[0] ?? 0;
    problems.push({ line: lineCounter.linePos(offset).line, message });
  };
  let document;
  try {
    document = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    return {
      ok: false,
      problems: [{ line: 1, message: `could not be read as YAML (${(error as Error).name})` }],
    };
  }
  for (const error of document.errors) {
    problems.push({
      line: error.linePos?.[0].line ?? 1,
      message: `is not valid YAML: ${redactAndShorten(error.message.split('\n')[0] ?? '', 200)}`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };

  const root = document.contents;
  if (!isMap(root)) {
    at(root, 'must be a mapping with a `services` list');
    return { ok: false, problems };
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined || !TOP_LEVEL_KEYS.includes(key)) {
      at(
        pair.key,
        `key ${quote(key ?? valueOf(document, pair.key))} is not allowed at the top; expected only \`services\``,
      );
    }
  }
  const list = root.get('services', true);
  if (!isSeq(list) || list.items.length === 0) {
    at(
      list ?? root,
      `\`services\` must be a list of at least one service; got ${quote(valueOf(document, list))}`,
    );
    return { ok: false, problems };
  }
  if (list.items.length > MAX_SERVICES) {
    at(list, `lists ${list.items.length} services; a matrix runs at most ${MAX_SERVICES}`);
    return { ok: false, problems };
  }

  const services: Service[] = [];
  const byName = new Map<string, number>();
  const byApp = new Map<string, string>();
  list.items.forEach((item, index) => {
    const service = readService(document, item, index, at);
    if (service === undefined) return;
    const seen = byName.get(service.name.toLowerCase());
    if (seen !== undefined) {
      at(
        item,
        `service ${quote(service.name)} (services[${index}]): the name is also used by services[${seen}]; names must be unique (case-insensitively: they name artifacts)`,
      );
    } else byName.set(service.name.toLowerCase(), index);
    const appOwner = byApp.get(service.app);
    if (appOwner !== undefined) {
      at(
        item,
        `service ${quote(service.name)} (services[${index}]): app ${quote(service.app)} is also deployed by service ${quote(appOwner)}; one service per app, or their rollouts would race`,
      );
    } else byApp.set(service.app, service.name);
    services.push(service);
  });
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  return { ok: true, services };
}

function readService(
  document: Document,
  item: unknown,
  index: number,
  at: (node: unknown, message: string) => void,
): Service | undefined {
  if (!isMap(item)) {
    at(
      item,
      `services[${index}] must be a mapping (name, app, image, …); got ${quote(valueOf(document, item))}`,
    );
    return undefined;
  }
  const given = new Map<string, { node: unknown; value: unknown }>();
  for (const pair of item.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined || !SERVICE_KEYS.has(key as keyof Service)) {
      at(
        pair.key,
        `services[${index}]: key ${quote(key ?? valueOf(document, pair.key))} is not a service key; expected one of ${[...SERVICE_KEYS.keys()].join(', ')}`,
      );
      continue;
    }
    given.set(key, { node: pair.value ?? pair.key, value: valueOf(document, pair.value) });
  }
  const rawName = given.get('name')?.value;
  const label =
    typeof rawName === 'string' && SERVICE_NAME.test(rawName)
      ? `service ${quote(rawName)} (services[${index}])`
      : `services[${index}]`;
  let valid = true;
  const service = new Map<keyof Service, string>();
  for (const [key, rule] of SERVICE_KEYS) {
    const entry = given.get(key);
    if (entry === undefined || entry.value === null) {
      if (rule.required === true) {
        at(item, `${label}: key \`${key}\` is missing; expected ${rule.allowed}`);
        valid = false;
      }
      service.set(key, rule.default ?? '');
      continue;
    }
    const parsed = rule.schema.safeParse(entry.value);
    if (!parsed.success) {
      // `expect-version: 1.20` reads as the number 1.2: say why the value looks different from what was written.
      const read =
        typeof entry.value === 'number' || typeof entry.value === 'boolean'
          ? ` (YAML read a ${typeof entry.value}: quote the value)`
          : '';
      at(entry.node, `${label}, key \`${key}\`: got ${quote(entry.value)}${read}; expected ${rule.allowed}`);
      valid = false;
      continue;
    }
    service.set(key, parsed.data);
  }
  if (!given.has('image') && !given.has('config')) {
    at(item, `${label}: needs \`image\` (what to deploy) or \`config\` (a fly.toml to build or deploy from)`);
    valid = false;
  }
  if (!valid) return undefined;
  const get = (key: keyof Service): string => service.get(key) ?? '';
  return {
    name: get('name'),
    app: get('app'),
    image: get('image'),
    config: get('config'),
    strategy: get('strategy'),
    'health-targets': get('health-targets'),
    'expect-version': get('expect-version'),
    environment: get('environment'),
    'environment-url': get('environment-url'),
    'required-secrets': get('required-secrets'),
    'required-checks': get('required-checks'),
    'token-secret': get('token-secret'),
    'app-secrets-secret': get('app-secrets-secret'),
  };
}
