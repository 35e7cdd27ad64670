import {
  DeployActionError,
  type FlyClient,
  type FlyMachine,
  type MachineConfig,
  type RolloutSpan,
} from '@deploy-actions/core';
import type { EngineContext } from './context.ts';
import { ROLLBACK_PLAN_SCHEMA, type RollbackPlan } from './rollback-plan.ts';
import {
  ROLLBACK_KEY,
  sameRunningConfig,
  targetFromHistory,
  targetFromImage,
  targetFromPlan,
  targetFromReleaseLabel,
  type RollbackSource,
  type RollbackTarget,
} from './rollback-target.ts';
import { RolloutSession } from './rollout-session.ts';
import type { TimelineEntry } from './rollout-timeline.ts';
import { processGroupOf, selectTargets, TEMPORARY_KEY } from './targets.ts';

/** What to go back to, the first one given. */
export type RollbackRequest =
  | { source: 'rollback-plan'; plan: RollbackPlan }
  | { source: 'to-release'; label: string }
  | { source: 'to-image'; image: string }
  | { source: 'last-known-good' };

/** How the machines are put back: all at once (fastest recovery) or one after the other. */
export const ROLLBACK_STRATEGIES = ['immediate', 'rolling'] as const;

/** Everything a rollback needs besides the context. */
export interface RollbackOptions {
  request: RollbackRequest;
  strategy: (typeof ROLLBACK_STRATEGIES)[number];
  /** Per machine: the restored version started and its checks passing. */
  waitTimeoutMs: number;
  settleMs: number;
  waitForLeaseMs: number;
  /** Fly's platform API: the release history (last known good), release records and logs. */
  platform?: FlyClient;
  /** Why the rollback runs; recorded with the release. */
  reason?: string;
  pollMs?: number;
}

/** What became of one machine. */
export interface RolledBackMachine {
  id: string;
  region: string;
  processGroup: string;
  fromImage: string;
  toImage: string;
  /** `restored`, `unchanged` (already on the target), `destroyed` (temporary), `gone` (in the plan, no longer exists), `failed`. */
  result: 'restored' | 'unchanged' | 'destroyed' | 'gone' | 'failed';
  detail?: string;
}

/** How a rollback ended; failures are returned in `error`, as {@link deploy} does. */
export interface RollbackResult {
  /** True when at least one machine was changed or destroyed. */
  rolledBack: boolean;
  source: RollbackSource;
  /** The image restored. */
  image?: string;
  /** The release restored (label and version in Fly's history), when known. */
  restoredRelease: { label?: string; version?: number };
  /** The release this rollback recorded in Fly's history, when it changed something and recording worked. */
  recordedVersion?: number;
  machines: RolledBackMachine[];
  /** The rollback in words, line by line. */
  timeline: TimelineEntry[];
  /** Each machine's spans (revert, destroy): the timeline chart. */
  spans: RolloutSpan[];
  error?: unknown;
}

/** A stopped machine whose newest exit was asked for (autostop, `fly machine stop`) stays stopped; a crashed one is started. */
function stoppedOnPurpose(m: FlyMachine): boolean {
  if (m.state !== 'stopped' && m.state !== 'suspended') return false;
  const exits = (m.events ?? [])
    .filter((e) => e.type === 'exit')
    .sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0));
  const newest = exits[0]?.request;
  const exit = newest?.MonitorEvent?.exit_event ?? newest?.exit_event;
  return exit === undefined || exit.requested_stop === true;
}

async function resolveTarget(
  ctx: EngineContext,
  request: RollbackRequest,
  machines: readonly FlyMachine[],
  platform: FlyClient | undefined,
): Promise<RollbackTarget> {
  switch (request.source) {
    case 'rollback-plan':
      return targetFromPlan(request.plan, ctx.app);
    case 'to-release':
      return targetFromReleaseLabel(ctx, machines, request.label);
    case 'to-image':
      return targetFromImage(machines, request.image);
    case 'last-known-good':
      if (platform === undefined)
        throw new DeployActionError(
          "the last known good release needs Fly's release history; nothing was changed",
          {
            code: 'no-rollback-target',
            hint: 'pass rollback-plan, to-release or to-image',
          },
        );
      return targetFromHistory(ctx, platform, machines);
  }
}

function stamped(config: MachineConfig, release: { id?: string; version?: number }): MachineConfig {
  if (release.id === undefined) return config;
  return {
    ...config,
    metadata: {
      ...config.metadata,
      // As flyctl stamps deployed machines (`setMachineReleaseData`), and ours: this machine runs a rollback.
      fly_release_id: release.id,
      ...(release.version === undefined ? {} : { fly_release_version: String(release.version) }),
      [ROLLBACK_KEY]: release.id,
    },
  };
}

/**
 * Puts every app machine back on a good release: resolves what to go back to (a rollback plan, a release label
 * read from the machines' versions, an image, or the last known good release of Fly's history), changes nothing
 * when it cannot, leases every machine, destroys the temporary machines earlier deploys left, records the rollback
 * in Fly's release history, sends each machine that differs its good config and waits for it healthy. Machines
 * already there are left alone, so a rerun changes nothing. Leases are released however it ends.
 */
