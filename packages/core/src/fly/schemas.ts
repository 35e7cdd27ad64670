import { z } from 'zod';

// Lenient on purpose: Fly adds fields freely and the spec and practice disagree in places, so unknown fields pass
// through and only what the suite reads is checked.

const stringRecord = z.record(z.string(), z.string());

/** `fly.MachineConfig`: kept whole (updates must send the full config back), with the fields we read typed. */
export const machineConfigSchema = z.looseObject({
  image: z.string().optional(),
  env: stringRecord.optional(),
  metadata: stringRecord.optional(),
  checks: z.record(z.string(), z.looseObject({})).optional(),
  services: z.array(z.looseObject({ checks: z.array(z.looseObject({})).optional() })).optional(),
  mounts: z.array(z.looseObject({})).optional(),
  auto_destroy: z.boolean().optional(),
  restart: z.looseObject({ policy: z.string().optional() }).optional(),
});
/** A machine's configuration. */
export type MachineConfig = z.infer<typeof machineConfigSchema>;

/** `App`. */
export const appSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
  status: z.string().optional(),
  machine_count: z.number().optional(),
  organization: z.looseObject({ name: z.string().optional(), slug: z.string().optional() }).optional(),
});
/** A Fly app. */
export type FlyApp = z.infer<typeof appSchema>;

/** `exit_event` inside an exit event's request. */
export const exitEventSchema = z.looseObject({
  exit_code: z.number().optional(),
  oom_killed: z.boolean().optional(),
  requested_stop: z.boolean().optional(),
  restarting: z.boolean().optional(),
  exited_at: z.string().optional(),
  signal: z.number().optional(),
});

/** `MachineEvent`; exit details sit in `request.exit_event` or `request.MonitorEvent.exit_event`. */
export const machineEventSchema = z.looseObject({
  id: z.string().optional(),
  type: z.string(),
  status: z.string().optional(),
  source: z.string().optional(),
  timestamp: z.number().optional(),
  request: z
    .looseObject({
      exit_event: exitEventSchema.optional(),
      MonitorEvent: z.looseObject({ exit_event: exitEventSchema.optional() }).optional(),
      restart_count: z.number().optional(),
    })
    .optional(),
});
/** One entry of a machine's event log. */
export type MachineEvent = z.infer<typeof machineEventSchema>;

/** `CheckStatus`. */
export const checkStatusSchema = z.looseObject({
  name: z.string(),
  status: z.string(),
  output: z.string().optional(),
  updated_at: z.string().optional(),
});
/** One health check's latest result. */
export type CheckStatus = z.infer<typeof checkStatusSchema>;

/**
 * `Machine`. `version` is filled from the deprecated `instance_id` when only that is sent, so callers read one field.
 */
export const machineSchema = z
  .looseObject({
    id: z.string(),
    name: z.string().optional(),
    state: z.string(),
    region: z.string().optional(),
    version: z.string().optional(),
    instance_id: z.string().optional(),
    config: machineConfigSchema.optional(),
    image_ref: z
      .looseObject({
        registry: z.string().optional(),
        repository: z.string().optional(),
        tag: z.string().optional(),
        digest: z.string().optional(),
      })
      .optional(),
    events: z.array(machineEventSchema).optional(),
    checks: z.array(checkStatusSchema).optional(),
    host_status: z.string().optional(),
    cordoned: z.boolean().optional(),
    private_ip: z.string().optional(),
    created_at: z.string().optional(),
    updated_at: z.string().optional(),
  })
  .transform((m) => ({ ...m, version: m.version ?? m.instance_id }));
/** A machine as the API returns it. */
export type FlyMachine = z.infer<typeof machineSchema>;

const expiresAtSchema = z.union([z.number(), z.string()]).optional();
const leaseFields = {
  nonce: z.string(),
  expires_at: expiresAtSchema,
  owner: z.string().optional(),
  version: z.string().optional(),
  description: z.string().optional(),
};

function toDate(value: number | string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  // The spec says unix seconds; accept milliseconds and ISO strings too rather than misread them.
  if (typeof value === 'string') return Number.isNaN(Date.parse(value)) ? undefined : new Date(value);
  return new Date(value > 1e12 ? value : value * 1000);
}

/**
 * `Lease`, in both shapes seen: flat (the spec) and `{status, data:{…}}` (Fly's docs and fly-go), normalised to
 * `{nonce, expiresAt, owner, version, description}`.
 */
export const leaseSchema = z
  .union([
    z
      .looseObject({ status: z.string().optional(), data: z.looseObject(leaseFields) })
      .transform((r) => r.data),
    z.looseObject(leaseFields),
  ])
  .transform((l) => {
    return {
      nonce: l.nonce,
      expiresAt: toDate(l.expires_at),
      owner: l.owner,
      version: l.version,
      description: l.description,
    };
  });
