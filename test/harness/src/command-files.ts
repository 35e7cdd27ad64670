import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseKeyValueFile, parsePathFile } from './file-commands.ts';

const prefixes = {
  GITHUB_OUTPUT: 'set_output',
  GITHUB_ENV: 'set_env',
  GITHUB_STATE: 'save_state',
  GITHUB_PATH: 'add_path',
  GITHUB_STEP_SUMMARY: 'step_summary',
} as const;

/** The file command variables of one step, each naming a fresh empty file. */
export type CommandFiles = Record<keyof typeof prefixes, string>;

/** What the step wrote through its file commands. */
export interface CommandFileContents {
  outputs: Record<string, string>;
  state: Record<string, string>;
  env: Record<string, string>;
  path: string[];
  /** The summary file, unmasked. */
  summary: string;
  /** The runner's errors for malformed files; any fails the step. */
  errors: string[];
  /** The runner's error for a summary over 1 MiB, which it drops without failing the step. */
  summaryError?: string;
}

/** The runner's 1 MiB cap on a step summary. */
const summaryLimit = 1024 * 1024;

/** Where the runner keeps the file-command files of a job: `RUNNER_TEMP/_runner_file_commands/`. */
export function commandFilesDir(runnerTemp: string): string {
  return path.join(runnerTemp, '_runner_file_commands');
}

/** Creates one step's empty files under {@link commandFilesDir}, named as the runner names them. */
export async function createCommandFiles(runnerTemp: string): Promise<CommandFiles> {
  const dir = commandFilesDir(runnerTemp);
  await mkdir(dir, { recursive: true });
  const files = Object.fromEntries(
    Object.entries(prefixes).map(([variable, prefix]) => [
      variable,
      path.join(dir, `${prefix}_${randomUUID()}`),
    ]),
  ) as CommandFiles;
  for (const file of Object.values(files)) await writeFile(file, '');
  return files;
}

/** Reads and parses the files after the step exited, in the runner's order (env, path, output, state, summary). */
export async function readCommandFiles(files: CommandFiles): Promise<CommandFileContents> {
  const errors: string[] = [];
  const keyValues = async (
    variable: 'GITHUB_OUTPUT' | 'GITHUB_ENV' | 'GITHUB_STATE',
  ): Promise<Record<string, string>> => {
    const result = parseKeyValueFile(await readFile(files[variable], 'utf8'), variable);
    if (result.error !== undefined) errors.push(result.error);
    return result.values;
  };
  const env = await keyValues('GITHUB_ENV');
  const stepPath = parsePathFile(await readFile(files.GITHUB_PATH, 'utf8'));
  const outputs = await keyValues('GITHUB_OUTPUT');
  const state = await keyValues('GITHUB_STATE');
  const summary = await readFile(files.GITHUB_STEP_SUMMARY, 'utf8');
  const size = Buffer.byteLength(summary);
  const contents = { env, path: stepPath, outputs, state, summary, errors };
  if (size <= summaryLimit) return contents;
  return {
    ...contents,
    summaryError: `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got ${Math.ceil(size / 1024)}k.`,
  };
}