export async function rollBack(ctx: EngineContext, options: RollbackOptions): Promise<RollbackResult> {
  const session = new RolloutSession(ctx, {
    ...(options.platform === undefined ? {} : { platform: options.platform }),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  const { timeline } = session;
  const result: RollbackResult = {
    rolledBack: false,
    source: options.request.source,
    restoredRelease: {},
    machines: [],
    timeline: [],
    spans: [],
  };
  const rows = new Map<string, RolledBackMachine>();
  try {
    const all = await session.readApp();
    const live = all.filter((m) => m.state !== 'destroyed' && m.state !== 'destroying');
    const apps = selectTargets(live, { processGroups: [], regions: [] }).targets;
    timeline.note(`resolve ${options.request.source}`);
    const target = await resolveTarget(ctx, options.request, apps, options.platform);
    result.source = target.source;
    if (target.image !== undefined) result.image = target.image;
    result.restoredRelease = target.release;

    const byId = new Map(live.map((m) => [m.id, m]));
    const temporary = new Set([
      ...live.filter((m) => m.config?.metadata?.[TEMPORARY_KEY] !== undefined).map((m) => m.id),
      ...target.created.filter((id) => byId.has(id)),
    ]);
    const row = (m: FlyMachine, toImage: string, r: RolledBackMachine['result'], detail?: string): void => {
      rows.set(m.id, {
        id: m.id,
        region: m.region ?? '',
        processGroup: processGroupOf(m),
        fromImage: m.config?.image ?? '',
        toImage,
        result: r,
        ...(detail === undefined ? {} : { detail }),
      });
    };
    for (const [id, config] of target.configs) {
      const m = byId.get(id);
      if (m === undefined) {
        rows.set(id, {
          id,
          region: '',
          processGroup: '',
          fromImage: '',
          toImage: config.image ?? '',
          result: 'gone',
        });
        ctx.log.info(`${id} is no longer a machine of ${ctx.app}: nothing to restore there`);
      }
    }
    const toChange = apps.filter((m) => {
      const config = target.configs.get(m.id);
      if (config === undefined || temporary.has(m.id)) return false;
      const same = sameRunningConfig(m.config, config);
      if (same) {
        row(m, config.image ?? '', 'unchanged', target.notes.get(m.id));
        ctx.log.info(`${m.id} already runs ${config.image ?? 'the target config'}: left alone`);
      }
      return !same;
    });
    if (result.image === undefined && toChange[0] !== undefined)
      result.image = target.configs.get(toChange[0].id)?.image;

    const touched = [...toChange.map((m) => m.id), ...temporary];
    if (touched.length === 0) {
      timeline.note('every machine already on the target: nothing to change');
      return result;
    }
    await session.lease(touched, {
      waitMs: options.waitForLeaseMs,
      description: `deploy-actions rollback-on-failure${options.reason === undefined ? '' : `: ${options.reason.slice(0, 60)}`}`,
    });

    const recorded =
      toChange.length === 0
        ? undefined
        : await session.recordRelease({
            app: ctx.app,
            image: result.image ?? '',
            strategy: options.strategy,
            definition: {
              rollback: true,
              source: target.source,
              ...(options.reason === undefined ? {} : { reason: options.reason }),
            },
          });
    if (recorded?.version !== undefined) {
      result.recordedVersion = recorded.version;
      timeline.note(`rollback recorded as release v${recorded.version}`);
    }
    const plan: RollbackPlan = {
      schema: ROLLBACK_PLAN_SCHEMA,
      app: ctx.app,
      createdAt: new Date(ctx.clock.now()).toISOString(),
      machines: toChange.map((m) => {
        const config = stamped(target.configs.get(m.id) ?? {}, recorded ?? {});
        return {
          id: m.id,
          processGroup: processGroupOf(m),
          state: stoppedOnPurpose(m) ? 'stopped' : 'started',
          ...(config.image === undefined ? {} : { image: config.image }),
          config,
        };
      }),
      created: [...temporary],
    };
    result.rolledBack = true;
    const restored = await session.restore(
      plan,
      {
        only: new Set(toChange.map((m) => m.id)),
        waitTimeoutMs: options.waitTimeoutMs,
        settleMs: options.settleMs,
        oneAtATime: options.strategy === 'rolling',
      },
      `restore ${toChange.length} machines (${options.strategy}), destroy ${temporary.size} temporary`,
    );
    for (const r of restored) {
      const m = byId.get(r.machineId);
      if (m === undefined) continue;
      const image = temporary.has(m.id) ? '' : (target.configs.get(m.id)?.image ?? '');
      row(m, image, r.result === 'unchanged' ? 'unchanged' : r.result, r.detail ?? target.notes.get(m.id));
    }
    const failed = restored.filter((r) => r.result === 'failed');
    if (failed.length > 0) {
      throw new DeployActionError(
        `${failed.length} machine(s) did not come back: ${failed.map((r) => `${r.machineId} (${r.detail ?? 'unknown'})`).join('; ')}`,
        {
          code: 'rollback-incomplete',
          hint: 'the app is still unhealthy: look at those machines (`fly machine status <id>`, `fly logs -i <id>`) and run this action again',
        },
      );
    }
    timeline.note('every machine restored');
    await session.finishRelease();
  } catch (e) {
    result.error = session.failed(e);
    await session.finishRelease(result.error);
  } finally {
    await session.close();
    result.machines = [...rows.values()];
    result.timeline = timeline.lines;
    result.spans = timeline.spans;
  }
  return result;
}
