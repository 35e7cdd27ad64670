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
  stream(replacement: string): MatcherStream {
    return new MatcherStream(this, replacement);
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

/**
 * Streaming replacement with carry-over: text that may still turn out to be part of a pattern (the automaton is
 * inside a prefix) is held back until the next chunk decides it, so a secret split across chunks is still found.
 */
export class MatcherStream {
  readonly #matcher: SecretMatcher;
  readonly #replacement: string;
  #node = 0;
  /** Text not yet emitted, starting at absolute offset `#offset`. */
  #pending = '';
  #offset = 0;
  /** Absolute position after the last code unit read. */
  #position = 0;
  /** Covered stretches not yet emitted, merged, in order (absolute offsets). */
  #covered: [number, number][] = [];

  /** Starts an empty stream; see {@link SecretMatcher.stream}. */
  constructor(matcher: SecretMatcher, replacement: string) {
    this.#matcher = matcher;
    this.#replacement = replacement;
  }

  /** Feeds a chunk; returns the text that is now final (possibly empty). */
  write(chunk: string): string {
    for (let i = 0; i < chunk.length; i++) {
      this.#node = this.#matcher.step(this.#node, chunk.charCodeAt(i));
      this.#position++;
      const length = this.#matcher.matchLength(this.#node);
      if (length > 0) this.#cover(this.#position - length, this.#position);
    }
    this.#pending += chunk;
    // Nothing before the start of the current prefix can be part of a later match.
    return this.#emit(this.#position - this.#matcher.depth(this.#node));
  }

  /** Ends the stream; with `cut`, a trailing prefix of a pattern (at least four characters) is replaced too. */
  end(options: { cut?: boolean } = {}): string {
    const depth = this.#matcher.depth(this.#node);
    if (options.cut === true && depth >= MIN_PARTIAL) this.#cover(this.#position - depth, this.#position);
    this.#node = 0;
    return this.#emit(this.#position, true);
  }

  #cover(start: number, end: number): void {
    const last = this.#covered.at(-1);
    if (last !== undefined && start <= last[1]) {
      last[0] = Math.min(last[0], start);
      last[1] = Math.max(last[1], end);
      // A longer match may reach back over earlier stretches.
      while (this.#covered.length > 1) {
        const previous = this.#covered[this.#covered.length - 2];
        if (previous === undefined || previous[1] < last[0]) break;
        last[0] = Math.min(last[0], previous[0]);
        this.#covered.splice(this.#covered.length - 2, 1);
      }
      return;
    }
    this.#covered.push([start, end]);
  }

  /**
   * Emits everything before `safe`. A covered stretch is final once it ends before `safe` (a later match starts
   * at `safe` or after, and one touching the stretch merges into the same replacement) or the stream has ended.
   */
  #emit(safe: number, ended = false): string {
    let out = '';
    let from = this.#offset;
    let until = safe;
    for (let first = this.#covered[0]; first !== undefined; first = this.#covered[0]) {
      const [start, end] = first;
      if (!ended && end >= safe) {
        until = Math.min(safe, start);
        break;
      }
      out += this.#pending.slice(from - this.#offset, start - this.#offset) + this.#replacement;
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
