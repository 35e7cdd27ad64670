export const id = 390;
export const ids = [390];
export const modules = {

/***/ 91390:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27644);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 27644:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./packages/core/src/index.ts + 20 modules
var src = __webpack_require__(84002);
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

;// CONCATENATED MODULE: ./packages/health/src/index.ts
// Public surface of @deploy-actions/health: the health analysis shared by health-gate, fly-deploy and
// rollback-on-failure (same keys, same meaning, one implementation).








// EXTERNAL MODULE: ./packages/release/src/index.ts + 16 modules
var release_src = __webpack_require__(41037);
;// CONCATENATED MODULE: ./actions/health-gate/src/fly-gate.ts


/**
 * The machines the gate is about: the app's deploy targets as the release engine sees them (release-command,
 * console and temporary canary/green machines left out), only those labelled `releaseLabel` when given.
 */
async function selectGateMachines(client, app, releaseLabel) {
    const listed = await client.listMachines(app, releaseLabel === undefined ? {} : { metadata: { [release_src/* RELEASE_LABEL_KEY */.F7]: releaseLabel } });
    return listed.filter((m) => (0,release_src/* notATarget */.I3)(m) === undefined);
}
/**
 * The Fly half of the gate, on the release engine's {@link MachineWatch} (the one fly-deploy uses): every machine
 * must be started on its version with every configured check passing (the engine's `waitHealthy`), and must not
 * crash while the gate runs. The watch lasts until every machine is healthy and the HTTP half has ended, or until
 * the engine reports a failure (a crash loop, a launch failure, checks not passing within the budget). A machine
 * that crashed even once during the gate fails: its restart count grew.
 */
async function watchFlyMachines(options) {
    const ctx = (0,release_src/* engineContext */.iv)({
        client: options.client,
        app: options.app,
        signal: options.signal,
        log: options.log,
    });
    const start = ctx.clock.now();
    const watch = new release_src/* MachineWatch */.$B(ctx, { pollMs: options.pollMs });
    const marks = new Map(options.machines.map((m) => [m.id, (0,release_src/* markEvents */.LD)(m)]));
    for (const m of options.machines) {
        watch.watch({
            machineId: m.id,
            version: m.version ?? '',
            mark: marks.get(m.id) ?? (0,release_src/* markEvents */.LD)(m),
            changedAt: start,
            expectStarted: true,
        });
    }
    const healthyAt = new Map();
    const healthy = Promise.all(options.machines.map(async (m) => {
        await watch.waitHealthy(m.id, { settleMs: 0, timeoutMs: options.timeoutMs });
        healthyAt.set(m.id, ctx.clock.now() - start);
        options.log.info(`machine ${m.id}: started, checks passing`);
    }));
    let failure;
    try {
        await Promise.race([Promise.all([healthy, options.httpDone.catch(() => undefined)]), watch.failure]);
    }
    catch (error) {
        if (error instanceof release_src/* DeployFailure */.Qt)
            failure = error;
        else if (!options.signal.aborted)
            throw error;
    }
    finally {
        healthy.catch(() => undefined);
        await watch.close();
    }
    return options.machines.map((first) => {
        const latest = watch.latest(first.id) ?? first;
        const crashes = (0,release_src/* crashesSince */.Kz)(latest.events ?? [], marks.get(first.id) ?? (0,release_src/* markEvents */.LD)(first));
        const base = {
            name: `machine ${first.id}${first.region === undefined ? '' : ` (${first.region})`}`,
            machineId: first.id,
            state: latest.state,
            checks: (latest.checks ?? []).map((c) => `${c.name}: ${c.status}`),
            crashes: crashes.length,
            ...(healthyAt.has(first.id) ? { healthyAtMs: healthyAt.get(first.id) } : {}),
        };
        // The engine names the machine that failed; a failure without one (rare) is blamed on every machine not healthy.
        const blamed = failure !== undefined &&
            (failure.diagnosis === undefined ? !healthyAt.has(first.id) : failure.diagnosis.machineId === first.id);
        if (failure !== undefined && blamed)
            return { ...base, verdict: 'fail', reason: failure.message };
        if (crashes.length > 0) {
            const codes = crashes.map((c) => c.exitCode ?? '?').join(', ');
            return {
                ...base,
                verdict: 'fail',
                reason: `restarted during the gate: ${crashes.length} crash(es), exit codes ${codes}; see its logs with \`fly logs -i ${first.id}\``,
            };
        }
        if (healthyAt.has(first.id))
            return {
                ...base,
                verdict: 'pass',
                reason: `started on version ${latest.version ?? '?'}, ${base.checks.length} check(s) passing, no restart`,
            };
        const why = failure !== undefined
            ? `the watch ended when another machine failed: ${(0,src/* errorMessage */.gJ)(failure).split('\n')[0] ?? ''}`
            : 'the gate was cancelled';
        return { ...base, verdict: 'undecided', reason: `not decided: ${why}` };
    });
}

