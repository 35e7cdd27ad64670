export { loadAction, readActionDefinition, repoRoot } from './action-definition.ts';
export type { ActionDefinition, ActionInput, NodeActionDefinition } from './action-definition.ts';
export { contractProblems, contractRecorder } from './fly-contract.ts';
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
export { inputEnvName } from './inputs.ts';
export { findLeaks, formatLeaks, minimumSecretLength } from './leaks.ts';
export type { Leak } from './leaks.ts';
export { node24Path } from './node24.ts';
export { cleanupStep, runStep, runStepWithPost } from './run-step.ts';
export type { StepOptions, StepResult, StepWithPostResult } from './run-step.ts';
export type { Annotation } from './step-log.ts';
export { parseWorkflowCommand } from './workflow-commands.ts';
export type { WorkflowCommand } from './workflow-commands.ts';
