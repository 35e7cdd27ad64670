export const id = 759;
export const ids = [759];
export const modules = {

/***/ 91759:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  zj: () => (/* reexport */ DEFAULT_POLICY),
  nz: () => (/* reexport */ createHttpProber),
  hS: () => (/* reexport */ expandPerMachine),
  Bn: () => (/* reexport */ overallVerdict),
  KQ: () => (/* reexport */ probeInputSpec),
  zc: () => (/* reexport */ readTargetsInput),
  Jd: () => (/* reexport */ runHealthGate),
  iY: () => (/* reexport */ targetTable)
});

// UNUSED EXPORTS: ANY_2XX, MAX_BODY_BYTES, STATUS_GRAMMAR, TARGET_DEFAULTS, assessTarget, classifyError, judgeAnswer, parseStatusSet, parseTargets, percentile, statusAllowed, systemClock

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
;// CONCATENATED MODULE: ./packages/health/src/clock.ts

/** The real clock. */
const systemClock = {
    now: () => Date.now(),
    sleep: async (ms, signal) => {
        await (0,promises_.setTimeout)(Math.max(0, ms), undefined, { signal });
    },
};

// EXTERNAL MODULE: ./packages/core/src/index.ts + 22 modules
var src = __webpack_require__(6466);
;// CONCATENATED MODULE: ./packages/health/src/latency.ts
/**
 * The nearest-rank percentile (`p` in 0–100) of `values`: the smallest value such that at least `p` % of the values
 * are at or below it. Undefined for no values. With few samples p95 is the slowest one, which is what a gate wants.
 */
function percentile(values, p) {
    if (values.length === 0)
        return undefined;
    const sorted = [...values].sort((a, b) => a - b);
    const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
    return sorted[rank - 1];
}

;// CONCATENATED MODULE: ./packages/health/src/status.ts
/** What `expect-status` accepts, in words, for problems and docs. */
const STATUS_GRAMMAR = 'an HTTP code (200), a range (200-299) or a comma-separated list of both (200,204)';
/** The default: any 2xx. */
const ANY_2XX = { ranges: [[200, 299]], text: '200-299' };
const PART = /^(\d{3})(?:-(\d{3}))?$/;
/**
 * Reads `expect-status`: `200`, `200-299`, `200,204`, `200-204,301`. Codes must lie in 100–599 and a range must not
 * run backwards. Returns the problem in words instead when it does not.
 */
function parseStatusSet(text) {
    const written = String(text).trim();
    const ranges = [];
    for (const part of written.split(',').map((p) => p.trim())) {
        const match = PART.exec(part);
        if (match === null)
            return { problem: `"${part}" is not ${STATUS_GRAMMAR}` };
        const from = Number(match[1]);
        const to = match[2] === undefined ? from : Number(match[2]);
        if (from < 100 || to > 599)
            return { problem: `"${part}" is outside the HTTP codes 100-599` };
        if (to < from)
            return { problem: `"${part}" runs backwards; write the lower code first` };
        ranges.push([from, to]);
    }
    return { ranges, text: written };
}
/** Whether `code` is in the set. */
function statusAllowed(set, code) {
    return set.ranges.some(([from, to]) => code >= from && code <= to);
}

;// CONCATENATED MODULE: ./packages/health/src/evaluate.ts



/** The policy defaults, as `health-gate/action.yml` declares them. */
const DEFAULT_POLICY = {
    timeoutMs: 120_000,
    intervalMs: 2000,
    warmupMs: 0,
    consecutiveSuccesses: 3,
    failureLimit: 3,
    errorLimit: 5,
};
const QUOTE_LIMIT = 80;
/** A value from an answer, quoted for a reason; long values are cut (they come from a server we do not trust). */
function quote(value) {
    const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
    const cut = text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
    return JSON.stringify(cut);
}
function parseJson(answer) {
    if (answer.truncated)
        return { unreadable: 'the body is over 1 MiB and was not read to its end' };
    try {
        return { document: JSON.parse(answer.body) };
    }
    catch {
        return { unreadable: 'the body is not JSON' };
    }
}
function readVersion(answer, check) {
    if (check.header !== undefined) {
        const value = answer.headers.get(check.header);
        return value === undefined
            ? { none: `the answer has no ${check.header} header` }
            : { version: value.trim() };
    }
    const json = parseJson(answer);
    if ('document' in json) {
        const found = (0,src/* readJsonPath */.Ad)(json.document, check.path);
        if ('value' in found && (typeof found.value === 'string' || typeof found.value === 'number'))
            return { version: String(found.value) };
    }
    if (answer.body.includes(check.expected))
        return { version: check.expected };
    return {
        none: `no version at ${(0,src/* formatJsonPath */.pB)(check.path)} and ${quote(check.expected)} is not in the body`,
    };
}
/**
 * Judges one answer against the target's checks, in this order: no answer (`error`), the HTTP code, `max-latency-ms`,
 * `body-json`, `body-contains`, then the version. The first check that does not hold decides; an answer whose body
 * cannot be read for a check is `inconclusive`.
 */
