export const id = 738;
export const ids = [738];
export const modules = {

/***/ 51738:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8997);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 8997:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./packages/core/src/index.ts + 22 modules
var src = __webpack_require__(6466);
;// CONCATENATED MODULE: ./actions/services-manifest/src/inputs.ts

/** The input spec, exported so the proof record can list the inputs as given. */
const inputSpec = {
    manifest: src/* input */.hF.string({
        default: '.github/deploy-services.yml',
        allowed: "the path of the services manifest in the caller's repository, e.g. .github/deploy-services.yml",
    }),
    timeout: src/* input */.hF.duration({ default: '1m', min: '1s', max: '1h' }),
    'proof-dir': src/* input */.hF.string(),
};
/**
 * Reads and checks every input.
 * @throws InputError listing every problem at once.
 */
function getInputs() {
    const raw = (0,src/* readInputs */.Ko)(inputSpec);
    return { manifest: raw.manifest };
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 8 modules
var schemas = __webpack_require__(32716);
// EXTERNAL MODULE: ./packages/release/src/index.ts + 24 modules
var release_src = __webpack_require__(66054);
;// CONCATENATED MODULE: ./actions/services-manifest/src/manifest.ts




/** GitHub runs at most 256 jobs of one matrix. */
const MAX_SERVICES = 256;
/** A manifest lists services, not data: anything larger is refused before it is parsed. */
const MAX_MANIFEST_BYTES = 256 * 1024;
/** Longest part of a value quoted back in a problem. */
const MAX_QUOTED = 80;
// Service names end up in artifact names (`deploy-proof-<name>`) and job names: letters, digits, `.`, `_`, `-`.
const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
// Fly app names: lower-case letters, digits and dashes (superfly/flyctl internal/command/apps/create.go).
const FLY_APP = /^[a-z0-9][a-z0-9-]{0,62}$/;
// A secret name as GitHub accepts it (and not a GITHUB_ one, which GitHub reserves).
const SECRET_NAME = /^(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]{0,99}$/i;
const manifest_text = (max) => schemas/* string */.YjP().trim().min(1).max(max);
const httpUrl = schemas/* string */.YjP()
    .trim()
    .max(2048)
    .refine((value) => {
    try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
    }
    catch {
        return false;
    }
});
const relativePath = manifest_text(1024).refine((value) => !value.startsWith('/') && !value.split(/[\\/]/).includes('..'));
/** A string, or a list of strings joined one per line (how the actions take lists). */
const lines = (item) => schemas/* union */.KCZ([item, schemas/* array */.YOg(item).min(1).max(100)])
    .transform((value) => (Array.isArray(value) ? value.join('\n') : value));
