import { errorMessage, FlyApiError, type FlyClient, type FlyMachine } from '@deploy-actions/core';
import type { EngineContext } from './context.ts';
import { DeployFailure, failureKindOf } from './failure.ts';
import { LeaseSet } from './leases.ts';
import { flyLogReader, type LogReader } from './logs.ts';
import { ReleaseRecorder, type RecordedRelease } from './release-record.ts';
import { restore, type RestoredMachine, type RestoreOptions } from './restore.ts';
import type { RollbackPlan } from './rollback-plan.ts';
import { RolloutTimeline } from './rollout-timeline.ts';

/** What a session needs besides the context. */
export interface RolloutSessionOptions {
  /** Fly's platform API: release records and logs; without it neither is used. */
  platform?: FlyClient;
  /** Machine read interval of the watches (default 1 s). */
  pollMs?: number;
}

/**
 * What a deploy and a rollback share around their own work: the timeline, the leases, the release record in Fly's
 * history, the restore, and how a failure ends them. One per run; {@link close} releases the leases however it
 * ends.
 */
export class RolloutSession {
  readonly ctx: EngineContext;
  readonly timeline: RolloutTimeline;
  readonly leases: LeaseSet;
  /** Reads a failed machine's log lines, when the platform API is there. */
  readonly logs: LogReader | undefined;
  readonly pollMs: number | undefined;
  readonly #platform: FlyClient | undefined;
  #recorder: ReleaseRecorder | undefined;

  /** A session on the context's app. */
  constructor(ctx: EngineContext, options: RolloutSessionOptions) {
    this.ctx = ctx;
    this.timeline = new RolloutTimeline(ctx.clock);
    this.leases = new LeaseSet(ctx);
    this.#platform = options.platform;
    this.logs = options.platform === undefined ? undefined : flyLogReader(options.platform, ctx.app);
    this.pollMs = options.pollMs;
  }

  /**
   * Reads the app, then its machines.
   *
   * @throws DeployFailure `auth` when the token may not read the app (401/403); FlyApiError otherwise.
   */
  async readApp(): Promise<FlyMachine[]> {
    const { ctx } = this;
    this.timeline.note(`read app ${ctx.app}`);
    try {
      await ctx.client.getApp(ctx.app);
    } catch (e) {
      if (e instanceof FlyApiError && (e.status === 401 || e.status === 403))
        throw new DeployFailure('auth', e.message, { hint: e.hint, cause: e });
      throw e;
    }
    return ctx.client.listMachines(ctx.app);
  }

  /** Leases every machine before any change (see {@link LeaseSet.acquire}). */
  async lease(
    machineIds: readonly string[],
    options: { waitMs: number; description: string },
  ): Promise<void> {
    this.timeline.note(`lease ${machineIds.length} machines`);
    await this.leases.acquire(machineIds, options);
  }

  /** Records the release in Fly's history when the platform API is there; a refusal only warns. */
  async recordRelease(
    request: Parameters<ReleaseRecorder['create']>[0],
  ): Promise<RecordedRelease | undefined> {
    if (this.#platform === undefined) return undefined;
    this.#recorder = new ReleaseRecorder(this.#platform, this.ctx.log);
    return this.#recorder.create(request);
  }

  /** Restores machines from a plan (see {@link restore}), with the session's leases, logs and timeline. */
  async restore(
    plan: RollbackPlan,
    options: Pick<RestoreOptions, 'only' | 'waitTimeoutMs' | 'settleMs' | 'oneAtATime'>,
    line: string,
  ): Promise<RestoredMachine[]> {
    this.timeline.note(line);
    return restore(this.ctx, plan, {
      ...options,
      leases: this.leases,
      timeline: this.timeline,
      ...(this.logs === undefined ? {} : { logs: this.logs }),
      ...(this.pollMs === undefined ? {} : { pollMs: this.pollMs }),
    });
  }

  /**
   * What ended the work: the run's cancellation when the signal aborted (what was thrown is then its consequence),
   * else the error. Spans still open end as `failed`, or `stopped` when cancelled, and a line says why (with the
   * failure kind when `showKind`).
   */
  failed(thrown: unknown, options: { showKind?: boolean } = {}): unknown {
    const error = this.ctx.signal.aborted ? (this.ctx.signal.reason as unknown) : thrown;
    const kind = failureKindOf(error);
    this.timeline.closeOpen(kind === 'cancelled' ? 'stopped' : 'failed');
    this.timeline.note(`failed${options.showKind === true ? ` (${kind})` : ''}: ${firstLine(error)}`);
    return error;
  }

  /** Sets the release record's final status: `complete`, or `interrupted`/`failed` with the error's first line. */
  async finishRelease(error?: unknown): Promise<void> {
    if (this.#recorder === undefined) return;
    if (error === undefined) await this.#recorder.finish('complete');
    else
      await this.#recorder.finish(
        failureKindOf(error) === 'cancelled' ? 'interrupted' : 'failed',
        firstLine(error),
      );
  }

  /** Releases every lease. */
  async close(): Promise<void> {
    await this.leases.releaseAll();
  }
}

function firstLine(error: unknown): string {
  return errorMessage(error).split('\n')[0] ?? '';
}