;// CONCATENATED MODULE: ./actions/health-gate/src/inputs.ts


// Fly app names: lower-case letters, digits and dashes.
const FLY_NAME = /[a-z0-9][a-z0-9-]*/;
const inputs_HEADER_NAME = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/;
/** The `timeout` input's default: the whole step, the gate's budget within it. */
const DEFAULT_TIMEOUT = '2m';
/** The input spec, exported so the proof record can list the inputs as given. */
const inputSpec = {
    targets: src/* input */.hF.string({
        required: true,
        allowed: 'one URL per line, or a YAML list of targets (name, url, method, expect-status, body-json, body-contains, max-latency-ms, headers, timeout-ms, follow-redirects, per-machine)',
    }),
    'expect-version': src/* input */.hF.string(),
    'version-path': src/* input */.hF.string({ default: '$.version' }),
    'version-header': src/* input */.hF.string({ pattern: inputs_HEADER_NAME }),
    // Read and enforced by runAction as the step's time limit (its problems are listed with these); the gate's budget.
    timeout: src/* input */.hF.string({ default: DEFAULT_TIMEOUT }),
    interval: src/* input */.hF.duration({ default: '2s', min: '100ms', max: '1h' }),
    warmup: src/* input */.hF.duration({ default: '0s', max: '1h' }),
    'consecutive-successes': src/* input */.hF.integer({ default: '3', min: 1, max: 1000 }),
    'failure-limit': src/* input */.hF.integer({ default: '3', min: 1, max: 1000 }),
    'error-limit': src/* input */.hF.integer({ default: '5', min: 1, max: 1000 }),
    'p95-latency-ms': src/* input */.hF.integer({ min: 1 }),
    'on-inconclusive': src/* input */.hF.enumOf(['fail', 'warn'], { default: 'fail' }),
    'dry-run': src/* input */.hF.boolean({ default: 'false' }),
    app: src/* input */.hF.string({ pattern: FLY_NAME }),
    'fly-api-token': src/* input */.hF.secret(),
    'api-url': src/* input */.hF.url({ default: 'https://api.machines.dev' }),
    'release-label': src/* input */.hF.string(),
    'per-machine': src/* input */.hF.boolean({ default: 'false' }),
    'proof-dir': src/* input */.hF.string(),
};
/** A duration, or undefined when it does not parse: runAction reports a bad `timeout` with the other problems. */
function durationOrUndefined(text) {
    try {
        return text === undefined ? undefined : (0,src/* parseDuration */.E9)(text);
    }
    catch {
        return undefined;
    }
}
/** The step's environment, where `${VAR}` in target headers is looked up. */
const stepEnv = (name) => process.env[name];
/**
 * Reads and checks every input, the targets' keys included.
 * @throws InputError listing every problem at once.
 */
