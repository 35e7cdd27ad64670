import { getOctokit } from '@actions/github';
import { DeployActionError, errorMessage, redact } from '@deploy-actions/core';
import type { DeploymentPayload } from '@deploy-actions/proof-bundle';

/** What the GitHub Deployment should say. */
export interface DeploymentRequest {
  environment: string;
  environmentUrl?: string;
  token: string;
  state: 'success' | 'failure';
  /** At most 140 characters (GitHub's limit); longer text is cut. */
  description: string;
  logUrl: string;
  /** What was deployed and the verdicts, for evidence-gate's `promotion-of`. */
  payload: DeploymentPayload;
  signal: AbortSignal;
}

/** Why a GitHub API call failed, with what to do, keyed on the status. */
function explain(error: unknown, what: string): DeployActionError {
  const status =
    typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : undefined;
  const hints: Record<number, string> = {
    401: 'the github-token is invalid or expired; pass the job token (the default) or a valid token',
    403: 'the token may not create deployments: give the job `permissions: deployments: write`',
    404: "the repository was not found with this token; check GITHUB_REPOSITORY and the token's repository access",
    409: 'GitHub refused the deployment (a conflict with the ref or a required status check)',
    422: 'GitHub refused the request as invalid; check deployment-environment and environment-url',
  };
  const hint =
    (status === undefined ? undefined : hints[status]) ??
    'Re-run the job; if it keeps failing, check https://www.githubstatus.com';
  return new DeployActionError(
    `could not ${what}${status === undefined ? '' : ` (HTTP ${status})`}: ${redact(errorMessage(error)).slice(0, 300)}`,
    { code: 'github-deployment-failed', hint, cause: error },
  );
}

/**
 * Creates a GitHub Deployment of the run's commit in `environment` and its final status, through Octokit (which
 * honours `GITHUB_API_URL`). Returns the deployment's id.
 */
export async function recordDeployment(request: DeploymentRequest): Promise<number> {
  const octokit = getOctokit(request.token, { request: { signal: request.signal } });
  const [owner = '', repo = ''] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
  const ref = process.env.GITHUB_SHA ?? '';
  let id: number;
  try {
    const created = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref,
      environment: request.environment,
      auto_merge: false,
      // The checks already ran in this workflow; GitHub's own would refuse a deploy whose checks are still running.
      required_contexts: [],
      payload: request.payload as unknown as Record<string, unknown>,
      description: request.description.slice(0, 140),
    });
    if (created.status !== 201 || !('id' in created.data)) {
      // 202: GitHub merged the default branch into the ref instead of creating a deployment.
      throw new DeployActionError(
        'GitHub answered without creating a deployment (it merged the ref instead)',
        {
          code: 'github-deployment-failed',
          hint: 'Deploy a commit SHA, not a branch that is behind its base.',
        },
      );
    }
    id = created.data.id;
  } catch (error) {
    if (error instanceof DeployActionError) throw error;
    throw explain(error, 'create the GitHub deployment');
  }
  try {
    await octokit.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: id,
      state: request.state,
      log_url: request.logUrl,
      description: request.description.slice(0, 140),
      auto_inactive: request.state === 'success',
      ...(request.environmentUrl === undefined ? {} : { environment_url: request.environmentUrl }),
    });
  } catch (error) {
    throw explain(error, `set the status of GitHub deployment ${id}`);
  }
  return id;
}
