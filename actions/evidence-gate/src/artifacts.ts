import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DefaultArtifactClient, type Artifact, type FindOptions } from '@actions/artifact';
import { DeployActionError, errorMessage, log, redactAndShorten } from '@deploy-actions/core';
import { openBundle, type BundleReader } from '@deploy-actions/proof-bundle';
import type { Evidence } from './evidence.ts';
import { z } from 'zod';
import { readAnswer, readFailure, type GitHubReader } from './github.ts';
import type { ArtifactRun, RequiredArtifact } from './inputs.ts';
import { judgeReport } from './reports.ts';

/** Artifacts larger than this are not downloaded: evidence is reports, not build outputs. */
export const MAX_ARTIFACT_BYTES = 100 * 1024 * 1024;
/** A file read from an artifact may be at most this large once unzipped. */
export const MAX_REPORT_BYTES = 16 * 1024 * 1024;
/** A zip with more entries than this is refused. */
const MAX_ZIP_ENTRIES = 10_000;

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The run the artifacts come from, with its link. */
interface ResolvedRun {
  id: number;
  url: string;
  /** How to reach its artifacts: this run's through the runtime token, another's through the REST API. */
  find: FindOptions;
}

/** Waits for `work`, abandoning it when `signal` aborts: @actions/artifact calls take no signal. */
function bounded<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      const stop = (): void => reject(signal.reason as Error);
      if (signal.aborted) stop();
      signal.addEventListener('abort', stop, { once: true });
    }),
  ]);
}

function runUrl(reader: GitHubReader, id: number): string {
  return `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${reader.owner}/${reader.repo}/actions/runs/${id}`;
}

const workflowRunsSchema = z.object({
  workflow_runs: z.array(z.object({ id: z.number(), html_url: z.string() })),
});

/** Finds the run: this one, `run-id`, or the newest successful run of `workflow` on `sha`; undefined when none. */
async function resolveRun(
  reader: GitHubReader,
  run: ArtifactRun,
  sha: string,
): Promise<ResolvedRun | string> {
  const findBy = (id: number): FindOptions => ({
    findBy: {
      token: reader.token,
      workflowRunId: id,
      repositoryOwner: reader.owner,
      repositoryName: reader.repo,
    },
  });
  if (run.kind === 'this-run') {
    const id = Number(process.env.GITHUB_RUN_ID ?? 0);
    return { id, url: runUrl(reader, id), find: {} };
  }
  if (run.kind === 'run-id') return { id: run.id, url: runUrl(reader, run.id), ...{ find: findBy(run.id) } };
  const what = `the runs of workflow ${run.workflow}`;
  let runs;
  try {
    const answer = await reader.octokit.rest.actions.listWorkflowRuns({
      owner: reader.owner,
      repo: reader.repo,
      workflow_id: run.workflow,
      head_sha: sha,
      status: 'success',
      per_page: 1,
    });
    runs = readAnswer(workflowRunsSchema, answer.data, what).workflow_runs;
  } catch (error) {
    throw readFailure(reader, what, error);
  }
  const newest = runs[0];
  if (newest === undefined) return `no successful run of workflow ${run.workflow} on ${sha.slice(0, 12)}`;
  return { id: newest.id, url: newest.html_url, find: findBy(newest.id) };
}

function artifactError(reader: GitHubReader, error: unknown, what: string): Error {
  if (error instanceof DeployActionError || reader.signal.aborted) return readFailure(reader, what, error);
  if (typeof error === 'object' && error !== null && 'status' in error)
    return readFailure(reader, what, error);
  return new DeployActionError(`could not read ${what}: ${redactAndShorten(errorMessage(error), 200)}`, {
    code: 'artifact-read-failed',
    hint: 'Run the gate as a step of a GitHub Actions job (the artifact service needs the runner variables); re-run if it keeps failing.',
    cause: error,
  });
}

