import { summaryMermaid, summaryParagraph, type SummarySection } from './summary.ts';
import type { MachineRole, RolloutSpan, SpanPhase } from './rollout-spans.ts';

/**
 * Machines the chart shows at most. Each machine is a section of up to a few rows (update, start, checks, revert),
 * so twelve keep the chart under about fifty rows, still readable in a step summary; the others are counted under
 * it and every machine stays in the tables.
 */
export const CHART_MAX_MACHINES = 12;
/** Rows of one machine at most; more only comes from a machine changed over and over. */
export const CHART_MAX_SPANS_PER_MACHINE = 8;
/** Characters of a section name at most (a machine id is 14). */
const MAX_NAME = 40;

const ROLE_NAME: Record<MachineRole, string> = {
  machine: 'machine',
  canary: 'canary',
  green: 'green',
  new: 'new machine',
  replacement: 'replacement',
  'release-command': 'release command',
  temporary: 'temporary',
};

// Fixed task names: none begins with a word Mermaid's gantt lexer reads as a statement (`click`, `call`, `href`,
// `title`, `section`, `dateFormat`, …, mermaid-js/mermaid `packages/mermaid/src/diagrams/gantt/parser/gantt.jison`).
const PHASE_NAME: Record<SpanPhase, string> = {
  update: 'update',
  start: 'start',
  checks: 'checks',
  restore: 'revert',
  'release-command': 'run',
  create: 'create',
  destroy: 'destroy',
};

/**
 * Text safe in a gantt section name and in the markdown around the block: the gantt lexer ends a section name at
 * `#`, `:`, `;` or a line break and skips `%%` comments; a backtick could close the fence and `<`, `&` or `*`
 * carry markup. Everything outside a small ASCII set becomes `_`, so a hostile machine id can neither break the
 * block nor smuggle markdown or HTML, and it is cut to {@link MAX_NAME} characters.
 */
export function chartName(text: string): string {
  const safe = text
    .replace(/[^A-Za-z0-9 ._/@+=-]/g, '_')
    .replace(/ +/g, ' ')
    .trim();
  if (safe === '') return '_';
  return safe.length > MAX_NAME ? `${safe.slice(0, MAX_NAME - 3)}...` : safe;
}

/** Tags of a row: failed spans `crit`, the revert `active` (highlighted), everything that passed `done`. */
function tagsOf(span: RolloutSpan): string[] {
  const tags: string[] = [];
  if (span.phase === 'restore') tags.push('active');
  else if (span.outcome === 'ok') tags.push('done');
  if (span.outcome === 'failed') tags.push('crit');
  return tags;
}

function taskName(span: RolloutSpan): string {
  const name = PHASE_NAME[span.phase];
  return span.outcome === 'ok' ? name : `${name} (${span.outcome})`;
}

interface MachineRows {
  machine: string;
  role: MachineRole;
  spans: { span: RolloutSpan; start: number; end: number }[];
}

/** Spans grouped per machine, machines in the order they first appear in time, each machine's spans in time order. */
function machineRows(spans: readonly RolloutSpan[]): MachineRows[] {
  const byMachine = new Map<string, MachineRows>();
  for (const span of spans) {
    const start = Date.parse(span.start);
    const end = Date.parse(span.end);
    // A span that cannot be placed on the axis is left out rather than drawn somewhere wrong.
    if (!Number.isFinite(start) || !Number.isFinite(end)) continue;
    let rows = byMachine.get(span.machine);
    if (rows === undefined) {
      rows = { machine: span.machine, role: span.role, spans: [] };
      byMachine.set(span.machine, rows);
    }
    rows.spans.push({ span, start, end: Math.max(start, end) });
  }
  for (const rows of byMachine.values()) rows.spans.sort((a, b) => a.start - b.start);
  return [...byMachine.values()].sort((a, b) => (a.spans[0]?.start ?? 0) - (b.spans[0]?.start ?? 0));
}

/** The rollout chart: the gantt text (without its fence), or undefined with no span, and what it left out. */
export interface RolloutChart {
  gantt?: string;
  /** A sentence for under the chart: what it left out, or why there is no chart. */
  note?: string;
}

/**
 * Draws a rollout's spans as a Mermaid gantt chart: a section per machine (its role and id), a row per span,
 * failed rows `crit`, revert rows `active`, times as Unix milliseconds on an `%H:%M:%S` axis. `dateFormat x` is in
 * Mermaid's gantt syntax table; Mermaid reads each date with `dayjs(text, dateFormat, true)` (mermaid-js/mermaid
 * `packages/mermaid/src/diagrams/gantt/ganttDb.ts`), and day.js's customParseFormat turns `x` into
 * `new Date(ms)` (iamkun/dayjs `src/plugin/customParseFormat`), so whole milliseconds survive the strict check. Only structured spans come in: the one free text, the
 * machine id, goes through {@link chartName}. At most {@link CHART_MAX_MACHINES} machines and
 * {@link CHART_MAX_SPANS_PER_MACHINE} rows each; the note counts what was left out.
 */
export function rolloutChart(spans: readonly RolloutSpan[]): RolloutChart {
  const machines = machineRows(spans);
  if (machines.length === 0) return { note: 'No machine was changed, so there is no timeline chart.' };
  const lines = ['gantt', '  dateFormat x', '  axisFormat %H:%M:%S', '  todayMarker off'];
  let rowsLeftOut = 0;
  for (const rows of machines.slice(0, CHART_MAX_MACHINES)) {
    lines.push(`  section ${chartName(`${ROLE_NAME[rows.role]} ${rows.machine}`)}`);
    for (const { span, start, end } of rows.spans.slice(0, CHART_MAX_SPANS_PER_MACHINE)) {
      lines.push(`  ${taskName(span)} :${[...tagsOf(span), String(start), String(end)].join(', ')}`);
    }
    rowsLeftOut += Math.max(0, rows.spans.length - CHART_MAX_SPANS_PER_MACHINE);
  }
  const left: string[] = [];
  const machinesLeftOut = machines.length - CHART_MAX_MACHINES;
  if (machinesLeftOut > 0) {
    left.push(`the first ${CHART_MAX_MACHINES} of ${machines.length} machines`);
  }
  if (rowsLeftOut > 0) left.push(`the first ${CHART_MAX_SPANS_PER_MACHINE} steps of each machine`);
  return {
    gantt: lines.join('\n'),
    ...(left.length === 0
      ? {}
      : { note: `The chart shows ${left.join(' and ')}; the tables list every machine.` }),
  };
}

/** The chart as markdown: a fenced `mermaid` block and its note, or the sentence saying there is no chart. */
export function rolloutChartMarkdown(spans: readonly RolloutSpan[]): string {
  const chart = rolloutChart(spans);
  const parts = chart.gantt === undefined ? [] : ['```mermaid', chart.gantt, '```'];
  if (chart.note !== undefined) parts.push(...(parts.length > 0 ? [''] : []), chart.note);
  return parts.join('\n');
}

/** The chart as step-summary sections: the diagram and its note, or the sentence saying there is no chart. */
export function rolloutChartSections(spans: readonly RolloutSpan[]): SummarySection[] {
  const chart = rolloutChart(spans);
  return [
    ...(chart.gantt === undefined ? [] : [summaryMermaid(chart.gantt)]),
    ...(chart.note === undefined ? [] : [summaryParagraph(chart.note)]),
  ];
}
