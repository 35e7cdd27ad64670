import {
  DeployActionError,
  FlyApiError,
  type FlyClient,
  type FlyMachine,
  type FractionOrCount,
  type MachineConfig,
  type RolloutSpan,
} from '@deploy-actions/core';
import { releaseCommandMachineConfig, type FlyConfig } from '@deploy-actions/fly-config';
import type { EngineContext } from './context.ts';
import { DeployFailure, failureKindOf, type FailureKind, type MachineDiagnosis } from './failure.ts';
import { createGroupMachines, fitFlyToml, type FlyTomlFit } from './fly-toml.ts';
import { runReleaseCommand } from './release-command.ts';
import type { RestoredMachine } from './restore.ts';
import { buildRollbackPlan, dominantImage, writeRollbackPlan, type RollbackPlan } from './rollback-plan.ts';
import { outcomeRow, type MachineOutcome, type Rollout, type Strategy } from './rollout.ts';
import { RolloutSession } from './rollout-session.ts';
import type { TimelineEntry } from './rollout-timeline.ts';
import { bluegreen, bluegreenProblem, canary, immediate, rolling } from './strategies.ts';
import {
  notATarget,
  processGroupOf,
  RELEASE_LABEL_KEY,
  selectTargets,
  type TargetFilters,
} from './targets.ts';
import { MachineWatch } from './watch.ts';

/** The rollout strategies. */
export const STRATEGIES = ['rolling', 'canary', 'bluegreen', 'immediate'] as const;
/** One of {@link STRATEGIES}. */
export type StrategyName = (typeof STRATEGIES)[number];

/** Everything a deploy needs besides the context. */
export interface DeployOptions {
  image: string;
  strategy: StrategyName;
  maxUnavailable: FractionOrCount;
  /** Per machine: the new version started, and its checks passing. */
  waitTimeoutMs: number;
  settleMs: number;
  filters: TargetFilters;
  /** Merged into every machine's env. */
  env: Record<string, string>;
  /** Set on the app first; their version becomes `min_secrets_version`. */
  secrets: Map<string, string>;
  releaseCommand?: { command: string[]; timeoutMs: number };
  onFailure: 'rollback' | 'halt';
  waitForLeaseMs: number;
  releaseLabel: string;
  /** A client on Fly's platform API for release records and logs; without it neither is used. */
  platform?: FlyClient;
  recordRelease: boolean;
  /** Where the rollback plan is written. */
  planDir: string;
  /** Called once the rollback plan is on disk, before the first change. */
  onRollbackPlan?: (path: string) => void | Promise<void>;
  /** Machine read interval of the watch (default 1 s). */
  pollMs?: number;
  /**
   * The app's fly.toml, when the deploy applies it: each machine gets its process group's config from it (not
   * only the new image), process groups it adds get machines, and the release command runs with its env.
   */
  flyConfig?: FlyConfig;
}

/** How a deploy ended. */
export interface DeployResult {
  status: 'deployed' | 'rolled-back' | 'failed';
  failure?: FailureKind;
  /** What ended the deploy; the action reports it and fails the step. */
  error?: unknown;
  image: string;
  previousImage?: string;
  releaseLabel: string;
  releaseVersion?: number;
  machines: MachineOutcome[];
  rollbackPlanPath?: string;
  restored: RestoredMachine[];
  /** The deploy in words, line by line. */
  timeline: TimelineEntry[];
  /** Each machine's spans (update, start, checks, revert, …): the timeline chart. */
  spans: RolloutSpan[];
  diagnosis?: MachineDiagnosis;
}

function strategyOf(name: StrategyName, maxUnavailable: FractionOrCount): Strategy {
  switch (name) {
    case 'rolling':
      return rolling(maxUnavailable);
    case 'canary':
      return canary(maxUnavailable);
    case 'bluegreen':
      return bluegreen;
    case 'immediate':
      return immediate;
  }
}

/** A machine's full new config: the new image, the env lines merged in, and the release stamped in metadata. */
export function desiredConfig(
  machine: FlyMachine,
  image: string,
  env: Record<string, string>,
  release: { label: string; id?: string; version?: number },
): MachineConfig {
  const config = structuredClone(machine.config ?? {});
  return {
    ...config,
    image,
    ...(Object.keys(env).length === 0 ? {} : { env: { ...config.env, ...env } }),
    metadata: {
      ...config.metadata,
      [RELEASE_LABEL_KEY]: release.label,
      // flyctl stamps these on every machine it deploys (`setMachineReleaseData`); the dashboard reads them.
      ...(release.id === undefined ? {} : { fly_release_id: release.id }),
      ...(release.version === undefined ? {} : { fly_release_version: String(release.version) }),
    },
  };
}

