import { DeployActionError } from '../errors.ts';
import { registerSecret } from '../secrets.ts';

/** What a token piece is, read from its prefix. */
export type FlyTokenKind = 'user' | 'macaroon' | 'unknown';

/** A Fly API token made ready to send. Every form of it is registered as a secret. */
export interface FlyToken {
  /** The pieces (one token, or several comma-joined macaroons), without any `FlyV1 `/`Bearer ` prefix. */
  readonly pieces: readonly string[];
  /** `macaroon` when any piece is a macaroon (then the header scheme is `FlyV1`), else the first piece's kind. */
  readonly kind: FlyTokenKind;
  /** The value of the `Authorization` header. */
  readonly authorization: string;
}

const SCHEME = /^(?:FlyV1|Bearer)(?:\s+|$)/i;
const USER_PREFIX = 'fo1_';
const MACAROON_PREFIXES = ['fm1r_', 'fm1a_', 'fm2_'];
const KNOWN_PREFIXES = `${USER_PREFIX}, ${MACAROON_PREFIXES.join(', ')}`;

function kindOf(piece: string): FlyTokenKind {
  if (piece.startsWith(USER_PREFIX)) return 'user';
  if (MACAROON_PREFIXES.some((p) => piece.startsWith(p))) return 'macaroon';
  return 'unknown';
}

/**
 * The first character of a token that cannot go in an HTTP header (a zero-width space, a control character, any
 * non-ASCII character: copy-paste artifacts), named by code point and 1-based position in the value as given, or
 * `undefined`. Spaces and tabs are left to the whitespace check, which says more.
 */
export function describeTokenCharacterProblem(raw: string): string | undefined {
  let position = 0;
  for (const char of raw) {
    position++;
    const code = char.codePointAt(0) ?? 0;
    if ((code >= 0x21 && code <= 0x7e) || char === ' ' || char === '\t' || char === '\n' || char === '\r')
      continue;
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    const kind = isInvisible(code)
      ? 'an invisible character'
      : code < 0x20 || code === 0x7f
        ? 'a control character'
        : 'a non-ASCII character';
    return `contains ${kind} ${hex} at position ${position} (a copy-paste artifact?); a token is plain ASCII`;
  }
  return undefined;
}

/** Code points that render as nothing: format characters, joiners, variation selectors, fillers. */
const INVISIBLE_RANGES: readonly [number, number][] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180e],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
];

function isInvisible(code: number): boolean {
  return INVISIBLE_RANGES.some(([from, to]) => code >= from && code <= to);
}

function stripScheme(raw: string): string {
  return raw.trim().replace(SCHEME, '').trim();
}

/**
 * Parses a token the way users paste it: `fo1_…`, `fm2_…`, `FlyV1 fm2_…,fm2_…` or `Bearer …`. Registers the raw
 * value, the value without its scheme and every piece as secrets before anything else can print them.
 *
 * Lenient on purpose (an unknown prefix is sent as `Bearer`): {@link describeFlyTokenProblem} is the strict check.
 *
 * @throws DeployActionError `fly-token-empty` when nothing is left after stripping the scheme, `invalid-fly-token`
 *   when a character cannot go in an HTTP header.
 */
export function parseFlyToken(raw: string): FlyToken {
  registerSecret(raw);
  const stripped = stripScheme(raw);
  registerSecret(stripped);
  const pieces = stripped
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const piece of pieces) registerSecret(piece);
  const [first] = pieces;
  const badCharacter = describeTokenCharacterProblem(raw);
  if (badCharacter !== undefined) {
    throw new DeployActionError(`the Fly API token ${badCharacter}`, {
      code: 'invalid-fly-token',
      hint: 'Copy the token again from `fly tokens create deploy` output and store it as the FLY_API_TOKEN secret.',
    });
  }
  if (first === undefined) {
    throw new DeployActionError('the Fly API token is empty', {
      code: 'fly-token-empty',
      hint: 'Create one with `fly tokens create deploy -a <app>` and store it as the FLY_API_TOKEN secret.',
    });
  }
  const kinds = pieces.map(kindOf);
  if (kinds.includes('macaroon')) {
    return { pieces, kind: 'macaroon', authorization: `FlyV1 ${pieces.join(',')}` };
  }
  return { pieces, kind: kinds[0] ?? 'unknown', authorization: `Bearer ${first}` };
}

/**
 * Checks a token's format without calling Fly. Returns a sentence naming the first problem (never quoting the token),
 * or `undefined` when the format is fine.
 */
export function describeFlyTokenProblem(raw: string): string | undefined {
  if (raw.trim() === '') return 'is empty';
  const badCharacter = describeTokenCharacterProblem(raw);
  if (badCharacter !== undefined) return badCharacter;
  const stripped = stripScheme(raw);
  if (stripped === '') return 'holds only the `FlyV1`/`Bearer` prefix, no token';
  const pieces = stripped.split(',').map((p) => p.trim());
  if (pieces.length > 1 && pieces.some((p) => p === '')) {
    return 'has an empty piece between commas (a stray comma?)';
  }
  const position = (i: number): string =>
    pieces.length > 1 ? `piece ${i + 1} of ${pieces.length}` : 'the token';
  for (const [i, piece] of pieces.entries()) {
    if (/\s/.test(piece))
      return `${position(i)} contains whitespace (a line break or space from copy-paste?)`;
    if (kindOf(piece) === 'unknown') {
      return `${position(i)} does not start with a known Fly token prefix (${KNOWN_PREFIXES})`;
    }
  }
  const kinds = pieces.map(kindOf);
  if (kinds.includes('user') && pieces.length > 1) {
    return 'mixes a user token (fo1_) with other pieces; use a single token';
  }
  return undefined;
}