function judgeAnswer(target, answer, version) {
    if (answer.error !== undefined)
        return { outcome: 'error', reason: answer.error.detail };
    const status = answer.status ?? 0;
    if (!statusAllowed(target.expectStatus, status))
        return { outcome: 'failure', reason: `HTTP ${status}, expected ${target.expectStatus.text}` };
    if (target.maxLatencyMs !== undefined && answer.latencyMs > target.maxLatencyMs)
        return {
            outcome: 'failure',
            reason: `too slow: answered in ${answer.latencyMs}ms, over max-latency-ms ${target.maxLatencyMs}`,
        };
    if (target.bodyJson !== undefined) {
        const where = (0,src/* formatJsonPath */.pB)(target.bodyJson.path);
        const json = parseJson(answer);
        if ('unreadable' in json)
            return { outcome: 'inconclusive', reason: `${json.unreadable}; cannot read ${where}` };
        const found = (0,src/* readJsonPath */.Ad)(json.document, target.bodyJson.path);
        if ('missing' in found)
            return { outcome: 'failure', reason: `${where} is missing from the answer` };
        if (JSON.stringify(found.value) !== JSON.stringify(target.bodyJson.equals))
            return {
                outcome: 'failure',
                reason: `${where} is ${quote(found.value)}, expected ${quote(target.bodyJson.equals)}`,
            };
    }
    if (target.bodyContains !== undefined && !answer.body.includes(target.bodyContains)) {
        return answer.truncated
            ? {
                outcome: 'inconclusive',
                reason: `${quote(target.bodyContains)} is not in the first 1 MiB of the body`,
            }
            : { outcome: 'failure', reason: `the body does not contain ${quote(target.bodyContains)}` };
    }
    let seen;
    if (version !== undefined) {
        const read = readVersion(answer, version);
        if ('none' in read) {
            return version.header !== undefined || answer.truncated
                ? { outcome: 'inconclusive', reason: `cannot tell the version: ${read.none}` }
                : { outcome: 'failure', reason: `version ${quote(version.expected)} not found: ${read.none}` };
        }
        seen = read.version;
        if (seen !== version.expected)
            return {
                outcome: 'failure',
                version: seen,
                reason: `old release answering: ${quote(seen)}, expected ${quote(version.expected)}`,
            };
    }
    return {
        outcome: 'success',
        ...(seen === undefined ? {} : { version: seen }),
        reason: `HTTP ${status} in ${answer.latencyMs}ms${seen === undefined ? '' : `, version ${quote(seen)}`}`,
    };
}
/**
 * Assesses a target over its measurements in order, as Argo Rollouts assesses a metric after each measurement, with
 * our limits counted as streaks ("in a row"): each measurement resets every streak but its own kind's, so
 * `inconclusive` resets all three. The first limit reached decides and later measurements are ignored:
 * - `failureLimit` failures in a row → `fail`;
 * - `errorLimit` errors in a row → `fail`;
 * - `consecutiveSuccesses` successes in a row → `pass`, unless the p95 of the target's successful latencies so far
 *   exceeds `p95LatencyMs`, which is a `fail`.
 * Measurements with `counted: false` are skipped. Otherwise the target is `undecided`.
 */
