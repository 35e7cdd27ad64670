import type { MachineConfig } from '@deploy-actions/core';
import { defaultGuest, machineConfigForGroup, PROCESS_GROUP_METADATA } from './machine-config.ts';
import { defaultProcessName, processNames, servicesForGroup } from './model.ts';
import type { FlyConfig } from './model.ts';

// How fly.toml meets the machines an app already has: superfly/flyctl internal/command/deploy
// machines_deploymachinesapp.go (resolveProcessGroupChanges, deployCreateMachinesForGroups) and
// machines_launchinput.go (launchInputForUpdate, launchInputForLaunch).

/** What {@link planProcessGroups} needs of a machine. */
export interface MachineSummary {
  id: string;
  config?: { metadata?: Record<string, string> };
}

/**
 * A machine's process group as fly-go reads it (`MachineConfig.ProcessGroup`): `fly_process_group`, else the
 * older `process_group`, else empty.
 */
export function machineProcessGroup(machine: MachineSummary): string {
  const metadata = machine.config?.metadata ?? {};
  return metadata[PROCESS_GROUP_METADATA] || metadata['process_group'] || '';
}

/** A machine to create for a process group fly.toml adds. */
export interface NewMachinePlan {
  group: string;
  /**
   * `primary` is the group's first machine; `second` the extra one flyctl adds for groups with services; `standby`
   * a stopped stand-in for the primary, for groups without services (it needs the primary's id).
   */
  role: 'primary' | 'second' | 'standby';
}

/** How fly.toml's process groups compare with the app's machines. */
export interface ProcessGroupPlan {
  /** Groups fly.toml defines that have no machine, sorted. */
  groupsNeedingMachines: string[];
  /** The machines to create for them, in order (a standby after its primary). */
  machinesToCreate: NewMachinePlan[];
  /**
   * Groups the machines have that fly.toml no longer defines, each with its machine ids. flyctl destroys these
   * machines; fly-deploy leaves them alone and warns, since destroying is not undoable by a rollback.
   */
  groupsGone: Map<string, string[]>;
}

/**
 * Compares fly.toml's process groups with the app's machines (flyctl resolveProcessGroupChanges). A machine with
 * no process group metadata belongs to the default group. New groups get machines as flyctl's high-availability
 * default gives them (deployCreateMachinesForGroups): one machine when the group mounts a volume, two when it has
 * services, otherwise one and a standby; `highAvailability: false` gives one machine each (flyctl `--ha=false`).
 *
 * @param onlyGroups Limit to these groups (fly-deploy's `process-groups` filter), as flyctl's ProcessNames does.
 */
export function planProcessGroups(
  config: FlyConfig,
  machines: readonly MachineSummary[],
  options: { onlyGroups?: readonly string[]; highAvailability?: boolean } = {},
): ProcessGroupPlan {
  const wanted = processNames(config).filter(
    (g) =>
      options.onlyGroups === undefined || options.onlyGroups.length === 0 || options.onlyGroups.includes(g),
  );
  const withMachines = new Set<string>();
  const groupsGone = new Map<string, string[]>();
  for (const machine of machines) {
    // A machine with no group is deployed as the default group (flyctl's ToMachineConfig("") does the same when
    // it updates one; its resolveProcessGroupChanges would destroy it, which fly-deploy never does).
    const group = machineProcessGroup(machine) || defaultProcessName(config);
    if (wanted.includes(group)) withMachines.add(group);
    else if (!processNames(config).includes(group))
      groupsGone.set(group, [...(groupsGone.get(group) ?? []), machine.id]);
  }
  const groupsNeedingMachines = wanted.filter((g) => !withMachines.has(g)).sort();
  const machinesToCreate = groupsNeedingMachines.flatMap((group): NewMachinePlan[] => {
    const primary: NewMachinePlan = { group, role: 'primary' };
    if (options.highAvailability === false) return [primary];
    const hasMounts = machineConfigForGroup(config, group).mounts !== undefined;
    if (hasMounts) return [primary];
    const { httpService, services } = servicesForGroup(config, group);
    return [
      primary,
      { group, role: httpService !== undefined || services.length > 0 ? 'second' : 'standby' },
    ];
  });
  return { groupsNeedingMachines, machinesToCreate, groupsGone };
}

/** The outcome of fitting fly.toml to one machine: the config to send, or why it cannot be sent in place. */
export type MachineConfigFit =
  { ok: true; config: MachineConfig; notes: string[] } | { ok: false; reason: string };

/** A new machine's config and where to create it. */
export type NewMachineFit =
  { ok: true; config: MachineConfig; region?: string; notes: string[] } | { ok: false; reason: string };

