// Public surface of @deploy-actions/fly-config: read a fly.toml, and turn it into Fly machine configs.
export { formatKeyPath, formatProblem, FlyTomlError } from './problems.ts';
export type { FlyTomlProblem, KeyPath } from './problems.ts';
export { loadFlyToml, MAX_FLY_TOML_BYTES, parseFlyToml } from './load.ts';
export type { LoadedFlyConfig, ParseFlyTomlOptions } from './load.ts';
export { appliesToGroup, computeForGroup, DEFAULT_GROUP, defaultProcessName, processNames } from './model.ts';
export type { FlyConfig } from './model.ts';
export { computeToGuest, DEFAULT_VM_SIZE, VM_SIZES } from './guest.ts';
export type { MachineGuest } from './guest.ts';
export {
  machineConfigForGroup,
  PROCESS_GROUP_METADATA,
  RELEASE_COMMAND_GROUP,
  releaseCommandMachineConfig,
} from './machine-config.ts';
export {
  machineConfigForNewMachine,
  machineConfigForUpdate,
  machineProcessGroup,
  planProcessGroups,
} from './rollout-plan.ts';
export type {
  MachineConfigFit,
  MachineSummary,
  NewMachineFit,
  NewMachinePlan,
  ProcessGroupPlan,
} from './rollout-plan.ts';
export {
  DEPLOY_SETTING_KEYS,
  flyTomlDeploySettings,
  resolveDeploySettings,
  withInputEnv,
} from './deploy-settings.ts';
export type {
  DeploySettings,
  ResolvedDeploySettings,
  ResolvedSetting,
  SettingSource,
} from './deploy-settings.ts';
export { UNSUPPORTED_KEYS } from './unsupported-keys.ts';
export { formatGoDuration, parseGoDuration, splitCommandLine } from './go-units.ts';
