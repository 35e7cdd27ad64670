import * as core from '@actions/core';
import { parseDocument, parse as parseYaml, visit } from 'yaml';
import { z } from 'zod';
import { takeCommonInputProblems } from './common-inputs.ts';
import { DURATION_GRAMMAR, formatDuration, parseDuration } from './durations.ts';
import { InputError, type InputProblem } from './errors.ts';
import { registerSecret } from './secrets.ts';

/**
 * How to read and check one action input. Build it with the {@link input} helpers; `Present` is `true` when the input
 * always has a value (required, or with a default).
 */
export interface InputSpec<T, Present extends boolean = boolean> {
  /** Whether an empty input is a problem. */
  readonly required: boolean;
  /** The text used when the input is empty; parsed like a given value. */
  readonly default?: string;
  /** Secret inputs are masked when read and never quoted in problems. */
  readonly secret: boolean;
  /** What the input accepts, in words; becomes {@link InputProblem.allowed}. */
  readonly allowed: string;
  /** Turns the trimmed text into the value. */
  readonly schema: z.ZodType<T>;
  /** Whether the details of zod's issues (paths inside structured data) are worth adding to `allowed`. */
  readonly detailed: boolean;
  /** `true` when the input always has a value. */
  readonly present: Present;
  /** YAML/JSON text: a secret one registers the values inside, not its lines (`{`, `}`). */
  readonly structured: boolean;
}

/** Options every input kind takes. */
export interface BaseInputOptions {
  /** An empty input is a problem. */
  required?: boolean;
  /** Text used when the input is empty (as in `action.yml`, which the runner fills in too). */
  default?: string;
  /** Replaces the generated description of what is accepted. */
  allowed?: string;
}

/** Whether options make an input always present. */
export type Presence<O> = O extends { required: true } ? true : O extends { default: string } ? true : false;

/** The values {@link readInputs} returns for a spec record. */
export type InputValues<S extends Record<string, InputSpec<unknown>>> = {
  [K in keyof S]: S[K] extends InputSpec<infer T, infer P> ? (P extends true ? T : T | undefined) : never;
};

/** A `fractionOrCount` value: `0.33` of the machines, or `2` machines. */
export type FractionOrCount = { kind: 'fraction'; value: number } | { kind: 'count'; value: number };

function makeSpec<T, O extends BaseInputOptions>(
  options: O | undefined,
  allowed: string,
  schema: z.ZodType<T>,
  extra: { secret?: boolean; detailed?: boolean; structured?: boolean } = {},
): InputSpec<T, Presence<O>> {
  const required = options?.required === true;
  const spec: InputSpec<T, boolean> = {
    required,
    secret: extra.secret ?? false,
    allowed: options?.allowed ?? allowed,
    schema,
    detailed: extra.detailed ?? false,
    structured: extra.structured ?? false,
    present: required || options?.default !== undefined,
    ...(options?.default === undefined ? {} : { default: options.default }),
  };
  return spec as InputSpec<T, Presence<O>>;
}

/** Options of `input.duration`; bounds are durations too. */
export interface DurationOptions extends BaseInputOptions {
  /** Smallest accepted duration, e.g. `1s`. */
  min?: string;
  /** Largest accepted duration, e.g. `1h`. */
  max?: string;
}

/** Options of `input.integer`. */
export interface IntegerOptions extends BaseInputOptions {
  /** Smallest accepted value. */
  min?: number;
  /** Largest accepted value. */
  max?: number;
}

/** Options of `input.string` and `input.secret`. */
export interface StringOptions extends BaseInputOptions {
  /** The whole (trimmed) value must match. */
  pattern?: RegExp;
}

/** Options of `input.structured`. */
export interface StructuredOptions extends BaseInputOptions {
  /**
   * The text holds credentials (`${{ toJSON(secrets) }}`): it is masked when read, and problems quote neither the
   * text nor zod's details, which could carry pieces of it. Register the values inside with `registerSecret` too.
   */
  secret?: boolean;
}

/** Options of `input.list`. */
export interface ListOptions extends BaseInputOptions {
  /** Every item must match. */
  pattern?: RegExp;
}

