import { inputEnvName } from '@deploy-actions/core/testing';
import type { ActionDefinition } from './action-definition.ts';

/** The `INPUT_*` variables of one step and the runner's warning about keys the action does not declare. */
export interface StepInputs {
  env: Record<string, string>;
  warning?: string;
}

/**
 * Builds `INPUT_<NAME>` the way the runner does: declared defaults (empty when none) first, then the step's `with:` values; spaces
 * become `_`, letters upper-case, hyphens stay. `required` is not enforced (the runner does not either).
 * `context` evaluates `${{ … }}` in defaults.
 */
export function buildInputs(
  action: ActionDefinition,
  given: Record<string, string>,
  context: Record<string, string>,
): StepInputs {
  const values = new Map<string, string>();
  for (const [name, spec] of Object.entries(action.inputs)) {
    // A declared input without a default still arrives, empty (the runner fills every declared input).
    values.set(name, spec.default === undefined ? '' : evaluateDefault(spec.default, context));
  }
  const declared = new Set(Object.keys(action.inputs).map((name) => name.toLowerCase()));
  const unexpected: string[] = [];
  for (const [name, value] of Object.entries(given)) {
    if (!declared.has(name.toLowerCase())) unexpected.push(name);
    values.set(name, value);
  }
  const env: Record<string, string> = {};
  for (const [name, value] of values) env[inputEnvName(name)] = value;
  if (unexpected.length === 0) return { env };
  const valid = Object.keys(action.inputs)
    .map((name) => `'${name}'`)
    .join(', ');
  return {
    env,
    warning: `Unexpected input(s) ${unexpected.map((name) => `'${name}'`).join(', ')}, valid inputs are [${valid}]`,
  };
}

/**
 * Evaluates the `${{ github.x }}` / `${{ runner.x }}` lookups that input defaults use in practice. Anything else
 * (functions, operators, other contexts) throws: a harness that guessed would hide a broken default.
 */
export function evaluateDefault(text: string, context: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_match, expression: string) => {
    const value = context[expression.toLowerCase()];
    if (value === undefined) {
      throw new Error(`the harness cannot evaluate \${{ ${expression} }} in an input default`);
    }
    return value;
  });
}
