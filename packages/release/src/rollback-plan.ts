import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeployActionError, redactDeep, type FlyMachine, type MachineConfig } from '@deploy-actions/core';
import { z } from 'zod';
import { processGroupOf } from './targets.ts';

/** Identifies the file format, so rollback-on-failure can refuse a plan it does not understand. */
export const ROLLBACK_PLAN_SCHEMA = 'deploy-actions/rollback-plan@1';

const machineEntrySchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  region: z.string().optional(),
  processGroup: z.string(),
  /** `started` or `stopped`: a stopped machine is restored without being started. */
  state: z.string(),
  version: z.string().optional(),
  image: z.string().optional(),
  /** The machine's full config before the deploy: restoring sends it back as is. */
  config: z.looseObject({}),
  /**
   * The config the deploy sends it, when it applies a fly.toml (before Fly's release id is stamped on it), so
   * what was applied is on record next to what a rollback restores.
   */
  appliedConfig: z.looseObject({}).optional(),
});

/** What a rollback needs: every touched machine's previous full config, and the machines the deploy created. */
export const rollbackPlanSchema = z.object({
  schema: z.literal(ROLLBACK_PLAN_SCHEMA),
  app: z.string().min(1),
  createdAt: z.string(),
  releaseLabel: z.string().optional(),
  /** The image being deployed. */
  image: z.string().optional(),
  previousImage: z.string().optional(),
  machines: z.array(machineEntrySchema),
  /** Machines the deploy created (canary, green, new process groups); a rollback destroys them. */
  created: z.array(z.string()).default([]),
  /** The fly.toml the deploy applied, by name and SHA-256 of its text. */
  flyToml: z.object({ file: z.string(), sha256: z.string() }).optional(),
});
/** A rollback plan, as written before the first change of a deploy. */
export type RollbackPlan = z.infer<typeof rollbackPlanSchema>;
/** One machine's entry of a {@link RollbackPlan}. */
export type RollbackPlanMachine = z.infer<typeof machineEntrySchema>;

/** The most common of these images (undefined entries ignored). */
export function mostCommonImage(images: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const image of images) if (image !== undefined) counts.set(image, (counts.get(image) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** The most common image among the machines: what "the previous image" of an app means. */
export function dominantImage(machines: readonly FlyMachine[]): string | undefined {
  return mostCommonImage(machines.map((m) => m.config?.image));
}

/** Builds the plan from the machines as read before any change. */
export function buildRollbackPlan(
  app: string,
  machines: readonly FlyMachine[],
  details: {
    releaseLabel?: string;
    image?: string;
    now: number;
    /** The config each machine is sent, recorded as `appliedConfig`. */
    applied?: (machine: FlyMachine) => MachineConfig;
    flyToml?: { file: string; sha256: string };
  },
): RollbackPlan {
  const previousImage = dominantImage(machines);
  return {
    schema: ROLLBACK_PLAN_SCHEMA,
    app,
    createdAt: new Date(details.now).toISOString(),
    ...(details.releaseLabel === undefined ? {} : { releaseLabel: details.releaseLabel }),
    ...(details.image === undefined ? {} : { image: details.image }),
    ...(previousImage === undefined ? {} : { previousImage }),
    machines: machines.map((m) => ({
      id: m.id,
      ...(m.name === undefined ? {} : { name: m.name }),
      ...(m.region === undefined ? {} : { region: m.region }),
      processGroup: processGroupOf(m),
      state: m.state,
      ...(m.version === undefined ? {} : { version: m.version }),
      ...(m.config?.image === undefined ? {} : { image: m.config.image }),
      config: m.config ?? {},
      ...(details.applied === undefined ? {} : { appliedConfig: details.applied(m) }),
    })),
    created: [],
    ...(details.flyToml === undefined ? {} : { flyToml: details.flyToml }),
  };
}

/**
 * Writes the plan as `<dir>/rollback-plan.json` (redacted: a config holds no secret values, Fly keeps those apart,
 * but an env value pasted by hand might) and returns the path. Called again whenever `created` grows.
 */
export async function writeRollbackPlan(plan: RollbackPlan, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'rollback-plan.json');
  await writeFile(path, `${JSON.stringify(redactDeep(plan), null, 2)}\n`);
  return path;
}

/**
 * Reads a plan from JSON text or from the path of a file holding it.
 *
 * @throws DeployActionError `invalid-rollback-plan` naming what is wrong.
 */
export async function readRollbackPlan(pathOrJson: string): Promise<RollbackPlan> {
  const text = pathOrJson.trimStart().startsWith('{')
    ? pathOrJson
    : await readFile(pathOrJson, 'utf8').catch((e: unknown) => {
        throw new DeployActionError(
          `could not read the rollback plan ${pathOrJson} (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`,
          {
            code: 'invalid-rollback-plan',
            hint: "fly-deploy writes it under RUNNER_TEMP, which lasts one job: roll back in the same job as the deploy, or pass the plan's JSON",
          },
        );
      });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new DeployActionError('the rollback plan is not JSON', {
      code: 'invalid-rollback-plan',
      hint: "pass fly-deploy's rollback-plan output (a path) or the JSON it points to",
    });
  }
  const result = rollbackPlanSchema.safeParse(data);
  if (!result.success) {
    const where = result.error.issues
      .map((i) => i.path.join('.') || '(root)')
      .slice(0, 5)
      .join(', ');
    throw new DeployActionError(`the rollback plan is not one fly-deploy wrote (problems at: ${where})`, {
      code: 'invalid-rollback-plan',
      hint: `pass fly-deploy's rollback-plan output; its schema is ${ROLLBACK_PLAN_SCHEMA}`,
    });
  }
  return result.data;
}

/** The config a machine had before the deploy, typed for an update. */
export function recordedConfig(entry: RollbackPlanMachine): MachineConfig {
  return entry.config;
}
