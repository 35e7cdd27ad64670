import { z } from 'zod';

/** The `schema` value of every v1 manifest. */
export const MANIFEST_SCHEMA_ID = 'deploy-actions/proof-manifest@1';
/** Name of the manifest at the bundle's root; it lists every other file but itself and the statement. */
export const MANIFEST_FILE = 'manifest.json';
/** Name of the in-toto statement at the bundle's root; its subjects include the manifest's digest. */
export const STATEMENT_FILE = 'provenance.intoto.json';
/** Name of the human-readable account of the run at the bundle's root (listed in the manifest). */
export const TIMELINE_FILE = 'timeline.md';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');
/** A path inside the bundle: relative, `/`-separated, no `.` or `..` segment. */
const bundlePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && p.split('/').every((s) => s !== '' && s !== '.' && s !== '..'), {
    message: 'a relative path inside the bundle',
  });

/** One proof record as read from `proof-dir`: valid against the record schema, or kept and flagged. */
export const manifestRecordSchema = z.discriminatedUnion('valid', [
  z.strictObject({
    valid: z.literal(true),
    action: z.string(),
    outcome: z.enum(['success', 'failure', 'cancelled']),
    app: z.string().optional(),
  }),
  z.strictObject({ valid: z.literal(false), problem: z.string() }),
]);

/** One file of the bundle, as it is after redaction. */
export const manifestFileSchema = z.strictObject({
  path: bundlePath,
  sha256: sha256Hex,
  size: z.number().int().nonnegative(),
  /** Where it came from: a proof record, another file of `proof-dir`, the `paths` input, or written by the action. */
  source: z.enum(['record', 'proof-dir', 'paths', 'generated']),
  /** How many replacements of each kind its redaction made. */
  redactions: z.record(z.string(), z.number().int().nonnegative()),
  record: manifestRecordSchema.optional(),
});

/** A file that was found but left out, and why (never its content). */
export const omittedFileSchema = z.strictObject({
  origin: z.string(),
  reason: z.string(),
});

/** What one action run concluded, from its record. */
export const verdictSchema = z.strictObject({
  action: z.string(),
  outcome: z.enum(['success', 'failure', 'cancelled']),
  app: z.string().optional(),
  record: bundlePath,
  error: z.string().optional(),
});

/** The run the bundle belongs to, from the runner's `GITHUB_*` variables. */
export const runMetadataSchema = z.strictObject({
  repository: z.string(),
  sha: z.string(),
  ref: z.string(),
  workflow: z.string(),
  job: z.string(),
  runId: z.string(),
  runAttempt: z.string(),
  actor: z.string(),
  event: z.string(),
  runUrl: z.string(),
});

/** The manifest, schema v1: every file of the bundle with its digest, the run, and the verdicts. */
export const manifestSchema = z.strictObject({
  schema: z.literal(MANIFEST_SCHEMA_ID),
  createdAt: z.iso.datetime(),
  name: z.string(),
  run: runMetadataSchema,
  /** `failure` when any record failed or was cancelled or is broken; `none` when there was no record. */
  outcome: z.enum(['success', 'failure', 'none']),
  verdicts: z.array(verdictSchema),
  files: z.array(manifestFileSchema),
  omitted: z.array(omittedFileSchema),
  redactions: z.strictObject({
    total: z.number().int().nonnegative(),
    byKind: z.record(z.string(), z.number().int().nonnegative()),
  }),
});

/** A v1 manifest. */
export type Manifest = z.infer<typeof manifestSchema>;
/** One file entry of a manifest. */
export type ManifestFile = z.infer<typeof manifestFileSchema>;
/** What a record said, or why it is broken. */
export type ManifestRecord = z.infer<typeof manifestRecordSchema>;
/** One verdict of a manifest. */
export type Verdict = z.infer<typeof verdictSchema>;
/** The run metadata of a manifest. */
export type RunMetadata = z.infer<typeof runMetadataSchema>;
/** A file left out of a bundle. */
export type OmittedFile = z.infer<typeof omittedFileSchema>;
