import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { errorMessage } from '@deploy-actions/core';
import type { ConfigFile, FlyConfig } from './model.ts';
import { FlyTomlError, formatKeyPath } from './problems.ts';
import type { FlyTomlProblem, KeyPath } from './problems.ts';
import { flyTomlSchema } from './schema.ts';
import type { FlyTomlInput } from './schema.ts';
import { readTomlDocument } from './toml-document.ts';
import type { TomlDocument } from './toml-document.ts';
import { sectionPattern, UNSUPPORTED_KEYS } from './unsupported-keys.ts';
import { crossSectionFindings } from './validate.ts';
import type { RuleFinding } from './validate.ts';

/** A fly.toml read and validated: the config, and warnings worth showing (they do not stop a deploy). */
export interface LoadedFlyConfig {
  config: FlyConfig;
  warnings: FlyTomlProblem[];
}

/** Options of {@link parseFlyToml}. */
export interface ParseFlyTomlOptions {
  /** The file's name for messages, e.g. `fly.toml`. */
  file: string;
  /** Reads a `[[files]] local_path`; relative paths are resolved by the caller. Absent: such files are refused. */
  readLocalFile?: (localPath: string) => Buffer;
}

/** Largest fly.toml read; real ones are a few kilobytes, and a bigger file is a mistake or an attack. */
export const MAX_FLY_TOML_BYTES = 1024 * 1024;