/** A machine lease, normalised. */
export type Lease = z.infer<typeof leaseSchema>;

/** `MachineVersion`. */
export const machineVersionSchema = z.looseObject({
  version: z.string(),
  user_config: machineConfigSchema.optional(),
});
/** One past configuration of a machine. */
export type MachineVersion = z.infer<typeof machineVersionSchema>;

/** `WaitMachineResponse`. */
export const waitMachineResponseSchema = z.looseObject({
  ok: z.boolean().optional(),
  state: z.string().optional(),
  version: z.string().optional(),
  event_id: z.string().optional(),
});
/** What a successful wait call reports. */
export type WaitMachineResponse = z.infer<typeof waitMachineResponseSchema>;

/**
 * `AppSecret`, deliberately a strict-stripping object: a `value` (only sent with `show_secrets`) is dropped so no
 * secret value travels further than the parser.
 */
export const appSecretSchema = z.object({
  name: z.string(),
  digest: z.string().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
/** An app secret's name and digest (never its value). */
export type AppSecret = z.infer<typeof appSecretSchema>;

/** `AppSecrets`. */
// `secrets` must be there: a body without it is not a list of secrets, and reading it as "none" would report every
// required secret missing. `null` is an empty list (Go's encoding/json writes a nil slice as null).
export const appSecretsSchema = z.looseObject({
  secrets: z
    .array(appSecretSchema)
    .nullable()
    .transform((secrets) => secrets ?? []),
});

/** `AppSecretsUpdateResp`: `version` (or the deprecated `Version`). */
export const secretsUpdateSchema = z
  .looseObject({ version: z.number().optional(), Version: z.number().optional() })
  .transform((r) => ({ version: r.version ?? r.Version }));

/** `main.tokenInfo`. */
export const tokenInfoSchema = z.looseObject({
  org_slug: z.string().optional(),
  organization: z.string().optional(),
  apps: z.array(z.string()).optional(),
  user: z.string().optional(),
  token_id: z.string().optional(),
});
/** What one token (macaroon) covers. */
export type TokenInfo = z.infer<typeof tokenInfoSchema>;

/** `CurrentTokenResponse`. */
export const currentTokenSchema = z.looseObject({ tokens: z.array(tokenInfoSchema).default([]) });
/** What the current token covers. */
export type CurrentToken = z.infer<typeof currentTokenSchema>;

/** `ErrorResponse`; some responses carry `message` instead of `error`. */
export const errorResponseSchema = z.looseObject({
  error: z.string().optional(),
  message: z.string().optional(),
  status: z.string().optional(),
});

/** A machine's metadata. */
export const metadataSchema = stringRecord;

/** `uiex.Release`: a release record of Fly's platform API. */
export const releaseRecordSchema = z.looseObject({
  id: z.string(),
  version: z.number().optional(),
  status: z.string().optional(),
  image_ref: z.string().optional(),
});
/** A release as `fly releases` lists it. */
export type ReleaseRecord = z.infer<typeof releaseRecordSchema>;

/** `GET /api/v1/apps/{app}/releases` answer: `{ releases: [...] }`, newest first (superfly/flyctl `internal/uiex/releases.go` `ListReleases`). */
export const listReleasesResponseSchema = z.looseObject({ releases: z.array(releaseRecordSchema) });

/** `POST /api/v1/releases` answer: `{ release: {…} }`. */
export const createReleaseResponseSchema = z.looseObject({ release: releaseRecordSchema });

/** `fly.LogEntry` (superfly/fly-go `types.go`); Fly's JSON keys are capitalised here. */
export const logEntrySchema = z
  .looseObject({
    timestamp: z.string().optional(),
    Timestamp: z.string().optional(),
    message: z.string().optional(),
    Message: z.string().optional(),
    level: z.string().optional(),
    Level: z.string().optional(),
    instance: z.string().optional(),
    Instance: z.string().optional(),
  })
  .transform((e) => ({
    timestamp: e.timestamp ?? e.Timestamp,
    message: e.message ?? e.Message ?? '',
    level: e.level ?? e.Level,
    instance: e.instance ?? e.Instance,
  }));
/** One log line of a machine. */
export type LogEntry = z.infer<typeof logEntrySchema>;

/** `GET /api/v1/apps/{app}/logs` answer (superfly/fly-go `resource_logs.go` `getLogsResponse`). */
export const appLogsSchema = z.looseObject({
  data: z
    .array(
      z
        .looseObject({ attributes: logEntrySchema.optional(), Attributes: logEntrySchema.optional() })
        .transform((d) => ({
          attributes: d.attributes ??
            d.Attributes ?? { timestamp: undefined, message: '', level: undefined, instance: undefined },
        })),
    )
    .default([]),
});
