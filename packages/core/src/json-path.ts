/**
 * The subset of JSONPath the actions need (health-gate's `body-json`, evidence-gate's assertions): `$`, `.key`,
 * `['key']` / `["key"]` and `[index]`, e.g. `$.status`, `$.checks[0].state`, `$['app.version']`. Hand-written because
 * the JSONPath libraries on npm evaluate filter expressions (`?()`, some through `eval`-like code, a past source of
 * remote-code advisories) and we want nothing from a path but a plain walk down the document.
 */
export type JsonPath = readonly (string | number)[];

const STEP = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\])/;

/** Reads a path; returns the problem in words when it is not of the supported form. */
export function parseJsonPath(text: string): JsonPath | { problem: string } {
  const trimmed = text.trim();
  if (!trimmed.startsWith('$')) return { problem: 'a JSON path starts with $ (e.g. $.status)' };
  const steps: (string | number)[] = [];
  let rest = trimmed.slice(1);
  while (rest !== '') {
    const match = STEP.exec(rest);
    if (match === null) {
      return {
        problem: `cannot read "${rest}" in ${trimmed}: use .key, ['key'] or [index] steps (e.g. $.checks[0].status)`,
      };
    }
    const [whole, dotted, index, single, double] = match;
    if (index !== undefined) steps.push(Number(index));
    else steps.push((dotted ?? single ?? double ?? '').replace(/\\(.)/g, '$1'));
    rest = rest.slice(whole.length);
  }
  return steps;
}

/** The path written back as `$.a[0]`, for messages. */
export function formatJsonPath(path: JsonPath): string {
  return `$${path.map((s) => (typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? `.${s}` : `['${s}']`)).join('')}`;
}

/** The value at `path` in `document`, or `{ missing: true }` when a step does not exist. */
export function readJsonPath(document: unknown, path: JsonPath): { value: unknown } | { missing: true } {
  let current: unknown = document;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return { missing: true };
      current = current[step] as unknown;
    } else {
      if (
        current === null ||
        typeof current !== 'object' ||
        Array.isArray(current) ||
        !Object.hasOwn(current, step)
      )
        return { missing: true };
      current = (current as Record<string, unknown>)[step];
    }
  }
  return { value: current };
}
