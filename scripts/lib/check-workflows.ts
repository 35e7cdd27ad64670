import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { listActionFolders } from './action-folders.ts';
import { actionlint } from './actionlint.ts';
import { checkWiring } from './workflow-wiring.ts';

/** Workflow files to check, relative to `root`: `.github/workflows/*.yml` and each action's `example.yml`. */
export async function listWorkflowFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  try {
    const names = await readdir(path.join(root, '.github', 'workflows'));
    for (const name of names.sort()) if (/\.ya?ml$/.test(name)) files.push(`.github/workflows/${name}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (const folder of await listActionFolders(root)) {
    const names = await readdir(path.join(root, folder));
    if (names.includes('example.yml')) files.push(`${folder}/example.yml`);
  }
  return files;
}

/**
 * Runs actionlint and our wiring check over every workflow file; returns one `file:line[:column]: message [kind]`
 * line per problem, in file order.
 */
export async function checkWorkflows(root: string): Promise<string[]> {
  const problems: string[] = [];
  for (const file of await listWorkflowFiles(root)) {
    const content = await readFile(path.join(root, file), 'utf8');
    for (const finding of await actionlint(content, file)) {
      problems.push(`${file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
    }
    for (const problem of await checkWiring(root, file)) {
      problems.push(`${problem.file}:${problem.line}: ${problem.message} [wiring]`);
    }
  }
  return problems;
}
