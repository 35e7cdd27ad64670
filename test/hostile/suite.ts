// The hostile suite's case format and shared assertions. Each action adds `test/hostile/<action>.cases.ts` whose
// default export is a `HostileSuite`; `hostile.test.ts` finds every such file and runs its cases on the committed
// bundle through the harness, concurrently.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@jest/globals';
import type { EmulatorConfigInput, FaultInput, FlyEmulator } from '@deploy-actions/fly-emulator';
import {
  cleanupStep,
  formatLeaks,
  runStep,
  type RuntimeServices,
  type StepResult,
} from '@deploy-actions/harness';
import type { HostileServer } from './servers.ts';

/** What a case's inputs may refer to: the URL of its hostile server and of the suite's emulator. */
export interface CaseUrls {
  /** The case's own server (`server` below), when it has one. */
  server: string;
  /** The suite's emulator, when the suite has one. */
  emulator: string;
}

/** The three kinds the issue counts: a secret in some shape, a bad input, an API or network fault. */
export type CaseKind = 'leak' | 'input' | 'fault';

/** One hostile case: what to run, and what must hold besides the shared assertions. */
export interface HostileCase {
  kind: CaseKind;
  /** Unique within the suite; says what is hostile about it. */
  name: string;
  /** The step's `with:`, laid over the suite's `baseInputs`; a function gets the URLs. */
  inputs?: Record<string, string> | ((urls: CaseUrls) => Record<string, string>);
  /** The step's `env:`. */
  env?: Record<string, string>;
  /** Context values a step's `env:` cannot change (`GITHUB_API_URL`), e.g. pointing at the case's server. */
  runner?: (urls: CaseUrls) => Record<string, string>;
  /** The Actions runtime services the step sees (`ACTIONS_RESULTS_URL`, the runtime token), e.g. a dead one. */
  runtime?: Partial<RuntimeServices>;
  /** Values a workflow passes from `secrets.*`: the runner masks them whole before the step starts. */
  workflowSecrets?: string[];
  /** More values that must never show up anywhere (pieces of secrets the runner is not told about). */
  secrets?: string[];
  /** Starts the server this case talks to (closed after the case). */
  server?: () => Promise<HostileServer>;
  /**
   * Prepares the step's workspace (a fresh folder, removed after the case) with the files the action reads, such
   * as a manifest or downloaded artifacts; inputs name them relative to it.
   */
  workspace?: (dir: string) => Promise<void>;
  /** Emulator faults armed for this case; give them a path only this case calls (its own app name). */
  faults?: FaultInput[];
  /** The expected exit code. */
  exitCode: 0 | 1;
  /** What the log (annotations included) must say: it names the input or the cause. */
  message: RegExp;
  /** Outputs that must have these values. */
  outputs?: Record<string, string | RegExp>;
  /** Values that must be registered with the runner's masker after the step (masking gaps). */
  masked?: string[];
  /** Values that must not be registered: structural text such as `{`. */
  notMasked?: string[];
  /** The bound on time: the harness cancels the step after this (default 25 s) and the case fails. */
  timeoutMs?: number;
}

/** One action's hostile cases. */
export interface HostileSuite {
  /** The action folder at the repository root. */
  action: string;
  /** Inputs every case gets unless it sets them. */
  baseInputs?: Record<string, string> | ((urls: CaseUrls) => Record<string, string>);
  /** Start one emulator for the suite with this config; its URL is `urls.emulator`. */
  emulator?: EmulatorConfigInput;
  /** The action never changes anything on Fly: after the suite, the emulator must have seen only reads. */
  readOnly?: boolean;
  cases: HostileCase[];
}

/** A line of a stack trace: `    at fn (file.js:1:2)` or `    at file.js:1:2`. */
const STACK_LINE = /^\s*at .+:\d+:\d+\)?\s*$/m;

/** Runs one case and checks everything a hostile case promises; returns the step's result for more checks. */
export async function runHostileCase(
  suite: HostileSuite,
  testCase: HostileCase,
  fly: { emulator?: FlyEmulator },
): Promise<StepResult> {
  const server = await testCase.server?.();
  const workspace =
    testCase.workspace === undefined
      ? undefined
      : await mkdtemp(path.join(os.tmpdir(), 'hostile-workspace-'));
  if (workspace !== undefined) await testCase.workspace?.(workspace);
  for (const fault of testCase.faults ?? []) fly.emulator?.inject(fault);
  const urls: CaseUrls = { server: server?.url ?? '', emulator: fly.emulator?.apiUrl ?? '' };
  const resolve = (
    inputs: Record<string, string> | ((u: CaseUrls) => Record<string, string>) | undefined,
  ): Record<string, string> => (typeof inputs === 'function' ? inputs(urls) : (inputs ?? {}));
  let result: StepResult | undefined;
  try {
    result = await runStep({
      action: suite.action,
      inputs: { ...resolve(suite.baseInputs), ...resolve(testCase.inputs) },
      env: testCase.env ?? {},
      ...(testCase.runner === undefined ? {} : { runner: testCase.runner(urls) }),
      ...(testCase.runtime === undefined ? {} : { runtime: testCase.runtime }),
      workflowSecrets: testCase.workflowSecrets ?? [],
      secrets: testCase.secrets ?? [],
      timeoutMs: testCase.timeoutMs ?? 25_000,
      ...(workspace === undefined ? {} : { workspace }),
    });
    expectHostileCaseHeld(testCase, result);
    return result;
  } finally {
    await server?.close();
    if (result !== undefined) await cleanupStep(result);
    if (workspace !== undefined) await rm(workspace, { recursive: true, force: true });
  }
}

/** The shared assertions: no hang, the expected exit, a message that says why, no stack trace, no leak. */
export function expectHostileCaseHeld(testCase: HostileCase, result: StepResult): void {
  expect({ timedOut: result.timedOut, exitCode: result.exitCode }).toEqual({
    timedOut: false,
    exitCode: testCase.exitCode,
  });
  expect(result.log).toMatch(testCase.message);
  expect(result.log).not.toMatch(STACK_LINE);
  expect(result.log).not.toContain('looks like a bug');
  expect(formatLeaks(result.leaks)).toBe(formatLeaks([]));
  for (const [name, value] of Object.entries(testCase.outputs ?? {})) {
    if (typeof value === 'string') expect(result.outputs[name]).toBe(value);
    else expect(result.outputs[name]).toMatch(value);
  }
  for (const value of testCase.masked ?? []) expect(result.masks).toContain(value);
  for (const value of testCase.notMasked ?? []) expect(result.masks).not.toContain(value);
}

/** How many cases of each kind a suite has, for the suite's own minimum-count check. */
export function countByKind(cases: readonly HostileCase[]): Record<CaseKind, number> {
  const counts: Record<CaseKind, number> = { leak: 0, input: 0, fault: 0 };
  for (const c of cases) counts[c.kind]++;
  return counts;
}
