import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { DeployActionError, errorMessage, FlyClient, log, rawInputs, runAction } from '@deploy-actions/core';
import { deploy, DeployFailure, engineContext } from '@deploy-actions/release';
import { buildImage } from './build.ts';
import { DEFAULT_TIMEOUT, getInputs, inputSpec, type Inputs } from './inputs.ts';
import { publishSummary, recordProof, setOutputs } from './report.ts';

/** State key holding the rollback plan's path, for a later step of the job. */
export const ROLLBACK_PLAN_STATE = 'rollback-plan';

/**
 * The platform API (release records, logs) for a Machines API URL: Fly's own pair, or the same host for anything
 * else (the emulator, a proxy in front of both).
 */
export function platformUrlFor(apiUrl: string): string {
  return new URL(apiUrl).host === 'api.machines.dev' ? 'https://api.fly.io' : apiUrl;
}

/** The release label: as given, else the commit's short SHA, else a timestamp. */
function releaseLabel(inputs: Inputs): string {
  if (inputs.releaseLabel !== undefined) return inputs.releaseLabel;
  const sha = process.env.GITHUB_SHA;
  if (sha !== undefined && /^[0-9a-f]{7,}$/i.test(sha)) return sha.slice(0, 7);
  return `manual-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
}

async function planDir(): Promise<string> {
  // RUNNER_TEMP is shared by every step of the job: a folder per run keeps two deploys' plans apart.
  const base = join(process.env.RUNNER_TEMP || tmpdir(), 'fly-deploy');
  await mkdir(base, { recursive: true });
  return mkdtemp(join(base, 'run-'));
}

/** Deploys the image (built first when none is given) and reports the result everywhere a user looks. */
export async function run(): Promise<void> {
  await runAction(
    'fly-deploy',
    async (ctx) => {
      const started = Date.now();
      const inputs = getInputs();
      const { values, secretInputs } = rawInputs(inputSpec);
      ctx.proof.setInputs(values, { secretInputs });
      ctx.proof.setApp(inputs.app);
      const label = releaseLabel(inputs);

      const { signal } = ctx;
      const client = new FlyClient({
        token: inputs.token,
        apiUrl: inputs.apiUrl,
        signal,
        deadline: ctx.deadline,
      });
      // Not tied to the run's signal: after a cancel the release record must still be marked interrupted.
      const platform = new FlyClient({
        token: inputs.token,
        apiUrl: platformUrlFor(inputs.apiUrl),
        retry: { maxAttempts: 3 },
      });
      ctx.onCleanup(() => platform.close());
      ctx.onCleanup(() => client.close());

      let image = inputs.image;
      if (image === undefined) {
        image = await log.group(`Building ${inputs.app} with flyctl`, () =>
          buildImage({
            app: inputs.app,
            ...(inputs.config === undefined ? {} : { config: inputs.config }),
            ...(inputs.flyctlVersion === undefined ? {} : { flyctlVersion: inputs.flyctlVersion }),
            token: inputs.token,
            label,
            signal,
          }).catch((e: unknown) => {
            // A failed build still answers the outputs a later step branches on.
            core.setOutput('status', 'failed');
            core.setOutput('failure', 'build');
            core.setOutput('release-label', label);
            throw e;
          }),
        );
        log.info(`flyctl pushed ${image}`);
      }

      const result = await deploy(engineContext({ client, app: inputs.app, signal }), {
        image,
        strategy: inputs.strategy,
        maxUnavailable: inputs.maxUnavailable,
        waitTimeoutMs: inputs.waitTimeoutMs,
        settleMs: inputs.settleMs,
        filters: { processGroups: inputs.processGroups, regions: inputs.regions },
        env: inputs.env,
        secrets: inputs.secrets,
        ...(inputs.releaseCommand === undefined
          ? {}
          : {
              releaseCommand: { command: inputs.releaseCommand, timeoutMs: inputs.releaseCommandTimeoutMs },
            }),
        onFailure: inputs.onFailure,
        waitForLeaseMs: inputs.waitForLeaseMs,
        releaseLabel: label,
        platform,
        recordRelease: inputs.recordRelease,
        planDir: await planDir(),
        onRollbackPlan: (path) => {
          core.setOutput('rollback-plan', path);
          core.saveState(ROLLBACK_PLAN_STATE, path);
        },
      });

      const durationMs = Date.now() - started;
      setOutputs(result, durationMs);
      recordProof(ctx.proof, result);
      await publishSummary(result, { app: inputs.app, strategy: inputs.strategy, durationMs });
      if (result.error === undefined) {
        log.info(`deployed ${image} to ${result.machines.length} machine(s) of ${inputs.app}`);
        return;
      }
      if (result.status === 'rolled-back' && result.error instanceof DeployActionError) {
        throw new DeployFailure(
          result.failure ?? 'api',
          `${result.error.message}\nEvery changed machine was rolled back to ${result.previousImage ?? 'its previous config'}.`,
          {
            hint: result.error.hint ?? 'fix the release and deploy again',
            cause: result.error,
          },
        );
      }
      throw result.error instanceof Error ? result.error : new Error(errorMessage(result.error));
    },
    { defaultTimeout: DEFAULT_TIMEOUT },
  );
}
