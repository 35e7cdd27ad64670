// Public surface of @deploy-actions/release: the release engine shared by fly-deploy, health-gate and
// rollback-on-failure. Each piece works on an EngineContext (client, app, signal, logger, clock).
export { engineContext, systemClock, type Clock, type EngineContext, type EngineLog } from './context.ts';
export {
  deploy,
  desiredConfig,
  STRATEGIES,
  type DeployOptions,
  type DeployResult,
  type StrategyName,
} from './deploy.ts';
export {
  configuredCheckCount,
  crashesSince,
  eventsSince,
  exitAfterStart,
  exitRecord,
  launchFailureSince,
  markEvents,
  type EventMark,
  type ExitRecord,
} from './events.ts';
export { DeployFailure, failureKindOf, type FailureKind, type MachineDiagnosis } from './failure.ts';
export { openReleaseClients, type ReleaseClients } from './fly-clients.ts';
export {
  machineOutput,
  machineTable,
  recordMachineSteps,
  timelineSections,
  type MachineReportRow,
} from './machine-report.ts';
export { LeaseSet, type AcquireAllOptions } from './leases.ts';
export { flyLogReader, MAX_LOG_LINES, type LogReader, type MachineLogs } from './logs.ts';
export { batchSize, isRunning, planImmediate, planRolling, type RolloutPlan, type Wave } from './plan.ts';
export {
  releaseCommandConfig,
  runReleaseCommand,
  type ReleaseCommand,
  type ReleaseCommandResult,
} from './release-command.ts';
export {
  platformUrlFor,
  ReleaseRecorder,
  type RecordedRelease,
  type ReleaseStatus,
} from './release-record.ts';
export { restore, type RestoredMachine, type RestoreOptions } from './restore.ts';
export {
  buildRollbackPlan,
  dominantImage,
  mostCommonImage,
  readRollbackPlan,
  recordedConfig,
  ROLLBACK_PLAN_SCHEMA,
  rollbackPlanSchema,
  writeRollbackPlan,
  type RollbackPlan,
  type RollbackPlanMachine,
} from './rollback-plan.ts';
export {
  rollBack,
  ROLLBACK_STRATEGIES,
  type RollbackOptions,
  type RollbackRequest,
  type RollbackResult,
  type RolledBackMachine,
} from './rollback.ts';
export {
  lastKnownGood,
  RELEASE_STAMP_KEYS,
  ROLLBACK_KEY,
  sameRunningConfig,
  targetFromHistory,
  targetFromImage,
  targetFromPlan,
  targetFromReleaseLabel,
  type RollbackSource,
  type RollbackTarget,
} from './rollback-target.ts';
export { type MachineOutcome, type Rollout, type Strategy } from './rollout.ts';
export { RolloutTimeline, spanOutcomeOf, type OpenSpan, type TimelineEntry } from './rollout-timeline.ts';
export { createTracked, RUN_KEY, waitCreated, type TrackedCreate } from './create.ts';
export { bluegreen, canary, immediate, rolling } from './strategies.ts';
export {
  CONSOLE_GROUP,
  notATarget,
  PROCESS_GROUP_KEY,
  processGroupOf,
  RELEASE_COMMAND_GROUP,
  RELEASE_LABEL_KEY,
  selectTargets,
  TEMPORARY_KEY,
  type TargetFilters,
  type TargetSelection,
} from './targets.ts';
export { updateMachine, waitForVersion, type MachineChange } from './update.ts';
export { MachineWatch, type HealthWait, type MachineWatchOptions, type WatchedMachine } from './watch.ts';
