import { ulid } from './ids.ts';

/**
 * Release statuses flyctl sets (superfly/flyctl internal/command/deploy/machines_deploymachinesapp.go:
 * `running` when the rollout begins, then `complete`, `failed` or `interrupted`); `pending` until then.
 */
export const RELEASE_STATUSES = ['pending', 'running', 'complete', 'failed', 'interrupted'] as const;

/** A release status. */
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

/** One release in the shape of superfly/flyctl internal/uiex/releases.go `Release`, plus what the emulator keeps. */
export interface Release {
  id: string;
  version: number;
  stable: boolean;
  in_progress: boolean;
  status: ReleaseStatus;
  strategy: string;
  user: string;
  created_at: string;
  image_ref: string;
  /** The last `metadata` sent with a status update (flyctl sends `fly.ReleaseMetadata`). */
  metadata: unknown;
}

/** An app's releases, numbered from 1 in creation order. */
export class ReleaseLog {
  readonly #releases: Release[] = [];

  /** Records a new release, `pending` until its status is set. */
  create(input: { image: string; strategy: string; user: string }): Release {
    const release: Release = {
      id: ulid(),
      version: this.#releases.length + 1,
      stable: false,
      in_progress: true,
      status: 'pending',
      strategy: input.strategy,
      user: input.user,
      created_at: new Date().toISOString(),
      image_ref: input.image,
      metadata: null,
    };
    this.#releases.push(release);
    return release;
  }

  /** The release with this id, if it is one of this app's. */
  find(id: string): Release | undefined {
    return this.#releases.find((r) => r.id === id);
  }

  /** Sets a release's status (and metadata); `complete` makes it stable. */
  setStatus(release: Release, status: ReleaseStatus, metadata: unknown): Release {
    release.status = status;
    release.in_progress = status === 'pending' || status === 'running';
    release.stable = status === 'complete';
    release.metadata = metadata ?? null;
    return release;
  }

  /** Newest first, as `fly releases` lists them. */
  list(): Release[] {
    return [...this.#releases].reverse();
  }

  /** The newest complete release: what the app currently runs. */
  current(): Release | undefined {
    return this.list().find((r) => r.status === 'complete');
  }
}

/** A release as the API shows it (flyctl's `Release` has no `metadata`). */
export function releaseBody(release: Release): Omit<Release, 'metadata'> {
  const { metadata: _metadata, ...body } = release;
  return body;
}
