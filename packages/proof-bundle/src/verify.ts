import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { errorMessage, redactStream, UnredactableError } from '@deploy-actions/core';
import { openBundle, type BundleReader } from './bundle-reader.ts';
import { MANIFEST_FILE, manifestSchema, STATEMENT_FILE, type Manifest } from './manifest.ts';
import { statementSchema } from './statement.ts';

/** One thing wrong with a bundle; never quotes file content. */
export interface VerifyProblem {
  kind: 'manifest' | 'missing' | 'mismatch' | 'unlisted' | 'leak' | 'unreadable' | 'statement';
  file: string;
  detail: string;
}

/** What `deploy-proof verify` found. */
export interface VerifyResult {
  /** Files checked against the manifest. */
  checked: number;
  problems: VerifyProblem[];
}

/** SHA-256 (hex), size, and the kinds of credential found in one file. */
interface FileScan {
  sha256: string;
  size: number;
  leaks: Map<string, number>;
}

/**
 * Checks a downloaded proof bundle (folder or zip): the manifest parses, every file it lists is there with the
 * same SHA-256 and size, no file is there that it does not list, the statement's manifest subject matches the
 * manifest, and no file (manifest and statement included) holds anything that looks like a credential.
 */
export async function verifyBundle(target: string): Promise<VerifyResult> {
  const bundle = await openBundle(target);
  try {
    return await verifyOpenBundle(bundle);
  } finally {
    bundle.close();
  }
}

async function verifyOpenBundle(bundle: BundleReader): Promise<VerifyResult> {
  const problems: VerifyProblem[] = [];
  const present = new Set(await bundle.files());
  if (!present.has(MANIFEST_FILE)) {
    return { checked: 0, problems: [{ kind: 'manifest', file: MANIFEST_FILE, detail: 'not in the bundle' }] };
  }
  const manifestScan = await scan(bundle, MANIFEST_FILE, problems);
  const manifest = await readManifest(bundle, problems);
  if (manifest === undefined) return { checked: 0, problems };

  const listed = new Set<string>([MANIFEST_FILE, STATEMENT_FILE]);
  for (const entry of manifest.files) {
    listed.add(entry.path);
    if (!present.has(entry.path)) {
      problems.push({
        kind: 'missing',
        file: entry.path,
        detail: 'listed in the manifest but not in the bundle',
      });
      continue;
    }
    const found = await scan(bundle, entry.path, problems);
    if (found === undefined) continue;
    if (found.sha256 !== entry.sha256 || found.size !== entry.size) {
      problems.push({
        kind: 'mismatch',
        file: entry.path,
        detail: `manifest says sha256 ${entry.sha256} (${entry.size} bytes), file has ${found.sha256} (${found.size} bytes)`,
      });
    }
  }
  for (const file of present) {
    if (!listed.has(file)) {
      problems.push({ kind: 'unlisted', file, detail: 'in the bundle but not in the manifest' });
      await scan(bundle, file, problems);
    }
  }
  if (present.has(STATEMENT_FILE) && manifestScan !== undefined) {
    await checkStatement(bundle, manifestScan.sha256, problems);
  }
  return { checked: manifest.files.length, problems };
}

async function readManifest(bundle: BundleReader, problems: VerifyProblem[]): Promise<Manifest | undefined> {
  let json: unknown;
  try {
    json = JSON.parse(await readText(await bundle.open(MANIFEST_FILE)));
  } catch {
    problems.push({
      kind: 'manifest',
      file: MANIFEST_FILE,
      detail: 'not JSON (or too large to be a manifest)',
    });
    return undefined;
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    problems.push({ kind: 'manifest', file: MANIFEST_FILE, detail: `not a v1 proof manifest (${where})` });
    return undefined;
  }
  return parsed.data;
}

async function checkStatement(
  bundle: BundleReader,
  manifestSha: string,
  problems: VerifyProblem[],
): Promise<void> {
  let json: unknown;
  try {
    json = JSON.parse(await readText(await bundle.open(STATEMENT_FILE)));
  } catch {
    problems.push({ kind: 'statement', file: STATEMENT_FILE, detail: 'not JSON' });
    return;
  }
  const parsed = statementSchema.safeParse(json);
  if (!parsed.success) {
    problems.push({ kind: 'statement', file: STATEMENT_FILE, detail: 'not an in-toto v1 statement of ours' });
    return;
  }
  const subject = parsed.data.subject.find((s) => s.name === MANIFEST_FILE);
  if (subject?.digest.sha256 !== manifestSha) {
    problems.push({
      kind: 'statement',
      file: STATEMENT_FILE,
      detail: `its ${MANIFEST_FILE} subject does not match the manifest's sha256 ${manifestSha}`,
    });
  }
}

/** Hashes a file and looks for credentials in it, in one pass and constant memory. */
async function scan(
  bundle: BundleReader,
  file: string,
  problems: VerifyProblem[],
): Promise<FileScan | undefined> {
  const hash = createHash('sha256');
  let size = 0;
  const stream = await bundle.open(file);
  async function* hashed(): AsyncGenerator<Buffer> {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
      yield chunk;
    }
  }
  const leaks = new Map<string, number>();
  try {
    // Nothing is registered in this process, so every replacement counted is a credential a detector found.
    for await (const _piece of redactStream(hashed(), leaks)) {
      // Only the tally matters here.
    }
  } catch (error) {
    stream.destroy();
    const detail =
      error instanceof UnredactableError ? error.message : `could not be read: ${errorMessage(error)}`;
    problems.push({ kind: 'unreadable', file, detail });
    return undefined;
  }
  for (const [kind, n] of leaks) {
    problems.push({ kind: 'leak', file, detail: `${n} value(s) that look like a ${kind}` });
  }
  return { sha256: hash.digest('hex'), size, leaks };
}

/** A manifest or statement is a few kilobytes; anything past this is not one, and is not read into memory. */
const MAX_JSON_BYTES = 64 << 20;

async function readText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) {
      stream.destroy();
      throw new Error(`larger than ${MAX_JSON_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
