import * as core from '@actions/core';

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
let pattern: RegExp | undefined;

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
    core.setSecret(piece);
    if (piece.length < MIN_REDACT_LENGTH) continue;
    for (const form of encodedForms(piece)) {
      if (!forms.has(form)) {
        forms.add(form);
        pattern = undefined;
      }
    }
  }
}

/**
 * Replaces every registered secret in `text` with `***`, in each encoding the runner masks (raw, base64 at any byte
 * offset, base64url, JSON-escaped, URI-encoded, XML-escaped) and in hex. Longer forms win where they overlap.
 */
export function redact(text: string): string {
  if (forms.size === 0 || text === '') return text;
  pattern ??= new RegExp(
    [...forms]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  return text.replace(pattern, REDACTED);
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
  pattern = undefined;
}

/** The value, its trimmed lines, and the password of a URL, each once. */
function secretPieces(value: string): Set<string> {
  const pieces = new Set<string>([value, value.trim()]);
  for (const line of value.split(/\r?\n/)) {
    if (line.trim() !== '') pieces.add(line.trim());
  }
  for (const part of urlPassword(value.trim())) pieces.add(part);
  pieces.delete('');
  return pieces;
}

function urlPassword(value: string): string[] {
  if (!URL.canParse(value)) return [];
  const { password } = new URL(value);
  return password === '' ? [] : [password, safeDecode(password)];
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
