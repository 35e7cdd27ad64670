import type { FlyMachine, MachineConfig } from '@deploy-actions/core';
import {
  machineConfigForNewMachine,
  machineConfigForUpdate,
  planProcessGroups,
  type FlyConfig,
  type NewMachinePlan,
} from '@deploy-actions/fly-config';
import { createTracked, waitCreated } from './create.ts';
import { DeployFailure } from './failure.ts';
import { outcomeOf, type Rollout } from './rollout.ts';

/** What fly.toml asks of the app's machines, worked out before anything changes. */
export interface FlyTomlFit {
  /** Each target's config from fly.toml over its live config, with the new image. */
  configs: Map<string, MachineConfig>;
  /** Machines to create for process groups fly.toml adds, in order. */
  creations: NewMachinePlan[];
  /** Groups the machines have that fly.toml no longer defines, with their machine ids: left alone. */
  groupsGone: Map<string, string[]>;
  /** The targets fly.toml still has a group for: the ones to update. */
  targets: FlyMachine[];
  /** Things worth saying (a volume's mount path moving, no primary region for new machines). */
  notes: string[];
}

/**
 * Fits fly.toml to the app before any change: the config of every target, the machines new process groups need
 * and the groups fly.toml dropped. Every machine fly.toml cannot be applied to (a volume it would have to
 * replace, a new group with a volume) is reported at once, and nothing is changed.
 *
 * @param appMachines The app's machines that are not release-command, console or temporary machines.
 * @throws DeployFailure `config` listing every machine fly.toml cannot be applied to.
 */
export function fitFlyToml(
  config: FlyConfig,
  appMachines: readonly FlyMachine[],
  targets: readonly FlyMachine[],
  options: { image: string; processGroups: readonly string[] },
): FlyTomlFit {
  const refusals: string[] = [];
  const notes: string[] = [];
  const configs = new Map<string, MachineConfig>();
  const plan = planProcessGroups(config, appMachines, { onlyGroups: options.processGroups });
  const leftAlone = new Set([...plan.groupsGone.values()].flat());
  for (const machine of targets.filter((m) => !leftAlone.has(m.id))) {
    const fit = machineConfigForUpdate(config, machine, options.image);
    if (fit.ok) {
      configs.set(machine.id, fit.config);
      notes.push(...fit.notes);
    } else refusals.push(fit.reason);
  }
  for (const group of plan.groupsNeedingMachines) {
    const fit = machineConfigForNewMachine(config, group, options.image);
    if (fit.ok) notes.push(...fit.notes);
    else refusals.push(fit.reason);
  }
  if (refusals.length > 0) {
    throw new DeployFailure(
      'config',
      `${config.file} cannot be applied to this app:\n${refusals.join('\n')}`,
      {
        hint: `nothing was changed; change ${config.file} or the machines as said above, then deploy again`,
      },
    );
  }
  return {
    configs,
    creations: plan.machinesToCreate,
    groupsGone: plan.groupsGone,
    targets: targets.filter((m) => !leftAlone.has(m.id)),
    notes,
  };
}

/**
 * Creates the machines of the process groups fly.toml adds (flyctl deployCreateMachinesForGroups), each recorded
 * in the rollback plan first so a rollback destroys it: a group's first machine and its second one must start and
 * pass their checks like any updated machine; a standby is created stopped, standing in for the first.
 *
 * @param stamp Turns a new machine's fly.toml config into the config to send (env input, release metadata).
 */
export async function createGroupMachines(
  rollout: Rollout,
  config: FlyConfig,
  creations: readonly NewMachinePlan[],
  stamp: (config: MachineConfig) => MachineConfig,
): Promise<void> {
  const primaries = new Map<string, string>();
  for (const creation of creations) {
    const { group, role } = creation;
    const fit = machineConfigForNewMachine(
      config,
      group,
      rollout.image,
      role === 'standby' ? primaries.get(group) : undefined,
    );
    if (!fit.ok) throw new DeployFailure('config', fit.reason, { hint: 'nothing of this group was created' });
    rollout.timeline.note(`create ${role} machine of new process group ${group}`);
    const created = await createTracked(rollout, {
      config: stamp(fit.config),
      ...(fit.region === undefined ? {} : { region: fit.region }),
      ...(role === 'standby' ? { skipLaunch: true } : {}),
      role: 'new',
    });
    if (role === 'primary') primaries.set(group, created.id);
    const row = outcomeOf(rollout, created);
    row.fromImage = '';
    row.processGroup = group;
    row.result = 'failed';
    const started = rollout.ctx.clock.now();
    if (role !== 'standby') await waitCreated(rollout, created, `new group ${group}`);
    row.result = 'created';
    row.seconds = Math.round((rollout.ctx.clock.now() - started) / 1000);
  }
}
