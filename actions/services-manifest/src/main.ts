import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import {
  DeployActionError,
  detectSecrets,
  log,
  rawInputs,
  replaceFindings,
  runAction,
  summaryHeading,
  summaryParagraph,
  summaryTable,
  writeSummary,
} from '@deploy-actions/core';
import { getInputs, inputSpec } from './inputs.ts';
import { MAX_MANIFEST_BYTES, readManifest, type Service } from './manifest.ts';

/** Reads the manifest file, refusing what is not a small regular file. */
async function readManifestFile(file: string, shown: string): Promise<string> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new DeployActionError(`${shown} is not a file`, { code: 'invalid-manifest' });
    if (info.size > MAX_MANIFEST_BYTES) {
      throw new DeployActionError(
        `${shown} is ${info.size} bytes, more than a manifest may be (${MAX_MANIFEST_BYTES})`,
        { code: 'invalid-manifest', hint: 'A services manifest lists services; keep it under that size.' },
      );
    }
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof DeployActionError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new DeployActionError(`there is no services manifest at ${shown}`, {
        code: 'invalid-manifest',
        hint: "Check the `manifest` input, and that the job checked out the caller's repository first.",
      });
    }
    throw new DeployActionError(
      `could not read the services manifest ${shown} (${code ?? 'unknown error'})`,
      {
        code: 'invalid-manifest',
        hint: 'Make the manifest a readable file in the repository.',
      },
    );
  }
}

function summaryOf(services: readonly Service[], shown: string): Parameters<typeof writeSummary>[0] {
  return [
    summaryHeading('Services to deploy'),
    summaryParagraph(`${services.length} service(s) from ${shown}`),
    summaryTable(
      ['service', 'app', 'image or config', 'strategy', 'environment', 'health targets'],
      services.map((s) => [
        s.name,
        s.app,
        s.image !== '' ? s.image : s.config,
        s.strategy,
        s.environment,
        s['health-targets'] === '' ? "machines' own checks" : s['health-targets'].split('\n').length,
      ]),
    ),
  ];
}

/** Reads and checks the services manifest; sets the deploy matrix as outputs, or fails naming every problem. */
export async function run(): Promise<void> {
  await runAction(
    'services-manifest',
    async (ctx) => {
      const inputs = getInputs();
      const { values } = rawInputs(inputSpec);
      ctx.proof.setInputs(values);
      const file = path.resolve(process.env.GITHUB_WORKSPACE || process.cwd(), inputs.manifest);
      const shown = inputs.manifest;
      const result = readManifest(await readManifestFile(file, shown));
      if (!result.ok) {
        // The manifest is committed text, but a credential pasted into it is still not echoed into the log.
        const messages = await Promise.all(
          result.problems.map(async (p) => replaceFindings(p.message, await detectSecrets(p.message))),
        );
        result.problems.forEach((problem, index) => {
          log.error(messages[index] ?? '', { title: 'Services manifest', file: shown, line: problem.line });
        });
        const lines = result.problems.map((p, index) => `${shown}:${p.line}: ${messages[index] ?? ''}`);
        throw new DeployActionError(
          `${result.problems.length} problem(s) in the services manifest:\n${lines.join('\n')}`,
          {
            code: 'invalid-manifest',
            hint: 'Fix every line above in the manifest; nothing was deployed.',
          },
        );
      }
      const { services } = result;
      log.info(`${services.length} service(s): ${services.map((s) => s.name).join(', ')}`);
      core.setOutput('services', JSON.stringify(services));
      core.setOutput('names', services.map((s) => s.name).join(','));
      core.setOutput('count', String(services.length));
      ctx.proof.fact('services', services);
      await writeSummary(summaryOf(services, shown));
    },
    { defaultTimeout: '1m' },
  );
}
