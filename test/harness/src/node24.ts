import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * The Node the current actions/runner release runs `node24` actions with: `NODE24_VERSION` in actions/runner
 * src/Misc/externals.sh (release v2.336.0). The root devDependency `node` pins exactly this version, so an API
 * newer than the runner's Node fails a test here, not a user's run. To update: read NODE24_VERSION of the newest
 * runner release, set it here and as the exact root devDependency (`npm install -D -E node@<version>`).
 */
export const runnerNode24Version = '24.19.0';

let verified: Promise<string> | undefined;

/**
 * Absolute path of the Node binary from the root devDependency `node`, checked once by running it with
 * `--version`: it must be {@link runnerNode24Version}. Throws rather than falling back to another runtime: an action
 * declaring `node24` that passes under another Node proves nothing.
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
      `Node ${runnerNode24Version} not found: the devDependency \`node\` is not installed; run \`npm ci\` at the repo root`,
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
  if (version !== `v${runnerNode24Version}`) {
    throw new Error(
      `${binary} is Node ${version}, but the Actions runner runs node24 actions with v${runnerNode24Version}: run \`npm ci\` at the repo root (the devDependency \`node\` pins it)`,
    );
  }
  return binary;
}