function assessTarget(measurements, policy) {
    const tally = {
        successes: 0,
        failures: 0,
        errors: 0,
        inconclusive: 0,
        consecutiveSuccesses: 0,
        consecutiveFailures: 0,
        consecutiveErrors: 0,
    };
    const successLatency = [];
    for (const m of measurements) {
        if (!m.counted)
            continue;
        tally.consecutiveSuccesses = m.outcome === 'success' ? tally.consecutiveSuccesses + 1 : 0;
        tally.consecutiveFailures = m.outcome === 'failure' ? tally.consecutiveFailures + 1 : 0;
        tally.consecutiveErrors = m.outcome === 'error' ? tally.consecutiveErrors + 1 : 0;
        if (m.outcome === 'success') {
            tally.successes++;
            successLatency.push(m.latencyMs);
        }
        else if (m.outcome === 'failure')
            tally.failures++;
        else if (m.outcome === 'error')
            tally.errors++;
        else
            tally.inconclusive++;
        if (tally.consecutiveFailures >= policy.failureLimit)
            return {
                verdict: 'fail',
                reason: `${tally.consecutiveFailures} failures in a row: ${m.reason}`,
                tally,
                decidedBy: m.attempt,
            };
        if (tally.consecutiveErrors >= policy.errorLimit)
            return {
                verdict: 'fail',
                reason: `${tally.consecutiveErrors} errors in a row: ${m.reason}`,
                tally,
                decidedBy: m.attempt,
            };
        if (tally.consecutiveSuccesses >= policy.consecutiveSuccesses) {
            const p95 = percentile(successLatency, 95) ?? 0;
            if (policy.p95LatencyMs !== undefined && p95 > policy.p95LatencyMs)
                return {
                    verdict: 'fail',
                    reason: `p95 latency ${p95}ms of ${successLatency.length} successful answers is over p95-latency-ms ${policy.p95LatencyMs}`,
                    tally,
                    decidedBy: m.attempt,
                };
            return {
                verdict: 'pass',
                reason: `${tally.consecutiveSuccesses} successes in a row${m.version === undefined ? '' : `, version ${quote(m.version)}`}`,
                tally,
                decidedBy: m.attempt,
            };
        }
    }
    const last = measurements.filter((m) => m.counted).at(-1);
    return {
        verdict: 'undecided',
        reason: last === undefined
            ? 'not probed yet'
            : `no verdict yet: ${tally.consecutiveSuccesses} of ${policy.consecutiveSuccesses} successes in a row; last: ${last.outcome}, ${last.reason}`,
        tally,
    };
}

;// CONCATENATED MODULE: ./packages/health/src/gate.ts




/** The overall verdict of target verdicts: any `fail` fails, all `pass` pass, anything else is `inconclusive`. */
function overallVerdict(verdicts) {
    if (verdicts.includes('fail'))
        return 'fail';
    return verdicts.length > 0 && verdicts.every((v) => v === 'pass') ? 'pass' : 'inconclusive';
}
/**
 * Copies every target that allows it once per machine, each copy forced to its machine with Fly's
 * `fly-force-instance-id` header and named `<target> @ <machine id>`, so that every machine, not whichever the proxy
 * picks, must answer. Targets with `perMachine: false` are kept as they are.
 */
function expandPerMachine(targets, machineIds) {
    return targets.flatMap((t) => t.perMachine
        ? machineIds.map((id) => ({
            ...t,
            name: `${t.name} @ ${id}`,
            machineId: id,
            source: t.name,
            headers: new Map([...t.headers, ['fly-force-instance-id', id]]),
        }))
        : [t]);
}
/** By name, not `instanceof`: a DOMException may come from another realm (a test VM) than our `Error`. */
function isAbort(error) {
    const name = error?.name;
    return name === 'AbortError' || name === 'TimeoutError';
}
/**
 * Probes every target concurrently, each on its own timer (its `intervalMs`, else the policy's) from `warmupMs` on, judges each answer
 * ({@link judgeAnswer}) and assesses the target after each measurement ({@link assessTarget}). A target is no longer
 * probed once decided; the gate ends when every target is decided, when the budget `timeoutMs` runs out (undecided
 * targets stay `undecided`), or when `signal` aborts. A probe's deadline is its target's `timeoutMs`, cut to what is
 * left of the budget; a probe cut by the budget is recorded but not counted.
 */
