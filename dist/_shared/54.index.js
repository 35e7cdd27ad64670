export const id = 54;
export const ids = [54];
export const modules = {

/***/ 99595:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Vw: () => (/* reexport */ formatProblem),
  cU: () => (/* reexport */ loadFlyToml),
  QR: () => (/* reexport */ machineConfigForNewMachine),
  kS: () => (/* reexport */ machineConfigForUpdate),
  bI: () => (/* reexport */ planProcessGroups),
  CR: () => (/* reexport */ releaseCommandMachineConfig),
  Bw: () => (/* reexport */ resolveDeploySettings),
  aL: () => (/* reexport */ splitCommandLine)
});

// UNUSED EXPORTS: DEFAULT_GROUP, DEFAULT_VM_SIZE, DEPLOY_SETTING_KEYS, FlyTomlError, MAX_FLY_TOML_BYTES, PROCESS_GROUP_METADATA, RELEASE_COMMAND_GROUP, UNSUPPORTED_KEYS, VM_SIZES, appliesToGroup, computeForGroup, computeToGuest, defaultProcessName, flyTomlDeploySettings, formatGoDuration, formatKeyPath, machineConfigForGroup, machineProcessGroup, parseFlyToml, parseGoDuration, processNames, withInputEnv

// EXTERNAL MODULE: ./packages/core/src/index.ts + 22 modules
var src = __webpack_require__(6466);
;// CONCATENATED MODULE: ./packages/fly-config/src/problems.ts

const BARE_KEY = /^[A-Za-z0-9_-]+$/;
/** Writes a key path the way a TOML author reads it: `http_service.checks[0].path`, quoted where not bare. */
function formatKeyPath(path) {
    let out = '';
    for (const part of path) {
        if (typeof part === 'number')
            out += `[${part}]`;
        else {
            const written = BARE_KEY.test(part) ? part : JSON.stringify(part);
            out += out === '' ? written : `.${written}`;
        }
    }
    return out;
}
/** Formats one problem as `<file>:<line>: <key>: <message>` (the parts that are known). */
function formatProblem(file, problem) {
    const where = problem.line === undefined
        ? file
        : `${file}:${problem.line}${problem.column === undefined ? '' : `:${problem.column}`}`;
    return problem.key === '' ? `${where}: ${problem.message}` : `${where}: ${problem.key}: ${problem.message}`;
}
/**
 * Every problem found in a fly.toml, reported at once so one run reveals all of them. Thrown before any call to
 * Fly, so a bad file never changes anything.
 */
class FlyTomlError extends src/* DeployActionError */.o8 {
    /** The file as the user named it. */
    file;
    /** All problems, in document order where lines are known. */
    problems;
    /** Creates the error; its message lists every problem on its own line. */
    constructor(file, problems) {
        const sorted = [...problems].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
        const head = sorted.length === 1 ? `${file} has a problem` : `${file} has ${sorted.length} problems`;
        super(`${head}:\n${sorted.map((p) => formatProblem(file, p)).join('\n')}`, {
            code: 'invalid-fly-toml',
            hint: `Fix the keys listed above in ${file}; nothing was changed on Fly.`,
        });
        this.file = file;
        this.problems = sorted;
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 8 modules
var schemas = __webpack_require__(32716);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/core.js
var core = __webpack_require__(88532);
;// CONCATENATED MODULE: ./packages/fly-config/src/go-units.ts
// flyctl reads fly.toml values with Go's time.ParseDuration, docker/go-units and google/shlex, and sends durations
// as Go's Duration.String(). No npm package reproduces those exact grammars and that exact output, which the
// machine configs must match (the npm `shlex` ports Python's, whose quoting rules differ), so they are written
// here, small and tested against Go's documented examples.
const NS_PER = {
    ns: 1,
    us: 1e3,
    µs: 1e3, // U+00B5 micro sign
    μs: 1e3, // U+03BC Greek mu
    ms: 1e6,
    s: 1e9,
    m: 60e9,
    h: 3600e9,
};
const GO_DURATION_PART = /(\d*)(?:\.(\d*))?([^\d.]+)/y;
/**
 * Reads a Go duration (`300ms`, `1.5h`, `2h45m`, `0`) into nanoseconds, as `time.ParseDuration` does for the
 * non-negative durations fly.toml holds. Returns undefined when Go would refuse the text.
 */
function parseGoDuration(text) {
    if (text === '0')
        return 0;
    if (text === '')
        return undefined;
    let total = 0;
    GO_DURATION_PART.lastIndex = 0;
    while (GO_DURATION_PART.lastIndex < text.length) {
        const match = GO_DURATION_PART.exec(text);
        if (match === null)
            return undefined;
        const [, whole = '', fraction, unit = ''] = match;
        if (whole === '' && (fraction === undefined || fraction === ''))
            return undefined;
        const scale = NS_PER[unit];
        if (scale === undefined)
            return undefined;
        total += Number(whole || '0') * scale;
        // Go truncates the fractional part to whole nanoseconds.
        if (fraction)
            total += Math.floor((Number(fraction) * scale) / 10 ** fraction.length);
    }
    return Number.isSafeInteger(total) ? total : undefined;
}
function trimmedFraction(value, digits) {
    const scale = 10 ** digits;
    const whole = Math.floor(value / scale);
    const fraction = (value % scale).toString().padStart(digits, '0').replace(/0+$/, '');
    return fraction === '' ? `${whole}` : `${whole}.${fraction}`;
}
/** Writes nanoseconds the way Go's `Duration.String()` does: `0s`, `1.5ms`, `15s`, `1m0s`, `1h2m3.5s`. */
function formatGoDuration(ns) {
    if (ns === 0)
        return '0s';
    if (ns < 1e3)
        return `${ns}ns`;
    if (ns < 1e6)
        return `${trimmedFraction(ns, 3)}µs`;
    if (ns < 1e9)
        return `${trimmedFraction(ns, 6)}ms`;
    const totalSeconds = Math.floor(ns / 1e9);
    const seconds = `${trimmedFraction((totalSeconds % 60) * 1e9 + (ns % 1e9), 9)}s`;
    if (totalSeconds < 60)
        return seconds;
    const minutes = `${Math.floor(totalSeconds / 60) % 60}m`;
    if (totalSeconds < 3600)
        return minutes + seconds;
    return `${Math.floor(totalSeconds / 3600)}h${minutes}${seconds}`;
}
const SIZE = /^(\d+(?:\.\d+)?) ?([kmgtp])?i?b?$/i;
const SIZE_EXPONENT = { k: 1, m: 2, g: 3, t: 4, p: 5 };
function sizeInBytes(text, base) {
    const match = SIZE.exec(text);
    if (match === null)
        return undefined;
    const [, amount = '', unit] = match;
    return Math.floor(Number(amount) * base ** (unit === undefined ? 0 : (SIZE_EXPONENT[unit.toLowerCase()] ?? 0)));
}
/**
 * Reads a memory size the way flyctl reads `memory` (helpers.ParseSize with go-units' RAMInBytes, in MiB): a bare
 * integer is already megabytes, otherwise `512mb`, `1gb`, `2g`, `1.5GB` in binary units. Undefined when invalid.
 */
function parseMemoryMb(text) {
    if (/^\d+$/.test(text))
        return Number(text);
    const bytes = sizeInBytes(text, 1024);
    return bytes === undefined ? undefined : Math.floor(bytes / 1024 ** 2);
}
/**
 * Reads a volume size the way flyctl reads `auto_extend_size_*` (helpers.ParseSize with go-units' FromHumanSize,
 * in GB): a bare integer is already gigabytes, otherwise `10gb`, `500GB` in decimal units. Undefined when invalid.
 */
function parseVolumeGb(text) {
    if (/^\d+$/.test(text))
        return Number(text);
    const bytes = sizeInBytes(text, 1000);
    return bytes === undefined ? undefined : Math.floor(bytes / 1000 ** 3);
}
/**
 * Splits a command line into words the way flyctl does (google/shlex, which differs from POSIX shells and from
 * Python's shlex that the npm `shlex` package ports): whitespace separates words, single quotes keep text
 * literally, a backslash escapes the next character outside and inside double quotes, and `#` at the start of a
 * word begins a comment. Undefined on an unclosed quote or a trailing backslash.
 */
function splitCommandLine(text) {
    const words = [];
    let word;
    let i = 0;
    while (i < text.length) {
        const ch = text[i];
        if (/\s/.test(ch)) {
            if (word !== undefined)
                words.push(word);
            word = undefined;
            i++;
        }
        else if (ch === '#' && word === undefined) {
            while (i < text.length && text[i] !== '\n')
                i++;
        }
        else if (ch === '\\') {
            if (i + 1 >= text.length)
                return undefined;
            word = (word ?? '') + text[i + 1];
            i += 2;
        }
        else if (ch === "'") {
            const end = text.indexOf("'", i + 1);
            if (end === -1)
                return undefined;
            word = (word ?? '') + text.slice(i + 1, end);
            i = end + 1;
        }
        else if (ch === '"') {
            let j = i + 1;
            let quoted = '';
            for (;;) {
                if (j >= text.length)
                    return undefined;
                const c = text[j];
                if (c === '"')
                    break;
                if (c === '\\') {
                    // google/shlex drops a backslash inside double quotes whatever follows it.
                    if (j + 1 >= text.length)
                        return undefined;
                    quoted += text[j + 1];
                    j += 2;
                }
                else {
                    quoted += c;
                    j++;
                }
            }
            word = (word ?? '') + quoted;
            i = j + 1;
        }
        else {
            word = (word ?? '') + ch;
            i++;
        }
    }
    if (word !== undefined)
        words.push(word);
    return words;
}

;// CONCATENATED MODULE: ./packages/fly-config/src/guest.ts
/** flyctl's default size for a machine no `[[vm]]` sizes (fly-go `DefaultVMSize`). */
const DEFAULT_VM_SIZE = 'shared-cpu-1x';
// The CPU presets Fly names (fly-go machine_types.go MachinePresets): shared CPUs come with 256 MB each,
// performance CPUs with 2 GB each. GPU presets are left out: fly-deploy does not run GPU machines.
const SHARED_CPUS = [1, 2, 4, 6, 8];
const PERFORMANCE_CPUS = [1, 2, 4, 6, 8, 10, 12, 14, 16];
/** The guest of each named size, e.g. `shared-cpu-2x` → 2 shared CPUs and 512 MB. */
const VM_SIZES = new Map([
    ...SHARED_CPUS.map((n) => [
        `shared-cpu-${n}x`,
        { cpu_kind: 'shared', cpus: n, memory_mb: n * 256 },
    ]),
    ...PERFORMANCE_CPUS.map((n) => [
        `performance-${n}x`,
        { cpu_kind: 'performance', cpus: n, memory_mb: n * 2048 },
    ]),
]);
/**
 * The guest a `[[vm]]` section asks for (flyctl machines.go computeToGuest): the named size (default
 * shared-cpu-1x), then `memory`, then any of `cpu_kind`, `cpus`, `memory_mb`, `max_memory_mb`, `kernel_args` set
 * explicitly, which win.
 *
 * @throws Error for an unknown size; validation reports that with its line before this runs.
 */
function computeToGuest(compute) {
    const size = compute.size ?? DEFAULT_VM_SIZE;
    const preset = VM_SIZES.get(size);
    if (preset === undefined)
        throw new Error(`unknown VM size ${JSON.stringify(size)}`);
    const guest = { ...preset };
    if (compute.memory !== undefined)
        guest.memory_mb = compute.memory;
    if (compute.cpu_kind !== undefined)
        guest.cpu_kind = compute.cpu_kind;
    if (compute.cpus !== undefined)
        guest.cpus = compute.cpus;
    if (compute.memory_mb !== undefined)
        guest.memory_mb = compute.memory_mb;
    if (compute.max_memory_mb !== undefined)
        guest.max_memory_mb = compute.max_memory_mb;
    if (compute.kernel_args !== undefined && compute.kernel_args.length > 0)
        guest.kernel_args = [...compute.kernel_args];
    return guest;
}

;// CONCATENATED MODULE: ./packages/fly-config/src/schema.ts



// The fly.toml keys fly-deploy applies, each typed as flyctl reads it (superfly/flyctl internal/appconfig
// config.go, service.go, toplevelcheck.go, patches.go). Objects are strict: a key not listed here is reported,
// never dropped. Keys flyctl knows that we do not apply yet are listed in unsupported-keys.ts for a clearer message.
const port = schemas/* int */.Whr('expected a whole number')
    .min(1, 'expected a port, 1 to 65535')
    .max(65535, 'expected a port, 1 to 65535');
const count = schemas/* int */.Whr('expected a whole number').nonnegative('expected 0 or more');
const schema_text = schemas/* string */.YjP('expected a string');
const processList = schemas/* array */.YOg(schema_text, 'expected a list of process group names').optional();
/**
 * A duration as flyctl reads one: a Go duration string (`"10s"`, `"1m30s"`), or, when `integerUnitNs` is given, a
 * whole number in that unit (flyctl's patches read check durations as milliseconds and `kill_timeout` as seconds).
 * Yields nanoseconds.
 */
function duration(integerUnitNs, unitName) {
    const allowed = integerUnitNs === undefined
        ? 'a duration such as "500ms", "10s" or "1m30s"'
        : `a duration such as "500ms", "10s" or "1m30s", or a whole number of ${unitName}`;
    return schemas/* union */.KCZ([schemas/* number */.aig(), schemas/* string */.YjP()], `expected ${allowed}`).transform((value, ctx) => {
        const ns = typeof value === 'string'
            ? parseGoDuration(value)
            : integerUnitNs !== undefined && Number.isSafeInteger(value) && value >= 0
                ? value * integerUnitNs
                : undefined;
        if (ns === undefined) {
            ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not ${allowed}` });
            return core/* NEVER */.tm;
        }
        return ns;
    });
}
const checkDuration = duration(1e6, 'milliseconds');
const httpCheckFields = {
    interval: checkDuration.optional(),
    timeout: checkDuration.optional(),
    grace_period: checkDuration.optional(),
    method: schema_text.optional(),
    path: schema_text.optional(),
    protocol: schemas/* enum */.k5n(['http', 'https'], 'expected "http" or "https"').optional(),
    tls_skip_verify: schemas/* boolean */.zMY('expected true or false').optional(),
    tls_server_name: schema_text.optional(),
    headers: schemas/* record */.g1P(schema_text, schemas/* union */.KCZ([schema_text, schemas/* number */.aig(), schemas/* boolean */.zMY()]), 'expected a table of header names and values')
        .optional(),
};
const tcpCheckSchema = schemas/* strictObject */.rej({
    interval: checkDuration.optional(),
    timeout: checkDuration.optional(),
    grace_period: checkDuration.optional(),
});
const httpCheckSchema = schemas/* strictObject */.rej(httpCheckFields);
/** `[checks.<name>]`: a machine-level check (flyctl ToplevelCheck). */
const topLevelCheckSchema = schemas/* strictObject */.rej({
    ...httpCheckFields,
    type: schemas/* enum */.k5n(['http', 'tcp'], 'expected "http" or "tcp"').optional(),
    port: port.optional(),
    processes: processList,
});
const autostop = schemas/* union */.KCZ([schemas/* boolean */.zMY(), schemas/* enum */.k5n(['off', 'stop', 'suspend'])], {
    error: 'expected true, false, "off", "stop" or "suspend"',
});
const concurrencySchema = schemas/* strictObject */.rej({
    type: schemas/* enum */.k5n(['connections', 'requests'], 'expected "connections" or "requests"').optional(),
    hard_limit: count.optional(),
    soft_limit: count.optional(),
});
// Passed to Fly as written: their shapes are fly-go's (machine_types.go) and the spec's.
const tlsOptionsSchema = schemas/* strictObject */.rej({
    alpn: schemas/* array */.YOg(schema_text).optional(),
    versions: schemas/* array */.YOg(schema_text).optional(),
    default_self_signed: schemas/* boolean */.zMY().optional(),
});
const httpOptionsSchema = schemas/* strictObject */.rej({
    compress: schemas/* boolean */.zMY().optional(),
    h2_backend: schemas/* boolean */.zMY().optional(),
    idle_timeout: count.optional(),
    headers_read_timeout: count.optional(),
    response: schemas/* strictObject */.rej({
        headers: schemas/* record */.g1P(schema_text, schemas/* union */.KCZ([schema_text, schemas/* boolean */.zMY(), schemas/* array */.YOg(schema_text)])).optional(),
        pristine: schemas/* boolean */.zMY().optional(),
    })
        .optional(),
});
const portSchema = schemas/* strictObject */.rej({
    port: port.optional(),
    start_port: port.optional(),
    end_port: port.optional(),
    handlers: schemas/* array */.YOg(schema_text, 'expected a list such as ["http"] or ["tls", "http"]').optional(),
    force_https: schemas/* boolean */.zMY('expected true or false').optional(),
    tls_options: tlsOptionsSchema.optional(),
    http_options: httpOptionsSchema.optional(),
    proxy_proto_options: schemas/* strictObject */.rej({ version: schema_text.optional() }).optional(),
});
const serviceBehaviour = {
    auto_stop_machines: autostop.optional(),
    auto_start_machines: schemas/* boolean */.zMY('expected true or false').optional(),
    min_machines_running: count.optional(),
    concurrency: concurrencySchema.optional(),
    processes: processList,
};
/** `[http_service]` (flyctl HTTPService). */
const httpServiceSchema = schemas/* strictObject */.rej({
    ...serviceBehaviour,
    internal_port: port,
    force_https: schemas/* boolean */.zMY('expected true or false').optional(),
    tls_options: tlsOptionsSchema.optional(),
    http_options: httpOptionsSchema.optional(),
    checks: schemas/* array */.YOg(httpCheckSchema, 'expected [[http_service.checks]] tables').optional(),
});
/** `[[services]]` (flyctl Service). */
const serviceSchema = schemas/* strictObject */.rej({
    ...serviceBehaviour,
    protocol: schemas/* enum */.k5n(['tcp', 'udp'], 'expected "tcp" or "udp"').optional(),
    internal_port: port,
    ports: schemas/* array */.YOg(portSchema, 'expected [[services.ports]] tables').optional(),
    tcp_checks: schemas/* array */.YOg(tcpCheckSchema, 'expected [[services.tcp_checks]] tables').optional(),
    http_checks: schemas/* array */.YOg(httpCheckSchema, 'expected [[services.http_checks]] tables').optional(),
});
/** A size read by `parse` (go-units grammar), refused when it yields undefined or zero. */
function size(parse, allowed) {
    return schemas/* union */.KCZ([schemas/* number */.aig(), schemas/* string */.YjP()], `expected ${allowed}`).transform((value, ctx) => {
        const parsed = Number.isSafeInteger(value) || typeof value === 'string' ? parse(String(value)) : undefined;
        if (parsed === undefined || parsed === 0) {
            ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not ${allowed}` });
            return core/* NEVER */.tm;
        }
        return parsed;
    });
}
const memory = size(parseMemoryMb, 'a memory size such as "512mb", "2gb" or a number of megabytes');
/** `[[vm]]` / `[[compute]]` (flyctl Compute with fly-go MachineGuest inlined). */
const computeSchema = schemas/* strictObject */.rej({
    size: schemas/* enum */.k5n([...VM_SIZES.keys()], `expected one of ${[...VM_SIZES.keys()].join(', ')}`).optional(),
    memory: memory.optional(),
    cpu_kind: schemas/* enum */.k5n(['shared', 'performance'], 'expected "shared" or "performance"').optional(),
    cpus: schemas/* int */.Whr('expected a whole number').positive('expected 1 or more').optional(),
    memory_mb: schemas/* int */.Whr('expected a whole number').positive('expected 1 or more').optional(),
    max_memory_mb: schemas/* int */.Whr('expected a whole number').positive('expected 1 or more').optional(),
    kernel_args: schemas/* array */.YOg(schema_text).optional(),
    processes: processList,
});
const volumeSize = size(parseVolumeGb, 'a size such as "10gb" or a number of gigabytes');
/** `[[mounts]]` (flyctl Mount); only the keys that shape the machine's mount. */
const mountSchema = schemas/* strictObject */.rej({
    source: schema_text.min(1, 'expected the volume name'),
    destination: schema_text.startsWith('/', 'expected an absolute path such as "/data"'),
    auto_extend_size_threshold: schemas/* int */.Whr('expected a whole number').optional(),
    auto_extend_size_increment: volumeSize.optional(),
    auto_extend_size_limit: volumeSize.optional(),
    processes: processList,
});
/** `[[statics]]` (flyctl Static). */
const staticSchema = schemas/* strictObject */.rej({
    guest_path: schema_text.min(1, 'expected a path in the image'),
    url_prefix: schema_text.startsWith('/', 'expected a URL path such as "/static"'),
    tigris_bucket: schema_text.optional(),
    index_document: schema_text.optional(),
});
/** `[[files]]` (flyctl File). */
const fileSchema = schemas/* strictObject */.rej({
    guest_path: schema_text.startsWith('/', 'expected an absolute path such as "/etc/app.conf"'),
    raw_value: schema_text.optional(),
    secret_name: schema_text.optional(),
    local_path: schema_text.optional(),
    processes: processList,
});
/** `[[restart]]` (flyctl Restart). */
const restartSchema = schemas/* strictObject */.rej({
    policy: schemas/* enum */.k5n(['always', 'never', 'on-failure'], 'expected "always", "never" or "on-failure"'),
    retries: count.optional(),
    processes: processList,
});
/** `[[metrics]]` (flyctl Metrics with fly-go MachineMetrics inlined). */
const metricsSchema = schemas/* strictObject */.rej({
    port: port,
    path: schema_text.startsWith('/', 'expected a URL path such as "/metrics"'),
    https: schemas/* boolean */.zMY('expected true or false').optional(),
    processes: processList,
});
const deployDuration = duration(undefined, '');
/** `[deploy]` (flyctl Deploy). */
const deploySchema = schemas/* strictObject */.rej({
    strategy: schemas/* enum */.k5n(['rolling', 'canary', 'bluegreen', 'immediate'], 'expected "rolling", "canary", "bluegreen" or "immediate"')
        .optional(),
    max_unavailable: schemas/* number */.aig('expected a fraction such as 0.33 or a whole number of machines')
        .positive('expected more than 0')
        .optional(),
    wait_timeout: deployDuration.optional(),
    release_command: schema_text.optional(),
    release_command_timeout: deployDuration.optional(),
    release_command_vm: computeSchema.omit({ processes: true }).optional(),
});
/**
 * `[build]`. Only `image` is read by fly-deploy; the others are read by flyctl itself when fly-deploy builds the
 * image (`flyctl deploy --build-only`), which validates them.
 */