function valueAt(root: unknown, keyPath: readonly PropertyKey[]): unknown {
  let node = root;
  for (const part of keyPath) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

function asKeyPath(zodPath: readonly PropertyKey[]): KeyPath {
  return zodPath.map((p) => (typeof p === 'number' ? p : String(p)));
}

/** One zod issue as fly.toml problems: each unknown key on its own, and a missing key said to be missing. */
function issueProblems(issue: z.core.$ZodIssue, document: TomlDocument): FlyTomlProblem[] {
  const at = asKeyPath(issue.path);
  const problem = (keyPath: KeyPath, message: string): FlyTomlProblem => ({
    key: formatKeyPath(keyPath),
    line: document.lineOf(keyPath),
    message,
  });
  if (issue.code === 'unrecognized_keys') {
    const unsupported = UNSUPPORTED_KEYS.get(sectionPattern(at));
    return issue.keys.map((key) => {
      const reason = unsupported?.get(key);
      return problem(
        [...at, key],
        reason === undefined
          ? 'is not a fly.toml key fly-deploy knows in this section; check its spelling (see the fly.toml section of the README)'
          : `is not supported by fly-deploy yet: ${reason}`,
      );
    });
  }
  const value = valueAt(document.value, issue.path);
  if (value === undefined) return [problem(at, `is missing; ${issue.message}`)];
  // Scalars are named so the reader sees what was refused; tables and lists are located by their line instead.
  const shown = ['string', 'number', 'boolean'].includes(typeof value) ? JSON.stringify(value) : undefined;
  const named =
    shown === undefined || issue.message.includes(shown) ? issue.message : `${issue.message}; got ${shown}`;
  return [problem(at, named)];
}

function settleFile(
  file: NonNullable<FlyTomlInput['files']>[number],
  index: number,
  options: ParseFlyTomlOptions,
  report: (keyPath: KeyPath, message: string) => void,
): ConfigFile | undefined {
  const sources = (['raw_value', 'secret_name', 'local_path'] as const).filter((k) => file[k] !== undefined);
  if (sources.length !== 1) {
    report(
      ['files', index],
      `expected exactly one of raw_value, secret_name or local_path, got ${sources.length === 0 ? 'none' : sources.join(', ')}`,
    );
    return undefined;
  }
  const base = { guest_path: file.guest_path, processes: file.processes };
  // flyctl config.go toMachineFile: raw_value and local_path contents are sent base64-encoded.
  if (file.raw_value !== undefined)
    return { ...base, content: { raw_value: Buffer.from(file.raw_value).toString('base64') } };
  if (file.secret_name !== undefined) return { ...base, content: { secret_name: file.secret_name } };
  const localPath = file.local_path as string;
  if (options.readLocalFile === undefined) {
    report(['files', index, 'local_path'], 'cannot be read here');
    return undefined;
  }
  try {
    return { ...base, content: { raw_value: options.readLocalFile(localPath).toString('base64') } };
  } catch (e) {
    report(['files', index, 'local_path'], `could not be read: ${errorMessage(e)}`);
    return undefined;
  }
}

/**
 * Reads fly.toml text: TOML 1.0 syntax, then every key's type, then the rules that span sections. Every problem
 * is collected and thrown at once, each naming its key and line, before anything talks to Fly.
 *
 * @throws FlyTomlError listing every problem.
 */
export function parseFlyToml(text: string, options: ParseFlyTomlOptions): LoadedFlyConfig {
  const read = readTomlDocument(text);
  if (!read.ok) throw new FlyTomlError(options.file, [read.problem]);
  const { document } = read;
  const problems: FlyTomlProblem[] = document.forbiddenKeys.map((keyPath) => ({
    key: formatKeyPath(keyPath),
    line: document.lineOf(keyPath),
    message: 'the key __proto__ is not allowed',
  }));
  if (problems.length > 0) throw new FlyTomlError(options.file, problems);

  // Each top-level section is typed on its own, so one bad section does not hide the rules of the others.
  const invalidSections = new Set<string>();
  const sections: Record<string, unknown> = {};
  const shape: Record<string, z.ZodType> = flyTomlSchema.shape;
  for (const [key, raw] of Object.entries(document.value)) {
    const schema = shape[key];
    if (schema === undefined) {
      problems.push(
        ...issueProblems(
          { code: 'unrecognized_keys', keys: [key], path: [], message: '', input: undefined },
          document,
        ),
      );
      continue;
    }
    const typed = schema.safeParse(raw);
    if (typed.success) sections[key] = typed.data;
    else {
      invalidSections.add(key);
      problems.push(
        ...typed.error.issues.flatMap((i) => issueProblems({ ...i, path: [key, ...i.path] }, document)),
      );
    }
  }
  const parsed = sections as FlyTomlInput;

  const report = (keyPath: KeyPath, message: string): void => {
    problems.push({ key: formatKeyPath(keyPath), line: document.lineOf(keyPath), message });
  };
  const files = (parsed.files ?? []).map((f, i) => settleFile(f, i, options, report));

  const config: FlyConfig = {
    file: options.file,
    sha256: createHash('sha256').update(text).digest('hex'),
    app: parsed.app,
    primary_region: parsed.primary_region,
    kill_signal: parsed.kill_signal,
    kill_timeout: parsed.kill_timeout,
    swap_size_mb: parsed.swap_size_mb,
    image: parsed.build?.image,
    deploy: parsed.deploy ?? {},
    // flyctl's patches turn non-string [env] values into text (patches.go _patchEnv).
    env: new Map(Object.entries(parsed.env ?? {}).map(([k, v]) => [k, String(v)])),
    processes: new Map(Object.entries(parsed.processes ?? {})),
    http_service: parsed.http_service,
    services: parsed.services ?? [],
    checks: new Map(Object.entries(parsed.checks ?? {})),
    mounts: parsed.mounts ?? [],
    statics: parsed.statics ?? [],
    files: files.filter((f) => f !== undefined),
    restart: parsed.restart ?? [],
    compute: [...(parsed.vm ?? []), ...(parsed.compute ?? [])],
    metrics: parsed.metrics ?? [],
  };

  const warnings: FlyTomlProblem[] = [];
  // With [processes] invalid every group-based rule would mislead, so only its own problems are reported.
  const readsInvalid = (finding: RuleFinding): boolean =>
    invalidSections.has('processes') ||
    [String(finding.path[0]), ...(finding.dependsOn ?? [])].some((section) => invalidSections.has(section));
  for (const finding of crossSectionFindings(config, parsed)) {
    if (readsInvalid(finding)) continue;
    const located = {
      key: formatKeyPath(finding.path),
      line: document.lineOf(finding.path),
      message: finding.message,
    };
    (finding.warning === true ? warnings : problems).push(located);
  }
  if (problems.length > 0) throw new FlyTomlError(options.file, problems);
  return { config, warnings };
}

/**
 * Reads and validates a fly.toml from disk. `[[files]] local_path` entries are read relative to the file's folder.
 *
 * @param file Path of the fly.toml.
 * @param displayName How messages name it (defaults to `file`).
 * @throws FlyTomlError when it cannot be read or is invalid, listing every problem.
 */
export async function loadFlyToml(file: string, displayName = file): Promise<LoadedFlyConfig> {
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('it is not a file');
    if (info.size > MAX_FLY_TOML_BYTES)
      throw new Error(`it is ${info.size} bytes; a fly.toml is at most ${MAX_FLY_TOML_BYTES}`);
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new FlyTomlError(displayName, [{ key: '', message: `could not be read: ${errorMessage(e)}` }]);
  }
  const folder = path.dirname(file);
  return parseFlyToml(text, {
    file: displayName,
    readLocalFile: (localPath) => readFileSyncCapped(path.resolve(folder, localPath)),
  });
}

function readFileSyncCapped(file: string): Buffer {
  // Machine files travel inside the machine config; Fly caps a config at 1 MiB, so a larger file cannot be sent.
  const info = statSync(file);
  if (info.size > MAX_FLY_TOML_BYTES)
    throw new Error(
      `${file} is ${info.size} bytes; files sent with a machine config are at most ${MAX_FLY_TOML_BYTES}`,
    );
  return readFileSync(file);
}