function rangeWords(min: string | undefined, max: string | undefined): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

const durationText = z.string().transform((text, ctx) => {
  try {
    return parseDuration(text);
  } catch {
    ctx.issues.push({ code: 'custom', message: `not ${DURATION_GRAMMAR}`, input: text });
    return z.NEVER;
  }
});

function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Builders of {@link InputSpec}s, one per kind of input. */
export const input = {
  /** One of a fixed set of words, matched case-insensitively and returned as declared. */
  enumOf<const V extends readonly [string, ...string[]], const O extends BaseInputOptions = object>(
    values: V,
    options?: O,
  ): InputSpec<V[number], Presence<O>> {
    const schema = z
      .string()
      .transform((text) => values.find((v) => v.toLowerCase() === text.toLowerCase()) ?? text)
      .pipe(z.enum(values));
    return makeSpec(options, `one of ${values.map((v) => `"${v}"`).join(', ')}`, schema);
  },

  /** A duration (`500ms`, `30s`, `5m`, `1h30m`) returned in milliseconds. */
  duration<const O extends DurationOptions = object>(options?: O): InputSpec<number, Presence<O>> {
    const min = options?.min === undefined ? undefined : parseDuration(options.min);
    const max = options?.max === undefined ? undefined : parseDuration(options.max);
    let ms = z.number();
    if (min !== undefined) ms = ms.min(min);
    if (max !== undefined) ms = ms.max(max);
    const bounds = rangeWords(
      min === undefined ? undefined : formatDuration(min),
      max === undefined ? undefined : formatDuration(max),
    );
    return makeSpec(options, `${DURATION_GRAMMAR}${bounds}`, durationText.pipe(ms));
  },

  /**
   * A share of machines: a fraction `0 < x <= 1` (`0.33`), a percentage (`33%`) or a count `>= 1` (`2`).
   * `1` is a count; write `1.0` or `100%` for all of them.
   */
  fractionOrCount<const O extends BaseInputOptions = object>(
    options?: O,
  ): InputSpec<FractionOrCount, Presence<O>> {
    const count = z
      .string()
      .regex(/^\d+$/)
      .transform(Number)
      .pipe(z.number().int().min(1))
      .transform((value) => ({ kind: 'count' as const, value }));
    const fraction = z
      .string()
      .regex(/^(?:\d+)?\.\d+$/)
      .transform(Number)
      .pipe(z.number().gt(0).max(1))
      .transform((value) => ({ kind: 'fraction' as const, value }));
    const percent = z
      .string()
      .regex(/^\d+(?:\.\d+)?%$/)
      .transform((text) => Number(text.slice(0, -1)) / 100)
      .pipe(z.number().gt(0).max(1))
      .transform((value) => ({ kind: 'fraction' as const, value }));
    return makeSpec(
      options,
      'a fraction 0<x<=1 (0.33 or 33%) or a count >=1',
      z.union([count, fraction, percent]),
    );
  },

  /** Items one per line or comma-separated; blanks dropped. Required means at least one item. */
  list<const O extends ListOptions = object>(options?: O): InputSpec<string[], Presence<O>> {
    const item = options?.pattern === undefined ? z.string() : z.string().regex(anchored(options.pattern));
    const what = options?.pattern === undefined ? 'items' : `items matching ${String(options.pattern)}`;
    // Text of only commas and blank lines is given but holds no item: not enough for a required input.
    const items = options?.required === true ? z.array(item).min(1) : z.array(item);
    return makeSpec(
      options,
      `${what}, one per line or comma-separated`,
      z.string().transform(splitList).pipe(items),
    );
  },

  /** `NAME=value` lines (blank lines and `#` comments skipped) into a record; names must be unique. */
  keyValues<const O extends BaseInputOptions = object>(
    options?: O,
  ): InputSpec<Record<string, string>, Presence<O>> {
    const schema = z.string().transform((text, ctx) => {
      // No prototype: a name such as `__proto__` or `constructor` is a key like any other.
      const result = Object.create(null) as Record<string, string>;
      for (const line of text.split(/\r?\n/).map((l) => l.trim())) {
        if (line === '' || line.startsWith('#')) continue;
        const eq = line.indexOf('=');
        const key = eq < 0 ? line : line.slice(0, eq).trim();
        if (eq < 0 || !KEY.test(key) || Object.hasOwn(result, key)) {
          ctx.issues.push({ code: 'custom', message: `bad line ${JSON.stringify(line)}`, input: text });
          continue;
        }
        result[key] = line.slice(eq + 1).trim();
      }
      return result;
    });
    return makeSpec(options, 'NAME=value lines with unique names (letters, digits, _)', schema);
  },

  /** YAML or JSON text checked against a zod schema; problems name the paths inside it (unless secret). */
  structured<S extends z.ZodType, const O extends StructuredOptions = object>(
    schema: S,
    options?: O,
  ): InputSpec<z.infer<S>, Presence<O>> {
    const text = z.string().transform((source, ctx): unknown => {
      try {
        return parseYaml(source) as unknown;
      } catch (e) {
        const first = e instanceof Error ? (e.message.split('\n')[0] ?? '') : '';
        ctx.issues.push({ code: 'custom', message: `not YAML/JSON: ${first}`, input: source });
        return z.NEVER;
      }
    });
    const secret = options?.secret === true;
    return makeSpec(options, 'YAML or JSON of the documented shape', text.pipe(schema), {
      secret,
      detailed: !secret,
      structured: true,
    });
  },

  /** A whole number, optionally bounded. */
  integer<const O extends IntegerOptions = object>(options?: O): InputSpec<number, Presence<O>> {
    let n = z.number().int();
    if (options?.min !== undefined) n = n.min(options.min);
    if (options?.max !== undefined) n = n.max(options.max);
    const bounds = rangeWords(options?.min?.toString(), options?.max?.toString());
    return makeSpec(
      options,
      `an integer${bounds}`,
      z
        .string()
        .regex(/^[+-]?\d+$/)
        .transform(Number)
        .pipe(n),
    );
  },

  /**
   * An absolute `http:` or `https:` URL without credentials, returned as written. `user:password@` is refused: the
   * actions never send it, and the URL is written to logs and proof records as given.
   */
  url<const O extends BaseInputOptions = object>(options?: O): InputSpec<string, Presence<O>> {
    const schema = z.url({ protocol: /^https?$/ }).refine((text) => {
      if (!URL.canParse(text)) return true;
      const url = new URL(text);
      // The password is a secret even in a rejected URL: the problem quotes the value, redacted.
      if (url.password !== '') registerSecret(url.password);
      return url.username === '' && url.password === '';
    }, 'holds credentials (user:password@)');
    return makeSpec(
      options,
      'an http(s) URL without user:password@, such as https://api.machines.dev',
      schema,
    );
  },

  /** `true`/`false`, also `yes`/`no`, `on`/`off`, `1`/`0`, in any case. */
  boolean<const O extends BaseInputOptions = object>(options?: O): InputSpec<boolean, Presence<O>> {
    const schema = z.stringbool({
      truthy: ['true', 'yes', 'on', '1'],
      falsy: ['false', 'no', 'off', '0'],
      case: 'insensitive',
    });
    return makeSpec(options, 'true or false (also yes/no, on/off, 1/0)', schema);
  },

  /** Text, optionally matching a pattern (the whole value must match). */
  string<const O extends StringOptions = object>(options?: O): InputSpec<string, Presence<O>> {
    return makeSpec(options, textWords(options?.pattern), textSchema(options?.pattern));
  },

  /**
   * A credential: masked in the log and remembered for redaction as soon as it is read, valid or not, and never
   * quoted in problems.
   */
  secret<const O extends StringOptions = object>(options?: O): InputSpec<string, Presence<O>> {
    return makeSpec(options, textWords(options?.pattern), textSchema(options?.pattern), { secret: true });
  },
};

