import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';

/** A value of an expression context (`inputs`, `steps`, `github`, …) as plain data. */
export type ContextValue =
  string | number | boolean | null | ContextValue[] | { [key: string]: ContextValue };

/** What the status functions see: whether an earlier step failed, whether the run was cancelled. */
export interface JobStatus {
  failed: boolean;
  cancelled: boolean;
}

/** Everything an expression of a step may read. */
export interface ExpressionScope {
  contexts: Record<string, ContextValue>;
  status: JobStatus;
}

const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled'] as const;

function toData(value: ContextValue): data.ExpressionData {
  if (value === null) return new data.Null();
  if (typeof value === 'string') return new data.StringData(value);
  if (typeof value === 'number') return new data.NumberData(value);
  if (typeof value === 'boolean') return new data.BooleanData(value);
  if (Array.isArray(value)) return new data.Array(...value.map(toData));
  return new data.Dictionary(...Object.entries(value).map(([key, item]) => ({ key, value: toData(item) })));
}

/**
 * The status functions as actions/runner defines them (src/Runner.Worker/Expressions/SuccessFunction.cs,
 * FailureFunction.cs, AlwaysFunction.cs, CancelledFunction.cs): `success()` while no earlier step failed and the run
 * was not cancelled, `failure()` once one failed, `cancelled()` once the run was cancelled, `always()` always.
 */
function statusFunctions(status: JobStatus): Map<string, FunctionDefinition> {
  const result: Record<(typeof STATUS_FUNCTIONS)[number], boolean> = {
    success: !status.failed && !status.cancelled,
    failure: status.failed && !status.cancelled,
    always: true,
    cancelled: status.cancelled,
  };
  return new Map(
    STATUS_FUNCTIONS.map((name) => [
      name,
      { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(result[name]) },
    ]),
  );
}

/** Parses and evaluates one expression (the text between `${{` and `}}`). */
export function evaluate(expression: string, scope: ExpressionScope): data.ExpressionData {
  const lexed = new Lexer(expression).lex();
  const functions = statusFunctions(scope.status);
  const parsed = new Parser(lexed.tokens, Object.keys(scope.contexts), [...functions.values()]).parse();
  const contexts = new data.Dictionary(
    ...Object.entries(scope.contexts).map(([key, value]) => ({ key, value: toData(value) })),
  );
  return new Evaluator(parsed, contexts, functions).evaluate();
}

/**
 * Splits a value into literal text and `${{ … }}` expressions. A `}}` inside a quoted string literal does not end
 * the expression, as the runner's template reader (src/Sdk/DTPipelines/ObjectTemplating/TemplateReader.cs) reads it.
 */
function segments(text: string): { literal: string; expression?: string }[] {
  const parts: { literal: string; expression?: string }[] = [];
  let rest = text;
  for (;;) {
    const start = rest.indexOf('${{');
    if (start < 0) break;
    let inString = false;
    let end = -1;
    for (let i = start + 3; i < rest.length - 1; i++) {
      if (rest[i] === "'") inString = !inString;
      else if (!inString && rest[i] === '}' && rest[i + 1] === '}') {
        end = i;
        break;
      }
    }
    if (end < 0) throw new Error(`an expression is not closed with }}: ${text}`);
    parts.push({ literal: rest.slice(0, start), expression: rest.slice(start + 3, end).trim() });
    rest = rest.slice(end + 2);
  }
  parts.push({ literal: rest });
  return parts;
}

/**
 * Evaluates a `with:` or `env:` value: literal text kept, each `${{ … }}` replaced by its result converted to a
 * string the way the runner converts one (null is empty, booleans `true`/`false`).
 */
export function evaluateTemplate(text: string, scope: ExpressionScope): string {
  return segments(text)
    .map((part) =>
      part.expression === undefined
        ? part.literal
        : part.literal + evaluate(part.expression, scope).coerceString(),
    )
    .join('');
}

/**
 * Evaluates a step's `if:` as the runner does: the condition may be wrapped in `${{ }}`; with no status function in
 * it, it means `success() && (<condition>)`; a step without `if:` runs on `success()`.
 */
export function evaluateCondition(condition: string | undefined, scope: ExpressionScope): boolean {
  let expression = (condition ?? '').trim();
  const wrapped = /^\$\{\{([\s\S]*)\}\}$/.exec(expression);
  if (wrapped?.[1] !== undefined && segments(expression).length === 2) expression = wrapped[1].trim();
  if (expression === '') expression = 'success()';
  const lexed = new Lexer(expression).lex();
  const callsStatus = lexed.tokens.some((token, i) => {
    const next = lexed.tokens[i + 1];
    return STATUS_FUNCTIONS.some((name) => name === token.lexeme.toLowerCase()) && next?.lexeme === '(';
  });
  if (!callsStatus) expression = `success() && (${expression})`;
  return truthy(evaluate(expression, scope));
}
