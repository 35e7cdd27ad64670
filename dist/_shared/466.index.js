export const id = 466;
export const ids = [466];
export const modules = {

/***/ 6466:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  dl: () => (/* reexport */ DURATION_GRAMMAR),
  o8: () => (/* reexport */ DeployActionError),
  mo: () => (/* reexport */ FlyApiError),
  zx: () => (/* reexport */ FlyClient),
  t5: () => (/* reexport */ UnredactableError),
  hW: () => (/* reexport */ describeFlyTokenProblem),
  NZ: () => (/* reexport */ detectSecrets),
  gJ: () => (/* reexport */ errorMessage),
  a3: () => (/* reexport */ formatDuration),
  pB: () => (/* reexport */ formatJsonPath),
  hF: () => (/* reexport */ input),
  Rm: () => (/* reexport */ log),
  E9: () => (/* reexport */ parseDuration),
  k2: () => (/* reexport */ parseFlyToken),
  Hf: () => (/* reexport */ parseJsonPath),
  l1: () => (/* reexport */ proofRecordSchema),
  me: () => (/* reexport */ rawInputs),
  Ko: () => (/* reexport */ readInputs),
  Ad: () => (/* reexport */ readJsonPath),
  E$: () => (/* reexport */ redact),
  w_: () => (/* reexport */ redactAndShorten),
  ro: () => (/* reexport */ redactDeep),
  SI: () => (/* reexport */ redactStream),
  cl: () => (/* reexport */ registerSecret),
  Tb: () => (/* reexport */ replaceFindings),
  zi: () => (/* reexport */ rolloutChartMarkdown),
  AG: () => (/* reexport */ rolloutChartSections),
  Cs: () => (/* reexport */ runAction),
  gC: () => (/* reexport */ summaryCode),
  hn: () => (/* reexport */ summaryHeading),
  Vd: () => (/* reexport */ summaryList),
  RB: () => (/* reexport */ summaryParagraph),
  jb: () => (/* reexport */ summaryTable),
  Lp: () => (/* reexport */ tallyTotal),
  g6: () => (/* reexport */ transportReason),
  Sy: () => (/* reexport */ writeSummary)
});

// UNUSED EXPORTS: CHART_MAX_MACHINES, CHART_MAX_SPANS_PER_MACHINE, DEFAULT_FLY_API_URL, InputError, MACHINE_ROLES, MIN_REDACT_LENGTH, MachineLease, PROOF_DIR_INPUT, PROOF_FILE_OUTPUT, PROOF_SCHEMA_ID, ProofRecorder, REDACTED, SPAN_OUTCOMES, SPAN_PHASES, TIMEOUT_INPUT, chartName, cleanLogText, conflictProblem, defaultProofDir, describeTokenCharacterProblem, formatInputProblem, makeDirectory, proofErrorSchema, proofJsonSchema, proofStepSchema, redactText, redactionMarker, registeredSecretMatcher, requestIdOf, resetSecretsForTests, retryAfterMs, rolloutChart, rolloutSpanSchema, summaryMermaid

// EXTERNAL MODULE: ./node_modules/@secretlint/core/module/index.js + 17 modules
var core_module = __webpack_require__(198);
// EXTERNAL MODULE: ./node_modules/@secretlint/secretlint-rule-preset-recommend/module/index.js
var secretlint_rule_preset_recommend_module = __webpack_require__(31577);
;// CONCATENATED MODULE: ./packages/core/src/detectors.ts


