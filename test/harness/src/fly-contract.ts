import type { ResponseRecord } from '@deploy-actions/fly-emulator';
import { flySpec } from './fly-spec.ts';

const LEASE_REF = '#/components/schemas/Lease';
const ERROR_REF = '#/components/schemas/ErrorResponse';

function specSchema(
  route: string | undefined,
  status: number,
): { schema: unknown } | { problem: string } | undefined {
  if (route === undefined)
    return status >= 400 ? { schema: { $ref: ERROR_REF } } : { problem: 'no spec route' };
  const [method, path] = route.split(' ') as [string, string];
  const responses = flySpec().spec.paths[path]?.[method.toLowerCase()]?.responses;
  if (responses === undefined) return { problem: `route ${route} is not in the spec` };
  const response = responses[String(status)];
  if (response === undefined)
    return status >= 400
      ? { schema: { $ref: ERROR_REF } }
      : { problem: `status ${status} is not a documented response` };
  const schema = response.content?.['application/json']?.schema;
  return schema === undefined ? undefined : { schema };
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
  const validate = flySpec().validator(found.schema);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}`);
}

/**
 * Checks a value against one of the spec's component schemas by name (e.g. `fly.MachineConfig`), with the same
 * strictness as responses: a field the spec does not define is a problem. Returns the problems, empty when it
 * conforms.
 */
export function specSchemaProblems(schemaName: string, value: unknown): string[] {
  const { spec, validator } = flySpec();
  if (spec.components.schemas[schemaName] === undefined) return [`${schemaName} is not in the spec`];
  const validate = validator({ $ref: `#/components/schemas/${schemaName}` });
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
