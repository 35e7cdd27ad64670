import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import * as glob from '@actions/glob';

/** A file to put in the bundle: where it is, where it goes inside the bundle, and why it is there. */
export interface SourceFile {
  /** Absolute path on the runner. */
  origin: string;
  /** `/`-separated path inside the bundle. */
  bundlePath: string;
  /** `record` for a `.json` file of proof-dir, `proof-dir` for its other files, `paths` for the `paths` input. */
  source: 'record' | 'proof-dir' | 'paths';
}

/** What {@link collectFiles} found, and what it skipped. */
export interface Collected {
  files: SourceFile[];
  /** Things matched but not kept (not a regular file), by path, with the reason. */
  skipped: { origin: string; reason: string }[];
  proofDirFound: boolean;
}

/** More files than this is not a proof bundle; stop before a runaway glob fills the disk with redacted copies. */
const MAX_FILES = 5000;

function toBundlePath(...segments: string[]): string {
  return segments
    .flatMap((s) => s.split(/[\\/]+/))
    .filter((s) => s !== '' && s !== '.' && s !== '..')
    .join('/');
}

/**
 * Lists every file of `proofDir` (recursively) and every file matched by `patterns` (rooted at the workspace), each
 * once, skipping `exclude` (the action's own working folder). Only regular files are kept: a FIFO or a device would
 * never end.
 */
export async function collectFiles(
  proofDir: string,
  patterns: readonly string[],
  workspace: string,
  exclude: string,
): Promise<Collected> {
  const seen = new Set<string>();
  const taken = new Set<string>();
  const files: SourceFile[] = [];
  const skipped: Collected['skipped'] = [];

  const add = async (origin: string, bundlePath: string, source: SourceFile['source']): Promise<void> => {
    let real: string;
    try {
      real = await realpath(origin);
      const info = await stat(real);
      if (!info.isFile()) {
        skipped.push({ origin, reason: 'not a regular file' });
        return;
      }
    } catch {
      skipped.push({ origin, reason: 'could not be read' });
      return;
    }
    if (seen.has(real) || real.startsWith(exclude + path.sep)) return;
    if (files.length >= MAX_FILES) {
      skipped.push({ origin, reason: `more than ${MAX_FILES} files matched` });
      return;
    }
    seen.add(real);
    files.push({ origin, bundlePath: unique(bundlePath, taken), source });
  };

  const proofDirFound = await stat(proofDir).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (proofDirFound) {
    const entries = await readdir(proofDir, { recursive: true, withFileTypes: true });
    const names = entries
      .filter((e) => !e.isDirectory())
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
    for (const file of names) {
      const relative = path.relative(proofDir, file);
      const isRecord = !relative.includes(path.sep) && relative.endsWith('.json');
      await add(file, toBundlePath('proof', relative), isRecord ? 'record' : 'proof-dir');
    }
  }

  if (patterns.length > 0) {
    const globber = await glob.create(patterns.map((p) => rootedAt(workspace, p)).join('\n'), {
      followSymbolicLinks: false,
      matchDirectories: false,
      implicitDescendants: true,
    });
    for (const file of (await globber.glob()).sort()) {
      const relative = path.relative(workspace, file);
      const inside = !relative.startsWith('..') && !path.isAbsolute(relative);
      await add(
        file,
        toBundlePath('files', inside ? relative : path.join('outside-workspace', path.basename(file))),
        'paths',
      );
    }
  }
  return { files, skipped, proofDirFound };
}

/** A relative pattern made absolute under the workspace (the runner's working folder, but not necessarily ours). */
function rootedAt(workspace: string, pattern: string): string {
  const negated = pattern.startsWith('!');
  const body = negated ? pattern.slice(1) : pattern;
  const rooted = path.isAbsolute(body) || body.startsWith('~') ? body : path.join(workspace, body);
  return negated ? `!${rooted}` : rooted;
}

/** `name`, or `name-2`, `name-3`… (before the extension) when another file already took it. */
function unique(bundlePath: string, taken: Set<string>): string {
  let candidate = bundlePath;
  const ext = path.posix.extname(bundlePath);
  const stem = bundlePath.slice(0, bundlePath.length - ext.length);
  for (let n = 2; taken.has(candidate); n++) candidate = `${stem}-${n}${ext}`;
  taken.add(candidate);
  return candidate;
}
