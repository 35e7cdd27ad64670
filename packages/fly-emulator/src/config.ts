import { z } from 'zod';

const exitCode = z.int().min(0).max(255);
const millis = z.int().nonnegative();

/** What a release command does when a release-command machine runs it. */
export const CommandOutcomeSchema = z.strictObject({
  exitCode: exitCode.default(0),
  durationMs: millis.default(0),
});

/** How the machines of one image behave once launched. */
export const ImageBehaviourSchema = z.strictObject({
  version: z.string().min(1),
  health: z.enum(['ok', 'failing', 'degraded']).default('ok'),
  crash: z
    .union([z.literal('on-start'), z.string().regex(/^after:\d+$/, 'expected "on-start" or "after:<ms>"')])
    .optional(),
  exitCode: exitCode.optional(),
  /** The crash is the kernel's OOM killer: `oom_killed: true` in the exit event, exit code 137 unless set. */
  oomKilled: z.boolean().default(false),
  startMs: millis.optional(),
  commands: z.record(z.string(), CommandOutcomeSchema).default({}),
  /** Lines the image prints on each start (served by the logs endpoint). */
  logs: z.array(z.string()).default([]),
  /** Lines the image prints just before it crashes. */
  crashLogs: z.array(z.string()).default([]),
  /**
   * `fails`: the registry refuses the image. An update to it is reverted and the machine stays on its previous
   * version; a create with it fails to launch (as an image ref missing from `images` does).
   */
  pull: z.enum(['ok', 'fails']).default('ok'),
});

const CheckSettingsSchema = z.strictObject({
  path: z.string().startsWith('/').default('/health'),
  intervalMs: z.int().positive().default(15_000),
  timeoutMs: z.int().positive().default(2_000),
});

const AppSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
  org: z.string().min(1),
  image: z.string().min(1),
  machines: z.int().nonnegative().default(1),
  regions: z.array(z.string().min(1)).min(1).default(['ams']),
  processGroup: z.string().min(1).default('app'),
  checks: CheckSettingsSchema.optional(),
  env: z.record(z.string(), z.string()).default({}),
  secrets: z.record(z.string(), z.string()).default({}),
});

const TokenSchema = z.strictObject({
  token: z.string().min(1),
  org: z.string().min(1),
  apps: z.array(z.string().min(1)).optional(),
  owner: z.string().min(1).optional(),
  /** Whether the token may read app logs; deploy tokens may be refused them (401, as Fly does). */
  logs: z.boolean().default(true),
});

const RateSchema = z.strictObject({ perSecond: z.number().positive(), burst: z.int().positive() });

/** A fault to inject: matched by method and path glob, answered with a status, a delay or a reset. */
export const FaultSchema = z
  .strictObject({
    method: z.string().min(1).optional(),
    path: z.string().startsWith('/'),
    status: z.int().min(400).max(599).optional(),
    delayMs: millis.optional(),
    reset: z.boolean().optional(),
    times: z.int().positive().optional(),
    /** Seconds in the `Retry-After` header of an injected 429. */
    retryAfterS: z.int().nonnegative().default(1),
    /**
     * The injected error's `error` text, e.g. Fly's "could not reserve resource for machine: …" that flyctl answers
     * by replacing the machine (superfly/flyctl internal/command/deploy/machines_deploymachinesapp.go).
     */
    message: z.string().min(1).optional(),
    /** The injected error's `status` code, one of the spec's `main.statusCode` values. */
    code: z.enum(['unknown', 'insufficient_capacity', 'volume_placement_capacity', 'name_taken']).optional(),
  })
  .refine((f) => f.status !== undefined || f.delayMs !== undefined || f.reset === true, {
    message: 'a fault needs status, delayMs or reset',
  });

/** The emulator's configuration: organizations, tokens, images, apps, timings and faults. */
export const EmulatorConfigSchema = z
  .strictObject({
    organizations: z.array(z.string().min(1)).min(1),
    tokens: z.array(TokenSchema).default([]),
    images: z.record(z.string(), ImageBehaviourSchema).default({}),
    apps: z.array(AppSchema).default([]),
    timing: z
      .strictObject({
        startMs: millis.default(50),
        stopMs: millis.default(20),
        // Fly documents no figure for the pause before a crashed machine is restarted; one second is an
        // estimate, long enough that a watcher sees the `stopped` between two runs.
        restartDelayMs: millis.default(1_000),
        // "Try up to 10 times to automatically restart the Machine if it exits with a non-zero exit code":
        // https://fly.io/docs/machines/guides-examples/machine-restart-policy/ (on-failure without max_retries).
        maxRestarts: z.int().nonnegative().default(10),
        // How long flyd tries to pull an image before it gives up and reverts the update.
        pullFailMs: millis.default(2_000),
        waitMaxMs: z.int().positive().default(60_000),
      })
      .prefault({}),
    // Fly's documented limits: ~1 req/s per action per machine (bursts of 3), GET machine 5/s (bursts of 10).
    rateLimits: z
      .strictObject({
        mutating: RateSchema.default({ perSecond: 1, burst: 3 }),
        getMachine: RateSchema.default({ perSecond: 5, burst: 10 }),
      })
      .prefault({}),
    faults: z.array(FaultSchema).default([]),
    random: z.strictObject({ seed: z.int(), errorRate: z.number().min(0).max(1) }).optional(),
  })
  .superRefine((config, ctx) => {
    const orgs = new Set(config.organizations);
    const apps = new Set<string>();
    config.apps.forEach((app, i) => {
      if (!orgs.has(app.org))
        ctx.addIssue({
          code: 'custom',
          path: ['apps', i, 'org'],
          message: `unknown organization "${app.org}"`,
        });
      if (apps.has(app.name))
        ctx.addIssue({ code: 'custom', path: ['apps', i, 'name'], message: `duplicate app "${app.name}"` });
      apps.add(app.name);
    });
    config.tokens.forEach((token, i) => {
      if (!orgs.has(token.org))
        ctx.addIssue({
          code: 'custom',
          path: ['tokens', i, 'org'],
          message: `unknown organization "${token.org}"`,
        });
    });
  });

/** The configuration as written (defaults optional). */
export type EmulatorConfigInput = z.input<typeof EmulatorConfigSchema>;
/** The configuration after validation, defaults filled in. */
export type EmulatorConfig = z.output<typeof EmulatorConfigSchema>;
/** One image's behaviour after validation. */
export type ImageBehaviour = z.output<typeof ImageBehaviourSchema>;
/** One image's behaviour as written. */
export type ImageBehaviourInput = z.input<typeof ImageBehaviourSchema>;
/** One app as configured. */
export type AppConfig = EmulatorConfig['apps'][number];
/** One token as configured. */
export type TokenConfig = EmulatorConfig['tokens'][number];
/** Machine timings. */
export type Timing = EmulatorConfig['timing'];
/** A fault to inject before normal handling. */
export type Fault = z.output<typeof FaultSchema>;
/** A fault as written. */
export type FaultInput = z.input<typeof FaultSchema>;
/** A token-bucket rate: sustained requests per second and burst size. */
export type Rate = z.output<typeof RateSchema>;

/** Every problem in a config, one line each, prefixed by its path (`apps.0.image: …`). */
export function describeConfigIssues(error: z.ZodError): string[] {
  return error.issues.map(
    (issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`,
  );
}
