// npm run build: bundle every actions/<name>/src/index.ts into dist/ with ncc (one shared bundle, a small entry
// per action), then print each file's size and each action's cold start.
import { buildActions, formatSize, SHARED_BUNDLE } from './lib/build.ts';
import { COLD_START_DEADLINE_MS, measureColdStarts } from './lib/cold-start.ts';
import { repoRoot } from './lib/repo.ts';

try {
  if (process.argv.length > 2) {
    throw new Error('npm run build takes no arguments: every action is built into one shared bundle');
  }
  const { actions, files, ms } = await buildActions(repoRoot);
  if (actions.length === 0) {
    console.log('no actions/<name>/src/index.ts to build');
  } else {
    const shared = files.filter(({ file }) => file.startsWith(`dist/${SHARED_BUNDLE}/`));
    const total = shared.reduce((sum, { bytes }) => sum + bytes, 0);
    console.log(`built ${actions.length} action(s) in ${(ms / 1000).toFixed(1)} s`);
    for (const { file, bytes } of files)
      console.log(`  ${file.padEnd(40)} ${formatSize(bytes).padStart(12)}`);
    console.log(`  ${`dist/${SHARED_BUNDLE}/ in all`.padEnd(40)} ${formatSize(total).padStart(12)}`);
    const cold = await measureColdStarts(repoRoot, actions);
    console.log(`cold start, one run each with empty inputs (node -e 0: ${Math.round(cold.baselineMs)} ms):`);
    for (const { name, ms: taken } of cold.actions) {
      const figure =
        taken === undefined
          ? `did not exit within ${COLD_START_DEADLINE_MS / 1000} s`
          : `${Math.round(taken)} ms (+${Math.round(taken - cold.baselineMs)} ms)`;
      console.log(`  ${name.padEnd(40)} ${figure}`);
    }
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