const buildSchema = schemas/* strictObject */.rej({
    image: schema_text.min(1, 'expected an image reference').optional(),
    builder: schemas/* unknown */.L5J().optional(),
    buildpacks: schemas/* unknown */.L5J().optional(),
    args: schemas/* unknown */.L5J().optional(),
    settings: schemas/* unknown */.L5J().optional(),
    builtin: schemas/* unknown */.L5J().optional(),
    dockerfile: schemas/* unknown */.L5J().optional(),
    ignorefile: schemas/* unknown */.L5J().optional(),
    'build-target': schemas/* unknown */.L5J().optional(),
    build_target: schemas/* unknown */.L5J().optional(),
    compression: schemas/* unknown */.L5J().optional(),
    compression_level: schemas/* unknown */.L5J().optional(),
});
/** flyctl accepts either one table or an array of tables for these sections (patches.go ensureArrayOfMap). */
function oneOrMany(item, tables) {
    return schemas/* preprocess */.vkY((value) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? [value] : value), schemas/* array */.YOg(item, `expected ${tables} tables`))
        .optional();
}
/** A whole fly.toml, as far as fly-deploy applies it. */
const flyTomlSchema = schemas/* strictObject */.rej({
    app: schema_text.min(1, 'expected the app name').optional(),
    primary_region: schema_text.min(1, 'expected a region code such as "ams"').optional(),
    kill_signal: schemas/* enum */.k5n(['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGKILL', 'SIGUSR1', 'SIGUSR2', 'SIGTERM'], 'expected one of SIGINT, SIGTERM, SIGQUIT, SIGUSR1, SIGUSR2, SIGKILL, SIGHUP')
        .optional(),
    kill_timeout: duration(1e9, 'seconds').optional(),
    swap_size_mb: count.optional(),
    console_command: schema_text.optional(),
    build: buildSchema.optional(),
    deploy: deploySchema.optional(),
    env: schemas/* record */.g1P(schema_text, schemas/* union */.KCZ([schema_text, schemas/* number */.aig(), schemas/* boolean */.zMY()], 'expected a string, number or boolean'), 'expected a table of NAME = "value"')
        .optional(),
    processes: schemas/* record */.g1P(schema_text, schema_text, 'expected a table of group = "command"').optional(),
    http_service: httpServiceSchema.optional(),
    services: oneOrMany(serviceSchema, '[[services]]'),
    checks: schemas/* record */.g1P(schema_text, topLevelCheckSchema, 'expected [checks.<name>] tables').optional(),
    mounts: oneOrMany(mountSchema, '[[mounts]]'),
    statics: schemas/* array */.YOg(staticSchema, 'expected [[statics]] tables').optional(),
    files: schemas/* array */.YOg(fileSchema, 'expected [[files]] tables').optional(),
    restart: schemas/* array */.YOg(restartSchema, 'expected [[restart]] tables').optional(),
    vm: oneOrMany(computeSchema, '[[vm]]'),
    compute: oneOrMany(computeSchema, '[[compute]]'),
    metrics: oneOrMany(metricsSchema, '[[metrics]]'),
});

// EXTERNAL MODULE: ./node_modules/smol-toml/dist/index.js + 8 modules
var dist = __webpack_require__(3292);
// EXTERNAL MODULE: ./node_modules/toml-eslint-parser/lib/index.mjs + 3 modules
var lib = __webpack_require__(9605);
;// CONCATENATED MODULE: ./packages/fly-config/src/toml-document.ts


function pathId(path) {
    return JSON.stringify(path);
}
function keyNames(key) {
    return key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value));
}
/** Records the first line each key path appears on, walking tables, dotted keys, inline tables and arrays. */
function indexLines(program) {
    const lines = new Map();
    const forbiddenKeys = [];
    const note = (path, line) => {
        for (let i = 1; i <= path.length; i++) {
            const id = pathId(path.slice(0, i));
            if (lines.has(id))
                continue;
            lines.set(id, line);
            if (path[i - 1] === '__proto__')
                forbiddenKeys.push(path.slice(0, i));
        }
    };
    const visitValue = (node, path) => {
        if (node.type === 'TOMLInlineTable')
            for (const kv of node.body)
                visitKeyValue(kv, path);
        else if (node.type === 'TOMLArray')
            node.elements.forEach((element, i) => {
                note([...path, i], element.loc.start.line);
                visitValue(element, [...path, i]);
            });
    };
    const visitKeyValue = (kv, base) => {
        const path = [...base, ...keyNames(kv.key)];
        note(path, kv.loc.start.line);
        visitValue(kv.value, path);
    };
    for (const item of program.body[0].body) {
        if (item.type === 'TOMLKeyValue')
            visitKeyValue(item, []);
        else {
            note(item.resolvedKey, item.loc.start.line);
            for (const kv of item.body)
                visitKeyValue(kv, item.resolvedKey);
        }
    }
    return { lines, forbiddenKeys };
}
/**
 * Where a path was written. A single `[mounts]` table is read as a one-element array, so a path through index 0
 * that was not written as such is looked up without that index too.
 */
