// Public surface of @deploy-actions/core; each module re-exports its own pieces here. Test helpers are at
// @deploy-actions/core/testing, out of the actions' API.
export * from './detectors.ts';
export * from './directories.ts';
export * from './durations.ts';
export * from './errors.ts';
export * from './inputs.ts';
export * from './json-path.ts';
export * from './log.ts';
export * from './proof.ts';
export * from './redaction-stream.ts';
export * from './rollout-chart.ts';
export * from './rollout-spans.ts';
export * from './run.ts';
export * from './secrets.ts';
export * from './summary.ts';
export * from './fly/index.ts';
