// Public surface of the Fly Machines client.
export {
  DEFAULT_FLY_API_URL,
  FlyClient,
  retryAfterMs,
  type AcquireLeaseOptions,
  type CreateReleaseRequest,
  type CreateMachineRequest,
  type FlyClientOptions,
  type FlyRetryOptions,
  type LeaseOption,
  type ListMachinesOptions,
  type StopOptions,
  type UpdateMachineRequest,
  type WaitForStateOptions,
} from './client.ts';
export { exitDetails, isCrashLooping, type ExitDetails } from './crash.ts';
export { FlyApiError, transportReason, type FlyApiErrorDetails } from './errors.ts';
export { MachineLease } from './lease.ts';
export type {
  AppSecret,
  CheckStatus,
  CurrentToken,
  FlyApp,
  FlyMachine,
  Lease,
  LogEntry,
  MachineConfig,
  MachineEvent,
  MachineVersion,
  ReleaseRecord,
  TokenInfo,
  WaitMachineResponse,
} from './schemas.ts';
export {
  describeFlyTokenProblem,
  describeTokenCharacterProblem,
  parseFlyToken,
  type FlyToken,
  type FlyTokenKind,
} from './token.ts';