/** `[REDACTED:<kind>]`: what replaces a detected secret, naming its kind and never its value. */
function redactionMarker(kind) {
    return `[REDACTED:${kind}]`;
}
// secretlint's rule ids → our kinds. Rules not named here report as their id's last word (`slack`, `npm`, …).
const SECRETLINT_KINDS = new Map([
    ['@secretlint/secretlint-rule-github', 'github-token'],
    ['@secretlint/secretlint-rule-privatekey', 'private-key'],
    ['@secretlint/secretlint-rule-basicauth', 'url-credentials'],
    ['@secretlint/secretlint-rule-database-connection-string', 'url-credentials'],
    ['@secretlint/secretlint-rule-aws', 'aws-credentials'],
]);
// filter-comments lets the scanned text switch rules off (`secretlint-disable`): a hostile log must not be able to
// do that, so it is left out.
const SECRETLINT_CONFIG = {
    rules: secretlint_rule_preset_recommend_module/* rules */.a
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
const OWN_DETECTORS = [
    // `FlyV1 fm2_…,fm2_…`: the scheme, every comma-joined macaroon, and a third-party discharge without a prefix.
    {
        kind: 'fly-token',
        pattern: new RegExp(`(?:FlyV1 +)?${FLY_PREFIX}${TOKEN_CHARS}{8,}(?:,${FLY_PREFIX}?${TOKEN_CHARS}{8,})*`, 'g'),
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
        pattern: /\b(?:proxy-)?authorization\b"?\s*[:=]\s*"?(?:(?:bearer|basic|token|flyv1|digest|negotiate) +)?([^\s"'\\]+)/gi,
        group: 1,
    },
    // A PEM block, or its beginning when the text was cut: whole lines of base64 or `Name: value` headers, then the
    // END line. Each body line must end where a line ends, so ordinary text after the block is not taken.
    {
        kind: 'private-key',
        pattern: new RegExp(`-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:${LINE_BREAK}(?:[A-Za-z0-9-]+: [^\\r\\n\\\\]*|[A-Za-z0-9+/=]*)(?=${LINE_BREAK}|$))*(?:${LINE_BREAK}${PEM_END})?`, 'g'),
    },
];
/**
 * Tokens of no fixed length that a log wrapping long lines may split: when one ends a line of at least
 * `WRAP_WIDTH` characters and the next line starts with the token's characters, the token goes on there.
 */
const WRAPPING = new Map([
    ['fly-token', /^\r?\n[A-Za-z0-9_+/=]+/],
    ['jwt', /^\r?\n[A-Za-z0-9_][A-Za-z0-9_.-]*/],
]);
const WRAP_WIDTH = 60;
/**
 * Finds credentials nobody registered: secretlint's recommended rules where they cover a kind, and our own patterns
 * for the rest. Overlapping findings are merged (the first kind wins). Markers already in the text are not found
 * again. A token ending a line whose next line starts with token characters is taken to continue there.
 */
async function detectSecrets(text) {
    if (text === '')
        return [];
    const found = [];
    for (const { kind, pattern, group } of OWN_DETECTORS) {
        pattern.lastIndex = 0;
        for (const match of text.matchAll(pattern)) {
            const value = group === undefined ? match[0] : match[group];
            if (value === undefined || value === '')
                continue;
            const start = (match.index ?? 0) + (group === undefined ? 0 : match[0].lastIndexOf(value));
            found.push({ kind, start, end: extendOverLineWrap(text, kind, start + value.length) });
        }
    }
    const result = await (0,core_module/* lintSource */.n)({
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
function extendOverLineWrap(text, kind, end) {
    const continuation = WRAPPING.get(kind);
    if (continuation === undefined)
        return end;
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    if (end - lineStart < WRAP_WIDTH)
        return end;
    const next = continuation.exec(text.slice(end, end + 4096));
    return next === null ? end : end + next[0].length;
}
/** The `user:password` part of a URL secretlint reported whole; nothing when it holds none. */
function urlCredentials(text, start, end) {
    const url = text.slice(start, end);
    const scheme = url.indexOf('://');
    const at = url.lastIndexOf('@');
    if (scheme < 0 || at <= scheme + 3)
        return [{ kind: 'url-credentials', start, end }];
    return [{ kind: 'url-credentials', start: start + scheme + 3, end: start + at }];
}
function insideMarker(text, finding) {
    const before = text.lastIndexOf('[REDACTED:', finding.start);
    if (before < 0)
        return false;
    const close = text.indexOf(']', before);
    return close >= finding.end - 1 && /^\[REDACTED:[a-z0-9-]+\]$/.test(text.slice(before, close + 1));
}
/** Sorted by start, overlapping or touching findings joined into one. */
function mergeFindings(found) {
    const sorted = found.sort((a, b) => a.start - b.start || b.end - a.end);
    const merged = [];
    for (const f of sorted) {
        const last = merged.at(-1);
        if (last !== undefined && f.start < last.end)
            last.end = Math.max(last.end, f.end);
        else
            merged.push({ ...f });
    }
    return merged;
}
/** Replaces each finding with its {@link redactionMarker}; `findings` as {@link detectSecrets} returns them. */
function replaceFindings(text, findings) {
    let out = '';
    let from = 0;
    for (const f of findings) {
        out += text.slice(from, f.start) + redactionMarker(f.kind);
        from = f.end;
    }
    return out + text.slice(from);
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
;// CONCATENATED MODULE: ./packages/core/src/secret-matcher.ts
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
class SecretMatcher {
    /** Child lists: first child, next sibling and the code unit on the edge into each node. */
    #firstChild = [-1];
    #sibling = [-1];
    #unit = [0];
    /** Depth of each node: the length of the prefix it stands for. */
    #depth = [0];
    /** Failure link: the node of the longest proper suffix that is also a pattern prefix. */
    #fail = [0];
    /** Length of the longest pattern ending at this node (itself or along failure links); 0 when none. */
    #match = [0];
    /** The root's children by code unit, the one node with many edges. */
    #rootEdges = new Map();
    /** Builds the automaton; empty patterns are ignored. */
    constructor(patterns) {
        for (const pattern of patterns)
            if (pattern !== '')
                this.#insert(pattern);
        this.#link();
    }
    /** A fresh streaming state: feed it text with `write` and finish with `end`. */
    stream(replacement, options = {}) {
        return new MatcherStream(this, replacement, options);
    }
    /**
     * Replaces every stretch of `text` covered by a pattern with `replacement` (overlapping matches become one).
     * With `cut`, a tail of at least four characters that begins a pattern is replaced too: the text was cut there,
     * so the tail is the start of a secret.
     */
    replace(text, replacement, options = {}) {
        const stream = this.stream(replacement);
        return stream.write(text) + stream.end(options);
    }
    /** The node reached from `node` by `unit`, following failure links. */
    step(node, unit) {
        let current = node;
        for (;;) {
            const next = this.#child(current, unit);
            if (next !== -1)
                return next;
            if (current === 0)
                return 0;
            current = this.#fail[current] ?? 0;
        }
    }
    /** Prefix length a node stands for. */
    depth(node) {
        return this.#depth[node] ?? 0;
    }
    /** Longest pattern that ends at this node, 0 when none. */
    matchLength(node) {
        return this.#match[node] ?? 0;
    }
    #child(node, unit) {
        if (node === 0)
            return this.#rootEdges.get(unit) ?? -1;
        for (let c = this.#firstChild[node] ?? -1; c !== -1; c = this.#sibling[c] ?? -1) {
            if (this.#unit[c] === unit)
                return c;
        }
        return -1;
    }
    #insert(pattern) {
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
                }
                else {
                    this.#sibling.push(this.#firstChild[node] ?? -1);
                    this.#firstChild[node] = next;
                }
            }
            node = next;
        }
        this.#match[node] = pattern.length;
    }
    /** Breadth-first: each node's failure link and inherited match length come from shallower nodes. */
    #link() {
        const queue = [...this.#rootEdges.values()];
        for (let head = 0; head < queue.length; head++) {
            const node = queue[head] ?? 0;
            for (let c = this.#firstChild[node] ?? -1; c !== -1; c = this.#sibling[c] ?? -1) {
                const unit = this.#unit[c] ?? 0;
                let f = this.#fail[node] ?? 0;
                let target;
                for (;;) {
                    target = this.#child(f, unit);
                    if (target !== -1 || f === 0)
                        break;
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
class MatcherStream {
    /** Replacements made so far (overlapping matches count once). */
    replaced = 0;
    #matcher;
    #replacement;
    #skipLineBreaks;
    /** 1 when touching stretches merge, else 0: added to a stretch's end wherever stretches are compared. */
    #join;
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
    #ring;
    #count = 0;
    /** Covered stretches not yet emitted, merged, in order (absolute offsets). */
    #covered = [];
    /** Starts an empty stream; see {@link SecretMatcher.stream}. */
    constructor(matcher, replacement, options = {}) {
        this.#matcher = matcher;
        this.#replacement = replacement;
        this.#skipLineBreaks = options.skipLineBreaks === true;
        this.#ring = new Float64Array(this.#skipLineBreaks ? 256 : 0);
        this.#join = options.mergeTouching === false ? 0 : 1;
    }
    /** Feeds a chunk; returns the text that is now final (possibly empty). */
    write(chunk) {
        if (this.#skipLineBreaks)
            this.#readLines(chunk);
        else
            this.#read(chunk);
        this.#pending += chunk;
        // Nothing before the start of the current prefix can be part of a later match.
        return this.#emit(this.#prefixStart());
    }
    /** Steps the automaton over every unit of `chunk`: a match of `length` starts `length` units back. */
    #read(chunk) {
        const matcher = this.#matcher;
        let node = this.#node;
        let position = this.#position;
        for (let i = 0; i < chunk.length; i++) {
            node = matcher.step(node, chunk.charCodeAt(i));
            position++;
            const length = matcher.matchLength(node);
            if (length > 0)
                this.#cover(position - length, position);
        }
        this.#node = node;
        this.#position = position;
    }
    /** Steps the automaton over the units of `chunk` but `\r` and `\n`, recording where prefixes begin in the ring. */
    #readLines(chunk) {
        const matcher = this.#matcher;
        let node = this.#node;
        let position = this.#position;
        let count = this.#count;
        for (let i = 0; i < chunk.length; i++, position++) {
            const unit = chunk.charCodeAt(i);
            if (unit === 10 || unit === 13)
                continue;
            node = matcher.step(node, unit);
            const depth = matcher.depth(node);
            if (depth === 0)
                continue;
            if (depth > this.#ring.length)
                this.#grow(depth, count);
            const ring = this.#ring;
            ring[count & (ring.length - 1)] = position;
            count++;
            const length = matcher.matchLength(node);
            if (length > 0)
                this.#cover(ring[(count - length) & (ring.length - 1)] ?? position, position + 1);
        }
        this.#node = node;
        this.#position = position;
        this.#count = count;
    }
    /** Ends the stream; with `cut`, a trailing prefix of a pattern (at least four characters) is replaced too. */
    end(options = {}) {
        if (options.cut === true && this.#matcher.depth(this.#node) >= MIN_PARTIAL) {
            this.#cover(this.#prefixStart(), this.#position);
        }
        this.#node = 0;
        return this.#emit(this.#position, true);
    }
    /** Where the prefix the automaton is in began; the current position when it is in none. */
    #prefixStart() {
        const depth = this.#matcher.depth(this.#node);
        if (!this.#skipLineBreaks || depth === 0)
            return this.#position - depth;
        return this.#ring[(this.#count - depth) & (this.#ring.length - 1)] ?? this.#position;
    }
    /** A ring of at least twice `depth` slots (a power of two), keeping the recorded positions at their indexes. */
    #grow(depth, count) {
        const old = this.#ring;
        let size = old.length;
        while (size < depth * 2)
            size *= 2;
        const ring = new Float64Array(size);
        for (let k = Math.max(0, count - old.length); k < count; k++) {
            ring[k & (size - 1)] = old[k & (old.length - 1)] ?? 0;
        }
        this.#ring = ring;
    }
    #cover(start, end) {
        let merged = [start, end];
        // A longer match may reach back over earlier stretches.
        for (let last = this.#covered.at(-1); last !== undefined; last = this.#covered.at(-1)) {
            if (last[1] + this.#join <= merged[0])
                break;
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
    #emit(safe, ended = false) {
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

;// CONCATENATED MODULE: ./packages/core/src/secrets.ts


/**
 * Shortest secret {@link redact} replaces, in any of its forms. Shorter secrets are still masked by the runner (it
 * asked for them), but replacing two- or three-letter strings (or their hex and base64) in arbitrary text would shred
 * proof files and summaries while protecting nothing: a credential that short is guessable anyway.
 */
const MIN_REDACT_LENGTH = 4;
/** The replacement for every redacted occurrence, the same the runner uses. */
const REDACTED = '***';
const masked = new Set();
const secrets_forms = new Set();
let matcher;
/**
 * Registers a secret: masks it in the runner's log (`::add-mask::`) and remembers it for {@link redact}.
 *
 * Besides the value itself it registers each of its lines and, when the value is a URL carrying credentials
 * (`postgres://user:pass@host/db`), its password, raw and percent-decoded: the runner only masks a part of a larger
 * value when that part was registered on its own. The username is left alone: it is an identifier, often a common
 * word (`app`, `web`, `postgres`), and masking it would blank that word out of every log line and app name.
 * Empty and whitespace-only values are ignored.
 */
function registerSecret(value) {
    if (value.trim() === '')
        return;
    for (const piece of secretPieces(value)) {
        if (masked.has(piece))
            continue;
        masked.add(piece);
        const lines = piece.trim().split(/\r?\n/);
        // The runner masks every line of a multi-line mask on its own: a pretty-printed JSON value would make it mask
        // `{` and `}` everywhere. Such a value is left to its lines (registered as pieces) and to our own redaction.
        if (!lines.some((line) => STRUCTURAL.test(line.trim())))
            core/* setSecret */.Pq(piece);
        if (piece.length < MIN_REDACT_LENGTH)
            continue;
        // A multi-line value's lines are pieces of their own, and every encoding of a line shows up inside the same
        // encoding of the whole: the whole needs only its raw form, which keeps megabytes of keys affordable.
        for (const form of lines.length > 1 ? [piece] : encodedForms(piece)) {
            if (!secrets_forms.has(form)) {
                secrets_forms.add(form);
                matcher = undefined;
            }
        }
    }
}
function currentMatcher() {
    matcher ??= new SecretMatcher(secrets_forms);
    return matcher;
}
/**
 * The automaton over every registered form, for redactors that need more than {@link redact} (a marker of their
 * own, counts, line breaks inside a secret, a stream: see `redactStream`); `undefined` while nothing is registered.
 */
function registeredSecretMatcher() {
    return secrets_forms.size === 0 ? undefined : currentMatcher();
}
/**
 * Replaces every registered secret in `text` with `***`, in each encoding the runner masks (raw, base64 at any byte
 * offset, base64url, JSON-escaped, URI-encoded, XML-escaped) and in hex. Longer forms win where they overlap.
 */
function redact(text, options = {}) {
    if (secrets_forms.size === 0 || text === '')
        return text;
    return currentMatcher().replace(text, REDACTED, options);
}
/**
 * Redacts, then shortens to `max` characters (adding `…`): the order matters, as a secret cut in half would no longer
 * be recognised. Use it for any outside text shown in a message (an error page, an API message).
 */
function redactAndShorten(text, max) {
    const clean = redact(text);
    return clean.length <= max ? clean : `${clean.slice(0, Math.max(0, max - 1))}…`;
}
/**
 * Returns a copy of JSON-like data (plain objects, arrays, primitives) with {@link redact} applied to every string,
 * keys included. Other objects (dates, class instances) are returned as they are.
 */
function redactDeep(value) {
    return redactValue(value);
}
function redactValue(value) {
    if (typeof value === 'string')
        return redact(value);
    if (Array.isArray(value))
        return value.map(redactValue);
    if (value !== null && typeof value === 'object' && isPlainObject(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactValue(v)]));
    }
    return value;
}
function isPlainObject(value) {
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
}
/**
 * Forgets every registered secret. For tests only: in an action the registry lives as long as the process, like the
 * runner's masks.
 */
function resetSecretsForTests() {
    masked.clear();
    secrets_forms.clear();
    matcher = undefined;
}
/**
 * The value, its trimmed lines (not those of only brackets, braces, commas or colons: registering `{` would mask
 * every brace in the job's log), the password of a URL or libpq connection string, and each macaroon of a Fly
 * token, each once.
 */
function secretPieces(value) {
    const pieces = new Set([value, value.trim()]);
    for (const line of value.split(/\r?\n/)) {
        const trimmed = line.trim();
        if (trimmed !== '' && !STRUCTURAL.test(trimmed))
            pieces.add(trimmed);
    }
    for (const part of passwords(value.trim()))
        pieces.add(part);
    for (const part of flyTokenPieces(value.trim()))
        pieces.add(part);
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
function passwords(value) {
    const found = [];
    if (URL.canParse(value))
        found.push(new URL(value).password);
    // Found from each `://` with bounded, anchored patterns: a scan from every position of a 20 kB base64 value
    // would take quadratic time.
    for (let at = value.indexOf('://'); at !== -1; at = value.indexOf('://', at + 3)) {
        if (!SCHEME_BEFORE.test(value.slice(Math.max(0, at - 32), at)))
            continue;
        USERINFO_AFTER.lastIndex = at + 3;
        const password = USERINFO_AFTER.exec(value)?.[1];
        if (password !== undefined)
            found.push(password);
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
function flyTokenPieces(value) {
    const stripped = value.replace(/^(?:FlyV1|Bearer)\s+/i, '');
    if (!/^(?:fo1_|fm1r_|fm1a_|fm2_)/.test(stripped))
        return [];
    return [stripped, ...stripped.split(',').map((piece) => piece.trim())];
}
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
/** Every encoding in which `piece` may show up in text we write. */
function encodedForms(piece) {
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
const XML_ENTITIES = {
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
function base64Forms(bytes) {
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

;// CONCATENATED MODULE: ./packages/core/src/errors.ts

/**
 * An error the user can act on: bad inputs, missing permissions, a failed deploy. `runAction` reports it without a
 * stack trace; every other error is treated as a bug in the action.
 */
class DeployActionError extends Error {
    /** Stable kebab-case identifier of the failure. */
    code;
    /** What the user should do about it. */
    hint;
    /** Creates the error; `options.cause` is passed on to `Error`. */
    constructor(message, options) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = new.target.name;
        this.code = options.code;
        this.hint = options.hint;
    }
}
/** Longest part of a value quoted back in a problem: an 80 kB input must not become an 80 kB annotation. */
const MAX_QUOTED = 120;
/** Formats one problem the way {@link InputError} lists it; a long value is quoted only in part. */
function formatInputProblem(problem) {
    // Redacted before it is cut: a registered secret pasted into a plain input, cut in half, would not be found.
    const value = problem.value === undefined ? undefined : redact(problem.value);
    const quoted = value === undefined
        ? undefined
        : value.length <= MAX_QUOTED
            ? JSON.stringify(value)
            : `${JSON.stringify(value.slice(0, MAX_QUOTED))}… (${value.length} characters)`;
    const got = quoted === undefined ? '' : `got ${quoted}; `;
    return `input "${problem.input}": ${got}expected ${problem.allowed}`;
}
/** Every problem found in an action's inputs, reported at once so one run reveals all of them. */
class InputError extends DeployActionError {
    /** All problems, in the order the inputs were declared. */
    problems;
    /** Creates the error; its message lists every problem on its own line. */
    constructor(problems, options = {}) {
        const lines = problems.map(formatInputProblem);
        const head = problems.length === 1 ? 'invalid input' : `${problems.length} invalid inputs`;
        super(`${head}:\n${lines.join('\n')}`, {
            code: 'invalid-input',
            hint: options.hint ?? "Fix the step's `with:` values listed above.",
        });
        this.problems = problems;
    }
}
/** The message of anything thrown: an `Error`'s message, a string as is, anything else as JSON or `String()`. */
function errorMessage(e) {
    if (e instanceof Error)
        return e.message;
    if (typeof e === 'string')
        return e;
    try {
        const json = JSON.stringify(e);
        if (json !== undefined)
            return json;
    }
    catch {
        // circular or BigInt: fall through to String()
    }
    return String(e);
}
/**
 * The Fly request id an error carries, if any. Read by shape rather than by class so core does not depend on the
 * Fly client: `FlyApiError` has `requestId?: string`.
 */
function requestIdOf(e) {
    if (typeof e !== 'object' || e === null || !('requestId' in e))
        return undefined;
    const id = e.requestId;
    return typeof id === 'string' && id !== '' ? id : undefined;
}

;// CONCATENATED MODULE: ./packages/core/src/directories.ts



/**
 * Creates `dir` and its missing parents one by one; returns why it cannot, or `undefined`. Not `mkdir(dir,
 * { recursive: true })`: Node's recursive mkdir loops forever where a parent exists but refuses children with ENOENT
 * (`/proc/x`).
 */
async function makeDirectory(dir) {
    const missing = [];
    for (let current = (0,external_node_path_.resolve)(dir);; current = (0,external_node_path_.dirname)(current)) {
        try {
            const stats = await (0,promises_.lstat)(current);
            if (!stats.isDirectory())
                return `${current} exists and is not a folder`;
            break;
        }
        catch (e) {
            if (e.code !== 'ENOENT')
                return `${current}: ${errorMessage(e)}`;
            if ((0,external_node_path_.dirname)(current) === current)
                return `${current} does not exist`;
            missing.unshift(current);
        }
    }
    for (const folder of missing) {
        try {
            await (0,promises_.mkdir)(folder);
        }
        catch (e) {
            const code = e.code;
            if (code === 'EEXIST')
                continue;
            return `cannot create ${folder} (${code ?? errorMessage(e)})`;
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./packages/core/src/durations.ts

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
// `ms` must come before `m` so "500ms" is not read as "500m" + "s".
const PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|h|m|s))+$/;
/** Grammar accepted by {@link parseDuration}, for messages. */
const DURATION_GRAMMAR = 'a duration such as 500ms, 30s, 5m or 1h30m';
/**
 * Parses a duration written as one or more `<number><unit>` parts, units `ms`, `s`, `m`, `h`
 * (`500ms`, `30s`, `1.5s`, `5m`, `1h30m`), into milliseconds. A bare number is rejected: its unit would be a guess.
 *
 * @throws DeployActionError (`invalid-duration`) when the text does not follow that grammar.
 */
function parseDuration(text) {
    const trimmed = text.trim();
    if (!WHOLE.test(trimmed)) {
        throw new DeployActionError(`${JSON.stringify(text)} is not ${DURATION_GRAMMAR}`, {
            code: 'invalid-duration',
            hint: 'Write a number followed by ms, s, m or h; parts may be combined, e.g. 1h30m.',
        });
    }
    let ms = 0;
    for (const [, amount, unit] of trimmed.matchAll(PART))
        ms += Number(amount) * (UNIT_MS[unit ?? ''] ?? 0);
    return Math.round(ms);
}
/**
 * Formats milliseconds for people: below a minute as seconds with up to millisecond precision (`500ms`, `1.5s`,
 * `12s`), from a minute on as whole hours, minutes and seconds (`5m`, `1h30m`, `2m5s`). The result parses back with
 * {@link parseDuration}.
 */
function formatDuration(ms) {
    const total = Math.max(0, Math.round(ms));
    if (total < 1000)
        return `${total}ms`;
    if (total < 60_000)
        return `${Number((total / 1000).toFixed(3))}s`;
    const seconds = Math.round(total / 1000);
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 8 modules
var schemas = __webpack_require__(32716);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/core.js
var core_core = __webpack_require__(88532);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/iso.js
var iso = __webpack_require__(64377);
;// CONCATENATED MODULE: ./packages/core/src/rollout-spans.ts

/** What a machine was doing during a span of a rollout. */
const SPAN_PHASES = [
    'update',
    'start',
    'checks',
    'restore',
    'release-command',
    'create',
    'destroy',
];
/**
 * Why a machine is in the rollout: an app `machine` the rollout updates, a `canary` or `green` machine it creates
 * out of DNS, a `new` machine of a process group fly.toml adds, a `replacement` for a machine whose host refused
 * the update, the `release-command` machine, or a `temporary` machine an earlier run left (only a rollback meets
 * those).
 */
const MACHINE_ROLES = [
    'machine',
    'canary',
    'green',
    'new',
    'replacement',
    'release-command',
    'temporary',
];
/**
 * How a span ended: `ok`, `failed` (this machine failed it), or `stopped` (it ended because the rollout stopped:
 * another machine failed, or the run was cancelled).
 */
const SPAN_OUTCOMES = ['ok', 'failed', 'stopped'];
/** One span of one machine in a rollout, as the timeline chart draws it. */
const rolloutSpanSchema = schemas/* strictObject */.rej({
    machine: schemas/* string */.YjP().min(1).describe('The Fly machine id.'),
    role: schemas/* enum */.k5n(MACHINE_ROLES),
    phase: schemas/* enum */.k5n(SPAN_PHASES),
    start: iso/* datetime */.w$().describe('When the span began (ISO 8601, UTC).'),
    end: iso/* datetime */.w$().describe('When it ended (ISO 8601, UTC).'),
    outcome: schemas/* enum */.k5n(SPAN_OUTCOMES),
});

;// CONCATENATED MODULE: ./packages/core/src/proof.ts









/** The `schema` value of every v1 proof record. */
const PROOF_SCHEMA_ID = 'deploy-actions/proof@1';
/** How one step of an action ended. */
const proofStepSchema = schemas/* strictObject */.rej({
    at: iso/* datetime */.w$().describe('When the step was recorded (ISO 8601, UTC).'),
    what: schemas/* string */.YjP().min(1).describe('What was done, in words.'),
    result: schemas/* enum */.k5n(['ok', 'failed', 'skipped', 'info']),
    detail: schemas/* string */.YjP().optional(),
});
/** The error that ended a failed run. */
const proofErrorSchema = schemas/* strictObject */.rej({
    code: schemas/* string */.YjP().min(1).describe('Stable kebab-case error code, e.g. invalid-input.'),
    message: schemas/* string */.YjP(),
    hint: schemas/* string */.YjP().optional().describe('What the user should do.'),
    requestId: schemas/* string */.YjP().optional().describe('Fly API request id (fly-request-id), for Fly support.'),
});
/** A proof record, schema v1: what one action run did, redacted. */
const proofRecordSchema = schemas/* strictObject */.rej({
    schema: schemas/* literal */.euz(PROOF_SCHEMA_ID),
    action: schemas/* string */.YjP().min(1),
    startedAt: iso/* datetime */.w$(),
    finishedAt: iso/* datetime */.w$(),
    outcome: schemas/* enum */.k5n(['success', 'failure', 'cancelled']),
    app: schemas/* string */.YjP().optional(),
    inputs: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).describe('Inputs as given, secret inputs removed.'),
    steps: schemas/* array */.YOg(proofStepSchema),
    facts: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J())
        .describe('Named results: release versions, image refs, verdicts.'),
    error: proofErrorSchema.optional(),
    spans: schemas/* array */.YOg(rolloutSpanSchema)
        .optional()
        .describe("The rollout's machine spans (fly-deploy, rollback-on-failure), drawn as the timeline chart."),
})
    .meta({ title: 'deploy-actions proof record v1', description: 'Evidence of one action run; redacted.' });
/** The JSON Schema of {@link proofRecordSchema}, as committed in `packages/core/schema/proof-record.v1.schema.json`. */
function proofJsonSchema() {
    return z.toJSONSchema(proofRecordSchema, { io: 'output' });
}
/** `$RUNNER_TEMP/deploy-proof` (the OS temp dir outside a runner): where proof records go unless told otherwise. */
function defaultProofDir() {
    return (0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'deploy-proof');
}
/** `20260102T030405` in UTC. */
function compactTimestamp(iso) {
    return iso.slice(0, 19).replace(/[-:]/g, '');
}
/**
 * Collects what an action run did and writes it as one proof file. Everything is redacted (`redactDeep`) and
 * validated against {@link proofRecordSchema} when written, so secrets registered late are still removed.
 */
class ProofRecorder {
    /** The action's name, e.g. `fly-deploy`. */
    action;
    /** Directory the record is written to. */
    dir;
    startedAt = new Date().toISOString();
    inputs = {};
    app;
    steps = [];
    facts = {};
    error;
    spans = [];
    written;
    /** Starts a record for `action`, written under `options.dir` (default {@link defaultProofDir}). */
    constructor(action, options = {}) {
        this.action = action;
        this.dir = options.dir ?? defaultProofDir();
    }
    /** Records the inputs as given; `secretInputs` are dropped entirely, not just redacted. */
    setInputs(values, options = {}) {
        const secret = new Set(options.secretInputs ?? []);
        this.inputs = Object.fromEntries(Object.entries(values).filter((entry) => entry[1] !== undefined && !secret.has(entry[0])));
    }
    /** Names the Fly app the run is about. */
    setApp(app) {
        this.app = app;
    }
    /** Appends a step, stamped with the current time. */
    step(what, result, detail) {
        this.steps.push({
            at: new Date().toISOString(),
            what,
            result,
            ...(detail === undefined ? {} : { detail }),
        });
    }
    /** Records a named fact (JSON-serialisable); a later value for the same key replaces the earlier one. */
    fact(key, value) {
        this.facts[key] = value;
    }
    /** Records the rollout's machine spans (replacing earlier ones); proof-upload draws them as the timeline chart. */
    setSpans(spans) {
        this.spans = [...spans];
    }
    /** Records the error that ended the run; non-`DeployActionError`s get code `unexpected-error`. */
    fail(error) {
        const requestId = requestIdOf(error);
        const hint = error instanceof DeployActionError ? error.hint : undefined;
        this.error = {
            code: error instanceof DeployActionError ? error.code : 'unexpected-error',
            message: errorMessage(error),
            ...(hint === undefined ? {} : { hint }),
            ...(requestId === undefined ? {} : { requestId }),
        };
    }
    /**
     * Writes the record as `<dir>/<action>-<yyyymmddThhmmss>-<random>.json` and returns its path.
     *
     * @throws Error when called twice, or when the record does not match the schema (a bug in the caller).
     */
    async finish(outcome) {
        if (this.written !== undefined)
            throw new Error(`proof record already written to ${this.written}`);
        const record = proofRecordSchema.parse(redactDeep({
            schema: PROOF_SCHEMA_ID,
            action: this.action,
            startedAt: this.startedAt,
            finishedAt: new Date().toISOString(),
            outcome,
            ...(this.app === undefined ? {} : { app: this.app }),
            inputs: this.inputs,
            steps: this.steps,
            // A JSON round trip drops undefined and turns dates into strings, so the file holds what the schema saw.
            facts: JSON.parse(JSON.stringify(this.facts)),
            ...(this.error === undefined ? {} : { error: this.error }),
            ...(this.spans.length === 0 ? {} : { spans: this.spans }),
        }));
        const name = `${this.action.replace(/[^A-Za-z0-9._-]/g, '_')}-${compactTimestamp(this.startedAt)}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.json`;
        const path = (0,external_node_path_.join)(this.dir, name);
        const unusable = await makeDirectory(this.dir);
        if (unusable !== undefined)
            throw new Error(`cannot write the proof record to ${this.dir}: ${unusable}`);
        await (0,promises_.writeFile)(path, `${JSON.stringify(record, null, 2)}\n`, { flag: 'wx' });
        this.written = path;
        return path;
    }
}

;// CONCATENATED MODULE: ./packages/core/src/common-inputs.ts





/** The input `runAction` reads for every action: each `action.yml` declares it, optional and with no default. */
const PROOF_DIR_INPUT = 'proof-dir';
/**
 * The run's time limit, read by `runAction` for every action: each `action.yml` declares it, optional, with the
 * default the action passes as `RunActionOptions.defaultTimeout`.
 */
const TIMEOUT_INPUT = 'timeout';
/** The `timeout` input's bounds: at least a second, at most the six hours a job may run. */
const MIN_TIMEOUT_MS = 1000;
const MAX_TIMEOUT_MS = 6 * 3_600_000;
let pending = [];
/**
 * Reads `timeout` (default `defaultTimeout`) and `proof-dir`, creating the folder now, one level at a time: Node's
 * recursive `mkdir` loops forever on some paths (`/proc/x`), and a folder that cannot take the proof should be found
 * before anything changes, not after a deploy. An unusable value falls back to the default so the run still ends
 * with a proof record; its problem is reported with the action's input problems.
 */
async function readCommonInputs(defaultTimeout) {
    const problems = [];
    let timeoutMs = parseDuration(defaultTimeout);
    const timeoutText = core/* getInput */.V4(TIMEOUT_INPUT);
    if (timeoutText !== '') {
        const allowed = `${DURATION_GRAMMAR} from ${formatDuration(MIN_TIMEOUT_MS)} to ${formatDuration(MAX_TIMEOUT_MS)}`;
        try {
            const ms = parseDuration(timeoutText);
            if (ms < MIN_TIMEOUT_MS || ms > MAX_TIMEOUT_MS)
                problems.push({ input: TIMEOUT_INPUT, value: timeoutText, allowed });
            else
                timeoutMs = ms;
        }
        catch {
            problems.push({ input: TIMEOUT_INPUT, value: timeoutText, allowed });
        }
    }
    const given = core/* getInput */.V4(PROOF_DIR_INPUT);
    let proofDir = given === '' ? defaultProofDir() : (0,external_node_path_.resolve)(given);
    const unusable = await makeDirectory(proofDir);
    if (unusable !== undefined) {
        if (given !== '')
            problems.push({
                input: PROOF_DIR_INPUT,
                value: given,
                allowed: `a folder this step can write (${unusable})`,
            });
        proofDir = defaultProofDir();
        await makeDirectory(proofDir);
    }
    pending = problems;
    return { timeoutMs, proofDir, problems };
}
/** Hands the common inputs' problems to `readInputs` once, so they are listed with the action's own. */
function takeCommonInputProblems() {
    const taken = pending;
    pending = [];
    return taken;
}

;// CONCATENATED MODULE: ./packages/core/src/inputs.ts







function makeSpec(options, allowed, schema, extra = {}) {
    const required = options?.required === true;
    const spec = {
        required,
        secret: extra.secret ?? false,
        allowed: options?.allowed ?? allowed,
        schema,
        detailed: extra.detailed ?? false,
        structured: extra.structured ?? false,
        present: required || options?.default !== undefined,
        ...(options?.default === undefined ? {} : { default: options.default }),
    };
    return spec;
}
function rangeWords(min, max) {
    if (min !== undefined && max !== undefined)
        return ` from ${min} to ${max}`;
    if (min !== undefined)
        return ` of at least ${min}`;
    if (max !== undefined)
        return ` of at most ${max}`;
    return '';
}
const durationText = schemas/* string */.YjP().transform((text, ctx) => {
    try {
        return parseDuration(text);
    }
    catch {
        ctx.issues.push({ code: 'custom', message: `not ${DURATION_GRAMMAR}`, input: text });
        return core_core/* NEVER */.tm;
    }
});
function splitList(text) {
    return text
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Builders of {@link InputSpec}s, one per kind of input. */
const input = {
    /** One of a fixed set of words, matched case-insensitively and returned as declared. */
    enumOf(values, options) {
        const schema = schemas/* string */.YjP()
            .transform((text) => values.find((v) => v.toLowerCase() === text.toLowerCase()) ?? text)
            .pipe(schemas/* enum */.k5n(values));
        return makeSpec(options, `one of ${values.map((v) => `"${v}"`).join(', ')}`, schema);
    },
    /** A duration (`500ms`, `30s`, `5m`, `1h30m`) returned in milliseconds. */
    duration(options) {
        const min = options?.min === undefined ? undefined : parseDuration(options.min);
        const max = options?.max === undefined ? undefined : parseDuration(options.max);
        let ms = schemas/* number */.aig();
        if (min !== undefined)
            ms = ms.min(min);
        if (max !== undefined)
            ms = ms.max(max);
        const bounds = rangeWords(min === undefined ? undefined : formatDuration(min), max === undefined ? undefined : formatDuration(max));
        return makeSpec(options, `${DURATION_GRAMMAR}${bounds}`, durationText.pipe(ms));
    },
    /**
     * A share of machines: a fraction `0 < x <= 1` (`0.33`), a percentage (`33%`) or a count `>= 1` (`2`).
     * `1` is a count; write `1.0` or `100%` for all of them.
     */
    fractionOrCount(options) {
        const count = schemas/* string */.YjP()
            .regex(/^\d+$/)
            .transform(Number)
            .pipe(schemas/* number */.aig().int().min(1))
            .transform((value) => ({ kind: 'count', value }));
        const fraction = schemas/* string */.YjP()
            .regex(/^(?:\d+)?\.\d+$/)
            .transform(Number)
            .pipe(schemas/* number */.aig().gt(0).max(1))
            .transform((value) => ({ kind: 'fraction', value }));
        const percent = schemas/* string */.YjP()
            .regex(/^\d+(?:\.\d+)?%$/)
            .transform((text) => Number(text.slice(0, -1)) / 100)
            .pipe(schemas/* number */.aig().gt(0).max(1))
            .transform((value) => ({ kind: 'fraction', value }));
        return makeSpec(options, 'a fraction 0<x<=1 (0.33 or 33%) or a count >=1', schemas/* union */.KCZ([count, fraction, percent]));
    },
    /** Items one per line or comma-separated; blanks dropped. Required means at least one item. */
    list(options) {
        const item = options?.pattern === undefined ? schemas/* string */.YjP() : schemas/* string */.YjP().regex(anchored(options.pattern));
        const what = options?.pattern === undefined ? 'items' : `items matching ${String(options.pattern)}`;
        // Text of only commas and blank lines is given but holds no item: not enough for a required input.
        const items = options?.required === true ? schemas/* array */.YOg(item).min(1) : schemas/* array */.YOg(item);
        return makeSpec(options, `${what}, one per line or comma-separated`, schemas/* string */.YjP().transform(splitList).pipe(items));
    },
    /** `NAME=value` lines (blank lines and `#` comments skipped) into a record; names must be unique. */
    keyValues(options) {
        const schema = schemas/* string */.YjP().transform((text, ctx) => {
            // No prototype: a name such as `__proto__` or `constructor` is a key like any other.
            const result = Object.create(null);
            for (const line of text.split(/\r?\n/).map((l) => l.trim())) {
                if (line === '' || line.startsWith('#'))
                    continue;
                const eq = line.indexOf('=');
                const key = eq < 0 ? line : line.slice(0, eq).trim();
                if (eq < 0 || !KEY.test(key) || Object.hasOwn(result, key)) {
                    ctx.issues.push({ code: 'custom', message: `bad line ${JSON.stringify(line)}`, input: text });
                    continue;
                }
                result[key] = line.slice(eq + 1).trim();
            }
            return result;
        });
        return makeSpec(options, 'NAME=value lines with unique names (letters, digits, _)', schema);
    },
    /** YAML or JSON text checked against a zod schema; problems name the paths inside it (unless secret). */
    structured(schema, options) {
        const text = schemas/* string */.YjP().transform((source, ctx) => {
            try {
                return (0,dist/* parse */.qg)(source);
            }
            catch (e) {
                const first = e instanceof Error ? (e.message.split('\n')[0] ?? '') : '';
                ctx.issues.push({ code: 'custom', message: `not YAML/JSON: ${first}`, input: source });
                return core_core/* NEVER */.tm;
            }
        });
        const secret = options?.secret === true;
        return makeSpec(options, 'YAML or JSON of the documented shape', text.pipe(schema), {
            secret,
            detailed: !secret,
            structured: true,
        });
    },
    /** A whole number, optionally bounded. */
    integer(options) {
        let n = schemas/* number */.aig().int();
        if (options?.min !== undefined)
            n = n.min(options.min);
        if (options?.max !== undefined)
            n = n.max(options.max);
        const bounds = rangeWords(options?.min?.toString(), options?.max?.toString());
        return makeSpec(options, `an integer${bounds}`, schemas/* string */.YjP()
            .regex(/^[+-]?\d+$/)
            .transform(Number)
            .pipe(n));
    },
    /**
     * An absolute `http:` or `https:` URL without credentials, returned as written. `user:password@` is refused: the
     * actions never send it, and the URL is written to logs and proof records as given.
     */
    url(options) {
        const schema = schemas/* url */.OZ5({ protocol: /^https?$/ }).refine((text) => {
            if (!URL.canParse(text))
                return true;
            const url = new URL(text);
            // The password is a secret even in a rejected URL: the problem quotes the value, redacted.
            if (url.password !== '')
                registerSecret(url.password);
            return url.username === '' && url.password === '';
        }, 'holds credentials (user:password@)');
        return makeSpec(options, 'an http(s) URL without user:password@, such as https://api.machines.dev', schema);
    },
    /** `true`/`false`, also `yes`/`no`, `on`/`off`, `1`/`0`, in any case. */
    boolean(options) {
        const schema = schemas/* stringbool */.uEf({
            truthy: ['true', 'yes', 'on', '1'],
            falsy: ['false', 'no', 'off', '0'],
            case: 'insensitive',
        });
        return makeSpec(options, 'true or false (also yes/no, on/off, 1/0)', schema);
    },
    /** Text, optionally matching a pattern (the whole value must match). */
    string(options) {
        return makeSpec(options, textWords(options?.pattern), textSchema(options?.pattern));
    },
    /**
     * A credential: masked in the log and remembered for redaction as soon as it is read, valid or not, and never
     * quoted in problems.
     */
    secret(options) {
        return makeSpec(options, textWords(options?.pattern), textSchema(options?.pattern), { secret: true });
    },
};
function anchored(pattern) {
    return new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace(/[gy]/g, ''));
}
function textWords(pattern) {
    return pattern === undefined ? 'any text' : `text matching ${String(pattern)}`;
}
function textSchema(pattern) {
    return pattern === undefined ? schemas/* string */.YjP() : schemas/* string */.YjP().regex(anchored(pattern));
}
/**
 * Reads every input of `spec` from the step's environment (`INPUT_<NAME>`, hyphens kept; empty means not given),
 * parses each with its zod schema, and returns the typed values.
 *
 * @throws InputError listing every problem of every input, including those of `options.check`.
 */
function readInputs(spec, options = {}) {
    const values = {};
    const givenNames = new Set();
    const problems = [];
    for (const [name, s] of Object.entries(spec)) {
        const raw = core/* getInput */.V4(name, { trimWhitespace: false });
        if (s.secret)
            registerSecretText(raw, s.structured);
        let text = raw.trim();
        if (text !== '')
            givenNames.add(name);
        else if (s.default !== undefined)
            text = s.default;
        else {
            if (s.required)
                problems.push({ input: name, allowed: `${s.allowed}; this input is required` });
            continue;
        }
        const result = s.schema.safeParse(text);
        if (result.success)
            values[name] = result.data;
        else
            problems.push({ input: name, ...(s.secret ? {} : { value: text }), allowed: explain(s, result.error) });
    }
    if (options.check) {
        problems.push(...options.check(values, (name) => givenNames.has(name)));
    }
    problems.push(...takeCommonInputProblems());
    if (problems.length > 0)
        throw new InputError(problems);
    return values;
}
/**
 * Registers a secret input as soon as it is read, whatever becomes of it. Structured text (`${{ toJSON(secrets) }}`)
 * registers every value inside, read leniently (duplicate keys allowed) so that even text rejected afterwards is
 * masked; only text that is not YAML at all falls back to its lines.
 */
function registerSecretText(raw, structured) {
    if (!structured) {
        registerSecret(raw);
        return;
    }
    // One line has no `{` or `}` line of its own to worry about; the runner may mask it whole.
    if (!/[\r\n]/.test(raw.trim()))
        registerSecret(raw);
    // The document's nodes, not the parsed object: with a key given twice, both values must be masked.
    const document = (0,dist/* parseDocument */.Tp)(raw, { uniqueKeys: false });
    if (document.errors.length > 0) {
        registerSecret(raw);
        return;
    }
    (0,dist/* visit */.YR)(document, {
        Scalar(key, node) {
            const value = node.value;
            if (key === 'key')
                return;
            if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
                registerSecret(String(value));
            }
        },
    });
}
function explain(spec, error) {
    if (!spec.detailed)
        return spec.allowed;
    const details = error.issues.map((issue) => {
        const path = issue.path.map(String).join('.');
        return path === '' ? issue.message : `${path}: ${issue.message}`;
    });
    return `${spec.allowed} (${details.join('; ')})`;
}
/** A problem for two inputs that must not be set together; its sentence names both. */
function conflictProblem(a, b, reason) {
    return {
        input: a,
        allowed: `either "${a}" or "${b}", not both${reason === undefined ? '' : ` (${reason})`}`,
    };
}
/**
 * The raw text of every non-secret input of `spec` as given (or defaulted), for proof records, and the names of the
 * secret inputs, whose values are left out.
 */
function rawInputs(spec) {
    const values = {};
    const secretInputs = [];
    for (const [name, s] of Object.entries(spec)) {
        if (s.secret) {
            secretInputs.push(name);
            continue;
        }
        const text = core/* getInput */.V4(name) || s.default;
        if (text !== undefined)
            values[name] = text;
    }
    return { values, secretInputs };
}

;// CONCATENATED MODULE: ./packages/core/src/json-path.ts
const STEP = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\])/;
/** Reads a path; returns the problem in words when it is not of the supported form. */
function parseJsonPath(text) {
    const trimmed = text.trim();
    if (!trimmed.startsWith('$'))
        return { problem: 'a JSON path starts with $ (e.g. $.status)' };
    const steps = [];
    let rest = trimmed.slice(1);
    while (rest !== '') {
        const match = STEP.exec(rest);
        if (match === null) {
            return {
                problem: `cannot read "${rest}" in ${trimmed}: use .key, ['key'] or [index] steps (e.g. $.checks[0].status)`,
            };
        }
        const [whole, dotted, index, single, double] = match;
        if (index !== undefined)
            steps.push(Number(index));
        else
            steps.push((dotted ?? single ?? double ?? '').replace(/\\(.)/g, '$1'));
        rest = rest.slice(whole.length);
    }
    return steps;
}
/** The path written back as `$.a[0]`, for messages. */
function formatJsonPath(path) {
    return `$${path.map((s) => (typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? `.${s}` : `['${s}']`)).join('')}`;
}
/** The value at `path` in `document`, or `{ missing: true }` when a step does not exist. */
function readJsonPath(document, path) {
    let current = document;
    for (const step of path) {
        if (typeof step === 'number') {
            if (!Array.isArray(current) || step >= current.length)
                return { missing: true };
            current = current[step];
        }
        else {
            if (current === null ||
                typeof current !== 'object' ||
                Array.isArray(current) ||
                !Object.hasOwn(current, step))
                return { missing: true };
            current = current[step];
        }
    }
    return { value: current };
}

;// CONCATENATED MODULE: ./packages/core/src/log.ts



/**
 * Redacts secrets and defuses workflow commands: text we log may come from apps or APIs, and the runner would
 * execute a line of it starting with `::` (`::add-mask::`, `::stop-commands::`, …) or holding the legacy `##[`
 * form anywhere (`##[stop-commands]token`, which turns masking off; actions/runner src/Runner.Common/ActionCommand.cs).
 * A zero-width space keeps both readable but inert.
 */
function cleanLogText(text) {
    return redact(text)
        .replace(/^(\s*)::/gm, '$1:\u200b:')
        .replace(/##\[/g, '##\u200b[');
}
const clean = cleanLogText;
function annotation(options) {
    if (options === undefined)
        return undefined;
    return {
        ...(options.title === undefined ? {} : { title: clean(options.title) }),
        ...(options.file === undefined ? {} : { file: options.file }),
        ...(options.line === undefined ? {} : { startLine: options.line }),
    };
}
/**
 * The suite's logger over @actions/core. Every message, title and group name passes through `redact()` first, so a
 * secret registered with `registerSecret` never reaches the log even where the runner's masking would miss it.
 */
const log = {
    /** A plain log line. */
    info(message) {
        core/* info */.pq(clean(message));
    },
    /** Shown only when step debug logging is on. */
    debug(message) {
        core/* debug */.Yz(clean(message));
    },
    /** A warning annotation. */
    warn(message, options) {
        core/* warning */.$e(clean(message), annotation(options));
    },
    /** An error annotation; does not fail the step. */
    error(message, options) {
        core/* error */.z3(clean(message), annotation(options));
    },
    /** A notice annotation. */
    notice(message, options) {
        core/* notice */.lm(clean(message), annotation(options));
    },
    /** Runs `fn` inside a collapsible log group that is always closed, even when `fn` throws. */
    group(name, fn) {
        return core/* group */.Os(clean(name), fn);
    },
    /**
     * Starts reporting a long wait: each `tick()` logs `still waiting for <label> (12s of 5m)` at most once per
     * interval, so polling loops can call it on every round.
     */
    progress(label, options = {}) {
        const interval = options.intervalMs ?? 10_000;
        const started = Date.now();
        let last = started;
        const elapsed = () => Date.now() - started;
        return {
            elapsed,
            tick(detail) {
                const now = Date.now();
                if (now - last < interval)
                    return;
                last = now;
                const budget = options.timeoutMs === undefined ? '' : ` of ${formatDuration(options.timeoutMs)}`;
                const suffix = detail === undefined ? '' : `: ${detail}`;
                log.info(`still waiting for ${label} (${formatDuration(now - started)}${budget})${suffix}`);
            },
        };
    },
};

;// CONCATENATED MODULE: ./packages/core/src/redaction-stream.ts



/** Text this long is redacted at a time; memory stays a small multiple of it whatever the input's size. */
const WINDOW = 1 << 20;
/**
 * Text kept back after each window so a match crossing the window's end is seen whole next time: the longest
 * thing a detector reads (a PEM block with its headers) fits in it.
 */
const TAIL = 64 << 10;
/** Input that cannot be redacted reliably: not UTF-8 text (binary, compressed, another encoding). */
class UnredactableError extends DeployActionError {
    /** Creates the error; `reason` says what made the input unreadable as text. */
    constructor(reason) {
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
async function* redactStream(source, tally) {
    yield* redactDetected(redactRegistered(decodeText(source), tally), tally);
}
async function* decodeText(source) {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let offset = 0;
    for await (const chunk of source) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        let text;
        try {
            text = decoder.decode(bytes, { stream: true });
        }
        catch {
            throw new UnredactableError(`not UTF-8 text (an invalid byte within bytes ${offset}–${offset + bytes.length})`);
        }
        const nul = text.indexOf('\0');
        if (nul >= 0)
            throw new UnredactableError('binary data (a NUL byte)');
        offset += bytes.length;
        if (text !== '')
            yield text;
    }
    try {
        const rest = decoder.decode();
        if (rest !== '')
            yield rest;
    }
    catch {
        throw new UnredactableError('not UTF-8 text (it ends inside a character)');
    }
}
/**
 * Collects text into windows of at least `WINDOW + TAIL` characters; the last one, when the input ends, may be
 * shorter. The consumer cuts each where it likes and carries the rest over.
 */
async function* windows(source) {
    let pending = '';
    for await (const chunk of source) {
        pending += chunk;
        if (pending.length < WINDOW + TAIL)
            continue;
        yield { text: pending, last: false };
        pending = '';
    }
    yield { text: pending, last: true };
}
/** Where to cut `text` so that `TAIL` characters stay for the next window: after a line break when there is one. */
function cutPoint(text) {
    const limit = text.length - TAIL;
    const lineEnd = text.lastIndexOf('\n', limit - 1);
    return lineEnd > 0 ? lineEnd + 1 : limit;
}
/**
 * Registered secrets, through core's automaton over every registered form. Line breaks do not move the automaton,
 * so a secret a log wrapped over two lines is still found (and replaced together with the break inside it); text is
 * held back only while it may still be the start of a secret.
 */
async function* redactRegistered(source, tally) {
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
        if (out !== '')
            yield out;
    }
    const rest = stream.end();
    if (rest !== '')
        yield rest;
    count(tally, 'registered', stream.replaced);
}
/** Detected secrets: each window is scanned with its tail, and a finding crossing the cut moves the cut before it. */
async function* redactDetected(source, tally) {
    let carry = '';
    for await (const { text, last } of windows(source)) {
        const all = carry + text;
        const findings = await detectSecrets(all);
        let cut = last ? all.length : cutPoint(all);
        const crossing = findings.find((f) => f.start < cut && f.end > cut);
        if (crossing !== undefined)
            cut = crossing.start > 0 ? crossing.start : crossing.end;
        const done = findings.filter((f) => f.end <= cut);
        for (const f of done)
            count(tally, f.kind, 1);
        carry = all.slice(cut);
        const out = replaceFindings(all.slice(0, cut), done);
        if (out !== '')
            yield out;
    }
}
function count(tally, kind, n) {
    if (n > 0)
        tally.set(kind, (tally.get(kind) ?? 0) + n);
}
/** Total replacements in a tally. */
function tallyTotal(tally) {
    let total = 0;
    for (const n of tally.values())
        total += n;
    return total;
}
/** Redacts a whole string the way {@link redactStream} redacts a stream (for small texts: summaries, outputs). */
async function redactText(text, tally = new Map()) {
    let out = '';
    for await (const piece of redactStream([text], tally))
        out += piece;
    return out;
}

;// CONCATENATED MODULE: ./packages/core/src/summary.ts



/** A heading, level 2 unless told. */
function summaryHeading(text, level = 2) {
    return { kind: 'heading', text, level };
}
/** A paragraph of plain text (line breaks kept). */
function summaryParagraph(text) {
    return { kind: 'paragraph', text };
}
/** A table with one header row. */
function summaryTable(headers, rows) {
    return { kind: 'table', headers, rows };
}
/** A bulleted list. */
function summaryList(items) {
    return { kind: 'list', items };
}
/** A preformatted block, e.g. command output. */
function summaryCode(text) {
    return { kind: 'code', text };
}
/**
 * A Mermaid diagram, written as a fenced `mermaid` block (GitHub draws it). The text must come from a renderer that
 * keeps it inside the fence (no backticks, no raw HTML), such as `rolloutChart`: it is redacted, not escaped,
 * since entities inside a fence would show as written.
 */
function summaryMermaid(text) {
    return { kind: 'mermaid', text };
}
const HTML_ENTITIES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;',
};
/**
 * Redacts, then escapes for the HTML core.summary writes. Line breaks become `<br>` because a blank line would end
 * the HTML block and let markdown loose inside the table. An empty cell gets a non-breaking space since
 * core.summary drops the closing tag of empty elements.
 */
function cell(text, breaks = true) {
    const escaped = redact(String(text)).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
    if (escaped === '')
        return '&nbsp;';
    return breaks ? escaped.replace(/\r?\n/g, '<br>') : escaped;
}
/** Appends the sections to `core.summary`'s buffer, every text redacted and escaped. */
function addSummarySections(sections) {
    const s = core/* summary */.z;
    for (const section of sections) {
        switch (section.kind) {
            case 'heading':
                s.addHeading(cell(section.text), section.level);
                break;
            case 'paragraph':
                s.addRaw(`<p>${cell(section.text)}</p>`, true);
                break;
            case 'table':
                s.addTable([
                    section.headers.map((h) => ({ data: cell(h), header: true })),
                    ...section.rows.map((row) => row.map((c) => cell(c))),
                ]);
                break;
            case 'list':
                s.addList(section.items.map((item) => cell(item)));
                break;
            case 'code':
                s.addCodeBlock(cell(section.text, false));
                break;
            case 'mermaid':
                // Blank lines around the fence: after an HTML block, markdown resumes only past an empty line.
                // A backtick could close the fence; the renderers never write one, this keeps any other caller inside too.
                s.addRaw(`\n\`\`\`mermaid\n${redact(section.text).replace(/`/g, "'")}\n\`\`\`\n`, true);
                break;
        }
    }
}
/**
 * Writes the sections to the step summary (appending to what earlier steps wrote). Outside a runner, where
 * `GITHUB_STEP_SUMMARY` is unset, it only logs a debug line: a missing summary must not fail a deploy.
 */
async function writeSummary(sections) {
    if (!process.env.GITHUB_STEP_SUMMARY) {
        log.debug('GITHUB_STEP_SUMMARY is not set; skipping the step summary');
        return;
    }
    core/* summary */.z.emptyBuffer();
    addSummarySections(sections);
    await core/* summary */.z.write();
}

;// CONCATENATED MODULE: ./packages/core/src/rollout-chart.ts

/**
 * Machines the chart shows at most. Each machine is a section of up to a few rows (update, start, checks, revert),
 * so twelve keep the chart under about fifty rows, still readable in a step summary; the others are counted under
 * it and every machine stays in the tables.
 */
const CHART_MAX_MACHINES = 12;
/** Rows of one machine at most; more only comes from a machine changed over and over. */
const CHART_MAX_SPANS_PER_MACHINE = 8;
/** Characters of a section name at most (a machine id is 14). */
const MAX_NAME = 40;
const ROLE_NAME = {
    machine: 'machine',
    canary: 'canary',
    green: 'green',
    new: 'new machine',
    replacement: 'replacement',
    'release-command': 'release command',
    temporary: 'temporary',
};
// Fixed task names: none begins with a word Mermaid's gantt lexer reads as a statement (`click`, `call`, `href`,
// `title`, `section`, `dateFormat`, …, mermaid-js/mermaid `packages/mermaid/src/diagrams/gantt/parser/gantt.jison`).
const PHASE_NAME = {
    update: 'update',
    start: 'start',
    checks: 'checks',
    restore: 'revert',
    'release-command': 'run',
    create: 'create',
    destroy: 'destroy',
};
/**
 * Text safe in a gantt section name and in the markdown around the block: the gantt lexer ends a section name at
 * `#`, `:`, `;` or a line break and skips `%%` comments; a backtick could close the fence and `<`, `&` or `*`
 * carry markup. Everything outside a small ASCII set becomes `_`, so a hostile machine id can neither break the
 * block nor smuggle markdown or HTML, and it is cut to {@link MAX_NAME} characters.
 */
function chartName(text) {
    const safe = text
        .replace(/[^A-Za-z0-9 ._/@+=-]/g, '_')
        .replace(/ +/g, ' ')
        .trim();
    if (safe === '')
        return '_';
    return safe.length > MAX_NAME ? `${safe.slice(0, MAX_NAME - 3)}...` : safe;
}
/** Tags of a row: failed spans `crit`, the revert `active` (highlighted), everything that passed `done`. */
function tagsOf(span) {
    const tags = [];
    if (span.phase === 'restore')
        tags.push('active');
    else if (span.outcome === 'ok')
        tags.push('done');
    if (span.outcome === 'failed')
        tags.push('crit');
    return tags;
}
function taskName(span) {
    const name = PHASE_NAME[span.phase];
    return span.outcome === 'ok' ? name : `${name} (${span.outcome})`;
}
/** Spans grouped per machine, machines in the order they first appear in time, each machine's spans in time order. */
function machineRows(spans) {
    const byMachine = new Map();
    for (const span of spans) {
        const start = Date.parse(span.start);
        const end = Date.parse(span.end);
        // A span that cannot be placed on the axis is left out rather than drawn somewhere wrong.
        if (!Number.isFinite(start) || !Number.isFinite(end))
            continue;
        let rows = byMachine.get(span.machine);
        if (rows === undefined) {
            rows = { machine: span.machine, role: span.role, spans: [] };
            byMachine.set(span.machine, rows);
        }
        rows.spans.push({ span, start, end: Math.max(start, end) });
    }
    for (const rows of byMachine.values())
        rows.spans.sort((a, b) => a.start - b.start);
    return [...byMachine.values()].sort((a, b) => (a.spans[0]?.start ?? 0) - (b.spans[0]?.start ?? 0));
}
/**
 * Draws a rollout's spans as a Mermaid gantt chart: a section per machine (its role and id), a row per span,
 * failed rows `crit`, revert rows `active`, times as Unix milliseconds on an `%H:%M:%S` axis. `dateFormat x` is in
 * Mermaid's gantt syntax table; Mermaid reads each date with `dayjs(text, dateFormat, true)` (mermaid-js/mermaid
 * `packages/mermaid/src/diagrams/gantt/ganttDb.ts`), and day.js's customParseFormat turns `x` into
 * `new Date(ms)` (iamkun/dayjs `src/plugin/customParseFormat`), so whole milliseconds survive the strict check. Only structured spans come in: the one free text, the
 * machine id, goes through {@link chartName}. At most {@link CHART_MAX_MACHINES} machines and
 * {@link CHART_MAX_SPANS_PER_MACHINE} rows each; the note counts what was left out.
 */
function rolloutChart(spans) {
    const machines = machineRows(spans);
    if (machines.length === 0)
        return { note: 'No machine was changed, so there is no timeline chart.' };
    const lines = ['gantt', '  dateFormat x', '  axisFormat %H:%M:%S', '  todayMarker off'];
    let rowsLeftOut = 0;
    for (const rows of machines.slice(0, CHART_MAX_MACHINES)) {
        lines.push(`  section ${chartName(`${ROLE_NAME[rows.role]} ${rows.machine}`)}`);
        for (const { span, start, end } of rows.spans.slice(0, CHART_MAX_SPANS_PER_MACHINE)) {
            lines.push(`  ${taskName(span)} :${[...tagsOf(span), String(start), String(end)].join(', ')}`);
        }
        rowsLeftOut += Math.max(0, rows.spans.length - CHART_MAX_SPANS_PER_MACHINE);
    }
    const left = [];
    const machinesLeftOut = machines.length - CHART_MAX_MACHINES;
    if (machinesLeftOut > 0) {
        left.push(`the first ${CHART_MAX_MACHINES} of ${machines.length} machines`);
    }
    if (rowsLeftOut > 0)
        left.push(`the first ${CHART_MAX_SPANS_PER_MACHINE} steps of each machine`);
    return {
        gantt: lines.join('\n'),
        ...(left.length === 0
            ? {}
            : { note: `The chart shows ${left.join(' and ')}; the tables list every machine.` }),
    };
}
/** The chart as markdown: a fenced `mermaid` block and its note, or the sentence saying there is no chart. */
function rolloutChartMarkdown(spans) {
    const chart = rolloutChart(spans);
    const parts = chart.gantt === undefined ? [] : ['```mermaid', chart.gantt, '```'];
    if (chart.note !== undefined)
        parts.push(...(parts.length > 0 ? [''] : []), chart.note);
    return parts.join('\n');
}
/** The chart as step-summary sections: the diagram and its note, or the sentence saying there is no chart. */
function rolloutChartSections(spans) {
    const chart = rolloutChart(spans);
    return [
        ...(chart.gantt === undefined ? [] : [summaryMermaid(chart.gantt)]),
        ...(chart.note === undefined ? [] : [summaryParagraph(chart.note)]),
    ];
}

;// CONCATENATED MODULE: ./packages/core/src/run.ts







/** The output `runAction` sets for every action: each `action.yml` declares it. */
const PROOF_FILE_OUTPUT = 'proof-file';
const SIGNALS = ['SIGINT', 'SIGTERM'];
/**
 * Runs an action's body: the one try/catch of every action.
 *
 * - A `DeployActionError` fails the step with `<name>: <message>`, then `What to do: <hint>` and the Fly request id
 *   on their own lines; any other error the same way, plus its stack through `core.debug`.
 * - SIGINT/SIGTERM abort `ctx.signal`; the body and cleanups get `graceMs` to finish, and the run ends `cancelled`.
 * - The `timeout` input bounds the whole run: at the deadline `ctx.signal` aborts (code `timeout`); a body that then
 *   ends on its own keeps its result (it may report "could not verify"), one that does not is stopped after
 *   `graceMs`. `proof-dir` is created before the body runs; problems with either input are reported by `readInputs`.
 * - Always: cleanups run (last registered first), the error is recorded, the proof record is written to the
 *   `proof-dir` input (default `defaultProofDir()`) and its path set as the step output `proof-file`.
 * - Any outcome but success leaves `process.exitCode` at 1.
 */
async function runAction(name, body, options = {}) {
    const graceMs = options.graceMs ?? 5000;
    const controller = new AbortController();
    const expiry = new AbortController();
    const signal = AbortSignal.any([controller.signal, expiry.signal]);
    const common = await readCommonInputs(options.defaultTimeout ?? '10m');
    const deadline = Date.now() + common.timeoutMs;
    const proof = new ProofRecorder(name, { dir: common.proofDir });
    recordGithubContext(proof);
    const cleanups = [];
    let graceTimer;
    let finishing;
    const finish = (outcome) => {
        finishing ??= writeProof(proof, outcome);
        return finishing;
    };
    const forceExit = async (why) => {
        log.error(`${name}: ${why}; exiting now`);
        // The body never got to its catch, so the record would otherwise say cancelled without saying why.
        const cancelled = controller.signal.aborted;
        const reason = cancelled ? controller.signal.reason : expiry.signal.reason;
        if (!cancelled)
            reportFailure(name, reason);
        proof.fail(reason);
        await finish(cancelled ? 'cancelled' : 'failure');
        process.exit(1);
    };
    const expire = () => {
        log.warn(`${name}: the run reached its time limit of ${formatDuration(common.timeoutMs)}; stopping`);
        expiry.abort(new DeployActionError(`did not finish within ${formatDuration(common.timeoutMs)} (the timeout input)`, {
            code: 'timeout',
            hint: 'Something above did not answer in time; raise the timeout input if the work is just slow.',
        }));
        graceTimer ??= setTimeout(() => void forceExit(`did not stop within ${formatDuration(graceMs)} of its time limit`), graceMs);
    };
    const deadlineTimer = setTimeout(expire, common.timeoutMs);
    const onSignal = (signal) => {
        if (controller.signal.aborted) {
            void forceExit(`received ${signal} while stopping`);
            return;
        }
        log.warn(`${name}: received ${signal}; stopping`);
        controller.abort(new DeployActionError(`cancelled by ${signal}`, {
            code: 'cancelled',
            hint: 'The run was cancelled; check the proof record for what was done before it stopped.',
        }));
        clearTimeout(graceTimer);
        graceTimer = setTimeout(() => void forceExit(`did not stop within ${formatDuration(graceMs)} of being cancelled`), graceMs);
    };
    for (const s of SIGNALS)
        process.on(s, onSignal);
    let outcome = 'success';
    try {
        await body({ signal, deadline, proof, onCleanup: (fn) => cleanups.push(fn) });
        if (controller.signal.aborted)
            throw controller.signal.reason;
        // A body that never read its inputs must still not pass with a bad timeout or proof-dir.
        const unreported = takeCommonInputProblems();
        if (unreported.length > 0)
            throw new InputError(unreported);
    }
    catch (e) {
        // A timeout that surfaced as some other error (an abort) is reported as the timeout.
        const expired = expiry.signal.aborted && !(e instanceof DeployActionError);
        const error = controller.signal.aborted
            ? controller.signal.reason
            : expired
                ? expiry.signal.reason
                : e;
        outcome = controller.signal.aborted ? 'cancelled' : 'failure';
        reportFailure(name, error);
        if (error !== e)
            core/* debug */.Yz(cleanLogText(`the body ended with: ${errorMessage(e)}`));
        proof.fail(error);
    }
    finally {
        for (const cleanup of cleanups.reverse()) {
            try {
                await cleanup();
            }
            catch (e) {
                log.warn(`${name}: cleanup failed: ${errorMessage(e)}`);
                proof.step('cleanup', 'failed', errorMessage(e));
            }
        }
        clearTimeout(graceTimer);
        clearTimeout(deadlineTimer);
        for (const s of SIGNALS)
            process.off(s, onSignal);
        await finish(outcome);
        if (outcome !== 'success')
            process.exitCode = 1;
    }
}
function reportFailure(name, error) {
    const lines = [`${name}: ${errorMessage(error)}`];
    const hint = error instanceof DeployActionError
        ? error.hint
        : 'This looks like a bug in the action; re-run with debug logging to see the stack trace.';
    if (hint !== undefined)
        lines.push(`What to do: ${hint}`);
    const requestId = requestIdOf(error);
    if (requestId !== undefined)
        lines.push(`Fly request id: ${requestId}`);
    core/* setFailed */.C1(cleanLogText(lines.join('\n')));
    if (!(error instanceof DeployActionError) && error instanceof Error && error.stack !== undefined) {
        core/* debug */.Yz(cleanLogText(error.stack));
    }
}
async function writeProof(proof, outcome) {
    try {
        const path = await proof.finish(outcome);
        core/* setOutput */.uH(PROOF_FILE_OUTPUT, path);
        log.info(`proof record: ${path}`);
    }
    catch (e) {
        // Losing the evidence is serious but must not turn a finished deploy into a failed one.
        log.error(`could not write the proof record: ${errorMessage(e)}`, { title: 'Proof record missing' });
    }
}
function recordGithubContext(proof) {
    const env = process.env;
    if (env.GITHUB_RUN_ID === undefined)
        return;
    proof.fact('github', {
        repository: env.GITHUB_REPOSITORY,
        runId: env.GITHUB_RUN_ID,
        runAttempt: env.GITHUB_RUN_ATTEMPT,
        workflow: env.GITHUB_WORKFLOW,
        job: env.GITHUB_JOB,
        sha: env.GITHUB_SHA,
        ref: env.GITHUB_REF,
        actor: env.GITHUB_ACTOR,
        event: env.GITHUB_EVENT_NAME,
    });
}

// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(24371);
;// CONCATENATED MODULE: ./packages/core/src/fly/errors.ts

/** A Fly Machines API call that failed, with the status, Fly's request id and a hint that says what to do. */
class FlyApiError extends DeployActionError {
    /** HTTP status; 0 when no response arrived (transport failure). */
    status;
    method;
    /** Request path without the query. */
    path;
    /** The `fly-request-id` response header, when Fly sent one. */
    requestId;
    /** The response body's `error` or `message`. */
    apiMessage;
    /** Creates the error; prefer {@link flyErrorFromResponse} and {@link flyTransportError}. */
    constructor(message, details) {
        super(message, { code: details.code, hint: details.hint, cause: details.cause });
        this.status = details.status;
        this.method = details.method;
        this.path = details.path;
        if (details.requestId !== undefined)
            this.requestId = details.requestId;
        if (details.apiMessage !== undefined)
            this.apiMessage = details.apiMessage;
    }
}
const FLY_STATUS = 'https://status.flyio.net';
function codeFor(status) {
    return status >= 500 ? 'fly-5xx' : `fly-${status}`;
}
function hintFor(status, subject) {
    const app = subject.app ?? '<app>';
    const create = subject.method === 'POST' && subject.machineId === undefined && subject.path.endsWith('/machines');
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
function flyErrorFromResponse(subject, status, requestId, apiMessage) {
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
function flyTransportError(subject, apiUrl, cause) {
    return new FlyApiError(`${subject.method} ${subject.path} → could not reach ${apiUrl}: ${transportReason(cause)}`, {
        code: 'fly-unreachable',
        hint: `check the api-url input (${apiUrl}: scheme, host and port) and the runner's network, and ${FLY_STATUS}`,
        status: 0,
        method: subject.method,
        path: subject.path,
        cause,
    });
}
/** Transport failures that say the same thing every time: retrying them only burns the time budget. */
const DETERMINISTIC = /^(?:ERR_TLS|ERR_SSL|EPROTO|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO|CERT_|HPE_|ERR_INVALID_CHAR)/;
/** Whether a transport failure would fail again the same way (TLS, not HTTP): then it is not retried. */
function isDeterministicTransportFailure(error) {
    const code = transportCode(error) ?? '';
    const text = transportText(error);
    return DETERMINISTIC.test(code) || TEXT_REASONS.some(([pattern]) => pattern.test(text));
}
const REASONS = [
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
const TEXT_REASONS = [
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
function transportReason(error) {
    const code = transportCode(error);
    const text = transportText(error);
    for (const [pattern, words] of TEXT_REASONS)
        if (pattern.test(text))
            return words;
    for (const [pattern, words] of REASONS)
        if (code !== undefined && pattern.test(code))
            return words;
    const first = (text.split('\n')[0] ?? '').slice(0, 160);
    return code === undefined ? first || 'unknown failure' : `${code}${first === '' ? '' : `: ${first}`}`;
}
function transportText(error) {
    const parts = [];
    for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++)
        parts.push(e.message);
    return parts.join(' / ');
}
/** The `code` of a Node or undici transport error (`ECONNRESET`, `UND_ERR_SOCKET`, …), if it has one. */
function transportCode(error) {
    if (typeof error !== 'object' || error === null)
        return undefined;
    const code = error.code;
    if (typeof code === 'string')
        return code;
    const cause = error.cause;
    return cause === error ? undefined : transportCode(cause);
}

;// CONCATENATED MODULE: ./packages/core/src/fly/lease.ts


/**
 * A held machine lease that keeps itself alive. Like flyctl it uses a short ttl refreshed often, so a deploy that
 * dies mid-way blocks the next one for seconds, not minutes. Call {@link MachineLease.release} when done.
 */
class MachineLease {
    /** The app the machine belongs to. */
    app;
    /** The leased machine. */
    machineId;
    /** The nonce to send as `fly-machine-lease-nonce` with every change to the machine. */
    nonce;
    /** When the lease lapses unless refreshed. */
    expiresAt;
    /** Who holds the lease, as Fly reports it. */
    owner;
    /** Set when a refresh found the lease gone or taken: changes sent with this nonce will be refused. */
    lost;
    #intervalMs;
    #transport;
    #onEnd;
    #timer;
    #refreshing;
    #released;
    /** Takes over a freshly acquired lease and starts refreshing it. */
    constructor(init) {
        this.app = init.app;
        this.machineId = init.machineId;
        this.nonce = init.lease.nonce;
        this.expiresAt = init.lease.expiresAt;
        this.owner = init.lease.owner;
        this.#intervalMs = init.refreshIntervalMs;
        this.#transport = init.transport;
        this.#onEnd = init.onEnd;
        this.#schedule();
    }
    /** True until the lease is released or lost. */
    get held() {
        return this.#released === undefined && this.lost === undefined;
    }
    /**
     * Stops refreshing and releases the lease. Safe to call more than once. A lease that is already gone (expired,
     * lost, or the machine destroyed) counts as released.
     */
    release() {
        this.#released ??= this.#release();
        return this.#released;
    }
    async #release() {
        clearTimeout(this.#timer);
        await this.#refreshing;
        this.#onEnd?.(this);
        if (this.lost !== undefined)
            return;
        try {
            await this.#transport.release(this.nonce);
        }
        catch (e) {
            if (e instanceof FlyApiError && (e.status === 404 || e.status === 409)) {
                log.debug(`lease on ${this.machineId} was already gone when released: ${e.message}`);
                return;
            }
            throw e;
        }
    }
    #schedule() {
        // unref: a forgotten lease must not keep the action's process alive; it then lapses within its ttl.
        this.#timer = setTimeout(() => {
            this.#refreshing = this.#refresh();
        }, this.#intervalMs).unref();
    }
    async #refresh() {
        try {
            const lease = await this.#transport.refresh(this.nonce);
            this.expiresAt = lease.expiresAt;
        }
        catch (e) {
            if (e instanceof FlyApiError && (e.status === 404 || e.status === 409)) {
                this.lost = e;
                log.warn(`lost the lease on machine ${this.machineId} of ${this.app}: ${e.message}`);
                this.#onEnd?.(this);
                return;
            }
            // Keep trying: the lease is still valid until its ttl runs out and the next refresh may get through.
            log.warn(`could not refresh the lease on machine ${this.machineId}: ${e instanceof Error ? e.message : String(e)}`);
        }
        finally {
            this.#refreshing = undefined;
        }
        if (this.#released === undefined)
            this.#schedule();
    }
}

;// CONCATENATED MODULE: ./packages/core/src/fly/schemas.ts

// Lenient on purpose: Fly adds fields freely and the spec and practice disagree in places, so unknown fields pass
// through and only what the suite reads is checked.
const stringRecord = schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP());
/** `fly.MachineConfig`: kept whole (updates must send the full config back), with the fields we read typed. */
const machineConfigSchema = schemas/* looseObject */._H3({
    image: schemas/* string */.YjP().optional(),
    env: stringRecord.optional(),
    metadata: stringRecord.optional(),
    checks: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* looseObject */._H3({})).optional(),
    services: schemas/* array */.YOg(schemas/* looseObject */._H3({ checks: schemas/* array */.YOg(schemas/* looseObject */._H3({})).optional() })).optional(),
    mounts: schemas/* array */.YOg(schemas/* looseObject */._H3({})).optional(),
    auto_destroy: schemas/* boolean */.zMY().optional(),
    restart: schemas/* looseObject */._H3({ policy: schemas/* string */.YjP().optional() }).optional(),
});
/** `App`. */
const appSchema = schemas/* looseObject */._H3({
    id: schemas/* string */.YjP().optional(),
    name: schemas/* string */.YjP(),
    status: schemas/* string */.YjP().optional(),
    machine_count: schemas/* number */.aig().optional(),
    organization: schemas/* looseObject */._H3({ name: schemas/* string */.YjP().optional(), slug: schemas/* string */.YjP().optional() }).optional(),
});
/** `exit_event` inside an exit event's request. */
const exitEventSchema = schemas/* looseObject */._H3({
    exit_code: schemas/* number */.aig().optional(),
    oom_killed: schemas/* boolean */.zMY().optional(),
    requested_stop: schemas/* boolean */.zMY().optional(),
    restarting: schemas/* boolean */.zMY().optional(),
    exited_at: schemas/* string */.YjP().optional(),
    signal: schemas/* number */.aig().optional(),
});
/** `MachineEvent`; exit details sit in `request.exit_event` or `request.MonitorEvent.exit_event`. */
const machineEventSchema = schemas/* looseObject */._H3({
    id: schemas/* string */.YjP().optional(),
    type: schemas/* string */.YjP(),
    status: schemas/* string */.YjP().optional(),
    source: schemas/* string */.YjP().optional(),
    timestamp: schemas/* number */.aig().optional(),
    request: schemas/* looseObject */._H3({
        exit_event: exitEventSchema.optional(),
        MonitorEvent: schemas/* looseObject */._H3({ exit_event: exitEventSchema.optional() }).optional(),
        restart_count: schemas/* number */.aig().optional(),
    })
        .optional(),
});
/** `CheckStatus`. */
const checkStatusSchema = schemas/* looseObject */._H3({
    name: schemas/* string */.YjP(),
    status: schemas/* string */.YjP(),
    output: schemas/* string */.YjP().optional(),
    updated_at: schemas/* string */.YjP().optional(),
});
/**
 * `Machine`. `version` is filled from the deprecated `instance_id` when only that is sent, so callers read one field.
 */
const machineSchema = schemas/* looseObject */._H3({
    id: schemas/* string */.YjP(),
    name: schemas/* string */.YjP().optional(),
    state: schemas/* string */.YjP(),
    region: schemas/* string */.YjP().optional(),
    version: schemas/* string */.YjP().optional(),
    instance_id: schemas/* string */.YjP().optional(),
    config: machineConfigSchema.optional(),
    image_ref: schemas/* looseObject */._H3({
        registry: schemas/* string */.YjP().optional(),
        repository: schemas/* string */.YjP().optional(),
        tag: schemas/* string */.YjP().optional(),
        digest: schemas/* string */.YjP().optional(),
    })
        .optional(),
    events: schemas/* array */.YOg(machineEventSchema).optional(),
    checks: schemas/* array */.YOg(checkStatusSchema).optional(),
    host_status: schemas/* string */.YjP().optional(),
    cordoned: schemas/* boolean */.zMY().optional(),
    private_ip: schemas/* string */.YjP().optional(),
    created_at: schemas/* string */.YjP().optional(),
    updated_at: schemas/* string */.YjP().optional(),
})
    .transform((m) => ({ ...m, version: m.version ?? m.instance_id }));
const expiresAtSchema = schemas/* union */.KCZ([schemas/* number */.aig(), schemas/* string */.YjP()]).optional();
const leaseFields = {
    nonce: schemas/* string */.YjP(),
    expires_at: expiresAtSchema,
    owner: schemas/* string */.YjP().optional(),
    version: schemas/* string */.YjP().optional(),
    description: schemas/* string */.YjP().optional(),
};
function toDate(value) {
    if (value === undefined)
        return undefined;
    // The spec says unix seconds; accept milliseconds and ISO strings too rather than misread them.
    if (typeof value === 'string')
        return Number.isNaN(Date.parse(value)) ? undefined : new Date(value);
    return new Date(value > 1e12 ? value : value * 1000);
}
/**
 * `Lease`, in both shapes seen: flat (the spec) and `{status, data:{…}}` (Fly's docs and fly-go), normalised to
 * `{nonce, expiresAt, owner, version, description}`.
 */
const leaseSchema = schemas/* union */.KCZ([
    schemas/* looseObject */._H3({ status: schemas/* string */.YjP().optional(), data: schemas/* looseObject */._H3(leaseFields) })
        .transform((r) => r.data),
    schemas/* looseObject */._H3(leaseFields),
])
    .transform((l) => {
    return {
        nonce: l.nonce,
        expiresAt: toDate(l.expires_at),
        owner: l.owner,
        version: l.version,
        description: l.description,
    };
});
/** `MachineVersion`. */
const machineVersionSchema = schemas/* looseObject */._H3({
    version: schemas/* string */.YjP(),
    user_config: machineConfigSchema.optional(),
});
/** `WaitMachineResponse`. */
const waitMachineResponseSchema = schemas/* looseObject */._H3({
    ok: schemas/* boolean */.zMY().optional(),
    state: schemas/* string */.YjP().optional(),
    version: schemas/* string */.YjP().optional(),
    event_id: schemas/* string */.YjP().optional(),
});
/**
 * `AppSecret`, deliberately a strict-stripping object: a `value` (only sent with `show_secrets`) is dropped so no
 * secret value travels further than the parser.
 */
const appSecretSchema = schemas/* object */.Ikc({
    name: schemas/* string */.YjP(),
    digest: schemas/* string */.YjP().optional(),
    created_at: schemas/* string */.YjP().optional(),
    updated_at: schemas/* string */.YjP().optional(),
});
/** `AppSecrets`. */
// `secrets` must be there: a body without it is not a list of secrets, and reading it as "none" would report every
// required secret missing. `null` is an empty list (Go's encoding/json writes a nil slice as null).
const appSecretsSchema = schemas/* looseObject */._H3({
    secrets: schemas/* array */.YOg(appSecretSchema)
        .nullable()
        .transform((secrets) => secrets ?? []),
});
/** `AppSecretsUpdateResp`: `version` (or the deprecated `Version`). */
const secretsUpdateSchema = schemas/* looseObject */._H3({ version: schemas/* number */.aig().optional(), Version: schemas/* number */.aig().optional() })
    .transform((r) => ({ version: r.version ?? r.Version }));
/** `main.tokenInfo`. */
const tokenInfoSchema = schemas/* looseObject */._H3({
    org_slug: schemas/* string */.YjP().optional(),
    organization: schemas/* string */.YjP().optional(),
    apps: schemas/* array */.YOg(schemas/* string */.YjP()).optional(),
    user: schemas/* string */.YjP().optional(),
    token_id: schemas/* string */.YjP().optional(),
});
/** `CurrentTokenResponse`. */
const currentTokenSchema = schemas/* looseObject */._H3({ tokens: schemas/* array */.YOg(tokenInfoSchema).default([]) });
/** `ErrorResponse`; some responses carry `message` instead of `error`. */
const errorResponseSchema = schemas/* looseObject */._H3({
    error: schemas/* string */.YjP().optional(),
    message: schemas/* string */.YjP().optional(),
    status: schemas/* string */.YjP().optional(),
});
/** A machine's metadata. */
const metadataSchema = stringRecord;
/** `uiex.Release`: a release record of Fly's platform API. */
const releaseRecordSchema = schemas/* looseObject */._H3({
    id: schemas/* string */.YjP(),
    version: schemas/* number */.aig().optional(),
    status: schemas/* string */.YjP().optional(),
    image_ref: schemas/* string */.YjP().optional(),
});
/** `GET /api/v1/apps/{app}/releases` answer: `{ releases: [...] }`, newest first (superfly/flyctl `internal/uiex/releases.go` `ListReleases`). */
const listReleasesResponseSchema = schemas/* looseObject */._H3({ releases: schemas/* array */.YOg(releaseRecordSchema) });
/** `POST /api/v1/releases` answer: `{ release: {…} }`. */
const createReleaseResponseSchema = schemas/* looseObject */._H3({ release: releaseRecordSchema });
/** `fly.LogEntry` (superfly/fly-go `types.go`); Fly's JSON keys are capitalised here. */
const logEntrySchema = schemas/* looseObject */._H3({
    timestamp: schemas/* string */.YjP().optional(),
    Timestamp: schemas/* string */.YjP().optional(),
    message: schemas/* string */.YjP().optional(),
    Message: schemas/* string */.YjP().optional(),
    level: schemas/* string */.YjP().optional(),
    Level: schemas/* string */.YjP().optional(),
    instance: schemas/* string */.YjP().optional(),
    Instance: schemas/* string */.YjP().optional(),
})
    .transform((e) => ({
    timestamp: e.timestamp ?? e.Timestamp,
    message: e.message ?? e.Message ?? '',
    level: e.level ?? e.Level,
    instance: e.instance ?? e.Instance,
}));
/** `GET /api/v1/apps/{app}/logs` answer (superfly/fly-go `resource_logs.go` `getLogsResponse`). */
const appLogsSchema = schemas/* looseObject */._H3({
    data: schemas/* array */.YOg(schemas/* looseObject */._H3({ attributes: logEntrySchema.optional(), Attributes: logEntrySchema.optional() })
        .transform((d) => ({
        attributes: d.attributes ??
            d.Attributes ?? { timestamp: undefined, message: '', level: undefined, instance: undefined },
    })))
        .default([]),
});

;// CONCATENATED MODULE: ./packages/core/src/fly/token.ts


const SCHEME = /^(?:FlyV1|Bearer)(?:\s+|$)/i;
const USER_PREFIX = 'fo1_';
const MACAROON_PREFIXES = ['fm1r_', 'fm1a_', 'fm2_'];
const KNOWN_PREFIXES = `${USER_PREFIX}, ${MACAROON_PREFIXES.join(', ')}`;
function kindOf(piece) {
    if (piece.startsWith(USER_PREFIX))
        return 'user';
    if (MACAROON_PREFIXES.some((p) => piece.startsWith(p)))
        return 'macaroon';
    return 'unknown';
}
/**
 * The first character of a token that cannot go in an HTTP header (a zero-width space, a control character, any
 * non-ASCII character: copy-paste artifacts), named by code point and 1-based position in the value as given, or
 * `undefined`. Spaces and tabs are left to the whitespace check, which says more.
 */
function describeTokenCharacterProblem(raw) {
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
const INVISIBLE_RANGES = [
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
function isInvisible(code) {
    return INVISIBLE_RANGES.some(([from, to]) => code >= from && code <= to);
}
function stripScheme(raw) {
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
function parseFlyToken(raw) {
    registerSecret(raw);
    const stripped = stripScheme(raw);
    registerSecret(stripped);
    const pieces = stripped
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '');
    for (const piece of pieces)
        registerSecret(piece);
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
function describeFlyTokenProblem(raw) {
    if (raw.trim() === '')
        return 'is empty';
    const badCharacter = describeTokenCharacterProblem(raw);
    if (badCharacter !== undefined)
        return badCharacter;
    const stripped = stripScheme(raw);
    if (stripped === '')
        return 'holds only the `FlyV1`/`Bearer` prefix, no token';
    const pieces = stripped.split(',').map((p) => p.trim());
    if (pieces.length > 1 && pieces.some((p) => p === '')) {
        return 'has an empty piece between commas (a stray comma?)';
    }
    const position = (i) => pieces.length > 1 ? `piece ${i + 1} of ${pieces.length}` : 'the token';
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

;// CONCATENATED MODULE: ./packages/core/src/fly/client.ts









/** The public Machines API. */
const DEFAULT_FLY_API_URL = 'https://api.machines.dev';
const CONNECT_ERRORS = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'UND_ERR_CONNECT_TIMEOUT',
]);
const MID_REQUEST_ERRORS = new Set([
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'UND_ERR_SOCKET',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
]);
/** Longest `Retry-After` honoured: a longer one is treated as this, and the retry budget decides. */
const MAX_RETRY_AFTER_MS = 20_000;
/** Largest answer read: the Machines API's answers are kilobytes; a larger one is not the API. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Longest message taken from an error body into our messages. */
const MAX_API_MESSAGE = 200;
/**
 * Milliseconds a `Retry-After` header asks for (delta-seconds or an HTTP date), or undefined when absent or garbled.
 */
function retryAfterMs(header, now = Date.now()) {
    const value = Array.isArray(header) ? header[0] : header;
    if (value === undefined || value.trim() === '')
        return undefined;
    if (/^\d+$/.test(value.trim()))
        return Number(value.trim()) * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
/**
 * The `fly-request-id` header, if it looks like one: it is outside text that ends up in messages, so anything but a
 * short run of letters, digits, `-` and `_` is dropped.
 */
function requestIdHeader(header) {
    const value = Array.isArray(header) ? header[0] : header;
    return value !== undefined && /^[A-Za-z0-9_-]{1,100}$/.test(value) ? value : undefined;
}
/** Reads a body as UTF-8 up to `max` bytes; a larger one fails like a transport error. */
async function readBody(body, max) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        size += chunk.length;
        if (size > max) {
            throw Object.assign(new Error(`the answer is larger than ${max} bytes`), {
                code: 'UND_ERR_RESPONSE_TOO_LARGE',
            });
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
}
/**
 * What an aborted call throws: the run's `timeout` becomes a `fly-timeout` error of this call (so a check reports
 * "could not verify" rather than the run crashing), a cancellation stays the cancellation.
 */
function abortError(subject, reason) {
    if (!(reason instanceof DeployActionError) || reason.code !== 'timeout')
        return reason;
    return new FlyApiError(`${subject.method} ${subject.path} → no answer before the run's time limit`, {
        code: 'fly-timeout',
        hint: 'the Fly API did not answer in time; retry later, or raise the timeout input',
        status: 0,
        method: subject.method,
        path: subject.path,
        cause: reason,
    });
}
const seg = encodeURIComponent;
/**
 * A client of the Fly Machines API over undici.
 *
 * Retries are a small loop rather than undici's `RetryAgent` because the rules are per call (408 is "not yet" for
 * wait and ambiguous for create; create must not be repeated after Fly may have acted), an exhausted retry must still
 * surface the last response's body and `fly-request-id` as a {@link FlyApiError}, and each retry is logged.
 *
 * Concurrency: each pool keeps at most `maxConcurrent` (4) requests in flight. Fly allows `GET machine` 5/s with
 * bursts of 10 and other machine actions about 1/s per machine with bursts of 3; a deploy acts on each machine
 * sequentially, so 4 parallel calls stay under the burst limits while the backoff on 429 (honouring Retry-After)
 * absorbs the rest. Waits run on a second pool: they block up to 60 s and must not hold up lease refreshes.
 */
class FlyClient {
    /** The API base URL in use. */
    apiUrl;
    #token;
    #basePath;
    #userAgent;
    #pool;
    #longPollPool;
    #maxAttempts;
    #minDelayMs;
    #maxDelayMs;
    #signal;
    #deadline;
    #requestTimeoutMs;
    #leases = new Set();
    #closed;
    /** Creates the client; no request is made until a method is called. */
    constructor(options) {
        this.#token = typeof options.token === 'string' ? parseFlyToken(options.token) : options.token;
        this.apiUrl = (options.apiUrl ?? DEFAULT_FLY_API_URL).replace(/\/+$/, '');
        const url = new URL(this.apiUrl);
        this.#basePath = url.pathname.replace(/\/+$/, '');
        this.#userAgent = options.userAgent ?? `deploy-actions/${process.env.GITHUB_ACTION_REF || 'dev'}`;
        const connections = options.maxConcurrent ?? 4;
        this.#pool = new undici/* Pool */.bC(url.origin, { connections, headersTimeout: 60_000, bodyTimeout: 60_000 });
        // A wait call blocks up to 60 s on Fly's side; leave it room before undici gives up on the response.
        this.#longPollPool = new undici/* Pool */.bC(url.origin, { connections, headersTimeout: 90_000, bodyTimeout: 90_000 });
        this.#maxAttempts = Math.max(1, options.retry?.maxAttempts ?? 5);
        this.#minDelayMs = options.retry?.minDelayMs ?? 500;
        this.#maxDelayMs = options.retry?.maxDelayMs ?? 10_000;
        this.#signal = options.signal;
        this.#deadline = options.deadline ?? Infinity;
        this.#requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    }
    /** `GET /v1/apps/{app}`. */
    async getApp(app) {
        return this.#json({ method: 'GET', path: `/v1/apps/${seg(app)}`, app }, appSchema);
    }
    /** `GET /v1/apps/{app}/machines`, filtered. */
    async listMachines(app, options = {}) {
        const query = {
            include_deleted: options.includeDeleted,
            region: options.region,
            state: options.state,
        };
        for (const [key, value] of Object.entries(options.metadata ?? {}))
            query[`metadata.${key}`] = value;
        return this.#json({ method: 'GET', path: `/v1/apps/${seg(app)}/machines`, app, query }, machineSchema.array());
    }
    /** `GET /v1/apps/{app}/machines/{id}`. */
    async getMachine(app, id) {
        return this.#json({ method: 'GET', ...this.#machine(app, id) }, machineSchema);
    }
    /**
     * `POST /v1/apps/{app}/machines`. Not retried once Fly may have acted on it (408, 5xx, reset): tag the config
     * with a unique metadata value and list machines before creating again.
     */
    async createMachine(app, body) {
        return this.#json({ method: 'POST', path: `/v1/apps/${seg(app)}/machines`, app, body, idempotent: false }, machineSchema);
    }
    /** `POST /v1/apps/{app}/machines/{id}` with the full new config. */
    async updateMachine(app, id, body, options = {}) {
        return this.#json({ method: 'POST', ...this.#machine(app, id), body, ...options }, machineSchema);
    }
    /** `POST …/{id}/start`. */
    async startMachine(app, id, options = {}) {
        await this.#send({ method: 'POST', ...this.#machine(app, id, '/start'), ...options });
    }
    /** `POST …/{id}/stop`. */
    async stopMachine(app, id, options = {}) {
        const body = { signal: options.signal, timeout: duration(options.timeout) };
        await this.#send({
            method: 'POST',
            ...this.#machine(app, id, '/stop'),
            body,
            leaseNonce: options.leaseNonce,
        });
    }
    /** `POST …/{id}/restart`. */
    async restartMachine(app, id, options = {}) {
        const query = { signal: options.signal, timeout: duration(options.timeout) };
        await this.#send({
            method: 'POST',
            ...this.#machine(app, id, '/restart'),
            query,
            leaseNonce: options.leaseNonce,
        });
    }
    /** `DELETE …/{id}`; `force` kills a running machine. */
    async destroyMachine(app, id, options = {}) {
        const query = { force: options.force };
        await this.#send({ method: 'DELETE', ...this.#machine(app, id), query, leaseNonce: options.leaseNonce });
    }
    /** `POST …/{id}/cordon`: take the machine out of the proxy's routing. */
    async cordonMachine(app, id, options = {}) {
        await this.#send({ method: 'POST', ...this.#machine(app, id, '/cordon'), ...options });
    }
    /** `POST …/{id}/uncordon`: route traffic to the machine again. */
    async uncordonMachine(app, id, options = {}) {
        await this.#send({ method: 'POST', ...this.#machine(app, id, '/uncordon'), ...options });
    }
    /**
     * Waits until the machine (at `version`, when given) reaches `state`, looping wait calls of at most
     * `callTimeoutSeconds` each until `timeoutMs`. 408 means "not yet". Fly answers a wait on a machine already
     * destroyed with 404; waiting for `destroyed`, that is the state reached (as flyctl takes it: superfly/flyctl
     * internal/machine/leasable_machine.go `WaitForState`), and the answer says `destroyed`.
     *
     * @throws FlyApiError `fly-wait-timeout` when the deadline passes first.
     */
    async waitForState(app, id, options) {
        const started = Date.now();
        const deadline = started + options.timeoutMs;
        const callTimeout = Math.max(1, Math.floor(options.callTimeoutSeconds ?? 60));
        const subject = { method: 'GET', ...this.#machine(app, id, '/wait') };
        for (let attempt = 1;; attempt++) {
            const remainingMs = deadline - Date.now();
            if (remainingMs <= 0)
                throw waitTimeout(subject, options);
            const timeout = Math.min(callTimeout, Math.max(1, Math.ceil(remainingMs / 1000)));
            const callStarted = Date.now();
            let response;
            try {
                response = await this.#send({
                    ...subject,
                    query: { state: options.state, version: options.version, timeout },
                    accept408: true,
                    longPoll: true,
                    signal: options.signal,
                });
            }
            catch (e) {
                if (options.state === 'destroyed' && e instanceof FlyApiError && e.status === 404) {
                    return { state: 'destroyed' };
                }
                throw e;
            }
            if (response.status !== 408)
                return parse(subject, waitMachineResponseSchema, response);
            const now = Date.now();
            options.onProgress?.({ attempt, elapsedMs: now - started, remainingMs: Math.max(0, deadline - now) });
            // A 408 that came back early did not block (a proxy or a fault): pause instead of spinning.
            if (now - callStarted < (timeout * 1000) / 2) {
                await this.#pause(Math.min(this.#backoff(attempt), Math.max(0, deadline - now)), options.signal, subject);
            }
        }
    }
    /**
     * `POST …/{id}/lease`, then refreshes it in the background until released. Fails with `fly-409` when another
     * deploy holds it.
     */
    async acquireLease(app, id, options = {}) {
        const ttl = options.ttlSeconds ?? 13;
        const subject = this.#machine(app, id, '/lease');
        const take = (leaseNonce) => this.#json({ method: 'POST', ...subject, body: { ttl, description: options.description }, leaseNonce }, leaseSchema);
        const lease = new MachineLease({
            app,
            machineId: id,
            lease: await take(),
            refreshIntervalMs: options.refreshIntervalMs ?? 4_000,
            transport: {
                refresh: take,
                release: async (leaseNonce) => {
                    await this.#send({ method: 'DELETE', ...subject, leaseNonce, outlivesCancel: true });
                },
            },
            onEnd: (l) => this.#leases.delete(l),
        });
        this.#leases.add(lease);
        return lease;
    }
    /** `GET …/{id}/lease`: who holds the machine's lease and until when (404 when nobody does). */
    async getLease(app, id) {
        return this.#json({ method: 'GET', ...this.#machine(app, id, '/lease') }, leaseSchema);
    }
    /**
     * `POST /api/v1/releases` (Fly's platform API, as flyctl's `internal/uiex/releases.go` calls it): opens a release
     * record that `fly releases` and the dashboard list. The client's `apiUrl` must be the platform API
     * (`https://api.fly.io`), not the Machines API.
     */
    async createRelease(body) {
        const result = await this.#json({ method: 'POST', path: '/api/v1/releases', app: body.app_name, body, idempotent: false }, createReleaseResponseSchema);
        return result.release;
    }
    /**
     * `GET /api/v1/apps/{app}/releases?limit=` (platform API, superfly/flyctl `internal/uiex/releases.go`
     * `ListReleases`): the app's release history as `fly releases` shows it, newest first.
     */
    async listReleases(app, options = {}) {
        const result = await this.#json({ method: 'GET', path: `/api/v1/apps/${seg(app)}/releases`, app, query: { limit: options.limit } }, listReleasesResponseSchema);
        return result.releases;
    }
    /** `PATCH /api/v1/releases/{id}`: sets a release record's status (`running`, `complete`, `failed`, `interrupted`). */
    async updateRelease(id, status, metadata) {
        await this.#send({ method: 'PATCH', path: `/api/v1/releases/${seg(id)}`, body: { status, metadata } });
    }
    /**
     * `GET /api/v1/apps/{app}/logs?instance=<id>` (platform API, superfly/fly-go `resource_logs.go`): one page of a
     * machine's recent log lines, oldest first. Deploy tokens may be refused (401/403).
     */
    async getAppLogs(app, options = {}) {
        const result = await this.#json({
            method: 'GET',
            path: `/api/v1/apps/${seg(app)}/logs`,
            app,
            query: { instance: options.instance, region: options.region },
        }, appLogsSchema);
        return result.data.map((d) => d.attributes);
    }
    /** `GET …/{id}/events`, newest first. */
    async getEvents(app, id, options = {}) {
        return this.#json({ method: 'GET', ...this.#machine(app, id, '/events'), query: { limit: options.limit } }, machineEventSchema.array());
    }
    /** `GET …/{id}/versions`. */
    async listVersions(app, id) {
        return this.#json({ method: 'GET', ...this.#machine(app, id, '/versions') }, machineVersionSchema.array());
    }
    /** `GET …/{id}/metadata`. */
    async getMetadata(app, id) {
        return this.#json({ method: 'GET', ...this.#machine(app, id, '/metadata') }, metadataSchema);
    }
    /** `POST …/{id}/metadata/{key}`. */
    async setMetadata(app, id, key, value) {
        await this.#send({ method: 'POST', ...this.#machine(app, id, `/metadata/${seg(key)}`), body: { value } });
    }
    /** `DELETE …/{id}/metadata/{key}`. */
    async deleteMetadata(app, id, key) {
        await this.#send({ method: 'DELETE', ...this.#machine(app, id, `/metadata/${seg(key)}`) });
    }
    /** `GET /v1/apps/{app}/secrets`: names and digests, never values. */
    async listSecrets(app) {
        const result = await this.#json({ method: 'GET', path: `/v1/apps/${seg(app)}/secrets`, app }, appSecretsSchema);
        return result.secrets;
    }
    /**
     * `POST /v1/apps/{app}/secrets`; `null` unsets a name. Returns the secrets version to pass as
     * `min_secrets_version` to the following creates and updates. Every value is registered as a secret first.
     */
    async setSecrets(app, values) {
        for (const value of Object.values(values))
            if (value !== null)
                registerSecret(value);
        return this.#json({ method: 'POST', path: `/v1/apps/${seg(app)}/secrets`, app, body: { values } }, secretsUpdateSchema);
    }
    /** `GET /v1/tokens/current`: which organizations and apps the token covers. */
    async currentToken() {
        return this.#json({ method: 'GET', path: '/v1/tokens/current' }, currentTokenSchema);
    }
    /** Releases every lease still held (best effort), then closes the connections. Safe to call more than once. */
    close() {
        this.#closed ??= this.#close();
        return this.#closed;
    }
    async #close() {
        const results = await Promise.allSettled([...this.#leases].map((l) => l.release()));
        for (const r of results) {
            if (r.status === 'rejected')
                log.debug(`lease release on close failed: ${String(r.reason)}`);
        }
        await Promise.all([this.#pool.close(), this.#longPollPool.close()]);
    }
    #machine(app, id, suffix = '') {
        return { path: `/v1/apps/${seg(app)}/machines/${seg(id)}${suffix}`, app, machineId: id };
    }
    async #json(call, schema) {
        return parse(call, schema, await this.#send(call));
    }
    /** Sends with retries; returns a 2xx (or, for `accept408`, a 408) response, else throws {@link FlyApiError}. */
    async #send(call) {
        const signal = call.outlivesCancel ? call.signal : combine(this.#signal, call.signal);
        const idempotent = call.idempotent ?? true;
        for (let attempt = 1;; attempt++) {
            const last = attempt >= this.#maxAttempts;
            let response;
            try {
                response = await this.#once(call, signal);
            }
            catch (e) {
                if (signal?.aborted === true)
                    throw abortError(call, signal.reason);
                // Every other failure (refused, reset, TLS, a reply that is not HTTP, no answer in time) is "could not
                // reach", with its cause in words: a run must never crash on what the network does.
                const code = transportCode(e) ?? '';
                const beforeSending = CONNECT_ERRORS.has(code);
                const retriable = !isDeterministicTransportFailure(e) &&
                    (beforeSending || (idempotent && MID_REQUEST_ERRORS.has(code)));
                const delay = this.#backoff(attempt);
                if (last || !retriable || !this.#hasTimeFor(delay))
                    throw flyTransportError(call, this.apiUrl, e);
                log.debug(`${call.method} ${call.path} failed (${code}); retry ${attempt}/${this.#maxAttempts - 1} in ${delay} ms`);
                await this.#pause(delay, signal, call);
                continue;
            }
            const { status } = response;
            if ((status >= 200 && status < 300) || (status === 408 && call.accept408))
                return response;
            const retriable = status === 429 || (idempotent && (status === 408 || status >= 500));
            const delay = status === 429
                ? Math.min(retryAfterMs(response.headers['retry-after']) ?? this.#backoff(attempt), MAX_RETRY_AFTER_MS)
                : this.#backoff(attempt);
            if (!retriable || last || !this.#hasTimeFor(delay))
                throw errorOf(call, response);
            const id = response.requestId === undefined ? '' : ` (fly-request-id: ${response.requestId})`;
            log.debug(`${call.method} ${call.path} → ${status}${id}; retry ${attempt}/${this.#maxAttempts - 1} in ${delay} ms`);
            await this.#pause(delay, signal, call);
        }
    }
    /** Whether a retry after `delayMs` still starts before the run's deadline. */
    #hasTimeFor(delayMs) {
        return Date.now() + delayMs < this.#deadline;
    }
    async #once(call, signal) {
        const headers = {
            authorization: this.#token.authorization,
            'user-agent': this.#userAgent,
            accept: 'application/json',
        };
        if (call.body !== undefined)
            headers['content-type'] = 'application/json';
        if (call.leaseNonce !== undefined)
            headers['fly-machine-lease-nonce'] = call.leaseNonce;
        const pool = call.longPoll ? this.#longPollPool : this.#pool;
        // One deadline for the whole exchange, answer body included: undici's body timeout restarts with every chunk,
        // so a server trickling a byte at a time would otherwise hold the run forever.
        const limit = this.#requestTimeoutMs + (call.longPoll ? 30_000 : 0);
        const whole = AbortSignal.timeout(limit);
        try {
            const response = await pool.request({
                method: call.method,
                path: this.#basePath + call.path + queryString(call.query),
                headers,
                body: call.body === undefined ? null : JSON.stringify(call.body),
                signal: combine(signal, whole),
            });
            const text = await readBody(response.body, MAX_BODY_BYTES);
            return {
                status: response.statusCode,
                headers: response.headers,
                requestId: requestIdHeader(response.headers['fly-request-id']),
                text,
            };
        }
        catch (e) {
            if (whole.aborted && signal?.aborted !== true) {
                throw Object.assign(new Error(`no complete answer within ${Math.round(limit / 1000)} s`), {
                    code: 'UND_ERR_BODY_TIMEOUT',
                });
            }
            throw e;
        }
    }
    /** Full-jitter exponential backoff: uniform in [0, min(max, min·2^(attempt-1))]. */
    #backoff(attempt) {
        const cap = Math.min(this.#maxDelayMs, this.#minDelayMs * 2 ** (attempt - 1));
        return Math.round(Math.random() * cap);
    }
    async #pause(ms, signal, subject) {
        try {
            await (0,external_node_timers_promises_.setTimeout)(ms, undefined, signal === undefined ? undefined : { signal });
        }
        catch (e) {
            // Surface the caller's abort reason rather than the timer's generic AbortError.
            if (signal?.aborted === true)
                throw abortError(subject, signal.reason);
            throw e;
        }
    }
}
function combine(...signals) {
    const present = signals.filter((s) => s !== undefined);
    return present.length <= 1 ? present[0] : AbortSignal.any(present);
}
function queryString(query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
        if (value !== undefined)
            params.set(key, String(value));
    }
    const text = params.toString();
    return text === '' ? '' : `?${text}`;
}
function duration(timeout) {
    return typeof timeout === 'number' ? `${timeout}s` : timeout;
}
function errorOf(subject, response) {
    let apiMessage;
    try {
        const body = errorResponseSchema.safeParse(JSON.parse(response.text));
        if (body.success)
            apiMessage = body.data.error ?? body.data.message;
    }
    catch {
        // Not JSON (a proxy's HTML page, an empty body): fall back to the text itself, shortened.
    }
    // Redact before shortening: a proxy page echoing the token, cut in the middle of it, would no longer be found.
    apiMessage = redactAndShorten((apiMessage ?? response.text).replace(/\s+/g, ' ').trim(), MAX_API_MESSAGE);
    if (apiMessage === '')
        apiMessage = undefined;
    return flyErrorFromResponse(subject, response.status, response.requestId, apiMessage);
}
function parse(subject, schema, response) {
    let data;
    try {
        data = response.text === '' ? undefined : JSON.parse(response.text);
    }
    catch (e) {
        throw badResponse(subject, response, 'is not JSON', e);
    }
    const result = schema.safeParse(data);
    if (!result.success)
        throw badResponse(subject, response, `has an unexpected shape (${firstIssue(result.error)})`);
    return result.data;
}
/** One line about the first thing wrong with a body: where and what, never zod's JSON dump or the value. */
function firstIssue(error) {
    const [issue] = error.issues;
    if (issue === undefined)
        return 'unknown';
    const path = issue.path.map(String).join('.');
    const more = error.issues.length > 1 ? `, and ${error.issues.length - 1} more` : '';
    return redactAndShorten(`${path === '' ? 'the body' : path}: ${issue.message}${more}`, 160);
}
function badResponse(subject, response, what, cause) {
    const id = response.requestId === undefined ? '' : ` (fly-request-id: ${response.requestId})`;
    return new FlyApiError(`${subject.method} ${subject.path} → ${response.status}, but the body ${what}${id}`, {
        code: 'fly-bad-response',
        hint: 'the API answered in a shape this action does not understand; check the api-url input points at the Fly Machines API',
        status: response.status,
        method: subject.method,
        path: subject.path,
        ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
        cause,
    });
}
function waitTimeout(subject, options) {
    const version = options.version === undefined ? '' : ` at version ${options.version}`;
    const seconds = Math.round(options.timeoutMs / 1000);
    return new FlyApiError(`machine ${subject.machineId ?? ''} did not reach state ${options.state}${version} within ${seconds} s`, {
        code: 'fly-wait-timeout',
        hint: `the machine may be crash-looping or slow to start; read its events and logs (\`fly logs -a ${subject.app ?? '<app>'} --machine ${subject.machineId ?? '<id>'}\`)`,
        status: 408,
        method: subject.method,
        path: subject.path,
    });
}

;// CONCATENATED MODULE: ./packages/core/src/fly/index.ts
// Public surface of the Fly Machines client.





;// CONCATENATED MODULE: ./packages/core/src/index.ts
// Public surface of @deploy-actions/core; each module re-exports its own pieces here. Test helpers are at
// @deploy-actions/core/testing, out of the actions' API.

















/***/ })

};
