import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DefaultArtifactClient } from '@actions/artifact';
import { node24Path } from '@deploy-actions/harness';
import type { RuntimeServices } from '@deploy-actions/harness';
import { verifyBundle } from '@deploy-actions/proof-bundle';
import type { VerifyResult } from '@deploy-actions/proof-bundle';

const execFileAsync = promisify(execFile);

/** A proof artifact fetched back from the artifact service and checked. */
export interface DownloadedProof {
  /** The folder the artifact was unpacked into. */
  path: string;
  /** Whether the downloaded zip's SHA-256 is the digest the upload reported. */
  digestMatches: boolean;
  /** `deploy-proof verify` of the folder: every file against the manifest, and no credential anywhere. */
  verify: VerifyResult;
}

/**
 * Downloads the artifact `name` with the real `@actions/artifact` client (ListArtifacts, GetSignedArtifactURL, then
 * the blob) as a later job's download step would, into `destination`, and verifies it with proof-bundle's verify.
 * The client runs in its own Node 24 process: it reads the runtime token from its environment and writes
 * `::debug::` lines to stdout, neither of which belongs in the demo's process.
 */
export async function downloadProof(
  name: string,
  runtime: Pick<RuntimeServices, 'token' | 'resultsUrl'>,
  destination: string,
): Promise<DownloadedProof> {
  const { stdout } = await execFileAsync(
    await node24Path(),
    [fileURLToPath(import.meta.url), name, destination],
    {
      env: {
        PATH: process.env.PATH ?? '',
        ACTIONS_RUNTIME_TOKEN: runtime.token,
        ACTIONS_RESULTS_URL: runtime.resultsUrl,
        GITHUB_WORKSPACE: destination,
      },
      timeout: 60_000,
    },
  );
  const last = stdout.trim().split('\n').at(-1) ?? '';
  const { digestMatches } = JSON.parse(last) as { digestMatches: boolean };
  return { path: destination, digestMatches, verify: await verifyBundle(destination) };
}

async function download(name: string, destination: string): Promise<void> {
  const client = new DefaultArtifactClient();
  const { artifact } = await client.getArtifact(name);
  const result = await client.downloadArtifact(artifact.id, {
    path: destination,
    ...(artifact.digest === undefined ? {} : { expectedHash: artifact.digest }),
  });
  console.log(
    JSON.stringify({ digestMatches: artifact.digest !== undefined && result.digestMismatch !== true }),
  );
}

if (import.meta.main) {
  const [name, destination] = process.argv.slice(2);
  if (name === undefined || destination === undefined)
    throw new Error('usage: proof-download.ts <name> <folder>');
  await download(name, destination);
}
