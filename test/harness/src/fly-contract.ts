import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { ResponseRecord } from '@deploy-actions/fly-emulator';
import { machinesOpenApiPath } from './fly-spec.ts';

interface OpenApi {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >;
  components: { schemas: Record<string, unknown> };
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

interface Contract {
  spec: OpenApi;
  ajv: Ajv;
}

let loaded: Contract | undefined;

/**
 * The spec and a validator over its schemas, read on the first check rather than at import: the catalog and
 * workflow scripts and every action test import the harness without needing the spec.
 */
function contract(): Contract {
  if (loaded === undefined) {
    const spec = JSON.parse(readFileSync(machinesOpenApiPath(), 'utf8')) as OpenApi;
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema({ $id: 'fly', components: { schemas: toJsonSchema(spec.components.schemas) } });
    loaded = { spec, ajv };
  }
  return loaded;
}

const LEASE_REF = '#/components/schemas/Lease';
const ERROR_REF = '#/components/schemas/ErrorResponse';

function specSchema(
  route: string | undefined,
  status: number,
): { schema: unknown } | { problem: string } | undefined {
  if (route === undefined)
    return status >= 400 ? { schema: { $ref: ERROR_REF } } : { problem: 'no spec route' };
  const [method, path] = route.split(' ') as [string, string];
  const responses = contract().spec.paths[path]?.[method.toLowerCase()]?.responses;
  if (responses === undefined) return { problem: `route ${route} is not in the spec` };
  const response = responses[String(status)];
  if (response === undefined)
    return status >= 400
      ? { schema: { $ref: ERROR_REF } }
      : { problem: `status ${status} is not a documented response` };
  const schema = response.content?.['application/json']?.schema;
  return schema === undefined ? undefined : { schema };
}

const compiled = new Map<string, ValidateFunction>();

/** A validator for a spec schema whose `$ref`s point into the spec's components. */
function validatorFor(schema: unknown): ValidateFunction {
  const text = JSON.stringify(schema).replaceAll('"#/components/', '"fly#/components/');
  let validate = compiled.get(text);
  if (validate === undefined) {
    validate = contract().ajv.compile(JSON.parse(text) as object);
    compiled.set(text, validate);
  }
  return validate;
}

/**
 * Checks one emulator response against the spec's schema for its route and status (errors against
 * `ErrorResponse`); returns the problems found, empty when it conforms. Leases are answered in the
 * `{status, data}` envelope fly-go and Fly's docs show, so `data` is what is checked against `Lease`.
 */
export function contractProblems(record: ResponseRecord): string[] {
  const found = specSchema(record.route, record.status);
  if (found === undefined) return [];
  if ('problem' in found) return [found.problem];
  let body = record.body;
  if ((found.schema as { $ref?: string }).$ref === LEASE_REF) {
    const envelope = body as { status?: unknown; data?: unknown };
    if (envelope.status !== 'success') return ['lease envelope lacks status "success"'];
    body = envelope.data;
  }
  const validate = validatorFor(found.schema);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}`);
}

/**
 * Checks a value against one of the spec's component schemas by name (e.g. `fly.MachineConfig`), with the same
 * strictness as responses: a field the spec does not define is a problem. Returns the problems, empty when it
 * conforms.
 */
export function specSchemaProblems(schemaName: string, value: unknown): string[] {
  if (contract().spec.components.schemas[schemaName] === undefined)
    return [`${schemaName} is not in the spec`];
  const validate = validatorFor({ $ref: `#/components/schemas/${schemaName}` });
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(value)'} ${e.message ?? ''}`);
}

/** Collects every response an emulator sends (pass `onResponse`), then lists those that break the contract. */
export function contractRecorder(): {
  onResponse: (record: ResponseRecord) => void;
  records: ResponseRecord[];
  violations(): string[];
} {
  const records: ResponseRecord[] = [];
  return {
    records,
    onResponse: (record) => records.push(record),
    violations: () =>
      records.flatMap((r) => contractProblems(r).map((p) => `${r.method} ${r.path} → ${r.status}: ${p}`)),
  };
}
