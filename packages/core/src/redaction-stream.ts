import { detectSecrets, redactionMarker, replaceFindings } from './detectors.ts';
import { DeployActionError } from './errors.ts';
import type { SecretMatcher } from './secret-matcher.ts';
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
  const stream = new LineTolerantStream(matcher, redactionMarker('registered'));
  for await (const chunk of source) {
    const out = stream.write(chunk);
    if (out !== '') yield out;
  }
  const rest = stream.end();
  if (rest !== '') yield rest;
  count(tally, 'registered', stream.replaced);
}

/**
 * Streaming replacement over a {@link SecretMatcher} that steps over `\r` and `\n`. Written beside core's own
 * stream rather than as an option of it because it must remember where each matched code unit was (a match's
 * length no longer says where it starts once line breaks are skipped).
 */
class LineTolerantStream {
  /** Replacements made so far (overlapping matches count once). */
  replaced = 0;
  readonly #matcher: SecretMatcher;
  readonly #marker: string;
  #node = 0;
  /** Text not yet emitted, starting at absolute offset `#offset`. */
  #pending = '';
  #offset = 0;
  /** Absolute position after the last code unit read. */
  #position = 0;
  /**
   * Positions of the code units stepped on while the automaton was inside a prefix, in a ring indexed by `#count`:
   * the last `depth` of them make up the current prefix (each step adds at most one to the depth, so every unit of
   * the prefix was recorded). A typed ring, not an array of every position: this loop sees every byte of a log.
   */
  #ring = new Float64Array(256);
  #count = 0;
  /** Matched stretches not yet emitted, merged, in order (absolute offsets). */
  #covered: [number, number][] = [];

  constructor(matcher: SecretMatcher, marker: string) {
    this.#matcher = matcher;
    this.#marker = marker;
  }

  /** Feeds a chunk; returns the text that is now final. */
  write(chunk: string): string {
    const matcher = this.#matcher;
    let node = this.#node;
    let position = this.#position;
    let count = this.#count;
    for (let i = 0; i < chunk.length; i++, position++) {
      const unit = chunk.charCodeAt(i);
      if (unit === 10 || unit === 13) continue;
      node = matcher.step(node, unit);
      const depth = matcher.depth(node);
      if (depth === 0) continue;
      if (depth > this.#ring.length) this.#grow(depth, count);
      const ring = this.#ring;
      ring[count & (ring.length - 1)] = position;
      count++;
      const length = matcher.matchLength(node);
      if (length > 0) this.#cover(ring[(count - length) & (ring.length - 1)] ?? position, position + 1);
    }
    this.#node = node;
    this.#position = position;
    this.#count = count;
    this.#pending += chunk;
    // No later match can start before the current prefix does.
    const depth = matcher.depth(node);
    const prefixStart =
      depth === 0 ? position : (this.#ring[(count - depth) & (this.#ring.length - 1)] ?? position);
    return this.#emit(prefixStart);
  }

  /** A ring of at least twice `depth` slots (a power of two), keeping the recorded positions at their indexes. */
  #grow(depth: number, count: number): void {
    const old = this.#ring;
    let size = old.length;
    while (size < depth * 2) size *= 2;
    const ring = new Float64Array(size);
    for (let k = Math.max(0, count - old.length); k < count; k++) {
      ring[k & (size - 1)] = old[k & (old.length - 1)] ?? 0;
    }
    this.#ring = ring;
  }

  /** Ends the stream and returns the rest. */
  end(): string {
    return this.#emit(this.#position);
  }

  #cover(start: number, end: number): void {
    let merged: [number, number] = [start, end];
    while (this.#covered.length > 0) {
      const last = this.#covered.at(-1);
      if (last === undefined || last[1] <= merged[0]) break;
      merged = [Math.min(last[0], merged[0]), Math.max(last[1], merged[1])];
      this.#covered.pop();
    }
    this.#covered.push(merged);
  }

  /** Emits everything before `safe`; a stretch reaching past it may still grow, so it and what follows wait. */
  #emit(safe: number): string {
    let out = '';
    let from = this.#offset;
    let until = safe;
    for (let stretch = this.#covered[0]; stretch !== undefined; stretch = this.#covered[0]) {
      const [start, end] = stretch;
      if (start >= until) break;
      if (end > until) {
        until = start;
        break;
      }
      out += this.#pending.slice(from - this.#offset, start - this.#offset) + this.#marker;
      this.replaced++;
      from = end;
      this.#covered.shift();
    }
    until = Math.max(from, until);
    out += this.#pending.slice(from - this.#offset, until - this.#offset);
    this.#pending = this.#pending.slice(until - this.#offset);
    this.#offset = until;
    return out;
  }
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
