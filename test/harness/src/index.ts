export { loadAction, readActionDefinition, repoRoot } from './action-definition.ts';
export type { ActionDefinition, ActionInput, NodeActionDefinition } from './action-definition.ts';
export { contractProblems, contractRecorder, specSchemaProblems } from './fly-contract.ts';
export {
  flySpec,
  findMachinesOpenApi,
  machinesOpenApiPath,
  MACHINES_OPENAPI_SHA256,
  MACHINES_OPENAPI_URL,
  prepareMachinesOpenApi,
  resolveMachinesOpenApi,
} from './fly-spec.ts';
export type { FlySpec, OpenApi, OpenApiOperation, SpecLocations } from './fly-spec.ts';
export { parseKeyValueFile, parsePathFile } from './file-commands.ts';
export type { KeyValueFile } from './file-commands.ts';
export { inputEnvName } from '@deploy-actions/core/testing';
export { leakForms, runnerEncodings } from './encodings.ts';
export { findLeaks, formatLeaks, minimumSecretLength } from './leaks.ts';
export type { Leak, LeakScanInput } from './leaks.ts';
export { createMasker } from './masker.ts';
export type { Masker } from './masker.ts';
export { fakeRuntimeToken } from './runner-env.ts';
export type { RuntimeServices } from './runner-env.ts';
export { node24Path, runnerNode24Version } from './node24.ts';
export { cleanupStep, runStep, runStepWithPost, startJobSteps } from './run-step.ts';
export type { JobOptions, JobSteps, StepOptions, StepResult, StepWithPostResult } from './run-step.ts';
export { createStepLog } from './step-log.ts';
export type { Annotation, StepLog } from './step-log.ts';
export { commandProperty, parseWorkflowCommand, registeredCommands } from './workflow-commands.ts';
export type { WorkflowCommand } from './workflow-commands.ts';