function getInputs() {
    let targets = [];
    let versionPath = ['version'];
    const tokenFromEnv = process.env.FLY_API_TOKEN ?? '';
    if (tokenFromEnv !== '')
        (0,src/* registerSecret */.cl)(tokenFromEnv);
    const raw = (0,src/* readInputs */.Ko)(inputSpec, {
        check: (values, given) => {
            const problems = [];
            if (values.targets !== undefined) {
                const parsed = parseTargets(values.targets, stepEnv);
                problems.push(...parsed.problems);
                targets = parsed.targets;
            }
            const path = (0,src/* parseJsonPath */.Hf)(values['version-path'] ?? '$.version');
            if ('problem' in path)
                problems.push({ input: 'version-path', value: values['version-path'], allowed: path.problem });
            else
                versionPath = path;
            // version-path always arrives (the runner passes its default), so only version-header can be checked here.
            if (given('version-header') && !given('expect-version'))
                problems.push({
                    input: 'version-header',
                    allowed: 'version-header says where to find expect-version; set expect-version too',
                });
            const timeout = durationOrUndefined(values.timeout);
            if (timeout !== undefined) {
                if (values.interval !== undefined && values.interval > timeout)
                    problems.push({
                        input: 'interval',
                        allowed: `an interval no longer than timeout (${(0,src/* formatDuration */.a3)(values.interval)} > ${(0,src/* formatDuration */.a3)(timeout)})`,
                    });
                if (values.warmup !== undefined && values.warmup >= timeout)
                    problems.push({ input: 'warmup', allowed: `a warmup shorter than timeout, which it is part of` });
            }
            for (const name of ['per-machine', 'release-label', 'fly-api-token']) {
                const on = name === 'per-machine' ? values['per-machine'] === true : given(name);
                if (on && !given('app'))
                    problems.push({ input: name, allowed: `${name} is about the Fly app; set app too` });
            }
            if (given('app') && !given('fly-api-token') && tokenFromEnv === '')
                problems.push({
                    input: 'fly-api-token',
                    allowed: 'a Fly API token (or the env FLY_API_TOKEN) to read the machines of app; it is missing',
                });
            return problems;
        },
    });
    return {
        targets,
        ...(raw['expect-version'] === undefined
            ? {}
            : {
                version: {
                    expected: raw['expect-version'],
                    path: versionPath,
                    ...(raw['version-header'] === undefined ? {} : { header: raw['version-header'].toLowerCase() }),
                },
            }),
        policy: {
            ...DEFAULT_POLICY,
            timeoutMs: durationOrUndefined(raw.timeout) ?? (0,src/* parseDuration */.E9)(DEFAULT_TIMEOUT),
            intervalMs: raw.interval,
            warmupMs: raw.warmup,
            consecutiveSuccesses: raw['consecutive-successes'],
            failureLimit: raw['failure-limit'],
            errorLimit: raw['error-limit'],
            ...(raw['p95-latency-ms'] === undefined ? {} : { p95LatencyMs: raw['p95-latency-ms'] }),
        },
        onInconclusive: raw['on-inconclusive'],
        dryRun: raw['dry-run'],
        ...(raw.app === undefined
            ? {}
            : {
                fly: {
                    app: raw.app,
                    token: raw['fly-api-token'] ?? tokenFromEnv,
                    apiUrl: raw['api-url'],
                    perMachine: raw['per-machine'],
                    ...(raw['release-label'] === undefined ? {} : { releaseLabel: raw['release-label'] }),
                },
            }),
    };
}

// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var lib_core = __webpack_require__(33838);
;// CONCATENATED MODULE: ./actions/health-gate/src/report.ts





const MARK = { pass: '✅ pass', fail: '❌ fail', undecided: '⚠️ undecided' };
const HEADLINE = {
    pass: 'PASS ✅',
    fail: 'FAIL ❌',
    inconclusive: 'INCONCLUSIVE ⚠️',
};
/** The rows that failed, by name: the `failed-targets` output. */
function failedNames(report) {
    return [...report.targets, ...report.machines].filter((t) => t.verdict === 'fail').map((t) => t.name);
}
function ms(value) {
    return value === undefined ? '–' : `${value}ms`;
}
function policyWords(policy) {
    const p95 = policy.p95LatencyMs === undefined ? '' : `; p95 of successful answers ≤ ${policy.p95LatencyMs}ms`;
    return (`every ${(0,src/* formatDuration */.a3)(policy.intervalMs)} for up to ${(0,src/* formatDuration */.a3)(policy.timeoutMs)}` +
        (policy.warmupMs > 0 ? ` after a ${(0,src/* formatDuration */.a3)(policy.warmupMs)} warmup` : '') +
        `; ${policy.consecutiveSuccesses} successes in a row pass a target, ${policy.failureLimit} failures or ` +
        `${policy.errorLimit} errors in a row fail it${p95}`);
}
/** The opening log line: what will be probed and by which rules. */
function announce(inputs, policy, count) {
    const version = inputs.version === undefined ? '' : `, expecting version ${inputs.version.expected}`;
    src/* log */.Rm.info(`Probing ${count} target(s) ${policyWords(inputs.policy)}${version}${inputs.dryRun ? ' (dry run)' : ''}`);
}
/**
 * Shows the report everywhere a user looks: an annotation per failed or undecided row, the status matrix in the step
 * summary, the outputs, the JSON report (every measurement) and the proof record. All of it is redacted.
 */
