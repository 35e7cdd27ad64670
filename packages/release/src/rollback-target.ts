import {
  DeployActionError,
  type FlyClient,
  type FlyMachine,
  type MachineConfig,
  type MachineVersion,
  type ReleaseRecord,
} from '@deploy-actions/core';
import type { EngineContext } from './context.ts';
import { dominantImage, mostCommonImage, type RollbackPlan } from './rollback-plan.ts';
import { RELEASE_LABEL_KEY } from './targets.ts';

/**
 * Metadata key a rollback stamps on every machine it changes, holding the id of the release it recorded: while a
 * machine's `fly_release_id` still equals it, the machine runs a release that a rollback put back, which is good by
 * definition, so the last known good release is that one and a rerun changes nothing.
 */
export const ROLLBACK_KEY = 'deploy_actions_rollback';

/** Metadata keys that say which release record a config belongs to, not what runs: ignored when comparing. */
export const RELEASE_STAMP_KEYS: readonly string[] = ['fly_release_id', 'fly_release_version', ROLLBACK_KEY];

/** Where a rollback target came from, first given first: the plan, a release label, an image, the history. */
export type RollbackSource = 'rollback-plan' | 'to-release' | 'to-image' | 'last-known-good';

/** What a rollback puts back: a full config per machine, and what that amounts to. */
export interface RollbackTarget {
  source: RollbackSource;
  /** The image most machines go back to. */
  image?: string;
  /** The release restored: its label (our metadata) and its version in Fly's release history, when known. */
  release: { label?: string; version?: number };
  /** Machine id → the full config to put back. Machines absent here are left alone. */
  configs: Map<string, MachineConfig>;
  /** Machine id → how its config was found, when it is worth telling (e.g. no recorded version held the image). */
  notes: Map<string, string>;
  /** Temporary machines the target itself names (a plan's `created`): destroyed. */
  created: string[];
}

