// Proof bundles as proof-upload lays them out (manifest.json listing every file with its SHA-256), written straight
// to a folder, as actions/download-artifact extracts an artifact: for the status matrix's tests.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  MANIFEST_SCHEMA_ID,
  manifestSchema,
  type Manifest,
  type ManifestFile,
  type Verdict,
} from '@deploy-actions/proof-bundle';
import { PROOF_SCHEMA_ID, proofRecordSchema, type ProofRecord } from '@deploy-actions/core';

/** A v1 proof record of `action` with these facts; `error` makes it a failure. */
export function proofRecord(
  action: string,
  app: string,
  facts: Record<string, unknown>,
  error?: string,
): ProofRecord {
  return proofRecordSchema.parse({
    schema: PROOF_SCHEMA_ID,
    action,
    startedAt: '2026-11-27T08:00:00.000Z',
    finishedAt: '2026-11-27T08:01:00.000Z',
    outcome: error === undefined ? 'success' : 'failure',
    app,
    inputs: { app },
    steps: [],
    facts,
    ...(error === undefined ? {} : { error: { code: 'failed', message: error } }),
  });
}

/** The records of one healthy deploy of `app`: fly-deploy deployed `image` as `release`, health-gate passed. */
export function healthyDeploy(app: string, image: string, release: string): ProofRecord[] {
  return [
    proofRecord('fly-deploy', app, { deploy: { status: 'deployed', image, releaseLabel: release } }),
    proofRecord('health-gate', app, { 'health-gate': { result: 'pass' } }),
  ];
}

/** Writes `records` (and `extra` files) as a bundle in `dir`, with a manifest that lists them all. */
export async function writeProofBundle(
  dir: string,
  name: string,
  records: readonly ProofRecord[],
  extra: Record<string, string> = {},
): Promise<Manifest> {
  await mkdir(path.join(dir, 'records'), { recursive: true });
  const files: ManifestFile[] = [];
  const verdicts: Verdict[] = [];
  const add = async (file: string, text: string, source: ManifestFile['source']): Promise<void> => {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
    const sha256 = createHash('sha256').update(text).digest('hex');
    files.push({ path: file, sha256, size: Buffer.byteLength(text), source, redactions: {} });
  };
  for (const [index, record] of records.entries()) {
    const file = `records/${index}-${record.action}.json`;
    await add(file, `${JSON.stringify(record, null, 2)}\n`, 'record');
    verdicts.push({
      action: record.action,
      outcome: record.outcome,
      ...(record.app === undefined ? {} : { app: record.app }),
      record: file,
      ...(record.error === undefined ? {} : { error: record.error.message }),
    });
  }
  for (const [file, text] of Object.entries(extra)) await add(file, text, 'generated');
  const manifest = manifestSchema.parse({
    schema: MANIFEST_SCHEMA_ID,
    createdAt: '2026-11-27T08:02:00.000Z',
    name,
    run: {
      repository: 'acme/shop',
      sha: 'a'.repeat(40),
      ref: 'refs/heads/main',
      workflow: 'Deploy all',
      job: 'deploy',
      runId: '42',
      runAttempt: '1',
      actor: 'octocat',
      event: 'push',
      runUrl: 'https://github.com/acme/shop/actions/runs/42/attempts/1',
    },
    outcome: verdicts.every((v) => v.outcome === 'success') ? 'success' : 'failure',
    verdicts,
    files,
    omitted: [],
    redactions: { total: 0, byKind: {} },
  });
  await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