async function publishReport(report, proof) {
    const rows = [...report.targets, ...report.machines];
    for (const row of rows) {
        if (row.verdict === 'pass')
            continue;
        const message = `${row.name}: ${row.verdict === 'fail' ? 'failed' : 'no verdict'}: ${row.reason}`;
        if (row.verdict === 'fail' && !report.dryRun)
            src/* log */.Rm.error(message, { title: `health-gate: ${row.name}` });
        else
            src/* log */.Rm.warn(message, { title: `health-gate: ${row.name}` });
    }
    for (const row of rows) {
        proof.step(`probe ${row.name}`, row.verdict === 'pass' ? 'ok' : row.verdict === 'fail' ? 'failed' : 'info', row.reason);
    }
    const decided = report.ended === 'decided'
        ? 'every target decided'
        : report.ended === 'budget'
            ? 'budget spent'
            : 'cancelled';
    await (0,src/* writeSummary */.Sy)([
        (0,src/* summaryHeading */.hn)(`Health gate: ${HEADLINE[report.result]}${report.dryRun ? ' (dry run: never fails the step)' : ''}`),
        (0,src/* summaryParagraph */.RB)(`Ended after ${(0,src/* formatDuration */.a3)(report.durationMs)} (${decided}). Probed ${policyWords(report.policy)}` +
            (report.expectVersion === undefined ? '.' : `; version ${report.expectVersion} must be answering.`)),
        (0,src/* summaryTable */.jb)(['Target', 'Verdict', 'HTTP', 'p50', 'p95', 'Attempts', 'Version answering', 'Last error'], report.targets.map((t) => [
            t.name,
            `${MARK[t.verdict]}: ${t.reason}`,
            t.lastCode ?? '–',
            ms(t.p50Ms),
            ms(t.p95Ms),
            t.attempts,
            t.versionSeen ?? '–',
            t.lastProblem ?? '',
        ])),
        ...(report.machines.length === 0
            ? []
            : [
                (0,src/* summaryHeading */.hn)(`Fly machines of ${report.app ?? ''}`, 3),
                (0,src/* summaryTable */.jb)(['Machine', 'Verdict', 'State', 'Checks', 'Crashes during the gate'], report.machines.map((m) => [
                    m.name,
                    `${MARK[m.verdict]}: ${m.reason}`,
                    m.state,
                    m.checks.join(', ') || '–',
                    m.crashes,
                ])),
            ]),
    ]);
    // RUNNER_TEMP is shared by every step of the job: a folder of our own keeps another health-gate step from
    // overwriting the report this step's `report` output names.
    const base = (0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'health-gate');
    await (0,external_node_fs_promises_.mkdir)(base, { recursive: true });
    const path = (0,external_node_path_.join)(await (0,external_node_fs_promises_.mkdtemp)((0,external_node_path_.join)(base, 'run-')), 'report.json');
    await (0,external_node_fs_promises_.writeFile)(path, `${JSON.stringify((0,src/* redactDeep */.ro)(report), null, 2)}\n`);
    lib_core/* setOutput */.uH('result', report.result);
    lib_core/* setOutput */.uH('failed-targets', failedNames(report).join(','));
    lib_core/* setOutput */.uH('report', path);
    lib_core/* setOutput */.uH('duration-ms', String(report.durationMs));
    proof.fact('health-gate', (0,src/* redactDeep */.ro)(report));
    return path;
}

;// CONCATENATED MODULE: ./actions/health-gate/src/main.ts





/**
 * Probes every target until each is decided or the budget is spent, watches the Fly machines alongside when `app`
 * is given, publishes the status matrix, and fails the step unless the verdict is `pass` (or `dry-run` is on, or the
 * verdict is `inconclusive` with `on-inconclusive: warn`).
 */
async function run() {
    await (0,src/* runAction */.Cs)('health-gate', gate, { defaultTimeout: inputSpec.timeout.default });
}
/**
 * Time kept at the end of the step's `timeout` for the report, the summary and the proof: the gate's probing stops
 * this much before the step's deadline, so an inconclusive gate is reported as such, not cut off as a timeout.
 */