/** Every key a service may have, in the order the docs list them. */
const SERVICE_KEYS = new Map([
    [
        'name',
        {
            schema: schemas/* string */.YjP().regex(SERVICE_NAME),
            allowed: 'a name of letters, digits, `.`, `_` and `-` (at most 63), unique in the manifest',
            required: true,
        },
    ],
    [
        'app',
        {
            schema: schemas/* string */.YjP().regex(FLY_APP),
            allowed: 'a Fly app name (lower-case letters, digits and dashes)',
            required: true,
        },
    ],
    [
        'image',
        {
            schema: schemas/* string */.YjP().regex(/^\S{1,512}$/),
            allowed: 'an image reference such as registry.fly.io/app:tag',
        },
    ],
    [
        'config',
        { schema: relativePath, allowed: "the path of the service's fly.toml, relative to the repository root" },
    ],
    [
        'strategy',
        { schema: schemas/* enum */.k5n(release_src/* STRATEGIES */.YL), allowed: `one of ${release_src/* STRATEGIES */.YL.join(', ')}`, default: 'rolling' },
    ],
    ['health-targets', { schema: lines(httpUrl), allowed: 'an http(s) URL, or a list of them (at most 100)' }],
    ['expect-version', { schema: manifest_text(128), allowed: 'the release the health targets must answer with' }],
    [
        'environment',
        {
            schema: manifest_text(255),
            allowed: 'a GitHub environment name (at most 255 characters)',
            default: 'production',
        },
    ],
    ['environment-url', { schema: httpUrl, allowed: 'an http(s) URL' }],
    [
        'required-secrets',
        { schema: lines(schemas/* string */.YjP().regex(SECRET_NAME)), allowed: 'a secret name, or a list of them' },
    ],
    ['required-checks', { schema: lines(manifest_text(256)), allowed: 'a check name, or a list of them' }],
    [
        'token-secret',
        {
            schema: schemas/* string */.YjP().regex(SECRET_NAME),
            allowed: "the name of the secret holding the service's Fly deploy token (not GITHUB_*)",
            default: 'FLY_API_TOKEN',
        },
    ],
    [
        'app-secrets-secret',
        {
            schema: schemas/* string */.YjP().regex(SECRET_NAME),
            allowed: "the name of the secret holding the app's `NAME=value` secrets lines (not GITHUB_*)",
        },
    ],
]);
const TOP_LEVEL_KEYS = ['services'];
/** `"value"`, redacted and cut short; non-strings as YAML would show them. */
function quote(value) {
    let shown;
    try {
        shown = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
    }
    catch {
        shown = String(value);
    }
    return JSON.stringify((0,src/* redactAndShorten */.w_)(shown, MAX_QUOTED));
}
/** How many aliases a manifest may expand: a few are enough, thousands are a billion-laughs bomb. */
const MAX_ALIASES = 20;
/** Plain JS of a node (aliases resolved, at most {@link MAX_ALIASES} of them). */
function manifest_valueOf(document, node) {
    if ((0,dist/* isScalar */.jn)(node))
        return node.value;
    if ((0,dist/* isMap */.jh)(node) || (0,dist/* isSeq */.oP)(node) || (0,dist/* isAlias */.Vj)(node))
        return node.toJS(document, { maxAliasCount: MAX_ALIASES });
    return node ?? null;
}
/**
 * Reads and checks a services manifest, reporting every problem at once: each names the service, the key, the
 * value and what is allowed. Keys are read from the YAML nodes into `Map`s, so a key such as `__proto__` is one
 * more unknown key, not a change to an object.
 */
