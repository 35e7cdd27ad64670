import { formatLeaks } from '@deploy-actions/harness';
import type { StepResult } from '@deploy-actions/harness';
import type { StepRun, WorkflowObserver, WorkflowRun } from '../workflow/run-workflow.ts';
import { summaryToText, textTable } from './summary-text.ts';

/** Where the demo writes what it shows: the terminal, or nothing (tests). */
export type Print = (text: string) => void;

/** Outputs too long or too internal to be worth a terminal line (JSON plans, file paths). */
const QUIET_OUTPUTS = new Set([
  'proof-file',
  'report',
  'rollback-plan',
  'machines',
  'manifest',
  'predicate-path',
]);

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function indent(text: string, by = '   '): string {
  return text.replace(/^/gm, by);
}

const OUTCOME_MARK: Record<StepRun['outcome'], string> = {
  success: '✔',
  failure: '✘',
  skipped: '○',
  'not-run': '–',
};

/** One step's header line: position, name, action and how it ended. */
export function stepHeadline(step: StepRun): string {
  const took = step.result === undefined ? '' : ` in ${seconds(step.finishedAt - step.startedAt)}`;
  return `${OUTCOME_MARK[step.outcome]} [${step.index}/${step.total}] ${step.name} (${step.uses}): ${step.outcome}${took}`;
}

/** The step's outputs worth showing, `name=value`. */
function outputLine(result: StepResult): string {
  return Object.entries(result.outputs)
    .filter(([name, value]) => !QUIET_OUTPUTS.has(name) && value !== '')
    .map(([name, value]) => `${name}=${value.length > 80 ? `${value.slice(0, 77)}...` : value}`)
    .join('  ');
}

/** What one step left behind: its annotations, its summary as terminal tables, its outputs, its leak check. */
export function printStepResult(step: StepRun, print: Print): void {
  print(stepHeadline(step));
  if (step.note !== undefined) print(`   (${step.note})`);
  const result = step.result;
  if (result === undefined) return;
  for (const annotation of result.annotations) {
    print(indent(`${annotation.level}: ${annotation.message}`));
  }
  const summary = summaryToText(result.summary);
  if (summary !== '') print(indent(summary));
  const outputs = outputLine(result);
  if (outputs !== '') print(`   outputs: ${outputs}`);
  print(result.leaks.length === 0 ? '   no secret leaked' : indent(formatLeaks(result.leaks)));
}

/**
 * A log line as the progress shows it: `##[debug]` lines and the runner's echo of processed commands (`::add-mask::`,
 * `::group::`, shown with step debug on) left out, a group's title marked, the end of a group dropped.
 */
function progressLine(line: string): string | undefined {
  if (line.startsWith('##[debug]') || line.startsWith('::') || line.startsWith('##[endgroup]'))
    return undefined;
  const group = /^##\[group\](.*)$/.exec(line);
  return group?.[1] === undefined ? line : `▸ ${group[1]}`;
}

/** Shows a run while it goes: each step announced when it starts, its log lines as they come, its result at the end. */
export function progressObserver(print: Print): WorkflowObserver {
  return {
    stepStarted: (step) => print(`▶ [${step.index}/${step.total}] ${step.name} (${step.uses})`),
    stepLog: (_step, line) => {
      const shown = progressLine(line);
      if (shown !== undefined) print(`   │ ${shown}`);
    },
    stepEnded: (step) => printStepResult(step, print),
  };
}

/** The run's conclusion and the outputs its caller receives. */
export function printRunEnd(run: WorkflowRun, print: Print): void {
  const outputs = Object.entries(run.outputs)
    .map(([name, value]) => `${name}=${value === '' ? '(empty)' : value}`)
    .join('  ');
  print(`■ ${run.name}: ${run.conclusion} in ${seconds(run.finishedAt - run.startedAt)}  ${outputs}`);
}

/** One bar of the timeline. */
export interface TimelineEntry {
  label: string;
  outcome: string;
  startedAt: number;
  finishedAt: number;
}

/** The steps of every run as timeline entries (steps that did not run take no time and are left out). */
export function timelineEntries(runs: { title: string; run: WorkflowRun }[]): TimelineEntry[] {
  return runs.flatMap(({ title, run }) =>
    run.steps
      .filter((step) => step.result !== undefined)
      .map((step) => ({
        label: `${title}: ${step.uses.replace(/^\$\//, '')}`,
        outcome: step.outcome,
        startedAt: step.startedAt,
        finishedAt: step.finishedAt,
      })),
  );
}

/** A text Gantt chart: one bar per entry on a common time axis from `origin`. */
export function timelineText(entries: TimelineEntry[], origin: number, width = 40): string {
  const end = Math.max(origin + 1, ...entries.map((e) => e.finishedAt));
  const scale = width / (end - origin);
  const rows = entries.map((entry) => {
    const from = Math.floor((entry.startedAt - origin) * scale);
    const length = Math.max(1, Math.round((entry.finishedAt - entry.startedAt) * scale));
    const bar = ' '.repeat(from) + '█'.repeat(Math.min(length, width - from));
    return [
      entry.label,
      `${seconds(entry.startedAt - origin)}`,
      seconds(entry.finishedAt - entry.startedAt),
      entry.outcome,
      bar.padEnd(width),
    ];
  });
  return textTable(['step', 'start', 'took', 'outcome', `0 → ${seconds(end - origin)}`], rows);
}
