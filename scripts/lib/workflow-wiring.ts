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

/**
 * A step using one of this repository's actions: `$/<dir>` (the runner's self-repository reference), `./<dir>`, or
 * `<owner>/deploy-actions/<dir>@<ref>`; `<dir>` is a root action or `.github/actions/<name>`.
 */
const ownAction = [
  /^\$\/((?:\.github\/actions\/)?[^/@]+)\/?$/,
  /^\.\/((?:\.github\/actions\/)?[^/@]+)\/?$/,
  /^[^/]+\/deploy-actions\/((?:\.github\/actions\/)?[^/@]+?)\/?@.+$/,
];
/** A job calling one of our reusable workflows, by the same three forms. */
const ownWorkflow = [
  /^\$\/(\.github\/workflows\/[^/@]+\.ya?ml)$/,
  /^\.\/(\.github\/workflows\/[^/@]+\.ya?ml)$/,
  /^[^/]+\/deploy-actions\/(\.github\/workflows\/[^/@]+\.ya?ml)@.+$/,
];
/** `owner/repo[/path]@<40 hex>`: a third-party action or workflow pinned to a commit. */
const pinnedBySha = /^[^/@\s]+\/[^@\s]+@[0-9a-f]{40}$/;
/** `${{ … }}` in a string. */
const expression = /\$\{\{([\s\S]*?)\}\}/g;
const stepReference =
  /\bsteps\.([A-Za-z_][A-Za-z0-9_-]*)\.(outputs\.([A-Za-z_][A-Za-z0-9_-]*)|outcome|conclusion)/g;
const needsReference = /\bneeds\.([A-Za-z_][A-Za-z0-9_-]*)\.(outputs\.([A-Za-z_][A-Za-z0-9_-]*)|result)/g;
const jobsReference = /\bjobs\.([A-Za-z_][A-Za-z0-9_-]*)\.(outputs\.([A-Za-z_][A-Za-z0-9_-]*)|result)/g;

interface Pair {
  key: string;
  keyNode: Node;
  value: unknown;
}

/** Records a problem at a YAML node's line. */
type Report = (node: unknown, message: string) => void;

interface CallableWorkflow {
  inputs: Map<string, { required: boolean; hasDefault: boolean; type: string }>;
  secrets: Map<string, { required: boolean }>;
  outputs: Set<string>;
}

/** What is known of a job's outputs: their names, or undefined when they cannot be known (a third-party call). */
type Outputs = Set<string> | undefined;

/**
 * Checks what actionlint cannot see:
 * - steps using our actions (`$/dir`, `./dir`, `<owner>/deploy-actions/dir@ref`) name an existing `dir/action.yml`,
 *   pass only its inputs and every required input without a default;
 * - every `steps.<id>.outputs.<name>` names an earlier step of the job, declared in its action's outputs when the
 *   step uses one of ours; every `needs.<job>.outputs.<name>` names a job listed in `needs` that declares it (for a
 *   reusable-workflow job: in the called workflow's `on.workflow_call.outputs`); every `jobs.<job>.outputs.<name>`
 *   of `on.workflow_call.outputs` is declared by that job;
 * - jobs calling our reusable workflows match their `on.workflow_call` inputs (names, required, types) and secrets
 *   (`secrets: inherit` passes them all);
 * - security: every job has `permissions:` unless the workflow's top-level `permissions:` grants no write scope;
 *   no `write-all`/`read-all`; third-party `uses:` pinned to a full 40-hex commit SHA; no `${{ }}` in a `run:`
 *   script (an expression there is spliced into the shell text: pass it through `env:`).
 *
 * `file` is read relative to `root`; problems come sorted by line.
 */