function reportReserveMs(timeoutMs) {
    return Math.min(2000, Math.round(timeoutMs / 10));
}
async function gate(ctx) {
    const inputs = getInputs();
    const { values, secretInputs } = (0,src/* rawInputs */.me)(inputSpec);
    ctx.proof.setInputs(values, { secretInputs });
    const started = Date.now();
    let client;
    let machines = [];
    if (inputs.fly !== undefined) {
        const { app, releaseLabel } = inputs.fly;
        ctx.proof.setApp(app);
        client = new src/* FlyClient */.zx({
            token: inputs.fly.token,
            apiUrl: inputs.fly.apiUrl,
            signal: ctx.signal,
            deadline: ctx.deadline,
        });
        const opened = client;
        ctx.onCleanup(() => opened.close());
        machines = await selectGateMachines(client, app, releaseLabel);
        if (machines.length === 0) {
            throw new src/* DeployActionError */.o8(`app ${app} has no machines${releaseLabel === undefined ? '' : ` labelled ${releaseLabel}`} to verify`, {
                code: 'no-machines',
                hint: releaseLabel === undefined
                    ? 'check the app name, and that the deploy created machines (`fly machines list -a <app>`)'
                    : 'check release-label: it must be the label fly-deploy recorded (its release-label output)',
            });
        }
        src/* log */.Rm.info(`Watching ${machines.length} machine(s) of ${app}: ${machines.map((m) => `${m.id} (${m.state})`).join(', ')}`);
    }
    const targets = inputs.fly?.perMachine === true
        ? expandPerMachine(inputs.targets, machines.filter((m) => m.state === 'started').map((m) => m.id))
        : inputs.targets;
    // The budget is what is left of the step's timeout once the machines are listed, less the time to report.
    const policy = {
        ...inputs.policy,
        timeoutMs: Math.max(0, ctx.deadline - Date.now() - reportReserveMs(inputs.policy.timeoutMs)),
    };
    announce(inputs, policy, targets.length);
    const prober = createHttpProber();
    ctx.onCleanup(() => prober.close());
    const logger = { info: (line) => src/* log */.Rm.info(line) };
    const http = runHealthGate({
        targets,
        policy,
        ...(inputs.version === undefined ? {} : { version: inputs.version }),
        probe: prober.probe,
        logger,
        signal: ctx.signal,
    });
    const watched = client === undefined || inputs.fly === undefined
        ? Promise.resolve([])
        : watchFlyMachines({
            client,
            app: inputs.fly.app,
            machines,
            timeoutMs: policy.timeoutMs,
            // Fly allows 5 reads of a machine per second; the engine's watch reads each machine once per poll.
            pollMs: Math.max(inputs.policy.intervalMs, 500),
            httpDone: http,
            signal: ctx.signal,
            log: { info: logger.info, warn: (line) => src/* log */.Rm.warn(line), debug: (line) => src/* log */.Rm.debug(line) },
        });
    const [gate, machineRows] = await Promise.all([http, watched]);
    const result = overallVerdict([...gate.targets, ...machineRows].map((t) => t.verdict));
    const report = {
        result,
        ended: machineRows.some((m) => m.verdict === 'undecided') && gate.ended === 'decided' ? 'budget' : gate.ended,
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        dryRun: inputs.dryRun,
        ...(inputs.version === undefined ? {} : { expectVersion: inputs.version.expected }),
        policy,
        ...(inputs.fly === undefined ? {} : { app: inputs.fly.app }),
        targets: gate.targets,
        machines: machineRows,
    };
    await publishReport(report, ctx.proof);
    src/* log */.Rm.info(`health-gate: ${result}`);
    // On cancel runAction reports the cancellation instead of this verdict; at the step's deadline the verdict stands.
    if (result === 'pass')
        return;
    const failed = failedNames(report);
    const what = result === 'fail'
        ? `${failed.length} target(s) failed: ${failed.join(', ')}`
        : 'no verdict within the budget: some targets were neither healthy nor failing long enough';
    if (inputs.dryRun) {
        src/* log */.Rm.notice(`dry run: the gate would have failed the step (${what})`, {
            title: 'health-gate (dry run)',
        });
        return;
    }
    if (result === 'inconclusive' && inputs.onInconclusive === 'warn') {
        src/* log */.Rm.warn(`health-gate inconclusive: ${what}`, { title: 'health-gate inconclusive' });
        return;
    }
    throw new src/* DeployActionError */.o8(`${result}: ${what}`, {
        code: result === 'fail' ? 'health-check-failed' : 'health-check-inconclusive',
        hint: result === 'fail'
            ? 'each failed row of the step summary says what its service answered; "old release answering" means the deploy did not reach it; roll back with rollback-on-failure or fix the service and re-run'
            : 'give the services more time (timeout), or fewer successes to pass (consecutive-successes); the report lists every measurement',
    });
}


/***/ })

};