async function runHealthGate(options) {
    const clock = options.clock ?? systemClock;
    const { policy } = options;
    const start = clock.now();
    const deadline = start + policy.timeoutMs;
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    options.signal?.addEventListener('abort', onAbort);
    const states = options.targets.map((target) => ({
        target,
        measurements: [],
        assessment: assessTarget([], policy),
        decidedAtMs: undefined,
    }));
    const probeOnce = async (state) => {
        const { target } = state;
        const probeStart = clock.now();
        const left = deadline - probeStart;
        const timeoutMs = Math.min(target.timeoutMs, left);
        const answer = await options.probe(target, { timeoutMs, signal: stop.signal });
        const judged = judgeAnswer(target, answer, options.version);
        const cut = answer.error?.kind === 'timeout' && timeoutMs < target.timeoutMs;
        const stopped = stop.signal.aborted && answer.error !== undefined;
        const machine = answer.headers.get('fly-machine');
        const measurement = {
            attempt: state.measurements.length + 1,
            at: new Date(probeStart).toISOString(),
            offsetMs: probeStart - start,
            code: answer.status === undefined ? '000' : String(answer.status).padStart(3, '0'),
            latencyMs: answer.latencyMs,
            outcome: judged.outcome,
            ...(judged.version === undefined ? {} : { version: judged.version }),
            ...(machine === undefined ? {} : { machine }),
            ...(answer.error === undefined ? {} : { error: answer.error.kind }),
            reason: cut || stopped ? `${judged.reason} (cut short by the end of the gate; not counted)` : judged.reason,
            counted: !(cut || stopped),
        };
        state.measurements.push(measurement);
        state.assessment = assessTarget(state.measurements, policy);
        const streak = state.assessment.tally.consecutiveSuccesses;
        options.logger?.info(`${target.name} #${measurement.attempt}: ${measurement.code} in ${measurement.latencyMs}ms, ${measurement.outcome}: ${measurement.reason}` +
            (measurement.outcome === 'success' ? ` (${streak}/${policy.consecutiveSuccesses})` : ''));
        if (state.assessment.verdict !== 'undecided') {
            state.decidedAtMs = clock.now() - start;
            options.logger?.info(`${target.name}: ${state.assessment.verdict.toUpperCase()} (${state.assessment.reason})`);
        }
    };
    const runTarget = async (state) => {
        let next = start + policy.warmupMs;
        while (!stop.signal.aborted && state.assessment.verdict === 'undecided' && next < deadline) {
            const wait = next - clock.now();
            if (wait > 0) {
                try {
                    await clock.sleep(wait, stop.signal);
                }
                catch (error) {
                    if (isAbort(error))
                        return;
                    throw error;
                }
            }
            const probeStart = clock.now();
            if (probeStart >= deadline)
                return;
            await probeOnce(state);
            next = Math.max(probeStart + (state.target.intervalMs ?? policy.intervalMs), clock.now());
        }
    };
    const progress = async () => {
        const every = options.progressEveryMs ?? 10_000;
        for (;;) {
            try {
                await clock.sleep(every, stop.signal);
            }
            catch (error) {
                if (isAbort(error))
                    return;
                throw error;
            }
            const open = states.filter((s) => s.assessment.verdict === 'undecided');
            const detail = open
                .map((s) => `${s.target.name} ${s.assessment.tally.consecutiveSuccesses}/${policy.consecutiveSuccesses}`)
                .join(', ');
            options.logger?.info(`still waiting (${(0,src/* formatDuration */.a3)(clock.now() - start)} of ${(0,src/* formatDuration */.a3)(policy.timeoutMs)}): ` +
                `${states.length - open.length} of ${states.length} targets decided; undecided: ${detail}`);
        }
    };
    const ticker = progress();
    try {
        await Promise.all(states.map(runTarget));
    }
    finally {
        stop.abort();
        options.signal?.removeEventListener('abort', onAbort);
        await ticker;
    }
    const end = clock.now();
    const targets = states.map((s) => report(s.target, s.measurements, s.assessment, s.decidedAtMs));
    const verdicts = targets.map((t) => t.verdict);
    return {
        result: overallVerdict(verdicts),
        ended: options.signal?.aborted === true ? 'cancelled' : verdicts.includes('undecided') ? 'budget' : 'decided',
        startedAt: new Date(start).toISOString(),
        durationMs: end - start,
        targets,
    };
}
function report(target, measurements, assessment, decidedAtMs) {
    const answered = measurements.filter((m) => m.code !== '000').map((m) => m.latencyMs);
    const last = measurements.at(-1);
    const versionSeen = measurements.findLast((m) => m.version !== undefined)?.version;
    const p50 = percentile(answered, 50);
    const p95 = percentile(answered, 95);
    return {
        name: target.name,
        url: target.url,
        ...(target.machineId === undefined ? {} : { machineId: target.machineId }),
        verdict: assessment.verdict,
        reason: assessment.reason,
        attempts: measurements.length,
        ...(p50 === undefined ? {} : { p50Ms: p50 }),
        ...(p95 === undefined ? {} : { p95Ms: p95 }),
        ...(last === undefined ? {} : { lastCode: last.code }),
        ...(versionSeen === undefined ? {} : { versionSeen }),
        ...(last === undefined || last.outcome === 'success' ? {} : { lastProblem: last.reason }),
        ...(decidedAtMs === undefined ? {} : { decidedAtMs }),
        tally: assessment.tally,
        measurements,
    };
}

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(24371);
;// CONCATENATED MODULE: ./packages/health/src/probe.ts


