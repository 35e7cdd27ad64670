// Public surface of @deploy-actions/core; each module re-exports its own pieces here.
export {};
