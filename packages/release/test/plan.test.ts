import { describe, expect, test } from '@jest/globals';
import type { FlyMachine } from '@deploy-actions/core';
import { batchSize, planImmediate, planRolling, selectTargets } from '../src/index.ts';

function machine(
  id: string,
  group: string,
  region: string,
  state = 'started',
  extra: Record<string, string> = {},
): FlyMachine {
  return {
    id,
    state,
    region,
    version: `v-${id}`,
    config: { image: 'img:1', metadata: { fly_process_group: group, ...extra } },
  };
}

describe('selectTargets', () => {
  const machines = [
    machine('w2', 'worker', 'fra'),
    machine('a1', 'app', 'ams'),
    machine('rc', 'fly_app_release_command', 'ams'),
    machine('con', 'fly_app_console', 'ams'),
    machine('tmp', 'app', 'ams', 'started', { deploy_actions_temporary: 'canary' }),
    machine('gone', 'app', 'ams', 'destroyed'),
    machine('a2', 'app', 'syd'),
    machine('w1', 'worker', 'ams'),
  ];

  test('skips release-command, console, temporary and destroyed machines, sorted by group, region, id', () => {
    const { targets, skipped } = selectTargets(machines, { processGroups: [], regions: [] });
    expect(targets.map((m) => m.id)).toEqual(['a1', 'a2', 'w1', 'w2']);
    expect(Object.fromEntries(skipped.map((s) => [s.machine.id, s.reason]))).toEqual({
      rc: 'runs a release command',
      con: 'is a console machine',
      tmp: 'is a temporary canary machine of an earlier deploy',
      gone: 'is destroyed',
    });
  });

  test('applies the process-group and region filters', () => {
    const { targets } = selectTargets(machines, {
      processGroups: ['app', 'worker'],
      regions: ['ams', 'fra'],
    });
    expect(targets.map((m) => m.id)).toEqual(['a1', 'w1', 'w2']);
    expect(
      selectTargets(machines, { processGroups: ['worker'], regions: [] }).targets.map((m) => m.id),
    ).toEqual(['w1', 'w2']);
  });

  test('a machine without a process group is in `app`, as Fly treats it', () => {
    const bare = { id: 'b', state: 'started', config: { image: 'x' } } as FlyMachine;
    expect(selectTargets([bare], { processGroups: ['app'], regions: [] }).targets).toHaveLength(1);
  });
});

describe('planRolling', () => {
  test('spearhead alone, then batches of max-unavailable per group, then stopped machines without launch', () => {
    const targets = [
      machine('a1', 'app', 'ams'),
      machine('a2', 'app', 'ams'),
      machine('a3', 'app', 'fra'),
      machine('a4', 'app', 'fra'),
      machine('a5', 'app', 'fra', 'stopped'),
      machine('w1', 'worker', 'ams'),
      machine('w2', 'worker', 'ams'),
    ];
    const plan = planRolling(targets, { kind: 'fraction', value: 0.5 });
    expect(plan.waves.map((w) => [w.label, w.machines.map((m) => m.id), w.launch])).toEqual([
      ['spearhead', ['a1'], true],
      ['app 1/2', ['a2', 'a3'], true],
      ['app 2/2', ['a4'], true],
      ['worker 1/2', ['w1'], true],
      ['worker 2/2', ['w2'], true],
      ['stopped', ['a5'], false],
    ]);
  });

  test('a count is a count; a fraction is rounded up; never less than one', () => {
    expect(batchSize(10, { kind: 'count', value: 3 })).toBe(3);
    expect(batchSize(10, { kind: 'fraction', value: 0.33 })).toBe(4);
    expect(batchSize(2, { kind: 'fraction', value: 0.01 })).toBe(1);
    expect(batchSize(2, { kind: 'count', value: 5 })).toBe(2);
  });

  test('every target is in exactly one wave', () => {
    const targets = Array.from({ length: 9 }, (_, i) =>
      machine(`m${i}`, i % 2 === 0 ? 'app' : 'worker', 'ams', i === 4 ? 'stopped' : 'started'),
    );
    const ids = planRolling(targets, { kind: 'count', value: 2 }).waves.flatMap((w) =>
      w.machines.map((m) => m.id),
    );
    expect(ids.sort()).toEqual(targets.map((m) => m.id).sort());
  });
});

describe('planImmediate', () => {
  test('all started machines at once, stopped ones without launch', () => {
    const plan = planImmediate([
      machine('a', 'app', 'ams'),
      machine('b', 'worker', 'ams'),
      machine('c', 'app', 'ams', 'stopped'),
    ]);
    expect(plan.waves.map((w) => [w.label, w.machines.map((m) => m.id), w.launch])).toEqual([
      ['all', ['a', 'b'], true],
      ['stopped', ['c'], false],
    ]);
  });
});
