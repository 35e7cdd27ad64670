import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { node24Path } from '@deploy-actions/harness';

/**
 * Azurite's development account and key, published in Azure's docs ("Use the Azurite emulator for local Azure
 * Storage development") and built into Azurite: every Azurite accepts SAS URLs signed with it.
 */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A running Azurite blob service on loopback. */
export interface Azurite {
  /** `http://127.0.0.1:<port>/devstoreaccount1`: the account's blob endpoint. */
  blobEndpoint: string;
  credential: StorageSharedKeyCredential;
  client: BlobServiceClient;
  close(): Promise<void>;
}

const READY = /successfully listens on (http:\/\/127\.0\.0\.1:\d+)/;

/**
 * Starts Azurite's blob service (npm `azurite`) under Node 24 on 127.0.0.1 and a free port, in memory, with
 * telemetry off and the API-version check skipped (@azure/storage-blob sends a newer version than Azurite knows).
 * Its working folder is a fresh temp folder, removed on close.
 */
export async function startAzurite(options: { timeoutMs?: number } = {}): Promise<Azurite> {
  const require = createRequire(import.meta.url);
  const main = path.join(
    path.dirname(require.resolve('azurite/package.json')),
    'dist',
    'src',
    'blob',
    'main.js',
  );
  const cwd = await mkdtemp(path.join(tmpdir(), 'azurite-'));
  const child = spawn(
    await node24Path(),
    [
      main,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--inMemoryPersistence',
      '--extentMemoryLimit',
      '256',
      '--skipApiVersionCheck',
      '--disableTelemetry',
    ],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    const origin = await waitForReady(child, options.timeoutMs ?? 30_000);
    const blobEndpoint = `${origin}/${AZURITE_ACCOUNT}`;
    const credential = new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY);
    return {
      blobEndpoint,
      credential,
      client: new BlobServiceClient(blobEndpoint, credential),
      close: async () => {
        await stop(child);
        await rm(cwd, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stop(child);
    await rm(cwd, { recursive: true, force: true });
    throw error;
  }
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`Azurite did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = READY.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited (${code}) before it was ready:\n${output}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
