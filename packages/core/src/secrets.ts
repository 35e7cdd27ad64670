import * as core from '@actions/core';
import { SecretMatcher } from './secret-matcher.ts';

/**
 * Shortest secret {@link redact} replaces, in any of its forms. Shorter secrets are still masked by the runner (it
 * asked for them), but replacing two- or three-letter strings (or their hex and base64) in arbitrary text would shred
 * proof files and summaries while protecting nothing: a credential that short is guessable anyway.
 */
export const MIN_REDACT_LENGTH = 4;

/** The replacement for every redacted occurrence, the same the runner uses. */
export const REDACTED = '***';

const masked = new Set<string>();
const forms = new Set<string>();
let matcher: SecretMatcher | undefined;

/**
 * Registers a secret: masks it in the runner's log (`::add-mask::`) and remembers it for {@link redact}.
 *
 * Besides the value itself it registers each of its lines and, when the value is a URL carrying credentials
 * (`postgres://user:pass@host/db`), its password, raw and percent-decoded: the runner only masks a part of a larger
 * value when that part was registered on its own. The username is left alone: it is an identifier, often a common
 * word (`app`, `web`, `postgres`), and masking it would blank that word out of every log line and app name.
 * Empty and whitespace-only values are ignored.
 */
export function registerSecret(value: string): void {
  if (value.trim() === '') return;
  for (const piece of secretPieces(value)) {
    if (masked.has(piece)) continue;
    masked.add(piece);
    const lines = piece.trim().split(/\r?\n/);
    // The runner masks every line of a multi-line mask on its own: a pretty-printed JSON value would make it mask
    // `{` and `}` everywhere. Such a value is left to its lines (registered as pieces) and to our own redaction.
    if (!lines.some((line) => STRUCTURAL.test(line.trim()))) core.setSecret(piece);
    if (piece.length < MIN_REDACT_LENGTH) continue;
    // A multi-line value's lines are pieces of their own, and every encoding of a line shows up inside the same
    // encoding of the whole: the whole needs only its raw form, which keeps megabytes of keys affordable.
    for (const form of lines.length > 1 ? [piece] : encodedForms(piece)) {
      if (!forms.has(form)) {
        forms.add(form);
        matcher = undefined;
      }
    }
  }
}

function currentMatcher(): SecretMatcher {
  matcher ??= new SecretMatcher(forms);
  return matcher;
}

/**
 * The automaton over every registered form, for redactors that need more than {@link redact} (a marker of their
 * own, counts, line breaks inside a secret, a stream: see `redactStream`); `undefined` while nothing is registered.
 */
export function registeredSecretMatcher(): SecretMatcher | undefined {
  return forms.size === 0 ? undefined : currentMatcher();
}

/**
 * Replaces every registered secret in `text` with `***`, in each encoding the runner masks (raw, base64 at any byte
 * offset, base64url, JSON-escaped, URI-encoded, XML-escaped) and in hex. Longer forms win where they overlap.
 */
export function redact(text: string, options: RedactOptions = {}): string {
  if (forms.size === 0 || text === '') return text;
  return currentMatcher().replace(text, REDACTED, options);
}

/** Options of {@link redact}. */
export interface RedactOptions {
  /**
   * The text was cut short (a body read up to a limit): a tail of four or more characters that begins a secret is
   * redacted too, since the secret went on past the cut.
   */
  cut?: boolean;
}

/**
 * Redacts, then shortens to `max` characters (adding `…`): the order matters, as a secret cut in half would no longer
 * be recognised. Use it for any outside text shown in a message (an error page, an API message).
 */
