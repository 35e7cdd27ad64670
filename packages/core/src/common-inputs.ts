import { resolve } from 'node:path';
import * as core from '@actions/core';
import { DURATION_GRAMMAR, formatDuration, parseDuration } from './durations.ts';
import { makeDirectory } from './directories.ts';
import type { InputProblem } from './errors.ts';
import { defaultProofDir } from './proof.ts';

/** The `timeout` input's bounds: at least a second, at most the six hours a job may run. */
const MIN_TIMEOUT_MS = 1000;
const MAX_TIMEOUT_MS = 6 * 3_600_000;

/** Inputs every action declares and `runAction` reads itself: `timeout` and `proof-dir`. */
export interface CommonInputs {
  /** The whole run's time budget. */
  timeoutMs: number;
  /** A folder that exists and takes files; the default one when `proof-dir` was unusable. */
  proofDir: string;
  /** What was wrong with them; `readInputs` reports these with the action's own problems. */
  problems: InputProblem[];
}

let pending: InputProblem[] = [];

/**
 * Reads `timeout` (default `defaultTimeout`) and `proof-dir`, creating the folder now, one level at a time: Node's
 * recursive `mkdir` loops forever on some paths (`/proc/x`), and a folder that cannot take the proof should be found
 * before anything changes, not after a deploy. An unusable value falls back to the default so the run still ends
 * with a proof record; its problem is reported with the action's input problems.
 */
export async function readCommonInputs(defaultTimeout: string): Promise<CommonInputs> {
  const problems: InputProblem[] = [];
  let timeoutMs = parseDuration(defaultTimeout);
  const timeoutText = core.getInput('timeout');
  if (timeoutText !== '') {
    const allowed = `${DURATION_GRAMMAR} from ${formatDuration(MIN_TIMEOUT_MS)} to ${formatDuration(MAX_TIMEOUT_MS)}`;
    try {
      const ms = parseDuration(timeoutText);
      if (ms < MIN_TIMEOUT_MS || ms > MAX_TIMEOUT_MS)
        problems.push({ input: 'timeout', value: timeoutText, allowed });
      else timeoutMs = ms;
    } catch {
      problems.push({ input: 'timeout', value: timeoutText, allowed });
    }
  }
  const given = core.getInput('proof-dir');
  let proofDir = given === '' ? defaultProofDir() : resolve(given);
  const unusable = await makeDirectory(proofDir);
  if (unusable !== undefined) {
    if (given !== '')
      problems.push({
        input: 'proof-dir',
        value: given,
        allowed: `a folder this step can write (${unusable})`,
      });
    proofDir = defaultProofDir();
    await makeDirectory(proofDir);
  }
  pending = problems;
  return { timeoutMs, proofDir, problems };
}

/** Hands the common inputs' problems to `readInputs` once, so they are listed with the action's own. */
export function takeCommonInputProblems(): InputProblem[] {
  const taken = pending;
  pending = [];
  return taken;
}