function anchored(pattern: RegExp): RegExp {
  return new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace(/[gy]/g, ''));
}

function textWords(pattern: RegExp | undefined): string {
  return pattern === undefined ? 'any text' : `text matching ${String(pattern)}`;
}

function textSchema(pattern: RegExp | undefined): z.ZodType<string> {
  return pattern === undefined ? z.string() : z.string().regex(anchored(pattern));
}

/** Options of {@link readInputs}. */
export interface ReadInputsOptions<S extends Record<string, InputSpec<unknown>>> {
  /**
   * Rules across inputs ("a and b conflict"). Called even when some inputs are invalid, so its problems are
   * reported with the rest: `values` holds only the inputs that parsed, `given(name)` says whether the user set one.
   */
  check?: (values: Partial<InputValues<S>>, given: (name: keyof S & string) => boolean) => InputProblem[];
}

/**
 * Reads every input of `spec` from the step's environment (`INPUT_<NAME>`, hyphens kept; empty means not given),
 * parses each with its zod schema, and returns the typed values.
 *
 * @throws InputError listing every problem of every input, including those of `options.check`.
 */
export function readInputs<const S extends Record<string, InputSpec<unknown>>>(
  spec: S,
  options: ReadInputsOptions<S> = {},
): InputValues<S> {
  const values: Record<string, unknown> = {};
  const givenNames = new Set<string>();
  const problems: InputProblem[] = [];
  for (const [name, s] of Object.entries(spec)) {
    const raw = core.getInput(name, { trimWhitespace: false });
    if (s.secret) registerSecretText(raw, s.structured);
    let text = raw.trim();
    if (text !== '') givenNames.add(name);
    else if (s.default !== undefined) text = s.default;
    else {
      if (s.required) problems.push({ input: name, allowed: `${s.allowed}; this input is required` });
      continue;
    }
    const result = s.schema.safeParse(text);
    if (result.success) values[name] = result.data;
    else
      problems.push({ input: name, ...(s.secret ? {} : { value: text }), allowed: explain(s, result.error) });
  }
  if (options.check) {
    problems.push(...options.check(values as Partial<InputValues<S>>, (name) => givenNames.has(name)));
  }
  problems.push(...takeCommonInputProblems());
  if (problems.length > 0) throw new InputError(problems);
  return values as InputValues<S>;
}

