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
  /** Exported variables, `NODE_OPTIONS` left out as the runner refuses it. */
  env: Record<string, string>;
  path: string[];
  /** The summary file, unmasked. */
  summary: string;
  /**
   * The summary as the runner publishes it: read line by line (CR, LF or CRLF), each line masked, written back
   * with LF; empty when the file is empty or over 1 MiB (then nothing is published).
   */
  publishedSummary(mask: (line: string) => string): string;
  /** The runner's error annotations, in its order; `failed` says whether any fails the step. */
  errors: string[];
  failed: boolean;
}

/** FileCommandManager.cs CreateStepSummaryCommand.AttachmentSizeLimit. */
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

/**
 * Reads and parses the files after the step exited, in the runner's order (ExtensionManager.cs: path, env,
 * summary, state, output). A malformed file fails the step with two errors, as FileCommandManager.ProcessFiles
 * reports it; the pairs read before the error still apply. A summary over 1 MiB or a `NODE_OPTIONS` in
 * `GITHUB_ENV` raise an error without failing the step.
 */
export async function readCommandFiles(files: CommandFiles): Promise<CommandFileContents> {
  const errors: string[] = [];
  let failed = false;
  const keyValues = async (
    variable: 'GITHUB_OUTPUT' | 'GITHUB_ENV' | 'GITHUB_STATE',
    context: string,
  ): Promise<Record<string, string>> => {
    const result = parseKeyValueFile(await readFile(files[variable], 'utf8'));
    if (result.error !== undefined) {
      errors.push(`Unable to process file command '${context}' successfully.`, result.error);
      failed = true;
    }
    return result.values;
  };
  const stepPath = parsePathFile(await readFile(files.GITHUB_PATH, 'utf8'));
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(await keyValues('GITHUB_ENV', 'env'))) {
    if (name.toUpperCase() === 'NODE_OPTIONS') {
      errors.push("Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.");
    } else {
      env[name] = value;
    }
  }
  const summary = await readFile(files.GITHUB_STEP_SUMMARY, 'utf8');
  const size = Buffer.byteLength(summary);
  const tooBig = size > summaryLimit;
  if (tooBig) {
    errors.push(
      `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of ${summaryLimit / 1024}k, got ${Math.floor(size / 1024)}k. For more information see: https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary`,
    );
  }
  const state = await keyValues('GITHUB_STATE', 'state');
  const outputs = await keyValues('GITHUB_OUTPUT', 'output');
  return {
    env,
    path: stepPath,
    outputs,
    state,
    summary,
    errors,
    failed,
    publishedSummary: (mask) =>
      size === 0 || tooBig
        ? ''
        : summary
            .replace(/(\r\n|\r|\n)$/, '')
            .split(/\r\n|\r|\n/)
            .map((line) => `${mask(line)}\n`)
            .join(''),
  };
}
