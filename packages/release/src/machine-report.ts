import {
  summaryHeading,
  summaryTable,
  type ProofRecorder,
  type ProofStepResult,
  type SummaryCell,
  type SummarySection,
} from '@deploy-actions/core';
import type { MachineOutcome } from './rollout.ts';
import type { TimelineEntry } from './rollout-timeline.ts';

/** What a deploy and a rollback both tell of each machine they touched. */
export type MachineReportRow = Pick<
  MachineOutcome,
  'id' | 'region' | 'processGroup' | 'fromImage' | 'toImage' | 'result'
>;

/**
 * The step-summary table of the machines, one row each; `last` is the one column the caller adds after `Result`
 * (fly-deploy's seconds, rollback-on-failure's detail).
 */
export function machineTable<M extends MachineReportRow>(
  machines: readonly M[],
  last: { heading: string; cell: (machine: M) => SummaryCell },
): SummarySection {
  return summaryTable(
    ['Machine', 'Region', 'Process group', 'From image', 'To image', 'Result', last.heading],
    machines.map((m) => [m.id, m.region, m.processGroup, m.fromImage, m.toImage, m.result, last.cell(m)]),
  );
}

/** A machine as the `machines` output lists it; the caller adds its own keys after these. */
export function machineOutput(machine: MachineReportRow): MachineReportRow {
  return {
    id: machine.id,
    region: machine.region,
    processGroup: machine.processGroup,
    fromImage: machine.fromImage,
    toImage: machine.toImage,
    result: machine.result,
  };
}

/** The summary's closing `Timeline` heading and table. */
export function timelineSections(timeline: readonly TimelineEntry[]): SummarySection[] {
  return [
    summaryHeading('Timeline', 3),
    summaryTable(
      ['Time', 'Step'],
      timeline.map((t) => [t.at, t.what]),
    ),
  ];
}

/**
 * Records every timeline step, then one step per machine (`machine <id>`, `<from> → <to>: <result>`) with the
 * outcome the caller reads from the machine's result.
 */
export function recordMachineSteps<M extends MachineReportRow>(
  proof: Pick<ProofRecorder, 'step'>,
  timeline: readonly TimelineEntry[],
  machines: readonly M[],
  outcome: (machine: M) => ProofStepResult,
): void {
  for (const t of timeline) proof.step(t.what, 'info');
  for (const m of machines)
    proof.step(`machine ${m.id}`, outcome(m), `${m.fromImage} → ${m.toImage}: ${m.result}`);
}