function lineLookup(lines) {
    const exact = (path) => {
        const direct = lines.get(pathId(path));
        if (direct !== undefined)
            return direct;
        const firstIndex = path.indexOf(0);
        if (firstIndex > 0 && !lines.has(pathId(path.slice(0, firstIndex + 1)))) {
            return exact([...path.slice(0, firstIndex), ...path.slice(firstIndex + 1)]);
        }
        return undefined;
    };
    return (path) => {
        for (let end = path.length; end > 0; end--) {
            const line = exact(path.slice(0, end));
            if (line !== undefined)
                return line;
        }
        return undefined;
    };
}
/** The key a syntax error sits on, read from its line (`name = ...`) and the table header above it. */
function keyNear(text, line) {
    const lines = text.split(/\r?\n/);
    const own = /^\s*([A-Za-z0-9_.\-"' ]+?)\s*=/.exec(lines[line - 1] ?? '')?.[1]?.replaceAll(/\s/g, '');
    let table;
    for (let i = line - 2; i >= 0 && table === undefined; i--) {
        table = /^\s*\[{1,2}\s*([^\]]+?)\s*\]{1,2}\s*(#.*)?$/.exec(lines[i] ?? '')?.[1];
    }
    if (own === undefined)
        return '';
    return table === undefined ? own : `${table}.${own}`;
}
/**
 * Reads TOML 1.0 text; a syntax error comes back as one problem with its line, column and, when the line assigns
 * one, its key.
 */
function readTomlDocument(text) {
    let value;
    try {
        value = (0,dist/* parse */.qg)(text);
    }
    catch (e) {
        if (e instanceof dist/* TomlError */.zx) {
            const message = e.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? e.message;
            return { ok: false, problem: { key: keyNear(text, e.line), line: e.line, column: e.column, message } };
        }
        throw e;
    }
    let program;
    try {
        program = (0,lib/* parseTOML */.MD)(text, { tomlVersion: '1.0.0' });
    }
    catch (e) {
        if (e instanceof lib/* ParseError */.mB) {
            // Valid TOML 1.1 but not 1.0 (such as an inline table over several lines, where the line's own key is
            // not a top-level key: none is named). toml-eslint-parser counts columns from 0.
            return {
                ok: false,
                problem: {
                    key: '',
                    line: e.lineNumber,
                    column: e.column + 1,
                    message: `${e.message} (this is TOML 1.1 syntax; flyctl reads TOML 1.0)`,
                },
            };
        }
        throw e;
    }
    const { lines, forbiddenKeys } = indexLines(program);
    return { ok: true, document: { value, forbiddenKeys, lineOf: lineLookup(lines) } };
}

;// CONCATENATED MODULE: ./packages/fly-config/src/unsupported-keys.ts
/**
 * fly.toml keys flyctl reads that fly-deploy does not apply yet, by section (array indexes written as `[]`), with
 * why. A file using one fails naming it: deploying without it would silently run a different app than the file
 * describes. The README lists the same keys.
 */
const UNSUPPORTED_KEYS = new Map([
    [
        '',
        new Map([
            [
                'experimental',
                'its cmd/entrypoint/exec overrides are not applied yet; use [processes] for the command',
            ],
            ['machine_config', 'machine configs from a file (containers) are not applied yet'],
            ['container', 'multi-container machines are not applied yet'],
            ['machine_checks', 'test machines run by flyctl before a deploy are not supported yet'],
            [
                'host_dedication_id',
                'moving machines to dedicated hosts needs machine replacement, which fly-deploy does not do',
            ],
        ]),
    ],
    [
        'build',
        new Map([
            ['compose', 'compose files turn into multi-container machine configs, which are not applied yet'],
        ]),
    ],
    ['deploy', new Map([['seed_command', 'seed commands run by `fly launch` are not supported']])],
    [
        'http_service',
        new Map([['machine_checks', 'test machines run by flyctl before a deploy are not supported yet']]),
    ],
    [
        'services[]',
        new Map([['machine_checks', 'test machines run by flyctl before a deploy are not supported yet']]),
    ],
    [
        'mounts[]',
        new Map([
            ['initial_size', 'fly-deploy does not create volumes; create them with `fly volumes create`'],
            ['snapshot_retention', 'fly-deploy does not create volumes; set it with `fly volumes update`'],
            ['scheduled_snapshots', 'fly-deploy does not create volumes; set it with `fly volumes update`'],
        ]),
    ],
    ...['vm[]', 'compute[]', 'deploy.release_command_vm'].map((section) => [
        section,
        new Map([
            ['gpu_kind', 'GPU machines are not supported (flyctl no longer accepts them either)'],
            ['gpus', 'GPU machines are not supported (flyctl no longer accepts them either)'],
            [
                'host_dedication_id',
                'moving machines to dedicated hosts needs machine replacement, which fly-deploy does not do',
            ],
            [
                'persist_rootfs',
                'deprecated by Fly in favour of the machine rootfs setting, which is not applied yet',
            ],
        ]),
    ]),
]);
/** The section pattern of a key path's parent: indexes become `[]`, e.g. `['services', 0]` → `services[]`. */
function sectionPattern(path) {
    let out = '';
    for (const part of path) {
        if (typeof part === 'number')
            out += '[]';
        else
            out += out === '' ? part : `.${part}`;
    }
    return out;
}

;// CONCATENATED MODULE: ./packages/fly-config/src/model.ts
/** flyctl's default process group name (fly-go `MachineProcessGroupApp`). */
const DEFAULT_GROUP = 'app';
/**
 * The app's process groups: the `[processes]` names sorted, or `["app"]` when there are none (flyctl
 * processgroups.go ProcessNames).
 */
function processNames(config) {
    const names = [...config.processes.keys()];
    return names.length === 0 ? [DEFAULT_GROUP] : names.sort();
}
/** The group a section with no `processes` belongs to: `app` when defined, else the first name (DefaultProcessName). */
function defaultProcessName(config) {
    const names = processNames(config);
    return names.includes(DEFAULT_GROUP) ? DEFAULT_GROUP : names[0];
}
/**
 * Whether a section with this `processes` list applies to `group`: an empty or missing list means the default group
 * only (flyctl processgroups.go flattenGroupsMatch). `[[vm]]` differs; see {@link computeForGroup}.
 */
function appliesToGroup(config, processes, group) {
    if (processes === undefined || processes.length === 0)
        return group === defaultProcessName(config);
    return processes.includes(group);
}
/**
 * The `[[vm]]` that sizes `group` (flyctl processgroups.go ComputeForGroup): among sections naming the group or
 * naming none, the last one that names it, else the first one.
 */
function computeForGroup(config, group) {
    const candidates = config.compute.filter((c) => (c.processes ?? []).length === 0 || appliesToGroup(config, c.processes, group));
    let chosen = candidates[0];
    for (const candidate of candidates.slice(1))
        if (candidate.processes?.includes(group))
            chosen = candidate;
    return chosen;
}
/** The services of a group in flyctl's order: `[http_service]` first, then `[[services]]` (service.go AllServices). */
function servicesForGroup(config, group) {
    const httpService = config.http_service !== undefined && appliesToGroup(config, config.http_service.processes, group)
        ? config.http_service
        : undefined;
    return { httpService, services: config.services.filter((s) => appliesToGroup(config, s.processes, group)) };
}

;// CONCATENATED MODULE: ./packages/fly-config/src/validate.ts


// flyctl deploy.go warns about [env] names that look like secrets (common_secrets.go).
const SECRET_LOOKING = ['KEY', 'PRIVATE', 'DATABASE_URL', 'PASSWORD', 'SECRET'];
const NOT_SECRET = new Set(['AWS_ACCESS_KEY_ID', 'TIGRIS_ACCESS_KEY_ID']);
const SECOND = 1e9;
function checkGroupReferences(config, path, processes, out) {
    const names = processNames(config);
    (processes ?? []).forEach((name, i) => {
        if (!names.includes(name)) {
            out.push({
                path: [...path, 'processes', i],
                message: `process group ${JSON.stringify(name)} is not defined; the app's groups are ${names.map((n) => JSON.stringify(n)).join(', ')}`,
            });
        }
    });
}
function checkServiceDurations(path, check, out) {
    // Fly raises service check durations below 1 s to 1 s and lowers those above 1 min (validation.go).
    for (const key of ['interval', 'timeout']) {
        const value = check[key];
        if (value !== undefined && (value < SECOND || value > 60 * SECOND)) {
            out.push({
                path: [...path, key],
                message: 'Fly keeps service check durations between 1s and 1m; it will round this',
                warning: true,
            });
        }
    }
}
function checkHttpCheckPath(path, check, out) {
    // Stricter than flyctl, which sends the check without a path: what such a check requests is left to Fly, and a
    // health gate that does not say what it asks for cannot be trusted.
    if (check.path === undefined || check.path === '') {
        out.push({ path: [...path, 'path'], message: 'an HTTP check needs a path, e.g. path = "/health"' });
    }
    else if (!check.path.startsWith('/')) {
        out.push({
            path: [...path, 'path'],
            message: `expected a URL path starting with "/", got ${JSON.stringify(check.path)}`,
        });
    }
}
/**
 * Runs every cross-section rule; returns all findings, errors and warnings alike. `parsed` is the file as typed,
 * for the sections `config` merges (`[[vm]]` and `[[compute]]`).
 */
function crossSectionFindings(config, parsed) {
    const out = [];
    const groups = processNames(config);
    const processCount = config.processes.size;
    for (const [name, command] of config.processes) {
        if (name === '')
            out.push({ path: ['processes', name], message: 'a process group needs a name' });
        if (splitCommandLine(command) === undefined) {
            out.push({
                path: ['processes', name],
                message: 'the command cannot be split into words: check its quotes',
            });
        }
    }
    for (const name of config.env.keys()) {
        if (!NOT_SECRET.has(name) && SECRET_LOOKING.some((s) => name.includes(s))) {
            out.push({
                path: ['env', name],
                message: 'looks like a secret: set it with the `secrets` input instead of [env], which is stored in plain text',
                warning: true,
            });
        }
    }
    const serviceSections = [
        ...(config.http_service === undefined
            ? []
            : [{ path: ['http_service'], processes: config.http_service.processes, ports: [80, 443] }]),
        ...config.services.map((s, i) => ({ path: ['services', i], processes: s.processes, ports: s.ports })),
    ];
    for (const section of serviceSections) {
        // validation.go validateServicesSection.
        if ((section.processes ?? []).length === 0 && processCount > 0) {
            out.push({
                path: section.path,
                message: `the app defines ${processCount} process groups; set processes = [...] to say which ones this service is for`,
            });
        }
        checkGroupReferences(config, section.path, section.processes, out);
        if ((section.ports ?? []).length === 0) {
            out.push({
                path: section.path,
                message: 'a service with no [[services.ports]] receives no traffic',
                warning: true,
            });
        }
    }
    config.http_service?.checks?.forEach((check, i) => {
        checkHttpCheckPath(['http_service', 'checks', i], check, out);
        checkServiceDurations(['http_service', 'checks', i], check, out);
    });
    config.services.forEach((service, s) => {
        service.http_checks?.forEach((check, i) => {
            checkHttpCheckPath(['services', s, 'http_checks', i], check, out);
            checkServiceDurations(['services', s, 'http_checks', i], check, out);
        });
        service.tcp_checks?.forEach((check, i) => checkServiceDurations(['services', s, 'tcp_checks', i], check, out));
    });
    for (const [name, check] of config.checks) {
        const path = ['checks', name];
        // toplevelcheck.go toMachineCheck; validation.go validateChecksSection for the duration bounds.
        if (check.type === undefined)
            out.push({ path: [...path, 'type'], message: 'a check needs type = "http" or "tcp"' });
        if (check.type === 'http')
            checkHttpCheckPath(path, check, out);
        if (check.interval !== undefined && check.interval < 2 * SECOND) {
            out.push({
                path: [...path, 'interval'],
                message: 'is too short: Fly runs machine checks at most every 2s',
            });
        }
        if (check.timeout !== undefined && check.timeout > 60 * SECOND) {
            out.push({ path: [...path, 'timeout'], message: 'is too long: Fly allows machine checks at most 60s' });
        }
        checkGroupReferences(config, path, check.processes, out);
        if (check.port === undefined) {
            // machines.go updateMachineConfig: the port comes from the group's [http_service].
            for (const group of groups.filter((g) => appliesToGroup(config, check.processes, g))) {
                if (servicesForGroup(config, group).httpService === undefined) {
                    out.push({
                        dependsOn: ['http_service'],
                        path: [...path, 'port'],
                        message: `has no port, and process group ${JSON.stringify(group)} has no [http_service] to take it from`,
                    });
                }
            }
        }
    }
    // Stricter than flyctl for these sections (it checks only [[restart]]): a section naming an undefined group
    // applies to no machine, which is always a typo.
    config.mounts.forEach((m, i) => checkGroupReferences(config, ['mounts', i], m.processes, out));
    config.files.forEach((f, i) => checkGroupReferences(config, ['files', i], f.processes, out));
    config.restart.forEach((r, i) => checkGroupReferences(config, ['restart', i], r.processes, out));
    config.metrics.forEach((m, i) => checkGroupReferences(config, ['metrics', i], m.processes, out));
    for (const group of groups) {
        const mounts = config.mounts.filter((m) => appliesToGroup(config, m.processes, group));
        if (mounts.length > 1) {
            out.push({
                path: ['mounts'],
                message: `process group ${JSON.stringify(group)} has ${mounts.length} [[mounts]]; a machine mounts one volume`,
            });
        }
    }
    config.mounts.forEach((m, i) => {
        // validation.go validateMounts: auto-extension needs all three bounds in range.
        const threshold = m.auto_extend_size_threshold;
        const increment = m.auto_extend_size_increment;
        const limit = m.auto_extend_size_limit;
        if (threshold === undefined && increment === undefined && limit === undefined)
            return;
        if (threshold === undefined || threshold < 50 || threshold > 99) {
            out.push({
                path: ['mounts', i, 'auto_extend_size_threshold'],
                message: 'expected a percentage from 50 to 99 when the volume auto-extends',
            });
        }
        if (increment === undefined || increment < 1 || increment > 100) {
            out.push({
                path: ['mounts', i, 'auto_extend_size_increment'],
                message: 'expected 1gb to 100gb when the volume auto-extends',
            });
        }
        if (limit !== undefined && limit > 500) {
            out.push({ path: ['mounts', i, 'auto_extend_size_limit'], message: 'expected at most 500gb' });
        }
    });
    for (const key of ['vm', 'compute']) {
        (parsed[key] ?? []).forEach((c, i) => checkGroupReferences(config, [key, i], c.processes, out));
    }
    // The same bounds as fly-deploy's inputs of the same name: a zero wait would fail every machine at once.
    const bounds = [
        ['wait_timeout', config.deploy.wait_timeout, 3600],
        ['release_command_timeout', config.deploy.release_command_timeout, 7200],
    ];
    for (const [key, value, maxSeconds] of bounds) {
        if (value !== undefined && (value < SECOND || value > maxSeconds * SECOND)) {
            out.push({ path: ['deploy', key], message: `expected from 1s to ${maxSeconds / 3600}h` });
        }
    }
    const releaseCommand = config.deploy.release_command;
    if (releaseCommand !== undefined && splitCommandLine(releaseCommand) === undefined) {
        out.push({
            path: ['deploy', 'release_command'],
            message: 'the command cannot be split into words: check its quotes',
        });
    }
    // validation.go refuses canary with volumes; blue-green needs a second set of machines, hence volumes, too.
    const strategy = config.deploy.strategy;
    if ((strategy === 'canary' || strategy === 'bluegreen') && config.mounts.length > 0) {
        out.push({
            path: ['deploy', 'strategy'],
            message: `the ${strategy} strategy cannot be used by an app with [[mounts]]: its volumes cannot be attached to extra machines; use "rolling" or "immediate"`,
        });
    }
    return out;
}

;// CONCATENATED MODULE: ./packages/fly-config/src/load.ts










/** Largest fly.toml read; real ones are a few kilobytes, and a bigger file is a mistake or an attack. */
const MAX_FLY_TOML_BYTES = 1024 * 1024;
function valueAt(root, keyPath) {
    let node = root;
    for (const part of keyPath) {
        if (node === null || typeof node !== 'object')
            return undefined;
        node = node[part];
    }
    return node;
}
function asKeyPath(zodPath) {
    return zodPath.map((p) => (typeof p === 'number' ? p : String(p)));
}
/** One zod issue as fly.toml problems: each unknown key on its own, and a missing key said to be missing. */
function issueProblems(issue, document) {
    const at = asKeyPath(issue.path);
    const problem = (keyPath, message) => ({
        key: formatKeyPath(keyPath),
        line: document.lineOf(keyPath),
        message,
    });
    if (issue.code === 'unrecognized_keys') {
        const unsupported = UNSUPPORTED_KEYS.get(sectionPattern(at));
        return issue.keys.map((key) => {
            const reason = unsupported?.get(key);
            return problem([...at, key], reason === undefined
                ? 'is not a fly.toml key fly-deploy knows in this section; check its spelling (see the fly.toml section of the README)'
                : `is not supported by fly-deploy yet: ${reason}`);
        });
    }
    const value = valueAt(document.value, issue.path);
    if (value === undefined)
        return [problem(at, `is missing; ${issue.message}`)];
    // Scalars are named so the reader sees what was refused; tables and lists are located by their line instead.
    const shown = ['string', 'number', 'boolean'].includes(typeof value) ? JSON.stringify(value) : undefined;
    const named = shown === undefined || issue.message.includes(shown) ? issue.message : `${issue.message}; got ${shown}`;
    return [problem(at, named)];
}
function settleFile(file, index, options, report) {
    const sources = ['raw_value', 'secret_name', 'local_path'].filter((k) => file[k] !== undefined);
    if (sources.length !== 1) {
        report(['files', index], `expected exactly one of raw_value, secret_name or local_path, got ${sources.length === 0 ? 'none' : sources.join(', ')}`);
        return undefined;
    }
    const base = { guest_path: file.guest_path, processes: file.processes };
    // flyctl config.go toMachineFile: raw_value and local_path contents are sent base64-encoded.
    if (file.raw_value !== undefined)
        return { ...base, content: { raw_value: Buffer.from(file.raw_value).toString('base64') } };
    if (file.secret_name !== undefined)
        return { ...base, content: { secret_name: file.secret_name } };
    const localPath = file.local_path;
    if (options.readLocalFile === undefined) {
        report(['files', index, 'local_path'], 'cannot be read here');
        return undefined;
    }
    try {
        return { ...base, content: { raw_value: options.readLocalFile(localPath).toString('base64') } };
    }
    catch (e) {
        report(['files', index, 'local_path'], `could not be read: ${(0,src/* errorMessage */.gJ)(e)}`);
        return undefined;
    }
}
/**
 * Reads fly.toml text: TOML 1.0 syntax, then every key's type, then the rules that span sections. Every problem
 * is collected and thrown at once, each naming its key and line, before anything talks to Fly.
 *
 * @throws FlyTomlError listing every problem.
 */
function parseFlyToml(text, options) {
    const read = readTomlDocument(text);
    if (!read.ok)
        throw new FlyTomlError(options.file, [read.problem]);
    const { document } = read;
    const problems = document.forbiddenKeys.map((keyPath) => ({
        key: formatKeyPath(keyPath),
        line: document.lineOf(keyPath),
        message: 'the key __proto__ is not allowed',
    }));
    if (problems.length > 0)
        throw new FlyTomlError(options.file, problems);
    // Each top-level section is typed on its own, so one bad section does not hide the rules of the others.
    const invalidSections = new Set();
    const sections = {};
    const shape = flyTomlSchema.shape;
    for (const [key, raw] of Object.entries(document.value)) {
        const schema = shape[key];
        if (schema === undefined) {
            problems.push(...issueProblems({ code: 'unrecognized_keys', keys: [key], path: [], message: '', input: undefined }, document));
            continue;
        }
        const typed = schema.safeParse(raw);
        if (typed.success)
            sections[key] = typed.data;
        else {
            invalidSections.add(key);
            problems.push(...typed.error.issues.flatMap((i) => issueProblems({ ...i, path: [key, ...i.path] }, document)));
        }
    }
    const parsed = sections;
    const report = (keyPath, message) => {
        problems.push({ key: formatKeyPath(keyPath), line: document.lineOf(keyPath), message });
    };
    const files = (parsed.files ?? []).map((f, i) => settleFile(f, i, options, report));
    const config = {
        file: options.file,
        sha256: (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex'),
        app: parsed.app,
        primary_region: parsed.primary_region,
        kill_signal: parsed.kill_signal,
        kill_timeout: parsed.kill_timeout,
        swap_size_mb: parsed.swap_size_mb,
        image: parsed.build?.image,
        deploy: parsed.deploy ?? {},
        // flyctl's patches turn non-string [env] values into text (patches.go _patchEnv).
        env: new Map(Object.entries(parsed.env ?? {}).map(([k, v]) => [k, String(v)])),
        processes: new Map(Object.entries(parsed.processes ?? {})),
        http_service: parsed.http_service,
        services: parsed.services ?? [],
        checks: new Map(Object.entries(parsed.checks ?? {})),
        mounts: parsed.mounts ?? [],
        statics: parsed.statics ?? [],
        files: files.filter((f) => f !== undefined),
        restart: parsed.restart ?? [],
        compute: [...(parsed.vm ?? []), ...(parsed.compute ?? [])],
        metrics: parsed.metrics ?? [],
    };
    const warnings = [];
    // With [processes] invalid every group-based rule would mislead, so only its own problems are reported.
    const readsInvalid = (finding) => invalidSections.has('processes') ||
        [String(finding.path[0]), ...(finding.dependsOn ?? [])].some((section) => invalidSections.has(section));
    for (const finding of crossSectionFindings(config, parsed)) {
        if (readsInvalid(finding))
            continue;
        const located = {
            key: formatKeyPath(finding.path),
            line: document.lineOf(finding.path),
            message: finding.message,
        };
        (finding.warning === true ? warnings : problems).push(located);
    }
    if (problems.length > 0)
        throw new FlyTomlError(options.file, problems);
    return { config, warnings };
}
/**
 * Reads and validates a fly.toml from disk. `[[files]] local_path` entries are read relative to the file's folder.
 *
 * @param file Path of the fly.toml.
 * @param displayName How messages name it (defaults to `file`).
 * @throws FlyTomlError when it cannot be read or is invalid, listing every problem.
 */
async function loadFlyToml(file, displayName = file) {
    let text;
    try {
        const info = await (0,promises_.stat)(file);
        if (!info.isFile())
            throw new Error('it is not a file');
        if (info.size > MAX_FLY_TOML_BYTES)
            throw new Error(`it is ${info.size} bytes; a fly.toml is at most ${MAX_FLY_TOML_BYTES}`);
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (e) {
        throw new FlyTomlError(displayName, [{ key: '', message: `could not be read: ${(0,src/* errorMessage */.gJ)(e)}` }]);
    }
    const folder = external_node_path_default().dirname(file);
    return parseFlyToml(text, {
        file: displayName,
        readLocalFile: (localPath) => readFileSyncCapped(external_node_path_default().resolve(folder, localPath)),
    });
}
function readFileSyncCapped(file) {
    // Machine files travel inside the machine config; Fly caps a config at 1 MiB, so a larger file cannot be sent.
    const info = (0,external_node_fs_.statSync)(file);
    if (info.size > MAX_FLY_TOML_BYTES)
        throw new Error(`${file} is ${info.size} bytes; files sent with a machine config are at most ${MAX_FLY_TOML_BYTES}`);
    return (0,external_node_fs_.readFileSync)(file);
}

;// CONCATENATED MODULE: ./packages/fly-config/src/machine-config.ts



// fly.toml → `fly.MachineConfig`, following superfly/flyctl internal/appconfig machines.go updateMachineConfig
// section by section (the order below is its order). Where we send something else, the reason is given there:
//  - no `fly_flyctl_version` metadata: this is not flyctl, and claiming a version of it would mislead;
//  - `autostop` as the string the spec defines ("off"/"stop"/"suspend"), where fly-go still sends booleans for the
//    first two (the API accepts both);
//  - no `force_instance_key: null` (fly-go sends it for lack of omitempty; the spec types it as a string);
//  - `[[files]]` follow their `processes` as Fly's docs say; flyctl's deploy merges every file into every group
//    (deploy/machines.go calls MergeFiles on the unflattened config).
/** Metadata key of a machine's process group (fly-go `MachineConfigMetadataKeyFlyProcessGroup`). */
const PROCESS_GROUP_METADATA = 'fly_process_group';
/** Metadata key of the platform version; `v2` marks Machines apps (fly-go). */
const PLATFORM_VERSION_METADATA = 'fly_platform_version';
/** Process group of flyctl's release-command machines (fly-go `MachineProcessGroupFlyAppReleaseCommand`). */
const RELEASE_COMMAND_GROUP = 'fly_app_release_command';
function machine_config_duration(ns) {
    return ns === undefined ? undefined : formatGoDuration(ns);
}
/** Drops keys whose value is undefined, as Go's `omitempty` leaves nil fields out of the JSON. */
function compact(value) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
function headerList(headers) {
    const entries = Object.entries(headers ?? {});
    return entries.length === 0
        ? undefined
        : entries.map(([name, value]) => ({ name, values: [String(value)] }));
}
function machine_config_autostop(value) {
    if (value === undefined)
        return undefined;
    if (typeof value === 'boolean')
        return value ? 'stop' : 'off';
    return value;
}
/** A service's HTTP check (service.go ServiceHTTPCheck.toMachineCheck): the method is sent as written. */
function serviceHttpCheck(check) {
    return compact({
        type: 'http',
        interval: machine_config_duration(check.interval),
        timeout: machine_config_duration(check.timeout),
        grace_period: machine_config_duration(check.grace_period),
        method: check.method,
        path: check.path,
        protocol: check.protocol,
        tls_skip_verify: check.tls_skip_verify,
        tls_server_name: check.tls_server_name,
        headers: headerList(check.headers),
    });
}
function serviceTcpCheck(check) {
    return compact({
        type: 'tcp',
        interval: machine_config_duration(check.interval),
        timeout: machine_config_duration(check.timeout),
        grace_period: machine_config_duration(check.grace_period),
    });
}
/** `[http_service]` as the service flyctl makes of it (service.go HTTPService.ToService): ports 80 and 443. */
function httpServiceToService(http) {
    return {
        protocol: 'tcp',
        internal_port: http.internal_port,
        concurrency: http.concurrency,
        processes: http.processes,
        http_checks: http.checks,
        ports: [
            { port: 80, handlers: ['http'], force_https: http.force_https, http_options: http.http_options },
            {
                port: 443,
                handlers: ['http', 'tls'],
                http_options: http.http_options,
                tls_options: http.tls_options,
            },
        ],
        auto_stop_machines: http.auto_stop_machines,
        auto_start_machines: http.auto_start_machines,
        min_machines_running: http.min_machines_running,
    };
}
/** One `fly.MachineService` (service.go toMachineService): TCP checks first, then HTTP checks. */
function toMachineService(service) {
    const checks = [
        ...(service.tcp_checks ?? []).map(serviceTcpCheck),
        ...(service.http_checks ?? []).map(serviceHttpCheck),
    ];
    return compact({
        protocol: service.protocol,
        internal_port: service.internal_port,
        // Go's omitempty drops `force_https = false` from each port.
        ports: service.ports?.map((p) => compact({ ...p, force_https: p.force_https === true ? true : undefined })),
        concurrency: service.concurrency === undefined ? undefined : compact({ ...service.concurrency }),
        autostop: machine_config_autostop(service.auto_stop_machines),
        autostart: service.auto_start_machines,
        min_machines_running: service.min_machines_running,
        checks: checks.length === 0 ? undefined : checks,
    });
}
/** A `[checks.<name>]` entry as `fly.MachineCheck` (toplevelcheck.go toMachineCheck): the method upper-cased. */
function toMachineCheck(check, port) {
    return compact({
        type: check.type,
        port,
        interval: machine_config_duration(check.interval),
        timeout: machine_config_duration(check.timeout),
        grace_period: machine_config_duration(check.grace_period),
        method: check.method?.toUpperCase(),
        path: check.path,
        protocol: check.protocol,
        tls_skip_verify: check.tls_skip_verify,
        tls_server_name: check.tls_server_name,
        headers: headerList(check.headers),
    });
}
/** The process command of a group, split as flyctl splits it (processgroups.go InitCmd). */
function initCommand(config, group) {
    const command = config.processes.get(group);
    if (command === undefined || command === '')
        return undefined;
    return splitCommandLine(command);
}
function setOrDelete(target, key, value) {
    if (value === undefined)
        delete target[key];
    else
        target[key] = value;
}
/** `kill_signal`/`kill_timeout` as `stop_config` (machines.go tomachineSetStopConfig). */
function stopConfig(config) {
    if (config.kill_signal === undefined && config.kill_timeout === undefined)
        return undefined;
    return compact({ timeout: machine_config_duration(config.kill_timeout), signal: config.kill_signal });
}
/** The `[[files]]` of a group as `fly.File`s. */
function filesFor(config, group) {
    const files = config.files
        .filter((f) => group === undefined || appliesToGroup(config, f.processes, group))
        .map((f) => ({ guest_path: f.guest_path, ...f.content }));
    return files.length === 0 ? undefined : files;
}
/**
 * The machine config fly.toml gives `group`, laid over `base` (a live machine's config, or nothing for a new
 * machine) the way flyctl's ToMachineConfig/updateMachineConfig does: every section fly.toml owns (services,
 * checks, env, init command, metadata group, statics, mounts, stop config, files, metrics, restart policy) is
 * replaced, `guest` only when a `[[vm]]` sizes the group, and everything else (image, DNS, schedule, standbys,
 * auto_destroy, rootfs, containers, ...) is kept from `base`. `image`, when given, replaces the image.
 *
 * Mounts here are fly.toml's; {@link machineConfigForUpdate} reconciles them with the volume already attached.
 */
function machineConfigForGroup(config, group, base, image) {
    const out = base === undefined ? {} : structuredClone(base);
    const metrics = config.metrics.find((m) => appliesToGroup(config, m.processes, group));
    setOrDelete(out, 'metrics', metrics === undefined
        ? undefined
        : compact({ port: metrics.port, path: metrics.path, https: metrics.https === true ? true : undefined }));
    const init = { ...(out['init'] ?? {}) };
    delete init['entrypoint'];
    delete init['exec'];
    setOrDelete(init, 'cmd', initCommand(config, group));
    setOrDelete(init, 'swap_size_mb', config.swap_size_mb);
    out['init'] = init;
    out['metadata'] = {
        ...(out['metadata'] ?? {}),
        [PLATFORM_VERSION_METADATA]: 'v2',
        [PROCESS_GROUP_METADATA]: group,
    };
    const { httpService, services } = servicesForGroup(config, group);
    const allServices = [
        ...(httpService === undefined ? [] : [httpServiceToService(httpService)]),
        ...services,
    ];
    setOrDelete(out, 'services', allServices.length === 0 ? undefined : allServices.map(toMachineService));
    const checks = [...config.checks].filter(([, c]) => appliesToGroup(config, c.processes, group));
    setOrDelete(out, 'checks', checks.length === 0
        ? undefined
        : Object.fromEntries(checks.map(([name, check]) => {
            // Validation refuses a check with no port in a group without [http_service]; see validate.ts.
            const port = check.port ?? httpService?.internal_port;
            if (port === undefined)
                throw new Error(`check ${name} has no port for group ${group}`);
            return [name, toMachineCheck(check, port)];
        })));
    const env = new Map(config.env);
    env.set('FLY_PROCESS_GROUP', group);
    if (config.primary_region !== undefined)
        env.set('PRIMARY_REGION', config.primary_region);
    out['env'] = Object.fromEntries(env);
    // fly-go's Static has no omitempty: every field is always sent.
    setOrDelete(out, 'statics', config.statics.length === 0
        ? undefined
        : config.statics.map((s) => ({
            guest_path: s.guest_path,
            url_prefix: s.url_prefix,
            tigris_bucket: s.tigris_bucket ?? '',
            index_document: s.index_document ?? '',
        })));
    const mounts = config.mounts
        .filter((m) => appliesToGroup(config, m.processes, group))
        .map((m) => compact({
        path: m.destination,
        name: m.source,
        extend_threshold_percent: m.auto_extend_size_threshold || undefined,
        add_size_gb: m.auto_extend_size_increment || undefined,
        size_gb_limit: m.auto_extend_size_limit || undefined,
    }));
    setOrDelete(out, 'mounts', mounts.length === 0 ? undefined : mounts);
    setOrDelete(out, 'stop_config', stopConfig(config));
    setOrDelete(out, 'files', filesFor(config, group));
    const compute = computeForGroup(config, group);
    if (compute !== undefined)
        out['guest'] = computeToGuest(compute);
    // The last [[restart]] for the group wins (flyctl assigns in a loop); none removes the policy.
    const restart = config.restart.filter((r) => appliesToGroup(config, r.processes, group)).at(-1);
    setOrDelete(out, 'restart', restart === undefined
        ? undefined
        : compact({
            policy: restart.policy === 'never' ? 'no' : restart.policy,
            max_retries: restart.retries || undefined,
        }));
    if (image !== undefined)
        out['image'] = image;
    return out;
}
/**
 * The config of the temporary machine that runs `[deploy] release_command` (flyctl machines.go
 * ToReleaseMachineConfig): the command as init cmd, never restarted, destroyed when done, out of DNS, with the
 * app's env plus `RELEASE_COMMAND=1`, and sized by `[deploy] release_command_vm` when given.
 *
 * @param command The command line to run instead of fly.toml's (the `release-command` input).
 * @returns undefined when there is no release command.
 */
function releaseCommandMachineConfig(config, image, command = config.deploy.release_command) {
    if (command === undefined || command === '')
        return undefined;
    const env = new Map(config.env);
    env.set('RELEASE_COMMAND', '1');
    env.set('FLY_PROCESS_GROUP', RELEASE_COMMAND_GROUP);
    if (config.primary_region !== undefined)
        env.set('PRIMARY_REGION', config.primary_region);
    const vm = config.deploy.release_command_vm;
    return compact({
        image,
        init: compact({ cmd: splitCommandLine(command), swap_size_mb: config.swap_size_mb }),
        restart: { policy: 'no' },
        auto_destroy: true,
        dns: { skip_registration: true },
        metadata: { [PLATFORM_VERSION_METADATA]: 'v2', [PROCESS_GROUP_METADATA]: RELEASE_COMMAND_GROUP },
        env: Object.fromEntries(env),
        stop_config: stopConfig(config),
        files: filesFor(config, undefined),
        guest: vm === undefined ? undefined : computeToGuest(vm),
    });
}
/** The guest flyctl gives a new machine no `[[vm]]` sizes (deploy.go: flag.GetMachineGuest with no flags). */
function defaultGuest() {
    return { ...VM_SIZES.get(DEFAULT_VM_SIZE) };
}

;// CONCATENATED MODULE: ./packages/fly-config/src/rollout-plan.ts


/**
 * A machine's process group as fly-go reads it (`MachineConfig.ProcessGroup`): `fly_process_group`, else the
 * older `process_group`, else empty.
 */
function machineProcessGroup(machine) {
    const metadata = machine.config?.metadata ?? {};
    return metadata[PROCESS_GROUP_METADATA] || metadata['process_group'] || '';
}
/**
 * Compares fly.toml's process groups with the app's machines (flyctl resolveProcessGroupChanges). A machine with
 * no process group metadata belongs to the default group. New groups get machines as flyctl's high-availability
 * default gives them (deployCreateMachinesForGroups): one machine when the group mounts a volume, two when it has
 * services, otherwise one and a standby; `highAvailability: false` gives one machine each (flyctl `--ha=false`).
 *
 * @param onlyGroups Limit to these groups (fly-deploy's `process-groups` filter), as flyctl's ProcessNames does.
 */
function planProcessGroups(config, machines, options = {}) {
    const wanted = processNames(config).filter((g) => options.onlyGroups === undefined || options.onlyGroups.length === 0 || options.onlyGroups.includes(g));
    const withMachines = new Set();
    const groupsGone = new Map();
    for (const machine of machines) {
        // A machine with no group is deployed as the default group (flyctl's ToMachineConfig("") does the same when
        // it updates one; its resolveProcessGroupChanges would destroy it, which fly-deploy never does).
        const group = machineProcessGroup(machine) || defaultProcessName(config);
        if (wanted.includes(group))
            withMachines.add(group);
        else if (!processNames(config).includes(group))
            groupsGone.set(group, [...(groupsGone.get(group) ?? []), machine.id]);
    }
    const groupsNeedingMachines = wanted.filter((g) => !withMachines.has(g)).sort();
    const machinesToCreate = groupsNeedingMachines.flatMap((group) => {
        const primary = { group, role: 'primary' };
        if (options.highAvailability === false)
            return [primary];
        const hasMounts = machineConfigForGroup(config, group).mounts !== undefined;
        if (hasMounts)
            return [primary];
        const { httpService, services } = servicesForGroup(config, group);
        return [
            primary,
            { group, role: httpService !== undefined || services.length > 0 ? 'second' : 'standby' },
        ];
    });
    return { groupsNeedingMachines, machinesToCreate, groupsGone };
}
/**
 * The config to send to an existing machine (flyctl launchInputForUpdate): fly.toml's config for the machine's
 * group over its live config, with the new image. The attached volume stays: a machine keeps its volume and only
 * its mount path and auto-extension follow fly.toml. Where flyctl would replace the machine (a volume added,
 * removed or renamed in fly.toml), fly-deploy refuses instead: replacing a machine with a volume loses its data,
 * and no rollback can bring it back.
 */
function machineConfigForUpdate(config, machine, image) {
    const live = machine.config ?? {};
    // A machine with no group is fitted to the default group, as flyctl's ToMachineConfig("") does.
    const group = machineProcessGroup(machine) || defaultProcessName(config);
    const next = machineConfigForGroup(config, group, live, image);
    const notes = [];
    const liveMounts = (live.mounts ?? []);
    const nextMounts = (next.mounts ?? []);
    const wanted = nextMounts[0];
    const attached = liveMounts[0];
    if (attached !== undefined) {
        if (wanted === undefined) {
            return {
                ok: false,
                reason: `machine ${machine.id} has volume ${attached.volume ?? attached.name ?? '?'} attached but fly.toml mounts none for its group; fly-deploy does not replace machines with volumes: keep the [[mounts]] section, or move the machine off the volume yourself`,
            };
        }
        if (attached.name && attached.name !== wanted.name) {
            return {
                ok: false,
                reason: `machine ${machine.id} has volume "${attached.name}" attached but fly.toml mounts "${wanted.name}"; a machine cannot change volumes in place and fly-deploy does not replace machines with volumes`,
            };
        }
        const kept = { ...attached };
        if (attached.name && attached.path !== wanted.path) {
            notes.push(`machine ${machine.id}: volume ${attached.volume ?? attached.name} moves from ${attached.path ?? '?'} to ${wanted.path ?? '?'} (fly.toml [[mounts]] destination)`);
            kept.path = wanted.path;
        }
        // The auto-extension settings always follow fly.toml, as in flyctl.
        for (const key of ['extend_threshold_percent', 'add_size_gb', 'size_gb_limit']) {
            if (wanted[key] === undefined)
                delete kept[key];
            else
                kept[key] = wanted[key];
        }
        next.mounts = [kept, ...liveMounts.slice(1)];
    }
    else if (wanted !== undefined) {
        return {
            ok: false,
            reason: `fly.toml mounts volume "${wanted.name}" but machine ${machine.id} has none; a volume can only be attached to a new machine: create the machine with its volume yourself (fly machine clone --attach-volume), then deploy`,
        };
    }
    // A standby that now serves traffic stops being a standby (launchInputForUpdate).
    const standbys = next.standbys;
    if ((next.services ?? []).length > 0 && Array.isArray(standbys) && standbys.length > 0) {
        delete next.standbys;
        if (next.env !== undefined)
            delete next.env['FLY_STANDBY_FOR'];
    }
    return { ok: true, config: next, notes };
}
/**
 * The config of a machine to create for a new process group (flyctl launchInputForLaunch): fly.toml's config for
 * the group with the image, the default guest when no `[[vm]]` sizes it, and for a standby the machine it stands
 * in for. A group that mounts a volume is refused: fly-deploy does not look up or create volumes.
 *
 * @param standbyFor The primary's machine id, for a standby.
 */
function machineConfigForNewMachine(config, group, image, standbyFor) {
    const next = machineConfigForGroup(config, group, undefined, image);
    if (next.mounts !== undefined) {
        return {
            ok: false,
            reason: `process group "${group}" mounts a volume; fly-deploy does not create machines with volumes: create its first machine with \`fly machine run --volume\` or \`fly deploy\`, then deploy`,
        };
    }
    const out = next;
    out.guest ??= defaultGuest();
    if (standbyFor !== undefined) {
        out.standbys = [standbyFor];
        out.env = { ...(out.env ?? {}), FLY_STANDBY_FOR: standbyFor };
    }
    // flyctl creates new machines in the primary region.
    const region = config.primary_region;
    return {
        ok: true,
        config: out,
        region,
        notes: region === undefined
            ? [`fly.toml has no primary_region: Fly picks the region of the new ${group} machine`]
            : [],
    };
}

;// CONCATENATED MODULE: ./packages/fly-config/src/deploy-settings.ts
/** The fly.toml key of each setting. */
const DEPLOY_SETTING_KEYS = {
    app: 'app',
    strategy: 'deploy.strategy',
    maxUnavailable: 'deploy.max_unavailable',
    waitTimeoutMs: 'deploy.wait_timeout',
    releaseCommand: 'deploy.release_command',
    releaseCommandTimeoutMs: 'deploy.release_command_timeout',
    image: 'build.image',
};
function nsToMs(ns) {
    return ns === undefined ? undefined : Math.round(ns / 1e6);
}
/** The values fly.toml gives each setting (undefined where it says nothing). */
function flyTomlDeploySettings(config) {
    return {
        app: config.app,
        strategy: config.deploy.strategy,
        maxUnavailable: config.deploy.max_unavailable,
        waitTimeoutMs: nsToMs(config.deploy.wait_timeout),
        releaseCommand: config.deploy.release_command,
        releaseCommandTimeoutMs: nsToMs(config.deploy.release_command_timeout),
        image: config.image,
    };
}
/**
 * Merges the inputs given explicitly over fly.toml's values over the defaults, setting by setting.
 *
 * @param explicit Inputs the workflow set (undefined or absent when not given: an input left at its default
 *   must not hide fly.toml's value).
 * @param config The fly.toml, when there is one.
 * @param defaults fly-deploy's own defaults.
 */
function resolveDeploySettings(explicit, config, defaults) {
    const fromFile = config === undefined ? {} : flyTomlDeploySettings(config);
    const pick = (key) => {
        const given = explicit[key];
        if (given !== undefined)
            return { value: given, source: 'input' };
        const filed = fromFile[key];
        if (filed !== undefined)
            return { value: filed, source: 'fly.toml', key: DEPLOY_SETTING_KEYS[key] };
        return { value: defaults[key], source: 'default' };
    };
    return {
        app: pick('app'),
        strategy: pick('strategy'),
        maxUnavailable: pick('maxUnavailable'),
        waitTimeoutMs: pick('waitTimeoutMs'),
        releaseCommand: pick('releaseCommand'),
        releaseCommandTimeoutMs: pick('releaseCommandTimeoutMs'),
        image: pick('image'),
    };
}
/**
 * fly.toml with the `env` input laid over its [env] (an input value wins), as flyctl lays `--env` flags over
 * fly.toml before building machine configs (determineAppConfigForMachines, SetEnvVariables).
 */
function withInputEnv(config, env) {
    return { ...config, env: new Map([...config.env, ...env]) };
}

;// CONCATENATED MODULE: ./packages/fly-config/src/index.ts
// Public surface of @deploy-actions/fly-config: read a fly.toml, and turn it into Fly machine configs.











/***/ }),

/***/ 66054:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Qt: () => (/* reexport */ DeployFailure),
  $B: () => (/* reexport */ MachineWatch),
  F7: () => (/* reexport */ RELEASE_LABEL_KEY),
  R3: () => (/* reexport */ ROLLBACK_STRATEGIES),
  YL: () => (/* reexport */ STRATEGIES),
  Kz: () => (/* reexport */ crashesSince),
  gg: () => (/* reexport */ deploy),
  iv: () => (/* reexport */ engineContext),
  jc: () => (/* reexport */ machineOutput),
  g4: () => (/* reexport */ machineTable),
  LD: () => (/* reexport */ markEvents),
  _Y: () => (/* reexport */ mostCommonImage),
  I3: () => (/* reexport */ notATarget),
  YS: () => (/* reexport */ openReleaseClients),
  uN: () => (/* reexport */ readRollbackPlan),
  eg: () => (/* reexport */ recordMachineSteps),
  Fu: () => (/* reexport */ rollBack),
  Wx: () => (/* reexport */ timelineSections)
});