/** The most of a body a probe reads: a health answer is small, and a hostile one must not fill the memory. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Network error codes (Node and undici) and what they mean for a health check. */
const ERROR_KINDS = {
    ECONNREFUSED: 'refused',
    ENOTFOUND: 'dns',
    EAI_AGAIN: 'dns',
    EAI_NONAME: 'dns',
    EAI_FAIL: 'dns',
    ETIMEDOUT: 'timeout',
    UND_ERR_CONNECT_TIMEOUT: 'timeout',
    UND_ERR_HEADERS_TIMEOUT: 'timeout',
    UND_ERR_BODY_TIMEOUT: 'timeout',
    ECONNRESET: 'reset',
    EPIPE: 'reset',
    UND_ERR_SOCKET: 'reset',
    UND_ERR_CLOSED: 'reset',
};
function codesOf(error) {
    const codes = [];
    for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
        const { code, name } = e;
        if (typeof code === 'string')
            codes.push(code);
        if (name === 'TimeoutError')
            codes.push('ETIMEDOUT');
        e = e.cause;
    }
    return codes;
}
/**
 * Sorts a request error into a {@link ProbeErrorKind}, with core's words for its cause (`transportReason`, the same
 * the Fly client uses). `timedOut` means our own deadline ended the probe, whatever error that surfaced as.
 */
function classifyError(error, timedOut) {
    if (timedOut)
        return { kind: 'timeout', detail: 'no complete answer within timeout-ms' };
    const codes = codesOf(error);
    const kind = codes
        .map((code) => ERROR_KINDS[code] ??
        (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL|EPROTO)/.test(code)
            ? 'tls'
            : undefined))
        .find((k) => k !== undefined) ?? 'other';
    return { kind, detail: (0,src/* transportReason */.g6)(error) };
}
function headerMap(headers) {
    const map = new Map();
    for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined)
            map.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
    }
    return map;
}
async function readBody(body) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        const buffer = chunk;
        if (size + buffer.length > MAX_BODY_BYTES) {
            chunks.push(buffer.subarray(0, MAX_BODY_BYTES - size));
            body.destroy();
            return { text: Buffer.concat(chunks).toString('utf8'), truncated: true };
        }
        chunks.push(buffer);
        size += buffer.length;
    }
    return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}
/**
 * Probes over undici: one `Agent` (a pool per origin, kept-alive connections) shared by every target, and the same
 * agent composed with undici's redirect interceptor for targets with `follow-redirects`. The deadline covers the
 * whole exchange, body included, so a target that trickles its body is cut off like one that never answers.
 */
