// Hand-written rather than taken from npm: the Aho–Corasick packages there either match whole grapheme clusters
// (modern-ahocorasick: a secret followed by a combining mark, `secret\u0301`, is not found, so it would leak) or
// keep a `Map` per trie node (@monyone/aho-corasick: about 290 MB of heap for the forms of twelve deploy keys), and
// none exposes the automaton's state, which is what tells that a cut text ends inside a secret. This one works on
// UTF-16 code units, stores the trie in flat arrays, and streams with carry-over across chunk boundaries.

/** Shortest partial secret {@link SecretMatcher} replaces at the end of a cut text. */
const MIN_PARTIAL = 4;

/**
 * An Aho–Corasick automaton over a fixed set of patterns, built once. Memory is a few numbers per trie node (one
 * node per distinct pattern prefix), so megabytes of secret material stay affordable.
 */
export class SecretMatcher {
  /** Child lists: first child, next sibling and the code unit on the edge into each node. */
  readonly #firstChild: number[] = [-1];
  readonly #sibling: number[] = [-1];
  readonly #unit: number[] = [0];
  /** Depth of each node: the length of the prefix it stands for. */
  readonly #depth: number[] = [0];
  /** Failure link: the node of the longest proper suffix that is also a pattern prefix. */
  readonly #fail: number[] = [0];
  /** Length of the longest pattern ending at this node (itself or along failure links); 0 when none. */
  readonly #match: number[] = [0];
  /** The root's children by code unit, the one node with many edges. */
  readonly #rootEdges = new Map<number, number>();

  /** Builds the automaton; empty patterns are ignored. */
  constructor(patterns: Iterable<string>) {
    for (const pattern of patterns) if (pattern !== '') this.#insert(pattern);
    this.#link();
  }

  /** A fresh streaming state: feed it text with `write` and finish with `end`. */
  stream(replacement: string, options: MatcherStreamOptions = {}): MatcherStream {
    return new MatcherStream(this, replacement, options);
  }

  /**
   * Replaces every stretch of `text` covered by a pattern with `replacement` (overlapping matches become one).
   * With `cut`, a tail of at least four characters that begins a pattern is replaced too: the text was cut there,
   * so the tail is the start of a secret.
   */
  replace(text: string, replacement: string, options: { cut?: boolean } = {}): string {
    const stream = this.stream(replacement);
    return stream.write(text) + stream.end(options);
  }

  /** The node reached from `node` by `unit`, following failure links. */
  step(node: number, unit: number): number {
    let current = node;
    for (;;) {
      const next = this.#child(current, unit);
      if (next !== -1) return next;
      if (current === 0) return 0;
      current = this.#fail[current] ?? 0;
    }
  }

  /** Prefix length a node stands for. */
  depth(node: number): number {
    return this.#depth[node] ?? 0;
  }

  /** Longest pattern that ends at this node, 0 when none. */
  matchLength(node: number): number {
    return this.#match[node] ?? 0;
  }

  #child(node: number, unit: number): number {
    if (node === 0) return this.#rootEdges.get(unit) ?? -1;
    for (let c = this.#firstChild[node] ?? -1; c !== -1; c = this.#sibling[c] ?? -1) {
      if (this.#unit[c] === unit) return c;
    }
    return -1;
  }

  #insert(pattern: string): void {
    let node = 0;
    for (let i = 0; i < pattern.length; i++) {
      const unit = pattern.charCodeAt(i);
      let next = this.#child(node, unit);
      if (next === -1) {
        next = this.#depth.length;
        this.#firstChild.push(-1);
        this.#unit.push(unit);
        this.#depth.push(i + 1);
        this.#fail.push(0);
        this.#match.push(0);
        if (node === 0) {
          this.#sibling.push(-1);
          this.#rootEdges.set(unit, next);
        } else {
          this.#sibling.push(this.#firstChild[node] ?? -1);
          this.#firstChild[node] = next;
        }
      }
      node = next;
    }
    this.#match[node] = pattern.length;
  }

  /** Breadth-first: each node's failure link and inherited match length come from shallower nodes. */
  #link(): void {
    const queue: number[] = [...this.#rootEdges.values()];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head] ?? 0;
      for (let c = this.#firstChild[node] ?? -1; c !== -1; c = this.#sibling[c] ?? -1) {
        const unit = this.#unit[c] ?? 0;
        let f = this.#fail[node] ?? 0;
        let target: number;
        for (;;) {
          target = this.#child(f, unit);
          if (target !== -1 || f === 0) break;
          f = this.#fail[f] ?? 0;
        }
        const fail = target === -1 || target === c ? 0 : target;
        this.#fail[c] = fail;
        this.#match[c] = Math.max(this.#match[c] ?? 0, this.#match[fail] ?? 0);
        queue.push(c);
      }
    }
  }
}

