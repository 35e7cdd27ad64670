import { deploymentPayloadSchema, type DeploymentPayload } from '@deploy-actions/proof-bundle';
import type { Evidence } from './evidence.ts';
import { z } from 'zod';
import { readAnswer, readFailure, type GitHubReader } from './github.ts';

/** How many of the environment's deployments are looked through for its last successful one. */
const MAX_DEPLOYMENTS = 200;

const DIGEST = /sha256:[0-9a-f]{64}$/;

const deploymentsSchema = z.array(
  z.object({ id: z.number(), sha: z.string(), created_at: z.string(), payload: z.unknown() }),
);
const deploymentStatusesSchema = z.array(z.object({ state: z.string(), log_url: z.string().nullish() }));

/** What promotion found: its evidence row and, when it passed, the image to deploy. */
export interface Promotion {
  evidence: Evidence;
  image?: string;
}

function readPayload(payload: unknown): DeploymentPayload | undefined {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  const parsed = deploymentPayloadSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Finds the environment's last successful deployment (the newest whose latest status is `success`), reads the
 * payload proof-upload gave it, and checks that it carries one image digest (or `image` itself) and a passing
 * health-gate verdict.
 */
export async function checkPromotion(
  reader: GitHubReader,
  environment: string,
  wanted: string | undefined,
): Promise<Promotion> {
  const { octokit, owner, repo } = reader;
  const row = { kind: 'promotion' as const, name: `promotion of ${environment}` };
  const what = `the deployments of ${environment}`;
  let seen = 0;
  try {
    for await (const page of octokit.paginate.iterator(octokit.rest.repos.listDeployments, {
      owner,
      repo,
      environment,
      per_page: 100,
    })) {
      for (const deployment of readAnswer(deploymentsSchema, page.data, what)) {
        if (++seen > MAX_DEPLOYMENTS) break;
        const statuses = await octokit.rest.repos.listDeploymentStatuses({
          owner,
          repo,
          deployment_id: deployment.id,
          per_page: 1,
        });
        const latest = readAnswer(deploymentStatusesSchema, statuses.data, what)[0];
        if (latest?.state !== 'success') continue;
        const where = {
          ...row,
          source: `deployment ${deployment.id} of ${deployment.sha.slice(0, 12)} (${deployment.created_at})`,
          ...(latest.log_url ? { url: latest.log_url } : {}),
        };
        return judgePayload(where, readPayload(deployment.payload), environment, wanted);
      }
      if (seen > MAX_DEPLOYMENTS) break;
    }
  } catch (error) {
    throw readFailure(reader, what, error);
  }
  return {
    evidence: {
      ...row,
      verdict: 'missing',
      detail: `${environment} has no successful deployment${seen > MAX_DEPLOYMENTS ? ` in its last ${MAX_DEPLOYMENTS}` : ''}`,
      todo: `Deploy to ${environment} with proof-upload's deployment-environment: ${environment} and let its health gate pass first.`,
    },
  };
}

function judgePayload(
  row: Pick<Evidence, 'kind' | 'name' | 'source' | 'url'>,
  payload: DeploymentPayload | undefined,
  environment: string,
  wanted: string | undefined,
): Promotion {
  const fail = (detail: string, todo: string): Promotion => ({
    evidence: { ...row, verdict: 'fail', detail, todo },
  });
  if (payload === undefined) {
    return fail(
      `the last successful deployment to ${environment} was not recorded by proof-upload (no deploy-actions payload)`,
      `Deploy to ${environment} through the deploy-actions workflow, with proof-upload's deployment-environment, so its evidence is recorded.`,
    );
  }
  const health = payload.verdicts.filter((v) => v.action === 'health-gate');
  if (health.length === 0 || health.some((v) => v.outcome !== 'success')) {
    return fail(
      health.length === 0
        ? `the last successful deployment to ${environment} has no health-gate verdict`
        : `the health gate of the last successful deployment to ${environment} did not pass`,
      `Run health-gate in the ${environment} deploy job, before proof-upload, and promote only once it passes.`,
    );
  }
  const digestOf = (image: string): string => DIGEST.exec(image)?.[0] ?? image;
  const images = payload.images.filter((image) => DIGEST.test(image));
  if (wanted !== undefined) {
    const match = images.find((image) => digestOf(image) === digestOf(wanted));
    if (match === undefined) {
      return fail(
        `${environment} never passed ${wanted}: its last successful deployment ran ${images.join(', ') || 'no image digest'}`,
        `Deploy ${wanted} to ${environment} and let its health gate pass, or promote the image ${environment} proved.`,
      );
    }
    return {
      evidence: { ...row, verdict: 'pass', detail: `${match} passed ${environment}'s health gate` },
      image: match,
    };
  }
  if (images.length !== 1) {
    return fail(
      `the last successful deployment to ${environment} carries ${images.length} image digest(s), not one`,
      'Name the image to promote with the image input.',
    );
  }
  const image = images[0] ?? '';
  return {
    evidence: { ...row, verdict: 'pass', detail: `${image} passed ${environment}'s health gate` },
    image,
  };
}
