import { input, type InputProblem } from '@deploy-actions/core';
import { parseTargets, type HealthTarget } from './targets.ts';

/**
 * The probing inputs health-gate and rollback-on-failure's verification both declare, with the same keys, defaults
 * and bounds (so their `action.yml` files say the same): each action's input spec takes its entries from here.
 */
export const probeInputSpec = {
  'expect-version': input.string(),
  interval: input.duration({ default: '2s', min: '100ms', max: '1h' }),
  'consecutive-successes': input.integer({ default: '3', min: 1, max: 1000 }),
};

/**
 * The `targets` input read into targets (nothing when it was not given), `${VAR}` in header values looked up in the
 * step's environment; its problems are added to `problems`, to be listed with every other input's.
 */
export function readTargetsInput(text: string | undefined, problems: InputProblem[]): HealthTarget[] {
  if (text === undefined) return [];
  const parsed = parseTargets(text, (name) => process.env[name]);
  problems.push(...parsed.problems);
  return parsed.targets;
}
