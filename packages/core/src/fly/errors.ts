import { DeployActionError } from '../errors.ts';

/** Everything known about a failed Fly API call. */
export interface FlyApiErrorDetails {
  /** Stable identifier: `fly-401`, `fly-403`, `fly-404`, `fly-409`, `fly-429`, `fly-5xx`, `fly-unreachable`, … */
  code: string;
  /** What to do about it. */
  hint: string;
  /** HTTP status; 0 when no response arrived. */
  status: number;
  method: string;
  /** Request path without the query, e.g. `/v1/apps/web`. */
  path: string;
  /** The `fly-request-id` response header: Fly support asks for it. */
  requestId?: string;
  /** The response body's `error` or `message`. */
  apiMessage?: string;
  cause?: unknown;
}

/** A Fly Machines API call that failed, with the status, Fly's request id and a hint that says what to do. */
export class FlyApiError extends DeployActionError {
  /** HTTP status; 0 when no response arrived (transport failure). */
  readonly status: number;
  readonly method: string;
  /** Request path without the query. */
  readonly path: string;
  /** The `fly-request-id` response header, when Fly sent one. */
  readonly requestId?: string;
  /** The response body's `error` or `message`. */
  readonly apiMessage?: string;
  declare readonly hint: string;

  /** Creates the error; prefer {@link flyErrorFromResponse} and {@link flyTransportError}. */
  constructor(message: string, details: FlyApiErrorDetails) {
    super(message, { code: details.code, hint: details.hint, cause: details.cause });
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    if (details.apiMessage !== undefined) this.apiMessage = details.apiMessage;
  }
}

/** What the request was about; used to word hints. */
export interface FlyRequestSubject {
  method: string;
  path: string;
  app?: string;
  machineId?: string;
}

const FLY_STATUS = 'https://status.flyio.net';

function codeFor(status: number): string {
  return status >= 500 ? 'fly-5xx' : `fly-${status}`;
}

function hintFor(status: number, subject: FlyRequestSubject): string {
  const app = subject.app ?? '<app>';
  const create =
    subject.method === 'POST' && subject.machineId === undefined && subject.path.endsWith('/machines');
  if (create && (status === 408 || status >= 500)) {
    return `Fly may have created the machine anyway; list the app's machines (\`fly machines list -a ${app}\`) and destroy any stray one before deploying again`;
  }
  switch (status) {
    case 401:
      return `the token is missing, invalid or expired; create a new one with \`fly tokens create deploy -a ${app}\` and store it as the FLY_API_TOKEN secret`;
    case 403:
      return `the token's organization or app scope does not cover ${app}; create a deploy token for it with \`fly tokens create deploy -a ${app}\``;
    case 404:
      return subject.machineId === undefined
        ? `no app named ${app}; check the name or create it with \`fly apps create ${app}\``
        : `no machine ${subject.machineId} in app ${app} (destroyed meanwhile?); list them with \`fly machines list -a ${app}\``;
    case 408:
      return 'Fly did not answer in time; retry later';
    case 409:
      return 'another deploy holds the lease on this machine, or the machine changed since it was read; wait for the other deploy to finish (an abandoned lease expires within seconds) and retry';
    case 412:
      return "the machine's metadata changed since it was read; read it again and retry";
    case 429:
      return "Fly's rate limit was hit even after backing off; deploy fewer machines at once or retry later";
    default:
      return status >= 500
        ? `Fly's API failed on its side; retry later (check ${FLY_STATUS}) and quote the fly-request-id if you contact Fly support`
        : 'Fly rejected the request; the message above says why';
  }
}

/** Builds the error for a non-2xx response. Message: `GET /v1/apps/x → 403 unauthorized (fly-request-id: …)`. */
export function flyErrorFromResponse(
  subject: FlyRequestSubject,
  status: number,
  requestId: string | undefined,
  apiMessage: string | undefined,
): FlyApiError {
  const text = apiMessage === undefined ? '' : ` ${apiMessage}`;
  const id = requestId === undefined ? '' : ` (fly-request-id: ${requestId})`;
  return new FlyApiError(`${subject.method} ${subject.path} → ${status}${text}${id}`, {
    code: codeFor(status),
    hint: hintFor(status, subject),
    status,
    method: subject.method,
    path: subject.path,
    ...(requestId === undefined ? {} : { requestId }),
    ...(apiMessage === undefined ? {} : { apiMessage }),
  });
}

