import * as exec from '@actions/exec';
import * as io from '@actions/io';
import * as tc from '@actions/tool-cache';
import { log, redact } from '@deploy-actions/core';
import { DeployFailure } from '@deploy-actions/release';

/** What the build needs. */
export interface BuildRequest {
  app: string;
  /** Path of fly.toml, when not the default in the working directory. */
  config?: string;
  /** Installed with the tool cache when flyctl is not on PATH. */
  flyctlVersion?: string;
  token: string;
  /** Becomes the image tag (`--image-label`), so the image is found by the release label. */
  label: string;
  signal: AbortSignal;
}

/** flyctl's release archive for Linux x64 (superfly/flyctl `.goreleaser.yml` archive name template). */
export function flyctlDownloadUrl(version: string): string {
  return `https://github.com/superfly/flyctl/releases/download/v${version}/flyctl_${version}_Linux_x86_64.tar.gz`;
}

/** The image flyctl reports as pushed (`image: <ref>`, printed by `deploy_build.go`), if it printed one. */
export function pushedImage(output: string): string | undefined {
  return /^image:\s*(\S+)\s*$/m.exec(output)?.[1];
}

async function findFlyctl(version: string | undefined): Promise<string> {
  const onPath = (await io.which('flyctl', false)) || (await io.which('fly', false));
  if (onPath !== '') return onPath;
  if (version === undefined) {
    throw new DeployFailure('build', 'flyctl is not on PATH and no flyctl-version was given to install', {
      hint: 'give the image input (an image built elsewhere), set flyctl-version (e.g. 0.3.200) to install it, or add superfly/flyctl-actions/setup-flyctl before this step',
    });
  }
  let dir = tc.find('flyctl', version);
  if (dir === '') {
    log.info(`installing flyctl ${version}`);
    const archive = await tc.downloadTool(flyctlDownloadUrl(version));
    dir = await tc.cacheDir(await tc.extractTar(archive), 'flyctl', version);
  }
  return `${dir}/flyctl`;
}

/**
 * Builds and pushes the image with the real `flyctl deploy --build-only --push` and returns the image it pushed.
 * The only place flyctl runs: everything else talks to the Machines API directly. The token reaches flyctl
 * through its environment, never its arguments.
 *
 * @throws DeployFailure `build` with flyctl's last lines when the build fails.
 */
export async function buildImage(request: BuildRequest): Promise<string> {
  const flyctl = await findFlyctl(request.flyctlVersion);
  const args = ['deploy', '--build-only', '--push', '--app', request.app, '--image-label', request.label];
  if (request.config !== undefined) args.push('--config', request.config);
  let output = '';
  const code = await exec.exec(flyctl, args, {
    ignoreReturnCode: true,
    env: {
      ...(process.env as Record<string, string>),
      FLY_API_TOKEN: request.token,
      FLY_NO_UPDATE_CHECK: '1',
    },
    listeners: {
      stdout: (data) => (output += data.toString()),
      stderr: (data) => (output += data.toString()),
    },
  });
  request.signal.throwIfAborted();
  if (code !== 0) {
    const last = redact(output).trimEnd().split('\n').slice(-15).join('\n');
    throw new DeployFailure(
      'build',
      `flyctl deploy --build-only exited with code ${code}; its last lines:\n${last}`,
      {
        hint: 'fix the build (Dockerfile, fly.toml [build]) as the lines above say; nothing was deployed',
      },
    );
  }
  return pushedImage(output) ?? `registry.fly.io/${request.app}:${request.label}`;
}