function readManifest(source) {
    try {
        return checkManifest(source);
    }
    catch (error) {
        // The yaml library throws on alias bombs (ReferenceError) and the stack runs out on absurd nesting (RangeError).
        const why = error instanceof RangeError
            ? 'it is nested too deeply'
            : (0,src/* redactAndShorten */.w_)(error.message.split('\n')[0] ?? '', 200);
        return { ok: false, problems: [{ line: 1, message: `could not be read: ${why}` }] };
    }
}
function checkManifest(source) {
    const lineCounter = new dist/* LineCounter */.HN();
    const problems = [];
    const at = (node, message) => {
        const offset = node?.range?.[0] ?? 0;
        problems.push({ line: lineCounter.linePos(offset).line, message });
    };
    let document;
    try {
        document = (0,dist/* parseDocument */.Tp)(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
    }
    catch (error) {
        return {
            ok: false,
            problems: [{ line: 1, message: `could not be read as YAML (${error.name})` }],
        };
    }
    for (const error of document.errors) {
        problems.push({
            line: error.linePos?.[0].line ?? 1,
            message: `is not valid YAML: ${(0,src/* redactAndShorten */.w_)(error.message.split('\n')[0] ?? '', 200)}`,
        });
    }
    if (problems.length > 0)
        return { ok: false, problems };
    const root = document.contents;
    if (!(0,dist/* isMap */.jh)(root)) {
        at(root, 'must be a mapping with a `services` list');
        return { ok: false, problems };
    }
    for (const pair of root.items) {
        const key = (0,dist/* isScalar */.jn)(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined || !TOP_LEVEL_KEYS.includes(key)) {
            at(pair.key, `key ${quote(key ?? manifest_valueOf(document, pair.key))} is not allowed at the top; expected only \`services\``);
        }
    }
    const list = root.get('services', true);
    if (!(0,dist/* isSeq */.oP)(list) || list.items.length === 0) {
        at(list ?? root, `\`services\` must be a list of at least one service; got ${quote(manifest_valueOf(document, list))}`);
        return { ok: false, problems };
    }
    if (list.items.length > MAX_SERVICES) {
        at(list, `lists ${list.items.length} services; a matrix runs at most ${MAX_SERVICES}`);
        return { ok: false, problems };
    }
    const services = [];
    const byName = new Map();
    const byApp = new Map();
    list.items.forEach((item, index) => {
        const service = readService(document, item, index, at);
        if (service === undefined)
            return;
        const seen = byName.get(service.name.toLowerCase());
        if (seen !== undefined) {
            at(item, `service ${quote(service.name)} (services[${index}]): the name is also used by services[${seen}]; names must be unique (case-insensitively: they name artifacts)`);
        }
        else
            byName.set(service.name.toLowerCase(), index);
        const appOwner = byApp.get(service.app);
        if (appOwner !== undefined) {
            at(item, `service ${quote(service.name)} (services[${index}]): app ${quote(service.app)} is also deployed by service ${quote(appOwner)}; one service per app, or their rollouts would race`);
        }
        else
            byApp.set(service.app, service.name);
        services.push(service);
    });
    if (problems.length > 0)
        return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
    return { ok: true, services };
}
function readService(document, item, index, at) {
    if (!(0,dist/* isMap */.jh)(item)) {
        at(item, `services[${index}] must be a mapping (name, app, image, …); got ${quote(manifest_valueOf(document, item))}`);
        return undefined;
    }
    const given = new Map();
    for (const pair of item.items) {
        const key = (0,dist/* isScalar */.jn)(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined || !SERVICE_KEYS.has(key)) {
            at(pair.key, `services[${index}]: key ${quote(key ?? manifest_valueOf(document, pair.key))} is not a service key; expected one of ${[...SERVICE_KEYS.keys()].join(', ')}`);
            continue;
        }
        given.set(key, { node: pair.value ?? pair.key, value: manifest_valueOf(document, pair.value) });
    }
    const rawName = given.get('name')?.value;
    const label = typeof rawName === 'string' && SERVICE_NAME.test(rawName)
        ? `service ${quote(rawName)} (services[${index}])`
        : `services[${index}]`;
    let valid = true;
    const service = new Map();
    for (const [key, rule] of SERVICE_KEYS) {
        const entry = given.get(key);
        if (entry === undefined || entry.value === null) {
            if (rule.required === true) {
                at(item, `${label}: key \`${key}\` is missing; expected ${rule.allowed}`);
                valid = false;
            }
            service.set(key, rule.default ?? '');
            continue;
        }
        const parsed = rule.schema.safeParse(entry.value);
        if (!parsed.success) {
            // `expect-version: 1.20` reads as the number 1.2: say why the value looks different from what was written.
            const read = typeof entry.value === 'number' || typeof entry.value === 'boolean'
                ? ` (YAML read a ${typeof entry.value}: quote the value)`
                : '';
            at(entry.node, `${label}, key \`${key}\`: got ${quote(entry.value)}${read}; expected ${rule.allowed}`);
            valid = false;
            continue;
        }
        service.set(key, parsed.data);
    }
    if (!given.has('image') && !given.has('config')) {
        at(item, `${label}: needs \`image\` (what to deploy) or \`config\` (a fly.toml to build or deploy from)`);
        valid = false;
    }
    if (!valid)
        return undefined;
    const get = (key) => service.get(key) ?? '';
    return {
        name: get('name'),
        app: get('app'),
        image: get('image'),
        config: get('config'),
        strategy: get('strategy'),
        'health-targets': get('health-targets'),
        'expect-version': get('expect-version'),
        environment: get('environment'),
        'environment-url': get('environment-url'),
        'required-secrets': get('required-secrets'),
        'required-checks': get('required-checks'),
        'token-secret': get('token-secret'),
        'app-secrets-secret': get('app-secrets-secret'),
    };
}

;// CONCATENATED MODULE: ./actions/services-manifest/src/main.ts






/** Reads the manifest file, refusing what is not a small regular file. */
async function readManifestFile(file, shown) {
    try {
        const info = await (0,promises_.stat)(file);
        if (!info.isFile())
            throw new src/* DeployActionError */.o8(`${shown} is not a file`, { code: 'invalid-manifest' });
        if (info.size > MAX_MANIFEST_BYTES) {
            throw new src/* DeployActionError */.o8(`${shown} is ${info.size} bytes, more than a manifest may be (${MAX_MANIFEST_BYTES})`, { code: 'invalid-manifest', hint: 'A services manifest lists services; keep it under that size.' });
        }
        return await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        if (error instanceof src/* DeployActionError */.o8)
            throw error;
        const code = error.code;
        if (code === 'ENOENT') {
            throw new src/* DeployActionError */.o8(`there is no services manifest at ${shown}`, {
                code: 'invalid-manifest',
                hint: "Check the `manifest` input, and that the job checked out the caller's repository first.",
            });
        }
        throw new src/* DeployActionError */.o8(`could not read the services manifest ${shown} (${code ?? 'unknown error'})`, {
            code: 'invalid-manifest',
            hint: 'Make the manifest a readable file in the repository.',
        });
    }
}
function summaryOf(services, shown) {
    return [
        (0,src/* summaryHeading */.hn)('Services to deploy'),
        (0,src/* summaryParagraph */.RB)(`${services.length} service(s) from ${shown}`),
        (0,src/* summaryTable */.jb)(['service', 'app', 'image or config', 'strategy', 'environment', 'health targets'], services.map((s) => [
            s.name,
            s.app,
            s.image !== '' ? s.image : s.config,
            s.strategy,
            s.environment,
            s['health-targets'] === '' ? "machines' own checks" : s['health-targets'].split('\n').length,
        ])),
    ];
}
/** Reads and checks the services manifest; sets the deploy matrix as outputs, or fails naming every problem. */
async function run() {
    await (0,src/* runAction */.Cs)('services-manifest', async (ctx) => {
        const inputs = getInputs();
        const { values } = (0,src/* rawInputs */.me)(inputSpec);
        ctx.proof.setInputs(values);
        const file = external_node_path_default().resolve(process.env.GITHUB_WORKSPACE || process.cwd(), inputs.manifest);
        const shown = inputs.manifest;
        const result = readManifest(await readManifestFile(file, shown));
        if (!result.ok) {
            // The manifest is committed text, but a credential pasted into it is still not echoed into the log.
            const messages = await Promise.all(result.problems.map(async (p) => (0,src/* replaceFindings */.Tb)(p.message, await (0,src/* detectSecrets */.NZ)(p.message))));
            result.problems.forEach((problem, index) => {
                src/* log */.Rm.error(messages[index] ?? '', { title: 'Services manifest', file: shown, line: problem.line });
            });
            const lines = result.problems.map((p, index) => `${shown}:${p.line}: ${messages[index] ?? ''}`);
            throw new src/* DeployActionError */.o8(`${result.problems.length} problem(s) in the services manifest:\n${lines.join('\n')}`, {
                code: 'invalid-manifest',
                hint: 'Fix every line above in the manifest; nothing was deployed.',
            });
        }
        const { services } = result;
        src/* log */.Rm.info(`${services.length} service(s): ${services.map((s) => s.name).join(', ')}`);
        core/* setOutput */.uH('services', JSON.stringify(services));
        core/* setOutput */.uH('names', services.map((s) => s.name).join(','));
        core/* setOutput */.uH('count', String(services.length));
        ctx.proof.fact('services', services);
        await (0,src/* writeSummary */.Sy)(summaryOf(services, shown));
    }, { defaultTimeout: '1m' });
}


/***/ })

};
