import { startJobSteps } from '@deploy-actions/harness';
import type { RuntimeServices } from '@deploy-actions/harness';
import { runActionStep } from './run-workflow.ts';
import type { StepRun, WorkflowObserver, WorkflowRun } from './run-workflow.ts';

/** One step of a hand-written job: an action of this repository and its `with:` / `env:`. */
export interface ActionStep {
  name: string;
  /** A folder at the repository root holding `action.yml`. */
  action: string;
  inputs: Record<string, string>;
  env?: Record<string, string>;
}

/** The job the steps run in. */
export interface StepsJob {
  /** Shown as the run's name. */
  name: string;
  /** Secrets of the job, masked by the runner before the first step. */
  secrets: string[];
  githubToken: string;
  github?: Record<string, string>;
  runtime?: Partial<RuntimeServices>;
  observer?: WorkflowObserver;
  /** Longest one step may take. */
  stepTimeoutMs?: number;
}

/**
 * Runs actions one after another in one job, each whatever became of the one before (as `if: always()` steps), for
 * the incidents that need steps no workflow of the suite strings together (the health gate over six services, a
 * release and then a manual rollback to a named release).
 */
export async function runSteps(job: StepsJob, steps: ActionStep[]): Promise<WorkflowRun> {
  const harnessJob = await startJobSteps({
    runtime: job.runtime ?? {},
    workflowSecrets: job.secrets.filter((secret) => secret.trim() !== ''),
  });
  const startedAt = Date.now();
  const runs: StepRun[] = [];
  for (const [position, step] of steps.entries()) {
    const run: StepRun = {
      index: position + 1,
      total: steps.length,
      name: step.name,
      uses: `$/${step.action}`,
      outcome: 'skipped',
      startedAt: Date.now(),
      finishedAt: Date.now(),
    };
    runs.push(run);
    await runActionStep(harnessJob, run, {
      action: step.action,
      inputs: step.inputs,
      env: step.env ?? {},
      runner: job.github ?? {},
      githubToken: job.githubToken,
      timeoutMs: job.stepTimeoutMs ?? 180_000,
      observer: job.observer,
    });
    run.finishedAt = Date.now();
    job.observer?.stepEnded?.(run);
  }
  return {
    name: job.name,
    steps: runs,
    conclusion: runs.some((run) => run.outcome === 'failure') ? 'failure' : 'success',
    jobOutputs: {},
    outputs: {},
    startedAt,
    finishedAt: Date.now(),
    rootDir: harnessJob.rootDir,
  };
}
