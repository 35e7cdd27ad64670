import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { DeployActionError, log, rawInputs, redactDeep, runAction } from '@deploy-actions/core';
import { gatherArtifacts } from './artifacts.ts';
import { gatherChecks } from './checks.ts';
import type { Evidence } from './evidence.ts';
import { createReader } from './github.ts';
import { DEFAULT_TIMEOUT, getInputs, inputSpec } from './inputs.ts';
import { checkPromotion } from './promotion.ts';
import { publishEvidenceSummary, reportEvidence } from './report.ts';

/** Checks that every piece of evidence asked for is present and passing, and fails the step naming what is not. */
export async function run(): Promise<void> {
  await runAction(
    'evidence-gate',
    async (ctx) => {
      const inputs = getInputs();
      const { values, secretInputs } = rawInputs(inputSpec);
      ctx.proof.setInputs(values, { secretInputs });
      const reader = createReader({
        token: inputs.token,
        owner: inputs.owner,
        repo: inputs.repo,
        signal: ctx.signal,
        deadline: ctx.deadline,
      });
      log.info(`gathering the evidence for ${inputs.owner}/${inputs.repo} at ${inputs.sha}`);
      const evidence: Evidence[] = [];
      let image: string | undefined;
      let complete = false;
      try {
        evidence.push(...(await gatherChecks(reader, inputs.sha, inputs.requiredChecks, inputs.waitMs)));
        evidence.push(
          ...(await gatherArtifacts(reader, inputs.sha, inputs.artifactRun, inputs.requiredArtifacts)),
        );
        if (inputs.promotionOf !== undefined) {
          const promotion = await checkPromotion(reader, inputs.promotionOf, inputs.image);
          evidence.push(promotion.evidence);
          image = promotion.image;
        }
        complete = true;
      } finally {
        // What was gathered before a failure still goes into the table, the record and the report.
        // Beside, not inside, proof-dir: proof-upload reads every JSON file there as a proof record.
        const reportDir = path.join(process.env.RUNNER_TEMP || tmpdir(), 'evidence-gate');
        await mkdir(reportDir, { recursive: true });
        const reportPath = path.join(reportDir, `report-${Date.now()}.json`);
        // Report text comes from artifacts and APIs: a test name may hold a secret the step knows.
        const report = redactDeep({ sha: inputs.sha, evidence });
        await writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
        core.setOutput('report', reportPath);
        ctx.proof.fact('sha', inputs.sha);
        ctx.proof.fact('evidence', evidence);
        reportEvidence(evidence, complete);
        if (evidence.length > 0) await publishEvidenceSummary(evidence, inputs.sha);
      }
      if (image !== undefined) {
        core.setOutput('image', image);
        ctx.proof.fact('image', image);
      }
      for (const e of evidence)
        ctx.proof.step(`${e.kind} ${e.name}`, e.verdict === 'pass' ? 'ok' : 'failed', e.detail);
      const blocking = evidence.filter((e) => e.verdict !== 'pass');
      if (blocking.length > 0) {
        throw new DeployActionError(
          `${blocking.length} of ${evidence.length} piece(s) of evidence missing or failing: ${blocking.map((e) => e.name).join(', ')}`,
          { code: 'evidence-missing', hint: 'See the table in the step summary: each row says what to do.' },
        );
      }
      log.info(`all ${evidence.length} piece(s) of evidence present and passing`);
    },
    { defaultTimeout: DEFAULT_TIMEOUT },
  );
}