export async function checkWiring(root: string, file: string): Promise<WiringProblem[]> {
  const lineCounter = new LineCounter();
  const document = parseDocument(await readFile(path.join(root, file), 'utf8'), { lineCounter });
  // Syntax errors are actionlint's to report.
  if (document.errors.length > 0 || !isMap(document.contents)) return [];
  const workflow = document.contents;
  const problems: WiringProblem[] = [];
  const report: Report = (node, message) => {
    const offset = (node as Node | undefined)?.range?.[0] ?? 0;
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

  const topPermissions = workflow.get('permissions', true) as Node | undefined;
  const topIsLeast =
    topPermissions !== undefined && checkPermissions(topPermissions, 'the workflow', true, report);
  const jobs = entries(workflow.get('jobs'));
  const jobOutputs = new Map<string, Outputs>();

  for (const job of jobs) {
    if (!isMap(job.value)) continue;
    const jobPermissions = job.value.get('permissions', true) as Node | undefined;
    if (jobPermissions !== undefined) checkPermissions(jobPermissions, `job ${job.key}`, false, report);
    else if (!topIsLeast) {
      report(
        job.keyNode,
        `job ${job.key} has no permissions: give it only the scopes it needs (or set a top-level permissions with no write scope)`,
      );
    }
    const uses = scalarString(job.value.get('uses'));
    if (uses !== undefined) {
      const usesNode = job.value.get('uses', true);
      const target = matchFirst(ownWorkflow, uses);
      if (target === undefined) {
        checkPinned(uses, usesNode, report);
        jobOutputs.set(job.key, undefined);
        continue;
      }
      const callable = await checkWorkflowCall(root, target, job.value, report);
      jobOutputs.set(job.key, callable?.outputs);
      continue;
    }
    jobOutputs.set(job.key, new Set(entries(job.value.get('outputs')).map(({ key }) => key)));
  }

  for (const job of jobs) {
    if (!isMap(job.value)) continue;
    const needs = listOf(job.value.get('needs'));
    checkNeedsReferences(job.value, needs, jobOutputs, report);
    if (job.value.has('uses')) continue;
    await checkSteps(job.value, loadAction, report, optionalInputs(workflow));
  }
  checkCallOutputs(workflow, jobOutputs, report);
  return problems.sort((a, b) => a.line - b.line);
}

/**
 * `write-all`/`read-all` are never least privilege; at the top level no scope may be `write` (a write scope there
 * reaches every job). Returns whether a top-level block grants nothing beyond reads.
 */
function checkPermissions(node: Node, owner: string, topLevel: boolean, report: Report): boolean {
  if (isScalar(node)) {
    report(node, `${owner} has permissions: ${String(node.value)}; list only the scopes it needs`);
    return false;
  }
  if (!isMap(node)) return true;
  let least = true;
  for (const { key, value, keyNode } of entries(node)) {
    if (topLevel && isScalar(value) && value.value === 'write') {
      report(
        keyNode,
        `the workflow's top-level permissions grant ${key}: write to every job; grant it in the job that needs it`,
      );
      least = false;
    }
  }
  return least;
}

function checkPinned(uses: string, node: unknown, report: Report): void {
  if (uses.startsWith('./') || uses.startsWith('$/') || uses.startsWith('docker://')) return;
  if (matchFirst(ownAction, uses) !== undefined || matchFirst(ownWorkflow, uses) !== undefined) return;
  if (!pinnedBySha.test(uses)) {
    report(
      node,
      `uses: ${uses}: pin a third-party action to a full 40-hex commit SHA (and say its version in a comment)`,
    );
  }
}

/** Each string of a YAML subtree with its node (keys are not searched: expressions live in values). */
function* stringsIn(node: unknown): Generator<{ text: string; node: Node }> {
  if (isScalar(node)) {
    if (typeof node.value === 'string') yield { text: node.value, node };
  } else if (isMap(node)) {
    for (const pair of node.items) yield* stringsIn(pair.value);
  } else if (isSeq(node)) {
    for (const item of node.items) yield* stringsIn(item);
  }
}

/** The expression texts in a value: each `${{ … }}`, and the whole of an `if:` written without them. */
function expressionsIn(text: string, bareIsExpression: boolean): string[] {
  const found = [...text.matchAll(expression)].map((m) => m[1] ?? '');
  return found.length === 0 && bareIsExpression ? [text] : found;
}

/**
 * The workflow's own inputs (`workflow_call` and `workflow_dispatch`) that may be empty: not required, and no
 * default or an empty one.
 */
function optionalInputs(workflow: YAMLMap): Set<string> {
  const on = workflow.get('on');
  const optional = new Set<string>();
  for (const trigger of ['workflow_call', 'workflow_dispatch']) {
    const section = isMap(on) ? on.get(trigger) : undefined;
    for (const { key, value } of entries(isMap(section) ? section.get('inputs') : undefined)) {
      const required = isMap(value) && value.get('required') === true;
      const fallback = isMap(value) ? value.get('default') : undefined;
      if (!required && (fallback === undefined || fallback === null || fallback === '')) optional.add(key);
    }
  }
  return optional;
}

async function checkSteps(
  job: YAMLMap,
  loadAction: (dir: string) => Promise<ActionDefinition | string>,
  report: Report,
  optional: Set<string>,
): Promise<void> {
  const steps = job.get('steps');
  const known = new Map<string, Outputs>();
  const all = new Map<string, Outputs>();
  const items = isSeq(steps) ? steps.items : [];
  const outputsOf: Outputs[] = [];
  for (const step of items) {
    let outputs: Outputs;
    if (isMap(step)) {
      const uses = scalarString(step.get('uses'));
      const dir = uses === undefined ? undefined : matchFirst(ownAction, uses);
      if (dir !== undefined) {
        const action = await loadAction(dir);
        if (typeof action !== 'string') outputs = new Set(Object.keys(action.outputs));
      }
      const id = scalarString(step.get('id'));
      if (id !== undefined) all.set(id, outputs);
    }
    outputsOf.push(outputs);
  }
  for (const [index, step] of items.entries()) {
    if (!isMap(step)) continue;
    const usesNode = step.get('uses', true);
    const uses = scalarString(step.get('uses'));
    if (uses !== undefined) {
      checkPinned(uses, usesNode, report);
      const dir = matchFirst(ownAction, uses);
      if (dir !== undefined) {
        const action = await loadAction(dir);
        if (typeof action === 'string') report(usesNode, `uses: ${uses}: ${action}`);
        else {
          checkActionInputs(dir, action, step, report);
          checkPossiblyEmpty(dir, action, step, optional, report);
        }
      }
    }
    const run = step.get('run', true);
    if (isScalar(run) && typeof run.value === 'string' && run.value.includes('${{')) {
      report(
        run,
        'run: holds ${{ }}: the runner splices it into the script text; pass the value through env: and use "$NAME"',
      );
    }
    for (const pair of step.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      for (const { text, node } of stringsIn(pair.value)) {
        for (const body of expressionsIn(text, key === 'if')) checkStepReferences(body, node, known, report);
      }
    }
    const id = scalarString(step.get('id'));
    if (id !== undefined) known.set(id, outputsOf[index]);
  }
  // Job outputs may name any step of the job.
  for (const { text, node } of stringsIn(job.get('outputs'))) {
    for (const body of expressionsIn(text, false)) checkStepReferences(body, node, all, report);
  }
}

function checkStepReferences(body: string, node: Node, known: Map<string, Outputs>, report: Report): void {
  for (const match of body.matchAll(stepReference)) {
    const [, id = '', , output] = match;
    if (!known.has(id)) {
      report(node, `steps.${id} is not a step id defined earlier in this job`);
      continue;
    }
    const outputs = known.get(id);
    if (output !== undefined && outputs !== undefined && !outputs.has(output)) {
      report(
        node,
        `steps.${id}.outputs.${output}: step ${id}'s action declares no output '${output}' (outputs: ${[...outputs].join(', ')})`,
      );
    }
  }
}

function checkNeedsReferences(
  job: YAMLMap,
  needs: string[],
  jobOutputs: Map<string, Outputs>,
  report: Report,
): void {
  for (const pair of job.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    for (const { text, node } of stringsIn(pair.value)) {
      for (const body of expressionsIn(text, key === 'if')) {
        for (const match of body.matchAll(needsReference)) {
          const [, name = '', , output] = match;
          if (!needs.includes(name)) {
            report(node, `needs.${name}: job ${name} is not listed in this job's needs`);
            continue;
          }
          const outputs = jobOutputs.get(name);
          if (output !== undefined && outputs !== undefined && !outputs.has(output)) {
            report(node, `needs.${name}.outputs.${output}: job ${name} declares no output '${output}'`);
          }
        }
      }
    }
  }
}

/** `on.workflow_call.outputs.<name>.value` must name a job output that job declares. */
function checkCallOutputs(workflow: YAMLMap, jobOutputs: Map<string, Outputs>, report: Report): void {
  const on = workflow.get('on');
  const call = isMap(on) ? on.get('workflow_call') : undefined;
  const outputs = isMap(call) ? call.get('outputs') : undefined;
  for (const { text, node } of stringsIn(outputs)) {
    for (const body of expressionsIn(text, false)) {
      for (const match of body.matchAll(jobsReference)) {
        const [, name = '', , output] = match;
        if (!jobOutputs.has(name)) {
          report(node, `jobs.${name}: there is no job ${name}`);
          continue;
        }
        const declared = jobOutputs.get(name);
        if (output !== undefined && declared !== undefined && !declared.has(output)) {
          report(node, `jobs.${name}.outputs.${output}: job ${name} declares no output '${output}'`);
        }
      }
    }
  }
}

/**
 * A required input fed only `${{ inputs.<name> }}`, where that workflow input may be empty, fails the step whenever
 * the caller leaves it out: it needs a fallback (`inputs.<name> || …`) or the step an `if:` that tests it.
 */
function checkPossiblyEmpty(
  dir: string,
  action: ActionDefinition,
  step: YAMLMap,
  optional: Set<string>,
  report: Report,
): void {
  const condition = scalarString(step.get('if')) ?? '';
  for (const { key, value } of entries(step.get('with'))) {
    const input = Object.entries(action.inputs).find(
      ([name]) => name.toLowerCase() === key.toLowerCase(),
    )?.[1];
    if (input?.required !== true || input.default !== undefined || !isScalar(value)) continue;
    const only = /^\$\{\{\s*inputs\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}$/.exec(String(value.value).trim())?.[1];
    if (only === undefined || !optional.has(only) || condition.includes(`inputs.${only}`)) continue;
    report(
      value,
      `${dir} requires '${key}', but inputs.${only} may be empty (not required, empty default): give a fallback (\`inputs.${only} || …\`) or guard the step with an if: on inputs.${only}`,
    );
  }
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
): Promise<CallableWorkflow | undefined> {
  const usesNode = job.get('uses', true) as Node;
  let callable: CallableWorkflow | undefined;
  try {
    callable = readCallable(await readFile(path.join(root, workflow), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    report(usesNode, `there is no ${workflow}`);
    return undefined;
  }
  if (callable === undefined) {
    report(usesNode, `${workflow} has no on.workflow_call trigger`);
    return undefined;
  }
  const given = entries(job.get('with'));
  for (const { key, keyNode, value } of given) {
    const input = callable.inputs.get(key);
    if (input === undefined) {
      report(keyNode, `${workflow} has no workflow_call input '${key}'`);
      continue;
    }
    const problem = typeProblem(input.type, value);
    if (problem !== undefined)
      report(value ?? keyNode, `${workflow} input '${key}' is a ${input.type}: ${problem}`);
  }
  for (const [name, input] of callable.inputs) {
    if (input.required && !input.hasDefault && !given.some(({ key }) => key === name)) {
      report(usesNode, `${workflow} needs input '${name}' (required, no default)`);
    }
  }
  const secretsNode = job.get('secrets', true) as Node | undefined;
  if (isScalar(secretsNode) && secretsNode.value === 'inherit') return callable;
  const secrets = entries(job.get('secrets'));
  for (const { key, keyNode } of secrets) {
    if (!callable.secrets.has(key)) report(keyNode, `${workflow} has no workflow_call secret '${key}'`);
  }
  for (const [name, secret] of callable.secrets) {
    if (secret.required && !secrets.some(({ key }) => key === name)) {
      report(usesNode, `${workflow} needs secret '${name}' (required)`);
    }
  }
  return callable;
}

/** Why a literal `with:` value does not fit the input's type (an expression is only known at run time). */
function typeProblem(type: string, value: unknown): string | undefined {
  if (!isScalar(value)) return value === undefined || value === null ? undefined : 'got a list or mapping';
  const literal = value.value;
  if (typeof literal === 'string' && literal.includes('${{')) return undefined;
  if (type === 'number' && typeof literal !== 'number') return `got ${JSON.stringify(literal)}, not a number`;
  if (type === 'boolean' && typeof literal !== 'boolean')
    return `got ${JSON.stringify(literal)}, not true or false`;
  if (type === 'string' && typeof literal !== 'string')
    return `got ${String(literal)}; quote it to pass a string`;
  return undefined;
}

/** The `on.workflow_call` inputs, secrets and outputs of a workflow, or undefined when it cannot be called. */
function readCallable(text: string): CallableWorkflow | undefined {
  const document = parseDocument(text);
  if (!isMap(document.contents)) return undefined;
  const on = document.contents.get('on');
  if (!isMap(on)) {
    // `on: workflow_call` or `on: [push, workflow_call]`: callable, with no inputs, secrets or outputs.
    const triggers = isSeq(on) ? on.items.map((item) => (isScalar(item) ? item.value : undefined)) : [on];
    return triggers.includes('workflow_call')
      ? { inputs: new Map(), secrets: new Map(), outputs: new Set() }
      : undefined;
  }
  if (!on.has('workflow_call')) return undefined;
  const call = on.get('workflow_call');
  const section = (name: string): Pair[] => (isMap(call) ? entries(call.get(name)) : []);
  const required = (value: unknown): boolean => isMap(value) && value.get('required') === true;
  return {
    inputs: new Map(
      section('inputs').map(({ key, value }) => [
        key,
        {
          required: required(value),
          hasDefault: isMap(value) && value.has('default'),
          type: (isMap(value) ? scalarString(value.get('type')) : undefined) ?? 'string',
        },
      ]),
    ),
    secrets: new Map(section('secrets').map(({ key, value }) => [key, { required: required(value) }])),
    outputs: new Set(section('outputs').map(({ key }) => key)),
  };
}

function matchFirst(patterns: readonly RegExp[], text: string): string | undefined {
  for (const pattern of patterns) {
    const found = pattern.exec(text)?.[1];
    if (found !== undefined) return found;
  }
  return undefined;
}

function listOf(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (isScalar(node) && typeof node.value === 'string') return [node.value];
  if (isSeq(node)) return node.items.flatMap((item) => (isScalar(item) ? [String(item.value)] : []));
  return [];
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
