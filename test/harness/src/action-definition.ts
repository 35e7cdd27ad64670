import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { z } from 'zod';

// YAML types `default: 3` or `default: false` as a number or boolean; the runner sees the literal text.
const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const inputSchema = z
  .object({
    description: z.string().optional(),
    required: z
      .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')])
      .optional(),
    default: scalar.optional(),
    deprecationMessage: z.string().optional(),
  })
  .nullable()
  .transform((input) => input ?? {});

const outputSchema = z
  .object({ description: z.string().optional(), value: z.string().optional() })
  .nullable()
  .transform((output) => output ?? {});

const actionSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  inputs: z.record(z.string(), inputSchema).default({}),
  outputs: z.record(z.string(), outputSchema).default({}),
  runs: z.looseObject({
    using: z.string(),
    main: z.string().optional(),
    post: z.string().optional(),
    'post-if': z.string().optional(),
    pre: z.string().optional(),
  }),
});

/** One `inputs.<name>` entry of an `action.yml`. */
export type ActionInput = z.output<typeof inputSchema>;

/** An `action.yml`, inputs and outputs in declaration order, plus the folder it was read from. */
export type ActionDefinition = z.output<typeof actionSchema> & {
  /** Absolute folder holding `action.yml`. */
  dir: string;
};

/** A JavaScript action the harness can start: `runs.using: node24` with a `main`. */
export type NodeActionDefinition = ActionDefinition & { runs: { main: string } };

/** The repository root, found from this file's place in `test/harness/src/`. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url)).replace(/[\\/]$/, '');

/** Reads and validates `<dir>/action.yml`; errors name the file and every invalid field. */
export async function readActionDefinition(dir: string): Promise<ActionDefinition> {
  const file = path.join(dir, 'action.yml');
  const document = parseDocument(await readFile(file, 'utf8'));
  if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]?.message}`);
  const parsed = actionSchema.safeParse(document.toJS());
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return { ...parsed.data, dir };
}

/**
 * Reads `<action>/action.yml` (`action` is a root folder name or an absolute folder) and checks it is a
 * `node24` action with a `main`, as the runner does before starting it.
 */
export async function loadAction(action: string): Promise<NodeActionDefinition> {
  const definition = await readActionDefinition(
    path.isAbsolute(action) ? action : path.join(repoRoot, action),
  );
  const { using, main } = definition.runs;
  const file = path.join(definition.dir, 'action.yml');
  if (using !== 'node24')
    throw new Error(`${file}: runs.using is ${using}, the harness runs only node24 actions`);
  if (main === undefined || main === '') throw new Error(`${file}: runs.main is missing`);
  // The runner reads `post-if` as a plain string (ActionManifestManager.cs `AssertString("post-if")`): an
  // expression in `${{ }}` fails to load the action.
  if (definition.runs['post-if']?.includes('${{') === true) {
    throw new Error(
      `${file}: runs.post-if holds \${{ }}: the runner refuses it ("Unexpected type 'BasicExpressionToken' encountered while reading 'post-if'"); write the condition without \${{ }}`,
    );
  }
  // The runner runs `pre` only for actions used as owner/repo@ref, which is how users call ours; the harness runs
  // main and post only, so an action with a `pre` would pass here untested.
  if (definition.runs.pre !== undefined) {
    throw new Error(`${file}: runs.pre is set, and the harness does not run pre steps`);
  }
  return { ...definition, runs: { ...definition.runs, main } };
}
