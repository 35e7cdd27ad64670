// npm run check:workflows: actionlint plus our wiring check over the workflows and every action's example.yml.
import { checkWorkflows, listWorkflowFiles } from './lib/check-workflows.ts';
import { repoRoot } from './lib/repo.ts';

try {
  const problems = await checkWorkflows(repoRoot);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) {
    console.error(`${problems.length} workflow problem(s)`);
    process.exitCode = 1;
  } else {
    console.log(`${(await listWorkflowFiles(repoRoot)).length} workflow file(s) checked, no problems`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
