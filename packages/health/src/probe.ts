import { transportReason } from '@deploy-actions/core';
import { Agent, interceptors, type Dispatcher } from 'undici';
import type { HealthTarget } from './targets.ts';

/** Why a probe got no (complete) answer. */
export type ProbeErrorKind = 'refused' | 'dns' | 'tls' | 'timeout' | 'reset' | 'other';

/** What one request to a target brought back. */
export interface ProbeAnswer {
  /** The HTTP code, when an answer's head arrived. */
  status?: number;
  /** Answer headers, names lower-cased; several values of one name joined by `, `. */
  headers: Map<string, string>;
  /** The body as UTF-8 text, at most {@link MAX_BODY_BYTES} of it. */
  body: string;
  /** The body was longer than {@link MAX_BODY_BYTES}; `body` holds its start. */
  truncated: boolean;
  /** From sending the request to the last byte read (or to the error). */
  latencyMs: number;
  /** Set when no complete answer arrived: no head at all, or a body cut short. */
  error?: { kind: ProbeErrorKind; detail: string };
}

/** A probe of one target; `timeoutMs` bounds the whole exchange, `signal` ends it early (the gate stopping). */
export type Prober = (
  target: HealthTarget,
  options: { timeoutMs: number; signal: AbortSignal },
) => Promise<ProbeAnswer>;

/** The most of a body a probe reads: a health answer is small, and a hostile one must not fill the memory. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Network error codes (Node and undici) and what they mean for a health check. */
const ERROR_KINDS: Record<string, ProbeErrorKind> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  EAI_FAIL: 'dns',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
};

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
    const { code, name } = e as { code?: unknown; name?: unknown };
    if (typeof code === 'string') codes.push(code);
    if (name === 'TimeoutError') codes.push('ETIMEDOUT');
    e = (e as { cause?: unknown }).cause;
  }
  return codes;
}

/**
 * Sorts a request error into a {@link ProbeErrorKind}, with core's words for its cause (`transportReason`, the same
 * the Fly client uses). `timedOut` means our own deadline ended the probe, whatever error that surfaced as.
 */
export function classifyError(error: unknown, timedOut: boolean): { kind: ProbeErrorKind; detail: string } {
  if (timedOut) return { kind: 'timeout', detail: 'no complete answer within timeout-ms' };
  const codes = codesOf(error);
  const kind =
    codes
      .map(
        (code) =>
          ERROR_KINDS[code] ??
          (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL|EPROTO)/.test(code)
            ? ('tls' as const)
            : undefined),
      )
      .find((k) => k !== undefined) ?? 'other';
  return { kind, detail: transportReason(error) };
}

function headerMap(headers: Record<string, string | string[] | undefined>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) map.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
  }
  return map;
}

async function readBody(
  body: Dispatcher.ResponseData['body'],
): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    if (size + buffer.length > MAX_BODY_BYTES) {
      chunks.push(buffer.subarray(0, MAX_BODY_BYTES - size));
      body.destroy();
      return { text: Buffer.concat(chunks).toString('utf8'), truncated: true };
    }
    chunks.push(buffer);
    size += buffer.length;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

/** An HTTP prober over one undici connection pool per origin, and how to close them. */
export interface HttpProber {
  probe: Prober;
  close(): Promise<void>;
}

/**
 * Probes over undici: one `Agent` (a pool per origin, kept-alive connections) shared by every target, and the same
 * agent composed with undici's redirect interceptor for targets with `follow-redirects`. The deadline covers the
 * whole exchange, body included, so a target that trickles its body is cut off like one that never answers.
 */
export function createHttpProber(options: { connectionsPerOrigin?: number } = {}): HttpProber {
  const agent = new Agent({ connections: options.connectionsPerOrigin ?? 8, keepAliveTimeout: 4000 });
  const following = agent.compose(interceptors.redirect({ maxRedirections: 5 }));
  const probe: Prober = async (target, { timeoutMs, signal }) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const both = AbortSignal.any([signal, deadline]);
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    let status: number | undefined;
    let headers = new Map<string, string>();
    try {
      const response = await (target.followRedirects ? following : agent).request({
        origin: new URL(target.url).origin,
        path: `${new URL(target.url).pathname}${new URL(target.url).search}`,
        method: target.method,
        headers: Object.fromEntries(target.headers),
        signal: both,
      });
      status = response.statusCode;
      headers = headerMap(response.headers);
      const { text, truncated } = await readBody(response.body);
      return { status, headers, body: text, truncated, latencyMs: elapsed() };
    } catch (error) {
      const kind = classifyError(error, deadline.aborted);
      const detail = status === undefined ? kind.detail : `the body was cut off: ${kind.detail}`;
      return {
        ...(status === undefined ? {} : { status }),
        headers,
        body: '',
        truncated: false,
        latencyMs: elapsed(),
        error: { kind: kind.kind, detail },
      };
    }
  };
  return { probe, close: () => agent.close() };
}
