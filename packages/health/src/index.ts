// Public surface of @deploy-actions/health: the health analysis shared by health-gate, fly-deploy and
// rollback-on-failure (same keys, same meaning, one implementation).
export * from './clock.ts';
export * from './evaluate.ts';
export * from './gate.ts';
export * from './latency.ts';
export * from './probe.ts';
export * from './status.ts';
export * from './targets.ts';
export * from './target-table.ts';
export * from './inputs.ts';
