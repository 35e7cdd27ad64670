import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { makeDirectory } from './directories.ts';
import { DeployActionError, errorMessage, requestIdOf } from './errors.ts';
import { rolloutSpanSchema, type RolloutSpan } from './rollout-spans.ts';
import { redactDeep } from './secrets.ts';

/** The `schema` value of every v1 proof record. */
export const PROOF_SCHEMA_ID = 'deploy-actions/proof@1';

/** How one step of an action ended. */
export const proofStepSchema = z.strictObject({
  at: z.iso.datetime().describe('When the step was recorded (ISO 8601, UTC).'),
  what: z.string().min(1).describe('What was done, in words.'),
  result: z.enum(['ok', 'failed', 'skipped', 'info']),
  detail: z.string().optional(),
});

/** The error that ended a failed run. */
export const proofErrorSchema = z.strictObject({
  code: z.string().min(1).describe('Stable kebab-case error code, e.g. invalid-input.'),
  message: z.string(),
  hint: z.string().optional().describe('What the user should do.'),
  requestId: z.string().optional().describe('Fly API request id (fly-request-id), for Fly support.'),
});

/** A proof record, schema v1: what one action run did, redacted. */
export const proofRecordSchema = z
  .strictObject({
    schema: z.literal(PROOF_SCHEMA_ID),
    action: z.string().min(1),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime(),
    outcome: z.enum(['success', 'failure', 'cancelled']),
    app: z.string().optional(),
    inputs: z.record(z.string(), z.string()).describe('Inputs as given, secret inputs removed.'),
    steps: z.array(proofStepSchema),
    facts: z
      .record(z.string(), z.unknown())
      .describe('Named results: release versions, image refs, verdicts.'),
    error: proofErrorSchema.optional(),
    spans: z
      .array(rolloutSpanSchema)
      .optional()
      .describe(
        "The rollout's machine spans (fly-deploy, rollback-on-failure), drawn as the timeline chart.",
      ),
  })
  .meta({ title: 'deploy-actions proof record v1', description: 'Evidence of one action run; redacted.' });

/** A v1 proof record. */
export type ProofRecord = z.infer<typeof proofRecordSchema>;
/** One step of a proof record. */
export type ProofStep = z.infer<typeof proofStepSchema>;
/** How a run ended. */
export type ProofOutcome = ProofRecord['outcome'];
/** How a step ended. */
export type ProofStepResult = ProofStep['result'];

/** The JSON Schema of {@link proofRecordSchema}, as committed in `packages/core/schema/proof-record.v1.schema.json`. */
export function proofJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(proofRecordSchema, { io: 'output' });
}

/** `$RUNNER_TEMP/deploy-proof` (the OS temp dir outside a runner): where proof records go unless told otherwise. */
export function defaultProofDir(): string {
  return join(process.env.RUNNER_TEMP || tmpdir(), 'deploy-proof');
}

/** `20260102T030405` in UTC. */
function compactTimestamp(iso: string): string {
  return iso.slice(0, 19).replace(/[-:]/g, '');
}

/**
 * Collects what an action run did and writes it as one proof file. Everything is redacted (`redactDeep`) and
 * validated against {@link proofRecordSchema} when written, so secrets registered late are still removed.
 */
export class ProofRecorder {
  /** The action's name, e.g. `fly-deploy`. */
  readonly action: string;
  /** Directory the record is written to. */
  readonly dir: string;
  private readonly startedAt = new Date().toISOString();
  private inputs: Record<string, string> = {};
  private app: string | undefined;
  private readonly steps: ProofStep[] = [];
  private readonly facts: Record<string, unknown> = {};
  private error: ProofRecord['error'];
  private spans: RolloutSpan[] = [];
  private written: string | undefined;

  /** Starts a record for `action`, written under `options.dir` (default {@link defaultProofDir}). */
  constructor(action: string, options: { dir?: string } = {}) {
    this.action = action;
    this.dir = options.dir ?? defaultProofDir();
  }

  /** Records the inputs as given; `secretInputs` are dropped entirely, not just redacted. */
  setInputs(
    values: Record<string, string | undefined>,
    options: { secretInputs?: readonly string[] } = {},
  ): void {
    const secret = new Set(options.secretInputs ?? []);
    this.inputs = Object.fromEntries(
      Object.entries(values).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && !secret.has(entry[0]),
      ),
    );
  }

  /** Names the Fly app the run is about. */
  setApp(app: string): void {
    this.app = app;
  }

  /** Appends a step, stamped with the current time. */
  step(what: string, result: ProofStepResult, detail?: string): void {
    this.steps.push({
      at: new Date().toISOString(),
      what,
      result,
      ...(detail === undefined ? {} : { detail }),
    });
  }

  /** Records a named fact (JSON-serialisable); a later value for the same key replaces the earlier one. */
  fact(key: string, value: unknown): void {
    this.facts[key] = value;
  }

  /** Records the rollout's machine spans (replacing earlier ones); proof-upload draws them as the timeline chart. */
  setSpans(spans: readonly RolloutSpan[]): void {
    this.spans = [...spans];
  }

  /** Records the error that ended the run; non-`DeployActionError`s get code `unexpected-error`. */
  fail(error: unknown): void {
    const requestId = requestIdOf(error);
    const hint = error instanceof DeployActionError ? error.hint : undefined;
    this.error = {
      code: error instanceof DeployActionError ? error.code : 'unexpected-error',
      message: errorMessage(error),
      ...(hint === undefined ? {} : { hint }),
      ...(requestId === undefined ? {} : { requestId }),
    };
  }

  /**
   * Writes the record as `<dir>/<action>-<yyyymmddThhmmss>-<random>.json` and returns its path.
   *
   * @throws Error when called twice, or when the record does not match the schema (a bug in the caller).
   */
  async finish(outcome: ProofOutcome): Promise<string> {
    if (this.written !== undefined) throw new Error(`proof record already written to ${this.written}`);
    const record = proofRecordSchema.parse(
      redactDeep({
        schema: PROOF_SCHEMA_ID,
        action: this.action,
        startedAt: this.startedAt,
        finishedAt: new Date().toISOString(),
        outcome,
        ...(this.app === undefined ? {} : { app: this.app }),
        inputs: this.inputs,
        steps: this.steps,
        // A JSON round trip drops undefined and turns dates into strings, so the file holds what the schema saw.
        facts: JSON.parse(JSON.stringify(this.facts)) as Record<string, unknown>,
        ...(this.error === undefined ? {} : { error: this.error }),
        ...(this.spans.length === 0 ? {} : { spans: this.spans }),
      }),
    );
    const name = `${this.action.replace(/[^A-Za-z0-9._-]/g, '_')}-${compactTimestamp(this.startedAt)}-${randomBytes(4).toString('hex')}.json`;
    const path = join(this.dir, name);
    const unusable = await makeDirectory(this.dir);
    if (unusable !== undefined) throw new Error(`cannot write the proof record to ${this.dir}: ${unusable}`);
    await writeFile(path, `${JSON.stringify(record, null, 2)}\n`, { flag: 'wx' });
    this.written = path;
    return path;
  }
}
