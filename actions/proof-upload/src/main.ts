import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { DeployActionError, log, rawInputs, redact, runAction, tallyTotal } from '@deploy-actions/core';
import { DEPLOYMENT_PAYLOAD_SCHEMA_ID } from '@deploy-actions/proof-bundle';
import { deployedImages, writeBundle } from './bundle.ts';
import { collectFiles, type Collected } from './collect.ts';
import { recordDeployment } from './deployment.ts';
import { DEFAULT_TIMEOUT, getInputs, inputSpec, type Inputs } from './inputs.ts';
import { publishSummary } from './report.ts';
import { registerRunSecrets } from './secret-values.ts';
import { stageFiles } from './stage.ts';
import { uploadBundle, type Uploaded } from './upload.ts';

/** Says there is nothing to upload, as `if-no-files-found` asks. */
function nothingFound(inputs: Inputs, proofDir: string, collected: Collected): void {
  const where = collected.proofDirFound
    ? `no file in ${proofDir}`
    : `no folder ${proofDir} (no action wrote a proof record there)`;
  const paths = inputs.paths.length === 0 ? '' : ' and no file matched `paths`';
  const message = `${where}${paths}; nothing was uploaded`;
  if (inputs.ifNoFilesFound === 'error') {
    throw new DeployActionError(message, {
      code: 'no-files-found',
      hint: 'Run proof-upload in the same job, after the deploy-actions steps, with the same proof-dir; or set `if-no-files-found: warn`.',
    });
  }
  if (inputs.ifNoFilesFound === 'warn') log.warn(message, { title: 'No deploy proof' });
  else log.info(message);
  core.setOutput('redactions', '0');
}

/** Collects, redacts, manifests and uploads the run's evidence; records the GitHub deployment when asked. */
export async function run(): Promise<void> {
  await runAction(
    'proof-upload',
    async (ctx) => {
      const inputs = getInputs();
      const registered = registerRunSecrets(inputs.redact, inputs.redactEnv);
      const { values, secretInputs } = rawInputs(inputSpec);
      ctx.proof.setInputs(values, { secretInputs });
      const { signal } = ctx;
      const proofDir = ctx.proof.dir;
      log.info(
        `redacting ${registered} secret value(s) of this step, and any credential the detectors recognise`,
      );

      const base = path.join(process.env.RUNNER_TEMP || tmpdir(), 'proof-upload');
      await mkdir(base, { recursive: true });
      const workDir = await mkdtemp(path.join(base, 'run-'));
      const root = path.join(workDir, 'bundle');
      const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
      const collected = await collectFiles(proofDir, inputs.paths, workspace, workDir);
      for (const skip of collected.skipped) log.warn(`left out ${skip.origin}: ${skip.reason}`);
      if (collected.files.length === 0) {
        nothingFound(inputs, proofDir, collected);
        ctx.proof.step('collect the proof', 'skipped', 'nothing found');
        return;
      }

      const staged = await log.group(`Redacting ${collected.files.length} file(s)`, () =>
        stageFiles(collected.files, root, signal),
      );
      for (const left of staged.omitted)
        log.warn(`left out ${left.origin}: ${left.reason}`, { title: 'Not in the proof' });
      if (inputs.failOnUnredactable && staged.omitted.length > 0) {
        throw new DeployActionError(
          `${staged.omitted.length} file(s) could not be redacted: ${staged.omitted.map((o) => o.origin).join(', ')}`,
          {
            code: 'unredactable',
            hint: 'Leave binary or compressed files out of proof-dir and paths, or set `fail-on-unredactable: false` to upload without them.',
          },
        );
      }
      const bundle = await writeBundle({ root, workDir, name: inputs.name, staged });
      const redactions = tallyTotal(staged.tally);
      core.setOutput('manifest', bundle.manifestPath);
      core.setOutput('predicate-path', bundle.predicatePath);
      core.setOutput('redactions', String(redactions));
      ctx.proof.step(
        'redact and manifest the proof',
        'ok',
        `${bundle.manifest.files.length} file(s), ${redactions} redaction(s), outcome ${bundle.manifest.outcome}`,
      );

      const uploaded: Uploaded = await log.group(`Uploading artifact ${inputs.name}`, () =>
        uploadBundle({
          root,
          name: inputs.name,
          signal,
          ...(inputs.retentionDays === undefined ? {} : { retentionDays: inputs.retentionDays }),
        }),
      );
      core.setOutput('artifact-id', String(uploaded.id));
      core.setOutput('artifact-url', uploaded.url);
      core.setOutput('artifact-digest', uploaded.digest);
      log.info(`uploaded ${inputs.name}: id ${uploaded.id}, sha256 ${uploaded.digest}, ${uploaded.url}`);
      ctx.proof.step('upload the artifact', 'ok', `${inputs.name} id ${uploaded.id}`);
      ctx.proof.fact('artifact', {
        name: inputs.name,
        id: uploaded.id,
        digest: uploaded.digest,
        url: uploaded.url,
      });

      try {
        if (inputs.deployment !== undefined) {
          const state = bundle.manifest.outcome === 'success' ? 'success' : 'failure';
          const id = await recordDeployment({
            ...inputs.deployment,
            state,
            description: redact(
              `deploy proof: ${bundle.manifest.outcome}; evidence in artifact ${inputs.name}`,
            ),
            logUrl: bundle.manifest.run.runUrl,
            payload: {
              schema: DEPLOYMENT_PAYLOAD_SCHEMA_ID,
              outcome: bundle.manifest.outcome,
              images: deployedImages(staged.records).map((s) => `${s.name}@sha256:${s.digest.sha256}`),
              verdicts: bundle.manifest.verdicts.map(({ action, outcome, app }) => ({
                action,
                outcome,
                ...(app === undefined ? {} : { app }),
              })),
              artifact: inputs.name,
            },
            signal,
          });
          core.setOutput('deployment-id', String(id));
          log.info(`GitHub deployment ${id} in ${inputs.deployment.environment}: ${state}`);
          ctx.proof.step('record the GitHub deployment', 'ok', `${id}: ${state}`);
        }
      } finally {
        if (inputs.summary) await publishSummary(bundle.manifest, staged.records, uploaded);
      }
    },
    { defaultTimeout: DEFAULT_TIMEOUT },
  );
}
