import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';

// YAML may type a default as a number or boolean; the runner sees its literal text.
const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const inputSchema = z.object({
  description: z.string().optional(),
  required: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')])
    .optional(),
  default: scalar.optional(),
  deprecationMessage: z.string().optional(),
});

const outputSchema = z.object({ description: z.string().optional(), value: z.string().optional() });

const actionSchema = z.object({
  name: z.string(),
  description: z.string(),
  inputs: z
    .record(
      z.string(),
      inputSchema.nullable().transform((input) => input ?? {}),
    )
    .optional(),
  outputs: z
    .record(
      z.string(),
      outputSchema.nullable().transform((output) => output ?? {}),
    )
    .optional(),
  runs: z.object({ using: z.string() }).loose(),
});

/** One input of an action, as the catalog and the wiring check need it. */
export type ActionInputMetadata = z.infer<typeof inputSchema>;

/** A root action's `action.yml`, inputs and outputs in declaration order. */
export interface ActionMetadata {
  /** The folder name at the root (`preflight-secrets`). */
  folder: string;
  file: string;
  name: string;
  description: string;
  inputs: [string, ActionInputMetadata][];
  outputs: [string, { description?: string }][];
}

/** Root folders holding an `action.yml`, sorted; `test/`, `node_modules` and dotfolders are skipped. */
export async function listActionFolders(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const folders: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || ['test', 'node_modules'].includes(entry.name))
      continue;
    const names = await readdir(path.join(root, entry.name));
    if (names.includes('action.yml')) folders.push(entry.name);
  }
  return folders.sort();
}

/** Reads and validates `<root>/<folder>/action.yml`; throws naming the file and the invalid fields. */
export async function readActionMetadata(root: string, folder: string): Promise<ActionMetadata> {
  const file = path.join(root, folder, 'action.yml');
  const document = parseDocument(await readFile(file, 'utf8'));
  if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]?.message}`);
  const parsed = actionSchema.safeParse(document.toJS());
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  const action = parsed.data;
  return {
    folder,
    file,
    name: action.name,
    description: action.description,
    inputs: Object.entries(action.inputs ?? {}),
    outputs: Object.entries(action.outputs ?? {}),
  };
}
