import { z } from 'zod';
import { parseFormat, type SecretFormat } from './formats.ts';

/** How bad it is when a secret is unusable: `critical` fails the run, `important` warns. */
export type SecretLevel = 'critical' | 'important';

/** One secret the pipeline needs, as the `secrets` input describes it. */
export interface SecretSpec {
  name: string;
  level: SecretLevel;
  format?: SecretFormat;
  minLength?: number;
  /** The user's own advice on how to fix it, shown with ours. */
  hint?: string;
}

/** Environment variable names, which is what secrets are passed as. */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME_RULE = 'a secret name is letters, digits and _, not starting with a digit';

const formatSchema = z.string().transform((text, ctx): SecretFormat => {
  const format = parseFormat(text.trim());
  if ('problem' in format) {
    ctx.issues.push({ code: 'custom', message: `format "${text}": ${format.problem}`, input: text });
    return z.NEVER;
  }
  return format;
});

const entrySchema = z.strictObject({
  level: z.enum(['critical', 'important']).default('critical'),
  format: formatSchema.optional(),
  'min-length': z.int().min(1).optional(),
  hint: z.string().trim().min(1).optional(),
});

/**
 * The `secrets` input after YAML parsing. Accepted shapes:
 * - names, one per line (YAML folds them into one string) or a YAML list: all critical;
 * - a mapping (also as items of a list) in which every entry is `NAME:` (null), `NAME: important` (a bare level) or
 *   `NAME: { level, format, min-length, hint }`.
 * Names are user keys: they are kept as entries, never as properties of an object, so `__proto__`, `constructor`
 * or `toString` are names like any other. Problems carry the name in their path (`DATABASE_URL.level`).
 */
export const secretsInputSchema = z.unknown().transform((parsed, ctx): SecretSpec[] => {
  const problem = (message: string, path: (string | number)[] = []): void => {
    ctx.issues.push({ code: 'custom', message, path, input: parsed });
  };
  const specs: SecretSpec[] = [];
  const seen = new Set<string>();
  for (const [name, value, where] of secretEntries(parsed, problem)) {
    if (!SECRET_NAME.test(name)) {
      problem(NAME_RULE, where);
      continue;
    }
    if (seen.has(name)) {
      problem(`${name} is listed twice`, where);
      continue;
    }
    seen.add(name);
    const entry = entrySchema.safeParse(
      value === null || value === undefined ? {} : typeof value === 'string' ? { level: value } : value,
    );
    if (!entry.success) {
      for (const issue of entry.error.issues) problem(issue.message, [name, ...issue.path.map(pathPart)]);
      continue;
    }
    const e = entry.data;
    specs.push({
      name,
      level: e.level,
      ...(e.format === undefined ? {} : { format: e.format }),
      ...(e['min-length'] === undefined ? {} : { minLength: e['min-length'] }),
      ...(e.hint === undefined ? {} : { hint: e.hint }),
    });
  }
  if (specs.length === 0 && seen.size === 0 && ctx.issues.length === 0) problem('name at least one secret');
  return specs;
});

function pathPart(part: PropertyKey): string | number {
  return typeof part === 'number' ? part : String(part);
}

/** `[name, entry, where]` for every secret the parsed input names, in order; shapes that name none are problems. */
function secretEntries(
  parsed: unknown,
  problem: (message: string, path?: (string | number)[]) => void,
): [string, unknown, (string | number)[]][] {
  if (typeof parsed === 'string') {
    return parsed
      .split(/\s+/)
      .filter((n) => n !== '')
      .map((n) => [n, null, [n]]);
  }
  if (Array.isArray(parsed)) {
    return parsed.flatMap((item: unknown, i): [string, unknown, (string | number)[]][] => {
      if (typeof item === 'string') return [[item, null, [item]]];
      if (isMapping(item)) return Object.entries(item).map(([name, value]) => [name, value, [name]]);
      problem(`item ${i + 1} is a ${describe(item)}; list secret names, or NAME: entries`, [i]);
      return [];
    });
  }
  if (isMapping(parsed)) return Object.entries(parsed).map(([name, value]) => [name, value, [name]]);
  problem(`expected names or a mapping, got a ${describe(parsed)}`);
  return [];
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'mapping' : typeof value;
}

/**
 * The `secrets-json` input after YAML parsing: names to values, as a `Map` (a repository secret may be called
 * anything, `__proto__` included). Problems never quote a value.
 */
export const secretsJsonSchema = z.unknown().transform((parsed, ctx): Map<string, string> => {
  const values = new Map<string, string>();
  if (!isMapping(parsed)) {
    ctx.issues.push({
      code: 'custom',
      message: `expected a JSON object, got a ${describe(parsed)}`,
      input: '',
    });
    return values;
  }
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value === 'string') values.set(name, value);
    else
      ctx.issues.push({
        code: 'custom',
        message: `the value of ${name} is not a string`,
        path: [name],
        input: '',
      });
  }
  return values;
});
