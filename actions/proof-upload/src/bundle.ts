import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  buildStatement,
  MANIFEST_FILE,
  MANIFEST_SCHEMA_ID,
  manifestSchema,
  predicateVerdicts,
  STATEMENT_FILE,
  TIMELINE_FILE,
  type Manifest,
  type RunMetadata,
  type Subject,
} from '@deploy-actions/proof-bundle';
import { tallyTotal } from '@deploy-actions/core';
import type { ReadRecord, Staged } from './stage.ts';
import { buildTimeline, overallOutcome, verdictsOf } from './timeline.ts';

/** Where the written bundle's parts are. */
export interface WrittenBundle {
  manifest: Manifest;
  manifestPath: string;
  predicatePath: string;
  timeline: string;
}

/** The run, from the runner's variables (empty where one is not set). */
export function runMetadata(): RunMetadata {
  const env = process.env;
  const pick = (name: string): string => env[name] ?? '';
  const server = pick('GITHUB_SERVER_URL') || 'https://github.com';
  return {
    repository: pick('GITHUB_REPOSITORY'),
    sha: pick('GITHUB_SHA'),
    ref: pick('GITHUB_REF'),
    workflow: pick('GITHUB_WORKFLOW'),
    job: pick('GITHUB_JOB'),
    runId: pick('GITHUB_RUN_ID'),
    runAttempt: pick('GITHUB_RUN_ATTEMPT'),
    actor: pick('GITHUB_ACTOR'),
    event: pick('GITHUB_EVENT_NAME'),
    runUrl: `${server}/${pick('GITHUB_REPOSITORY')}/actions/runs/${pick('GITHUB_RUN_ID')}/attempts/${pick('GITHUB_RUN_ATTEMPT') || '1'}`,
  };
}

const IMAGE_DIGEST = /^([^\s@]+)@sha256:([0-9a-f]{64})$/;

/** Every `<image>@sha256:<hex>` a record's facts name: the images that were deployed. */
export function deployedImages(records: readonly ReadRecord[]): Subject[] {
  const found = new Map<string, Subject>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const match = IMAGE_DIGEST.exec(value);
      if (match?.[1] !== undefined && match[2] !== undefined) {
        found.set(value, { name: match[1], digest: { sha256: match[2] } });
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  for (const { record } of records) visit(record.facts);
  return [...found.values()];
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Writes `timeline.md` (listed in the manifest), `manifest.json`, and the in-toto statement whose subjects are the
 * deployed images and the manifest; the statement's predicate also goes to `predicate.json` outside the bundle,
 * for actions/attest.
 */
export async function writeBundle(options: {
  root: string;
  workDir: string;
  name: string;
  staged: Staged;
}): Promise<WrittenBundle> {
  const { root, workDir, name, staged } = options;
  const run = runMetadata();
  const timeline = buildTimeline(run, staged.records, staged.files);
  await writeFile(path.join(root, TIMELINE_FILE), timeline, { flag: 'wx' });
  const files = [
    ...staged.files,
    {
      path: TIMELINE_FILE,
      sha256: sha256(timeline),
      size: Buffer.byteLength(timeline),
      source: 'generated' as const,
      redactions: {},
    },
  ];
  const verdicts = verdictsOf(staged.records);
  const manifest = manifestSchema.parse({
    schema: MANIFEST_SCHEMA_ID,
    createdAt: new Date().toISOString(),
    name,
    run,
    outcome: overallOutcome(verdicts, staged.files),
    verdicts,
    files,
    omitted: staged.omitted,
    redactions: { total: tallyTotal(staged.tally), byKind: Object.fromEntries(staged.tally) },
  } satisfies Manifest);
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  const manifestPath = path.join(root, MANIFEST_FILE);
  await writeFile(manifestPath, manifestText, { flag: 'wx' });

  const statement = buildStatement(
    [...deployedImages(staged.records), { name: MANIFEST_FILE, digest: { sha256: sha256(manifestText) } }],
    {
      outcome: manifest.outcome,
      run: { repository: run.repository, runId: run.runId, runAttempt: run.runAttempt, runUrl: run.runUrl },
      verdicts: predicateVerdicts(verdicts),
      bundle: { name, manifest: MANIFEST_FILE },
    },
  );
  await writeFile(path.join(root, STATEMENT_FILE), `${JSON.stringify(statement, null, 2)}\n`, { flag: 'wx' });
  const predicatePath = path.join(workDir, 'predicate.json');
  await writeFile(predicatePath, `${JSON.stringify(statement.predicate, null, 2)}\n`, { flag: 'wx' });
  return { manifest, manifestPath, predicatePath, timeline };
}
