import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import { readActionDefinition } from '@deploy-actions/harness';
import type { ActionDefinition } from '@deploy-actions/harness';

/** A wiring problem at a place in a workflow file. */
export interface WiringProblem {
  file: string;
  line: number;
  message: string;
}

/** `uses: ./<dir>` or `uses: <owner>/deploy-actions/<dir>@<ref>` (a step using one of our root actions). */
const localAction = /^\.\/([^/]+)\/?$/;
const publishedAction = /^[^/]+\/deploy-actions\/([^@]+?)\/?@.+$/;
/** `uses: ./.github/workflows/<f>.yml` or `<owner>/deploy-actions/.github/workflows/<f>.yml@<ref>` (a job). */
const localWorkflow = /^\.\/(\.github\/workflows\/[^/]+\.ya?ml)$/;
const publishedWorkflow = /^[^/]+\/deploy-actions\/(\.github\/workflows\/[^/@]+\.ya?ml)@.+$/;

interface Pair {
  key: string;
  keyNode: Node;
  value: unknown;
}

/** Records a problem at a YAML node's line. */
type Report = (node: Node | undefined, message: string) => void;

interface CallableInputs {
  inputs: Map<string, { required: boolean; hasDefault: boolean }>;
  secrets: Map<string, { required: boolean }>;
}

/**
 * Checks what actionlint cannot see: that steps using our actions name an existing `<dir>/action.yml`, pass only
 * its inputs and every required input without a default, and that jobs calling our reusable workflows match their
 * `on.workflow_call` inputs and secrets. `file` is read relative to `root`; problems come sorted by line.
 */
export async function checkWiring(root: string, file: string): Promise<WiringProblem[]> {
  const lineCounter = new LineCounter();
  const document = parseDocument(await readFile(path.join(root, file), 'utf8'), { lineCounter });
  // Syntax errors are actionlint's to report.
  if (document.errors.length > 0 || !isMap(document.contents)) return [];
  const problems: WiringProblem[] = [];
  const report: Report = (node, message) => {
    const offset = node?.range?.[0] ?? 0;
    problems.push({ file, line: lineCounter.linePos(offset).line, message });
  };
  const actions = new Map<string, Promise<ActionDefinition | string>>();
  const loadAction = (dir: string): Promise<ActionDefinition | string> => {
    let action = actions.get(dir);
    if (action === undefined) {
      action = readActionDefinition(path.join(root, dir)).catch((error: unknown) =>
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? `there is no ${dir}/action.yml`
          : `${dir}/action.yml is invalid: ${(error as Error).message}`,
      );
      actions.set(dir, action);
    }
    return action;
  };

  for (const job of entries(document.contents.get('jobs'))) {
    if (!isMap(job.value)) continue;
    const uses = scalarString(job.value.get('uses'));
    if (uses !== undefined) {
      const workflow = localWorkflow.exec(uses)?.[1] ?? publishedWorkflow.exec(uses)?.[1];
      if (workflow !== undefined) await checkWorkflowCall(root, workflow, job.value, report);
      continue;
    }
    const steps = job.value.get('steps');
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const stepUses = scalarString(step.get('uses'));
      if (stepUses === undefined) continue;
      const dir = localAction.exec(stepUses)?.[1] ?? publishedAction.exec(stepUses)?.[1];
      if (dir === undefined) continue;
      const usesNode = step.get('uses', true) as Node;
      const action = await loadAction(dir);
      if (typeof action === 'string') {
        report(usesNode, `uses: ${stepUses}: ${action}`);
        continue;
      }
      checkActionInputs(dir, action, step, report);
    }
  }
  return problems.sort((a, b) => a.line - b.line);
}

function checkActionInputs(dir: string, action: ActionDefinition, step: YAMLMap, report: Report): void {
  const declared = Object.keys(action.inputs);
  const declaredNames = new Set(declared.map((name) => name.toLowerCase()));
  const given = entries(step.get('with'));
  for (const { key, keyNode } of given) {
    if (!declaredNames.has(key.toLowerCase())) {
      report(keyNode, `${dir} has no input '${key}' (inputs: ${declared.join(', ')})`);
    }
  }
  const givenNames = new Set(given.map(({ key }) => key.toLowerCase()));
  for (const [name, input] of Object.entries(action.inputs)) {
    if (input.required === true && input.default === undefined && !givenNames.has(name.toLowerCase())) {
      report(step.get('uses', true), `${dir} needs input '${name}' (required, no default)`);
    }
  }
}

async function checkWorkflowCall(
  root: string,
  workflow: string,
  job: YAMLMap,
  report: Report,
): Promise<void> {
  const usesNode = job.get('uses', true) as Node;
  let callable: CallableInputs | undefined;
  try {
    callable = readCallable(await readFile(path.join(root, workflow), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    report(usesNode, `there is no ${workflow}`);
    return;
  }
  if (callable === undefined) {
    report(usesNode, `${workflow} has no on.workflow_call trigger`);
    return;
  }
  const given = entries(job.get('with'));
  for (const { key, keyNode } of given) {
    if (!callable.inputs.has(key)) report(keyNode, `${workflow} has no workflow_call input '${key}'`);
  }
  for (const [name, input] of callable.inputs) {
    if (input.required && !input.hasDefault && !given.some(({ key }) => key === name)) {
      report(usesNode, `${workflow} needs input '${name}' (required, no default)`);
    }
  }
  const secretsNode = job.get('secrets', true) as Node | undefined;
  if (isScalar(secretsNode) && secretsNode.value === 'inherit') return;
  const secrets = entries(job.get('secrets'));
  for (const { key, keyNode } of secrets) {
    if (!callable.secrets.has(key)) report(keyNode, `${workflow} has no workflow_call secret '${key}'`);
  }
  for (const [name, secret] of callable.secrets) {
    if (secret.required && !secrets.some(({ key }) => key === name)) {
      report(usesNode, `${workflow} needs secret '${name}' (required)`);
    }
  }
}

/** The `on.workflow_call` inputs and secrets of a workflow, or undefined when it cannot be called. */
function readCallable(text: string): CallableInputs | undefined {
  const document = parseDocument(text);
  if (!isMap(document.contents)) return undefined;
  const on = document.contents.get('on');
  if (!isMap(on)) {
    // `on: workflow_call` or `on: [push, workflow_call]`: callable, with no inputs or secrets.
    const triggers = isSeq(on) ? on.items.map((item) => (isScalar(item) ? item.value : undefined)) : [on];
    return triggers.includes('workflow_call') ? { inputs: new Map(), secrets: new Map() } : undefined;
  }
  if (!on.has('workflow_call')) return undefined;
  const call = on.get('workflow_call');
  const section = (name: string): Pair[] => (isMap(call) ? entries(call.get(name)) : []);
  const required = (value: unknown): boolean => isMap(value) && value.get('required') === true;
  return {
    inputs: new Map(
      section('inputs').map(({ key, value }) => [
        key,
        { required: required(value), hasDefault: isMap(value) && value.has('default') },
      ]),
    ),
    secrets: new Map(section('secrets').map(({ key, value }) => [key, { required: required(value) }])),
  };
}

function entries(node: unknown): Pair[] {
  if (!isMap(node)) return [];
  return node.items.flatMap((pair) =>
    isScalar(pair.key) ? [{ key: String(pair.key.value), keyNode: pair.key, value: pair.value }] : [],
  );
}

function scalarString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
