import { errorMessage, type FlyClient } from '@deploy-actions/core';
import type { EngineLog } from './context.ts';

/**
 * The platform API (release records, logs) for a Machines API URL: Fly's own pair, or the same host for anything
 * else (the emulator, a proxy in front of both).
 */
export function platformUrlFor(apiUrl: string): string {
  return new URL(apiUrl).host === 'api.machines.dev' ? 'https://api.fly.io' : apiUrl;
}

/** Final statuses flyctl sets (`machines_deploymachinesapp.go`). */
export type ReleaseStatus = 'running' | 'complete' | 'failed' | 'interrupted';

/** The release as recorded, when recording worked. */
export interface RecordedRelease {
  id: string;
  version: number | undefined;
}

/**
 * The deploy's entry in Fly's release history (what `fly releases` and the dashboard list), written as flyctl
 * writes it since 2026 (superfly/flyctl `internal/uiex/releases.go`): created before the rollout, set `running`,
 * then `complete`, `failed` or `interrupted`. Recording is a courtesy: a failure is a warning, never a failed
 * deploy.
 */
export class ReleaseRecorder {
  readonly #platform: FlyClient;
  readonly #log: EngineLog;
  #release: RecordedRelease | undefined;

  /** `platform` is a client on Fly's platform API (`https://api.fly.io`). */
  constructor(platform: FlyClient, log: EngineLog) {
    this.#platform = platform;
    this.#log = log;
  }

  /** The recorded release, if {@link create} worked. */
  get release(): RecordedRelease | undefined {
    return this.#release;
  }

  /** Creates the record and sets it `running`; returns undefined (after a warning) when Fly refused. */
  async create(request: {
    app: string;
    image: string;
    strategy: string;
    definition: unknown;
  }): Promise<RecordedRelease | undefined> {
    try {
      const release = await this.#platform.createRelease({
        app_name: request.app,
        image: request.image,
        strategy: request.strategy.toUpperCase(),
        definition: request.definition,
      });
      this.#release = { id: release.id, version: release.version };
      await this.#platform.updateRelease(release.id, 'running');
      return this.#release;
    } catch (e) {
      this.#log.warn(
        `could not record the release in Fly's release history (the deploy goes on): ${errorMessage(e)}; ` +
          '`fly releases` will not show this deploy as complete, though the machines run it; if Fly answered 401/403, ' +
          'give the token access to the app, otherwise check status.flyio.net before the next deploy',
      );
      return this.#release;
    }
  }

  /** Sets the final status; a failure is a warning. */
  async finish(status: ReleaseStatus, error?: string): Promise<void> {
    if (this.#release === undefined) return;
    try {
      await this.#platform.updateRelease(this.#release.id, status, {
        post_deployment_info: { deployer: 'deploy-actions', ...(error === undefined ? {} : { error }) },
      });
    } catch (e) {
      this.#log.warn(
        `could not set the status of release ${this.#release.version ?? this.#release.id} in Fly's release history ` +
          `to ${status} (the deploy's result stands): ${errorMessage(e)}; \`fly releases\` shows it unfinished ` +
          'until the next deploy records a new one; check status.flyio.net if this keeps happening',
      );
    }
  }
}
