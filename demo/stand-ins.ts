import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startArtifactService } from '../test/support/artifact-service.ts';
import type { ArtifactService } from '../test/support/artifact-service.ts';
import { startGitHubApi } from '../test/support/github-api.ts';
import type { GitHubApi } from '../test/support/github-api.ts';
import type { FlyTarget } from './fly-target.ts';

/** The job token GitHub would hand the run; the GitHub API stand-in accepts only this one. */
export const DEMO_GITHUB_TOKEN = 'ghs_demoJobToken0123456789abcdefABCDEF';

/** The commit every demo run deploys (the harness's `GITHUB_SHA`). */
export const DEMO_SHA = 'ffac537e6cbbf934b08745a378932722df287a53';

/** Everything a run of the pipeline talks to, all on loopback except a live Fly. */
export interface DemoServices {
  fly: FlyTarget;
  /** Azurite and the artifact (results) service stand-in. */
  artifacts: ArtifactService;
  github: GitHubApi;
  /** Where downloaded proof bundles go; kept after the demo so they can be read. */
  outputDir: string;
  close(): Promise<void>;
}

/** Starts the artifact stand-ins and the GitHub API stand-in next to a Fly target. */
export async function startStandIns(fly: FlyTarget): Promise<DemoServices> {
  const [artifacts, github] = await Promise.all([
    startArtifactService(),
    startGitHubApi({ token: DEMO_GITHUB_TOKEN }),
  ]);
  const outputDir = await mkdtemp(path.join(tmpdir(), 'deploy-actions-demo-'));
  return {
    fly,
    artifacts,
    github,
    outputDir,
    close: async () => {
      await Promise.all([artifacts.close(), github.close(), fly.close()]);
    },
  };
}