// UNUSED EXPORTS: CONSOLE_GROUP, LeaseSet, MAX_LOG_LINES, PROCESS_GROUP_KEY, RELEASE_COMMAND_GROUP, RELEASE_STAMP_KEYS, ROLLBACK_KEY, ROLLBACK_PLAN_SCHEMA, RUN_KEY, ReleaseRecorder, RolloutTimeline, TEMPORARY_KEY, batchSize, bluegreen, buildRollbackPlan, canary, configuredCheckCount, createTracked, desiredConfig, dominantImage, eventsSince, exitAfterStart, exitRecord, failureKindOf, flyLogReader, immediate, isRunning, lastKnownGood, launchFailureSince, planImmediate, planRolling, platformUrlFor, processGroupOf, recordedConfig, releaseCommandConfig, restore, rollbackPlanSchema, rolling, runReleaseCommand, sameRunningConfig, selectTargets, spanOutcomeOf, systemClock, targetFromHistory, targetFromImage, targetFromPlan, targetFromReleaseLabel, updateMachine, waitCreated, waitForVersion, writeRollbackPlan

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./packages/core/src/index.ts + 22 modules
var src = __webpack_require__(6466);
;// CONCATENATED MODULE: ./packages/release/src/context.ts


/** The real clock. */
const systemClock = {
    now: () => Date.now(),
    async sleep(ms, signal) {
        try {
            await (0,promises_.setTimeout)(ms, undefined, signal === undefined ? undefined : { signal });
        }
        catch (e) {
            signal?.throwIfAborted();
            throw e;
        }
    },
};
/** Builds an {@link EngineContext}, filling in core's logger and the system clock. */
function engineContext(init) {
    return {
        client: init.client,
        app: init.app,
        signal: init.signal ?? new AbortController().signal,
        log: init.log ?? { info: (m) => src/* log */.Rm.info(m), warn: (m) => src/* log */.Rm.warn(m), debug: (m) => src/* log */.Rm.debug(m) },
        clock: init.clock ?? systemClock,
    };
}

// EXTERNAL MODULE: ./packages/fly-config/src/index.ts + 12 modules
var fly_config_src = __webpack_require__(99595);
;// CONCATENATED MODULE: ./packages/release/src/failure.ts

/** A deploy that failed for a known reason; `kind` becomes the `failure` output. */
class DeployFailure extends src/* DeployActionError */.o8 {
    /** The `failure` output. */
    kind;
    /** Set when one machine's failure ended the deploy. */
    diagnosis;
    /** The Fly request id of the call that failed, if any. */
    requestId;
    /** Creates the failure; `code` is `deploy-<kind>`. */
    constructor(kind, message, options) {
        super(message, { code: `deploy-${kind}`, hint: options.hint, cause: options.cause });
        this.kind = kind;
        if (options.diagnosis !== undefined)
            this.diagnosis = options.diagnosis;
        const requestId = options.requestId ?? (options.cause instanceof src/* FlyApiError */.mo ? options.cause.requestId : undefined);
        if (requestId !== undefined)
            this.requestId = requestId;
    }
}
/** The failure kind of anything thrown during a deploy: 401/403 are `auth`, other API errors `api`. */
function failureKindOf(error) {
    if (error instanceof DeployFailure)
        return error.kind;
    // A run past its `timeout` stops like a cancelled one: it stops changing and releases its leases.
    if (error instanceof src/* DeployActionError */.o8 && (error.code === 'cancelled' || error.code === 'timeout'))
        return 'cancelled';
    if (error instanceof src/* FlyApiError */.mo && (error.status === 401 || error.status === 403))
        return 'auth';
    return 'api';
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./packages/release/src/events.ts
/** The exit details of an `exit` event; fly-go reads `MonitorEvent.exit_event` first, then `exit_event`. */
function exitRecord(event) {
    const exit = event.request?.MonitorEvent?.exit_event ?? event.request?.exit_event ?? {};
    return {
        exitCode: exit.exit_code,
        requestedStop: exit.requested_stop ?? false,
        restarting: exit.restarting ?? false,
        restartCount: event.request?.restart_count ?? 0,
        oomKilled: exit.oom_killed ?? false,
        timestamp: event.timestamp ?? 0,
    };
}
/** The mark of a machine as read just before changing it. */
function markEvents(machine) {
    const events = machine.events ?? [];
    const newest = Math.max(0, ...events.map((e) => e.timestamp ?? 0));
    return { timestamp: newest, ids: new Set(events.flatMap((e) => (e.id === undefined ? [] : [e.id]))) };
}
/** Events that happened after the mark, oldest first. */
function eventsSince(events, mark) {
    return events
        .filter((e) => (e.timestamp ?? 0) >= mark.timestamp && (e.id === undefined || !mark.ids.has(e.id)))
        .sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
}
/** Non-requested exits after the mark, oldest first: crashes, not stops or updates. */
function crashesSince(events, mark) {
    return eventsSince(events, mark)
        .filter((e) => e.type === 'exit')
        .map(exitRecord)
        .filter((x) => !x.requestedStop);
}
/**
 * The newest `exit` event after the newest `start` (flyctl `GetLatestEventOfTypeAfterType("exit", "start")`): how
 * a release command's exit code is read.
 */
function exitAfterStart(events) {
    const sorted = [...events].sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0));
    for (const event of sorted) {
        if (event.type === 'start')
            return undefined;
        if (event.type === 'exit')
            return exitRecord(event);
    }
    return undefined;
}
/** A launch that failed after the mark (the image could not be pulled or run), with Fly's reason if it gave one. */
function launchFailureSince(events, mark) {
    const failed = eventsSince(events, mark).find((e) => e.status === 'failed' && (e.type === 'launch' || e.type === 'update' || e.type === 'start'));
    if (failed === undefined)
        return undefined;
    const error = failed.request?.error;
    return typeof error === 'string' && error !== '' ? error : `${failed.type} failed`;
}
/** How many health checks a config defines: top-level `checks` and every service's `checks`. */
function configuredCheckCount(config) {
    const topLevel = Object.keys(config?.checks ?? {}).length;
    const services = (config?.services ?? []).reduce((n, s) => n + (s.checks?.length ?? 0), 0);
    return topLevel + services;
}

;// CONCATENATED MODULE: ./packages/release/src/update.ts



/**
 * Sends the full config to one machine with its lease nonce and returns what to watch. The machine's version
 * before the change is sent as `current_version`, so a machine someone else changed meanwhile is refused (409)
 * rather than overwritten.
 *
 * @throws DeployFailure `launch` when Fly refuses the image; FlyApiError for other refusals.
 */
async function updateMachine(ctx, leases, change) {
    const { machine } = change;
    const changedAt = ctx.clock.now();
    const nonce = leases.nonce(machine.id);
    let updated;
    try {
        updated = await ctx.client.updateMachine(ctx.app, machine.id, {
            config: change.config,
            ...(machine.region === undefined ? {} : { region: machine.region }),
            ...(change.launch ? {} : { skip_launch: true }),
            ...(change.minSecretsVersion === undefined ? {} : { min_secrets_version: change.minSecretsVersion }),
            ...(machine.version === undefined ? {} : { current_version: machine.version }),
        }, nonce === undefined ? {} : { leaseNonce: nonce });
    }
    catch (e) {
        // Fly checks the image when it takes the update (flyctl PRs #4878, #4921): the machine keeps its version.
        if (e instanceof src/* FlyApiError */.mo &&
            e.status >= 400 &&
            e.status < 500 &&
            /image|manifest|pull/i.test(e.apiMessage ?? '')) {
            throw new DeployFailure('launch', `machine ${machine.id} refused the image: ${e.apiMessage ?? e.message}`, {
                hint: 'check that the image exists, was pushed to registry.fly.io and that the token may pull it; the machine kept its release',
                cause: e,
            });
        }
        throw e;
    }
    return {
        machineId: machine.id,
        version: updated.version ?? '',
        mark: markEvents(machine),
        changedAt,
        expectStarted: change.launch,
    };
}
/**
 * Waits until the machine reaches `started` (or `stopped` when it was updated without launch) **on the new
 * version**, through Fly's wait endpoint, while the watch follows it: a machine that crash-loops or cannot launch
 * ends the wait at once instead of after the timeout (flyctl#2653 waited out 5 minutes on a machine that had
 * already exited).
 *
 * @throws DeployFailure from the watch, or `launch` when the version does not come up within `timeoutMs`.
 */
async function waitForVersion(ctx, watch, target, timeoutMs) {
    watch.watch(target);
    const state = target.expectStarted ? 'started' : 'stopped';
    const done = new AbortController();
    const signal = AbortSignal.any([ctx.signal, done.signal]);
    try {
        await Promise.race([
            ctx.client.waitForState(ctx.app, target.machineId, {
                state,
                ...(target.version === '' ? {} : { version: target.version }),
                timeoutMs,
                signal,
            }),
            watch.failure,
        ]);
    }
    catch (e) {
        if (e instanceof src/* FlyApiError */.mo && e.code === 'fly-wait-timeout') {
            throw new DeployFailure('launch', `machine ${target.machineId} did not reach ${state} on the new version within the wait-timeout`, {
                hint: 'the image may not start (read its logs), or Fly may be short of capacity in this region; raise wait-timeout if it is only slow',
                cause: e,
            });
        }
        // Fly's wait answers 400 when the update itself failed (an image it cannot pull: the machine stays on its
        // old version) and 404 when the machine is gone: the state will never come, so say why now.
        if (e instanceof src/* FlyApiError */.mo && (e.status === 400 || e.status === 404)) {
            throw new DeployFailure('launch', `machine ${target.machineId} cannot reach ${state} on the new version: ${e.apiMessage ?? e.message}`, {
                hint: 'check that the image exists and was pushed to registry.fly.io (`fly releases --image`), and that the token may pull it',
                cause: e,
            });
        }
        throw e;
    }
    finally {
        done.abort();
    }
}

;// CONCATENATED MODULE: ./packages/release/src/create.ts




/** Metadata key tying a machine a deploy created to the run that created it, so a lost create answer can be found. */
const RUN_KEY = 'deploy_actions_run';
/**
 * Creates a machine the deploy adds, recorded in the rollback plan's `created` list as soon as Fly answers, so a
 * rollback destroys it. A create is never retried blindly: when its answer is lost (408, 5xx, reset), Fly may
 * have created it anyway, so the machines carrying this run's tag are looked up and recorded for cleanup.
 */
async function createTracked(rollout, request) {
    const { ctx } = rollout;
    const tag = (0,external_node_crypto_.randomBytes)(6).toString('hex');
    const config = { ...request.config, metadata: { ...request.config.metadata, [RUN_KEY]: tag } };
    const started = ctx.clock.now();
    try {
        const created = await ctx.client.createMachine(ctx.app, {
            config,
            ...(request.region === undefined ? {} : { region: request.region }),
            ...(request.skipServiceRegistration === true ? { skip_service_registration: true } : {}),
            ...(request.skipLaunch === true ? { skip_launch: true } : {}),
            ...(rollout.minSecretsVersion === undefined ? {} : { min_secrets_version: rollout.minSecretsVersion }),
        });
        rollout.timeline.record(created.id, 'create', request.role, started, 'ok');
        rollout.plan.created.push(created.id);
        await rollout.savePlan();
        return created;
    }
    catch (e) {
        const ambiguous = e instanceof src/* FlyApiError */.mo && (e.status === 0 || e.status === 408 || e.status >= 500);
        if (ambiguous) {
            const strays = await ctx.client.listMachines(ctx.app, { metadata: { [RUN_KEY]: tag } }).catch(() => []);
            for (const stray of strays)
                rollout.plan.created.push(stray.id);
            if (strays.length > 0)
                await rollout.savePlan();
        }
        throw e;
    }
}
/** Waits for a freshly created machine: started on its version, then healthy for `settle`. */
async function waitCreated(rollout, created, label) {
    const { ctx } = rollout;
    const target = {
        machineId: created.id,
        version: created.version ?? '',
        mark: markEvents({ ...created, events: [] }),
        changedAt: ctx.clock.now(),
        expectStarted: true,
    };
    ctx.log.info(`[${label}] ${created.id} (${created.region ?? '?'}): created on ${rollout.image}; waiting for it to start`);
    await rollout.timeline.during(created.id, 'start', () => waitForVersion(ctx, rollout.watch, target, rollout.waitTimeoutMs));
    await rollout.timeline.during(created.id, 'checks', () => rollout.watch.waitHealthy(created.id, { settleMs: rollout.settleMs, timeoutMs: rollout.waitTimeoutMs }));
    ctx.log.info(`[${label}] ${created.id}: healthy`);
}

;// CONCATENATED MODULE: ./packages/release/src/targets.ts
/** Metadata key holding the release label fly-deploy stamped on a machine. */
const RELEASE_LABEL_KEY = 'deploy_actions_release';
/** Metadata key marking a machine the engine created for a while (`canary`, `green`); its value is the kind. */
const TEMPORARY_KEY = 'deploy_actions_temporary';
/** Fly's process-group metadata key (superfly/fly-go `machine_types.go` `MachineConfigMetadataKeyFlyProcessGroup`). */
const PROCESS_GROUP_KEY = 'fly_process_group';
/** The group flyctl gives release-command machines. */
const RELEASE_COMMAND_GROUP = 'fly_app_release_command';
/** The group flyctl gives `fly console` machines. */
const CONSOLE_GROUP = 'fly_app_console';
const GONE = new Set(['destroyed', 'destroying']);
/** A machine's process group; Fly treats a machine without one as `app`. */
function processGroupOf(machine) {
    return machine.config?.metadata?.[PROCESS_GROUP_KEY] ?? 'app';
}
/** Why a machine is not a deploy target, or undefined when it is one. */
function notATarget(machine) {
    if (GONE.has(machine.state))
        return `is ${machine.state}`;
    const group = processGroupOf(machine);
    if (group === RELEASE_COMMAND_GROUP)
        return 'runs a release command';
    if (group === CONSOLE_GROUP)
        return 'is a console machine';
    const temporary = machine.config?.metadata?.[TEMPORARY_KEY];
    if (temporary !== undefined)
        return `is a temporary ${temporary} machine of an earlier deploy`;
    return undefined;
}
/**
 * Picks the app machines a deploy updates: not release-command, console or temporary machines, and within the
 * filters. Sorted by process group, then region, then id, so plans are the same on every run.
 */
