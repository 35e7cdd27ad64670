import { access } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROOF_DIR_INPUT, PROOF_FILE_OUTPUT, TIMEOUT_INPUT } from '@deploy-actions/core';
import { readActionDefinition } from '@deploy-actions/harness';
import type { ActionDefinition } from '@deploy-actions/harness';
import { listActionFolders, listInternalActionFolders } from './action-folders.ts';
import { listBuildableActions } from './build.ts';
import { runCommand } from './repo.ts';

/** What `action.yml` must agree with for one input of an action's spec. */
export interface DeclaredInput {
  required: boolean;
  default?: string;
}

/** The module each action's input spec lives in, and the name it exports it under. */
export const INPUTS_MODULE = 'src/inputs.ts';
export const INPUT_SPEC_EXPORT = 'inputSpec';

// Run in a child Node 24 process: importing an action's inputs module has no side effects beyond its imports, but
// a fresh process keeps one action's module state (registered secrets, env) from leaking into the next.
const READ_SPEC = `
const module = await import(process.argv[1]);
const spec = module[${JSON.stringify(INPUT_SPEC_EXPORT)}];
if (spec === null || typeof spec !== 'object') {
  console.error('it does not export ${INPUT_SPEC_EXPORT}');
  process.exit(2);
}
const inputs = {};
for (const [name, input] of Object.entries(spec)) {
  inputs[name] = { required: input.required === true, ...(input.default === undefined ? {} : { default: input.default }) };
}
process.stdout.write(JSON.stringify(inputs));
`;

/**
 * Reads `actions/<name>/src/inputs.ts`'s `inputSpec` (the spec its `getInputs()` reads with) without running the
 * action: a child Node 24 process imports the module and prints each input's required flag and default.
 *
 * @throws Error naming the module and what went wrong when it cannot be imported or exports no spec.
 */
export async function readInputSpec(root: string, name: string): Promise<Record<string, DeclaredInput>> {
  const module = path.join(root, 'actions', name, INPUTS_MODULE);
  const shown = path.relative(root, module);
  try {
    await access(module);
  } catch {
    throw new Error(`${shown} is missing: each action exports its input spec as ${INPUT_SPEC_EXPORT} there`);
  }
  const result = await runCommand(
    process.execPath,
    ['--input-type=module', '--eval', READ_SPEC, pathToFileURL(module).href],
    root,
  );
  if (result.code !== 0) {
    const reason = result.stderr.split('\n').find((line) => line.trim() !== '') ?? `exit ${result.code}`;
    throw new Error(`could not read the input spec of ${shown}: ${reason}`);
  }
  return JSON.parse(result.stdout) as Record<string, DeclaredInput>;
}

/**
 * Where an `action.yml` and its action's input spec disagree: inputs on one side only, required flags, defaults;
 * and the `proof-dir` input (optional, no default), the `timeout` input (optional, with a default) and `proof-file`
 * output every action has through `runAction`.
 * `proof-dir` may be left out of the spec, since `runAction` reads it.
 */
export function compareInputs(
  folder: string,
  action: ActionDefinition,
  spec: Record<string, DeclaredInput>,
): string[] {
  const problems: string[] = [];
  const yml = `${folder}/action.yml`;
  const declared = new Map(Object.entries(action.inputs));
  const specified = new Map(Object.entries(spec));
  for (const [name, input] of specified) {
    const entry = declared.get(name);
    if (entry === undefined) {
      // A missing proof-dir or timeout is reported below, with what runAction needs of it.
      if (name !== PROOF_DIR_INPUT && name !== TIMEOUT_INPUT) {
        problems.push(`${yml}: input '${name}' is in the action's input spec but not declared`);
      }
      continue;
    }
    const required = entry.required === true;
    if (required !== input.required) {
      problems.push(
        `${yml}: input '${name}' is ${required ? '' : 'not '}required, the input spec says ${input.required ? '' : 'not '}required`,
      );
    }
    // An expression default (`${{ github.token }}`) is filled in by the runner; the spec cannot hold its value.
    const runnerFilled = entry.default?.trim().startsWith('${{') === true && input.default === undefined;
    if (entry.default !== input.default && !runnerFilled) {
      problems.push(
        `${yml}: input '${name}' has default ${quoted(entry.default)}, the input spec has ${quoted(input.default)}`,
      );
    }
  }
  for (const name of declared.keys()) {
    if (!specified.has(name) && name !== PROOF_DIR_INPUT) {
      problems.push(`${yml}: input '${name}' is declared but not in the action's input spec`);
    }
  }
  const proofDir = declared.get(PROOF_DIR_INPUT);
  if (proofDir === undefined) {
    problems.push(`${yml}: input '${PROOF_DIR_INPUT}' is missing (runAction reads it for every action)`);
  } else if (proofDir.required === true || proofDir.default !== undefined) {
    problems.push(
      `${yml}: input '${PROOF_DIR_INPUT}' must be optional with no default (runAction defaults it to $RUNNER_TEMP/deploy-proof)`,
    );
  }
  const timeout = declared.get(TIMEOUT_INPUT);
  if (timeout === undefined || timeout.required === true || timeout.default === undefined) {
    problems.push(
      `${yml}: input '${TIMEOUT_INPUT}' must be declared, optional, with a default (runAction bounds every run by it)`,
    );
  }
  if (!Object.hasOwn(action.outputs, PROOF_FILE_OUTPUT)) {
    problems.push(`${yml}: output '${PROOF_FILE_OUTPUT}' is missing (runAction sets it for every action)`);
  }
  // `../dist/<name>/index.js` for a root action, `../../../dist/<name>/index.js` for one in .github/actions.
  const main = path.posix.relative(folder, `dist/${path.posix.basename(folder)}/index.js`);
  if (action.runs.using !== 'node24' || action.runs.main !== main) {
    problems.push(`${yml}: runs must be 'using: node24' with 'main: ${main}'`);
  }
  return problems;
}

function quoted(value: string | undefined): string {
  return value === undefined ? 'none' : JSON.stringify(value);
}

/**
 * Every disagreement between the `action.yml` files (root actions and the internal ones in `.github/actions/`) and
 * the actions' sources: each needs `actions/<name>/src/inputs.ts` with a matching spec, and each action source a
 * root or internal folder.
 */
export async function checkActionInputs(root: string): Promise<string[]> {
  const folders = [...(await listActionFolders(root)), ...(await listInternalActionFolders(root))];
  const names = folders.map((folder) => path.posix.basename(folder));
  const sources = await listBuildableActions(root);
  const problems: string[] = sources
    .filter((name) => !names.includes(name))
    .map(
      (name) =>
        `actions/${name}/src/index.ts has no ${name}/action.yml at the repository root nor in .github/actions/`,
    );
  for (const folder of folders) {
    const action = await readActionDefinition(path.join(root, folder));
    try {
      problems.push(...compareInputs(folder, action, await readInputSpec(root, path.posix.basename(folder))));
    } catch (error) {
      problems.push(`${folder}: ${(error as Error).message}`);
    }
  }
  return problems;
}
