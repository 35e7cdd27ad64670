import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Checks } from './checks.ts';
import { emulatorTarget, liveTarget, LIVE_ENVIRONMENT } from './fly-target.ts';
import type { FlyTarget } from './fly-target.ts';
import { runPipeline } from './pipeline.ts';
import { INCIDENTS, runIncident } from './incidents.ts';
import { startStandIns } from './stand-ins.ts';
import { timelineEntries, timelineText } from './terminal/report.ts';
import type { Print } from './terminal/report.ts';
import type { WorkflowRun } from './workflow/run-workflow.ts';

/** How a demo run ended. */
export interface DemoOutcome {
  checks: Checks;
  runs: { title: string; run: WorkflowRun }[];
  /** Folders the downloaded proof bundles were unpacked into. */
  proofPaths: string[];
  elapsedMs: number;
  /** Where the downloaded proofs are kept. */
  outputDir: string;
}

/** What to run: the main pipeline, or one incident of the scenarios; on the emulator or a live Fly app. */
export interface DemoRequest {
  scenario?: number;
  live?: boolean;
}

/**
 * Starts the Fly target (the embedded emulator, or the live app from the environment), the artifact stand-ins and
 * the GitHub API stand-in, runs the pipeline or one incident, and prints a timeline of every step.
 */
export async function runDemo(request: DemoRequest, print: Print): Promise<DemoOutcome> {
  const started = Date.now();
  const fly: FlyTarget = request.live === true ? liveTarget() : await emulatorTarget();
  const services = await startStandIns(fly);
  try {
    const result =
      request.scenario === undefined
        ? await runPipeline(services, print)
        : await runIncident(request.scenario, services, print);
    print('\n━━ Timeline of the whole run');
    print(timelineText(timelineEntries(result.runs), started));
    const proofPaths = result.proofs.map((proof) => proof.path);
    for (const proofPath of proofPaths) print(`proof bundle (downloaded, verified): ${proofPath}`);
    // The jobs' RUNNER_TEMP and workspace: their proofs were uploaded, and the downloaded copies are kept.
    await Promise.all(result.runs.map(({ run }) => rm(run.rootDir, { recursive: true, force: true })));
    return {
      checks: result.checks,
      runs: result.runs,
      proofPaths,
      elapsedMs: Date.now() - started,
      outputDir: services.outputDir,
    };
  } finally {
    await services.close();
  }
}

const HELP = `npm run demo [-- --scenario <1..${INCIDENTS.length}>]

Runs .github/workflows/fly-deploy.yml step by step (the committed action bundles, under Node 24, as the Actions
runner runs them) against a local Fly Machines API emulator, a local artifact store and a local GitHub API: no
account anywhere. Without --scenario: preflight and evidence, deploy v2 (canary) and its health gate, deploy v3
(crashes on start: reverted), the proofs uploaded, downloaded back and verified.

  --scenario <n>  replay one incident of the project's story instead:
${INCIDENTS.map((incident, i) => `                  ${i + 1}  ${incident.title}`).join('\n')}
  --live          the same pipeline against a real Fly app (npm run live-contract); reads
${Object.entries(LIVE_ENVIRONMENT)
  .map(([name, what]) => `                  ${name}: ${what}`)
  .join('\n')}
                  and FLY_LIVE_HEALTH_URL (default https://<app>.fly.dev/)
  --help          this text`;

/** The request the command line makes, or the problems with it (every one named with what is allowed). */
export function parseDemoArgs(
  args: string[],
): { request: DemoRequest; help: boolean } | { problems: string[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { scenario: { type: 'string' }, live: { type: 'boolean' }, help: { type: 'boolean' } },
      strict: true,
    });
  } catch (error) {
    return {
      problems: [`${(error as Error).message}; allowed: --scenario <1..${INCIDENTS.length}>, --live, --help`],
    };
  }
  const { scenario, live, help } = parsed.values;
  const problems: string[] = [];
  const number = scenario === undefined ? undefined : Number(scenario);
  if (scenario !== undefined && !(Number.isInteger(number) && number! >= 1 && number! <= INCIDENTS.length)) {
    problems.push(
      `--scenario ${JSON.stringify(scenario)} is not a scenario; allowed: 1 to ${INCIDENTS.length}`,
    );
  }
  if (live === true && scenario !== undefined) {
    problems.push(
      '--live runs the main pipeline only (the incidents need the emulator); allowed: --live or --scenario',
    );
  }
  if (problems.length > 0) return { problems };
  return {
    request: { ...(number === undefined ? {} : { scenario: number }), ...(live === true ? { live } : {}) },
    help: help === true,
  };
}

if (import.meta.main) {
  const parsed = parseDemoArgs(process.argv.slice(2));
  if ('problems' in parsed) {
    for (const problem of parsed.problems) console.error(`demo: ${problem}`);
    console.error(`\n${HELP}`);
    process.exit(2);
  }
  if (parsed.help) {
    console.log(HELP);
    process.exit(0);
  }
  console.log('deploy-actions demo: the committed bundles, run as the Actions runner runs them.\n');
  const outcome = await runDemo(parsed.request, (text) => console.log(text));
  const failed = outcome.checks.failed();
  console.log(
    `\n${outcome.checks.list.length - failed.length} of ${outcome.checks.list.length} expected outcomes held; ` +
      `elapsed ${(outcome.elapsedMs / 1000).toFixed(1)} s.`,
  );
  for (const check of failed)
    console.log(`  ✘ ${check.what}: expected ${check.expected}, got ${check.actual}`);
  process.exitCode = failed.length === 0 ? 0 : 1;
}
