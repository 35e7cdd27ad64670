import { lstat, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { errorMessage, proofRecordSchema, redactAndShorten, type ProofRecord } from '@deploy-actions/core';
import {
  MANIFEST_FILE,
  manifestSchema,
  openBundle,
  verifyBundle,
  type BundleReader,
  type Manifest,
} from '@deploy-actions/proof-bundle';

/** One row of the status matrix: what one service's deploy job did, as its proof bundle tells it. */
export interface ServiceStatus {
  service: string;
  app: string;
  /** fly-deploy's status (`deployed`, `rolled-back`, `failed`), else `not run`, `no proof` or `unreadable proof`. */
  status: string;
  /** health-gate's result (`pass`, `fail`, `inconclusive`), else `not run`. */
  gate: string;
  image: string;
  release: string;
  /** The proof artifact's name, or `none`. */
  proof: string;
  /** What went wrong, in a line; empty when nothing did. */
  note: string;
  /** Deployed, gate passed (or not run: no health targets), proof intact. */
  ok: boolean;
}

// The facts fly-deploy, health-gate and rollback-on-failure record (their report.ts): only the keys shown here.
const deployFact = z.looseObject({
  status: z.string(),
  image: z.string().optional(),
  releaseLabel: z.string().optional(),
});
const gateFact = z.looseObject({ result: z.string() });
const rollbackFact = z.looseObject({ restoredRelease: z.string().optional(), image: z.string().optional() });

/** A manifest is a few kilobytes and a record rarely more than a megabyte: larger files are not read. */
const MAX_MANIFEST_BYTES = 1 << 20;
const MAX_RECORD_BYTES = 8 << 20;
/** Longest note shown in a cell. */
const MAX_NOTE = 200;

async function readJson(bundle: BundleReader, file: string, max: number): Promise<unknown> {
  if ((await bundle.size(file)) > max) throw new Error(`${file} is larger than ${max} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  const stream: Readable = await bundle.open(file);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      stream.destroy();
      throw new Error(`${file} is larger than ${max} bytes`);
    }
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

/** The records the manifest's verdicts point at, each parsed with the proof record schema; unreadable ones skipped. */
async function readRecords(
  bundle: BundleReader,
  manifest: Manifest,
  notes: string[],
): Promise<ProofRecord[]> {
  const records: ProofRecord[] = [];
  for (const verdict of manifest.verdicts) {
    try {
      const parsed = proofRecordSchema.safeParse(await readJson(bundle, verdict.record, MAX_RECORD_BYTES));
      if (parsed.success) records.push(parsed.data);
      else notes.push(`the ${verdict.action} record is not a v1 proof record`);
    } catch (error) {
      notes.push(`the ${verdict.action} record could not be read (${errorMessage(error)})`);
    }
  }
  return records;
}

function last(records: readonly ProofRecord[], action: string): ProofRecord | undefined {
  return records.filter((r) => r.action === action).at(-1);
}

function errorOf(record: ProofRecord | undefined): string | undefined {
  return record?.error === undefined ? undefined : `${record.action}: ${record.error.message.split('\n')[0]}`;
}

/**
 * Where an artifact was extracted: actions/download-artifact puts each matched artifact in `<proofs>/<name>/`, but a
 * single match straight into `<proofs>/` (actions/download-artifact src/download-artifact.ts: `artifacts.length ===
 * 1` downloads to the path itself). In that case the bundle's own manifest names the artifact it was uploaded as.
 */
export async function locateBundle(proofs: string, artifact: string): Promise<string | undefined> {
  const own = path.join(proofs, artifact);
  try {
    await lstat(own);
    return own;
  } catch {
    // Not extracted into a folder of its own: maybe the only artifact, extracted into `proofs` itself.
  }
  try {
    const manifest = path.join(proofs, MANIFEST_FILE);
    if ((await stat(manifest)).size > MAX_MANIFEST_BYTES) return undefined;
    const parsed = z
      .looseObject({ name: z.string() })
      .safeParse(JSON.parse(await readFile(manifest, 'utf8')));
    return parsed.success && parsed.data.name === artifact ? proofs : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads one service's proof bundle (the folder actions/download-artifact extracted it to): checks it against its
 * manifest with `verifyBundle`, then reads what fly-deploy, health-gate and rollback-on-failure recorded. Anything
 * missing, garbled or altered shows in the row and makes it not ok; nothing here throws for a bad bundle.
 */
export async function readServiceStatus(
  folder: string | undefined,
  service: { name: string; app: string },
  artifact: string,
): Promise<ServiceStatus> {
  const row: ServiceStatus = {
    service: service.name,
    app: service.app,
    status: 'no proof',
    gate: 'not run',
    image: '',
    release: '',
    proof: 'none',
    note: '',
    ok: false,
  };
  const finish = (notes: string[]): ServiceStatus => {
    row.note = redactAndShorten(notes.join('; '), MAX_NOTE);
    return row;
  };
  if (folder === undefined) return finish(['the service name cannot be an artifact name']);
  try {
    if (!(await lstat(folder)).isDirectory()) return finish([`${artifact} is not a folder`]);
  } catch {
    return finish([
      `no artifact ${artifact}: the deploy job ended before its proof was uploaded (see its log)`,
    ]);
  }
  row.proof = artifact;
  row.status = 'unreadable proof';
  const notes: string[] = [];
  let bundle: BundleReader | undefined;
  try {
    const verified = await verifyBundle(folder);
    const manifestProblem = verified.problems.find((p) => p.kind === 'manifest');
    if (manifestProblem !== undefined) return finish([`${MANIFEST_FILE}: ${manifestProblem.detail}`]);
    if (verified.problems.length > 0) {
      const first = verified.problems[0];
      notes.push(
        `the bundle does not match its manifest (${verified.problems.length} problem(s), first: ${first?.kind} ${first?.file})`,
      );
    }
    bundle = await openBundle(folder);
    const manifest = manifestSchema.parse(await readJson(bundle, MANIFEST_FILE, MAX_MANIFEST_BYTES));
    const records = await readRecords(bundle, manifest, notes);
    const deploy = last(records, 'fly-deploy');
    const gate = last(records, 'health-gate');
    const rollback = last(records, 'rollback-on-failure');
    if (deploy?.app !== undefined && deploy.app !== service.app) {
      notes.push(`the proof is of app ${deploy.app}, not ${service.app}`);
    }
    const deployed = deployFact.safeParse(deploy?.facts.deploy);
    row.status = deployed.success ? deployed.data.status : deploy === undefined ? 'not run' : 'failed';
    row.image = deployed.data?.image ?? '';
    row.release = deployed.data?.releaseLabel ?? '';
    const gated = gateFact.safeParse(gate?.facts['health-gate']);
    row.gate = gated.success ? gated.data.result : gate === undefined ? 'not run' : 'fail';
    const restored = rollbackFact.safeParse(rollback?.facts.rollback);
    if (restored.success) {
      notes.push(
        `rolled back to ${restored.data.restoredRelease ?? restored.data.image ?? 'the last good release'}`,
      );
    }
    const failed = records.find((r) => r.outcome !== 'success');
    const why = errorOf(failed);
    if (why !== undefined) notes.unshift(why);
    // fly-deploy.yml runs no health gate without health targets (the machines' checks were the verification): a
    // deployed service with no gate record is healthy; a gate that ran must have passed.
    row.ok = row.status === 'deployed' && ['pass', 'not run'].includes(row.gate) && notes.length === 0;
    return finish(notes);
  } catch (error) {
    return finish([...notes, `the proof could not be read (${errorMessage(error)})`]);
  } finally {
    bundle?.close();
  }
}