/** The error for "nothing to roll back to": nothing was changed, and what to pass instead. */
function cannotDetermine(message: string): DeployActionError {
  return new DeployActionError(`${message}; nothing was changed`, {
    code: 'no-rollback-target',
    hint: "pass what to go back to: rollback-plan (fly-deploy's output), to-release (a release label fly-deploy stamped) or to-image; the manual way is `fly releases --image -a <app>`, then `fly deploy --image <ref>`",
  });
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function withoutStamps(config: MachineConfig): MachineConfig {
  const metadata = { ...config.metadata };
  for (const key of RELEASE_STAMP_KEYS) delete metadata[key];
  return { ...config, metadata };
}

/**
 * Whether a machine already runs this config: the same full config, whatever release record it is stamped with
 * (a rollback stamps its own), key order aside.
 */
export function sameRunningConfig(current: MachineConfig | undefined, target: MachineConfig): boolean {
  return stableStringify(withoutStamps(current ?? {})) === stableStringify(withoutStamps(target));
}

/** From fly-deploy's rollback plan: each machine it recorded, and the temporary machines it created. */
export function targetFromPlan(plan: RollbackPlan, app: string): RollbackTarget {
  if (plan.app !== app) {
    throw new DeployActionError(`the rollback plan is for app ${plan.app}, not ${app}; nothing was changed`, {
      code: 'invalid-rollback-plan',
      hint: 'pass the rollback-plan output of the fly-deploy step that deployed this app',
    });
  }
  return {
    source: 'rollback-plan',
    ...(plan.previousImage === undefined ? {} : { image: plan.previousImage }),
    release: {},
    configs: new Map(plan.machines.map((m) => [m.id, m.config])),
    notes: new Map(),
    created: [...plan.created],
  };
}

/** Every machine keeps its config and gets this image. */
export function targetFromImage(machines: readonly FlyMachine[], image: string): RollbackTarget {
  return {
    source: 'to-image',
    image,
    release: {},
    configs: new Map(machines.map((m) => [m.id, { ...structuredClone(m.config ?? {}), image }])),
    notes: new Map(),
    created: [],
  };
}

async function versionsOf(
  ctx: EngineContext,
  machines: readonly FlyMachine[],
): Promise<Map<string, MachineVersion[]>> {
  const entries = await Promise.all(
    machines.map(async (m) => [m.id, await ctx.client.listVersions(ctx.app, m.id)] as const),
  );
  return new Map(entries);
}

function newest(
  versions: readonly MachineVersion[],
  match: (c: MachineConfig) => boolean,
): MachineConfig | undefined {
  // Fly lists versions newest first; a version without a config cannot be restored.
  return versions.find((v) => v.user_config !== undefined && match(v.user_config))?.user_config;
}

/**
 * The config each machine had under a release label fly-deploy stamped (metadata `deploy_actions_release`), read
 * from the machine's `versions`. A machine that never ran the label cannot be put back on it: that is an error
 * naming the machines, before any change.
 */
export async function targetFromReleaseLabel(
  ctx: EngineContext,
  machines: readonly FlyMachine[],
  label: string,
): Promise<RollbackTarget> {
  const versions = await versionsOf(ctx, machines);
  const configs = new Map<string, MachineConfig>();
  const missing: string[] = [];
  for (const m of machines) {
    const config = newest(versions.get(m.id) ?? [], (c) => c.metadata?.[RELEASE_LABEL_KEY] === label);
    if (config === undefined) missing.push(m.id);
    else configs.set(m.id, config);
  }
  if (missing.length > 0) {
    throw cannotDetermine(
      `release ${label} is not among the recorded versions of machine(s) ${missing.join(', ')} (they never ran it, or Fly no longer keeps that version)`,
    );
  }
  const release: RollbackTarget['release'] = { label };
  const image = mostCommonImage([...configs.values()].map((c) => c.image));
  return {
    source: 'to-release',
    ...(image === undefined ? {} : { image }),
    release,
    configs,
    notes: new Map(),
    created: [],
  };
}

function releaseVersionOf(m: FlyMachine): number | undefined {
  const text = m.config?.metadata?.['fly_release_version'];
  const n = text === undefined ? NaN : Number(text);
  return Number.isInteger(n) ? n : undefined;
}

/**
 * Picks the last known good release from Fly's release history (newest first) and the machines as they are:
 * when every machine runs a release a rollback put back, that release; else the newest `complete` release older
 * than the newest release any machine carries (a half-finished rollout counts as that newer release), or, when
 * the machines carry no release stamp, the newest `complete` release of another image than the one running.
 */
export function lastKnownGood(
  releases: readonly ReleaseRecord[],
  machines: readonly FlyMachine[],
): ReleaseRecord | undefined {
  const complete = releases.filter((r) => r.status === 'complete' && r.image_ref !== undefined);
  const restored = machines.every(
    (m) =>
      m.config?.metadata?.[ROLLBACK_KEY] !== undefined &&
      m.config.metadata[ROLLBACK_KEY] === m.config.metadata['fly_release_id'],
  );
  const current = Math.max(...machines.map((m) => releaseVersionOf(m) ?? -Infinity));
  if (machines.length > 0 && restored) return complete.find((r) => r.version === current);
  if (Number.isFinite(current)) return complete.find((r) => r.version !== undefined && r.version < current);
  const running = dominantImage(machines);
  return complete.find((r) => r.image_ref !== running);
}

/**
 * The last known good release (see {@link lastKnownGood}), cross-checked with each machine's `versions`: a
 * machine goes back to the newest config it had with that release's image (so env and services come back as they
 * were too); one that never ran it keeps its config with the image changed, and says so.
 */
export async function targetFromHistory(
  ctx: EngineContext,
  platform: FlyClient,
  machines: readonly FlyMachine[],
): Promise<RollbackTarget> {
  let releases: ReleaseRecord[];
  try {
    releases = await platform.listReleases(ctx.app, { limit: 50 });
  } catch (e) {
    throw cannotDetermine(
      `could not read the release history of ${ctx.app} (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
    );
  }
  const good = lastKnownGood(releases, machines);
  const image = good?.image_ref;
  if (good === undefined || image === undefined) {
    throw cannotDetermine(
      `no earlier complete release of ${ctx.app} in Fly's release history (${releases.length} release(s) read)`,
    );
  }
  const versions = await versionsOf(ctx, machines);
  const configs = new Map<string, MachineConfig>();
  const notes = new Map<string, string>();
  for (const m of machines) {
    const recorded = versions.get(m.id) ?? [];
    const config =
      newest(
        recorded,
        (c) => c.image === image && c.metadata?.['fly_release_version'] === String(good.version),
      ) ?? newest(recorded, (c) => c.image === image);
    if (config !== undefined) configs.set(m.id, config);
    else {
      configs.set(m.id, { ...structuredClone(m.config ?? {}), image });
      notes.set(m.id, `no recorded version ran ${image}: its current config with that image`);
    }
  }
  const labels = [...configs.values()]
    .map((c) => c.metadata?.[RELEASE_LABEL_KEY])
    .filter((l) => l !== undefined);
  const label = labels[0];
  return {
    source: 'last-known-good',
    image,
    release: {
      ...(label === undefined ? {} : { label }),
      ...(good.version === undefined ? {} : { version: good.version }),
    },
    configs,
    notes,
    created: [],
  };
}
