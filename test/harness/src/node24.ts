import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

let verified: Promise<string> | undefined;

/**
 * Absolute path of the Node 24 binary from the root devDependency `node@24`, checked once by running it with
 * `--version`. Throws rather than falling back to another runtime: an action declaring `node24` that passes under
 * Node 20 proves nothing.
 */
export function node24Path(): Promise<string> {
  verified ??= locateNode24();
  return verified;
}

async function locateNode24(): Promise<string> {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve('node/package.json');
  } catch {
    throw new Error(
      'Node 24 not found: the devDependency `node@24` is not installed; run `npm ci` at the repo root',
    );
  }
  const binary = path.join(
    path.dirname(packageJson),
    'bin',
    process.platform === 'win32' ? 'node.exe' : 'node',
  );
  let version: string;
  try {
    version = (await execFileAsync(binary, ['--version'], { timeout: 10_000 })).stdout.trim();
  } catch (error) {
    throw new Error(`Node 24 at ${binary} does not run: ${(error as Error).message}`, { cause: error });
  }
  if (!version.startsWith('v24.')) {
    throw new Error(`${binary} is Node ${version}, not v24.x: reinstall the devDependency node@24`);
  }
  return binary;
}
