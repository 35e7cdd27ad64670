// Regenerates packages/core/schema/proof-record.v1.schema.json from the zod schema: `npx node <this file>`.
import { writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';
import { proofJsonSchema } from '../src/proof.ts';

/** Where the committed JSON Schema of proof records lives. */
export const PROOF_SCHEMA_FILE = new URL('../schema/proof-record.v1.schema.json', import.meta.url);

/** Writes the JSON Schema, formatted the way `prettier --check` expects. */
export async function writeProofSchema(): Promise<void> {
  const options = (await resolveConfig(PROOF_SCHEMA_FILE)) ?? {};
  const text = await format(JSON.stringify(proofJsonSchema()), { ...options, parser: 'json' });
  await writeFile(PROOF_SCHEMA_FILE, text);
}

if (import.meta.main) await writeProofSchema();
