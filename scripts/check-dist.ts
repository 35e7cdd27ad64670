// npm run check:dist: rebuild every bundle and fail when dist/ differs from what is committed.
import { findDistDrift } from './lib/build.ts';
import { repoRoot } from './lib/repo.ts';

try {
  const { build, drift } = await findDistDrift(repoRoot);
  console.log(`built ${build.actions.join(', ') || 'no actions'}`);
  if (drift.length > 0) {
    console.error(`dist/ differs from the committed bundles:\n${drift.join('\n')}`);
    console.error('run npm run build and commit dist/');
    process.exitCode = 1;
  } else {
    console.log('dist/ is up to date');
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
