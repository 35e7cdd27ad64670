import { describe, expect, test } from '@jest/globals';
import {
  CHART_MAX_MACHINES,
  chartName,
  rolloutChart,
  rolloutChartMarkdown,
  rolloutChartSections,
} from '../src/rollout-chart.ts';
import type { MachineRole, RolloutSpan, SpanOutcome, SpanPhase } from '../src/rollout-spans.ts';

// 2026-11-27T04:00:00.000Z: the chart's times are these milliseconds since the epoch.
const T0 = 1795752000000;

function span(
  machine: string,
  role: MachineRole,
  phase: SpanPhase,
  from: number,
  to: number,
  outcome: SpanOutcome = 'ok',
): RolloutSpan {
  return {
    machine,
    role,
    phase,
    start: new Date(T0 + from).toISOString(),
    end: new Date(T0 + to).toISOString(),
    outcome,
  };
}

const HEADER = ['gantt', '  dateFormat x', '  axisFormat %H:%M:%S', '  todayMarker off'];
const at = (ms: number): number => T0 + ms;

describe('rolloutChart', () => {
  test('a canary rollout: the canary first, then each machine in the order it was touched', () => {
    const spans = [
      span('c1', 'canary', 'create', 0, 500),
      span('c1', 'canary', 'start', 500, 2000),
      span('c1', 'canary', 'checks', 2000, 5000),
      span('c1', 'canary', 'destroy', 5000, 5200),
      // Given out of order: the chart sorts by time, not by when a span was recorded.
      span('m2', 'machine', 'update', 10_000, 10_300),
      span('m1', 'machine', 'update', 5300, 5600),
      span('m1', 'machine', 'start', 5600, 7000),
      span('m1', 'machine', 'checks', 7000, 10_000),
      span('m2', 'machine', 'start', 10_300, 11_000),
      span('m2', 'machine', 'checks', 11_000, 14_000),
    ];
    expect(rolloutChart(spans)).toEqual({
      gantt: [
        ...HEADER,
        '  section canary c1',
        `  create :done, ${at(0)}, ${at(500)}`,
        `  start :done, ${at(500)}, ${at(2000)}`,
        `  checks :done, ${at(2000)}, ${at(5000)}`,
        `  destroy :done, ${at(5000)}, ${at(5200)}`,
        '  section machine m1',
        `  update :done, ${at(5300)}, ${at(5600)}`,
        `  start :done, ${at(5600)}, ${at(7000)}`,
        `  checks :done, ${at(7000)}, ${at(10_000)}`,
        '  section machine m2',
        `  update :done, ${at(10_000)}, ${at(10_300)}`,
        `  start :done, ${at(10_300)}, ${at(11_000)}`,
        `  checks :done, ${at(11_000)}, ${at(14_000)}`,
      ].join('\n'),
    });
  });

  test('a crash-loop revert: the failed checks crit, the sibling stopped, the revert highlighted', () => {
    const spans = [
      span('m1', 'machine', 'update', 0, 200),
      span('m1', 'machine', 'start', 200, 900),
      span('m1', 'machine', 'checks', 900, 2500, 'failed'),
      span('m2', 'machine', 'update', 0, 250),
      span('m2', 'machine', 'start', 250, 2500, 'stopped'),
      span('m1', 'machine', 'restore', 2600, 6000),
      span('m2', 'machine', 'restore', 2600, 7000, 'failed'),
    ];
    expect(rolloutChart(spans).gantt).toBe(
      [
        ...HEADER,
        '  section machine m1',
        `  update :done, ${at(0)}, ${at(200)}`,
        `  start :done, ${at(200)}, ${at(900)}`,
        `  checks (failed) :crit, ${at(900)}, ${at(2500)}`,
        `  revert :active, ${at(2600)}, ${at(6000)}`,
        '  section machine m2',
        `  update :done, ${at(0)}, ${at(250)}`,
        `  start (stopped) :${at(250)}, ${at(2500)}`,
        `  revert (failed) :active, crit, ${at(2600)}, ${at(7000)}`,
      ].join('\n'),
    );
  });

  test('a bluegreen rollout: green machines created and checked, then the blue ones destroyed', () => {
    const spans = [
      span('g1', 'green', 'create', 0, 400),
      span('g2', 'green', 'create', 400, 800),
      span('g1', 'green', 'start', 800, 1500),
      span('g2', 'green', 'start', 800, 1600),
      span('g1', 'green', 'checks', 1500, 4000),
      span('g2', 'green', 'checks', 1600, 4100),
      span('b1', 'machine', 'destroy', 4200, 4600),
      span('b2', 'machine', 'destroy', 4600, 5000),
    ];
    expect(rolloutChart(spans).gantt).toBe(
      [
        ...HEADER,
        '  section green g1',
        `  create :done, ${at(0)}, ${at(400)}`,
        `  start :done, ${at(800)}, ${at(1500)}`,
        `  checks :done, ${at(1500)}, ${at(4000)}`,
        '  section green g2',
        `  create :done, ${at(400)}, ${at(800)}`,
        `  start :done, ${at(800)}, ${at(1600)}`,
        `  checks :done, ${at(1600)}, ${at(4100)}`,
        '  section machine b1',
        `  destroy :done, ${at(4200)}, ${at(4600)}`,
        '  section machine b2',
        `  destroy :done, ${at(4600)}, ${at(5000)}`,
      ].join('\n'),
    );
  });

  test('no span: no chart, a sentence saying so', () => {
    expect(rolloutChart([])).toEqual({ note: 'No machine was changed, so there is no timeline chart.' });
    expect(rolloutChartMarkdown([])).toBe('No machine was changed, so there is no timeline chart.');
    expect(rolloutChartSections([])).toEqual([
      { kind: 'paragraph', text: 'No machine was changed, so there is no timeline chart.' },
    ]);
  });

  test('hostile machine ids cannot end the fence, start a statement, or carry markup', () => {
    const hostile = [
      'a`\n```\n<img src=x onerror=alert(1)>',
      'b; click task1 call alert(1) %%{init: {"securityLevel": "loose"}}%%',
      'c: section evil # comment\r\ntitle pwned',
      '[link](javascript:alert(1)) **bold** &amp; \u202e',
      'd'.repeat(500),
    ];
    const spans = hostile.map((id, i) => span(id, 'machine', 'update', i * 100, i * 100 + 50));
    const markdown = rolloutChartMarkdown(spans);
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('```mermaid');
    expect(lines.at(-1)).toBe('```');
    const body = lines.slice(1, -1);
    expect(body.slice(0, 4)).toEqual(HEADER);
    // Every other line is a section of safe characters or one of our own rows.
    for (const line of body.slice(4)) {
      expect(line).toMatch(/^ {2}(section [A-Za-z0-9 ._/@+=-]{1,40}|update :done, \d{13}, \d{13})$/);
    }
    expect(body.filter((l) => l.startsWith('  section '))).toEqual([
      '  section machine a_______img src=x onerror=ale...',
      '  section machine b_ click task1 call alert_1_ ...',
      '  section machine c_ section evil _ comment__ti...',
      '  section machine _link__javascript_alert_1__ _...',
      `  section machine ${'d'.repeat(29)}...`,
    ]);
  });

  test('chartName keeps ids and names as they are when they are plain', () => {
    expect(chartName('machine 148e274c09d089')).toBe('machine 148e274c09d089');
    expect(chartName('registry.fly.io/acme-web:v2')).toBe('registry.fly.io/acme-web_v2');
    expect(chartName('  ')).toBe('_');
  });

  test(`at most ${CHART_MAX_MACHINES} machines and a bounded number of rows each; the note counts the rest`, () => {
    const many = Array.from({ length: CHART_MAX_MACHINES + 3 }, (_, i) =>
      span(`m${String(i).padStart(2, '0')}`, 'machine', 'update', i * 10, i * 10 + 5),
    );
    const busy = Array.from({ length: 10 }, (_, i) => span('m00', 'machine', 'checks', 1000 + i, 1001 + i));
    const chart = rolloutChart([...many, ...busy]);
    const sections = chart.gantt?.split('\n').filter((l) => l.startsWith('  section ')) ?? [];
    expect(sections).toHaveLength(CHART_MAX_MACHINES);
    expect(sections.at(-1)).toBe(`  section machine m${CHART_MAX_MACHINES - 1}`);
    expect(chart.gantt?.split('\n').filter((l) => l.startsWith('  checks'))).toHaveLength(7);
    expect(chart.note).toBe(
      `The chart shows the first ${CHART_MAX_MACHINES} of ${CHART_MAX_MACHINES + 3} machines and the first 8 steps of each machine; the tables list every machine.`,
    );
  });

  test('a span whose times cannot be read is left out; an end before its start is drawn at its start', () => {
    const chart = rolloutChart([
      { ...span('m1', 'machine', 'update', 0, 100), end: 'not a time' },
      span('m2', 'machine', 'update', 500, 100),
    ]);
    expect(chart.gantt).toBe(
      [...HEADER, '  section machine m2', `  update :done, ${at(500)}, ${at(500)}`].join('\n'),
    );
  });
});

describe('rolloutChartSections', () => {
  test('the diagram as a mermaid section, with the note as a paragraph when there is one', () => {
    const sections = rolloutChartSections([span('m1', 'machine', 'update', 0, 10)]);
    expect(sections).toEqual([
      {
        kind: 'mermaid',
        text: [...HEADER, '  section machine m1', `  update :done, ${at(0)}, ${at(10)}`].join('\n'),
      },
    ]);
  });
});
