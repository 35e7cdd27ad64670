import { readFile } from 'node:fs/promises';
import { startFlyEmulator, type EmulatorConfigInput } from '@deploy-actions/fly-emulator';
import { cleanupStep, formatLeaks, runStep } from '@deploy-actions/harness';
import { DEMO_SCENARIOS, DEMO_SECRETS, type DemoScenario } from './scenarios.ts';

/** How one scenario ended. */
export interface DemoResult {
  scenario: DemoScenario;
  exitCode: number | null;
  outputs: Record<string, string>;
  /** The masked log, as the runner would show it. */
  log: string;
  /** The step summary as plain text. */
  summary: string;
  /** Leaks the harness found (always expected to be none). */
  leaks: string;
  /** The exit code was the expected one and nothing leaked. */
  asExpected: boolean;
}

/** Turns the summary's HTML into lines a terminal can show. */
function summaryText(html: string): string {
  return html
    .replace(/<\/(h\d|p|tr)>/g, '\n')
    .replace(/<\/t[hd]>/g, ' | ')
    .replace(/<br>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

/**
 * Starts the embedded Fly emulator from `demo/emulator.json` and runs every scenario's committed bundle through the
 * runner-faithful harness, as a workflow would. No Fly account, no network beyond loopback.
 */
export async function runDemo(onResult: (result: DemoResult) => void = () => {}): Promise<DemoResult[]> {
  const config = JSON.parse(
    await readFile(new URL('./emulator.json', import.meta.url), 'utf8'),
  ) as EmulatorConfigInput;
  const fly = await startFlyEmulator(config);
  const results: DemoResult[] = [];
  try {
    for (const scenario of DEMO_SCENARIOS) {
      const step = await runStep({
        ...scenario.step,
        inputs: { 'api-url': fly.apiUrl, ...scenario.step.inputs },
        secrets: DEMO_SECRETS,
      });
      const result: DemoResult = {
        scenario,
        exitCode: step.exitCode,
        outputs: step.outputs,
        log: step.log,
        summary: summaryText(step.summary),
        leaks: step.leaks.length === 0 ? '' : formatLeaks(step.leaks),
        asExpected: step.exitCode === scenario.expectExit && step.leaks.length === 0,
      };
      await cleanupStep(step);
      results.push(result);
      onResult(result);
    }
  } finally {
    await fly.close();
  }
  return results;
}

function print(result: DemoResult): void {
  const { scenario } = result;
  console.log(
    `\n━━ ${scenario.title}${scenario.replays === undefined ? '' : `  (replays ${scenario.replays})`}`,
  );
  console.log(result.summary.replace(/^/gm, '   '));
  const outputs = Object.entries(result.outputs)
    .filter(([name]) => name !== 'proof-file' && name !== 'report')
    .map(([name, value]) => `${name}=${value}`)
    .join('  ');
  console.log(`   exit ${result.exitCode}  ${outputs}`);
  console.log(
    `   ${result.asExpected ? '✔ as expected' : `✘ expected exit ${scenario.expectExit}`}${result.leaks === '' ? ', no secret leaked' : `\n${result.leaks}`}`,
  );
}

if (import.meta.main) {
  console.log(
    'deploy-actions demo: the committed bundles, run as the Actions runner runs them, against a local Fly.',
  );
  const results = await runDemo(print);
  const failed = results.filter((r) => !r.asExpected).length;
  console.log(`\n${results.length - failed} of ${results.length} scenarios ended as expected.`);
  process.exitCode = failed === 0 ? 0 : 1;
}