function selectTargets(machines, filters) {
    const targets = [];
    const skipped = [];
    for (const machine of machines) {
        const reason = notATarget(machine) ??
            (filters.processGroups.length > 0 && !filters.processGroups.includes(processGroupOf(machine))
                ? `is in process group ${processGroupOf(machine)}, not in process-groups`
                : filters.regions.length > 0 && !filters.regions.includes(machine.region ?? '')
                    ? `is in region ${machine.region ?? '(none)'}, not in regions`
                    : undefined);
        if (reason === undefined)
            targets.push(machine);
        else
            skipped.push({ machine, reason });
    }
    targets.sort((a, b) => processGroupOf(a).localeCompare(processGroupOf(b)) ||
        (a.region ?? '').localeCompare(b.region ?? '') ||
        a.id.localeCompare(b.id));
    return { targets, skipped };
}

;// CONCATENATED MODULE: ./packages/release/src/rollout.ts





/** A target's outcome row, started as `not-changed` the first time it is asked for. */
function outcomeRow(outcomes, image, m) {
    let row = outcomes.get(m.id);
    if (row === undefined) {
        row = {
            id: m.id,
            region: m.region ?? '',
            processGroup: processGroupOf(m),
            fromImage: m.config?.image ?? '',
            toImage: image,
            result: 'not-changed',
            seconds: 0,
        };
        outcomes.set(m.id, row);
    }
    return row;
}
/** The outcome row of a target of this rollout. */
function outcomeOf(rollout, m) {
    return outcomeRow(rollout.outcomes, rollout.image, m);
}
/**
 * Updates one machine and waits for it: the new version started, then every check passing for `settle`. A
 * machine updated without launch only has to reach `stopped` on its new version.
 */
async function updateAndWait(rollout, m, launch, label) {
    const { ctx, timeline } = rollout;
    const row = outcomeOf(rollout, m);
    const started = ctx.clock.now();
    const who = `${m.id} (${m.region ?? '?'}, ${processGroupOf(m)})`;
    ctx.log.info(`[${label}] ${who}: updating to ${rollout.image}${launch ? '' : ' (stopped: not starting it)'}`);
    rollout.changed.add(m.id);
    row.result = 'failed';
    try {
        let target;
        try {
            target = await timeline.during(m.id, 'update', () => updateMachine(ctx, rollout.leases, {
                machine: m,
                config: rollout.desired(m),
                launch,
                ...(rollout.minSecretsVersion === undefined
                    ? {}
                    : { minSecretsVersion: rollout.minSecretsVersion }),
            }));
        }
        catch (e) {
            if (!needsReplacement(e, m))
                throw e;
            ctx.log.info(`[${label}] ${who}: its host cannot take the update (${(0,src/* errorMessage */.gJ)(e)}); replacing it`);
            target = await replaceMachine(rollout, m, launch);
            row.replacedBy = target.machineId;
        }
        const { machineId } = target;
        await timeline.during(machineId, 'start', () => waitForVersion(ctx, rollout.watch, target, rollout.waitTimeoutMs));
        if (launch) {
            ctx.log.info(`[${label}] ${who}: started version ${target.version}; waiting for its checks and ${(0,src/* formatDuration */.a3)(rollout.settleMs)} of settling`);
            await timeline.during(machineId, 'checks', () => rollout.watch.waitHealthy(machineId, {
                settleMs: rollout.settleMs,
                timeoutMs: rollout.waitTimeoutMs,
            }));
        }
        row.result = 'updated';
        ctx.log.info(`[${label}] ${who}: ${launch ? 'healthy' : 'updated'} after ${(0,src/* formatDuration */.a3)(ctx.clock.now() - started)}`);
    }
    finally {
        row.seconds = Math.round((ctx.clock.now() - started) / 1000);
    }
}
/**
 * The refusals flyctl answers by replacing the machine (superfly/flyctl `machines_deploymachinesapp.go`): its host
 * has no room for it or takes no deploys. A machine with a volume is not replaced: placement would pick the same
 * host again.
 */
const HOST_REFUSALS = /could not reserve resource for machine|deploys to this host are temporarily disabled/i;
function needsReplacement(error, m) {
    return (error instanceof src/* FlyApiError */.mo &&
        HOST_REFUSALS.test(error.apiMessage ?? error.message) &&
        (m.config?.mounts?.length ?? 0) === 0);
}
/**
 * Replaces a machine as flyctl does: destroys it, then creates one with the new config in the same region. The new
 * machine is recorded in the rollback plan as created, so a rollback destroys it and recreates the old one from its
 * recorded config.
 */
async function replaceMachine(rollout, m, launch) {
    const { ctx } = rollout;
    const nonce = rollout.leases.nonce(m.id);
    await rollout.timeline.during(m.id, 'destroy', () => ctx.client.destroyMachine(ctx.app, m.id, {
        force: true,
        ...(nonce === undefined ? {} : { leaseNonce: nonce }),
    }));
    const changedAt = ctx.clock.now();
    const created = await ctx.client.createMachine(ctx.app, {
        config: rollout.desired(m),
        ...(m.region === undefined ? {} : { region: m.region }),
        ...(launch ? {} : { skip_launch: true }),
        ...(rollout.minSecretsVersion === undefined ? {} : { min_secrets_version: rollout.minSecretsVersion }),
    });
    rollout.timeline.record(created.id, 'create', 'replacement', changedAt, 'ok');
    rollout.plan.created.push(created.id);
    await rollout.savePlan();
    return {
        machineId: created.id,
        version: created.version ?? '',
        mark: markEvents({ ...created, events: [] }),
        changedAt,
        expectStarted: launch,
    };
}
/** Runs a wave: its machines at once, then the next wave only when all are healthy. */
async function runWave(rollout, wave) {
    const failure = rollout.watch.failed;
    if (failure !== undefined)
        throw failure;
    const lost = rollout.leases.lost();
    if (lost !== undefined) {
        throw new DeployFailure('lease-conflict', `lost the lease on ${lost.machineId}: ${lost.error.message}`, {
            hint: 'another run took over a machine while this one was deploying; wait for it to finish, then deploy again',
            cause: lost.error,
        });
    }
    rollout.timeline.note(`wave ${wave.label}: ${wave.machines.map((m) => m.id).join(', ')}`);
    const results = await Promise.allSettled(wave.machines.map((m) => updateAndWait(rollout, m, wave.launch, wave.label)));
    // The watch's failure names the machine that failed first; report it rather than a sibling's consequence.
    const watched = rollout.watch.failed;
    if (watched !== undefined)
        throw watched;
    const rejected = results.find((r) => r.status === 'rejected');
    if (rejected !== undefined)
        throw rejected.reason;
}

;// CONCATENATED MODULE: ./packages/release/src/fly-toml.ts




/**
 * Fits fly.toml to the app before any change: the config of every target, the machines new process groups need
 * and the groups fly.toml dropped. Every machine fly.toml cannot be applied to (a volume it would have to
 * replace, a new group with a volume) is reported at once, and nothing is changed.
 *
 * @param appMachines The app's machines that are not release-command, console or temporary machines.
 * @throws DeployFailure `config` listing every machine fly.toml cannot be applied to.
 */
function fitFlyToml(config, appMachines, targets, options) {
    const refusals = [];
    const notes = [];
    const configs = new Map();
    const plan = (0,fly_config_src/* planProcessGroups */.bI)(config, appMachines, { onlyGroups: options.processGroups });
    const leftAlone = new Set([...plan.groupsGone.values()].flat());
    for (const machine of targets.filter((m) => !leftAlone.has(m.id))) {
        const fit = (0,fly_config_src/* machineConfigForUpdate */.kS)(config, machine, options.image);
        if (fit.ok) {
            configs.set(machine.id, fit.config);
            notes.push(...fit.notes);
        }
        else
            refusals.push(fit.reason);
    }
    for (const group of plan.groupsNeedingMachines) {
        const fit = (0,fly_config_src/* machineConfigForNewMachine */.QR)(config, group, options.image);
        if (fit.ok)
            notes.push(...fit.notes);
        else
            refusals.push(fit.reason);
    }
    if (refusals.length > 0) {
        throw new DeployFailure('config', `${config.file} cannot be applied to this app:\n${refusals.join('\n')}`, {
            hint: `nothing was changed; change ${config.file} or the machines as said above, then deploy again`,
        });
    }
    return {
        configs,
        creations: plan.machinesToCreate,
        groupsGone: plan.groupsGone,
        targets: targets.filter((m) => !leftAlone.has(m.id)),
        notes,
    };
}
/**
 * Creates the machines of the process groups fly.toml adds (flyctl deployCreateMachinesForGroups), each recorded
 * in the rollback plan first so a rollback destroys it: a group's first machine and its second one must start and
 * pass their checks like any updated machine; a standby is created stopped, standing in for the first.
 *
 * @param stamp Turns a new machine's fly.toml config into the config to send (env input, release metadata).
 */
async function createGroupMachines(rollout, config, creations, stamp) {
    const primaries = new Map();
    for (const creation of creations) {
        const { group, role } = creation;
        const fit = (0,fly_config_src/* machineConfigForNewMachine */.QR)(config, group, rollout.image, role === 'standby' ? primaries.get(group) : undefined);
        if (!fit.ok)
            throw new DeployFailure('config', fit.reason, { hint: 'nothing of this group was created' });
        rollout.timeline.note(`create ${role} machine of new process group ${group}`);
        const created = await createTracked(rollout, {
            config: stamp(fit.config),
            ...(fit.region === undefined ? {} : { region: fit.region }),
            ...(role === 'standby' ? { skipLaunch: true } : {}),
            role: 'new',
        });
        if (role === 'primary')
            primaries.set(group, created.id);
        const row = outcomeOf(rollout, created);
        row.fromImage = '';
        row.processGroup = group;
        row.result = 'failed';
        const started = rollout.ctx.clock.now();
        if (role !== 'standby')
            await waitCreated(rollout, created, `new group ${group}`);
        row.result = 'created';
        row.seconds = Math.round((rollout.ctx.clock.now() - started) / 1000);
    }
}

;// CONCATENATED MODULE: ./packages/release/src/rollout-timeline.ts


/**
 * How a span that threw ended: `failed` when the error is about its own machine (or about no machine in
 * particular), `stopped` when another machine's failure or the run's cancellation ended it.
 */
function spanOutcomeOf(error, machine) {
    if (error instanceof src/* DeployActionError */.o8 && (error.code === 'cancelled' || error.code === 'timeout'))
        return 'stopped';
    if (error instanceof DeployFailure &&
        error.diagnosis !== undefined &&
        error.diagnosis.machineId !== machine)
        return 'stopped';
    return 'failed';
}
/**
 * What a rollout did, in two forms: lines in words (the summary's timeline table, the proof's steps) and, per
 * machine, spans with a phase, start, end and outcome (the timeline chart). Shared by deploy and rollback. Times
 * come from the injected clock. A machine keeps the role of its first span, so a canary destroyed by a later
 * cleanup is still drawn as the canary.
 */
