import { access } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot, startJobSteps } from '@deploy-actions/harness';
import type { JobSteps, RuntimeServices, StepResult } from '@deploy-actions/harness';
import { evaluateCondition, evaluateTemplate } from './expressions.ts';
import type { ContextValue, ExpressionScope, JobStatus } from './expressions.ts';
import { readWorkflow } from './workflow-file.ts';
import type { Workflow, WorkflowStep } from './workflow-file.ts';

/** One call of a reusable workflow, as a caller's `uses:` job makes it. */
export interface WorkflowCall {
  /** The workflow file, absolute or relative to the repository root. */
  workflow: string;
  /** The job to run (the demo's workflows have one). */
  job: string;
  /** The caller's `with:`; checked against `on.workflow_call.inputs` as GitHub checks it. */
  inputs: Record<string, string | number | boolean>;
  /** The caller's `secrets:`; checked against `on.workflow_call.secrets`. */
  secrets: Record<string, string>;
  /** The job token: `secrets.github_token` and `github.token`, masked like every secret. */
  githubToken: string;
  /** `GITHUB_*` context values of this run (`GITHUB_RUN_ID`, `GITHUB_API_URL`, …) over the harness's defaults. */
  github?: Record<string, string>;
  /** The Actions runtime (artifact service) the steps see. */
  runtime?: Partial<RuntimeServices>;
  /** Told when a step starts, when it ends, and each of its masked log lines. */
  observer?: WorkflowObserver;
}

/** Hooks to show a run's progress. */
export interface WorkflowObserver {
  stepStarted?(step: StepRun): void;
  stepLog?(step: StepRun, line: string): void;
  stepEnded?(step: StepRun): void;
}

/** What became of one step. */
export interface StepRun {
  /** 1-based position in the job. */
  index: number;
  /** How many steps the job has. */
  total: number;
  name: string;
  id?: string;
  uses: string;
  /** `success`, `failure`, `skipped` (its `if:` was false) or `not-run` (the demo cannot run it: see `note`). */
  outcome: 'success' | 'failure' | 'skipped' | 'not-run';
  /** Why a step was skipped or not run. */
  note?: string;
  /** The committed bundle's run, for steps that ran. */
  result?: StepResult;
  startedAt: number;
  finishedAt: number;
}

/** What the run of the job ended with. */
export interface WorkflowRun {
  name: string;
  steps: StepRun[];
  conclusion: 'success' | 'failure';
  /** The job's `outputs:`, evaluated after its last step. */
  jobOutputs: Record<string, string>;
  /** The workflow's `on.workflow_call.outputs`, as the caller receives them. */
  outputs: Record<string, string>;
  environment?: { name: string; url: string };
  startedAt: number;
  finishedAt: number;
  /** The harness's folder for the job (RUNNER_TEMP, workspace); remove it with `cleanupStep` of any step. */
  rootDir: string;
}

const SELF_REPOSITORY = '$/';

/**
 * The `job.workflow_repository` the demo's runs report: on GitHub, the repository `$/` resolves to (this suite's),
 * which a caller reaches as `uses: <owner>/deploy-actions/.github/workflows/fly-deploy.yml@v1`.
 */
const WORKFLOW_REPOSITORY = 'octo-org/deploy-actions';

/**
 * The `inputs` context: each declared input as the caller gave it, else its default, else the empty value of its
 * type. Every way the call does not match the workflow (an undeclared input or secret, a required one missing) is
 * named at once, as GitHub refuses such a call before the job starts.
 */
function inputValues(workflow: Workflow, call: WorkflowCall): Record<string, ContextValue> {
  const declared = workflow.on.workflow_call.inputs;
  const declaredSecrets = workflow.on.workflow_call.secrets;
  const problems: string[] = [];
  const values: Record<string, ContextValue> = {};
  for (const name of Object.keys(call.inputs)) {
    if (declared[name] === undefined) problems.push(`input ${name} is not defined in the workflow`);
  }
  for (const [name, spec] of Object.entries(declared)) {
    const value = call.inputs[name] ?? spec.default;
    if (value === undefined && spec.required) problems.push(`input ${name} is required and not given`);
    const raw = value ?? (spec.type === 'number' ? 0 : spec.type === 'boolean' ? false : '');
    values[name] =
      spec.type === 'number'
        ? Number(raw)
        : spec.type === 'boolean'
          ? raw === true || raw === 'true'
          : String(raw);
  }
  for (const name of Object.keys(call.secrets)) {
    if (declaredSecrets[name] === undefined) problems.push(`secret ${name} is not defined in the workflow`);
  }
  for (const [name, spec] of Object.entries(declaredSecrets)) {
    if (spec.required && call.secrets[name] === undefined)
      problems.push(`secret ${name} is required and not given`);
  }
  if (problems.length > 0) throw new Error(`the call does not match the workflow: ${problems.join('; ')}`);
  return values;
}

