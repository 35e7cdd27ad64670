import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { repoRoot } from './action-definition.ts';

/** The superfly/docs commit whose `api/machines/openapi.json` the contract checks read. */
export const MACHINES_OPENAPI_COMMIT = '462dcb9037e57d4c21a336289db3e0b9378d15ab';

/** sha256 of that file; a download or cache entry with any other hash is refused. */
export const MACHINES_OPENAPI_SHA256 = '1ef46a4a8a164d190f1905e706501f341640a547e24e4ae53da33204aad15c3a';

/** Where the pinned spec is downloaded from unless `FLY_MACHINES_OPENAPI_URL` says otherwise. */
export const MACHINES_OPENAPI_URL = `https://raw.githubusercontent.com/superfly/docs/${MACHINES_OPENAPI_COMMIT}/api/machines/openapi.json`;

/** How long a download may take, connection included, before it counts as "no network". */
const DOWNLOAD_DEADLINE_MS = 30_000;

/** The pinned file is 159 KB; an answer this large is not it, and an endless one must not fill memory. */
const MAX_DOWNLOAD_BYTES = 8 * 1024 * 1024;

const FILE_NAME = 'machines-openapi.json';

/** Where to look for the spec and where to fetch it from; each defaults to the real place. */
export interface SpecLocations {
  /** An explicit file; default `FLY_MACHINES_OPENAPI`. When set it must exist: nothing else is tried. */
  explicit?: string | undefined;
  /** The workplace copy; default `../shared/fly/machines-openapi.json` from the repository root. */
  shared?: string;
  /** The folder of the verified download; default `node_modules/.cache/deploy-actions/`. */
  cacheDir?: string;
  /** The download URL; default `FLY_MACHINES_OPENAPI_URL`, else {@link MACHINES_OPENAPI_URL}. */
  url?: string;
}

/** {@link SpecLocations} with every default filled in (`explicit` stays optional: unset means "not given"). */
type ResolvedLocations = Omit<Required<SpecLocations>, 'explicit'> & { explicit: string | undefined };

function withDefaults(locations: SpecLocations): ResolvedLocations {
  return {
    explicit: 'explicit' in locations ? locations.explicit : process.env.FLY_MACHINES_OPENAPI,
    shared: locations.shared ?? path.join(repoRoot, '..', 'shared', 'fly', FILE_NAME),
    cacheDir: locations.cacheDir ?? path.join(repoRoot, 'node_modules', '.cache', 'deploy-actions'),
    url: locations.url ?? process.env.FLY_MACHINES_OPENAPI_URL ?? MACHINES_OPENAPI_URL,
  };
}

/** The one line every failure ends with: the ways to provide the file by hand. */
function howToProvide(where: ResolvedLocations): string {
  return (
    `download ${MACHINES_OPENAPI_URL} (sha256 ${MACHINES_OPENAPI_SHA256}) and set FLY_MACHINES_OPENAPI to its path, ` +
    `or put it at ${where.shared}`
  );
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The spec file found without the network: `FLY_MACHINES_OPENAPI`, else the workplace copy beside the repository,
 * else a cached download whose hash still matches; `undefined` when none is there.
 *
 * @throws Error when `FLY_MACHINES_OPENAPI` names a file that does not exist: a path given on purpose is not
 *   silently replaced by another copy.
 */
export function findMachinesOpenApi(locations: SpecLocations = {}): string | undefined {
  const where = withDefaults(locations);
  if (where.explicit !== undefined && where.explicit !== '') {
    if (!existsSync(where.explicit)) {
      throw new Error(
        `Fly's Machines API spec is not at ${where.explicit} (FLY_MACHINES_OPENAPI); ${howToProvide(where)}`,
      );
    }
    return where.explicit;
  }
  if (existsSync(where.shared)) return where.shared;
  const cached = path.join(where.cacheDir, FILE_NAME);
  if (existsSync(cached) && sha256(readFileSync(cached)) === MACHINES_OPENAPI_SHA256) return cached;
  return undefined;
}

/**
 * Finds the spec ({@link findMachinesOpenApi}) or downloads it, checks its sha256 and caches it, returning its
 * path. The cache is written to a temporary name and renamed into place, so concurrent resolvers (two jest runs)
 * never read half a file.
 *
 * @throws Error with one line saying what failed and how to provide the file, when the download is refused,
 *   unreachable, too slow or has another hash.
 */
export async function resolveMachinesOpenApi(locations: SpecLocations = {}): Promise<string> {
  const found = findMachinesOpenApi(locations);
  if (found !== undefined) return found;
  const where = withDefaults(locations);
  const fail = (what: string): Error => new Error(`Fly's Machines API spec: ${what}; ${howToProvide(where)}`);
  let response: Response;
  let bytes: Uint8Array | undefined;
  try {
    response = await fetch(where.url, { signal: AbortSignal.timeout(DOWNLOAD_DEADLINE_MS) });
    bytes = await readCapped(response);
  } catch (error) {
    // fetch wraps the transport error (ECONNREFUSED, ENOTFOUND) as its cause; a deadline is a TimeoutError.
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw fail(`could not download ${where.url} (${cause})`);
  }
  if (!response.ok) throw fail(`${where.url} answered ${response.status}`);
  if (bytes === undefined) throw fail(`${where.url} sent more than ${MAX_DOWNLOAD_BYTES} bytes`);
  const hash = sha256(bytes);
  if (hash !== MACHINES_OPENAPI_SHA256) {
    throw fail(`${where.url} has sha256 ${hash}, not the pinned ${MACHINES_OPENAPI_SHA256}`);
  }
  await mkdir(where.cacheDir, { recursive: true });
  const cached = path.join(where.cacheDir, FILE_NAME);
  const partial = `${cached}.${process.pid}.${Date.now()}.partial`;
  try {
    await writeFile(partial, bytes);
    await rename(partial, cached);
  } finally {
    await rm(partial, { force: true });
  }
  return cached;
}

/** The body, or `undefined` as soon as it passes {@link MAX_DOWNLOAD_BYTES} (leaving the loop cancels the stream). */
async function readCapped(response: Response): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body === null) return new Uint8Array();
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_DOWNLOAD_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Set by {@link prepareMachinesOpenApi} when it could not provide the spec: the line a contract check fails with. */
const PROBLEM_ENV = 'FLY_MACHINES_OPENAPI_PROBLEM';

