import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** One `inputs.<name>` entry of an `action.yml`. */
export interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}

/** The parts of a JavaScript action's `action.yml` the runner uses to start it. */
export interface ActionDefinition {
  /** Absolute folder holding `action.yml`. */
  dir: string;
  name: string;
  inputs: Record<string, ActionInput>;
  runs: { using: string; main: string; post?: string; 'post-if'?: string };
}

/** The repository root, found from this file's place in `test/harness/src/`. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url)).replace(/[\\/]$/, '');

/**
 * Reads `<action>/action.yml` (`action` is a root folder name or an absolute folder) and checks it is a
 * `node24` action with a `main`, as the runner does before starting it.
 */
export async function loadAction(action: string): Promise<ActionDefinition> {
  const dir = path.isAbsolute(action) ? action : path.join(repoRoot, action);
  const file = path.join(dir, 'action.yml');
  const raw: unknown = parse(await readFile(file, 'utf8'));
  if (!isRecord(raw) || !isRecord(raw.runs)) throw new Error(`${file}: no runs: section`);
  const { runs } = raw;
  if (runs.using !== 'node24') {
    throw new Error(`${file}: runs.using is ${String(runs.using)}, the harness runs only node24 actions`);
  }
  if (typeof runs.main !== 'string' || runs.main === '') throw new Error(`${file}: runs.main is missing`);
  const inputs: Record<string, ActionInput> = {};
  for (const [name, spec] of Object.entries(isRecord(raw.inputs) ? raw.inputs : {})) {
    const input: ActionInput = {};
    if (isRecord(spec)) {
      if (typeof spec.description === 'string') input.description = spec.description;
      if (spec.required === true || spec.required === 'true') input.required = true;
      // YAML turns `default: 3` or `default: false` into non-strings; the runner sees the literal text.
      const value = spec.default;
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        input.default = String(value);
      }
    }
    inputs[name] = input;
  }
  return {
    dir,
    name: typeof raw.name === 'string' ? raw.name : path.basename(dir),
    inputs,
    runs: {
      using: runs.using,
      main: runs.main,
      ...(typeof runs.post === 'string' ? { post: runs.post } : {}),
      ...(typeof runs['post-if'] === 'string' ? { 'post-if': runs['post-if'] } : {}),
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
