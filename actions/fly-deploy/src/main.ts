import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { DeployActionError, errorMessage, log, rawInputs, runAction } from '@deploy-actions/core';
import { deploy, DeployFailure, openReleaseClients } from '@deploy-actions/release';
import { readAppConfig, settingRows } from './app-config.ts';
import { buildImage } from './build.ts';
import { DEFAULT_TIMEOUT, getInputs, inputSpec, type Inputs } from './inputs.ts';
import { publishSummary, recordProof, setOutputs } from './report.ts';

/** State key holding the rollback plan's path, for a later step of the job. */
export const ROLLBACK_PLAN_STATE = 'rollback-plan';

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
      // fly.toml is read and checked before anything else happens: a bad one changes nothing.
      const appConfig = await readAppConfig(inputs, process.env.GITHUB_WORKSPACE || process.cwd());
      const settings = settingRows(appConfig);
      for (const [name, value, from] of settings) log.info(`${name}: ${value} (${from})`);
      if (appConfig.flyConfig !== undefined) {
        ctx.proof.fact('fly-toml', { file: appConfig.flyConfig.file, sha256: appConfig.flyConfig.sha256 });
      }
      ctx.proof.fact(
        'settings',
        Object.fromEntries(settings.map(([name, value, from]) => [name, { value, from }])),
      );

      const { signal } = ctx;
      const { engine, platform } = openReleaseClients(ctx, inputs);

      let image = appConfig.settings.image.value || undefined;
      if (image === undefined) {
        image = await log.group(`Building ${inputs.app} with flyctl`, () =>
          buildImage({
            app: inputs.app,
            ...(appConfig.configPath === undefined ? {} : { config: appConfig.configPath }),
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

      const result = await deploy(engine, {
        image,
        strategy: appConfig.strategy,
        maxUnavailable: appConfig.maxUnavailable,
        waitTimeoutMs: appConfig.settings.waitTimeoutMs.value,
        settleMs: inputs.settleMs,
        filters: { processGroups: inputs.processGroups, regions: inputs.regions },
        env: inputs.env,
        secrets: inputs.secrets,
        ...(appConfig.releaseCommand === undefined
          ? {}
          : {
              releaseCommand: {
                command: appConfig.releaseCommand,
                timeoutMs: appConfig.settings.releaseCommandTimeoutMs.value,
              },
            }),
        ...(appConfig.flyConfig === undefined ? {} : { flyConfig: appConfig.flyConfig }),
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
      await publishSummary(result, { app: inputs.app, strategy: appConfig.strategy, durationMs, settings });
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