/** How a {@link MatcherStream} reads its text. */
export interface MatcherStreamOptions {
  /**
   * Steps over `\r` and `\n` without moving the automaton, so a secret a log wrapped over lines is still found (and
   * replaced together with the breaks inside it). Off for `replace`: text that is not a log keeps its lines apart.
   */
  skipLineBreaks?: boolean;
  /**
   * Whether two stretches that only touch (`secretsecret`) become one replacement (the default, as `replace` makes
   * them); `false` keeps a replacement, and a count in {@link MatcherStream.replaced}, for each. Overlapping
   * stretches always become one.
   */
  mergeTouching?: boolean;
}

/**
 * Streaming replacement with carry-over: text that may still turn out to be part of a pattern (the automaton is
 * inside a prefix) is held back until the next chunk decides it, so a secret split across chunks is still found.
 */
export class MatcherStream {
  /** Replacements made so far (overlapping matches count once). */
  replaced = 0;
  readonly #matcher: SecretMatcher;
  readonly #replacement: string;
  readonly #skipLineBreaks: boolean;
  /** 1 when touching stretches merge, else 0: added to a stretch's end wherever stretches are compared. */
  readonly #join: number;
  #node = 0;
  /** Text not yet emitted, starting at absolute offset `#offset`. */
  #pending = '';
  #offset = 0;
  /** Absolute position after the last code unit read. */
  #position = 0;
  /**
   * With line breaks skipped, where a match starts: a match's length no longer says it. The positions of the code
   * units stepped on while the automaton was inside a prefix, in a ring indexed by `#count`: the last `depth` of
   * them make up the current prefix (each step adds at most one to the depth, so every unit of the prefix was
   * recorded). A typed ring, not an array of every position: this loop sees every byte of a log. Empty when line
   * breaks are not skipped: `redact` makes a stream per call.
   */
  #ring: Float64Array;
  #count = 0;
  /** Covered stretches not yet emitted, merged, in order (absolute offsets). */
  #covered: [number, number][] = [];

  /** Starts an empty stream; see {@link SecretMatcher.stream}. */
  constructor(matcher: SecretMatcher, replacement: string, options: MatcherStreamOptions = {}) {
    this.#matcher = matcher;
    this.#replacement = replacement;
    this.#skipLineBreaks = options.skipLineBreaks === true;
    this.#ring = new Float64Array(this.#skipLineBreaks ? 256 : 0);
    this.#join = options.mergeTouching === false ? 0 : 1;
  }

  /** Feeds a chunk; returns the text that is now final (possibly empty). */
  write(chunk: string): string {
    if (this.#skipLineBreaks) this.#readLines(chunk);
    else this.#read(chunk);
    this.#pending += chunk;
    // Nothing before the start of the current prefix can be part of a later match.
    return this.#emit(this.#prefixStart());
  }

  /** Steps the automaton over every unit of `chunk`: a match of `length` starts `length` units back. */
  #read(chunk: string): void {
    const matcher = this.#matcher;
    let node = this.#node;
    let position = this.#position;
    for (let i = 0; i < chunk.length; i++) {
      node = matcher.step(node, chunk.charCodeAt(i));
      position++;
      const length = matcher.matchLength(node);
      if (length > 0) this.#cover(position - length, position);
    }
    this.#node = node;
    this.#position = position;
  }

  /** Steps the automaton over the units of `chunk` but `\r` and `\n`, recording where prefixes begin in the ring. */
  #readLines(chunk: string): void {
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
  }

  /** Ends the stream; with `cut`, a trailing prefix of a pattern (at least four characters) is replaced too. */
  end(options: { cut?: boolean } = {}): string {
    if (options.cut === true && this.#matcher.depth(this.#node) >= MIN_PARTIAL) {
      this.#cover(this.#prefixStart(), this.#position);
    }
    this.#node = 0;
    return this.#emit(this.#position, true);
  }

  /** Where the prefix the automaton is in began; the current position when it is in none. */
  #prefixStart(): number {
    const depth = this.#matcher.depth(this.#node);
    if (!this.#skipLineBreaks || depth === 0) return this.#position - depth;
    return this.#ring[(this.#count - depth) & (this.#ring.length - 1)] ?? this.#position;
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

  #cover(start: number, end: number): void {
    let merged: [number, number] = [start, end];
    // A longer match may reach back over earlier stretches.
    for (let last = this.#covered.at(-1); last !== undefined; last = this.#covered.at(-1)) {
      if (last[1] + this.#join <= merged[0]) break;
      merged = [Math.min(last[0], merged[0]), Math.max(last[1], merged[1])];
      this.#covered.pop();
    }
    this.#covered.push(merged);
  }

  /**
   * Emits everything before `safe`. A covered stretch is final once it ends before `safe` (a later match starts at
   * `safe` or after; merging touching stretches, one that ends at `safe` waits too, as a match starting there would merge
   * into it) or the stream has ended; until then it and what follows wait.
   */
  #emit(safe: number, ended = false): string {
    let out = '';
    let from = this.#offset;
    let until = safe;
    for (let first = this.#covered[0]; first !== undefined; first = this.#covered[0]) {
      const [start, end] = first;
      if (!ended && end + this.#join > safe) {
        until = Math.min(safe, start);
        break;
      }
      out += this.#pending.slice(from - this.#offset, start - this.#offset) + this.#replacement;
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