function createHttpProber(options = {}) {
    const agent = new undici/* Agent */.g6({ connections: options.connectionsPerOrigin ?? 8, keepAliveTimeout: 4000 });
    const following = agent.compose(undici/* interceptors */.dY.redirect({ maxRedirections: 5 }));
    const probe = async (target, { timeoutMs, signal }) => {
        const deadline = AbortSignal.timeout(timeoutMs);
        const both = AbortSignal.any([signal, deadline]);
        const started = performance.now();
        const elapsed = () => Math.round(performance.now() - started);
        let status;
        let headers = new Map();
        try {
            const response = await (target.followRedirects ? following : agent).request({
                origin: new URL(target.url).origin,
                path: `${new URL(target.url).pathname}${new URL(target.url).search}`,
                method: target.method,
                headers: Object.fromEntries(target.headers),
                signal: both,
            });
            status = response.statusCode;
            headers = headerMap(response.headers);
            const { text, truncated } = await readBody(response.body);
            return { status, headers, body: text, truncated, latencyMs: elapsed() };
        }
        catch (error) {
            const kind = classifyError(error, deadline.aborted);
            const detail = status === undefined ? kind.detail : `the body was cut off: ${kind.detail}`;
            return {
                ...(status === undefined ? {} : { status }),
                headers,
                body: '',
                truncated: false,
                latencyMs: elapsed(),
                error: { kind: kind.kind, detail },
            };
        }
    };
    return { probe, close: () => agent.close() };
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 8 modules
var schemas = __webpack_require__(32716);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/core.js
var core = __webpack_require__(88532);
;// CONCATENATED MODULE: ./packages/health/src/targets.ts




/** Defaults of a target's optional keys. */
const TARGET_DEFAULTS = {
    method: 'GET',
    timeoutMs: 5000,
    followRedirects: false,
    perMachine: true,
};
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** Every key a target may have, with what it accepts (in words) and how it is checked. */
const KEYS = {
    name: { allowed: 'a non-empty name', schema: schemas/* string */.YjP().trim().min(1) },
    url: { allowed: 'an absolute http(s) URL', schema: schemas/* url */.OZ5({ protocol: /^https?$/ }) },
    method: {
        allowed: `one of ${METHODS.join(', ')}`,
        schema: schemas/* string */.YjP()
            .transform((m) => m.toUpperCase())
            .pipe(schemas/* enum */.k5n(METHODS)),
    },
    'expect-status': { allowed: STATUS_GRAMMAR, schema: schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* int */.Whr()]) },
    'body-json': {
        allowed: '{ path: <JSON path such as $.status>, equals: <value> }',
        schema: schemas/* strictObject */.rej({
            path: schemas/* string */.YjP(),
            equals: schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig(), schemas/* boolean */.zMY(), schemas/* null */.chJ()]),
        }),
    },
    'body-contains': { allowed: 'non-empty text', schema: schemas/* string */.YjP().min(1) },
    'max-latency-ms': { allowed: 'a whole number of milliseconds >= 1', schema: schemas/* int */.Whr().min(1) },
    headers: {
        allowed: 'a mapping of header names to text values (${VAR} is read from the step env and masked)',
        schema: schemas/* record */.g1P(schemas/* string */.YjP().regex(HEADER_NAME), schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig()])),
    },
    'timeout-ms': { allowed: 'a whole number of milliseconds >= 1', schema: schemas/* int */.Whr().min(1) },
    'follow-redirects': { allowed: 'true or false', schema: schemas/* boolean */.zMY() },
    'per-machine': { allowed: 'true or false', schema: schemas/* boolean */.zMY() },
    interval: {
        allowed: `${src/* DURATION_GRAMMAR */.dl}, at least 100ms`,
        schema: schemas/* string */.YjP().transform((text, ctx) => {
            try {
                const ms = (0,src/* parseDuration */.E9)(text);
                if (ms >= 100)
                    return ms;
            }
            catch {
                // reported below, like a duration too short
            }
            ctx.issues.push({ code: 'custom', message: 'not a duration of at least 100ms', input: text });
            return core/* NEVER */.tm;
        }),
    },
};
const KEY_NAMES = Object.keys(KEYS);
/**
 * Reads the `targets` input: either one URL per line (`#` comments and blank lines skipped), or a YAML list whose
 * items are URLs or mappings with the keys of {@link HealthTarget} in kebab-case (`name`, `url`, `method`,
 * `expect-status`, `body-json`, `body-contains`, `max-latency-ms`, `headers`, `timeout-ms`, `follow-redirects`,
 * `per-machine`, `interval`). `${VAR}` in header values is replaced by `env(VAR)` and the value masked.
 *
 * Every problem is returned at once, each naming the target (its name, else its position and URL) and the key.
 */
