import { describe, expect, test } from '@jest/globals';
import type { ProofStepResult } from '@deploy-actions/core';
import { machineOutput, machineTable, recordMachineSteps, timelineSections } from '../src/index.ts';

const machines = [
  {
    id: 'm1',
    region: 'ams',
    processGroup: 'app',
    fromImage: 'img:1',
    toImage: 'img:2',
    result: 'updated',
    seconds: 12,
    replacedBy: 'm9',
  },
  {
    id: 'm2',
    region: 'fra',
    processGroup: 'worker',
    fromImage: 'img:1',
    toImage: 'img:2',
    result: 'failed',
    seconds: 3,
  },
];

describe('machineTable', () => {
  test('one row per machine, the caller-given column last', () => {
    expect(machineTable(machines, { heading: 'Seconds', cell: (m) => m.seconds })).toEqual({
      kind: 'table',
      headers: ['Machine', 'Region', 'Process group', 'From image', 'To image', 'Result', 'Seconds'],
      rows: [
        ['m1', 'ams', 'app', 'img:1', 'img:2', 'updated', 12],
        ['m2', 'fra', 'worker', 'img:1', 'img:2', 'failed', 3],
      ],
    });
  });
});

describe('machineOutput', () => {
  test('keeps only the shared keys, in the order the outputs list them', () => {
    const machine = machines[0]!;
    const out = machineOutput(machine);
    const { seconds, replacedBy, ...shared } = machine;
    expect([seconds, replacedBy]).toEqual([12, 'm9']);
    expect(out).toEqual(shared);
    expect(Object.keys(out)).toEqual(['id', 'region', 'processGroup', 'fromImage', 'toImage', 'result']);
  });
});

describe('timelineSections', () => {
  test('a level-3 heading, then a row per step', () => {
    expect(timelineSections([{ at: '10:00', what: 'leased' }])).toEqual([
      { kind: 'heading', text: 'Timeline', level: 3 },
      { kind: 'table', headers: ['Time', 'Step'], rows: [['10:00', 'leased']] },
    ]);
  });
});

describe('recordMachineSteps', () => {
  test('every timeline step as info, then each machine with the outcome the caller reads', () => {
    const steps: [string, ProofStepResult, string | undefined][] = [];
    recordMachineSteps(
      { step: (what, result, detail) => steps.push([what, result, detail]) },
      [{ at: '10:00', what: 'leased' }],
      machines,
      (m) => (m.result === 'failed' ? 'failed' : 'ok'),
    );
    expect(steps).toEqual([
      ['leased', 'info', undefined],
      ['machine m1', 'ok', 'img:1 → img:2: updated'],
      ['machine m2', 'failed', 'img:1 → img:2: failed'],
    ]);
  });
});
