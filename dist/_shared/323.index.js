export const id = 323;
export const ids = [323];
export const modules = {

/***/ 50323:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(21591);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 21591:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./packages/core/src/index.ts + 22 modules
var src = __webpack_require__(6466);
;// CONCATENATED MODULE: ./actions/preflight-secrets/src/fly-checks.ts

/** What a refusal means and what to do, in the words of the incident reports; `{app}`/`{token}` are filled in. */
const REFUSALS = {
    401: {
        verdict: 'Fly refused the token (401): it is invalid or expired',
        fix: 'create a new token with `fly tokens create deploy -a {app}` and store it as the {token} secret',
    },
    403: {
        verdict: "Fly refused access (403): the token's organization or app scope does not cover {app}",
        fix: 'create a deploy token for {app} with `fly tokens create deploy -a {app}` (or use a token of the organization that owns it) and store it as the {token} secret',
    },
    404: {
        verdict: 'Fly has no app named {app} (404)',
        fix: 'check the app name in fly-apps, or create the app with `fly apps create {app}`',
    },
};
/**
 * Asks Fly, for each app, whether the token can read it (`GET /v1/apps/{app}`), whether it belongs to the expected
 * organization, and whether the required app secrets exist (names only). A call that gets no usable answer yields
 * an `unverified` finding, never `missing`: an outage says nothing about the token.
 */
async function checkFlyAccess(client, plan) {
    const perApp = await Promise.all(plan.apps.map((app) => checkApp(client, plan, app)));
    return perApp.flat();
}
function tokenRow(plan, app) {
    return { name: plan.tokenName, subject: `${plan.tokenName} → ${app}`, level: 'critical' };
}
function appSecretRow(app, name) {
    return { name: `${app}:${name}`, subject: `${name} on ${app}`, level: 'critical' };
}
/**
 * The rows of checks that could not be asked (the token is unusable, or Fly refused it for the app): shown as
 * skipped so that the user sees, in this run, everything still to be checked once the token is fixed.
 */
function notAsked(plan, app, reason, withToken) {
    const skipped = {
        category: 'skipped',
        verdict: `not checked: ${reason}`,
        fix: `fix ${plan.tokenName} first`,
    };
    return [
        ...(withToken ? [{ ...tokenRow(plan, app), ...skipped }] : []),
        ...plan.appSecrets.map((name) => ({ ...appSecretRow(app, name), ...skipped })),
    ];
}
async function checkApp(client, plan, app) {
    const token = tokenRow(plan, app);
    let org;
    try {
        const found = await client.getApp(app);
        org = found.organization?.slug;
        // An answer about another app, or without the organization asked about, says nothing about this one.
        const unreadable = found.name !== app
            ? `the API answered about another app (${(0,src/* redactAndShorten */.w_)(found.name, 60)})`
            : plan.org !== undefined && org === undefined
                ? 'the answer names no organization'
                : undefined;
        if (unreadable !== undefined) {
            return [
                {
                    ...token,
                    category: 'unverified',
                    verdict: `could not verify: GET /v1/apps/${app} → 200, but ${unreadable}`,
                    fix: 'check that the api-url input points at the Fly Machines API, then re-run',
                },
                ...(await checkAppSecrets(client, plan, app)),
            ];
        }
    }
    catch (error) {
        const refused = await refusal(client, token, app, error);
        return [refused, ...notAsked(plan, app, `${plan.tokenName} cannot read app ${app}`, false)];
    }
    const access = plan.org !== undefined && org !== plan.org
        ? {
            ...token,
            category: 'invalid',
            verdict: `app ${app} belongs to the organization ${org ?? '(unknown)'}, not ${plan.org}`,
            fix: `check fly-org and the app name; if the app moved, create a deploy token in ${org ?? 'its organization'} with \`fly tokens create deploy -a ${app}\``,
        }
        : {
            ...token,
            category: 'ok',
            verdict: `can read app ${app}${org === undefined ? '' : ` in ${org}`}`,
            fix: '',
        };
    return [access, ...(await checkAppSecrets(client, plan, app))];
}
async function refusal(client, token, app, error) {
    if (!(error instanceof src/* FlyApiError */.mo))
        throw error;
    const requestId = error.requestId === undefined ? {} : { requestId: error.requestId };
    const refusal = REFUSALS[error.status];
    if (refusal === undefined) {
        return {
            ...token,
            ...requestId,
            category: 'unverified',
            verdict: `could not verify: ${withoutRequestId(error)}`,
            fix: error.hint,
        };
    }
    const owner = error.status === 403 ? await tokenOwner(client) : '';
    const fill = (text) => text.replaceAll('{app}', app).replaceAll('{token}', token.name);
    return {
        ...token,
        ...requestId,
        category: 'invalid',
        verdict: fill(refusal.verdict) + owner,
        fix: fill(refusal.fix),
    };
}
/** The error's message without its `(fly-request-id: …)`: findings show the id once, in a column of its own. */
function withoutRequestId(error) {
    return error.requestId === undefined
        ? error.message
        : error.message.replace(` (fly-request-id: ${error.requestId})`, '');
}
/** For a 403, which organization the token does cover: the question incident 1 could not answer. */
async function tokenOwner(client) {
    try {
        const { tokens } = await client.currentToken();
        const orgs = [...new Set(tokens.map((t) => t.org_slug ?? t.organization).filter((o) => o !== undefined))];
        return orgs.length === 0 ? '' : ` (the token belongs to ${orgs.join(', ')})`;
    }
    catch {
        return '';
    }
}
async function checkAppSecrets(client, plan, app) {
    if (plan.appSecrets.length === 0)
        return [];
    let names;
    try {
        names = new Set((await client.listSecrets(app)).map((s) => s.name));
    }
    catch (error) {
        const requestId = error instanceof src/* FlyApiError */.mo && error.requestId !== undefined ? { requestId: error.requestId } : {};
        return plan.appSecrets.map((name) => ({
            ...appSecretRow(app, name),
            ...requestId,
            category: 'unverified',
            verdict: `could not list the app's secrets: ${error instanceof src/* FlyApiError */.mo ? withoutRequestId(error) : (0,src/* errorMessage */.gJ)(error)}`,
            fix: error instanceof src/* FlyApiError */.mo ? error.hint : 'retry later',
        }));
    }
    return plan.appSecrets.map((name) => ({
        ...appSecretRow(app, name),
        ...(names.has(name)
            ? { category: 'ok', verdict: 'set on Fly', fix: '' }
            : {
                category: 'missing',
                verdict: `app ${app} has no secret ${name} on Fly`,
                fix: `set it with \`fly secrets set ${name}=… -a ${app}\``,
            }),
    }));
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 8 modules
var schemas = __webpack_require__(32716);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/core.js
var core = __webpack_require__(88532);
// EXTERNAL MODULE: ./node_modules/re2js/build/index.js
var build = __webpack_require__(2856);
;// CONCATENATED MODULE: ./actions/preflight-secrets/src/formats.ts


/** Format names accepted by the `secrets` input, in the order the docs list them. */
const FORMAT_NAMES = [
    'fly-token',
    'github-token',
    'postgres-url',
    'url',
    'jwt',
    'pem',
    'regex:<pattern>',
];
/**
 * Reads a format name as written in the `secrets` input.
 * Returns a problem sentence instead when the name is unknown or the pattern does not compile.
 */
function parseFormat(text) {
    if (text.startsWith('regex:')) {
        const source = text.slice('regex:'.length);
        if (source === '')
            return { problem: 'regex: needs a pattern after the colon' };
        try {
            // RE2 runs in time linear in the value, so a pattern such as (a+)+b cannot hang the run on a long value;
            // `matches` is anchored at both ends, as people expect of a format.
            return { kind: 'regex', source, pattern: build/* RE2JS */.L3.compile(source) };
        }
        catch (error) {
            const reason = (error instanceof Error ? error.message : String(error)).slice(0, 160);
            return { problem: `the pattern does not compile as RE2 (no lookaround or backreferences): ${reason}` };
        }
    }
    const known = FORMAT_NAMES.filter((name) => name !== 'regex:<pattern>');
    if (known.includes(text))
        return { kind: text };
    return { problem: `expected one of ${FORMAT_NAMES.join(', ')}` };
}
/** A readable name for a format, for tables and messages. */
function formatLabel(format) {
    return format.kind === 'regex' ? `regex:${format.source}` : format.kind;
}
// Prefixes GitHub documents for its token types; classic 40-hex tokens are still accepted by the API.
const GITHUB_TOKEN = /^(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,244}|[0-9a-f]{40})$/;
const PEM_BLOCK = /^-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n:,\- ]+?)\r?\n?-----END \1-----\s*$/;
/**
 * Checks a value against a format. Returns what is wrong, in words that never quote the value, or `undefined`
 * when the value fits. `now` decides whether a JWT has expired.
 */
