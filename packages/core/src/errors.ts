import { redact } from './secrets.ts';

/** Options of a {@link DeployActionError}. */
export interface DeployActionErrorOptions {
  /** Stable kebab-case identifier, e.g. `invalid-input`; tests and proof records key on it. */
  code: string;
  /** What the user should do about it, shown on its own line. */
  hint?: string;
  /** The underlying error, kept for debugging. */
  cause?: unknown;
}

/**
 * An error the user can act on: bad inputs, missing permissions, a failed deploy. `runAction` reports it without a
 * stack trace; every other error is treated as a bug in the action.
 */
export class DeployActionError extends Error {
  /** Stable kebab-case identifier of the failure. */
  readonly code: string;
  /** What the user should do about it. */
  readonly hint?: string;

  /** Creates the error; `options.cause` is passed on to `Error`. */
  constructor(message: string, options: DeployActionErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.hint = options.hint;
  }
}

/** One thing wrong with one action input. */
export interface InputProblem {
  /** The input's name as written in `with:`, e.g. `max-unavailable`. */
  input: string;
  /** The value received; omitted for secret inputs (and when nothing was given). */
  value?: string;
  /** What would have been accepted. */
  allowed: string;
}

/** Longest part of a value quoted back in a problem: an 80 kB input must not become an 80 kB annotation. */
const MAX_QUOTED = 120;

/** Formats one problem the way {@link InputError} lists it; a long value is quoted only in part. */
export function formatInputProblem(problem: InputProblem): string {
  // Redacted before it is cut: a registered secret pasted into a plain input, cut in half, would not be found.
  const value = problem.value === undefined ? undefined : redact(problem.value);
  const quoted =
    value === undefined
      ? undefined
      : value.length <= MAX_QUOTED
        ? JSON.stringify(value)
        : `${JSON.stringify(value.slice(0, MAX_QUOTED))}… (${value.length} characters)`;
  const got = quoted === undefined ? '' : `got ${quoted}; `;
  return `input "${problem.input}": ${got}expected ${problem.allowed}`;
}

/** Every problem found in an action's inputs, reported at once so one run reveals all of them. */
export class InputError extends DeployActionError {
  /** All problems, in the order the inputs were declared. */
  readonly problems: InputProblem[];

  /** Creates the error; its message lists every problem on its own line. */
  constructor(problems: InputProblem[], options: { hint?: string } = {}) {
    const lines = problems.map(formatInputProblem);
    const head = problems.length === 1 ? 'invalid input' : `${problems.length} invalid inputs`;
    super(`${head}:\n${lines.join('\n')}`, {
      code: 'invalid-input',
      hint: options.hint ?? "Fix the step's `with:` values listed above.",
    });
    this.problems = problems;
  }
}

/** The message of anything thrown: an `Error`'s message, a string as is, anything else as JSON or `String()`. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  try {
    const json = JSON.stringify(e);
    if (json !== undefined) return json;
  } catch {
    // circular or BigInt: fall through to String()
  }
  return String(e);
}

/**
 * The Fly request id an error carries, if any. Read by shape rather than by class so core does not depend on the
 * Fly client: `FlyApiError` has `requestId?: string`.
 */
export function requestIdOf(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('requestId' in e)) return undefined;
  const id = (e as { requestId?: unknown }).requestId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