export function redactAndShorten(text: string, max: number): string {
  const clean = redact(text);
  return clean.length <= max ? clean : `${clean.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * Returns a copy of JSON-like data (plain objects, arrays, primitives) with {@link redact} applied to every string,
 * keys included. Other objects (dates, class instances) are returned as they are.
 */
export function redactDeep<T>(value: T): T {
  return redactValue(value) as T;
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactValue(v)]));
  }
  return value;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Forgets every registered secret. For tests only: in an action the registry lives as long as the process, like the
 * runner's masks.
 */
export function resetSecretsForTests(): void {
  masked.clear();
  forms.clear();
  matcher = undefined;
}

/**
 * The value, its trimmed lines (not those of only brackets, braces, commas or colons: registering `{` would mask
 * every brace in the job's log), the password of a URL or libpq connection string, and each macaroon of a Fly
 * token, each once.
 */
function secretPieces(value: string): Set<string> {
  const pieces = new Set<string>([value, value.trim()]);
  for (const line of value.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed !== '' && !STRUCTURAL.test(trimmed)) pieces.add(trimmed);
  }
  for (const part of passwords(value.trim())) pieces.add(part);
  for (const part of flyTokenPieces(value.trim())) pieces.add(part);
  pieces.delete('');
  return pieces;
}

const SCHEME_BEFORE = /[a-z][a-z0-9+.-]{0,31}$/i;
const USERINFO_AFTER = /[^\s:/@]{0,256}:([^\s@/]{1,1024})@/y;

const STRUCTURAL = /^[\s{}[\](),:;"']*$/;

/**
 * Passwords in connection strings: a URL's (also one `URL` cannot parse, such as a host with a stray character)
 * and libpq's `password=…` (quoted or not), raw and percent-decoded.
 */
function passwords(value: string): string[] {
  const found: string[] = [];
  if (URL.canParse(value)) found.push(new URL(value).password);
  // Found from each `://` with bounded, anchored patterns: a scan from every position of a 20 kB base64 value
  // would take quadratic time.
  for (let at = value.indexOf('://'); at !== -1; at = value.indexOf('://', at + 3)) {
    if (!SCHEME_BEFORE.test(value.slice(Math.max(0, at - 32), at))) continue;
    USERINFO_AFTER.lastIndex = at + 3;
    const password = USERINFO_AFTER.exec(value)?.[1];
    if (password !== undefined) found.push(password);
  }
  for (const [, quoted, bare] of value.matchAll(/(?:^|\s)password\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S+))/gi)) {
    found.push(quoted?.replace(/\\(.)/g, '$1') ?? bare ?? '');
  }
  return found.filter((p) => p !== '').flatMap((p) => [p, safeDecode(p)]);
}

/**
 * The pieces of a Fly token (`FlyV1 fm2_…,fm2_…`): a later step may print one macaroon alone, and the runner masks
 * a part of a value only when that part was registered. Recognised by prefix so that any secret holding a Fly token
 * gets this, whatever it is checked as.
 */
function flyTokenPieces(value: string): string[] {
  const stripped = value.replace(/^(?:FlyV1|Bearer)\s+/i, '');
  if (!/^(?:fo1_|fm1r_|fm1a_|fm2_)/.test(stripped)) return [];
  return [stripped, ...stripped.split(',').map((piece) => piece.trim())];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Every encoding in which `piece` may show up in text we write. */
function encodedForms(piece: string): string[] {
  const bytes = Buffer.from(piece, 'utf8');
  const uri = encodeURIComponent(piece);
  return [
    piece,
    ...base64Forms(bytes),
    JSON.stringify(piece).slice(1, -1),
    JSON.stringify(piece)
      .slice(1, -1)
      .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    uri,
    uri.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    uri.replace(/%20/g, '+'),
    piece.replace(/[&<>"']/g, (c) => XML_ENTITIES[c] ?? c),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
  ];
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Base64 and base64url of the secret as it would appear inside a longer encoded blob: the secret may start at any
 * byte offset modulo 3, so for each offset keep only the characters determined by the secret's bytes alone.
 */
function base64Forms(bytes: Buffer): string[] {
  const result = [bytes.toString('base64'), bytes.toString('base64url')];
  for (const offset of [0, 1, 2]) {
    const shifted = Buffer.concat([Buffer.alloc(offset), bytes]);
    const encoded = shifted.toString('base64').replace(/=+$/, '');
    const lead = [0, 2, 3][offset] ?? 0;
    const trail = shifted.length % 3 === 0 ? 0 : 1;
    const core64 = encoded.slice(lead, encoded.length - trail);
    result.push(core64, core64.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return result;
}