function checkFormat(format, value, now = new Date()) {
    switch (format.kind) {
        case 'fly-token':
            return (0,src/* describeFlyTokenProblem */.hW)(value);
        case 'github-token':
            return GITHUB_TOKEN.test(value)
                ? undefined
                : 'is not a GitHub token (expected ghp_, gho_, ghu_, ghs_, ghr_ or github_pat_ followed by its characters)';
        case 'postgres-url':
            return checkUrl(value, ['postgres:', 'postgresql:']);
        case 'url':
            return checkUrl(value, ['http:', 'https:']);
        case 'jwt':
            return checkJwt(value, now);
        case 'pem':
            return checkPem(value);
        case 'regex':
            return format.pattern.matches(value) ? undefined : `does not match the pattern ${formatLabel(format)}`;
    }
}
function checkUrl(value, protocols) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        return `is not a URL (expected ${protocols.map((p) => `${p}//…`).join(' or ')})`;
    }
    if (!protocols.includes(url.protocol)) {
        return `has the scheme ${url.protocol}// but ${protocols.map((p) => `${p}//`).join(' or ')} is expected`;
    }
    if (url.hostname === '')
        return 'has no host name';
    if (protocols.includes('postgres:') && url.pathname.replace(/^\//, '') === '') {
        return 'names no database (expected postgres://user:password@host:5432/database)';
    }
    return undefined;
}
function checkJwt(value, now) {
    const parts = value.split('.');
    if (parts.length !== 3 || parts.some((part, i) => i < 2 && !/^[A-Za-z0-9_-]+$/.test(part))) {
        return 'is not a JWT (expected three base64url parts separated by dots)';
    }
    const [header, payload] = parts.slice(0, 2).map(decodeJsonPart);
    if (header === undefined || typeof header.alg !== 'string')
        return 'is not a JWT (its header has no "alg")';
    if (payload === undefined)
        return 'is not a JWT (its payload is not JSON)';
    if (typeof payload.exp === 'number') {
        const expires = new Date(payload.exp * 1000);
        // A Date holds ±8.64e15 ms; an exp beyond that (-1e20) cannot be shown as a date and is no real expiry.
        if (Number.isNaN(expires.getTime()))
            return 'is a JWT whose "exp" claim is out of range';
        if (expires.getTime() <= now.getTime())
            return `is a JWT that expired at ${expires.toISOString()}`;
    }
    return undefined;
}
function decodeJsonPart(part) {
    try {
        const parsed = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
        return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
function checkPem(value) {
    // Secrets pasted through a single-line field often arrive with literal "\n" instead of line breaks.
    if (!value.includes('\n') && value.includes('\\n')) {
        return 'is a PEM block whose line breaks were stored as the two characters \\n; store it with real line breaks';
    }
    return PEM_BLOCK.test(value.trim())
        ? undefined
        : 'is not a PEM block (expected -----BEGIN …----- and a matching -----END …----- line)';
}

;// CONCATENATED MODULE: ./actions/preflight-secrets/src/spec.ts


/** Environment variable names, which is what secrets are passed as. */
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME_RULE = 'a secret name is letters, digits and _, not starting with a digit';
const formatSchema = schemas/* string */.YjP().transform((text, ctx) => {
    const format = parseFormat(text.trim());
    if ('problem' in format) {
        ctx.issues.push({ code: 'custom', message: `format "${text}": ${format.problem}`, input: text });
        return core/* NEVER */.tm;
    }
    return format;
});
const entrySchema = schemas/* strictObject */.rej({
    level: schemas/* enum */.k5n(['critical', 'important']).default('critical'),
    format: formatSchema.optional(),
    'min-length': schemas/* int */.Whr().min(1).optional(),
    hint: schemas/* string */.YjP().trim().min(1).optional(),
});
/**
 * The `secrets` input after YAML parsing. Accepted shapes:
 * - names, one per line (YAML folds them into one string) or a YAML list: all critical;
 * - a mapping (also as items of a list) in which every entry is `NAME:` (null), `NAME: important` (a bare level) or
 *   `NAME: { level, format, min-length, hint }`.
 * Names are user keys: they are kept as entries, never as properties of an object, so `__proto__`, `constructor`
 * or `toString` are names like any other. Problems carry the name in their path (`DATABASE_URL.level`).
 */
const secretsInputSchema = schemas/* unknown */.L5J().transform((parsed, ctx) => {
    const problem = (message, path = []) => {
        ctx.issues.push({ code: 'custom', message, path, input: parsed });
    };
    const specs = [];
    const seen = new Set();
    for (const [name, value, where] of secretEntries(parsed, problem)) {
        if (!SECRET_NAME.test(name)) {
            problem(NAME_RULE, where);
            continue;
        }
        if (seen.has(name)) {
            problem(`${name} is listed twice`, where);
            continue;
        }
        seen.add(name);
        const entry = entrySchema.safeParse(value === null || value === undefined ? {} : typeof value === 'string' ? { level: value } : value);
        if (!entry.success) {
            for (const issue of entry.error.issues)
                problem(issue.message, [name, ...issue.path.map(pathPart)]);
            continue;
        }
        const e = entry.data;
        specs.push({
            name,
            level: e.level,
            ...(e.format === undefined ? {} : { format: e.format }),
            ...(e['min-length'] === undefined ? {} : { minLength: e['min-length'] }),
            ...(e.hint === undefined ? {} : { hint: e.hint }),
        });
    }
    if (specs.length === 0 && seen.size === 0 && ctx.issues.length === 0)
        problem('name at least one secret');
    return specs;
});
function pathPart(part) {
    return typeof part === 'number' ? part : String(part);
}
/** `[name, entry, where]` for every secret the parsed input names, in order; shapes that name none are problems. */
function secretEntries(parsed, problem) {
    if (typeof parsed === 'string') {
        return parsed
            .split(/\s+/)
            .filter((n) => n !== '')
            .map((n) => [n, null, [n]]);
    }
    if (Array.isArray(parsed)) {
        return parsed.flatMap((item, i) => {
            if (typeof item === 'string')
                return [[item, null, [item]]];
            if (isMapping(item))
                return Object.entries(item).map(([name, value]) => [name, value, [name]]);
            problem(`item ${i + 1} is a ${describe(item)}; list secret names, or NAME: entries`, [i]);
            return [];
        });
    }
    if (isMapping(parsed))
        return Object.entries(parsed).map(([name, value]) => [name, value, [name]]);
    problem(`expected names or a mapping, got a ${describe(parsed)}`);
    return [];
}
function isMapping(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function describe(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'list';
    return typeof value === 'object' ? 'mapping' : typeof value;
}
/**
 * The `secrets-json` input after YAML parsing: names to values, as a `Map` (a repository secret may be called
 * anything, `__proto__` included). Problems never quote a value.
 */
const secretsJsonSchema = schemas/* unknown */.L5J().transform((parsed, ctx) => {
    const values = new Map();
    if (!isMapping(parsed)) {
        ctx.issues.push({
            code: 'custom',
            message: `expected a JSON object, got a ${describe(parsed)}`,
            input: '',
        });
        return values;
    }
    for (const [name, value] of Object.entries(parsed)) {
        if (typeof value === 'string')
            values.set(name, value);
        else
            ctx.issues.push({
                code: 'custom',
                message: `the value of ${name} is not a string`,
                path: [name],
                input: '',
            });
    }
    return values;
});

;// CONCATENATED MODULE: ./actions/preflight-secrets/src/inputs.ts


// Fly app and organization names: lower-case letters, digits and dashes.
const FLY_NAME = /[a-z0-9][a-z0-9-]*/;
/** The `timeout` input's default, as action.yml declares it: a preflight should answer in seconds. */
const DEFAULT_TIMEOUT = '2m';
/** The input spec, exported so the proof record can list the inputs as given. */
const inputSpec = {
    secrets: src/* input */.hF.structured(secretsInputSchema, {
        required: true,
        allowed: 'secret names one per line, or a YAML mapping in which every line is `NAME:`, `NAME: important` or `NAME: { level: critical|important, format: fly-token|github-token|postgres-url|url|jwt|pem|regex:<pattern>, min-length: <n>, hint: <text> }`',
    }),
    'secrets-json': src/* input */.hF.structured(secretsJsonSchema, {
        secret: true,
        allowed: 'a JSON object of secret names to values, as ${{ toJSON(secrets) }} gives',
    }),
    'fly-apps': src/* input */.hF.list({ pattern: FLY_NAME }),
    'fly-org': src/* input */.hF.string({ pattern: FLY_NAME }),
    'fly-token-env': src/* input */.hF.string({ default: 'FLY_API_TOKEN', pattern: SECRET_NAME }),
    'fly-app-secrets': src/* input */.hF.list({ pattern: SECRET_NAME }),
    'api-url': src/* input */.hF.url({ default: 'https://api.machines.dev' }),
    'fail-on': src/* input */.hF.enumOf(['critical', 'any', 'never'], { default: 'critical' }),
    'proof-dir': src/* input */.hF.string(),
    // Read and checked by runAction (a problem is listed with these); here so the proof lists it and action.yml agrees.
    timeout: src/* input */.hF.string({ default: DEFAULT_TIMEOUT }),
};
function needsApps(name) {
    return {
        input: name,
        allowed: `${name} is checked for each app in fly-apps; name the apps in fly-apps too`,
    };
}
/**
 * Reads and checks every input.
 * @throws InputError listing every problem at once.
 */
function getInputs() {
    const raw = (0,src/* readInputs */.Ko)(inputSpec, {
        check: (values, given) => {
            const noApps = (values['fly-apps'] ?? []).length === 0 && !given('fly-apps');
            return ['fly-org', 'fly-app-secrets'].filter((n) => noApps && given(n)).map(needsApps);
        },
    });
    return {
        secrets: raw.secrets,
        ...(raw['secrets-json'] === undefined ? {} : { secretsJson: raw['secrets-json'] }),
        flyApps: raw['fly-apps'] ?? [],
        ...(raw['fly-org'] === undefined ? {} : { flyOrg: raw['fly-org'] }),
        flyTokenEnv: raw['fly-token-env'],
        flyAppSecrets: raw['fly-app-secrets'] ?? [],
        apiUrl: raw['api-url'],
        failOn: raw['fail-on'],
    };
}

;// CONCATENATED MODULE: ./actions/preflight-secrets/src/placeholders.ts
/**
 * Values people paste while a real credential is still to come. A secret that holds one of them is as unusable
 * as a missing one, and the deploy that relies on it fails late and far from the cause (incident 3).
 */
const PLACEHOLDER_RULES = [
    { test: (v) => /^\*+$/.test(v), describe: 'a run of asterisks (a masked value copied from a log)' },
    {
        // `xxxx`, `xxxx-xxxx`, and a key's prefix followed only by x's (`sk-xxxxxxxx`, `ghp_xxxxxxxxxxxx`).
        test: (v) => /^(?:[a-z0-9]{1,12}[-_])?x{3,}(?:[-_]x{3,})*$/i.test(v),
        describe: 'a run of "x" characters',
    },
    { test: (v) => /^<[^<>]*>$/.test(v), describe: 'an angle-bracket placeholder such as <your-token>' },
    { test: (v) => /^\$\{\{.*\}\}$/.test(v), describe: 'an unevaluated ${{ … }} expression' },
    { test: (v) => /^your[-_ ].*[-_ ]here$/i.test(v), describe: 'a "your-…-here" placeholder' },
    {
        test: (v) => /^(tbd|todo|tba|changeme|change[-_ ]me|replace[-_ ]?me|placeholder|null|undefined|none|nil|secret|password|dummy|fixme)$/i.test(v),
        describe: 'a word people type while the real value is still to come',
    },
];
/**
 * Says why a value looks like a placeholder rather than a credential, or `undefined` when it does not.
 * The value is compared trimmed; the description never repeats the value itself.
 */
function placeholderReason(value) {
    const trimmed = value.trim();
    return PLACEHOLDER_RULES.find((rule) => rule.test(trimmed))?.describe;
}

;// CONCATENATED MODULE: ./actions/preflight-secrets/src/local-checks.ts


function whereToSet(name) {
    return (`set the secret ${name} in the repository's Settings → Secrets and variables → Actions ` +
        '(or in the environment or organization; an organization secret must be shared with this repository)');
}
function formatFix(name, format) {
    switch (format.kind) {
        case 'fly-token':
            return `create a token with \`fly tokens create deploy -a <app>\` and store its whole output as ${name} (the \`FlyV1 \` prefix may stay)`;
        case 'github-token':
            return `store a GitHub token (a fine-grained token starting github_pat_, or a classic one starting ghp_) as ${name}`;
        case 'postgres-url':
            return `store the connection string as ${name}, e.g. postgres://user:password@host:5432/database`;
        case 'pem':
            return `store the whole PEM block as ${name}, including the BEGIN and END lines and its line breaks`;
        default:
            return `store a value in the ${formatLabel(format)} format as ${name}`;
    }
}
function withHint(fix, spec) {
    return spec.hint === undefined ? fix : `${fix}. ${spec.hint}`;
}
/**
 * Checks one secret without calling anything: presence, emptiness, placeholders, length and format.
 * Verdicts describe the value without quoting it.
 */
function checkSecret(spec, read) {
    const base = { name: spec.name, subject: spec.name, level: spec.level };
    const missing = (verdict, fix) => ({
        ...base,
        category: 'missing',
        verdict,
        fix: withHint(fix, spec),
    });
    const invalid = (verdict, fix) => ({
        ...base,
        category: 'invalid',
        verdict,
        fix: withHint(fix, spec),
    });
    const { value } = read;
    if (read.source === 'absent' || value === undefined) {
        return missing('not passed to this step', `add \`${spec.name}: \${{ secrets.${spec.name} }}\` under the step's env: (or pass secrets-json), and ${whereToSet(spec.name)}`);
    }
    // GitHub passes a secret that is not set as an empty string, so "empty" usually means "not set".
    if (value === '')
        return missing('empty (the secret is not set, or set to nothing)', whereToSet(spec.name));
    if (value.trim() === '')
        return missing('blank (only whitespace)', whereToSet(spec.name));
    const placeholder = placeholderReason(value);
    if (placeholder !== undefined) {
        return missing(`a placeholder: ${placeholder}`, `replace the placeholder with the real value: ${whereToSet(spec.name)}`);
    }
    if (spec.minLength !== undefined && value.length < spec.minLength) {
        return invalid(`shorter than ${spec.minLength} characters`, `check that ${spec.name} holds the whole value`);
    }
    if (spec.format !== undefined) {
        const problem = checkFormat(spec.format, value);
        if (problem !== undefined)
            return invalid(`${formatLabel(spec.format)}: ${problem}`, formatFix(spec.name, spec.format));
    }
    const how = spec.format === undefined ? 'set' : `set, ${formatLabel(spec.format)} format`;
    return { ...base, category: 'ok', verdict: `${how} (from ${read.source})`, fix: '' };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var lib_core = __webpack_require__(33838);
;// CONCATENATED MODULE: ./actions/preflight-secrets/src/findings.ts
/** Whether a finding is a problem that `failOn` counts (for `never`, whether it would fail under `critical`). */
function counts(finding, failOn) {
    if (failOn === 'any')
        return finding.category !== 'ok' && finding.category !== 'skipped';
    return finding.level === 'critical' && (finding.category === 'missing' || finding.category === 'invalid');
}
/** Whether a finding deserves a line in the log and an annotation. */
function isProblem(finding) {
    return finding.category !== 'ok' && finding.category !== 'skipped';
}

;// CONCATENATED MODULE: ./actions/preflight-secrets/src/report.ts






const VERDICT_MARK = {
    ok: '✅',
    missing: '❌',
    invalid: '❌',
    unverified: '⚠️',
    skipped: '➖',
};
const PROOF_RESULT = {
    ok: 'ok',
    missing: 'failed',
    invalid: 'failed',
    unverified: 'info',
    skipped: 'skipped',
};
function namesOf(findings, category) {
    return [...new Set(findings.filter((f) => f.category === category).map((f) => f.name))];
}
/** Sums the findings up under `failOn`. */
function buildReport(findings, failOn) {
    const failing = findings.filter((f) => counts(f, failOn));
    return {
        ok: failing.length === 0,
        failOn,
        missing: namesOf(findings, 'missing'),
        invalid: namesOf(findings, 'invalid'),
        failing,
        findings,
    };
}
function withRequestId(finding) {
    return finding.requestId === undefined
        ? finding.verdict
        : `${finding.verdict} (fly-request-id: ${finding.requestId})`;
}
/**
 * Shows the report everywhere a user looks: one log line and annotation per problem, the step-summary table, the
 * outputs, the JSON report file and the proof record. Nothing here holds a value; all of it is redacted anyway.
 */
async function publishReport(report, proof) {
    for (const f of report.findings) {
        const line = `${f.subject} [${f.level}]: ${withRequestId(f)}${f.fix === '' ? '' : `. What to do: ${f.fix}`}`;
        if (!isProblem(f))
            src/* log */.Rm.info(`${VERDICT_MARK[f.category]} ${line}`);
        else if (f.level === 'critical' && f.category !== 'unverified')
            src/* log */.Rm.error(line, { title: `${f.name}: critical` });
        else
            src/* log */.Rm.warn(line, { title: `${f.name}: ${f.category === 'unverified' ? 'not verified' : f.level}` });
        proof.step(`check ${f.subject}`, PROOF_RESULT[f.category], withRequestId(f));
    }
    const problems = report.findings.filter(isProblem);
    const critical = problems.filter((f) => f.level === 'critical' && f.category !== 'unverified').length;
    await (0,src/* writeSummary */.Sy)([
        (0,src/* summaryHeading */.hn)(`Preflight: secrets and credentials ${report.ok ? '✅' : '❌'}`),
        (0,src/* summaryParagraph */.RB)(problems.length === 0
            ? `All ${report.findings.length} checks passed.`
            : `${problems.length} of ${report.findings.length} checks found a problem (${critical} critical); fail-on: ${report.failOn}.`),
        (0,src/* summaryTable */.jb)(['Secret', 'Level', 'Verdict', 'What to do'], report.findings.map((f) => [
            f.subject,
            f.level,
            `${VERDICT_MARK[f.category]} ${withRequestId(f)}`,
            f.fix,
        ])),
    ]);
    // RUNNER_TEMP is shared by every step of the job: a folder of its own keeps another preflight step from
    // overwriting the report this step's `report` output names.
    const base = (0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'preflight-secrets');
    await (0,promises_.mkdir)(base, { recursive: true });
    const path = (0,external_node_path_.join)(await (0,promises_.mkdtemp)((0,external_node_path_.join)(base, 'run-')), 'report.json');
    const { failing: _failing, ...stored } = report;
    await (0,promises_.writeFile)(path, `${JSON.stringify((0,src/* redactDeep */.ro)(stored), null, 2)}\n`);
    lib_core/* setOutput */.uH('ok', String(report.ok));
    lib_core/* setOutput */.uH('missing', report.missing.join(','));
    lib_core/* setOutput */.uH('invalid', report.invalid.join(','));
    lib_core/* setOutput */.uH('report', path);
    proof.fact('preflight', {
        ok: report.ok,
        failOn: report.failOn,
        missing: report.missing,
        invalid: report.invalid,
    });
    return path;
}

;// CONCATENATED MODULE: ./actions/preflight-secrets/src/main.ts





/**
 * Reads a secret from `secrets-json` or the step's environment and masks it, and every piece of it, at once:
 * nothing may print it before it is registered.
 */
function readSecret(spec, inputs) {
    const fromJson = inputs.secretsJson?.get(spec.name);
    // Own properties only: `process.env.toString` is a function, not a variable named toString.
    const fromEnv = Object.hasOwn(process.env, spec.name) ? process.env[spec.name] : undefined;
    const read = fromJson !== undefined
        ? { value: fromJson, source: 'secrets-json' }
        : fromEnv !== undefined
            ? { value: fromEnv, source: 'env' }
            : { value: undefined, source: 'absent' };
    if (read.value !== undefined) {
        (0,src/* registerSecret */.cl)(read.value);
        // A Fly token may hold several comma-joined macaroons; each must be masked on its own, whether or not this
        // run checks it against apps (masks last for the job, and a later step may print one piece).
        if (spec.format?.kind === 'fly-token' || spec.name === inputs.flyTokenEnv)
            maskFlyTokenPieces(read.value);
    }
    return read;
}
function maskFlyTokenPieces(value) {
    try {
        (0,src/* parseFlyToken */.k2)(value);
    }
    catch (error) {
        // Nothing but a `FlyV1 ` prefix, or a character no header takes: the pieces were registered before the check
        // threw, and the format check reports the problem with the rest.
        if (!(error instanceof src/* DeployActionError */.o8))
            throw error;
    }
}
/**
 * {@link checkSecret}, but a value that breaks a check (a formatter throwing on it) is one finding, never the end of
 * the run. The finding names the error's kind only: its message may quote the value.
 */
function checkSecretSafely(spec, read) {
    try {
        return checkSecret(spec, read);
    }
    catch (error) {
        const kind = error instanceof Error ? error.name : typeof error;
        return {
            name: spec.name,
            subject: spec.name,
            level: spec.level,
            category: 'invalid',
            verdict: `the value could not be checked (the check failed with ${kind})`,
            fix: `check that ${spec.name} holds the value you meant; if it does, report this as a bug`,
        };
    }
}
/** The secrets to check: those listed, plus the Fly token (critical, `fly-token` format) when apps are to be checked. */
function secretsToCheck(inputs) {
    const listed = inputs.secrets.find((s) => s.name === inputs.flyTokenEnv);
    if (inputs.flyApps.length === 0)
        return inputs.secrets;
    const token = {
        ...listed,
        name: inputs.flyTokenEnv,
        level: 'critical',
        format: { kind: 'fly-token' },
    };
    return listed === undefined
        ? [token, ...inputs.secrets]
        : inputs.secrets.map((s) => (s === listed ? token : s));
}
/** Checks every secret, then the Fly token against every app, and reports all problems at once. */
async function run() {
    await (0,src/* runAction */.Cs)('preflight-secrets', async (ctx) => {
        const inputs = getInputs();
        // secrets-json holds every secret of the repository, not only those checked: mask them all, one by one.
        for (const value of inputs.secretsJson?.values() ?? [])
            (0,src/* registerSecret */.cl)(value);
        const { values, secretInputs } = (0,src/* rawInputs */.me)(inputSpec);
        ctx.proof.setInputs(values, { secretInputs });
        const specs = secretsToCheck(inputs);
        const reads = new Map(specs.map((spec) => [spec.name, readSecret(spec, inputs)]));
        const findings = specs.map((spec) => checkSecretSafely(spec, reads.get(spec.name) ?? { value: undefined, source: 'absent' }));
        if (inputs.flyApps.length > 0) {
            const plan = {
                tokenName: inputs.flyTokenEnv,
                apps: inputs.flyApps,
                appSecrets: inputs.flyAppSecrets,
                ...(inputs.flyOrg === undefined ? {} : { org: inputs.flyOrg }),
            };
            const token = findings.find((f) => f.name === inputs.flyTokenEnv);
            const tokenValue = reads.get(inputs.flyTokenEnv)?.value;
            if (token?.category === 'ok' && tokenValue !== undefined) {
                // Three attempts, not the default five: an unreachable API only makes these checks "could not verify",
                // and a preflight should answer in seconds.
                const client = new src/* FlyClient */.zx({
                    token: tokenValue,
                    apiUrl: inputs.apiUrl,
                    signal: ctx.signal,
                    deadline: ctx.deadline,
                    retry: { maxAttempts: 3 },
                });
                ctx.onCleanup(() => client.close());
                findings.push(...(await src/* log */.Rm.group(`Asking ${inputs.apiUrl} about ${inputs.flyApps.join(', ')}`, () => checkFlyAccess(client, plan))));
            }
            else {
                const reason = `${inputs.flyTokenEnv} is unusable`;
                findings.push(...inputs.flyApps.flatMap((app) => notAsked(plan, app, reason, true)));
            }
        }
        const report = buildReport(findings, inputs.failOn);
        await publishReport(report, ctx.proof);
        if (!report.ok && inputs.failOn !== 'never') {
            const list = report.failing.map((f) => f.subject).join(', ');
            throw new src/* DeployActionError */.o8(`${report.failing.length} problem(s) that fail-on: ${inputs.failOn} counts: ${list}`, {
                code: 'preflight-failed',
                hint: 'each error above (and each row of the step summary) says how to fix it; fix them all, then re-run',
            });
        }
    }, { defaultTimeout: DEFAULT_TIMEOUT });
}


/***/ })

};
