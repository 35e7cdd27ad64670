// npm run check:inputs: fail when an action.yml disagrees with its action's input spec (names, required flags,
// defaults) or lacks the proof-dir input and proof-file output runAction gives every action.
import { checkActionInputs } from './lib/action-inputs.ts';
import { repoRoot } from './lib/repo.ts';

try {
  const problems = await checkActionInputs(repoRoot);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exitCode = 1;
  else console.log('every action.yml agrees with its input spec');
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
