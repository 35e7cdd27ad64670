// Public surface of @deploy-actions/proof-bundle.
export * from './bundle-reader.ts';
export * from './deployment-payload.ts';
export * from './manifest.ts';
export * from './statement.ts';
export * from './verify.ts';
