import { createServer } from 'node:http';
import { closeServer, listen, readText, sendJson } from './http.ts';

/** What a machine's web server reports about itself. */
export interface MachineServerIdentity {
  machineId: string;
  version: string;
  health: 'ok' | 'failing' | 'degraded';
  /** Paths answered as health endpoints besides `/health` (the configured check paths). */
  healthPaths: readonly string[];
}

/** A running machine's web server on loopback. */
export interface MachineServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the HTTP server a started machine runs: health paths answer by the image's health, every other path
 * echoes the request (method, path, body) with the version, so proxy tests can see what arrived.
 */
export async function startMachineServer(identity: MachineServerIdentity): Promise<MachineServer> {
  const healthPaths = new Set(['/health', ...identity.healthPaths]);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://machine').pathname;
    const headers = { 'fly-machine': identity.machineId };
    if (healthPaths.has(path)) {
      sendJson(
        res,
        identity.health === 'failing' ? 503 : 200,
        { status: identity.health, version: identity.version, machine: identity.machineId },
        headers,
      );
      return;
    }
    readText(req, 64 * 1024).then(
      (body) =>
        sendJson(
          res,
          200,
          { version: identity.version, machine: identity.machineId, method: req.method, path, body },
          headers,
        ),
      () => sendJson(res, 413, { error: 'body too large' }, headers),
    );
  });
  const port = await listen(server);
  return { port, close: () => closeServer(server) };
}
