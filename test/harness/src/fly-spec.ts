import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './action-definition.ts';

/**
 * Where Fly's Machines API spec is: `FLY_MACHINES_OPENAPI` when set, else `shared/fly/machines-openapi.json` beside
 * the repository (where the workplace and CI put it). The spec is read, never copied into the repository.
 *
 * @throws Error naming both places when the file is missing, so a contract test cannot pass without its contract.
 */
export function machinesOpenApiPath(): string {
  const file =
    process.env.FLY_MACHINES_OPENAPI ?? path.join(repoRoot, '..', 'shared', 'fly', 'machines-openapi.json');
  if (!existsSync(file)) {
    throw new Error(`Fly's Machines API spec is not at ${file}; set FLY_MACHINES_OPENAPI to its path`);
  }
  return file;
}