/**
 * Deploys an image to an app's machines: reads and filters them, leases them all, writes the rollback plan,
 * sets secrets, runs the release command, records the release, rolls out with the chosen strategy while the
 * watch follows every changed machine, and on failure restores every changed machine (`on-failure: rollback`).
 * Leases are released however it ends. Deploy failures are returned, not thrown; only a bug or a failure before
 * anything was read throws.
 */
export async function deploy(ctx: EngineContext, options: DeployOptions): Promise<DeployResult> {
  const session = new RolloutSession(ctx, {
    ...(options.platform === undefined ? {} : { platform: options.platform }),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  const { timeline, leases, logs } = session;
  const result: DeployResult = {
    status: 'failed',
    image: options.image,
    releaseLabel: options.releaseLabel,
    machines: [],
    restored: [],
    timeline: [],
    spans: [],
  };
  const watch = new MachineWatch(ctx, {
    ...(logs === undefined ? {} : { logs }),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  let plan: RollbackPlan | undefined;
  const changed = new Set<string>();
  const outcomes = new Map<string, MachineOutcome>();
  try {
    const machines = await session.readApp();
    const selection = selectTargets(machines, options.filters);
    for (const s of selection.skipped) ctx.log.info(`skipping ${s.machine.id}: it ${s.reason}`);
    let targets = selection.targets;
    let fitted: FlyTomlFit | undefined;
    if (options.flyConfig !== undefined) {
      fitted = fitFlyToml(
        options.flyConfig,
        machines.filter((m) => notATarget(m) === undefined),
        targets,
        { image: options.image, processGroups: options.filters.processGroups },
      );
      for (const note of fitted.notes) ctx.log.info(note);
      for (const [group, ids] of fitted.groupsGone) {
        // flyctl destroys these; a deploy that destroys machines cannot be rolled back, so they are left alone.
        ctx.log.warn(
          `${options.flyConfig.file} no longer defines process group "${group}": its ${ids.length} machine(s) (${ids.join(', ')}) are left as they are; destroy them with \`fly machine destroy\` if they are no longer needed`,
        );
      }
      targets = fitted.targets;
      timeline.note(
        `${options.flyConfig.file} fitted: ${fitted.configs.size} machines, ${fitted.creations.length} to create`,
      );
    }
    if (targets.length === 0 && (fitted?.creations.length ?? 0) === 0) {
      throw new DeployFailure(
        'api',
        `no machine of ${ctx.app} to deploy (${machines.length} found, ${selection.skipped.length} skipped)`,
        {
          hint:
            machines.length === 0
              ? `the app has no machines yet; create the first ones with \`fly deploy\` once, then let this action update them`
              : 'widen the process-groups and regions inputs, or leave them empty to deploy every app machine',
        },
      );
    }
    result.previousImage = dominantImage(targets);
    const release: { label: string; id?: string; version?: number } = { label: options.releaseLabel };
    const fromFile = fitted?.configs;
    const desired = (m: FlyMachine): MachineConfig =>
      desiredConfig(
        fromFile?.has(m.id) === true ? { ...m, config: fromFile.get(m.id) } : m,
        options.image,
        options.env,
        release,
      );
    if (options.strategy === 'bluegreen') {
      const problem = bluegreenProblem({ desired }, targets);
      if (problem !== undefined) {
        throw new DeployFailure('checks-timeout', `${problem}; nothing was changed`, {
          hint: 'add checks to the services (or top-level checks) of the app, or use strategy: rolling or canary',
        });
      }
    }
    for (const m of targets) outcomeRow(outcomes, options.image, m);

    await session.lease(
      targets.map((m) => m.id),
      { waitMs: options.waitForLeaseMs, description: `deploy-actions fly-deploy ${options.releaseLabel}` },
    );

    plan = buildRollbackPlan(ctx.app, targets, {
      releaseLabel: options.releaseLabel,
      image: options.image,
      now: ctx.clock.now(),
      ...(options.flyConfig === undefined
        ? {}
        : { applied: desired, flyToml: { file: options.flyConfig.file, sha256: options.flyConfig.sha256 } }),
    });
    const planRef = plan;
    result.rollbackPlanPath = await writeRollbackPlan(plan, options.planDir);
    await options.onRollbackPlan?.(result.rollbackPlanPath);
    timeline.note('rollback plan written');

    let minSecretsVersion: number | undefined;
    if (options.secrets.size > 0) {
      timeline.note(`set ${options.secrets.size} secrets`);
      const update = await ctx.client.setSecrets(ctx.app, Object.fromEntries(options.secrets));
      minSecretsVersion = update.version;
      ctx.log.info(
        `set secrets ${[...options.secrets.keys()].join(', ')} (secrets version ${minSecretsVersion ?? '?'})`,
      );
    }

    if (options.recordRelease) {
      const recorded = await session.recordRelease({
        app: ctx.app,
        image: options.image,
        strategy: options.strategy,
        definition: { image: options.image, label: options.releaseLabel },
      });
      if (recorded !== undefined) {
        release.id = recorded.id;
        if (recorded.version !== undefined) release.version = recorded.version;
        result.releaseVersion = recorded.version;
        timeline.note(`release v${recorded.version ?? '?'} recorded`);
      }
    }

    if (options.releaseCommand !== undefined) {
      timeline.note('release command');
      const like = targets.find((m) => processGroupOf(m) === 'app') ?? targets[0];
      // With fly.toml, the command runs with fly.toml's env and [deploy] release_command_vm, as flyctl runs it.
      const fromToml =
        options.flyConfig === undefined
          ? undefined
          : releaseCommandMachineConfig(
              options.flyConfig,
              options.image,
              options.releaseCommand.command.join(' '),
            );
      const guest = fromToml?.['guest'] ?? like?.config?.['guest'];
      await runReleaseCommand(ctx, {
        command: options.releaseCommand.command,
        image: options.image,
        env: { ...(fromToml?.env ?? like?.config?.env), ...options.env },
        ...(like?.region === undefined ? {} : { region: like.region }),
        ...(guest === undefined ? {} : { guest }),
        metadata: {
          [RELEASE_LABEL_KEY]: options.releaseLabel,
          ...(release.id === undefined ? {} : { fly_release_id: release.id }),
        },
        timeoutMs: options.releaseCommand.timeoutMs,
        ...(minSecretsVersion === undefined ? {} : { minSecretsVersion }),
        ...(logs === undefined ? {} : { logs }),
        ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
        timeline,
      });
    }

    const rollout: Rollout = {
      ctx,
      leases,
      watch,
      plan: planRef,
      savePlan: async () => {
        await writeRollbackPlan(planRef, options.planDir);
      },
      desired,
      image: options.image,
      waitTimeoutMs: options.waitTimeoutMs,
      settleMs: options.settleMs,
      ...(minSecretsVersion === undefined ? {} : { minSecretsVersion }),
      changed,
      outcomes,
      timeline,
    };
    if (fitted !== undefined && options.flyConfig !== undefined && fitted.creations.length > 0) {
      await createGroupMachines(rollout, options.flyConfig, fitted.creations, (config) =>
        desiredConfig(
          { id: '', state: 'created', version: undefined, config },
          options.image,
          options.env,
          release,
        ),
      );
    }
    timeline.note(`roll out (${options.strategy})`);
    await strategyOf(options.strategy, options.maxUnavailable)(rollout, targets);
    const late = watch.failed;
    if (late !== undefined) throw late;
    result.status = 'deployed';
    timeline.note('deployed');
    await session.finishRelease();
  } catch (e) {
    const error = session.failed(e, { showKind: true });
    result.error = error;
    result.failure = failureKindOf(error);
    if (error instanceof DeployFailure && error.diagnosis !== undefined) result.diagnosis = error.diagnosis;
    if (result.failure === 'cancelled') {
      for (const row of outcomes.values())
        if (changed.has(row.id) && row.result !== 'updated') row.result = 'cancelled';
    } else {
      await watch.close();
      if (
        options.onFailure === 'rollback' &&
        plan !== undefined &&
        (changed.size > 0 || plan.created.length > 0)
      ) {
        ctx.log.info(`rolling back: restoring ${changed.size} machine(s) to their previous config`);
        result.restored = await session.restore(
          plan,
          { only: changed, waitTimeoutMs: options.waitTimeoutMs, settleMs: options.settleMs },
          `restore ${changed.size} machines`,
        );
        const failedRestores = result.restored.filter((r) => r.result === 'failed');
        for (const r of result.restored) {
          const row = outcomes.get(r.machineId);
          if (row !== undefined) row.result = r.result === 'failed' ? 'restore-failed' : 'rolled-back';
        }
        result.status = failedRestores.length === 0 ? 'rolled-back' : 'failed';
        timeline.note(
          failedRestores.length === 0
            ? 'rolled back'
            : `rollback incomplete: ${failedRestores.map((r) => r.machineId).join(', ')}`,
        );
      }
    }
    await session.finishRelease(error);
    if (!(error instanceof DeployActionError) && !(error instanceof FlyApiError)) {
      ctx.log.debug(
        `deploy ended by an unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  } finally {
    await watch.close();
    await session.close();
    result.machines = [...outcomes.values()];
    result.timeline = timeline.lines;
    result.spans = timeline.spans;
  }
  return result;
}
