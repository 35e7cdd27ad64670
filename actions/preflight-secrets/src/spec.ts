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
 * The `secrets` input after YAML parsing. Every accepted shape is first normalised to a mapping so that zod reports
 * problems with their path (`DATABASE_URL.level`) instead of an opaque union failure:
 * - names, one per line (YAML folds them into one string) or a YAML list: all critical;
 * - `NAME:` (null) or `NAME: important` (a bare level) or `NAME: { level, format, min-length, hint }`.
 */
export const secretsInputSchema = z
  .preprocess(
    (parsed) => {
      const names =
        typeof parsed === 'string'
          ? parsed.split(/\s+/).filter((n) => n !== '')
          : Array.isArray(parsed)
            ? parsed
            : null;
      const mapping: unknown =
        names === null ? parsed : Object.fromEntries(names.map((n) => [String(n), null]));
      if (typeof mapping !== 'object' || mapping === null) return mapping;
      return Object.fromEntries(
        Object.entries(mapping).map(([name, value]) => [
          name,
          value === null ? {} : typeof value === 'string' ? { level: value } : value,
        ]),
      );
    },
    // zod's own words for a bad key ("Invalid key in record") would not say what a name may be.
    z.record(z.string().regex(SECRET_NAME), entrySchema, {
      error: (issue) => (issue.code === 'invalid_key' ? NAME_RULE : undefined),
    }),
  )

  .refine((record) => Object.keys(record).length > 0, 'name at least one secret')
  .transform((record): SecretSpec[] =>
    Object.entries(record).map(([name, entry]) => ({
      name,
      level: entry.level,
      ...(entry.format === undefined ? {} : { format: entry.format }),
      ...(entry['min-length'] === undefined ? {} : { minLength: entry['min-length'] }),
      ...(entry.hint === undefined ? {} : { hint: entry.hint }),
    })),
  );