/** `GITHUB_X` / `RUNNER_X` variables as the `github` / `runner` context's `x` properties. */
function contextOf(prefix: 'GITHUB_' | 'RUNNER_', values: Record<string, string>): Record<string, string> {
  const context: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (name.startsWith(prefix)) context[name.slice(prefix.length).toLowerCase()] = value;
  }
  return context;
}

/** Why the demo does not run a step, or undefined when it runs it. */
function notRunReason(step: WorkflowStep): string | undefined {
  if (step.run !== undefined) return undefined;
  if (step.uses === undefined) return 'a step with neither uses nor run';
  if (step.uses.startsWith(SELF_REPOSITORY)) return undefined;
  return `${step.uses.replace(/@.*/, '')} is a third-party action, and the demo has no caller repository to run it on`;
}

/** How to run one action step in a job. */
export interface ActionStepOptions {
  /** A folder at the repository root holding `action.yml`. */
  action: string;
  inputs: Record<string, string>;
  env: Record<string, string>;
  /** `GITHUB_*` / `RUNNER_*` context values over the harness's defaults. */
  runner: Record<string, string>;
  githubToken: string;
  timeoutMs: number;
  observer?: WorkflowObserver | undefined;
}

/** Runs one action's committed bundle as the next step of `job`, telling the observer; fills in `run`'s outcome. */
export async function runActionStep(job: JobSteps, run: StepRun, options: ActionStepOptions): Promise<void> {
  options.observer?.stepStarted?.(run);
  run.startedAt = Date.now();
  run.result = await job.run({
    action: options.action,
    inputs: options.inputs,
    env: options.env,
    runner: options.runner,
    githubToken: options.githubToken,
    timeoutMs: options.timeoutMs,
    onLog: (line) => options.observer?.stepLog?.(run, line),
  });
  run.outcome = run.result.failed ? 'failure' : 'success';
}

/**
 * Runs one job of a reusable workflow the way the runner does, reading the workflow file itself: each step's `if:`
 * (status functions included), `with:` and `env:` evaluated with `@actions/expressions` against the `inputs`,
 * `secrets`, `steps`, `github`, `env`, `job` and `runner` contexts; `uses: $/<dir>` resolved to this repository's
 * `<dir>/action.yml` (as the runner resolves it to the workflow's own repository and commit) and its committed bundle
 * run through the harness under Node 24, every step in one job (masks, RUNNER_TEMP and exports carried over).
 */
