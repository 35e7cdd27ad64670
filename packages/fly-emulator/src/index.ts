export { startFlyEmulator } from './emulator.ts';
export type {
  EmulatorOptions,
  EmulatorState,
  FlyEmulator,
  MachineSnapshot,
  RequestRecord,
  ResponseRecord,
} from './emulator.ts';
export { describeConfigIssues, EmulatorConfigSchema, FaultSchema, ImageBehaviourSchema } from './config.ts';
export type {
  AppConfig,
  EmulatorConfig,
  EmulatorConfigInput,
  Fault,
  FaultInput,
  ImageBehaviour,
  ImageBehaviourInput,
  TokenConfig,
} from './config.ts';
export type { CheckStatus } from './checks.ts';
export type { MachineConfig } from './machine-config.ts';
export type { Release, ReleaseStatus } from './releases.ts';
