#!/usr/bin/env node
// deploy-proof verify <folder or zip>: checks a downloaded proof bundle. Exit 0 when it holds, 1 on any mismatch or
// leak, 2 when it cannot be checked at all (wrong usage, unreadable path).
import { errorMessage } from '@deploy-actions/core';
import { verifyBundle } from './verify.ts';

const USAGE = 'usage: deploy-proof verify <bundle folder or zip>';

async function main(args: string[]): Promise<number> {
  const [command, target, ...rest] = args;
  if (command !== 'verify' || target === undefined || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  let result;
  try {
    result = await verifyBundle(target);
  } catch (error) {
    console.error(`deploy-proof: cannot read ${target}: ${errorMessage(error)}`);
    return 2;
  }
  for (const p of result.problems) console.log(`${p.kind.toUpperCase()} ${p.file}: ${p.detail}`);
  if (result.problems.length > 0) {
    console.log(`${result.problems.length} problem(s) in ${target}; do not trust this bundle`);
    return 1;
  }
  console.log(`ok: ${result.checked} file(s) match the manifest and no credential was found`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
