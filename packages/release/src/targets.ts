import type { FlyMachine } from '@deploy-actions/core';

/** Metadata key holding the release label fly-deploy stamped on a machine. */
export const RELEASE_LABEL_KEY = 'deploy_actions_release';
/** Metadata key marking a machine the engine created for a while (`canary`, `green`); its value is the kind. */
export const TEMPORARY_KEY = 'deploy_actions_temporary';
/** Fly's process-group metadata key (superfly/fly-go `machine_types.go` `MachineConfigMetadataKeyFlyProcessGroup`). */
export const PROCESS_GROUP_KEY = 'fly_process_group';
/** The group flyctl gives release-command machines. */
export const RELEASE_COMMAND_GROUP = 'fly_app_release_command';
/** The group flyctl gives `fly console` machines. */
export const CONSOLE_GROUP = 'fly_app_console';

const GONE = new Set(['destroyed', 'destroying']);

/** A machine's process group; Fly treats a machine without one as `app`. */
export function processGroupOf(machine: FlyMachine): string {
  return machine.config?.metadata?.[PROCESS_GROUP_KEY] ?? 'app';
}

/** Why a machine is not a deploy target, or undefined when it is one. */
export function notATarget(machine: FlyMachine): string | undefined {
  if (GONE.has(machine.state)) return `is ${machine.state}`;
  const group = processGroupOf(machine);
  if (group === RELEASE_COMMAND_GROUP) return 'runs a release command';
  if (group === CONSOLE_GROUP) return 'is a console machine';
  const temporary = machine.config?.metadata?.[TEMPORARY_KEY];
  if (temporary !== undefined) return `is a temporary ${temporary} machine of an earlier deploy`;
  return undefined;
}

/** Which machines to deploy: process groups and regions (empty = all). */
export interface TargetFilters {
  processGroups: readonly string[];
  regions: readonly string[];
}

/** The machines chosen and why the others were left out. */
export interface TargetSelection {
  targets: FlyMachine[];
  skipped: { machine: FlyMachine; reason: string }[];
}

/**
 * Picks the app machines a deploy updates: not release-command, console or temporary machines, and within the
 * filters. Sorted by process group, then region, then id, so plans are the same on every run.
 */
export function selectTargets(machines: readonly FlyMachine[], filters: TargetFilters): TargetSelection {
  const targets: FlyMachine[] = [];
  const skipped: TargetSelection['skipped'] = [];
  for (const machine of machines) {
    const reason =
      notATarget(machine) ??
      (filters.processGroups.length > 0 && !filters.processGroups.includes(processGroupOf(machine))
        ? `is in process group ${processGroupOf(machine)}, not in process-groups`
        : filters.regions.length > 0 && !filters.regions.includes(machine.region ?? '')
          ? `is in region ${machine.region ?? '(none)'}, not in regions`
          : undefined);
    if (reason === undefined) targets.push(machine);
    else skipped.push({ machine, reason });
  }
  targets.sort(
    (a, b) =>
      processGroupOf(a).localeCompare(processGroupOf(b)) ||
      (a.region ?? '').localeCompare(b.region ?? '') ||
      a.id.localeCompare(b.id),
  );
  return { targets, skipped };
}