function parseTargets(text, env) {
    const items = readItems(text);
    if ('problem' in items)
        return { targets: [], problems: [{ input: 'targets', allowed: items.problem }] };
    const problems = [];
    const targets = [];
    items.list.forEach((item, i) => {
        const parsed = parseTarget(item, i, env);
        if ('problems' in parsed)
            problems.push(...parsed.problems);
        else
            targets.push(parsed.target);
    });
    const seen = new Set();
    for (const t of targets) {
        if (seen.has(t.name)) {
            problems.push({
                input: 'targets',
                value: t.name,
                allowed: `a unique name per target; two targets are named "${t.name}" (give them a name: key)`,
            });
        }
        seen.add(t.name);
    }
    if (problems.length === 0 && targets.length === 0) {
        problems.push({ input: 'targets', allowed: 'at least one URL or target; none was given' });
    }
    return problems.length > 0 ? { targets: [], problems } : { targets, problems: [] };
}
function readItems(text) {
    const lines = text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'));
    const first = lines[0] ?? '';
    if (!first.startsWith('-') && !first.startsWith('['))
        return { list: lines };
    let document;
    try {
        document = (0,dist/* parse */.qg)(text);
    }
    catch (error) {
        const line = error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
        return { problem: `a YAML list of targets, but it does not parse: ${line}` };
    }
    if (!Array.isArray(document))
        return { problem: 'a YAML list of targets (each item starting with "- ")' };
    return { list: document };
}
function label(item, index) {
    if (typeof item === 'string')
        return `#${index + 1} (${item})`;
    if (item !== null && typeof item === 'object') {
        const { name, url } = item;
        if (typeof name === 'string' && name.trim() !== '')
            return `"${name.trim()}"`;
        if (typeof url === 'string')
            return `#${index + 1} (${url})`;
    }
    return `#${index + 1}`;
}
function problemFor(target, key, value, allowed) {
    const shown = typeof value === 'string' || typeof value === 'number' ? { value: String(value) } : {};
    return { input: 'targets', ...shown, allowed: `for target ${target}, key "${key}": ${allowed}` };
}
function parseTarget(item, index, env) {
    const who = label(item, index);
    const isMapping = item !== null && typeof item === 'object' && !Array.isArray(item);
    if (typeof item !== 'string' && !isMapping) {
        return {
            problems: [
                { input: 'targets', allowed: `target ${who} must be a URL or a mapping with at least url:` },
            ],
        };
    }
    const fields = typeof item === 'string' ? { url: item } : item;
    const problems = [];
    const values = new Map();
    for (const [key, value] of Object.entries(fields)) {
        if (!KEY_NAMES.includes(key)) {
            problems.push({
                input: 'targets',
                allowed: `for target ${who}: "${key}" is not a key of a target; the keys are ${KEY_NAMES.join(', ')}`,
            });
            continue;
        }
        const spec = KEYS[key];
        const result = spec.schema.safeParse(value);
        if (result.success)
            values.set(key, result.data);
        else
            problems.push(problemFor(who, key, key === 'headers' ? undefined : value, spec.allowed));
    }
    const url = values.get('url');
    if (url === undefined && !Object.hasOwn(fields, 'url')) {
        problems.push({
            input: 'targets',
            allowed: `for target ${who}, key "url": the URL to probe; it is missing`,
        });
    }
    let expectStatus = ANY_2XX;
    const status = values.get('expect-status');
    if (status !== undefined) {
        const parsed = parseStatusSet(status);
        if ('problem' in parsed)
            problems.push(problemFor(who, 'expect-status', status, parsed.problem));
        else
            expectStatus = parsed;
    }
    let bodyJson;
    const json = values.get('body-json');
    if (json !== undefined) {
        const path = (0,src/* parseJsonPath */.Hf)(json.path);
        if ('problem' in path)
            problems.push(problemFor(who, 'body-json.path', json.path, path.problem));
        else
            bodyJson = { path, equals: json.equals };
    }
    const headers = new Map();
    const rawHeaders = values.get('headers') ?? {};
    for (const [name, raw] of Object.entries(rawHeaders)) {
        const expanded = expandEnv(String(raw), env);
        if ('missing' in expanded) {
            problems.push({
                input: 'targets',
                allowed: `for target ${who}, header "${name}": \${${expanded.missing}} is not set in the step's env; pass it with env: ${expanded.missing}: \${{ secrets.${expanded.missing} }}`,
            });
        }
        else
            headers.set(name, expanded.value);
    }
    if (problems.length > 0 || url === undefined)
        return { problems };
    // A password in the URL (https://user:pass@host/) is a credential: masked before any line names the target.
    const { password } = new URL(url);
    if (password !== '')
        (0,src/* registerSecret */.cl)(decodeURIComponent(password));
    const name = values.get('name') ?? defaultName(url);
    return {
        target: {
            name,
            url,
            method: values.get('method') ?? TARGET_DEFAULTS.method,
            expectStatus,
            ...(bodyJson === undefined ? {} : { bodyJson }),
            ...(values.has('body-contains') ? { bodyContains: values.get('body-contains') } : {}),
            ...(values.has('max-latency-ms') ? { maxLatencyMs: values.get('max-latency-ms') } : {}),
            headers,
            timeoutMs: values.get('timeout-ms') ?? TARGET_DEFAULTS.timeoutMs,
            followRedirects: values.get('follow-redirects') ?? TARGET_DEFAULTS.followRedirects,
            perMachine: values.get('per-machine') ?? TARGET_DEFAULTS.perMachine,
            ...(values.has('interval') ? { intervalMs: values.get('interval') } : {}),
        },
    };
}
/** `host/path` of a URL, the name of a target given as a bare URL. */
function defaultName(url) {
    const u = new URL(url);
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
}
/**
 * Replaces each `${VAR}` with `env(VAR)`, registering the value as a secret before anything can print it: header
 * values from the environment are credentials more often than not.
 */
