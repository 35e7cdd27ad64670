import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BlobSASPermissions, generateBlobSASQueryParameters } from '@azure/storage-blob';
import { fakeRuntimeToken, type RuntimeServices } from '@deploy-actions/harness';
import { startAzurite, type Azurite } from './azurite.ts';

/** The Twirp service @actions/artifact talks to (actions/toolkit packages/artifact, generated artifact.twirp-client). */
const SERVICE = 'github.actions.results.api.v1.ArtifactService';
const CONTAINER = 'actions-results';

/** One artifact as the stand-in keeps it. */
export interface StoredArtifact {
  id: number;
  name: string;
  blobName: string;
  finalized: boolean;
  /** What FinalizeArtifact reported. */
  size?: number;
  hash?: string;
  expiresAt?: string;
  mimeType?: string;
  version?: number;
}

/** A request the stand-in served, for assertions (the body as sent, the Authorization header checked). */
export interface ServedRequest {
  method: string;
  body: Record<string, unknown>;
  status: number;
}

/** Azurite plus the Twirp stand-in: what a step needs to upload an artifact for real. */
export interface ArtifactService {
  /**
   * The runtime token (a JWT whose `scp` claim names the backend ids, read by the client without a signature check)
   * and the results URL, for `runStep`'s `runtime`: the runner sets `ACTIONS_*` after the step's `env`, so they win.
   */
  runtime: Pick<RuntimeServices, 'token' | 'resultsUrl'>;
  /** The backend ids in the token's `Actions.Results` scope. */
  runBackendId: string;
  jobBackendId: string;
  artifacts(): StoredArtifact[];
  requests(): ServedRequest[];
  /**
   * Makes every later call of `method` fail: with an HTTP status and a Twirp error, or `hang` (never answered, the
   * connection left open); `undefined` puts the method back to normal.
   */
  fail(method: string, fault: number | 'hang' | undefined): void;
  /**
   * Stores a zip as a finalized artifact without the upload protocol: one of this run (listed by ListArtifacts) or,
   * with `otherRun`, only a blob, for the GitHub REST stand-in to list and redirect to. Returns the id, the size and
   * a signed read URL.
   */
  store(
    name: string,
    zip: Buffer,
    options?: { otherRun?: boolean },
  ): Promise<{ id: number; size: number; url: string }>;
  /** The uploaded zip's bytes, read back from Azurite. */
  download(name: string): Promise<Buffer>;
  close(): Promise<void>;
}

function twirpError(res: ServerResponse, status: number, code: string, msg: string): number {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ code, msg }));
  return status;
}

