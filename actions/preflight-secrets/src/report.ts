import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import {
  log,
  redactDeep,
  summaryHeading,
  summaryParagraph,
  summaryTable,
  writeSummary,
  type ProofRecorder,
  type ProofStepResult,
} from '@deploy-actions/core';
import { counts, isProblem, type FailOn, type Finding, type FindingCategory } from './findings.ts';

/** What the preflight concluded, as written to the `report` file and the outputs. */
export interface PreflightReport {
  ok: boolean;
  failOn: FailOn;
  /** Names of secrets not set, empty, blank or placeholders (`<app>:<NAME>` for app secrets on Fly). */
  missing: string[];
  /** Names of secrets set but unusable. */
  invalid: string[];
  /** Problems that `failOn` counts. */
  failing: Finding[];
  findings: Finding[];
}

const VERDICT_MARK: Record<FindingCategory, string> = {
  ok: '✅',
  missing: '❌',
  invalid: '❌',
  unverified: '⚠️',
  skipped: '➖',
};

const PROOF_RESULT: Record<FindingCategory, ProofStepResult> = {
  ok: 'ok',
  missing: 'failed',
  invalid: 'failed',
  unverified: 'info',
  skipped: 'skipped',
};

function namesOf(findings: readonly Finding[], category: FindingCategory): string[] {
  return [...new Set(findings.filter((f) => f.category === category).map((f) => f.name))];
}

/** Sums the findings up under `failOn`. */
export function buildReport(findings: Finding[], failOn: FailOn): PreflightReport {
  const failing = findings.filter((f) => counts(f, failOn));
  return {
    ok: failing.length === 0,
    failOn,
    missing: namesOf(findings, 'missing'),
    invalid: namesOf(findings, 'invalid'),
    failing,
    findings,
  };
}

function withRequestId(finding: Finding): string {
  return finding.requestId === undefined
    ? finding.verdict
    : `${finding.verdict} (fly-request-id: ${finding.requestId})`;
}

/**
 * Shows the report everywhere a user looks: one log line and annotation per problem, the step-summary table, the
 * outputs, the JSON report file and the proof record. Nothing here holds a value; all of it is redacted anyway.
 */
export async function publishReport(report: PreflightReport, proof: ProofRecorder): Promise<string> {
  for (const f of report.findings) {
    const line = `${f.subject} [${f.level}]: ${withRequestId(f)}${f.fix === '' ? '' : `. What to do: ${f.fix}`}`;
    if (!isProblem(f)) log.info(`${VERDICT_MARK[f.category]} ${line}`);
    else if (f.level === 'critical' && f.category !== 'unverified')
      log.error(line, { title: `${f.name}: critical` });
    else log.warn(line, { title: `${f.name}: ${f.category === 'unverified' ? 'not verified' : f.level}` });
    proof.step(`check ${f.subject}`, PROOF_RESULT[f.category], withRequestId(f));
  }

  const problems = report.findings.filter(isProblem);
  const critical = problems.filter((f) => f.level === 'critical' && f.category !== 'unverified').length;
  await writeSummary([
    summaryHeading(`Preflight: secrets and credentials ${report.ok ? '✅' : '❌'}`),
    summaryParagraph(
      problems.length === 0
        ? `All ${report.findings.length} checks passed.`
        : `${problems.length} of ${report.findings.length} checks found a problem (${critical} critical); fail-on: ${report.failOn}.`,
    ),
    summaryTable(
      ['Secret', 'Level', 'Verdict', 'What to do'],
      report.findings.map((f) => [
        f.subject,
        f.level,
        `${VERDICT_MARK[f.category]} ${withRequestId(f)}`,
        f.fix,
      ]),
    ),
  ]);

  // RUNNER_TEMP is shared by every step of the job: a folder of its own keeps another preflight step from
  // overwriting the report this step's `report` output names.
  const base = join(process.env.RUNNER_TEMP || tmpdir(), 'preflight-secrets');
  await mkdir(base, { recursive: true });
  const path = join(await mkdtemp(join(base, 'run-')), 'report.json');
  const { failing: _failing, ...stored } = report;
  await writeFile(path, `${JSON.stringify(redactDeep(stored), null, 2)}\n`);

  core.setOutput('ok', String(report.ok));
  core.setOutput('missing', report.missing.join(','));
  core.setOutput('invalid', report.invalid.join(','));
  core.setOutput('report', path);
  proof.fact('preflight', {
    ok: report.ok,
    failOn: report.failOn,
    missing: report.missing,
    invalid: report.invalid,
  });
  return path;
}
