import { detectSecrets, redactionMarker, replaceFindings } from './detectors.ts';
import { DeployActionError } from './errors.ts';
import { registeredSecretMatcher } from './secrets.ts';

/** How many replacements of each kind a redaction made (`registered` for values registered with `registerSecret`, whatever their form). */
export type RedactionTally = Map<string, number>;

/** Text this long is redacted at a time; memory stays a small multiple of it whatever the input's size. */
const WINDOW = 1 << 20;
/**
 * Text kept back after each window so a match crossing the window's end is seen whole next time: the longest
 * thing a detector reads (a PEM block with its headers) fits in it.
 */
const TAIL = 64 << 10;

/** Input that cannot be redacted reliably: not UTF-8 text (binary, compressed, another encoding). */
export class UnredactableError extends DeployActionError {
  /** Creates the error; `reason` says what made the input unreadable as text. */
  constructor(reason: string) {
    super(`cannot be redacted: ${reason}`, {
      code: 'unredactable',
      hint: 'Only UTF-8 text can be searched for secrets; leave binary or compressed files out of the proof.',
    });
  }
}

/**
 * Redacts a byte stream as it flows, in constant memory: every registered secret (in each form `redact` knows) and
 * every credential {@link detectSecrets} finds, each replaced by a marker naming its kind. Counts go to `tally`.
 *
 * @throws UnredactableError when the input is not UTF-8 text (invalid bytes or a NUL); nothing of it should then be
 * kept, since a secret in it cannot be found.
 */
export async function* redactStream(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  tally: RedactionTally,
): AsyncGenerator<string> {
  yield* redactDetected(redactRegistered(decodeText(source), tally), tally);
}

async function* decodeText(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw new UnredactableError(
        `not UTF-8 text (an invalid byte within bytes ${offset}–${offset + bytes.length})`,
      );
    }
    const nul = text.indexOf('\0');
    if (nul >= 0) throw new UnredactableError('binary data (a NUL byte)');
    offset += bytes.length;
    if (text !== '') yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } catch {
    throw new UnredactableError('not UTF-8 text (it ends inside a character)');
  }
}

/**
 * Collects text into windows of at least `WINDOW + TAIL` characters; the last one, when the input ends, may be
 * shorter. The consumer cuts each where it likes and carries the rest over.
 */
async function* windows(source: AsyncIterable<string>): AsyncGenerator<{ text: string; last: boolean }> {
  let pending = '';
  for await (const chunk of source) {
    pending += chunk;
    if (pending.length < WINDOW + TAIL) continue;
    yield { text: pending, last: false };
    pending = '';
  }
  yield { text: pending, last: true };
}

/** Where to cut `text` so that `TAIL` characters stay for the next window: after a line break when there is one. */
function cutPoint(text: string): number {
  const limit = text.length - TAIL;
  const lineEnd = text.lastIndexOf('\n', limit - 1);
  return lineEnd > 0 ? lineEnd + 1 : limit;
}

/**
 * Registered secrets, through core's automaton over every registered form. Line breaks do not move the automaton,
 * so a secret a log wrapped over two lines is still found (and replaced together with the break inside it); text is
 * held back only while it may still be the start of a secret.
 */
async function* redactRegistered(
  source: AsyncIterable<string>,
  tally: RedactionTally,
): AsyncGenerator<string> {
  const matcher = registeredSecretMatcher();
  if (matcher === undefined) {
    yield* source;
    return;
  }
  const stream = matcher.stream(redactionMarker('registered'), {
    skipLineBreaks: true,
    mergeTouching: false,
  });
  for await (const chunk of source) {
    const out = stream.write(chunk);
    if (out !== '') yield out;
  }
  const rest = stream.end();
  if (rest !== '') yield rest;
  count(tally, 'registered', stream.replaced);
}

/** Detected secrets: each window is scanned with its tail, and a finding crossing the cut moves the cut before it. */
async function* redactDetected(source: AsyncIterable<string>, tally: RedactionTally): AsyncGenerator<string> {
  let carry = '';
  for await (const { text, last } of windows(source)) {
    const all = carry + text;
    const findings = await detectSecrets(all);
    let cut = last ? all.length : cutPoint(all);
    const crossing = findings.find((f) => f.start < cut && f.end > cut);
    if (crossing !== undefined) cut = crossing.start > 0 ? crossing.start : crossing.end;
    const done = findings.filter((f) => f.end <= cut);
    for (const f of done) count(tally, f.kind, 1);
    carry = all.slice(cut);
    const out = replaceFindings(all.slice(0, cut), done);
    if (out !== '') yield out;
  }
}

function count(tally: RedactionTally, kind: string, n: number): void {
  if (n > 0) tally.set(kind, (tally.get(kind) ?? 0) + n);
}

/** Total replacements in a tally. */
export function tallyTotal(tally: RedactionTally): number {
  let total = 0;
  for (const n of tally.values()) total += n;
  return total;
}

/** Redacts a whole string the way {@link redactStream} redacts a stream (for small texts: summaries, outputs). */
export async function redactText(text: string, tally: RedactionTally = new Map()): Promise<string> {
  let out = '';
  for await (const piece of redactStream([text], tally)) out += piece;
  return out;
}
