import { lintSource } from '@secretlint/core';
import { rules as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';

/** A stretch of text that looks like a credential nobody registered, and what kind it looked like. */
export interface DetectedSecret {
  /** Offset of the first code unit (UTF-16, as `String.prototype.slice` counts). */
  start: number;
  /** Offset just past the last code unit. */
  end: number;
  /** `fly-token`, `github-token`, `url-credentials`, `jwt`, `private-key`, `aws-access-key`, `authorization-header`, … */
  kind: string;
}

/** `[REDACTED:<kind>]`: what replaces a detected secret, naming its kind and never its value. */
export function redactionMarker(kind: string): string {
  return `[REDACTED:${kind}]`;
}

// secretlint's rule ids → our kinds. Rules not named here report as their id's last word (`slack`, `npm`, …).
const SECRETLINT_KINDS = new Map<string, string>([
  ['@secretlint/secretlint-rule-github', 'github-token'],
  ['@secretlint/secretlint-rule-privatekey', 'private-key'],
  ['@secretlint/secretlint-rule-basicauth', 'url-credentials'],
  ['@secretlint/secretlint-rule-database-connection-string', 'url-credentials'],
  ['@secretlint/secretlint-rule-aws', 'aws-credentials'],
]);

// filter-comments lets the scanned text switch rules off (`secretlint-disable`): a hostile log must not be able to
// do that, so it is left out.
const SECRETLINT_CONFIG = {
  rules: recommendedRules
    .filter((rule) => rule.meta.id !== '@secretlint/secretlint-rule-filter-comments')
    .map((rule) => ({ id: rule.meta.id, rule })),
};

const FLY_PREFIX = '(?:fo1_|fm1a_|fm1r_|fm2_)';
const TOKEN_CHARS = '[A-Za-z0-9_+/=-]';
// A real line break, or one written as an escape inside a JSON or YAML string (`\n`, `\r\n`).
const LINE_BREAK = '(?:\\r?\\n|\\\\(?:r\\\\)?n)';
const PEM_END = '-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----';

/**
 * Kinds the secretlint preset does not cover (Fly tokens, JWTs, `Authorization:` values, AWS key ids without a
 * surrounding `aws_access_key_id`), or covers only as a whole URL or only when a PEM block is complete. Each
 * pattern is linear: no nested quantifier can backtrack over the same text twice.
 */
const OWN_DETECTORS: readonly { kind: string; pattern: RegExp; group?: number }[] = [
  // `FlyV1 fm2_…,fm2_…`: the scheme, every comma-joined macaroon, and a third-party discharge without a prefix.
  {
    kind: 'fly-token',
    pattern: new RegExp(
      `(?:FlyV1 +)?${FLY_PREFIX}${TOKEN_CHARS}{8,}(?:,${FLY_PREFIX}?${TOKEN_CHARS}{8,})*`,
      'g',
    ),
  },
  // No word boundary before the prefixes: they are distinctive enough, and text glued to a token must not hide it.
  { kind: 'github-token', pattern: /(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g },
  { kind: 'jwt', pattern: /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g },
  { kind: 'aws-access-key', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g },
  // Only `user:password` is replaced, so the host stays readable.
  {
    kind: 'url-credentials',
    pattern: /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/([^\s:/?#@"'<>\\]*:[^\s/?#@"'<>\\]+)@/g,
    group: 1,
  },
  // The value after the scheme word, in headers, curl -H, JSON and YAML alike.
  {
    kind: 'authorization-header',
    pattern:
      /\b(?:proxy-)?authorization\b"?\s*[:=]\s*"?(?:(?:bearer|basic|token|flyv1|digest|negotiate) +)?([^\s"'\\]+)/gi,
    group: 1,
  },
  // A PEM block, or its beginning when the text was cut: whole lines of base64 or `Name: value` headers, then the
  // END line. Each body line must end where a line ends, so ordinary text after the block is not taken.
  {
    kind: 'private-key',
    pattern: new RegExp(
      `-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:${LINE_BREAK}(?:[A-Za-z0-9-]+: [^\\r\\n\\\\]*|[A-Za-z0-9+/=]*)(?=${LINE_BREAK}|$))*(?:${LINE_BREAK}${PEM_END})?`,
      'g',
    ),
  },
];

/**
 * Tokens of no fixed length that a log wrapping long lines may split: when one ends a line of at least
 * `WRAP_WIDTH` characters and the next line starts with the token's characters, the token goes on there.
 */
const WRAPPING: ReadonlyMap<string, RegExp> = new Map([
  ['fly-token', /^\r?\n[A-Za-z0-9_+/=]+/],
  ['jwt', /^\r?\n[A-Za-z0-9_][A-Za-z0-9_.-]*/],
]);
const WRAP_WIDTH = 60;

/**
 * Finds credentials nobody registered: secretlint's recommended rules where they cover a kind, and our own patterns
 * for the rest. Overlapping findings are merged (the first kind wins). Markers already in the text are not found
 * again. A token ending a line whose next line starts with token characters is taken to continue there.
 */
export async function detectSecrets(text: string): Promise<DetectedSecret[]> {
  if (text === '') return [];
  const found: DetectedSecret[] = [];
  for (const { kind, pattern, group } of OWN_DETECTORS) {
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
      const value = group === undefined ? match[0] : match[group];
      if (value === undefined || value === '') continue;
      const start = (match.index ?? 0) + (group === undefined ? 0 : match[0].lastIndexOf(value));
      found.push({ kind, start, end: extendOverLineWrap(text, kind, start + value.length) });
    }
  }
  const result = await lintSource({
    source: { content: text, filePath: 'proof.txt', ext: '.txt', contentType: 'text' },
    options: { config: SECRETLINT_CONFIG, maskSecrets: true, noPhysicFilePath: true },
  });
  for (const message of result.messages) {
    const [start, end] = message.range;
    const kind = SECRETLINT_KINDS.get(message.ruleId) ?? message.ruleId.replace(/^.*secretlint-rule-/, '');
    found.push(...(kind === 'url-credentials' ? urlCredentials(text, start, end) : [{ kind, start, end }]));
  }
  return mergeFindings(found.filter((f) => !insideMarker(text, f)));
}

function extendOverLineWrap(text: string, kind: string, end: number): number {
  const continuation = WRAPPING.get(kind);
  if (continuation === undefined) return end;
  const lineStart = text.lastIndexOf('\n', end - 1) + 1;
  if (end - lineStart < WRAP_WIDTH) return end;
  const next = continuation.exec(text.slice(end, end + 4096));
  return next === null ? end : end + next[0].length;
}

/** The `user:password` part of a URL secretlint reported whole; nothing when it holds none. */
function urlCredentials(text: string, start: number, end: number): DetectedSecret[] {
  const url = text.slice(start, end);
  const scheme = url.indexOf('://');
  const at = url.lastIndexOf('@');
  if (scheme < 0 || at <= scheme + 3) return [{ kind: 'url-credentials', start, end }];
  return [{ kind: 'url-credentials', start: start + scheme + 3, end: start + at }];
}

function insideMarker(text: string, finding: DetectedSecret): boolean {
  const before = text.lastIndexOf('[REDACTED:', finding.start);
  if (before < 0) return false;
  const close = text.indexOf(']', before);
  return close >= finding.end - 1 && /^\[REDACTED:[a-z0-9-]+\]$/.test(text.slice(before, close + 1));
}

/** Sorted by start, overlapping or touching findings joined into one. */
function mergeFindings(found: DetectedSecret[]): DetectedSecret[] {
  const sorted = found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: DetectedSecret[] = [];
  for (const f of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && f.start < last.end) last.end = Math.max(last.end, f.end);
    else merged.push({ ...f });
  }
  return merged;
}

/** Replaces each finding with its {@link redactionMarker}; `findings` as {@link detectSecrets} returns them. */
export function replaceFindings(text: string, findings: readonly DetectedSecret[]): string {
  let out = '';
  let from = 0;
  for (const f of findings) {
    out += text.slice(from, f.start) + redactionMarker(f.kind);
    from = f.end;
  }
  return out + text.slice(from);
}
