import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';

const stringMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));

const StepSchema = z.looseObject({
  name: z.string().optional(),
  id: z.string().optional(),
  if: z.union([z.string(), z.boolean()]).transform(String).optional(),
  uses: z.string().optional(),
  run: z.string().optional(),
  with: stringMap.default({}),
  env: stringMap.default({}),
});

const JobSchema = z.looseObject({
  name: z.string().optional(),
  'timeout-minutes': z.union([z.string(), z.number()]).optional(),
  environment: z
    .union([z.string(), z.looseObject({ name: z.string(), url: z.string().optional() })])
    .optional(),
  env: stringMap.default({}),
  outputs: z.record(z.string(), z.string()).default({}),
  steps: z.array(StepSchema),
});

const CallInputSchema = z.looseObject({
  type: z.enum(['string', 'number', 'boolean']),
  required: z.boolean().default(false),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
});

const WorkflowSchema = z.looseObject({
  name: z.string().optional(),
  on: z.looseObject({
    workflow_call: z.looseObject({
      inputs: z.record(z.string(), CallInputSchema).default({}),
      secrets: z.record(z.string(), z.looseObject({ required: z.boolean().default(false) })).default({}),
      outputs: z.record(z.string(), z.looseObject({ value: z.string() })).default({}),
    }),
  }),
  env: stringMap.default({}),
  jobs: z.record(z.string(), JobSchema),
});

/** A reusable workflow as the demo reads it: what `workflow_call` declares and its jobs' steps. */
export type Workflow = z.output<typeof WorkflowSchema>;
/** One job of a workflow. */
export type WorkflowJob = Workflow['jobs'][string];
/** One step of a job. */
export type WorkflowStep = WorkflowJob['steps'][number];

/**
 * Reads a reusable workflow with `yaml` and checks the parts the demo interprets. YAML 1.2 core schema, as GitHub
 * reads workflows: `on` stays a key, not the boolean YAML 1.1 would make of it.
 */
export async function readWorkflow(file: string): Promise<Workflow> {
  const parsed = WorkflowSchema.safeParse(parse(await readFile(file, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${file} is not a reusable workflow the demo can run:\n${problems.join('\n')}`);
  }
  return parsed.data;
}