class RolloutTimeline {
    #clock;
    #lines = [];
    #spans = [];
    #open = new Set();
    #roles = new Map();
    /** A timeline read from `clock`. */
    constructor(clock) {
        this.#clock = clock;
    }
    /** The lines so far, oldest first. */
    get lines() {
        return [...this.#lines];
    }
    /** The closed spans so far, in the order they ended. */
    get spans() {
        return [...this.#spans];
    }
    /** Adds a line in words. */
    note(what) {
        this.#lines.push({ at: this.#iso(this.#clock.now()), what });
    }
    /** Begins a span of a machine; `role` counts only for a machine not seen before. */
    open(machine, phase, role = 'machine') {
        const span = { machine, phase, role: this.#roleOf(machine, role), start: this.#clock.now() };
        this.#open.add(span);
        return span;
    }
    /** Ends a span; ending one already ended (by {@link closeOpen}) does nothing. */
    close(span, outcome) {
        const running = [...this.#open].find((r) => r === span);
        if (running === undefined)
            return;
        this.#open.delete(running);
        this.#spans.push({
            machine: running.machine,
            role: running.role,
            phase: running.phase,
            start: this.#iso(running.start),
            end: this.#iso(this.#clock.now()),
            outcome,
        });
    }
    /** Runs `work` as a span: `ok` when it returns, {@link spanOutcomeOf} its error when it throws (rethrown). */
    async during(machine, phase, work, role = 'machine') {
        const span = this.open(machine, phase, role);
        try {
            const result = await work();
            this.close(span, 'ok');
            return result;
        }
        catch (e) {
            this.close(span, spanOutcomeOf(e, machine));
            throw e;
        }
    }
    /** Records a span that already happened (a machine whose id was only known once it existed). */
    record(machine, phase, role, start, outcome) {
        const span = { machine, phase, role: this.#roleOf(machine, role), start };
        this.#open.add(span);
        this.close(span, outcome);
    }
    /** Ends every span still open with `outcome`: a rollout that stops leaves nothing running on the chart. */
    closeOpen(outcome) {
        for (const span of [...this.#open])
            this.close(span, outcome);
    }
    #roleOf(machine, role) {
        const known = this.#roles.get(machine);
        if (known !== undefined)
            return known;
        this.#roles.set(machine, role);
        return role;
    }
    #iso(ms) {
        return new Date(ms).toISOString();
    }
}

;// CONCATENATED MODULE: ./packages/release/src/release-command.ts





/**
 * The config flyctl gives a release-command machine (superfly/flyctl `internal/appconfig/machines.go`
 * `ToReleaseMachineConfig`): the command as `init.cmd`, no restart, destroyed when it exits, out of DNS, in the
 * `fly_app_release_command` group, with `RELEASE_COMMAND=1` in its env.
 */
function releaseCommandConfig(rc) {
    return {
        image: rc.image,
        init: { cmd: rc.command },
        restart: { policy: 'no' },
        auto_destroy: true,
        dns: { skip_registration: true },
        ...(rc.guest === undefined ? {} : { guest: rc.guest }),
        metadata: { ...rc.metadata, [PROCESS_GROUP_KEY]: RELEASE_COMMAND_GROUP },
        env: { ...rc.env, RELEASE_COMMAND: '1', FLY_PROCESS_GROUP: RELEASE_COMMAND_GROUP },
    };
}
/**
 * Runs the release command on a temporary machine exactly as flyctl does (`machines_releasecommand.go`): create
 * with `skip_launch`, wait `stopped`, start, then read the exit code from the newest `exit` event after the newest
 * `start`. The machine destroys itself; it is destroyed here too whatever happens.
 *
 * @throws DeployFailure `release-command` on a non-zero exit or when it does not finish within `timeoutMs`.
 */
async function runReleaseCommand(ctx, rc) {
    const { client, app, clock, log } = ctx;
    const started = clock.now();
    const machine = await client.createMachine(app, {
        config: releaseCommandConfig(rc),
        ...(rc.region === undefined ? {} : { region: rc.region }),
        skip_launch: true,
        ...(rc.minSecretsVersion === undefined ? {} : { min_secrets_version: rc.minSecretsVersion }),
    });
    log.info(`release command: running \`${rc.command.join(' ')}\` on machine ${machine.id}`);
    let outcome = 'ok';
    try {
        await client.waitForState(app, machine.id, {
            state: 'stopped',
            timeoutMs: rc.timeoutMs,
            signal: ctx.signal,
        });
        await client.startMachine(app, machine.id);
        const exit = await waitForExit(ctx, machine.id, started + rc.timeoutMs, rc.pollMs ?? 1000);
        const durationMs = clock.now() - started;
        if (exit.exitCode !== 0) {
            const logs = rc.logs === undefined ? undefined : await rc.logs(machine.id, started);
            const logText = logs === undefined
                ? ''
                : 'lines' in logs
                    ? `\nlog lines:\n${logs.lines.map((l) => `  ${l}`).join('\n')}`
                    : `\nlogs: ${logs.unavailable}`;
            throw new DeployFailure('release-command', `release command \`${rc.command.join(' ')}\` exited with code ${exit.exitCode} on machine ${machine.id}; no app machine was changed${logText}`, {
                hint: 'fix the release command (often a database migration) and deploy again; run it by hand with `fly ssh console` to see more',
            });
        }
        log.info(`release command finished in ${(0,src/* formatDuration */.a3)(durationMs)}`);
        return { machineId: machine.id, exitCode: 0, durationMs };
    }
    catch (e) {
        outcome = spanOutcomeOf(e, machine.id);
        throw e;
    }
    finally {
        rc.timeline?.record(machine.id, 'release-command', 'release-command', started, outcome);
        await destroyQuietly(ctx, machine.id);
    }
}
async function waitForExit(ctx, id, deadline, pollMs) {
    const { client, app, clock, signal } = ctx;
    const progress = { last: clock.now() };
    for (;;) {
        let machine;
        try {
            machine = await client.getMachine(app, id);
        }
        catch (e) {
            // auto_destroy can remove the machine right after it exits; its events are then gone with it.
            if (!(e instanceof src/* FlyApiError */.mo && e.status === 404))
                throw e;
            throw new DeployFailure('release-command', `release-command machine ${id} was destroyed before its exit could be read`, {
                hint: 'read its logs (`fly logs -i ' +
                    id +
                    '`) to see whether the command succeeded, then deploy again',
            });
        }
        const exit = exitAfterStart(machine.events ?? []);
        if (exit !== undefined)
            return { exitCode: exit.exitCode ?? 0 };
        if (clock.now() >= deadline) {
            throw new DeployFailure('release-command', `release command did not finish within release-command-timeout (machine ${id})`, {
                hint: 'raise release-command-timeout if it only needs longer, or find why it hangs in its logs',
            });
        }
        if (clock.now() - progress.last >= 10_000) {
            progress.last = clock.now();
            ctx.log.info(`release command still running on ${id}`);
        }
        await clock.sleep(pollMs, signal);
    }
}
async function destroyQuietly(ctx, id) {
    try {
        await ctx.client.destroyMachine(ctx.app, id, { force: true });
    }
    catch (e) {
        if (e instanceof src/* FlyApiError */.mo && e.status === 404)
            return;
        ctx.log.warn(`could not destroy release-command machine ${id}: ${e instanceof Error ? e.message : String(e)}`);
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 8 modules
var schemas = __webpack_require__(32716);
;// CONCATENATED MODULE: ./packages/release/src/rollback-plan.ts





/** Identifies the file format, so rollback-on-failure can refuse a plan it does not understand. */
const ROLLBACK_PLAN_SCHEMA = 'deploy-actions/rollback-plan@1';
const machineEntrySchema = schemas/* object */.Ikc({
    id: schemas/* string */.YjP().min(1),
    name: schemas/* string */.YjP().optional(),
    region: schemas/* string */.YjP().optional(),
    processGroup: schemas/* string */.YjP(),
    /** `started` or `stopped`: a stopped machine is restored without being started. */
    state: schemas/* string */.YjP(),
    version: schemas/* string */.YjP().optional(),
    image: schemas/* string */.YjP().optional(),
    /** The machine's full config before the deploy: restoring sends it back as is. */
    config: schemas/* looseObject */._H3({}),
    /**
     * The config the deploy sends it, when it applies a fly.toml (before Fly's release id is stamped on it), so
     * what was applied is on record next to what a rollback restores.
     */
    appliedConfig: schemas/* looseObject */._H3({}).optional(),
});
/** What a rollback needs: every touched machine's previous full config, and the machines the deploy created. */
const rollbackPlanSchema = schemas/* object */.Ikc({
    schema: schemas/* literal */.euz(ROLLBACK_PLAN_SCHEMA),
    app: schemas/* string */.YjP().min(1),
    createdAt: schemas/* string */.YjP(),
    releaseLabel: schemas/* string */.YjP().optional(),
    /** The image being deployed. */
    image: schemas/* string */.YjP().optional(),
    previousImage: schemas/* string */.YjP().optional(),
    machines: schemas/* array */.YOg(machineEntrySchema),
    /** Machines the deploy created (canary, green, new process groups); a rollback destroys them. */
    created: schemas/* array */.YOg(schemas/* string */.YjP()).default([]),
    /** The fly.toml the deploy applied, by name and SHA-256 of its text. */
    flyToml: schemas/* object */.Ikc({ file: schemas/* string */.YjP(), sha256: schemas/* string */.YjP() }).optional(),
});
/** The most common of these images (undefined entries ignored). */
function mostCommonImage(images) {
    const counts = new Map();
    for (const image of images)
        if (image !== undefined)
            counts.set(image, (counts.get(image) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}
/** The most common image among the machines: what "the previous image" of an app means. */
function dominantImage(machines) {
    return mostCommonImage(machines.map((m) => m.config?.image));
}
/** Builds the plan from the machines as read before any change. */
function buildRollbackPlan(app, machines, details) {
    const previousImage = dominantImage(machines);
    return {
        schema: ROLLBACK_PLAN_SCHEMA,
        app,
        createdAt: new Date(details.now).toISOString(),
        ...(details.releaseLabel === undefined ? {} : { releaseLabel: details.releaseLabel }),
        ...(details.image === undefined ? {} : { image: details.image }),
        ...(previousImage === undefined ? {} : { previousImage }),
        machines: machines.map((m) => ({
            id: m.id,
            ...(m.name === undefined ? {} : { name: m.name }),
            ...(m.region === undefined ? {} : { region: m.region }),
            processGroup: processGroupOf(m),
            state: m.state,
            ...(m.version === undefined ? {} : { version: m.version }),
            ...(m.config?.image === undefined ? {} : { image: m.config.image }),
            config: m.config ?? {},
            ...(details.applied === undefined ? {} : { appliedConfig: details.applied(m) }),
        })),
        created: [],
        ...(details.flyToml === undefined ? {} : { flyToml: details.flyToml }),
    };
}
/**
 * Writes the plan as `<dir>/rollback-plan.json` (redacted: a config holds no secret values, Fly keeps those apart,
 * but an env value pasted by hand might) and returns the path. Called again whenever `created` grows.
 */
async function writeRollbackPlan(plan, dir) {
    await (0,external_node_fs_promises_.mkdir)(dir, { recursive: true });
    const path = (0,external_node_path_.join)(dir, 'rollback-plan.json');
    await (0,external_node_fs_promises_.writeFile)(path, `${JSON.stringify((0,src/* redactDeep */.ro)(plan), null, 2)}\n`);
    return path;
}
/**
 * Reads a plan from JSON text or from the path of a file holding it.
 *
 * @throws DeployActionError `invalid-rollback-plan` naming what is wrong.
 */
async function readRollbackPlan(pathOrJson) {
    const text = pathOrJson.trimStart().startsWith('{')
        ? pathOrJson
        : await (0,external_node_fs_promises_.readFile)(pathOrJson, 'utf8').catch((e) => {
            throw new src/* DeployActionError */.o8(`could not read the rollback plan ${pathOrJson} (${e.code ?? 'unreadable'})`, {
                code: 'invalid-rollback-plan',
                hint: "fly-deploy writes it under RUNNER_TEMP, which lasts one job: roll back in the same job as the deploy, or pass the plan's JSON",
            });
        });
    let data;
    try {
        data = JSON.parse(text);
    }
    catch {
        throw new src/* DeployActionError */.o8('the rollback plan is not JSON', {
            code: 'invalid-rollback-plan',
            hint: "pass fly-deploy's rollback-plan output (a path) or the JSON it points to",
        });
    }
    const result = rollbackPlanSchema.safeParse(data);
    if (!result.success) {
        const where = result.error.issues
            .map((i) => i.path.join('.') || '(root)')
            .slice(0, 5)
            .join(', ');
        throw new src/* DeployActionError */.o8(`the rollback plan is not one fly-deploy wrote (problems at: ${where})`, {
            code: 'invalid-rollback-plan',
            hint: `pass fly-deploy's rollback-plan output; its schema is ${ROLLBACK_PLAN_SCHEMA}`,
        });
    }
    return result.data;
}
/** The config a machine had before the deploy, typed for an update. */
function recordedConfig(entry) {
    return entry.config;
}

;// CONCATENATED MODULE: ./packages/release/src/leases.ts


/**
 * The leases of one deploy: all taken before any change, all released however the deploy ends. A machine held
 * by another run fails the whole set with `lease-conflict` (naming the holder and expiry) after releasing the
 * leases already taken, so nothing is changed and nothing stays locked.
 */
class LeaseSet {
    #ctx;
    #leases = new Map();
    /** An empty set for the context's app. */
    constructor(ctx) {
        this.#ctx = ctx;
    }
    /**
     * Leases every machine, one after another (Fly limits lease calls per machine, not per app).
     *
     * @throws DeployFailure `lease-conflict` when another run holds one past `waitMs`; `auth`/`api` otherwise.
     */
    async acquire(machineIds, options) {
        try {
            for (const id of machineIds)
                await this.#acquireOne(id, options);
        }
        catch (e) {
            await this.releaseAll();
            throw e;
        }
    }
    /** Adopts a lease taken elsewhere (a machine created with `lease_ttl`), so it is released with the rest. */
    add(lease) {
        this.#leases.set(lease.machineId, lease);
    }
    /** The nonce to send with changes to a machine, if this set holds its lease. */
    nonce(machineId) {
        return this.#leases.get(machineId)?.nonce;
    }
    /** The first lease a refresh found gone or taken: changes with it would be refused. */
    lost() {
        for (const lease of this.#leases.values()) {
            if (lease.lost !== undefined)
                return { machineId: lease.machineId, error: lease.lost };
        }
        return undefined;
    }
    /** Ids of the machines leased. */
    get machineIds() {
        return [...this.#leases.keys()];
    }
    /** Releases every lease (best effort: a failure is logged, the lease then lapses within its ttl). */
    async releaseAll() {
        const leases = [...this.#leases.values()];
        this.#leases.clear();
        const results = await Promise.allSettled(leases.map((l) => l.release()));
        results.forEach((r, i) => {
            if (r.status === 'rejected') {
                const id = leases[i]?.machineId ?? '?';
                this.#ctx.log.warn(`could not release the lease on ${id} (it lapses within seconds): ${String(r.reason)}`);
            }
        });
    }
    async #acquireOne(id, options) {
        const { client, app, clock, signal } = this.#ctx;
        const deadline = clock.now() + options.waitMs;
        for (;;) {
            try {
                const lease = await client.acquireLease(app, id, {
                    ttlSeconds: options.ttlSeconds ?? 13,
                    description: options.description,
                });
                this.#leases.set(id, lease);
                return;
            }
            catch (e) {
                if (!(e instanceof src/* FlyApiError */.mo) || e.status !== 409)
                    throw e;
                const holder = await this.#describeHolder(id);
                if (clock.now() >= deadline) {
                    const waited = options.waitMs > 0 ? ` after waiting ${(0,src/* formatDuration */.a3)(options.waitMs)}` : '';
                    throw new DeployFailure('lease-conflict', `machine ${id} is leased by ${holder}${waited}; nothing was changed`, {
                        hint: 'another deploy (or a person with flyctl) is working on this app; wait for it to finish, or set wait-for-lease (e.g. 2m) to wait for it',
                        cause: e,
                    });
                }
                this.#ctx.log.info(`machine ${id} is leased by ${holder}; waiting`);
                await clock.sleep(Math.min(options.retryMs ?? 2000, Math.max(0, deadline - clock.now())), signal);
            }
        }
    }
    async #describeHolder(id) {
        try {
            const lease = await this.#ctx.client.getLease(this.#ctx.app, id);
            const until = lease.expiresAt === undefined ? '' : ` until ${lease.expiresAt.toISOString()}`;
            const what = lease.description ? ` (${lease.description})` : '';
            return `${lease.owner ?? 'another run'}${what}${until}`;
        }
        catch {
            // The holder may have released it meanwhile; the conflict is still what happened.
            return 'another run';
        }
    }
}

;// CONCATENATED MODULE: ./packages/release/src/logs.ts

/** At most this many lines are shown per failed machine: the end of the story, not all of it. */
const MAX_LOG_LINES = 30;
/**
 * A {@link LogReader} over Fly's logs endpoint (superfly/fly-go `resource_logs.go`), on a client whose `apiUrl` is
 * Fly's platform API. Deploy tokens may be refused the logs (flyctl says so after a failed release command): the
 * answer then says how to see them instead.
 */
function flyLogReader(platform, app) {
    return async (machineId, sinceMs) => {
        const how = `see them with \`fly logs -a ${app} -i ${machineId}\` or on https://fly.io/apps/${app}/monitoring`;
        try {
            const entries = await platform.getAppLogs(app, { instance: machineId });
            const lines = entries
                .filter((e) => {
                const at = e.timestamp === undefined ? Number.NaN : Date.parse(e.timestamp);
                return Number.isNaN(at) || at >= sinceMs;
            })
                .map((e) => `${e.timestamp ?? ''} ${e.message}`.trim());
            return { lines: lines.slice(-MAX_LOG_LINES) };
        }
        catch (e) {
            if (e instanceof src/* FlyApiError */.mo && (e.status === 401 || e.status === 403)) {
                return { unavailable: `the token may not read the app's logs (deploy tokens often cannot); ${how}` };
            }
            return { unavailable: `could not read the logs (${(0,src/* errorMessage */.gJ)(e)}); ${how}` };
        }
    };
}

;// CONCATENATED MODULE: ./packages/release/src/release-record.ts

/**
 * The platform API (release records, logs) for a Machines API URL: Fly's own pair, or the same host for anything
 * else (the emulator, a proxy in front of both).
 */
function platformUrlFor(apiUrl) {
    return new URL(apiUrl).host === 'api.machines.dev' ? 'https://api.fly.io' : apiUrl;
}
/**
 * The deploy's entry in Fly's release history (what `fly releases` and the dashboard list), written as flyctl
 * writes it since 2026 (superfly/flyctl `internal/uiex/releases.go`): created before the rollout, set `running`,
 * then `complete`, `failed` or `interrupted`. Recording is a courtesy: a failure is a warning, never a failed
 * deploy.
 */
class ReleaseRecorder {
    #platform;
    #log;
    #release;
    /** `platform` is a client on Fly's platform API (`https://api.fly.io`). */
    constructor(platform, log) {
        this.#platform = platform;
        this.#log = log;
    }
    /** The recorded release, if {@link create} worked. */
    get release() {
        return this.#release;
    }
    /** Creates the record and sets it `running`; returns undefined (after a warning) when Fly refused. */
    async create(request) {
        try {
            const release = await this.#platform.createRelease({
                app_name: request.app,
                image: request.image,
                strategy: request.strategy.toUpperCase(),
                definition: request.definition,
            });
            this.#release = { id: release.id, version: release.version };
            await this.#platform.updateRelease(release.id, 'running');
            return this.#release;
        }
        catch (e) {
            this.#log.warn(`could not record the release in Fly's release history (the deploy goes on): ${(0,src/* errorMessage */.gJ)(e)}; ` +
                '`fly releases` will not show this deploy as complete, though the machines run it; if Fly answered 401/403, ' +
                'give the token access to the app, otherwise check status.flyio.net before the next deploy');
            return this.#release;
        }
    }
    /** Sets the final status; a failure is a warning. */
    async finish(status, error) {
        if (this.#release === undefined)
            return;
        try {
            await this.#platform.updateRelease(this.#release.id, status, {
                post_deployment_info: { deployer: 'deploy-actions', ...(error === undefined ? {} : { error }) },
            });
        }
        catch (e) {
            this.#log.warn(`could not set the status of release ${this.#release.version ?? this.#release.id} in Fly's release history ` +
                `to ${status} (the deploy's result stands): ${(0,src/* errorMessage */.gJ)(e)}; \`fly releases\` shows it unfinished ` +
                'until the next deploy records a new one; check status.flyio.net if this keeps happening');
        }
    }
}

;// CONCATENATED MODULE: ./packages/release/src/watch.ts




/**
 * Follows changed machines until the deploy ends and fails the deploy as soon as one of them fails:
 *
 * - a crash loop: the second non-requested exit since the change, at any time, not only within a window (flyctl
 *   watches 10 s and then passes: an app that crashes at 12 s "deploys");
 * - a crash that Fly will not restart (the machine stays stopped);
 * - a launch that failed (the image cannot be pulled or run).
 *
 * Each machine is read with `GET /machines/{id}` (its state, version, events and checks in one call) once per
 * `pollMs`; Fly allows 5 such reads per second per machine. Health-gate and rollback-on-failure reuse it.
 */
class MachineWatch {
    #ctx;
    #pollMs;
    #logs;
    #watched = new Map();
    #stop = new AbortController();
    #failure;
    #rejectFailure;
    #tickWaiters = [];
    #loop;
    /** Rejects with the first machine failure; never resolves. Race every wait of the deploy against it. */
    failure;
    /** A watch over the context's app; polling starts with the first {@link watch}. */
    constructor(ctx, options = {}) {
        this.#ctx = ctx;
        this.#pollMs = options.pollMs ?? 1000;
        this.#logs = options.logs;
        this.failure = new Promise((_, reject) => {
            this.#rejectFailure = reject;
        });
        // Nobody may be racing against it when it fires (between waves): that is not an unhandled rejection.
        this.failure.catch(() => undefined);
    }
    /** The failure that ended the watch, if one did. */
    get failed() {
        return this.#failure;
    }
    /** Starts following a machine (again, with a new version, if it was already followed). */
    watch(machine) {
        this.#watched.set(machine.machineId, { ...machine });
        this.#loop ??= this.#run();
    }
    /** Stops following a machine (one the deploy destroys on purpose). */
    unwatch(machineId) {
        this.#watched.delete(machineId);
    }
    /** The latest read of a followed machine. */
    latest(machineId) {
        return this.#watched.get(machineId)?.latest;
    }
    /**
     * Waits until the machine runs its new version with every configured check reported and passing, and stays so
     * for `settleMs`. Ends at once when any watched machine fails; a machine that stops ends it too.
     *
     * @throws DeployFailure `launch` (never started on its version), `checks-timeout` (started, checks not passing
     *   in time), `crash-loop`, or the run's cancellation.
     */
    async waitHealthy(machineId, wait) {
        const { clock, signal } = this.#ctx;
        const started = clock.now();
        let healthySince;
        let everStarted = false;
        let lastProgress = started;
        for (;;) {
            signal.throwIfAborted();
            if (this.#failure !== undefined)
                throw this.#failure;
            if (this.#stop.signal.aborted)
                throw new Error(`the watch was closed while waiting for ${machineId}`);
            const watched = this.#watched.get(machineId);
            const m = watched?.latest;
            if (watched !== undefined && m !== undefined && m.version === watched.version) {
                if (m.state === 'started')
                    everStarted = true;
                if (isHealthy(m))
                    healthySince ??= clock.now();
                else
                    healthySince = undefined;
                if (healthySince !== undefined && clock.now() - healthySince >= wait.settleMs)
                    return;
            }
            if (clock.now() - lastProgress >= PROGRESS_MS) {
                lastProgress = clock.now();
                this.#ctx.log.info(`still waiting for ${machineId} (${(0,src/* formatDuration */.a3)(clock.now() - started)} of ${(0,src/* formatDuration */.a3)(wait.timeoutMs)}): ${progressOf(m)}`);
            }
            if (clock.now() - started >= wait.timeoutMs) {
                const failure = await this.#timeoutFailure(machineId, everStarted, wait.timeoutMs);
                this.#fail(failure);
                throw failure;
            }
            await this.#nextTick();
        }
    }
    /** Stops polling; pending waits end with the run's signal or their timeout. Safe to call more than once. */
    async close() {
        this.#stop.abort();
        this.#wakeWaiters();
        await this.#loop;
    }
    #nextTick() {
        return new Promise((resolve) => this.#tickWaiters.push(resolve));
    }
    #wakeWaiters() {
        const waiters = this.#tickWaiters;
        this.#tickWaiters = [];
        for (const wake of waiters)
            wake();
    }
    async #run() {
        const { clock } = this.#ctx;
        const signal = AbortSignal.any([this.#stop.signal, this.#ctx.signal]);
        while (!signal.aborted && this.#failure === undefined) {
            await Promise.all([...this.#watched.values()].map((w) => this.#read(w)));
            this.#wakeWaiters();
            try {
                await clock.sleep(this.#pollMs, signal);
            }
            catch {
                break;
            }
        }
        this.#wakeWaiters();
    }
    async #read(watched) {
        const { client, app } = this.#ctx;
        let machine;
        try {
            machine = await client.getMachine(app, watched.machineId);
        }
        catch (e) {
            if (e instanceof src/* FlyApiError */.mo && e.status === 404 && this.#watched.has(watched.machineId)) {
                this.#fail(new DeployFailure('launch', `machine ${watched.machineId} was destroyed while the deploy watched it`, {
                    hint: 'something else destroyed it (another deploy, a person, or auto_destroy after an exit); check `fly machines list`',
                }));
                return;
            }
            // One failed read is not a verdict: the next round reads again, and the wait's own timeout bounds it.
            this.#ctx.log.debug(`could not read machine ${watched.machineId}: ${(0,src/* errorMessage */.gJ)(e)}`);
            return;
        }
        watched.latest = machine;
        if (this.#failure !== undefined || !this.#watched.has(watched.machineId))
            return;
        const verdict = judge(watched, machine);
        if (verdict !== undefined)
            this.#fail(await this.#withDiagnosis(watched, machine, verdict));
    }
    #fail(failure) {
        if (this.#failure !== undefined)
            return;
        this.#failure = failure;
        this.#rejectFailure?.(failure);
        this.#wakeWaiters();
    }
    async #timeoutFailure(machineId, everStarted, timeoutMs) {
        const watched = this.#watched.get(machineId);
        const m = watched?.latest;
        const checks = (m?.checks ?? []).map((c) => `${c.name}: ${c.status}`).join(', ') || 'none reported';
        const verdict = everStarted
            ? {
                kind: 'checks-timeout',
                message: `checks of machine ${describe(m, machineId)} did not all pass within ${(0,src/* formatDuration */.a3)(timeoutMs)} (${checks})`,
                hint: 'the new release starts but is not healthy; read the log lines above, fix the app or its checks, or raise wait-timeout if it only needs longer',
            }
            : {
                kind: 'launch',
                message: `machine ${describe(m, machineId)} did not start on the new version within ${(0,src/* formatDuration */.a3)(timeoutMs)} (state ${m?.state ?? 'unknown'})`,
                hint: 'the image may not start (read the log lines above), or Fly may be short of capacity in this region; raise wait-timeout if it is only slow',
            };
        return watched === undefined || m === undefined
            ? new DeployFailure(verdict.kind, verdict.message, { hint: verdict.hint })
            : this.#withDiagnosis(watched, m, verdict);
    }
    async #withDiagnosis(watched, machine, verdict) {
        const crashes = crashesSince(machine.events ?? [], watched.mark);
        const diagnosis = {
            machineId: machine.id,
            exitCodes: crashes.flatMap((c) => (c.exitCode === undefined ? [] : [c.exitCode])),
            restartCount: Math.max(0, ...crashes.map((c) => c.restartCount)),
        };
        let logText = '';
        if (this.#logs !== undefined) {
            const logs = await this.#logs(machine.id, watched.changedAt);
            if ('lines' in logs) {
                diagnosis.logLines = logs.lines;
                logText =
                    logs.lines.length === 0
                        ? '\nno log lines since the update'
                        : `\nlog lines since the update:\n${logs.lines.map((l) => `  ${l}`).join('\n')}`;
            }
            else {
                diagnosis.logsUnavailable = logs.unavailable;
                logText = `\nlogs: ${logs.unavailable}`;
            }
        }
        return new DeployFailure(verdict.kind, `${verdict.message}${logText}`, { hint: verdict.hint, diagnosis });
    }
}
/** Time between two "still waiting" lines of one wait. */
const PROGRESS_MS = 10_000;
function progressOf(m) {
    if (m === undefined)
        return 'not read yet';
    const checks = (m.checks ?? []).map((c) => `${c.name} ${c.status}`).join(', ');
    return `${m.state}${checks === '' ? '' : `, checks: ${checks}`}`;
}
function describe(m, id) {
    return m === undefined ? id : `${m.id} (${m.region ?? '?'}, ${processGroupOf(m)})`;
}
/** Started on its version with every configured check reported and passing. */
function isHealthy(m) {
    if (m.state !== 'started')
        return false;
    const checks = m.checks ?? [];
    return checks.length >= configuredCheckCount(m.config) && checks.every((c) => c.status === 'passing');
}
function exitText(codes) {
    const shown = codes.slice(0, 10).map((c) => (c === undefined ? '?' : String(c)));
    return codes.length > 10 ? `${shown.join(', ')}, …` : shown.join(', ');
}
/** Whether a machine has failed since its change; undefined while it has not. */
function judge(watched, m) {
    const events = m.events ?? [];
    const launch = launchFailureSince(events, watched.mark);
    if (launch !== undefined) {
        return {
            kind: 'launch',
            message: `machine ${describe(m, watched.machineId)} could not launch the new release: ${launch}`,
            hint: 'check that the image exists and was pushed to registry.fly.io (`fly releases --image`), and that the token may pull it',
        };
    }
    const crashes = crashesSince(events, watched.mark);
    // A machine that exited before it failed crashed: that is the story, not the final state.
    if (m.state === 'failed' && m.version === watched.version && crashes.length === 0) {
        return {
            kind: 'launch',
            message: `machine ${describe(m, watched.machineId)} ended failed on the new version`,
            hint: 'read the log lines above and `fly machine status` for why the machine failed',
        };
    }
    if (!watched.expectStarted)
        return undefined;
    const codes = exitText(crashes.map((c) => c.exitCode));
    const restarts = Math.max(0, ...crashes.map((c) => c.restartCount));
    if (crashes.length >= 2) {
        return {
            kind: 'crash-loop',
            message: `machine ${describe(m, watched.machineId)} is crash-looping: it exited ${crashes.length} times since the update (exit codes ${codes}; restart count ${restarts})`,
            hint: 'the new release crashes; read its log lines above, fix it and deploy again',
        };
    }
    const last = crashes.at(-1);
    if (last !== undefined && !last.restarting && m.state !== 'started' && m.state !== 'starting') {
        return {
            kind: 'crash-loop',
            message: `machine ${describe(m, watched.machineId)} exited with code ${exitText([last.exitCode])} and Fly did not restart it`,
            hint: 'the new release exits on its own; read its log lines above, fix it and deploy again',
        };
    }
    return undefined;
}

;// CONCATENATED MODULE: ./packages/release/src/restore.ts





function sameConfig(machine, entry) {
    return JSON.stringify(machine.config ?? {}) === JSON.stringify(entry.config);
}
/**
 * Puts machines back as a rollback plan recorded them: destroys the temporary machines the deploy created, then
 * sends each changed machine its recorded full config (kept stopped if it was stopped) and waits until the old
 * release runs and is healthy, all machines at once (a rollback is a recovery: speed matters more than batches)
 * unless `oneAtATime` asks to keep the others serving meanwhile. One machine failing to come back does not stop
 * the others; every outcome is reported.
 */
async function restore(ctx, plan, options) {
    const timeline = options.timeline ?? new RolloutTimeline(ctx.clock);
    const results = [];
    for (const id of plan.created) {
        results.push(await recorded(timeline, id, 'destroy', 'temporary', () => destroyTemporary(ctx, id, options.leases)));
    }
    const entries = plan.machines.filter((m) => options.only === undefined || options.only.has(m.id));
    const restoreEntry = (entry) => recorded(timeline, entry.id, 'restore', 'machine', () => restoreOne(ctx, entry, options));
    if (options.oneAtATime === true) {
        for (const entry of entries)
            results.push(await restoreEntry(entry));
    }
    else {
        results.push(...(await Promise.all(entries.map(restoreEntry))));
    }
    return results;
}
/** Records a restore step as a span: it never throws, its result says whether it failed. */
async function recorded(timeline, id, phase, role, work) {
    const span = timeline.open(id, phase, role);
    const result = await work();
    timeline.close(span, result.result === 'failed' ? 'failed' : 'ok');
    return result;
}
async function restoreOne(ctx, entry, options) {
    // A watch per machine: one machine failing to come back must not end the waits of the others.
    const watch = new MachineWatch(ctx, {
        ...(options.logs === undefined ? {} : { logs: options.logs }),
        ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    });
    try {
        const machine = await readOrRecreate(ctx, entry, options.waitTimeoutMs);
        if (machine === 'recreated')
            return { machineId: entry.id, result: 'restored', detail: 'recreated' };
        if (options.only === undefined && sameConfig(machine, entry))
            return { machineId: entry.id, result: 'unchanged' };
        const launch = entry.state !== 'stopped' && entry.state !== 'suspended';
        ctx.log.info(`restoring ${entry.id} to ${entry.image ?? 'its previous config'}`);
        // Fly refuses a concurrent update while the machine is replacing (a crash loop in progress): send the
        // recorded config without current_version, since the machine's version is the one this deploy produced.
        const target = await updateMachine(ctx, options.leases, {
            machine: { ...machine, version: undefined },
            config: recordedConfig(entry),
            launch,
        });
        await waitForVersion(ctx, watch, target, options.waitTimeoutMs);
        if (launch)
            await watch.waitHealthy(entry.id, { settleMs: options.settleMs, timeoutMs: options.waitTimeoutMs });
        return { machineId: entry.id, result: 'restored' };
    }
    catch (e) {
        ctx.log.warn(`could not restore ${entry.id}: ${(0,src/* errorMessage */.gJ)(e)}`);
        return { machineId: entry.id, result: 'failed', detail: (0,src/* errorMessage */.gJ)(e) };
    }
    finally {
        await watch.close();
    }
}
/**
 * The machine as it is now, or, when it is gone (replaced because its host had no room), a new machine created
 * from its recorded config in its region and waited for.
 */
async function readOrRecreate(ctx, entry, waitTimeoutMs) {
    try {
        const machine = await ctx.client.getMachine(ctx.app, entry.id);
        // Fly keeps answering for a destroyed machine for a while; it is gone all the same.
        if (machine.state !== 'destroyed' && machine.state !== 'destroying')
            return machine;
    }
    catch (e) {
        if (!(e instanceof src/* FlyApiError */.mo && e.status === 404))
            throw e;
    }
    const launch = entry.state !== 'stopped' && entry.state !== 'suspended';
    ctx.log.info(`machine ${entry.id} is gone; recreating it from its recorded config`);
    const created = await ctx.client.createMachine(ctx.app, {
        config: recordedConfig(entry),
        ...(entry.region === undefined ? {} : { region: entry.region }),
        ...(launch ? {} : { skip_launch: true }),
    });
    await ctx.client.waitForState(ctx.app, created.id, {
        state: launch ? 'started' : 'stopped',
        ...(created.version === undefined ? {} : { version: created.version }),
        timeoutMs: waitTimeoutMs,
        signal: ctx.signal,
    });
    return 'recreated';
}
async function destroyTemporary(ctx, id, leases) {
    try {
        const nonce = leases.nonce(id);
        await ctx.client.destroyMachine(ctx.app, id, {
            force: true,
            ...(nonce === undefined ? {} : { leaseNonce: nonce }),
        });
        return { machineId: id, result: 'destroyed' };
    }
    catch (e) {
        if (e instanceof src/* FlyApiError */.mo && e.status === 404)
            return { machineId: id, result: 'destroyed', detail: 'already gone' };
        ctx.log.warn(`could not destroy temporary machine ${id}: ${(0,src/* errorMessage */.gJ)(e)}`);
        return { machineId: id, result: 'failed', detail: (0,src/* errorMessage */.gJ)(e) };
    }
}

;// CONCATENATED MODULE: ./packages/release/src/rollout-session.ts







/**
 * What a deploy and a rollback share around their own work: the timeline, the leases, the release record in Fly's
 * history, the restore, and how a failure ends them. One per run; {@link close} releases the leases however it
 * ends.
 */
class RolloutSession {
    ctx;
    timeline;
    leases;
    /** Reads a failed machine's log lines, when the platform API is there. */
    logs;
    pollMs;
    #platform;
    #recorder;
    /** A session on the context's app. */
    constructor(ctx, options) {
        this.ctx = ctx;
        this.timeline = new RolloutTimeline(ctx.clock);
        this.leases = new LeaseSet(ctx);
        this.#platform = options.platform;
        this.logs = options.platform === undefined ? undefined : flyLogReader(options.platform, ctx.app);
        this.pollMs = options.pollMs;
    }
    /**
     * Reads the app, then its machines.
     *
     * @throws DeployFailure `auth` when the token may not read the app (401/403); FlyApiError otherwise.
     */
    async readApp() {
        const { ctx } = this;
        this.timeline.note(`read app ${ctx.app}`);
        try {
            await ctx.client.getApp(ctx.app);
        }
        catch (e) {
            if (e instanceof src/* FlyApiError */.mo && (e.status === 401 || e.status === 403))
                throw new DeployFailure('auth', e.message, { hint: e.hint, cause: e });
            throw e;
        }
        return ctx.client.listMachines(ctx.app);
    }
    /** Leases every machine before any change (see {@link LeaseSet.acquire}). */
    async lease(machineIds, options) {
        this.timeline.note(`lease ${machineIds.length} machines`);
        await this.leases.acquire(machineIds, options);
    }
    /** Records the release in Fly's history when the platform API is there; a refusal only warns. */
    async recordRelease(request) {
        if (this.#platform === undefined)
            return undefined;
        this.#recorder = new ReleaseRecorder(this.#platform, this.ctx.log);
        return this.#recorder.create(request);
    }
    /** Restores machines from a plan (see {@link restore}), with the session's leases, logs and timeline. */
    async restore(plan, options, line) {
        this.timeline.note(line);
        return restore(this.ctx, plan, {
            ...options,
            leases: this.leases,
            timeline: this.timeline,
            ...(this.logs === undefined ? {} : { logs: this.logs }),
            ...(this.pollMs === undefined ? {} : { pollMs: this.pollMs }),
        });
    }
    /**
     * What ended the work: the run's cancellation when the signal aborted (what was thrown is then its consequence),
     * else the error. Spans still open end as `failed`, or `stopped` when cancelled, and a line says why (with the
     * failure kind when `showKind`).
     */
    failed(thrown, options = {}) {
        const error = this.ctx.signal.aborted ? this.ctx.signal.reason : thrown;
        const kind = failureKindOf(error);
        this.timeline.closeOpen(kind === 'cancelled' ? 'stopped' : 'failed');
        this.timeline.note(`failed${options.showKind === true ? ` (${kind})` : ''}: ${firstLine(error)}`);
        return error;
    }
    /** Sets the release record's final status: `complete`, or `interrupted`/`failed` with the error's first line. */
    async finishRelease(error) {
        if (this.#recorder === undefined)
            return;
        if (error === undefined)
            await this.#recorder.finish('complete');
        else
            await this.#recorder.finish(failureKindOf(error) === 'cancelled' ? 'interrupted' : 'failed', firstLine(error));
    }
    /** Releases every lease. */
    async close() {
        await this.leases.releaseAll();
    }
}
function firstLine(error) {
    return (0,src/* errorMessage */.gJ)(error).split('\n')[0] ?? '';
}

;// CONCATENATED MODULE: ./packages/release/src/plan.ts

/** A started machine is one Fly would run after the update; every other one stays stopped. */
function isRunning(machine) {
    return ['started', 'starting', 'replacing'].includes(machine.state);
}
/**
 * How many machines of a group of `size` may be down at once: a count as given, a fraction of the group rounded
 * up (flyctl rounds `max_unavailable` fractions up too), never less than one.
 */
function batchSize(size, maxUnavailable) {
    const n = maxUnavailable.kind === 'count' ? maxUnavailable.value : Math.ceil(size * maxUnavailable.value);
    return Math.max(1, Math.min(size, n));
}
function chunk(items, size) {
    const out = [];
    for (let i = 0; i < items.length; i += size)
        out.push(items.slice(i, i + size));
    return out;
}
function stoppedWave(stopped) {
    return stopped.length === 0 ? [] : [{ label: 'stopped', machines: stopped, launch: false }];
}
/**
 * The rolling plan: one started machine alone first (the spearhead: a bad release fails on one machine), then the
 * rest of each process group in batches of `maxUnavailable` of that group, then the stopped machines, updated
 * without being started as flyctl does. Groups go one after another, so an app never has two groups down at once.
 */
function planRolling(targets, maxUnavailable) {
    const running = targets.filter(isRunning);
    const stopped = targets.filter((m) => !isRunning(m));
    const spearhead = running[0];
    const waves = spearhead === undefined ? [] : [{ label: 'spearhead', machines: [spearhead], launch: true }];
    const groups = new Map();
    for (const m of running) {
        const group = processGroupOf(m);
        if (!groups.has(group))
            groups.set(group, []);
        if (m !== spearhead)
            groups.get(group)?.push(m);
    }
    for (const [group, machines] of groups) {
        if (machines.length === 0)
            continue;
        // The batch size counts the spearhead's group in full: it is a share of the group, not of what is left.
        const size = batchSize(machines.length + (spearhead !== undefined && processGroupOf(spearhead) === group ? 1 : 0), maxUnavailable);
        const batches = chunk(machines, size);
        batches.forEach((batch, i) => waves.push({ label: `${group} ${i + 1}/${batches.length}`, machines: batch, launch: true }));
    }
    return { waves: [...waves, ...stoppedWave(stopped)] };
}
/** The immediate plan: every started machine at once, and the stopped ones without starting them. */
function planImmediate(targets) {
    const running = targets.filter(isRunning);
    const waves = running.length === 0 ? [] : [{ label: 'all', machines: running, launch: true }];
    return { waves: [...waves, ...stoppedWave(targets.filter((m) => !isRunning(m)))] };
}

;// CONCATENATED MODULE: ./packages/release/src/strategies.ts






/** Rolling: spearhead, then batches of `maxUnavailable` per process group, then the stopped machines. */
function rolling(maxUnavailable) {
    return async (rollout, targets) => {
        for (const wave of planRolling(targets, maxUnavailable).waves)
            await runWave(rollout, wave);
    };
}
/** Immediate: every machine at once, then the same waits. */
const immediate = async (rollout, targets) => {
    for (const wave of planImmediate(targets).waves)
        await runWave(rollout, wave);
};
/**
 * Creates a temporary machine on the new release, out of DNS, recorded in the rollback plan (see
 * {@link createTracked}) so a rollback destroys it.
 */
async function createTemporary(rollout, like, kind) {
    const config = rollout.desired(like);
    config.metadata = { ...config.metadata, [TEMPORARY_KEY]: kind };
    return createTracked(rollout, {
        config,
        ...(like.region === undefined ? {} : { region: like.region }),
        skipServiceRegistration: true,
        role: kind,
    });
}
async function strategies_destroyTemporary(rollout, id) {
    const { ctx } = rollout;
    rollout.watch.unwatch(id);
    try {
        await rollout.timeline.during(id, 'destroy', () => ctx.client.destroyMachine(ctx.app, id, { force: true }));
        rollout.plan.created = rollout.plan.created.filter((c) => c !== id);
        await rollout.savePlan();
        ctx.log.info(`destroyed temporary machine ${id}`);
    }
    catch (e) {
        if (e instanceof src/* FlyApiError */.mo && e.status === 404)
            return;
        ctx.log.warn(`could not destroy temporary machine ${id} (rollback-on-failure will): ${(0,src/* errorMessage */.gJ)(e)}`);
    }
}
/**
 * Canary: one extra machine per process group on the new release, out of DNS; it must start, pass its checks and
 * settle, and is destroyed whatever the outcome (flyctl leaves a failed canary behind); then rolling.
 */
function canary(maxUnavailable) {
    return async (rollout, targets) => {
        const groups = new Map();
        for (const m of targets.filter(isRunning))
            if (!groups.has(processGroupOf(m)))
                groups.set(processGroupOf(m), m);
        for (const [group, like] of groups) {
            rollout.timeline.note(`canary for ${group}`);
            const created = await createTemporary(rollout, like, 'canary');
            try {
                await waitCreated(rollout, created, `canary ${group}`);
            }
            finally {
                await strategies_destroyTemporary(rollout, created.id);
            }
        }
        await rolling(maxUnavailable)(rollout, targets);
    };
}
/** Whether every target would have checks to judge green machines by; bluegreen requires them. */
function bluegreenProblem(rollout, targets) {
    const without = targets.filter((m) => configuredCheckCount(rollout.desired(m)) === 0);
    return without.length === 0
        ? undefined
        : `bluegreen needs health checks to judge the green machines, and ${without.map((m) => m.id).join(', ')} ${without.length === 1 ? 'has' : 'have'} none`;
}
/**
 * Blue-green: a green machine per started blue one, out of service registration; all must pass and settle, then
 * they are routed in (uncordoned, no longer temporary), and the blue ones cordoned, stopped and destroyed. Stopped
 * machines are updated in place without being started. Before the switch a failure destroys the green machines and
 * leaves blue untouched.
 */
const bluegreen = async (rollout, targets) => {
    const { ctx } = rollout;
    const blue = targets.filter(isRunning);
    const greens = [];
    let switched = false;
    try {
        rollout.timeline.note('green machines created');
        for (const m of blue)
            greens.push(await createTemporary(rollout, m, 'green'));
        await Promise.all(greens.map((g) => waitCreated(rollout, g, 'green')));
        const failure = rollout.watch.failed;
        if (failure !== undefined)
            throw failure;
        rollout.timeline.note('green machines routed in');
        for (const g of greens) {
            await ctx.client.uncordonMachine(ctx.app, g.id);
            await ctx.client.deleteMetadata(ctx.app, g.id, TEMPORARY_KEY);
            await ctx.client.deleteMetadata(ctx.app, g.id, RUN_KEY);
        }
        switched = true;
        rollout.plan.created = rollout.plan.created.filter((id) => !greens.some((g) => g.id === id));
        await rollout.savePlan();
        rollout.timeline.note('blue machines cordoned, stopped and destroyed');
        for (const m of blue) {
            rollout.changed.add(m.id);
            const nonce = rollout.leases.nonce(m.id);
            const lease = nonce === undefined ? {} : { leaseNonce: nonce };
            await rollout.timeline.during(m.id, 'destroy', async () => {
                await ctx.client.cordonMachine(ctx.app, m.id, lease);
                await ctx.client.stopMachine(ctx.app, m.id, lease);
                await ctx.client.destroyMachine(ctx.app, m.id, { ...lease, force: true });
            });
            const row = outcomeOf(rollout, m);
            row.result = 'replaced';
        }
    }
    finally {
        if (!switched)
            for (const g of greens)
                await strategies_destroyTemporary(rollout, g.id);
    }
    const stopped = { label: 'stopped', machines: targets.filter((m) => !isRunning(m)), launch: false };
    if (stopped.machines.length > 0)
        await runWave(rollout, stopped);
};

;// CONCATENATED MODULE: ./packages/release/src/deploy.ts











/** The rollout strategies. */
const STRATEGIES = ['rolling', 'canary', 'bluegreen', 'immediate'];
function strategyOf(name, maxUnavailable) {
    switch (name) {
        case 'rolling':
            return rolling(maxUnavailable);
        case 'canary':
            return canary(maxUnavailable);
        case 'bluegreen':
            return bluegreen;
        case 'immediate':
            return immediate;
    }
}
/** A machine's full new config: the new image, the env lines merged in, and the release stamped in metadata. */
function desiredConfig(machine, image, env, release) {
    const config = structuredClone(machine.config ?? {});
    return {
        ...config,
        image,
        ...(Object.keys(env).length === 0 ? {} : { env: { ...config.env, ...env } }),
        metadata: {
            ...config.metadata,
            [RELEASE_LABEL_KEY]: release.label,
            // flyctl stamps these on every machine it deploys (`setMachineReleaseData`); the dashboard reads them.
            ...(release.id === undefined ? {} : { fly_release_id: release.id }),
            ...(release.version === undefined ? {} : { fly_release_version: String(release.version) }),
        },
    };
}
/**
 * Deploys an image to an app's machines: reads and filters them, leases them all, writes the rollback plan,
 * sets secrets, runs the release command, records the release, rolls out with the chosen strategy while the
 * watch follows every changed machine, and on failure restores every changed machine (`on-failure: rollback`).
 * Leases are released however it ends. Deploy failures are returned, not thrown; only a bug or a failure before
 * anything was read throws.
 */
async function deploy(ctx, options) {
    const session = new RolloutSession(ctx, {
        ...(options.platform === undefined ? {} : { platform: options.platform }),
        ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    });
    const { timeline, leases, logs } = session;
    const result = {
        status: 'failed',
        image: options.image,
        releaseLabel: options.releaseLabel,
        machines: [],
        restored: [],
        timeline: [],
        spans: [],
    };
    const watch = new MachineWatch(ctx, {
        ...(logs === undefined ? {} : { logs }),
        ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    });
    let plan;
    const changed = new Set();
    const outcomes = new Map();
    try {
        const machines = await session.readApp();
        const selection = selectTargets(machines, options.filters);
        for (const s of selection.skipped)
            ctx.log.info(`skipping ${s.machine.id}: it ${s.reason}`);
        let targets = selection.targets;
        let fitted;
        if (options.flyConfig !== undefined) {
            fitted = fitFlyToml(options.flyConfig, machines.filter((m) => notATarget(m) === undefined), targets, { image: options.image, processGroups: options.filters.processGroups });
            for (const note of fitted.notes)
                ctx.log.info(note);
            for (const [group, ids] of fitted.groupsGone) {
                // flyctl destroys these; a deploy that destroys machines cannot be rolled back, so they are left alone.
                ctx.log.warn(`${options.flyConfig.file} no longer defines process group "${group}": its ${ids.length} machine(s) (${ids.join(', ')}) are left as they are; destroy them with \`fly machine destroy\` if they are no longer needed`);
            }
            targets = fitted.targets;
            timeline.note(`${options.flyConfig.file} fitted: ${fitted.configs.size} machines, ${fitted.creations.length} to create`);
        }
        if (targets.length === 0 && (fitted?.creations.length ?? 0) === 0) {
            throw new DeployFailure('api', `no machine of ${ctx.app} to deploy (${machines.length} found, ${selection.skipped.length} skipped)`, {
                hint: machines.length === 0
                    ? `the app has no machines yet; create the first ones with \`fly deploy\` once, then let this action update them`
                    : 'widen the process-groups and regions inputs, or leave them empty to deploy every app machine',
            });
        }
        result.previousImage = dominantImage(targets);
        const release = { label: options.releaseLabel };
        const fromFile = fitted?.configs;
        const desired = (m) => desiredConfig(fromFile?.has(m.id) === true ? { ...m, config: fromFile.get(m.id) } : m, options.image, options.env, release);
        if (options.strategy === 'bluegreen') {
            const problem = bluegreenProblem({ desired }, targets);
            if (problem !== undefined) {
                throw new DeployFailure('checks-timeout', `${problem}; nothing was changed`, {
                    hint: 'add checks to the services (or top-level checks) of the app, or use strategy: rolling or canary',
                });
            }
        }
        for (const m of targets)
            outcomeRow(outcomes, options.image, m);
        await session.lease(targets.map((m) => m.id), { waitMs: options.waitForLeaseMs, description: `deploy-actions fly-deploy ${options.releaseLabel}` });
        plan = buildRollbackPlan(ctx.app, targets, {
            releaseLabel: options.releaseLabel,
            image: options.image,
            now: ctx.clock.now(),
            ...(options.flyConfig === undefined
                ? {}
                : { applied: desired, flyToml: { file: options.flyConfig.file, sha256: options.flyConfig.sha256 } }),
        });
        const planRef = plan;
        result.rollbackPlanPath = await writeRollbackPlan(plan, options.planDir);
        await options.onRollbackPlan?.(result.rollbackPlanPath);
        timeline.note('rollback plan written');
        let minSecretsVersion;
        if (options.secrets.size > 0) {
            timeline.note(`set ${options.secrets.size} secrets`);
            const update = await ctx.client.setSecrets(ctx.app, Object.fromEntries(options.secrets));
            minSecretsVersion = update.version;
            ctx.log.info(`set secrets ${[...options.secrets.keys()].join(', ')} (secrets version ${minSecretsVersion ?? '?'})`);
        }
        if (options.recordRelease) {
            const recorded = await session.recordRelease({
                app: ctx.app,
                image: options.image,
                strategy: options.strategy,
                definition: { image: options.image, label: options.releaseLabel },
            });
            if (recorded !== undefined) {
                release.id = recorded.id;
                if (recorded.version !== undefined)
                    release.version = recorded.version;
                result.releaseVersion = recorded.version;
                timeline.note(`release v${recorded.version ?? '?'} recorded`);
            }
        }
        if (options.releaseCommand !== undefined) {
            timeline.note('release command');
            const like = targets.find((m) => processGroupOf(m) === 'app') ?? targets[0];
            // With fly.toml, the command runs with fly.toml's env and [deploy] release_command_vm, as flyctl runs it.
            const fromToml = options.flyConfig === undefined
                ? undefined
                : (0,fly_config_src/* releaseCommandMachineConfig */.CR)(options.flyConfig, options.image, options.releaseCommand.command.join(' '));
            const guest = fromToml?.['guest'] ?? like?.config?.['guest'];
            await runReleaseCommand(ctx, {
                command: options.releaseCommand.command,
                image: options.image,
                env: { ...(fromToml?.env ?? like?.config?.env), ...options.env },
                ...(like?.region === undefined ? {} : { region: like.region }),
                ...(guest === undefined ? {} : { guest }),
                metadata: {
                    [RELEASE_LABEL_KEY]: options.releaseLabel,
                    ...(release.id === undefined ? {} : { fly_release_id: release.id }),
                },
                timeoutMs: options.releaseCommand.timeoutMs,
                ...(minSecretsVersion === undefined ? {} : { minSecretsVersion }),
                ...(logs === undefined ? {} : { logs }),
                ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
                timeline,
            });
        }
        const rollout = {
            ctx,
            leases,
            watch,
            plan: planRef,
            savePlan: async () => {
                await writeRollbackPlan(planRef, options.planDir);
            },
            desired,
            image: options.image,
            waitTimeoutMs: options.waitTimeoutMs,
            settleMs: options.settleMs,
            ...(minSecretsVersion === undefined ? {} : { minSecretsVersion }),
            changed,
            outcomes,
            timeline,
        };
        if (fitted !== undefined && options.flyConfig !== undefined && fitted.creations.length > 0) {
            await createGroupMachines(rollout, options.flyConfig, fitted.creations, (config) => desiredConfig({ id: '', state: 'created', version: undefined, config }, options.image, options.env, release));
        }
        timeline.note(`roll out (${options.strategy})`);
        await strategyOf(options.strategy, options.maxUnavailable)(rollout, targets);
        const late = watch.failed;
        if (late !== undefined)
            throw late;
        result.status = 'deployed';
        timeline.note('deployed');
        await session.finishRelease();
    }
    catch (e) {
        const error = session.failed(e, { showKind: true });
        result.error = error;
        result.failure = failureKindOf(error);
        if (error instanceof DeployFailure && error.diagnosis !== undefined)
            result.diagnosis = error.diagnosis;
        if (result.failure === 'cancelled') {
            for (const row of outcomes.values())
                if (changed.has(row.id) && row.result !== 'updated')
                    row.result = 'cancelled';
        }
        else {
            await watch.close();
            if (options.onFailure === 'rollback' &&
                plan !== undefined &&
                (changed.size > 0 || plan.created.length > 0)) {
                ctx.log.info(`rolling back: restoring ${changed.size} machine(s) to their previous config`);
                result.restored = await session.restore(plan, { only: changed, waitTimeoutMs: options.waitTimeoutMs, settleMs: options.settleMs }, `restore ${changed.size} machines`);
                const failedRestores = result.restored.filter((r) => r.result === 'failed');
                for (const r of result.restored) {
                    const row = outcomes.get(r.machineId);
                    if (row !== undefined)
                        row.result = r.result === 'failed' ? 'restore-failed' : 'rolled-back';
                }
                result.status = failedRestores.length === 0 ? 'rolled-back' : 'failed';
                timeline.note(failedRestores.length === 0
                    ? 'rolled back'
                    : `rollback incomplete: ${failedRestores.map((r) => r.machineId).join(', ')}`);
            }
        }
        await session.finishRelease(error);
        if (!(error instanceof src/* DeployActionError */.o8) && !(error instanceof src/* FlyApiError */.mo)) {
            ctx.log.debug(`deploy ended by an unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        }
    }
    finally {
        await watch.close();
        await session.close();
        result.machines = [...outcomes.values()];
        result.timeline = timeline.lines;
        result.spans = timeline.spans;
    }
    return result;
}

;// CONCATENATED MODULE: ./packages/release/src/fly-clients.ts



/**
 * Opens the clients fly-deploy and rollback-on-failure release through, both closed by the run's cleanup. The
 * platform client is not tied to the run's signal: after a cancel the release record must still be marked
 * interrupted.
 */
function openReleaseClients(run, target) {
    const client = new src/* FlyClient */.zx({
        token: target.token,
        apiUrl: target.apiUrl,
        signal: run.signal,
        deadline: run.deadline,
    });
    const platform = new src/* FlyClient */.zx({
        token: target.token,
        apiUrl: platformUrlFor(target.apiUrl),
        retry: { maxAttempts: 3 },
    });
    run.onCleanup(() => platform.close());
    run.onCleanup(() => client.close());
    return { client, platform, engine: engineContext({ client, app: target.app, signal: run.signal }) };
}

;// CONCATENATED MODULE: ./packages/release/src/machine-report.ts

/**
 * The step-summary table of the machines, one row each; `last` is the one column the caller adds after `Result`
 * (fly-deploy's seconds, rollback-on-failure's detail).
 */
function machineTable(machines, last) {
    return (0,src/* summaryTable */.jb)(['Machine', 'Region', 'Process group', 'From image', 'To image', 'Result', last.heading], machines.map((m) => [m.id, m.region, m.processGroup, m.fromImage, m.toImage, m.result, last.cell(m)]));
}
/** A machine as the `machines` output lists it; the caller adds its own keys after these. */
function machineOutput(machine) {
    return {
        id: machine.id,
        region: machine.region,
        processGroup: machine.processGroup,
        fromImage: machine.fromImage,
        toImage: machine.toImage,
        result: machine.result,
    };
}
/** The summary's closing `Timeline` heading and table. */
function timelineSections(timeline) {
    return [
        (0,src/* summaryHeading */.hn)('Timeline', 3),
        (0,src/* summaryTable */.jb)(['Time', 'Step'], timeline.map((t) => [t.at, t.what])),
    ];
}
/**
 * Records every timeline step, then one step per machine (`machine <id>`, `<from> → <to>: <result>`) with the
 * outcome the caller reads from the machine's result.
 */
function recordMachineSteps(proof, timeline, machines, outcome) {
    for (const t of timeline)
        proof.step(t.what, 'info');
    for (const m of machines)
        proof.step(`machine ${m.id}`, outcome(m), `${m.fromImage} → ${m.toImage}: ${m.result}`);
}

;// CONCATENATED MODULE: ./packages/release/src/rollback-target.ts



/**
 * Metadata key a rollback stamps on every machine it changes, holding the id of the release it recorded: while a
 * machine's `fly_release_id` still equals it, the machine runs a release that a rollback put back, which is good by
 * definition, so the last known good release is that one and a rerun changes nothing.
 */
const ROLLBACK_KEY = 'deploy_actions_rollback';
/** Metadata keys that say which release record a config belongs to, not what runs: ignored when comparing. */
const RELEASE_STAMP_KEYS = ['fly_release_id', 'fly_release_version', ROLLBACK_KEY];
/** The error for "nothing to roll back to": nothing was changed, and what to pass instead. */
function cannotDetermine(message) {
    return new src/* DeployActionError */.o8(`${message}; nothing was changed`, {
        code: 'no-rollback-target',
        hint: "pass what to go back to: rollback-plan (fly-deploy's output), to-release (a release label fly-deploy stamped) or to-image; the manual way is `fly releases --image -a <app>`, then `fly deploy --image <ref>`",
    });
}
function stableStringify(value) {
    if (Array.isArray(value))
        return `[${value.map(stableStringify).join(',')}]`;
    if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
    }
    return JSON.stringify(value);
}
function withoutStamps(config) {
    const metadata = { ...config.metadata };
    for (const key of RELEASE_STAMP_KEYS)
        delete metadata[key];
    return { ...config, metadata };
}
/**
 * Whether a machine already runs this config: the same full config, whatever release record it is stamped with
 * (a rollback stamps its own), key order aside.
 */
function sameRunningConfig(current, target) {
    return stableStringify(withoutStamps(current ?? {})) === stableStringify(withoutStamps(target));
}
/** From fly-deploy's rollback plan: each machine it recorded, and the temporary machines it created. */
function targetFromPlan(plan, app) {
    if (plan.app !== app) {
        throw new src/* DeployActionError */.o8(`the rollback plan is for app ${plan.app}, not ${app}; nothing was changed`, {
            code: 'invalid-rollback-plan',
            hint: 'pass the rollback-plan output of the fly-deploy step that deployed this app',
        });
    }
    return {
        source: 'rollback-plan',
        ...(plan.previousImage === undefined ? {} : { image: plan.previousImage }),
        release: {},
        configs: new Map(plan.machines.map((m) => [m.id, m.config])),
        notes: new Map(),
        created: [...plan.created],
    };
}
/** Every machine keeps its config and gets this image. */
function targetFromImage(machines, image) {
    return {
        source: 'to-image',
        image,
        release: {},
        configs: new Map(machines.map((m) => [m.id, { ...structuredClone(m.config ?? {}), image }])),
        notes: new Map(),
        created: [],
    };
}
async function versionsOf(ctx, machines) {
    const entries = await Promise.all(machines.map(async (m) => [m.id, await ctx.client.listVersions(ctx.app, m.id)]));
    return new Map(entries);
}
function newest(versions, match) {
    // Fly lists versions newest first; a version without a config cannot be restored.
    return versions.find((v) => v.user_config !== undefined && match(v.user_config))?.user_config;
}
/**
 * The config each machine had under a release label fly-deploy stamped (metadata `deploy_actions_release`), read
 * from the machine's `versions`. A machine that never ran the label cannot be put back on it: that is an error
 * naming the machines, before any change.
 */
async function targetFromReleaseLabel(ctx, machines, label) {
    const versions = await versionsOf(ctx, machines);
    const configs = new Map();
    const missing = [];
    for (const m of machines) {
        const config = newest(versions.get(m.id) ?? [], (c) => c.metadata?.[RELEASE_LABEL_KEY] === label);
        if (config === undefined)
            missing.push(m.id);
        else
            configs.set(m.id, config);
    }
    if (missing.length > 0) {
        throw cannotDetermine(`release ${label} is not among the recorded versions of machine(s) ${missing.join(', ')} (they never ran it, or Fly no longer keeps that version)`);
    }
    const release = { label };
    const image = mostCommonImage([...configs.values()].map((c) => c.image));
    return {
        source: 'to-release',
        ...(image === undefined ? {} : { image }),
        release,
        configs,
        notes: new Map(),
        created: [],
    };
}
function releaseVersionOf(m) {
    const text = m.config?.metadata?.['fly_release_version'];
    const n = text === undefined ? NaN : Number(text);
    return Number.isInteger(n) ? n : undefined;
}
/**
 * Picks the last known good release from Fly's release history (newest first) and the machines as they are:
 * when every machine runs a release a rollback put back, that release; else the newest `complete` release older
 * than the newest release any machine carries (a half-finished rollout counts as that newer release), or, when
 * the machines carry no release stamp, the newest `complete` release of another image than the one running.
 */
function lastKnownGood(releases, machines) {
    const complete = releases.filter((r) => r.status === 'complete' && r.image_ref !== undefined);
    const restored = machines.every((m) => m.config?.metadata?.[ROLLBACK_KEY] !== undefined &&
        m.config.metadata[ROLLBACK_KEY] === m.config.metadata['fly_release_id']);
    const current = Math.max(...machines.map((m) => releaseVersionOf(m) ?? -Infinity));
    if (machines.length > 0 && restored)
        return complete.find((r) => r.version === current);
    if (Number.isFinite(current))
        return complete.find((r) => r.version !== undefined && r.version < current);
    const running = dominantImage(machines);
    return complete.find((r) => r.image_ref !== running);
}
/**
 * The last known good release (see {@link lastKnownGood}), cross-checked with each machine's `versions`: a
 * machine goes back to the newest config it had with that release's image (so env and services come back as they
 * were too); one that never ran it keeps its config with the image changed, and says so.
 */
async function targetFromHistory(ctx, platform, machines) {
    let releases;
    try {
        releases = await platform.listReleases(ctx.app, { limit: 50 });
    }
    catch (e) {
        throw cannotDetermine(`could not read the release history of ${ctx.app} (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
    }
    const good = lastKnownGood(releases, machines);
    const image = good?.image_ref;
    if (good === undefined || image === undefined) {
        throw cannotDetermine(`no earlier complete release of ${ctx.app} in Fly's release history (${releases.length} release(s) read)`);
    }
    const versions = await versionsOf(ctx, machines);
    const configs = new Map();
    const notes = new Map();
    for (const m of machines) {
        const recorded = versions.get(m.id) ?? [];
        const config = newest(recorded, (c) => c.image === image && c.metadata?.['fly_release_version'] === String(good.version)) ?? newest(recorded, (c) => c.image === image);
        if (config !== undefined)
            configs.set(m.id, config);
        else {
            configs.set(m.id, { ...structuredClone(m.config ?? {}), image });
            notes.set(m.id, `no recorded version ran ${image}: its current config with that image`);
        }
    }
    const labels = [...configs.values()]
        .map((c) => c.metadata?.[RELEASE_LABEL_KEY])
        .filter((l) => l !== undefined);
    const label = labels[0];
    return {
        source: 'last-known-good',
        image,
        release: {
            ...(label === undefined ? {} : { label }),
            ...(good.version === undefined ? {} : { version: good.version }),
        },
        configs,
        notes,
        created: [],
    };
}

;// CONCATENATED MODULE: ./packages/release/src/rollback.ts





/** How the machines are put back: all at once (fastest recovery) or one after the other. */
const ROLLBACK_STRATEGIES = ['immediate', 'rolling'];
/** A stopped machine whose newest exit was asked for (autostop, `fly machine stop`) stays stopped; a crashed one is started. */
function stoppedOnPurpose(m) {
    if (m.state !== 'stopped' && m.state !== 'suspended')
        return false;
    const exits = (m.events ?? [])
        .filter((e) => e.type === 'exit')
        .sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0));
    const newest = exits[0]?.request;
    const exit = newest?.MonitorEvent?.exit_event ?? newest?.exit_event;
    return exit === undefined || exit.requested_stop === true;
}
async function resolveTarget(ctx, request, machines, platform) {
    switch (request.source) {
        case 'rollback-plan':
            return targetFromPlan(request.plan, ctx.app);
        case 'to-release':
            return targetFromReleaseLabel(ctx, machines, request.label);
        case 'to-image':
            return targetFromImage(machines, request.image);
        case 'last-known-good':
            if (platform === undefined)
                throw new src/* DeployActionError */.o8("the last known good release needs Fly's release history; nothing was changed", {
                    code: 'no-rollback-target',
                    hint: 'pass rollback-plan, to-release or to-image',
                });
            return targetFromHistory(ctx, platform, machines);
    }
}
function stamped(config, release) {
    if (release.id === undefined)
        return config;
    return {
        ...config,
        metadata: {
            ...config.metadata,
            // As flyctl stamps deployed machines (`setMachineReleaseData`), and ours: this machine runs a rollback.
            fly_release_id: release.id,
            ...(release.version === undefined ? {} : { fly_release_version: String(release.version) }),
            [ROLLBACK_KEY]: release.id,
        },
    };
}
/**
 * Puts every app machine back on a good release: resolves what to go back to (a rollback plan, a release label
 * read from the machines' versions, an image, or the last known good release of Fly's history), changes nothing
 * when it cannot, leases every machine, destroys the temporary machines earlier deploys left, records the rollback
 * in Fly's release history, sends each machine that differs its good config and waits for it healthy. Machines
 * already there are left alone, so a rerun changes nothing. Leases are released however it ends.
 */
async function rollBack(ctx, options) {
    const session = new RolloutSession(ctx, {
        ...(options.platform === undefined ? {} : { platform: options.platform }),
        ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    });
    const { timeline } = session;
    const result = {
        rolledBack: false,
        source: options.request.source,
        restoredRelease: {},
        machines: [],
        timeline: [],
        spans: [],
    };
    const rows = new Map();
    try {
        const all = await session.readApp();
        const live = all.filter((m) => m.state !== 'destroyed' && m.state !== 'destroying');
        const apps = selectTargets(live, { processGroups: [], regions: [] }).targets;
        timeline.note(`resolve ${options.request.source}`);
        const target = await resolveTarget(ctx, options.request, apps, options.platform);
        result.source = target.source;
        if (target.image !== undefined)
            result.image = target.image;
        result.restoredRelease = target.release;
        const byId = new Map(live.map((m) => [m.id, m]));
        const temporary = new Set([
            ...live.filter((m) => m.config?.metadata?.[TEMPORARY_KEY] !== undefined).map((m) => m.id),
            ...target.created.filter((id) => byId.has(id)),
        ]);
        const row = (m, toImage, r, detail) => {
            rows.set(m.id, {
                id: m.id,
                region: m.region ?? '',
                processGroup: processGroupOf(m),
                fromImage: m.config?.image ?? '',
                toImage,
                result: r,
                ...(detail === undefined ? {} : { detail }),
            });
        };
        for (const [id, config] of target.configs) {
            const m = byId.get(id);
            if (m === undefined) {
                rows.set(id, {
                    id,
                    region: '',
                    processGroup: '',
                    fromImage: '',
                    toImage: config.image ?? '',
                    result: 'gone',
                });
                ctx.log.info(`${id} is no longer a machine of ${ctx.app}: nothing to restore there`);
            }
        }
        const toChange = apps.filter((m) => {
            const config = target.configs.get(m.id);
            if (config === undefined || temporary.has(m.id))
                return false;
            const same = sameRunningConfig(m.config, config);
            if (same) {
                row(m, config.image ?? '', 'unchanged', target.notes.get(m.id));
                ctx.log.info(`${m.id} already runs ${config.image ?? 'the target config'}: left alone`);
            }
            return !same;
        });
        if (result.image === undefined && toChange[0] !== undefined)
            result.image = target.configs.get(toChange[0].id)?.image;
        const touched = [...toChange.map((m) => m.id), ...temporary];
        if (touched.length === 0) {
            timeline.note('every machine already on the target: nothing to change');
            return result;
        }
        await session.lease(touched, {
            waitMs: options.waitForLeaseMs,
            description: `deploy-actions rollback-on-failure${options.reason === undefined ? '' : `: ${options.reason.slice(0, 60)}`}`,
        });
        const recorded = toChange.length === 0
            ? undefined
            : await session.recordRelease({
                app: ctx.app,
                image: result.image ?? '',
                strategy: options.strategy,
                definition: {
                    rollback: true,
                    source: target.source,
                    ...(options.reason === undefined ? {} : { reason: options.reason }),
                },
            });
        if (recorded?.version !== undefined) {
            result.recordedVersion = recorded.version;
            timeline.note(`rollback recorded as release v${recorded.version}`);
        }
        const plan = {
            schema: ROLLBACK_PLAN_SCHEMA,
            app: ctx.app,
            createdAt: new Date(ctx.clock.now()).toISOString(),
            machines: toChange.map((m) => {
                const config = stamped(target.configs.get(m.id) ?? {}, recorded ?? {});
                return {
                    id: m.id,
                    processGroup: processGroupOf(m),
                    state: stoppedOnPurpose(m) ? 'stopped' : 'started',
                    ...(config.image === undefined ? {} : { image: config.image }),
                    config,
                };
            }),
            created: [...temporary],
        };
        result.rolledBack = true;
        const restored = await session.restore(plan, {
            only: new Set(toChange.map((m) => m.id)),
            waitTimeoutMs: options.waitTimeoutMs,
            settleMs: options.settleMs,
            oneAtATime: options.strategy === 'rolling',
        }, `restore ${toChange.length} machines (${options.strategy}), destroy ${temporary.size} temporary`);
        for (const r of restored) {
            const m = byId.get(r.machineId);
            if (m === undefined)
                continue;
            const image = temporary.has(m.id) ? '' : (target.configs.get(m.id)?.image ?? '');
            row(m, image, r.result === 'unchanged' ? 'unchanged' : r.result, r.detail ?? target.notes.get(m.id));
        }
        const failed = restored.filter((r) => r.result === 'failed');
        if (failed.length > 0) {
            throw new src/* DeployActionError */.o8(`${failed.length} machine(s) did not come back: ${failed.map((r) => `${r.machineId} (${r.detail ?? 'unknown'})`).join('; ')}`, {
                code: 'rollback-incomplete',
                hint: 'the app is still unhealthy: look at those machines (`fly machine status <id>`, `fly logs -i <id>`) and run this action again',
            });
        }
        timeline.note('every machine restored');
        await session.finishRelease();
    }
    catch (e) {
        result.error = session.failed(e);
        await session.finishRelease(result.error);
    }
    finally {
        await session.close();
        result.machines = [...rows.values()];
        result.timeline = timeline.lines;
        result.spans = timeline.spans;
    }
    return result;
}

;// CONCATENATED MODULE: ./packages/release/src/index.ts
// Public surface of @deploy-actions/release: the release engine shared by fly-deploy, health-gate and
// rollback-on-failure. Each piece works on an EngineContext (client, app, signal, logger, clock).
























/***/ })

};
