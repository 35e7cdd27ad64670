import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  errorMessage,
  proofRecordSchema,
  redact,
  redactStream,
  UnredactableError,
  type ProofRecord,
  type RedactionTally,
} from '@deploy-actions/core';
import type { ManifestFile, ManifestRecord, OmittedFile } from '@deploy-actions/proof-bundle';
import type { SourceFile } from './collect.ts';

/** A record that passed the schema check, as read from its redacted copy. */
export interface ReadRecord {
  bundlePath: string;
  record: ProofRecord;
}

/** The bundle's files after redaction, what was left out, and the records that could be read. */
export interface Staged {
  files: ManifestFile[];
  omitted: OmittedFile[];
  records: ReadRecord[];
  /** Every replacement in every file, by kind. */
  tally: RedactionTally;
}

/** A record is a few kilobytes; a bigger `.json` is kept (redacted) but not parsed into memory. */
const MAX_RECORD_BYTES = 16 << 20;

/**
 * Copies each file into `root` redacted, as a stream, hashing what is written. Records are schema-checked from
 * their redacted copy, so nothing read from them afterwards (timeline, summary, verdicts) can hold a secret; a
 * broken one is kept and flagged. A file that is not UTF-8 text cannot be searched and is left out.
 */
export async function stageFiles(
  sources: readonly SourceFile[],
  root: string,
  signal: AbortSignal,
): Promise<Staged> {
  const staged: Staged = { files: [], omitted: [], records: [], tally: new Map() };
  for (const source of sources) {
    signal.throwIfAborted();
    const destination = path.join(root, ...source.bundlePath.split('/'));
    await mkdir(path.dirname(destination), { recursive: true });
    const tally: RedactionTally = new Map();
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        createReadStream(source.origin),
        (input: AsyncIterable<Buffer>) => redactStream(input, tally),
        async function* (text: AsyncIterable<string>) {
          for await (const piece of text) {
            const bytes = Buffer.from(piece);
            hash.update(bytes);
            size += bytes.length;
            yield bytes;
          }
        },
        createWriteStream(destination, { flags: 'wx' }),
        { signal },
      );
    } catch (error) {
      await rm(destination, { force: true });
      if (signal.aborted) throw error;
      staged.omitted.push({
        origin: redact(source.origin),
        reason:
          error instanceof UnredactableError
            ? error.message
            : `could not be read: ${redact(errorMessage(error))}`,
      });
      continue;
    }
    for (const [kind, n] of tally) staged.tally.set(kind, (staged.tally.get(kind) ?? 0) + n);
    const entry: ManifestFile = {
      path: source.bundlePath,
      sha256: hash.digest('hex'),
      size,
      source: source.source,
      redactions: Object.fromEntries(tally),
    };
    if (source.source === 'record') {
      const checked = await checkRecord(destination, size);
      entry.record = checked.summary;
      if (checked.record !== undefined)
        staged.records.push({ bundlePath: source.bundlePath, record: checked.record });
    }
    staged.files.push(entry);
  }
  return staged;
}

/** Parses a redacted record against the v1 schema; says in a few words why it is broken when it is. */
async function checkRecord(
  file: string,
  size: number,
): Promise<{ summary: ManifestRecord; record?: ProofRecord }> {
  if (size > MAX_RECORD_BYTES)
    return { summary: { valid: false, problem: `larger than ${MAX_RECORD_BYTES} bytes` } };
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return { summary: { valid: false, problem: 'not JSON' } };
  }
  const parsed = proofRecordSchema.safeParse(json);
  if (!parsed.success) {
    // Paths and zod's words only: a value from the record could be anything.
    const where = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.code}`)
      .join('; ');
    return { summary: { valid: false, problem: `does not match the proof record schema v1 (${where})` } };
  }
  const record = parsed.data;
  return {
    summary: {
      valid: true,
      action: record.action,
      outcome: record.outcome,
      ...(record.app === undefined ? {} : { app: record.app }),
    },
    record,
  };
}
