import { FlyClient, type ActionContext } from '@deploy-actions/core';
import { engineContext, type EngineContext } from './context.ts';
import { platformUrlFor } from './release-record.ts';

/** The two Fly clients a release action talks through, and the engine context over the first. */
export interface ReleaseClients {
  /** The Machines API client, bound to the run's signal and deadline. */
  client: FlyClient;
  /** The platform API client for Fly's release history (release records, logs). */
  platform: FlyClient;
  /** The release engine's context on `client` for `app`. */
  engine: EngineContext;
}

/**
 * Opens the clients fly-deploy and rollback-on-failure release through, both closed by the run's cleanup. The
 * platform client is not tied to the run's signal: after a cancel the release record must still be marked
 * interrupted.
 */
export function openReleaseClients(
  run: Pick<ActionContext, 'signal' | 'deadline' | 'onCleanup'>,
  target: { token: string; apiUrl: string; app: string },
): ReleaseClients {
  const client = new FlyClient({
    token: target.token,
    apiUrl: target.apiUrl,
    signal: run.signal,
    deadline: run.deadline,
  });
  const platform = new FlyClient({
    token: target.token,
    apiUrl: platformUrlFor(target.apiUrl),
    retry: { maxAttempts: 3 },
  });
  run.onCleanup(() => platform.close());
  run.onCleanup(() => client.close());
  return { client, platform, engine: engineContext({ client, app: target.app, signal: run.signal }) };
}
