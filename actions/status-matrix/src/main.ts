import path from 'node:path';
import * as core from '@actions/core';
import {
  DeployActionError,
  log,
  rawInputs,
  runAction,
  summaryHeading,
  summaryParagraph,
  summaryTable,
  writeSummary,
  type SummarySection,
} from '@deploy-actions/core';
import { getInputs, inputSpec, type Inputs } from './inputs.ts';
import { locateBundle, readServiceStatus, type ServiceStatus } from './proofs.ts';

/** What an artifact's name may hold here: also a single folder name, so a name cannot walk out of `proofs`. */
const ARTIFACT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The run's page, where its artifacts are listed (the proofs are artifacts of this run). */
function runUrl(): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = process.env;
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined;
}

const MARK = (row: ServiceStatus): string => (row.ok ? '✅' : '❌');

function summaryOf(rows: readonly ServiceStatus[], inputs: Inputs, failed: string[]): SummarySection[] {
  const good = rows.length - failed.length;
  const sections: SummarySection[] = [
    summaryHeading(`Deploy status: ${good} of ${rows.length} service(s) deployed and healthy`),
    summaryTable(
      ['', 'service', 'app', 'deploy status', 'gate', 'image', 'release', 'proof', 'note'],
      rows.map((r) => [MARK(r), r.service, r.app, r.status, r.gate, r.image, r.release, r.proof, r.note]),
    ),
  ];
  const url = runUrl();
  if (url !== undefined) {
    sections.push(
      summaryParagraph(`Proof artifacts (the "proof" column) are listed on the run's page: ${url}`),
    );
  }
  if (inputs.deployResult !== undefined && inputs.deployResult !== 'success') {
    sections.push(summaryParagraph(`The deploy matrix job ended with: ${inputs.deployResult}.`));
  }
  return sections;
}

/** Gathers every service's proof into one status matrix; fails when a service or the matrix job failed. */
export async function run(): Promise<void> {
  await runAction(
    'status-matrix',
    async (ctx) => {
      const inputs = getInputs();
      const { values } = rawInputs(inputSpec);
      ctx.proof.setInputs(values);
      const root = path.resolve(process.env.GITHUB_WORKSPACE || process.cwd(), inputs.proofs);
      const rows: ServiceStatus[] = [];
      for (const service of inputs.services) {
        const artifact = `${inputs.artifactPrefix}${service.name}`;
        const named = ARTIFACT_NAME.test(artifact);
        const folder = named ? await locateBundle(root, artifact) : undefined;
        const row = await readServiceStatus(
          named ? (folder ?? path.join(root, artifact)) : undefined,
          service,
          artifact,
        );
        log.info(
          `${MARK(row)} ${row.service}: ${row.status}, gate ${row.gate}${row.note ? ` (${row.note})` : ''}`,
        );
        rows.push(row);
      }
      const failed = rows.filter((r) => !r.ok).map((r) => r.service);
      const matrixFailed = inputs.deployResult === 'failure' || inputs.deployResult === 'cancelled';
      const result = failed.length === 0 && !matrixFailed ? 'pass' : 'fail';
      core.setOutput('result', result);
      core.setOutput('failed-services', failed.join(','));
      core.setOutput('statuses', JSON.stringify(rows));
      ctx.proof.fact('status-matrix', { result, rows });
      await writeSummary(summaryOf(rows, inputs, failed));
      if (result === 'fail') {
        const lines = rows
          .filter((r) => !r.ok)
          .map((r) => `${r.service}: ${r.status}, gate ${r.gate}. ${r.note}`);
        if (matrixFailed) lines.push(`the deploy matrix job ended with: ${inputs.deployResult}`);
        throw new DeployActionError(
          `${failed.length} of ${rows.length} service(s) not deployed healthy:\n${lines.join('\n')}`,
          {
            code: 'services-failed',
            hint: "Open each failed service's deploy job log and its proof artifact; fix the cause and re-run the failed jobs.",
          },
        );
      }
    },
    { defaultTimeout: '2m' },
  );
}
