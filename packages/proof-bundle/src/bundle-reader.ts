import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** A bundle to check: a folder, or the zip GitHub hands out when an artifact is downloaded. */
export interface BundleReader {
  /** Every file in the bundle, as `/`-separated paths relative to its root. */
  files(): Promise<string[]>;
  /** The file's bytes. */
  open(file: string): Promise<Readable>;
  /** The file's size (for a zip, the uncompressed size its header claims; reading checks it). */
  size(file: string): Promise<number>;
  /** Releases the zip file, if any. */
  close(): void;
}

/** Limits for a bundle from an untrusted source. */
export interface OpenBundleOptions {
  /** A zip with more entries than this is refused (a zip of millions of empty entries is a bomb too). */
  maxEntries?: number;
}

/** Opens a folder or a `.zip` (by its content, whatever its name). */
export async function openBundle(target: string, options: OpenBundleOptions = {}): Promise<BundleReader> {
  const info = await stat(target);
  return info.isDirectory() ? folderBundle(target) : zipBundle(target, options.maxEntries ?? Infinity);
}

function folderBundle(root: string): BundleReader {
  return {
    async files() {
      const entries = await readdir(root, { recursive: true, withFileTypes: true });
      return entries
        .filter((e) => e.isFile())
        .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
        .sort();
    },
    open(file) {
      return Promise.resolve(createReadStream(path.join(root, ...file.split('/'))));
    },
    async size(file) {
      return (await stat(path.join(root, ...file.split('/')))).size;
    },
    close() {},
  };
}

async function zipBundle(file: string, maxEntries: number): Promise<BundleReader> {
  // yauzl checks every name (no absolute paths, no `..`) and every entry's size against its header. The file stays
  // open after the listing (no autoClose) so entries can be read in any order; `close()` releases it.
  const zip = await yauzl.openPromise(file, {
    lazyEntries: true,
    autoClose: false,
    strictFileNames: true,
    validateEntrySizes: true,
  });
  const entries = new Map<string, yauzl.Entry>();
  if (zip.entryCount > maxEntries) {
    zip.close();
    throw new Error(`the zip has ${zip.entryCount} entries, more than ${maxEntries}`);
  }
  for await (const entry of zip.eachEntry()) {
    if (!entry.fileName.endsWith('/')) entries.set(entry.fileName, entry);
  }
  return {
    files() {
      return Promise.resolve([...entries.keys()].sort());
    },
    async open(name) {
      const entry = entries.get(name);
      if (entry === undefined) throw new Error(`${name} is not in the zip`);
      return zip.openReadStreamPromise(entry);
    },
    size(name) {
      const entry = entries.get(name);
      return entry === undefined
        ? Promise.reject(new Error(`${name} is not in the zip`))
        : Promise.resolve(entry.uncompressedSize);
    },
    close() {
      zip.close();
    },
  };
}