/**
 * Resolves the spec once for a test run (jest's global setup) and hands the result to every worker through the
 * environment: `FLY_MACHINES_OPENAPI` on success, else the one-line problem, so workers neither download in
 * parallel nor each wait for an unreachable network. Never throws: tests that do not need the spec still run.
 */
export async function prepareMachinesOpenApi(): Promise<void> {
  try {
    process.env.FLY_MACHINES_OPENAPI = await resolveMachinesOpenApi();
    delete process.env[PROBLEM_ENV];
  } catch (error) {
    process.env[PROBLEM_ENV] = (error as Error).message;
  }
}

/**
 * The spec's path, found without the network ({@link findMachinesOpenApi}).
 *
 * @throws Error (one line) when it is nowhere: the problem {@link prepareMachinesOpenApi} met, or how to provide
 *   the file. A contract test cannot pass without its contract.
 */
export function machinesOpenApiPath(): string {
  const found = findMachinesOpenApi();
  if (found !== undefined) return found;
  const where = withDefaults({});
  throw new Error(
    process.env[PROBLEM_ENV] ??
      `Fly's Machines API spec is neither at ${where.shared} nor cached in ${where.cacheDir}; ` +
        `run the tests through jest (which downloads it) or ${howToProvide(where)}`,
  );
}

/** The parts of an OpenAPI 3.0 document the contract checks read. */
export interface OpenApi {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown> };
}

/** One operation: the schema of its JSON request body and of each response. */
export interface OpenApiOperation {
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/**
 * OpenAPI 3.0 schema objects → JSON Schema: `nullable` becomes a null type, and objects that list their
 * properties admit no others, so an invented field fails the contract instead of passing unnoticed.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'example' || key.startsWith('x-')) continue;
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, toJsonSchema(v)]))
        : toJsonSchema(value);
  }
  const source = node as Record<string, unknown>;
  if (source['nullable'] === true && typeof source['type'] === 'string')
    out['type'] = [source['type'], 'null'];
  if (
    source['properties'] !== undefined &&
    source['additionalProperties'] === undefined &&
    source['allOf'] === undefined
  ) {
    out['additionalProperties'] = false;
  }
  return out;
}

/** Fly's spec and validators over its schemas, for the emulator's responses and the client's requests alike. */
export interface FlySpec {
  spec: OpenApi;
  /** A validator for a schema taken from the spec (its `$ref`s point into the spec's components). */
  validator: (schema: unknown) => ValidateFunction;
}

let loaded: FlySpec | undefined;

/**
 * The spec, read and converted on first use rather than at import: the catalog and workflow scripts and every
 * action test import the harness without needing it.
 *
 * @throws Error (one line) when the spec is nowhere, see {@link machinesOpenApiPath}.
 */
export function flySpec(): FlySpec {
  if (loaded !== undefined) return loaded;
  const spec = JSON.parse(readFileSync(machinesOpenApiPath(), 'utf8')) as OpenApi;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'fly', components: { schemas: toJsonSchema(spec.components.schemas) } });
  const compiled = new Map<string, ValidateFunction>();
  loaded = {
    spec,
    validator: (schema) => {
      const text = JSON.stringify(toJsonSchema(schema)).replaceAll('"#/components/', '"fly#/components/');
      let validate = compiled.get(text);
      if (validate === undefined) {
        validate = ajv.compile(JSON.parse(text) as object);
        compiled.set(text, validate);
      }
      return validate;
    },
  };
  return loaded;
}
