import { describeFlyTokenProblem } from '@deploy-actions/core';
import { RE2JS } from 're2js';

/** The formats a secret can be checked against; `regex` carries its compiled pattern. */
export type SecretFormat =
  | { kind: 'fly-token' }
  | { kind: 'github-token' }
  | { kind: 'postgres-url' }
  | { kind: 'url' }
  | { kind: 'jwt' }
  | { kind: 'pem' }
  | { kind: 'regex'; source: string; pattern: RE2JS };

/** Format names accepted by the `secrets` input, in the order the docs list them. */
export const FORMAT_NAMES = [
  'fly-token',
  'github-token',
  'postgres-url',
  'url',
  'jwt',
  'pem',
  'regex:<pattern>',
] as const;

/**
 * Reads a format name as written in the `secrets` input.
 * Returns a problem sentence instead when the name is unknown or the pattern does not compile.
 */
export function parseFormat(text: string): SecretFormat | { problem: string } {
  if (text.startsWith('regex:')) {
    const source = text.slice('regex:'.length);
    if (source === '') return { problem: 'regex: needs a pattern after the colon' };
    try {
      // RE2 runs in time linear in the value, so a pattern such as (a+)+b cannot hang the run on a long value;
      // `matches` is anchored at both ends, as people expect of a format.
      return { kind: 'regex', source, pattern: RE2JS.compile(source) };
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 160);
      return { problem: `the pattern does not compile as RE2 (no lookaround or backreferences): ${reason}` };
    }
  }
  const known = FORMAT_NAMES.filter((name) => name !== 'regex:<pattern>') as readonly string[];
  if (known.includes(text)) return { kind: text } as SecretFormat;
  return { problem: `expected one of ${FORMAT_NAMES.join(', ')}` };
}

/** A readable name for a format, for tables and messages. */
export function formatLabel(format: SecretFormat): string {
  return format.kind === 'regex' ? `regex:${format.source}` : format.kind;
}

// Prefixes GitHub documents for its token types; classic 40-hex tokens are still accepted by the API.
const GITHUB_TOKEN = /^(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,244}|[0-9a-f]{40})$/;
const PEM_BLOCK = /^-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n:,\- ]+?)\r?\n?-----END \1-----\s*$/;

/**
 * Checks a value against a format. Returns what is wrong, in words that never quote the value, or `undefined`
 * when the value fits. `now` decides whether a JWT has expired.
 */
export function checkFormat(format: SecretFormat, value: string, now: Date = new Date()): string | undefined {
  switch (format.kind) {
    case 'fly-token':
      return describeFlyTokenProblem(value);
    case 'github-token':
      return GITHUB_TOKEN.test(value)
        ? undefined
        : 'is not a GitHub token (expected ghp_, gho_, ghu_, ghs_, ghr_ or github_pat_ followed by its characters)';
    case 'postgres-url':
      return checkUrl(value, ['postgres:', 'postgresql:']);
    case 'url':
      return checkUrl(value, ['http:', 'https:']);
    case 'jwt':
      return checkJwt(value, now);
    case 'pem':
      return checkPem(value);
    case 'regex':
      return format.pattern.matches(value) ? undefined : `does not match the pattern ${formatLabel(format)}`;
  }
}

function checkUrl(value: string, protocols: readonly string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `is not a URL (expected ${protocols.map((p) => `${p}//…`).join(' or ')})`;
  }
  if (!protocols.includes(url.protocol)) {
    return `has the scheme ${url.protocol}// but ${protocols.map((p) => `${p}//`).join(' or ')} is expected`;
  }
  if (url.hostname === '') return 'has no host name';
  if (protocols.includes('postgres:') && url.pathname.replace(/^\//, '') === '') {
    return 'names no database (expected postgres://user:password@host:5432/database)';
  }
  return undefined;
}

function checkJwt(value: string, now: Date): string | undefined {
  const parts = value.split('.');
  if (parts.length !== 3 || parts.some((part, i) => i < 2 && !/^[A-Za-z0-9_-]+$/.test(part))) {
    return 'is not a JWT (expected three base64url parts separated by dots)';
  }
  const [header, payload] = parts.slice(0, 2).map(decodeJsonPart);
  if (header === undefined || typeof header.alg !== 'string') return 'is not a JWT (its header has no "alg")';
  if (payload === undefined) return 'is not a JWT (its payload is not JSON)';
  if (typeof payload.exp === 'number') {
    const expires = new Date(payload.exp * 1000);
    // A Date holds ±8.64e15 ms; an exp beyond that (-1e20) cannot be shown as a date and is no real expiry.
    if (Number.isNaN(expires.getTime())) return 'is a JWT whose "exp" claim is out of range';
    if (expires.getTime() <= now.getTime()) return `is a JWT that expired at ${expires.toISOString()}`;
  }
  return undefined;
}

function decodeJsonPart(part: string | undefined): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function checkPem(value: string): string | undefined {
  // Secrets pasted through a single-line field often arrive with literal "\n" instead of line breaks.
  if (!value.includes('\n') && value.includes('\\n')) {
    return 'is a PEM block whose line breaks were stored as the two characters \\n; store it with real line breaks';
  }
  return PEM_BLOCK.test(value.trim())
    ? undefined
    : 'is not a PEM block (expected -----BEGIN …----- and a matching -----END …----- line)';
}
