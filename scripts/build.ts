// npm run build [-- <action>…]: bundle actions/<name>/src/index.ts into dist/<name>/ with ncc.
import { buildActions, formatSize } from './lib/build.ts';
import { repoRoot } from './lib/repo.ts';

try {
  const built = await buildActions(repoRoot, process.argv.slice(2), ({ name, bytes, ms }) => {
    console.log(`${name.padEnd(24)} ${formatSize(bytes).padStart(12)} ${`${Math.round(ms)} ms`.padStart(9)}`);
  });
  if (built.length === 0) console.log('no actions/<name>/src/index.ts to build');
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