/** Builds the error for a request that got no usable response (refused, reset, TLS, not HTTP, no answer in time). */
export function flyTransportError(subject: FlyRequestSubject, apiUrl: string, cause: unknown): FlyApiError {
  return new FlyApiError(
    `${subject.method} ${subject.path} → could not reach ${apiUrl}: ${transportReason(cause)}`,
    {
      code: 'fly-unreachable',
      hint: `check the api-url input (${apiUrl}: scheme, host and port) and the runner's network, and ${FLY_STATUS}`,
      status: 0,
      method: subject.method,
      path: subject.path,
      cause,
    },
  );
}

/** Transport failures that say the same thing every time: retrying them only burns the time budget. */
const DETERMINISTIC =
  /^(?:ERR_TLS|ERR_SSL|EPROTO|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO|CERT_|HPE_|ERR_INVALID_CHAR)/;

/** Whether a transport failure would fail again the same way (TLS, not HTTP): then it is not retried. */
export function isDeterministicTransportFailure(error: unknown): boolean {
  const code = transportCode(error) ?? '';
  const text = transportText(error);
  return DETERMINISTIC.test(code) || TEXT_REASONS.some(([pattern]) => pattern.test(text));
}

const REASONS: [RegExp, string][] = [
  [/^ECONNREFUSED$/, 'connection refused (nothing listens at that host and port)'],
  [/^(?:ENOTFOUND|EAI_AGAIN)$/, 'the host name does not resolve'],
  [/^(?:EHOSTUNREACH|ENETUNREACH)$/, 'the host is unreachable from this runner'],
  [/^(?:ECONNRESET|EPIPE|UND_ERR_SOCKET)$/, 'the connection was reset before a whole answer arrived'],
  [/^(?:ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT)$/, 'the connection timed out'],
  [
    /^(?:UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|ABORT_ERR|UND_ERR_ABORTED)$/,
    'no complete answer in time',
  ],
  [
    /^(?:DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)$/,
    "TLS: the server's certificate is self-signed",
  ],
  [
    /^(?:UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT.*)$/,
    "TLS: the server's certificate is not trusted",
  ],
  [/^CERT_HAS_EXPIRED$/, "TLS: the server's certificate has expired"],
  [/^ERR_TLS_CERT_ALTNAME_INVALID$/, "TLS: the server's certificate is for another host name"],
  [
    /^(?:ERR_SSL_WRONG_VERSION_NUMBER|EPROTO)$/,
    'TLS handshake failed: the server does not speak TLS there (an http:// port?)',
  ],
  [/^HPE_/, "the server's reply is not HTTP"],
  [/^UND_ERR_RESPONSE_TOO_LARGE$/, 'the answer was larger than this action reads'],
];

/** Failures undici and OpenSSL report by message only. */
const TEXT_REASONS: [RegExp, string][] = [
  [
    /wrong version number|packet length too long/i,
    'TLS handshake failed: the server does not speak TLS there (an http:// port?)',
  ],
  [/does not match the HTTP|Parse Error|HPE_/i, "the server's reply is not HTTP"],
];

/**
 * The cause of a transport failure in words, never the raw error text alone: undici's and OpenSSL's messages name
 * codes, not what to check. Unknown failures keep their code and first line, shortened.
 */
export function transportReason(error: unknown): string {
  const code = transportCode(error);
  const text = transportText(error);
  for (const [pattern, words] of TEXT_REASONS) if (pattern.test(text)) return words;
  for (const [pattern, words] of REASONS) if (code !== undefined && pattern.test(code)) return words;
  const first = (text.split('\n')[0] ?? '').slice(0, 160);
  return code === undefined ? first || 'unknown failure' : `${code}${first === '' ? '' : `: ${first}`}`;
}

function transportText(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++)
    parts.push(e.message);
  return parts.join(' / ');
}

/** The `code` of a Node or undici transport error (`ECONNRESET`, `UND_ERR_SOCKET`, …), if it has one. */
export function transportCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (error as { cause?: unknown }).cause;
  return cause === error ? undefined : transportCode(cause);
}