type Mount = NonNullable<MachineConfig['mounts']>[number] & {
  name?: string;
  path?: string;
  volume?: string;
  extend_threshold_percent?: number;
  add_size_gb?: number;
  size_gb_limit?: number;
};

/**
 * The config to send to an existing machine (flyctl launchInputForUpdate): fly.toml's config for the machine's
 * group over its live config, with the new image. The attached volume stays: a machine keeps its volume and only
 * its mount path and auto-extension follow fly.toml. Where flyctl would replace the machine (a volume added,
 * removed or renamed in fly.toml), fly-deploy refuses instead: replacing a machine with a volume loses its data,
 * and no rollback can bring it back.
 */
export function machineConfigForUpdate(
  config: FlyConfig,
  machine: { id: string; config?: MachineConfig },
  image: string,
): MachineConfigFit {
  const live = machine.config ?? {};
  // A machine with no group is fitted to the default group, as flyctl's ToMachineConfig("") does.
  const group = machineProcessGroup(machine) || defaultProcessName(config);
  const next = machineConfigForGroup(config, group, live, image);
  const notes: string[] = [];
  const liveMounts = (live.mounts ?? []) as Mount[];
  const nextMounts = (next.mounts ?? []) as Mount[];
  const wanted = nextMounts[0];
  const attached = liveMounts[0];
  if (attached !== undefined) {
    if (wanted === undefined) {
      return {
        ok: false,
        reason: `machine ${machine.id} has volume ${attached.volume ?? attached.name ?? '?'} attached but fly.toml mounts none for its group; fly-deploy does not replace machines with volumes: keep the [[mounts]] section, or move the machine off the volume yourself`,
      };
    }
    if (attached.name && attached.name !== wanted.name) {
      return {
        ok: false,
        reason: `machine ${machine.id} has volume "${attached.name}" attached but fly.toml mounts "${wanted.name}"; a machine cannot change volumes in place and fly-deploy does not replace machines with volumes`,
      };
    }
    const kept: Mount = { ...attached };
    if (attached.name && attached.path !== wanted.path) {
      notes.push(
        `machine ${machine.id}: volume ${attached.volume ?? attached.name} moves from ${attached.path ?? '?'} to ${wanted.path ?? '?'} (fly.toml [[mounts]] destination)`,
      );
      kept.path = wanted.path;
    }
    // The auto-extension settings always follow fly.toml, as in flyctl.
    for (const key of ['extend_threshold_percent', 'add_size_gb', 'size_gb_limit'] as const) {
      if (wanted[key] === undefined) delete kept[key];
      else kept[key] = wanted[key];
    }
    next.mounts = [kept, ...liveMounts.slice(1)];
  } else if (wanted !== undefined) {
    return {
      ok: false,
      reason: `fly.toml mounts volume "${wanted.name}" but machine ${machine.id} has none; a volume can only be attached to a new machine: create the machine with its volume yourself (fly machine clone --attach-volume), then deploy`,
    };
  }
  // A standby that now serves traffic stops being a standby (launchInputForUpdate).
  const standbys = (next as { standbys?: unknown[] }).standbys;
  if ((next.services ?? []).length > 0 && Array.isArray(standbys) && standbys.length > 0) {
    delete (next as { standbys?: unknown[] }).standbys;
    if (next.env !== undefined) delete next.env['FLY_STANDBY_FOR'];
  }
  return { ok: true, config: next, notes };
}

/**
 * The config of a machine to create for a new process group (flyctl launchInputForLaunch): fly.toml's config for
 * the group with the image, the default guest when no `[[vm]]` sizes it, and for a standby the machine it stands
 * in for. A group that mounts a volume is refused: fly-deploy does not look up or create volumes.
 *
 * @param standbyFor The primary's machine id, for a standby.
 */
export function machineConfigForNewMachine(
  config: FlyConfig,
  group: string,
  image: string,
  standbyFor?: string,
): NewMachineFit {
  const next = machineConfigForGroup(config, group, undefined, image);
  if (next.mounts !== undefined) {
    return {
      ok: false,
      reason: `process group "${group}" mounts a volume; fly-deploy does not create machines with volumes: create its first machine with \`fly machine run --volume\` or \`fly deploy\`, then deploy`,
    };
  }
  const out = next as MachineConfig & { guest?: unknown; standbys?: string[] };
  out.guest ??= defaultGuest();
  if (standbyFor !== undefined) {
    out.standbys = [standbyFor];
    out.env = { ...(out.env ?? {}), FLY_STANDBY_FOR: standbyFor };
  }
  // flyctl creates new machines in the primary region.
  const region = config.primary_region;
  return {
    ok: true,
    config: out,
    region,
    notes:
      region === undefined
        ? [`fly.toml has no primary_region: Fly picks the region of the new ${group} machine`]
        : [],
  };
}