/** Reads one file of a downloaded artifact, refusing what is too large however the zip describes it. */
async function readFileOf(
  bundle: BundleReader,
  file: string,
): Promise<{ text: string } | { problem: string }> {
  const name = file.replace(/^\.\//, '');
  const files = await bundle.files();
  if (!files.includes(name)) {
    const shown = files.slice(0, 5).join(', ');
    return {
      problem: `${name} is not in the artifact (it holds ${files.length} file(s)${shown === '' ? '' : `: ${shown}`})`,
    };
  }
  const size = await bundle.size(name);
  if (size > MAX_REPORT_BYTES) {
    return {
      problem: `${name} is ${mib(size)} unzipped; the gate reads reports up to ${mib(MAX_REPORT_BYTES)}`,
    };
  }
  const chunks: Buffer[] = [];
  let read = 0;
  // yauzl also fails the stream when an entry inflates past the size its header claims (a zip bomb's lie).
  for await (const chunk of await bundle.open(name)) {
    const buffer = chunk as Buffer;
    read += buffer.length;
    if (read > MAX_REPORT_BYTES) return { problem: `${name} inflates past ${mib(MAX_REPORT_BYTES)}` };
    chunks.push(buffer);
  }
  return { text: Buffer.concat(chunks).toString('utf8') };
}

/** The downloaded zip of one artifact, opened for reading. */
async function download(
  client: DefaultArtifactClient,
  artifact: Artifact,
  find: FindOptions,
  workDir: string,
  signal: AbortSignal,
): Promise<BundleReader> {
  const target = await mkdtemp(path.join(workDir, 'artifact-'));
  await bounded(
    client.downloadArtifact(artifact.id, { ...find, path: target, skipDecompress: true }),
    signal,
  );
  const [zip] = await readdir(target);
  if (zip === undefined) throw new Error('the download left no file');
  return openBundle(path.join(target, zip), { maxEntries: MAX_ZIP_ENTRIES });
}

/** Judges one required artifact once it is downloaded. */
async function judgeArtifact(
  item: RequiredArtifact,
  artifact: Artifact,
  open: () => Promise<BundleReader>,
  base: Pick<Evidence, 'source' | 'url'>,
): Promise<Evidence> {
  const name = item.file === undefined ? item.name : `${item.name}/${item.file}`;
  const evidence = { kind: 'artifact' as const, name, ...base };
  if (item.file === undefined)
    return { ...evidence, verdict: 'pass', detail: `present (${mib(artifact.size)})` };
  if (artifact.size > MAX_ARTIFACT_BYTES) {
    return {
      ...evidence,
      verdict: 'fail',
      detail: `the artifact is ${mib(artifact.size)}; the gate downloads at most ${mib(MAX_ARTIFACT_BYTES)}`,
      todo: 'Upload the report in an artifact of its own, without build outputs.',
    };
  }
  let read: { text: string } | { problem: string };
  try {
    read = await readFileOf(await open(), item.file);
  } catch (error) {
    if (error instanceof DeployActionError) throw error;
    return {
      ...evidence,
      verdict: 'unverified',
      detail: `could not read the artifact: ${redactAndShorten(errorMessage(error), 160)}`,
      todo: 'Check that the artifact is a zip written by actions/upload-artifact; re-run if the download was cut.',
    };
  }
  if ('problem' in read) {
    return {
      ...evidence,
      verdict: 'fail',
      detail: read.problem,
      todo: 'Check `file` against what the job uploads.',
    };
  }
  const verdict = judgeReport(read.text, { ...item, file: item.file });
  return verdict.ok
    ? { ...evidence, verdict: 'pass', detail: verdict.detail }
    : { ...evidence, verdict: 'fail', detail: verdict.detail, todo: verdict.todo };
}

/**
 * Lists the artifacts of the chosen run (newest of each name) with @actions/artifact, downloads each one that holds
 * a file to read (once per artifact, zipped, into the runner's temp folder) and judges every required item.
 */
export async function gatherArtifacts(
  reader: GitHubReader,
  sha: string,
  run: ArtifactRun,
  required: readonly RequiredArtifact[],
): Promise<Evidence[]> {
  if (required.length === 0) return [];
  const resolved = await resolveRun(reader, run, sha);
  if (typeof resolved === 'string') {
    return required.map((item) => ({
      kind: 'artifact',
      name: item.file === undefined ? item.name : `${item.name}/${item.file}`,
      verdict: 'missing',
      detail: resolved,
      todo: 'Run that workflow on this commit first, or name the run with run-id.',
    }));
  }
  const client = new DefaultArtifactClient();
  let listed: Artifact[];
  try {
    listed = (await bounded(client.listArtifacts({ ...resolved.find, latest: true }), reader.signal))
      .artifacts;
  } catch (error) {
    throw artifactError(reader, error, `the artifacts of run ${resolved.id}`);
  }
  log.info(`run ${resolved.id} has ${listed.length} artifact(s)`);
  const byName = new Map(listed.map((a) => [a.name, a]));
  const workBase = path.join(process.env.RUNNER_TEMP || tmpdir(), 'evidence-gate');
  await mkdir(workBase, { recursive: true });
  const workDir = await mkdtemp(path.join(workBase, 'run-'));
  const downloads = new Map<number, Promise<BundleReader>>();
  const evidence: Evidence[] = [];
  try {
    for (const item of required) {
      const artifact = byName.get(item.name);
      if (artifact === undefined) {
        evidence.push({
          kind: 'artifact',
          name: item.file === undefined ? item.name : `${item.name}/${item.file}`,
          verdict: 'missing',
          detail: `run ${resolved.id} has no artifact named ${item.name}`,
          source: `run ${resolved.id}`,
          url: resolved.url,
          todo: 'Upload it (actions/upload-artifact) in a job this one `needs:`, or check the name.',
        });
        continue;
      }
      const open = (): Promise<BundleReader> => {
        let pending = downloads.get(artifact.id);
        if (pending === undefined) {
          pending = download(client, artifact, resolved.find, workDir, reader.signal).catch(
            (error: unknown) => {
              throw reader.signal.aborted ? (reader.signal.reason as Error) : error;
            },
          );
          downloads.set(artifact.id, pending);
        }
        return pending;
      };
      evidence.push(
        await judgeArtifact(item, artifact, open, {
          source: `artifact ${artifact.id} of run ${resolved.id}`,
          url: `${resolved.url}/artifacts/${artifact.id}`,
        }),
      );
    }
  } finally {
    for (const pending of downloads.values())
      void pending.then(
        (b) => b.close(),
        () => undefined,
      );
  }
  return evidence;
}