/**
 * Registers a secret input as soon as it is read, whatever becomes of it. Structured text (`${{ toJSON(secrets) }}`)
 * registers every value inside, read leniently (duplicate keys allowed) so that even text rejected afterwards is
 * masked; only text that is not YAML at all falls back to its lines.
 */
function registerSecretText(raw: string, structured: boolean): void {
  if (!structured) {
    registerSecret(raw);
    return;
  }
  // One line has no `{` or `}` line of its own to worry about; the runner may mask it whole.
  if (!/[\r\n]/.test(raw.trim())) registerSecret(raw);
  // The document's nodes, not the parsed object: with a key given twice, both values must be masked.
  const document = parseDocument(raw, { uniqueKeys: false });
  if (document.errors.length > 0) {
    registerSecret(raw);
    return;
  }
  visit(document, {
    Scalar(key, node) {
      const value: unknown = node.value;
      if (key === 'key') return;
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
        registerSecret(String(value));
      }
    },
  });
}

function explain(spec: InputSpec<unknown>, error: z.ZodError): string {
  if (!spec.detailed) return spec.allowed;
  const details = error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  return `${spec.allowed} (${details.join('; ')})`;
}

/** A problem for two inputs that must not be set together; its sentence names both. */
export function conflictProblem(a: string, b: string, reason?: string): InputProblem {
  return {
    input: a,
    allowed: `either "${a}" or "${b}", not both${reason === undefined ? '' : ` (${reason})`}`,
  };
}

/**
 * The raw text of every non-secret input of `spec` as given (or defaulted), for proof records, and the names of the
 * secret inputs, whose values are left out.
 */
export function rawInputs(spec: Record<string, InputSpec<unknown>>): {
  values: Record<string, string>;
  secretInputs: string[];
} {
  const values: Record<string, string> = {};
  const secretInputs: string[] = [];
  for (const [name, s] of Object.entries(spec)) {
    if (s.secret) {
      secretInputs.push(name);
      continue;
    }
    const text = core.getInput(name) || s.default;
    if (text !== undefined) values[name] = text;
  }
  return { values, secretInputs };
}
