// npm run catalog: write action-catalog.md. npm run check:catalog (--check): fail when it is stale or incomplete.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { catalogFile, checkCatalog, generateCatalog } from './lib/catalog.ts';
import { repoRoot } from './lib/repo.ts';

try {
  if (process.argv.includes('--check')) {
    const problems = await checkCatalog(repoRoot);
    for (const problem of problems) console.error(problem);
    if (problems.length > 0) process.exitCode = 1;
    else console.log(`${catalogFile} is up to date`);
  } else {
    const { markdown, problems } = await generateCatalog(repoRoot);
    await writeFile(path.join(repoRoot, catalogFile), markdown);
    for (const problem of problems) console.warn(`warning: ${problem}`);
    console.log(`wrote ${catalogFile}`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