function expandEnv(text, env) {
    let missing;
    const value = text.replace(ENV_REF, (_whole, name) => {
        const found = env(name);
        if (found === undefined || found === '') {
            missing ??= name;
            return '';
        }
        (0,src/* registerSecret */.cl)(found);
        return found;
    });
    if (missing !== undefined)
        return { missing };
    if (value !== text)
        (0,src/* registerSecret */.cl)(value);
    return { value };
}

;// CONCATENATED MODULE: ./packages/health/src/target-table.ts

function ms(value) {
    return value === undefined ? '–' : `${value}ms`;
}
/**
 * The step-summary table of the HTTP targets the gate judged, one row each: verdict and reason, the last HTTP code,
 * attempts, the version answering and the last error (health-gate's and rollback-on-failure's verification alike).
 */
function targetTable(targets, options = {}) {
    const latency = options.latency === true;
    return (0,src/* summaryTable */.jb)([
        'Target',
        'Verdict',
        'HTTP',
        ...(latency ? ['p50', 'p95'] : []),
        'Attempts',
        'Version answering',
        'Last error',
    ], targets.map((t) => [
        t.name,
        `${options.verdictLabels?.[t.verdict] ?? t.verdict}: ${t.reason}`,
        t.lastCode ?? '–',
        ...(latency ? [ms(t.p50Ms), ms(t.p95Ms)] : []),
        t.attempts,
        t.versionSeen ?? '–',
        t.lastProblem ?? '',
    ]));
}

;// CONCATENATED MODULE: ./packages/health/src/inputs.ts


/**
 * The probing inputs health-gate and rollback-on-failure's verification both declare, with the same keys, defaults
 * and bounds (so their `action.yml` files say the same): each action's input spec takes its entries from here.
 */
const probeInputSpec = {
    'expect-version': src/* input */.hF.string(),
    interval: src/* input */.hF.duration({ default: '2s', min: '100ms', max: '1h' }),
    'consecutive-successes': src/* input */.hF.integer({ default: '3', min: 1, max: 1000 }),
};
/**
 * The `targets` input read into targets (nothing when it was not given), `${VAR}` in header values looked up in the
 * step's environment; its problems are added to `problems`, to be listed with every other input's.
 */
function readTargetsInput(text, problems) {
    if (text === undefined)
        return [];
    const parsed = parseTargets(text, (name) => process.env[name]);
    problems.push(...parsed.problems);
    return parsed.targets;
}

;// CONCATENATED MODULE: ./packages/health/src/index.ts
// Public surface of @deploy-actions/health: the health analysis shared by health-gate, fly-deploy and
// rollback-on-failure (same keys, same meaning, one implementation).











/***/ })

};
