import { z } from 'zod';
import type { Verdict } from './manifest.ts';

/** The in-toto Statement type (v1). */
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/**
 * Our predicate type: the verdicts of a deploy run. Pass it to actions/attest as `predicate-type`. A URN of our own
 * (in-toto asks for a URI, not a web page): no published predicate says "these checks passed for this deploy".
 */
export const PREDICATE_TYPE = 'urn:deploy-actions:predicate:deploy-verdicts:v1';

/** One subject of a statement: something named, with its digest. */
export const subjectSchema = z.strictObject({
  name: z.string().min(1),
  digest: z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
});

/** The predicate: what the deploy concluded, and where its evidence is. */
export const predicateSchema = z.strictObject({
  outcome: z.enum(['success', 'failure', 'none']),
  run: z.strictObject({
    repository: z.string(),
    runId: z.string(),
    runAttempt: z.string(),
    runUrl: z.string(),
  }),
  verdicts: z.array(
    z.strictObject({
      action: z.string(),
      outcome: z.string(),
      app: z.string().optional(),
      error: z.string().optional(),
    }),
  ),
  bundle: z.strictObject({ name: z.string(), manifest: z.string() }),
});

/** An in-toto v1 Statement whose predicate is {@link predicateSchema}. */
export const statementSchema = z.strictObject({
  _type: z.literal(STATEMENT_TYPE),
  subject: z.array(subjectSchema).min(1),
  predicateType: z.literal(PREDICATE_TYPE),
  predicate: predicateSchema,
});

/** A subject of a statement. */
export type Subject = z.infer<typeof subjectSchema>;
/** The verdicts predicate. */
export type Predicate = z.infer<typeof predicateSchema>;
/** The whole statement. */
export type Statement = z.infer<typeof statementSchema>;

/** Builds the statement; `subjects` are the deployed images and the manifest. */
export function buildStatement(subjects: Subject[], predicate: Predicate): Statement {
  return statementSchema.parse({
    _type: STATEMENT_TYPE,
    subject: subjects,
    predicateType: PREDICATE_TYPE,
    predicate,
  });
}

/** The verdicts as the predicate holds them (no record paths: the subjects say which bundle they belong to). */
export function predicateVerdicts(verdicts: readonly Verdict[]): Predicate['verdicts'] {
  return verdicts.map(({ record: _record, ...rest }) => rest);
}