function reply(res: ServerResponse, body: object): number {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return 200;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

/**
 * Starts Azurite and a loopback stand-in for the artifact Twirp service that signs upload and download URLs with
 * Azurite's development key, so @actions/artifact uploads a real zip to a real blob store. It behaves like the
 * service where a test can tell: 401 without the runtime token, 409 for a name already used in the run (artifacts
 * are immutable, upload-artifact v4), FinalizeArtifact checks the reported size and hash against the stored blob.
 */
export async function startArtifactService(): Promise<ArtifactService> {
  const azurite: Azurite = await startAzurite();
  const container = azurite.client.getContainerClient(CONTAINER);
  try {
    await container.createIfNotExists();
  } catch (error) {
    await azurite.close();
    throw error;
  }
  const runBackendId = randomUUID();
  const jobBackendId = randomUUID();
  const token = fakeRuntimeToken(runBackendId, jobBackendId);
  const artifacts: StoredArtifact[] = [];
  const served: ServedRequest[] = [];
  let nextId = 4000;
  const faults = new Map<string, number | 'hang'>();

  const signedUrl = (blobName: string, permissions: string): string => {
    const sas = generateBlobSASQueryParameters(
      {
        containerName: CONTAINER,
        blobName,
        permissions: BlobSASPermissions.parse(permissions),
        startsOn: new Date(Date.now() - 60_000),
        expiresOn: new Date(Date.now() + 3600_000),
      },
      azurite.credential,
    ).toString();
    return `${azurite.blobEndpoint}/${CONTAINER}/${blobName}?${sas}`;
  };

  const handle = async (
    method: string,
    body: Record<string, unknown>,
    res: ServerResponse,
  ): Promise<number> => {
    if (body.workflow_run_backend_id !== runBackendId || body.workflow_job_run_backend_id !== jobBackendId) {
      return twirpError(res, 400, 'invalid_argument', 'backend ids do not match the runtime token');
    }
    const name = typeof body.name === 'string' ? body.name : '';
    switch (method) {
      case 'CreateArtifact': {
        if (artifacts.some((a) => a.name === name && a.finalized)) {
          return twirpError(
            res,
            409,
            'already_exists',
            `an artifact with this name already exists on the workflow run`,
          );
        }
        const blobName = `${runBackendId}/${jobBackendId}/${name}.zip`;
        const artifact: StoredArtifact = {
          id: nextId++,
          name,
          blobName,
          finalized: false,
          ...(typeof body.expires_at === 'string' ? { expiresAt: body.expires_at } : {}),
          ...(typeof body.mime_type === 'string' ? { mimeType: body.mime_type } : {}),
          ...(typeof body.version === 'number' ? { version: body.version } : {}),
        };
        artifacts.push(artifact);
        return reply(res, { ok: true, signed_upload_url: signedUrl(blobName, 'cw') });
      }
      case 'FinalizeArtifact': {
        const artifact = artifacts.find((a) => a.name === name && !a.finalized);
        if (artifact === undefined)
          return twirpError(res, 404, 'not_found', 'no artifact in progress with this name');
        const bytes = await container.getBlobClient(artifact.blobName).downloadToBuffer();
        const size = Number(body.size);
        const hash = typeof body.hash === 'string' ? body.hash : undefined;
        if (size !== bytes.length)
          return twirpError(res, 400, 'invalid_argument', 'size does not match the upload');
        if (hash !== undefined && hash !== `sha256:${createHash('sha256').update(bytes).digest('hex')}`) {
          return twirpError(res, 400, 'invalid_argument', 'hash does not match the upload');
        }
        Object.assign(artifact, { finalized: true, size, ...(hash === undefined ? {} : { hash }) });
        return reply(res, { ok: true, artifact_id: String(artifact.id) });
      }
      case 'ListArtifacts': {
        const nameFilter = body.name_filter;
        // int64 values travel as JSON strings (protobuf JSON mapping); Int64Value wrappers as the plain value.
        const idFilter =
          typeof body.id_filter === 'string' || typeof body.id_filter === 'number'
            ? String(body.id_filter)
            : undefined;
        const list = artifacts.filter(
          (a) =>
            a.finalized &&
            (nameFilter === undefined || a.name === nameFilter) &&
            (idFilter === undefined || String(a.id) === idFilter),
        );
        return reply(res, {
          artifacts: list.map((a) => ({
            workflow_run_backend_id: runBackendId,
            workflow_job_run_backend_id: jobBackendId,
            database_id: String(a.id),
            name: a.name,
            size: String(a.size ?? 0),
            ...(a.hash === undefined ? {} : { digest: a.hash }),
          })),
        });
      }
      case 'GetSignedArtifactURL': {
        const artifact = artifacts.find((a) => a.name === name && a.finalized);
        if (artifact === undefined) return twirpError(res, 404, 'not_found', 'artifact not found');
        return reply(res, { signed_url: signedUrl(artifact.blobName, 'r') });
      }
      default:
        return twirpError(res, 404, 'bad_route', `no method ${method}`);
    }
  };

  const server = createServer((req, res) => {
    void (async () => {
      const prefix = `/twirp/${SERVICE}/`;
      const method = req.url?.startsWith(prefix) === true ? req.url.slice(prefix.length) : '';
      let body: Record<string, unknown> = {};
      let status: number;
      try {
        body = await readJson(req);
        const fault = faults.get(method);
        if (fault === 'hang') return;
        if (fault !== undefined) status = twirpError(res, fault, 'internal', 'injected fault');
        else if (req.method !== 'POST' || method === '') {
          status = twirpError(res, 404, 'bad_route', 'not a Twirp route');
        } else if (req.headers.authorization !== `Bearer ${token}`) {
          status = twirpError(res, 401, 'unauthenticated', 'the runtime token is missing or wrong');
        } else status = await handle(method, body, res);
      } catch (error) {
        status = twirpError(res, 500, 'internal', error instanceof Error ? error.message : String(error));
      }
      served.push({ method, body, status });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    runtime: { token, resultsUrl: `http://127.0.0.1:${port}/` },
    runBackendId,
    jobBackendId,
    fail: (method, fault) => {
      if (fault === undefined) faults.delete(method);
      else faults.set(method, fault);
    },
    artifacts: () => artifacts.map((a) => ({ ...a })),
    store: async (name, zip, options = {}) => {
      const id = nextId++;
      const blobName =
        options.otherRun === true
          ? `other-runs/${id}/${name}.zip`
          : `${runBackendId}/${jobBackendId}/${name}.zip`;
      await container.getBlockBlobClient(blobName).uploadData(zip, {
        blobHTTPHeaders: { blobContentType: 'application/zip' },
      });
      if (options.otherRun !== true) {
        artifacts.push({
          id,
          name,
          blobName,
          finalized: true,
          size: zip.length,
          hash: `sha256:${createHash('sha256').update(zip).digest('hex')}`,
        });
      }
      return { id, size: zip.length, url: signedUrl(blobName, 'r') };
    },
    requests: () => [...served],
    download: async (name) => {
      const artifact = artifacts.find((a) => a.name === name && a.finalized);
      if (artifact === undefined) throw new Error(`no finalized artifact named ${name}`);
      return container.getBlobClient(artifact.blobName).downloadToBuffer();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await azurite.close();
    },
  };
}