export async function runWorkflow(call: WorkflowCall): Promise<WorkflowRun> {
  const file = path.resolve(repoRoot, call.workflow);
  const workflow = await readWorkflow(file);
  const job = workflow.jobs[call.job];
  if (job === undefined) throw new Error(`${call.workflow} has no job ${call.job}`);
  const inputs = inputValues(workflow, call);

  const secrets: Record<string, string> = { ...call.secrets, github_token: call.githubToken };
  const harnessJob = await startJobSteps({
    runtime: call.runtime ?? {},
    // The runner masks every secret of the job before its first step (Worker.cs InitializeSecretMasker).
    workflowSecrets: Object.values(secrets).filter((value) => value.trim() !== ''),
  });
  const runnerValues = harnessJob.context(call.github);
  const status: JobStatus = { failed: false, cancelled: false };
  const stepsContext: Record<string, ContextValue> = {};
  const scope = (env: Record<string, ContextValue>): ExpressionScope => ({
    status,
    contexts: {
      inputs,
      secrets,
      steps: stepsContext,
      github: { ...contextOf('GITHUB_', runnerValues), token: call.githubToken, event: {} },
      runner: contextOf('RUNNER_', runnerValues),
      env,
      job: {
        status: status.failed ? 'failure' : 'success',
        workflow_repository: WORKFLOW_REPOSITORY,
        workflow_sha: runnerValues.GITHUB_WORKFLOW_SHA ?? '',
        workflow_ref: `${WORKFLOW_REPOSITORY}/${call.workflow}@refs/heads/main`,
        workflow_file_path: call.workflow,
      },
    },
  });
  const evaluateMap = (values: Record<string, string>, env: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, evaluateTemplate(v, scope(env))]));

  const startedAt = Date.now();
  const workflowEnv = evaluateMap(workflow.env, {});
  const jobEnv = { ...workflowEnv, ...evaluateMap(job.env, workflowEnv) };
  const timeoutMinutes = Number(evaluateTemplate(String(job['timeout-minutes'] ?? 360), scope(jobEnv)));
  const deadline = startedAt + timeoutMinutes * 60_000;
  const environment =
    job.environment === undefined
      ? undefined
      : typeof job.environment === 'string'
        ? { name: evaluateTemplate(job.environment, scope(jobEnv)), url: '' }
        : {
            name: evaluateTemplate(job.environment.name, scope(jobEnv)),
            url: evaluateTemplate(job.environment.url ?? '', scope(jobEnv)),
          };

  const runs: StepRun[] = [];
  for (const [position, step] of job.steps.entries()) {
    const run: StepRun = {
      index: position + 1,
      total: job.steps.length,
      name: step.name ?? step.uses ?? `step ${position + 1}`,
      ...(step.id === undefined ? {} : { id: step.id }),
      uses: step.uses ?? 'run',
      outcome: 'skipped',
      startedAt: Date.now(),
      finishedAt: Date.now(),
    };
    runs.push(run);
    if (step.run !== undefined) {
      throw new Error(`step ${run.index} (${run.name}) is a run: script; the demo runs only actions`);
    }
    const reason = notRunReason(step);
    const env = { ...jobEnv, ...evaluateMap(step.env, jobEnv) };
    if (reason !== undefined) {
      Object.assign(run, { outcome: 'not-run', note: reason });
    } else if (!evaluateCondition(step.if, scope(env))) {
      run.note = `if: ${step.if ?? 'success()'} is false`;
    } else {
      const dir = (step.uses ?? '').slice(SELF_REPOSITORY.length);
      await access(path.join(repoRoot, dir, 'action.yml')).catch(() => {
        throw new Error(`step ${run.index}: uses ${step.uses} but ${dir}/action.yml does not exist`);
      });
      await runActionStep(harnessJob, run, {
        action: dir,
        inputs: evaluateMap(step.with, env),
        env,
        runner: call.github ?? {},
        githubToken: call.githubToken,
        timeoutMs: Math.max(deadline - Date.now(), 1000),
        observer: call.observer,
      });
      if (run.outcome === 'failure') status.failed = true;
    }
    run.finishedAt = Date.now();
    if (step.id !== undefined) {
      stepsContext[step.id] = {
        outputs: run.result?.outputs ?? {},
        outcome: run.outcome === 'not-run' ? 'skipped' : run.outcome,
        conclusion: run.outcome === 'not-run' ? 'skipped' : run.outcome,
      };
    }
    call.observer?.stepEnded?.(run);
  }

  const jobOutputs = evaluateMap(job.outputs, jobEnv);
  const conclusion = status.failed ? 'failure' : 'success';
  const outputScope: ExpressionScope = {
    status,
    contexts: { jobs: { [call.job]: { outputs: jobOutputs, result: conclusion } }, inputs },
  };
  const outputs = Object.fromEntries(
    Object.entries(workflow.on.workflow_call.outputs).map(([name, spec]) => [
      name,
      evaluateTemplate(spec.value, outputScope),
    ]),
  );
  return {
    name: evaluateTemplate(job.name ?? call.job, scope(jobEnv)),
    steps: runs,
    conclusion,
    jobOutputs,
    outputs,
    ...(environment === undefined ? {} : { environment }),
    startedAt,
    finishedAt: Date.now(),
    rootDir: harnessJob.rootDir,
  };
}
