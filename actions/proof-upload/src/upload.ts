import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { DeployActionError, errorMessage, redact } from '@deploy-actions/core';

/** How long an abandoned upload may keep the process alive after the run has ended. */
const ABANDONED_UPLOAD_EXIT_MS = 3000;

/** What the artifact service said about the upload. */
export interface Uploaded {
  id: number;
  /** Hex SHA-256 of the zip, as the client computed it while uploading and sent to the service. */
  digest: string;
  size: number;
  url: string;
}

/** The page of an artifact on GitHub, as upload-artifact v4 links it. */
export function artifactUrl(id: number): string {
  const env = process.env;
  return `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY ?? ''}/actions/runs/${env.GITHUB_RUN_ID ?? ''}/artifacts/${id}`;
}

function explain(error: unknown, name: string): DeployActionError {
  const message = redact(errorMessage(error));
  if (/\(409\)|already exists/i.test(message)) {
    return new DeployActionError(`an artifact named "${name}" already exists in this workflow run`, {
      code: 'artifact-name-taken',
      hint: 'Artifact names are unique per run and artifacts are immutable: give this step a `name` of its own (add the job or matrix values).',
      cause: error,
    });
  }
  // The client reads the runtime token as a JWT (jwt-decode) before any request.
  if (/ACTIONS_RUNTIME_TOKEN|ACTIONS_RESULTS_URL|JWT|Invalid token specified/i.test(message)) {
    return new DeployActionError(`the artifact service is not available to this step (${message})`, {
      code: 'artifact-service-unavailable',
      hint: 'Run proof-upload as a step of a GitHub Actions job (not in a container step without the runner variables); on GHES use actions/upload-artifact@v3 instead.',
      cause: error,
    });
  }
  return new DeployActionError(`the upload to the artifact service failed: ${message}`, {
    code: 'artifact-upload-failed',
    hint: 'Re-run the job; if it keeps failing, check https://www.githubstatus.com for Actions artifacts.',
    cause: error,
  });
}

/**
 * Uploads every file under `root` as one artifact with the real @actions/artifact client (zip, blob upload through
 * a signed URL, finalize), bounded by `signal`: the client has no cancel of its own, so the wait is abandoned.
 */
export async function uploadBundle(options: {
  root: string;
  name: string;
  retentionDays?: number;
  signal: AbortSignal;
}): Promise<Uploaded> {
  const { root, name, signal } = options;
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const client = new DefaultArtifactClient();
  const upload = client.uploadArtifact(name, files, root, {
    ...(options.retentionDays === undefined ? {} : { retentionDays: options.retentionDays }),
  });
  const aborted = new Promise<never>((_, reject) => {
    const stop = (): void => reject(signal.reason as Error);
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop, { once: true });
  });
  let result;
  try {
    result = await Promise.race([upload, aborted]);
  } catch (error) {
    if (signal.aborted) {
      // The client has no cancel: its request may hold a socket open and the process with it. Once runAction has
      // reported and written the proof (well within this delay), end the process instead of waiting on it.
      setTimeout(() => process.exit(), ABANDONED_UPLOAD_EXIT_MS).unref();
      throw signal.reason;
    }
    throw explain(error, name);
  }
  if (result.id === undefined) {
    throw new DeployActionError('the artifact service finalized the upload without an artifact id', {
      code: 'artifact-upload-failed',
      hint: 'Re-run the job; the artifact may not have been kept.',
    });
  }
  return { id: result.id, digest: result.digest ?? '', size: result.size ?? 0, url: artifactUrl(result.id) };
}
