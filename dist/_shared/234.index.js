export const id = 234;
export const ids = [234];
export const modules = {

/***/ 8234:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9262);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 9262:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./packages/core/src/index.ts + 22 modules
var src = __webpack_require__(6466);
// EXTERNAL MODULE: ./packages/proof-bundle/src/index.ts + 5 modules
var proof_bundle_src = __webpack_require__(75805);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./actions/proof-upload/src/timeline.ts

const STEP_MARK = { ok: '✅', failed: '❌', skipped: '➖', info: 'ℹ️' };
const OUTCOME_MARK = {
    success: '✅',
    failure: '❌',
    cancelled: '⏹️',
};
/** One verdict per readable record, in the order the runs started. */
function verdictsOf(records) {
    return sortByStart(records).map(({ bundlePath, record }) => ({
        action: record.action,
        outcome: record.outcome,
        ...(record.app === undefined ? {} : { app: record.app }),
        record: bundlePath,
        ...(record.error === undefined ? {} : { error: `${record.error.code}: ${record.error.message}` }),
    }));
}
/** `failure` when any run failed or was cancelled or any record is broken; `none` with no record at all. */
function overallOutcome(verdicts, files) {
    const broken = files.some((f) => f.record?.valid === false);
    if (verdicts.length === 0 && !broken)
        return 'none';
    return broken || verdicts.some((v) => v.outcome !== 'success') ? 'failure' : 'success';
}
function sortByStart(records) {
    return [...records].sort((a, b) => a.record.startedAt.localeCompare(b.record.startedAt));
}
/** `04:05:06` (UTC) of an ISO time. */
function clock(iso) {
    return iso.slice(11, 19);
}
/** Markdown text of a table cell or list item: one line, no table breaks, no HTML. */
function inline(text) {
    return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}
/** The runs in the order they started, each step in words (shared by `timeline.md` and the step summary). */
function timelineSections(records) {
    return sortByStart(records).map(({ bundlePath, record }) => {
        const took = Date.parse(record.finishedAt) - Date.parse(record.startedAt);
        const app = record.app === undefined ? '' : ` for ${inline(record.app)}`;
        const lines = record.steps.map((step) => {
            const detail = step.detail === undefined ? '' : `: ${inline(step.detail)}`;
            return `${clock(step.at)} ${STEP_MARK[step.result]} ${inline(step.what)}${detail}`;
        });
        if (record.error !== undefined) {
            const hint = record.error.hint === undefined ? '' : ` What to do: ${inline(record.error.hint)}`;
            const id = record.error.requestId === undefined ? '' : ` (Fly request id ${inline(record.error.requestId)})`;
            lines.push(`error ${record.error.code}: ${inline(record.error.message)}${id}.${hint}`);
        }
        return {
            title: `${clock(record.startedAt)} ${record.action}${app}: ${OUTCOME_MARK[record.outcome]} ${record.outcome}` +
                ` (${(0,src/* formatDuration */.a3)(Number.isFinite(took) && took >= 0 ? took : 0)})`,
            lines,
            record: bundlePath,
            spans: record.spans ?? [],
        };
    });
}
/**
 * `timeline.md`: the run in words, run by run and step by step, from the (already redacted) records; broken
 * records are named with what is wrong with them.
 */
function buildTimeline(run, records, files) {
    const out = [
        `# Deploy proof: ${inline(run.repository)} @ ${run.sha.slice(0, 12)}`,
        '',
        `Workflow **${inline(run.workflow)}**, job **${inline(run.job)}**, run ${run.runId} attempt ${run.runAttempt}, ` +
            `triggered by ${inline(run.event)} from ${inline(run.actor)} on ${inline(run.ref)}: ${run.runUrl}`,
        '',
    ];
    if (records.length === 0)
        out.push('No proof record was found.', '');
    for (const section of timelineSections(records)) {
        out.push(`## ${section.title}`, '', ...section.lines.map((line) => `- ${line}`), '', ...(section.spans.length === 0 ? [] : [(0,src/* rolloutChartMarkdown */.zi)(section.spans), '']), `Record: \`${section.record}\``, '');
    }
    const broken = brokenRecords(files);
    if (broken.length > 0)
        out.push('## Broken records', '', ...broken.map((line) => `- ${line}`), '');
    return `${out.join('\n')}\n`;
}
/** `path: what is wrong (kept, redacted)` for each record that failed its schema check. */
function brokenRecords(files) {
    return files.flatMap((f) => f.record?.valid === false ? [`${f.path}: ${inline(f.record.problem)} (kept, redacted)`] : []);
}

;// CONCATENATED MODULE: ./actions/proof-upload/src/bundle.ts






/** The run, from the runner's variables (empty where one is not set). */
function runMetadata() {
    const env = process.env;
    const pick = (name) => env[name] ?? '';
    const server = pick('GITHUB_SERVER_URL') || 'https://github.com';
    return {
        repository: pick('GITHUB_REPOSITORY'),
        sha: pick('GITHUB_SHA'),
        ref: pick('GITHUB_REF'),
        workflow: pick('GITHUB_WORKFLOW'),
        job: pick('GITHUB_JOB'),
        runId: pick('GITHUB_RUN_ID'),
        runAttempt: pick('GITHUB_RUN_ATTEMPT'),
        actor: pick('GITHUB_ACTOR'),
        event: pick('GITHUB_EVENT_NAME'),
        runUrl: `${server}/${pick('GITHUB_REPOSITORY')}/actions/runs/${pick('GITHUB_RUN_ID')}/attempts/${pick('GITHUB_RUN_ATTEMPT') || '1'}`,
    };
}
const IMAGE_DIGEST = /^([^\s@]+)@sha256:([0-9a-f]{64})$/;
/** Every `<image>@sha256:<hex>` a record's facts name: the images that were deployed. */
function deployedImages(records) {
    const found = new Map();
    const visit = (value) => {
        if (typeof value === 'string') {
            const match = IMAGE_DIGEST.exec(value);
            if (match?.[1] !== undefined && match[2] !== undefined) {
                found.set(value, { name: match[1], digest: { sha256: match[2] } });
            }
        }
        else if (Array.isArray(value))
            value.forEach(visit);
        else if (value !== null && typeof value === 'object')
            Object.values(value).forEach(visit);
    };
    for (const { record } of records)
        visit(record.facts);
    return [...found.values()];
}
function sha256(text) {
    return (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex');
}
/**
 * Writes `timeline.md` (listed in the manifest), `manifest.json`, and the in-toto statement whose subjects are the
 * deployed images and the manifest; the statement's predicate also goes to `predicate.json` outside the bundle,
 * for actions/attest.
 */
async function writeBundle(options) {
    const { root, workDir, name, staged } = options;
    const run = runMetadata();
    const timeline = buildTimeline(run, staged.records, staged.files);
    await (0,promises_.writeFile)(external_node_path_default().join(root, proof_bundle_src/* TIMELINE_FILE */.DR), timeline, { flag: 'wx' });
    const files = [
        ...staged.files,
        {
            path: proof_bundle_src/* TIMELINE_FILE */.DR,
            sha256: sha256(timeline),
            size: Buffer.byteLength(timeline),
            source: 'generated',
            redactions: {},
        },
    ];
    const verdicts = verdictsOf(staged.records);
    const manifest = proof_bundle_src/* manifestSchema */.rc.parse({
        schema: proof_bundle_src/* MANIFEST_SCHEMA_ID */.SJ,
        createdAt: new Date().toISOString(),
        name,
        run,
        outcome: overallOutcome(verdicts, staged.files),
        verdicts,
        files,
        omitted: staged.omitted,
        redactions: { total: (0,src/* tallyTotal */.Lp)(staged.tally), byKind: Object.fromEntries(staged.tally) },
    });
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    const manifestPath = external_node_path_default().join(root, proof_bundle_src/* MANIFEST_FILE */.h1);
    await (0,promises_.writeFile)(manifestPath, manifestText, { flag: 'wx' });
    const statement = (0,proof_bundle_src/* buildStatement */.Y5)([...deployedImages(staged.records), { name: proof_bundle_src/* MANIFEST_FILE */.h1, digest: { sha256: sha256(manifestText) } }], {
        outcome: manifest.outcome,
        run: { repository: run.repository, runId: run.runId, runAttempt: run.runAttempt, runUrl: run.runUrl },
        verdicts: (0,proof_bundle_src/* predicateVerdicts */.UL)(verdicts),
        bundle: { name, manifest: proof_bundle_src/* MANIFEST_FILE */.h1 },
    });
    await (0,promises_.writeFile)(external_node_path_default().join(root, proof_bundle_src/* STATEMENT_FILE */.zH), `${JSON.stringify(statement, null, 2)}\n`, { flag: 'wx' });
    const predicatePath = external_node_path_default().join(workDir, 'predicate.json');
    await (0,promises_.writeFile)(predicatePath, `${JSON.stringify(statement.predicate, null, 2)}\n`, { flag: 'wx' });
    return { manifest, manifestPath, predicatePath, timeline };
}

// EXTERNAL MODULE: ./node_modules/@actions/glob/lib/glob.js + 15 modules
var glob = __webpack_require__(89062);
;// CONCATENATED MODULE: ./actions/proof-upload/src/collect.ts



/** More files than this is not a proof bundle; stop before a runaway glob fills the disk with redacted copies. */
const MAX_FILES = 5000;
function toBundlePath(...segments) {
    return segments
        .flatMap((s) => s.split(/[\\/]+/))
        .filter((s) => s !== '' && s !== '.' && s !== '..')
        .join('/');
}
/**
 * Lists every file of `proofDir` (recursively) and every file matched by `patterns` (rooted at the workspace), each
 * once, skipping `exclude` (the action's own working folder). Only regular files are kept: a FIFO or a device would
 * never end.
 */
async function collectFiles(proofDir, patterns, workspace, exclude) {
    const seen = new Set();
    const taken = new Set();
    const files = [];
    const skipped = [];
    const add = async (origin, bundlePath, source) => {
        let real;
        try {
            real = await (0,promises_.realpath)(origin);
            const info = await (0,promises_.stat)(real);
            if (!info.isFile()) {
                skipped.push({ origin, reason: 'not a regular file' });
                return;
            }
        }
        catch {
            skipped.push({ origin, reason: 'could not be read' });
            return;
        }
        if (seen.has(real) || real.startsWith(exclude + (external_node_path_default()).sep))
            return;
        if (files.length >= MAX_FILES) {
            skipped.push({ origin, reason: `more than ${MAX_FILES} files matched` });
            return;
        }
        seen.add(real);
        files.push({ origin, bundlePath: unique(bundlePath, taken), source });
    };
    const proofDirFound = await (0,promises_.stat)(proofDir).then((info) => info.isDirectory(), () => false);
    if (proofDirFound) {
        const entries = await (0,promises_.readdir)(proofDir, { recursive: true, withFileTypes: true });
        const names = entries
            .filter((e) => !e.isDirectory())
            .map((e) => external_node_path_default().join(e.parentPath, e.name))
            .sort();
        for (const file of names) {
            const relative = external_node_path_default().relative(proofDir, file);
            const isRecord = !relative.includes((external_node_path_default()).sep) && relative.endsWith('.json');
            await add(file, toBundlePath('proof', relative), isRecord ? 'record' : 'proof-dir');
        }
    }
    if (patterns.length > 0) {
        const globber = await glob/* create */.v(patterns.map((p) => rootedAt(workspace, p)).join('\n'), {
            followSymbolicLinks: false,
            matchDirectories: false,
            implicitDescendants: true,
        });
        for (const file of (await globber.glob()).sort()) {
            const relative = external_node_path_default().relative(workspace, file);
            const inside = !relative.startsWith('..') && !external_node_path_default().isAbsolute(relative);
            await add(file, toBundlePath('files', inside ? relative : external_node_path_default().join('outside-workspace', external_node_path_default().basename(file))), 'paths');
        }
    }
    return { files, skipped, proofDirFound };
}
/** A relative pattern made absolute under the workspace (the runner's working folder, but not necessarily ours). */
function rootedAt(workspace, pattern) {
    const negated = pattern.startsWith('!');
    const body = negated ? pattern.slice(1) : pattern;
    const rooted = external_node_path_default().isAbsolute(body) || body.startsWith('~') ? body : external_node_path_default().join(workspace, body);
    return negated ? `!${rooted}` : rooted;
}
/** `name`, or `name-2`, `name-3`… (before the extension) when another file already took it. */
function unique(bundlePath, taken) {
    let candidate = bundlePath;
    const ext = external_node_path_default().posix.extname(bundlePath);
    const stem = bundlePath.slice(0, bundlePath.length - ext.length);
    for (let n = 2; taken.has(candidate); n++)
        candidate = `${stem}-${n}${ext}`;
    taken.add(candidate);
    return candidate;
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js
var github = __webpack_require__(61351);
;// CONCATENATED MODULE: ./actions/proof-upload/src/deployment.ts


/** Why a GitHub API call failed, with what to do, keyed on the status. */
function explain(error, what) {
    const status = typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : undefined;
    const hints = {
        401: 'the github-token is invalid or expired; pass the job token (the default) or a valid token',
        403: 'the token may not create deployments: give the job `permissions: deployments: write`',
        404: "the repository was not found with this token; check GITHUB_REPOSITORY and the token's repository access",
        409: 'GitHub refused the deployment (a conflict with the ref or a required status check)',
        422: 'GitHub refused the request as invalid; check deployment-environment and environment-url',
    };
    const hint = (status === undefined ? undefined : hints[status]) ??
        'Re-run the job; if it keeps failing, check https://www.githubstatus.com';
    return new src/* DeployActionError */.o8(`could not ${what}${status === undefined ? '' : ` (HTTP ${status})`}: ${(0,src/* redact */.E$)((0,src/* errorMessage */.gJ)(error)).slice(0, 300)}`, { code: 'github-deployment-failed', hint, cause: error });
}
/**
 * Creates a GitHub Deployment of the run's commit in `environment` and its final status, through Octokit (which
 * honours `GITHUB_API_URL`). Returns the deployment's id.
 */
async function recordDeployment(request) {
    const octokit = (0,github/* getOctokit */.Q)(request.token, { request: { signal: request.signal } });
    const [owner = '', repo = ''] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
    const ref = process.env.GITHUB_SHA ?? '';
    let id;
    try {
        const created = await octokit.rest.repos.createDeployment({
            owner,
            repo,
            ref,
            environment: request.environment,
            auto_merge: false,
            // The checks already ran in this workflow; GitHub's own would refuse a deploy whose checks are still running.
            required_contexts: [],
            payload: request.payload,
            description: request.description.slice(0, 140),
        });
        if (created.status !== 201 || !('id' in created.data)) {
            // 202: GitHub merged the default branch into the ref instead of creating a deployment.
            throw new src/* DeployActionError */.o8('GitHub answered without creating a deployment (it merged the ref instead)', {
                code: 'github-deployment-failed',
                hint: 'Deploy a commit SHA, not a branch that is behind its base.',
            });
        }
        id = created.data.id;
    }
    catch (error) {
        if (error instanceof src/* DeployActionError */.o8)
            throw error;
        throw explain(error, 'create the GitHub deployment');
    }
    try {
        await octokit.rest.repos.createDeploymentStatus({
            owner,
            repo,
            deployment_id: id,
            state: request.state,
            log_url: request.logUrl,
            description: request.description.slice(0, 140),
            auto_inactive: request.state === 'success',
            ...(request.environmentUrl === undefined ? {} : { environment_url: request.environmentUrl }),
        });
    }
    catch (error) {
        throw explain(error, `set the status of GitHub deployment ${id}`);
    }
    return id;
}

;// CONCATENATED MODULE: ./actions/proof-upload/src/inputs.ts

// The characters upload-artifact v4 refuses in a name (actions/toolkit artifact path-and-artifact-name-validation).
const ARTIFACT_NAME = /[^":<>|*?\r\n\\/]+/;
const ENV_NAME = /[A-Za-z_][A-Za-z0-9_]*/;
/** The `timeout` input's default, as action.yml declares it: an upload of a few files takes seconds to minutes. */
const DEFAULT_TIMEOUT = '10m';
/** The input spec, exported so the proof record can list the inputs as given. */
const inputSpec = {
    paths: src/* input */.hF.string(),
    name: src/* input */.hF.string({ pattern: ARTIFACT_NAME }),
    'retention-days': src/* input */.hF.integer({ min: 1, max: 90 }),
    'if-no-files-found': src/* input */.hF.enumOf(['warn', 'error', 'ignore'], { default: 'warn' }),
    redact: src/* input */.hF.secret(),
    'redact-env': src/* input */.hF.list({ pattern: ENV_NAME }),
    'fail-on-unredactable': src/* input */.hF.boolean({ default: 'false' }),
    summary: src/* input */.hF.boolean({ default: 'true' }),
    'deployment-environment': src/* input */.hF.string({ pattern: /[^\r\n]{1,255}/ }),
    'environment-url': src/* input */.hF.url(),
    'github-token': src/* input */.hF.secret(),
    // Read and checked by runAction (a problem is listed with these); here so the proof lists them and action.yml
    // agrees.
    'proof-dir': src/* input */.hF.string(),
    timeout: src/* input */.hF.string({ default: DEFAULT_TIMEOUT }),
};
function defaultName() {
    const env = process.env;
    return `deploy-proof-${env.GITHUB_RUN_ID ?? 'local'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${env.GITHUB_JOB ?? 'job'}`;
}
function lines(text) {
    return (text ?? '')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
}
/**
 * Reads and checks every input.
 * @throws InputError listing every problem at once.
 */
function getInputs() {
    const raw = (0,src/* readInputs */.Ko)(inputSpec, {
        check: (values, given) => {
            const problems = [];
            if (given('environment-url') && !given('deployment-environment')) {
                problems.push({
                    input: 'environment-url',
                    allowed: 'environment-url is the URL of the GitHub deployment; set deployment-environment too',
                });
            }
            if (given('deployment-environment') && !given('github-token')) {
                problems.push({
                    input: 'github-token',
                    allowed: 'a token that may create deployments (permissions: deployments: write) when deployment-environment is set; the default is the job token',
                });
            }
            return problems;
        },
    });
    const environment = raw['deployment-environment'];
    return {
        paths: lines(raw.paths),
        name: raw.name ?? defaultName(),
        ...(raw['retention-days'] === undefined ? {} : { retentionDays: raw['retention-days'] }),
        ifNoFilesFound: raw['if-no-files-found'],
        redact: lines(raw.redact),
        redactEnv: raw['redact-env'] ?? [],
        failOnUnredactable: raw['fail-on-unredactable'],
        summary: raw.summary,
        ...(environment === undefined
            ? {}
            : {
                deployment: {
                    environment,
                    token: raw['github-token'] ?? '',
                    ...(raw['environment-url'] === undefined ? {} : { environmentUrl: raw['environment-url'] }),
                },
            }),
    };
}

;// CONCATENATED MODULE: ./actions/proof-upload/src/report.ts



const report_OUTCOME_MARK = { success: '✅', failure: '❌', none: '➖' };
const MAX_FACTS = 8;
const MAX_FACT_TEXT = 120;
/** Steps the summary's timeline shows: the runner keeps at most 1 MiB of a step's summary; all are in the artifact. */
const MAX_TIMELINE_LINES = 500;
/**
 * The facts worth a glance in the status matrix (versions, images, verdicts), as `name: value`; nested objects one
 * level deep, the run's own `github` context left out since the summary already names the run.
 */
function factLines(facts) {
    const lines = [];
    const show = (name, value) => {
        if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
            lines.push(`${name}: ${String(value)}`.slice(0, MAX_FACT_TEXT));
        }
        else if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
            lines.push(`${name}: ${value.map(String).join(', ')}`.slice(0, MAX_FACT_TEXT));
        }
    };
    for (const [key, value] of Object.entries(facts)) {
        if (key === 'github')
            continue;
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
            for (const [sub, inner] of Object.entries(value))
                show(`${key}.${sub}`, inner);
        }
        else
            show(key, value);
    }
    return lines.length > MAX_FACTS
        ? [...lines.slice(0, MAX_FACTS), `… ${lines.length - MAX_FACTS} more`]
        : lines;
}
/** The step summary: outcome and artifact, the status matrix, broken records, left-out files, and the timeline. */
async function publishSummary(manifest, records, uploaded) {
    const artifact = uploaded === undefined
        ? 'Nothing was uploaded.'
        : `Artifact ${manifest.name} (id ${uploaded.id}, sha256 ${uploaded.digest}): ${uploaded.url}`;
    const sections = [
        (0,src/* summaryHeading */.hn)(`Deploy proof ${report_OUTCOME_MARK[manifest.outcome]}`),
        (0,src/* summaryParagraph */.RB)(`${manifest.verdicts.length} record(s), ${manifest.files.length} file(s), ${manifest.redactions.total} redaction(s). ${artifact}`),
    ];
    if (records.length > 0) {
        sections.push((0,src/* summaryHeading */.hn)('Status', 3), (0,src/* summaryTable */.jb)(['App', 'Action', 'Outcome', 'Versions and verdicts', 'Record'], [...records]
            .sort((a, b) => a.record.startedAt.localeCompare(b.record.startedAt))
            .map(({ bundlePath, record }) => [
            record.app ?? '',
            record.action,
            `${record.outcome === 'success' ? '✅' : '❌'} ${record.outcome}${record.error === undefined ? '' : ` (${record.error.code})`}`,
            factLines(record.facts).join('\n'),
            bundlePath,
        ])));
    }
    const broken = brokenRecords(manifest.files);
    if (broken.length > 0)
        sections.push((0,src/* summaryHeading */.hn)('Broken records', 3), (0,src/* summaryList */.Vd)(broken));
    if (manifest.omitted.length > 0) {
        sections.push((0,src/* summaryHeading */.hn)('Left out', 3), (0,src/* summaryList */.Vd)(manifest.omitted.map((o) => `${o.origin}: ${o.reason}`)));
    }
    const timeline = timelineSections(records);
    if (timeline.length > 0) {
        sections.push((0,src/* summaryHeading */.hn)('Timeline', 3));
        let budget = MAX_TIMELINE_LINES;
        for (const section of timeline) {
            if (budget <= 0) {
                sections.push((0,src/* summaryParagraph */.RB)(`… the rest of the run is in ${proof_bundle_src/* TIMELINE_FILE */.DR} in the artifact.`));
                break;
            }
            const lines = section.lines.slice(0, budget);
            budget -= lines.length;
            if (lines.length < section.lines.length) {
                lines.push(`… ${section.lines.length - lines.length} more in ${proof_bundle_src/* TIMELINE_FILE */.DR}`);
            }
            sections.push((0,src/* summaryParagraph */.RB)(section.title), (0,src/* summaryList */.Vd)(lines));
            if (section.spans.length > 0)
                sections.push(...(0,src/* rolloutChartSections */.AG)(section.spans));
        }
    }
    await (0,src/* writeSummary */.Sy)(sections);
}

;// CONCATENATED MODULE: ./actions/proof-upload/src/secret-values.ts

/** Words in a variable's name that say its value is a credential. */
const SECRET_NAME = /TOKEN|SECRET|KEY|PASSWORD|PASS|CREDENTIAL|AUTH/i;
/**
 * Found by name only, so a flag such as `SKIP_AUTH=true` is not taken for a secret: masking `true` would blank the
 * word out of every log line of the job. Variables named in `redact-env` are taken whatever their length.
 */
const MIN_GUESSED_LENGTH = 8;
const FLY_TOKEN = /(?:^|[\s,])(?:FlyV1 +)?(?:fo1_|fm1a_|fm1r_|fm2_)/;
/** Whether a URL carries a user name or password (`postgres://app:pw@db/app`). */
function hasCredentials(value) {
    if (!URL.canParse(value))
        return false;
    const url = new URL(value);
    return url.username !== '' || url.password !== '';
}
/** Whether an environment variable holds a secret, judged by its name (and, for `*_URL`, its value). */
function looksSecret(name, value) {
    if (value.trim().length < MIN_GUESSED_LENGTH)
        return false;
    if (SECRET_NAME.test(name))
        return true;
    return /_URL$/i.test(name) && hasCredentials(value.trim());
}
/**
 * Registers a value and its pieces: its lines and URL password (`registerSecret`), and each macaroon of a Fly token,
 * since a log may print one macaroon alone.
 */
function registerValue(value) {
    (0,src/* registerSecret */.cl)(value);
    if (!FLY_TOKEN.test(value))
        return;
    try {
        (0,src/* parseFlyToken */.k2)(value);
    }
    catch (error) {
        // Only a bare `FlyV1 ` is refused, and it holds nothing to mask.
        if (!(error instanceof src/* DeployActionError */.o8))
            throw error;
    }
}
/**
 * Registers every secret this run must redact: the `redact` lines, the variables named in `redact-env`, and every
 * variable whose name says it is a credential. Returns how many values were registered (for the log; never which).
 */
function registerRunSecrets(redact, redactEnv) {
    const named = new Set(redactEnv);
    let count = 0;
    for (const value of redact) {
        registerValue(value);
        count++;
    }
    for (const [name, value] of Object.entries(process.env)) {
        if (value === undefined || value.trim() === '')
            continue;
        if (named.has(name) || looksSecret(name, value)) {
            registerValue(value);
            count++;
        }
    }
    return count;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
;// CONCATENATED MODULE: ./actions/proof-upload/src/stage.ts






/** A record is a few kilobytes; a bigger `.json` is kept (redacted) but not parsed into memory. */
const MAX_RECORD_BYTES = 16 << 20;
/**
 * Copies each file into `root` redacted, as a stream, hashing what is written. Records are schema-checked from
 * their redacted copy, so nothing read from them afterwards (timeline, summary, verdicts) can hold a secret; a
 * broken one is kept and flagged. A file that is not UTF-8 text cannot be searched and is left out.
 */
async function stageFiles(sources, root, signal) {
    const staged = { files: [], omitted: [], records: [], tally: new Map() };
    for (const source of sources) {
        signal.throwIfAborted();
        const destination = external_node_path_default().join(root, ...source.bundlePath.split('/'));
        await (0,promises_.mkdir)(external_node_path_default().dirname(destination), { recursive: true });
        const tally = new Map();
        const hash = (0,external_node_crypto_.createHash)('sha256');
        let size = 0;
        try {
            await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(source.origin), (input) => (0,src/* redactStream */.SI)(input, tally), async function* (text) {
                for await (const piece of text) {
                    const bytes = Buffer.from(piece);
                    hash.update(bytes);
                    size += bytes.length;
                    yield bytes;
                }
            }, (0,external_node_fs_.createWriteStream)(destination, { flags: 'wx' }), { signal });
        }
        catch (error) {
            await (0,promises_.rm)(destination, { force: true });
            if (signal.aborted)
                throw error;
            staged.omitted.push({
                origin: (0,src/* redact */.E$)(source.origin),
                reason: error instanceof src/* UnredactableError */.t5
                    ? error.message
                    : `could not be read: ${(0,src/* redact */.E$)((0,src/* errorMessage */.gJ)(error))}`,
            });
            continue;
        }
        for (const [kind, n] of tally)
            staged.tally.set(kind, (staged.tally.get(kind) ?? 0) + n);
        const entry = {
            path: source.bundlePath,
            sha256: hash.digest('hex'),
            size,
            source: source.source,
            redactions: Object.fromEntries(tally),
        };
        if (source.source === 'record') {
            const checked = await checkRecord(destination, size);
            entry.record = checked.summary;
            if (checked.record !== undefined)
                staged.records.push({ bundlePath: source.bundlePath, record: checked.record });
        }
        staged.files.push(entry);
    }
    return staged;
}
/** Parses a redacted record against the v1 schema; says in a few words why it is broken when it is. */
async function checkRecord(file, size) {
    if (size > MAX_RECORD_BYTES)
        return { summary: { valid: false, problem: `larger than ${MAX_RECORD_BYTES} bytes` } };
    let json;
    try {
        json = JSON.parse(await (0,promises_.readFile)(file, 'utf8'));
    }
    catch {
        return { summary: { valid: false, problem: 'not JSON' } };
    }
    const parsed = src/* proofRecordSchema */.l1.safeParse(json);
    if (!parsed.success) {
        // Paths and zod's words only: a value from the record could be anything.
        const where = parsed.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.code}`)
            .join('; ');
        return { summary: { valid: false, problem: `does not match the proof record schema v1 (${where})` } };
    }
    const record = parsed.data;
    return {
        summary: {
            valid: true,
            action: record.action,
            outcome: record.outcome,
            ...(record.app === undefined ? {} : { app: record.app }),
        },
        record,
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/artifact/lib/artifact.js + 273 modules
var artifact = __webpack_require__(48787);
;// CONCATENATED MODULE: ./actions/proof-upload/src/upload.ts




/** How long an abandoned upload may keep the process alive after the run has ended. */
const ABANDONED_UPLOAD_EXIT_MS = 3000;
/** The page of an artifact on GitHub, as upload-artifact v4 links it. */
function artifactUrl(id) {
    const env = process.env;
    return `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY ?? ''}/actions/runs/${env.GITHUB_RUN_ID ?? ''}/artifacts/${id}`;
}
function upload_explain(error, name) {
    const message = (0,src/* redact */.E$)((0,src/* errorMessage */.gJ)(error));
    if (/\(409\)|already exists/i.test(message)) {
        return new src/* DeployActionError */.o8(`an artifact named "${name}" already exists in this workflow run`, {
            code: 'artifact-name-taken',
            hint: 'Artifact names are unique per run and artifacts are immutable: give this step a `name` of its own (add the job or matrix values).',
            cause: error,
        });
    }
    // The client reads the runtime token as a JWT (jwt-decode) before any request.
    if (/ACTIONS_RUNTIME_TOKEN|ACTIONS_RESULTS_URL|JWT|Invalid token specified/i.test(message)) {
        return new src/* DeployActionError */.o8(`the artifact service is not available to this step (${message})`, {
            code: 'artifact-service-unavailable',
            hint: 'Run proof-upload as a step of a GitHub Actions job (not in a container step without the runner variables); on GHES use actions/upload-artifact@v3 instead.',
            cause: error,
        });
    }
    return new src/* DeployActionError */.o8(`the upload to the artifact service failed: ${message}`, {
        code: 'artifact-upload-failed',
        hint: 'Re-run the job; if it keeps failing, check https://www.githubstatus.com for Actions artifacts.',
        cause: error,
    });
}
/**
 * Uploads every file under `root` as one artifact with the real @actions/artifact client (zip, blob upload through
 * a signed URL, finalize), bounded by `signal`: the client has no cancel of its own, so the wait is abandoned.
 */
async function uploadBundle(options) {
    const { root, name, signal } = options;
    const entries = await (0,promises_.readdir)(root, { recursive: true, withFileTypes: true });
    const files = entries.filter((e) => e.isFile()).map((e) => external_node_path_default().join(e.parentPath, e.name));
    const client = new artifact/* DefaultArtifactClient */.t9();
    const upload = client.uploadArtifact(name, files, root, {
        ...(options.retentionDays === undefined ? {} : { retentionDays: options.retentionDays }),
    });
    const aborted = new Promise((_, reject) => {
        const stop = () => reject(signal.reason);
        if (signal.aborted)
            stop();
        signal.addEventListener('abort', stop, { once: true });
    });
    let result;
    try {
        result = await Promise.race([upload, aborted]);
    }
    catch (error) {
        if (signal.aborted) {
            // The client has no cancel: its request may hold a socket open and the process with it. Once runAction has
            // reported and written the proof (well within this delay), end the process instead of waiting on it.
            setTimeout(() => process.exit(), ABANDONED_UPLOAD_EXIT_MS).unref();
            throw signal.reason;
        }
        throw upload_explain(error, name);
    }
    if (result.id === undefined) {
        throw new src/* DeployActionError */.o8('the artifact service finalized the upload without an artifact id', {
            code: 'artifact-upload-failed',
            hint: 'Re-run the job; the artifact may not have been kept.',
        });
    }
    return { id: result.id, digest: result.digest ?? '', size: result.size ?? 0, url: artifactUrl(result.id) };
}

;// CONCATENATED MODULE: ./actions/proof-upload/src/main.ts














/** Says there is nothing to upload, as `if-no-files-found` asks. */
function nothingFound(inputs, proofDir, collected) {
    const where = collected.proofDirFound
        ? `no file in ${proofDir}`
        : `no folder ${proofDir} (no action wrote a proof record there)`;
    const paths = inputs.paths.length === 0 ? '' : ' and no file matched `paths`';
    const message = `${where}${paths}; nothing was uploaded`;
    if (inputs.ifNoFilesFound === 'error') {
        throw new src/* DeployActionError */.o8(message, {
            code: 'no-files-found',
            hint: 'Run proof-upload in the same job, after the deploy-actions steps, with the same proof-dir; or set `if-no-files-found: warn`.',
        });
    }
    if (inputs.ifNoFilesFound === 'warn')
        src/* log */.Rm.warn(message, { title: 'No deploy proof' });
    else
        src/* log */.Rm.info(message);
    core/* setOutput */.uH('redactions', '0');
}
/** Collects, redacts, manifests and uploads the run's evidence; records the GitHub deployment when asked. */
async function run() {
    await (0,src/* runAction */.Cs)('proof-upload', async (ctx) => {
        const inputs = getInputs();
        const registered = registerRunSecrets(inputs.redact, inputs.redactEnv);
        const { values, secretInputs } = (0,src/* rawInputs */.me)(inputSpec);
        ctx.proof.setInputs(values, { secretInputs });
        const { signal } = ctx;
        const proofDir = ctx.proof.dir;
        src/* log */.Rm.info(`redacting ${registered} secret value(s) of this step, and any credential the detectors recognise`);
        const base = external_node_path_default().join(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'proof-upload');
        await (0,promises_.mkdir)(base, { recursive: true });
        const workDir = await (0,promises_.mkdtemp)(external_node_path_default().join(base, 'run-'));
        const root = external_node_path_default().join(workDir, 'bundle');
        const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
        const collected = await collectFiles(proofDir, inputs.paths, workspace, workDir);
        for (const skip of collected.skipped)
            src/* log */.Rm.warn(`left out ${skip.origin}: ${skip.reason}`);
        if (collected.files.length === 0) {
            nothingFound(inputs, proofDir, collected);
            ctx.proof.step('collect the proof', 'skipped', 'nothing found');
            return;
        }
        const staged = await src/* log */.Rm.group(`Redacting ${collected.files.length} file(s)`, () => stageFiles(collected.files, root, signal));
        for (const left of staged.omitted)
            src/* log */.Rm.warn(`left out ${left.origin}: ${left.reason}`, { title: 'Not in the proof' });
        if (inputs.failOnUnredactable && staged.omitted.length > 0) {
            throw new src/* DeployActionError */.o8(`${staged.omitted.length} file(s) could not be redacted: ${staged.omitted.map((o) => o.origin).join(', ')}`, {
                code: 'unredactable',
                hint: 'Leave binary or compressed files out of proof-dir and paths, or set `fail-on-unredactable: false` to upload without them.',
            });
        }
        const bundle = await writeBundle({ root, workDir, name: inputs.name, staged });
        const redactions = (0,src/* tallyTotal */.Lp)(staged.tally);
        core/* setOutput */.uH('manifest', bundle.manifestPath);
        core/* setOutput */.uH('predicate-path', bundle.predicatePath);
        core/* setOutput */.uH('redactions', String(redactions));
        ctx.proof.step('redact and manifest the proof', 'ok', `${bundle.manifest.files.length} file(s), ${redactions} redaction(s), outcome ${bundle.manifest.outcome}`);
        const uploaded = await src/* log */.Rm.group(`Uploading artifact ${inputs.name}`, () => uploadBundle({
            root,
            name: inputs.name,
            signal,
            ...(inputs.retentionDays === undefined ? {} : { retentionDays: inputs.retentionDays }),
        }));
        core/* setOutput */.uH('artifact-id', String(uploaded.id));
        core/* setOutput */.uH('artifact-url', uploaded.url);
        core/* setOutput */.uH('artifact-digest', uploaded.digest);
        src/* log */.Rm.info(`uploaded ${inputs.name}: id ${uploaded.id}, sha256 ${uploaded.digest}, ${uploaded.url}`);
        ctx.proof.step('upload the artifact', 'ok', `${inputs.name} id ${uploaded.id}`);
        ctx.proof.fact('artifact', {
            name: inputs.name,
            id: uploaded.id,
            digest: uploaded.digest,
            url: uploaded.url,
        });
        try {
            if (inputs.deployment !== undefined) {
                const state = bundle.manifest.outcome === 'success' ? 'success' : 'failure';
                const id = await recordDeployment({
                    ...inputs.deployment,
                    state,
                    description: (0,src/* redact */.E$)(`deploy proof: ${bundle.manifest.outcome}; evidence in artifact ${inputs.name}`),
                    logUrl: bundle.manifest.run.runUrl,
                    payload: {
                        schema: proof_bundle_src/* DEPLOYMENT_PAYLOAD_SCHEMA_ID */.zv,
                        outcome: bundle.manifest.outcome,
                        images: deployedImages(staged.records).map((s) => `${s.name}@sha256:${s.digest.sha256}`),
                        verdicts: bundle.manifest.verdicts.map(({ action, outcome, app }) => ({
                            action,
                            outcome,
                            ...(app === undefined ? {} : { app }),
                        })),
                        artifact: inputs.name,
                    },
                    signal,
                });
                core/* setOutput */.uH('deployment-id', String(id));
                src/* log */.Rm.info(`GitHub deployment ${id} in ${inputs.deployment.environment}: ${state}`);
                ctx.proof.step('record the GitHub deployment', 'ok', `${id}: ${state}`);
            }
        }
        finally {
            if (inputs.summary)
                await publishSummary(bundle.manifest, staged.records, uploaded);
        }
    }, { defaultTimeout: DEFAULT_TIMEOUT });
}


/***/ }),

/***/ 75805:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  zv: () => (/* reexport */ DEPLOYMENT_PAYLOAD_SCHEMA_ID),
  h1: () => (/* reexport */ MANIFEST_FILE),
  SJ: () => (/* reexport */ MANIFEST_SCHEMA_ID),
  zH: () => (/* reexport */ STATEMENT_FILE),
  DR: () => (/* reexport */ TIMELINE_FILE),
  Y5: () => (/* reexport */ buildStatement),
  Bl: () => (/* reexport */ deploymentPayloadSchema),
  rc: () => (/* reexport */ manifestSchema),
  hk: () => (/* reexport */ openBundle),
  UL: () => (/* reexport */ predicateVerdicts),
  IF: () => (/* reexport */ verifyBundle)
});

// UNUSED EXPORTS: PREDICATE_TYPE, STATEMENT_TYPE, manifestFileSchema, manifestRecordSchema, omittedFileSchema, predicateSchema, runMetadataSchema, statementSchema, subjectSchema, verdictSchema

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/yauzl/index.js
var yauzl = __webpack_require__(20663);
;// CONCATENATED MODULE: ./packages/proof-bundle/src/bundle-reader.ts




/** Opens a folder or a `.zip` (by its content, whatever its name). */
async function openBundle(target, options = {}) {
    const info = await (0,promises_.stat)(target);
    return info.isDirectory() ? folderBundle(target) : zipBundle(target, options.maxEntries ?? Infinity);
}
function folderBundle(root) {
    return {
        async files() {
            const entries = await (0,promises_.readdir)(root, { recursive: true, withFileTypes: true });
            return entries
                .filter((e) => e.isFile())
                .map((e) => external_node_path_default().relative(root, external_node_path_default().join(e.parentPath, e.name)).split((external_node_path_default()).sep).join('/'))
                .sort();
        },
        open(file) {
            return Promise.resolve((0,external_node_fs_.createReadStream)(external_node_path_default().join(root, ...file.split('/'))));
        },
        async size(file) {
            return (await (0,promises_.stat)(external_node_path_default().join(root, ...file.split('/')))).size;
        },
        close() { },
    };
}
async function zipBundle(file, maxEntries) {
    // yauzl checks every name (no absolute paths, no `..`) and every entry's size against its header. The file stays
    // open after the listing (no autoClose) so entries can be read in any order; `close()` releases it.
    const zip = await yauzl.openPromise(file, {
        lazyEntries: true,
        autoClose: false,
        strictFileNames: true,
        validateEntrySizes: true,
    });
    const entries = new Map();
    if (zip.entryCount > maxEntries) {
        zip.close();
        throw new Error(`the zip has ${zip.entryCount} entries, more than ${maxEntries}`);
    }
    for await (const entry of zip.eachEntry()) {
        if (!entry.fileName.endsWith('/'))
            entries.set(entry.fileName, entry);
    }
    return {
        files() {
            return Promise.resolve([...entries.keys()].sort());
        },
        async open(name) {
            const entry = entries.get(name);
            if (entry === undefined)
                throw new Error(`${name} is not in the zip`);
            return zip.openReadStreamPromise(entry);
        },
        size(name) {
            const entry = entries.get(name);
            return entry === undefined
                ? Promise.reject(new Error(`${name} is not in the zip`))
                : Promise.resolve(entry.uncompressedSize);
        },
        close() {
            zip.close();
        },
    };
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 8 modules
var schemas = __webpack_require__(32716);
;// CONCATENATED MODULE: ./packages/proof-bundle/src/deployment-payload.ts

/** Schema id of the payload proof-upload gives the GitHub Deployments it creates. */
const DEPLOYMENT_PAYLOAD_SCHEMA_ID = 'deploy-actions/deployment@1';
/**
 * The `payload` of a GitHub Deployment created by proof-upload: what was deployed and what each action concluded.
 * evidence-gate's `promotion-of` reads it back to promote only an image whose deploy passed its health gate.
 */
const deploymentPayloadSchema = schemas/* object */.Ikc({
    schema: schemas/* literal */.euz(DEPLOYMENT_PAYLOAD_SCHEMA_ID),
    /** The bundle's overall outcome. */
    outcome: schemas/* enum */.k5n(['success', 'failure', 'none']),
    /** Every `<image>@sha256:<hex>` the records name. */
    images: schemas/* array */.YOg(schemas/* string */.YjP()),
    verdicts: schemas/* array */.YOg(schemas/* object */.Ikc({
        action: schemas/* string */.YjP(),
        outcome: schemas/* enum */.k5n(['success', 'failure', 'cancelled']),
        app: schemas/* string */.YjP().optional(),
    })),
    /** The proof artifact's name, to find the evidence behind the deployment. */
    artifact: schemas/* string */.YjP(),
});

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/iso.js
var iso = __webpack_require__(64377);
;// CONCATENATED MODULE: ./packages/proof-bundle/src/manifest.ts

/** The `schema` value of every v1 manifest. */
const MANIFEST_SCHEMA_ID = 'deploy-actions/proof-manifest@1';
/** Name of the manifest at the bundle's root; it lists every other file but itself and the statement. */
const MANIFEST_FILE = 'manifest.json';
/** Name of the in-toto statement at the bundle's root; its subjects include the manifest's digest. */
const STATEMENT_FILE = 'provenance.intoto.json';
/** Name of the human-readable account of the run at the bundle's root (listed in the manifest). */
const TIMELINE_FILE = 'timeline.md';
const sha256Hex = schemas/* string */.YjP().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');
/** A path inside the bundle: relative, `/`-separated, no `.` or `..` segment. */
const bundlePath = schemas/* string */.YjP()
    .min(1)
    .refine((p) => !p.startsWith('/') && p.split('/').every((s) => s !== '' && s !== '.' && s !== '..'), {
    message: 'a relative path inside the bundle',
});
/** One proof record as read from `proof-dir`: valid against the record schema, or kept and flagged. */
const manifestRecordSchema = schemas/* discriminatedUnion */.gMt('valid', [
    schemas/* strictObject */.rej({
        valid: schemas/* literal */.euz(true),
        action: schemas/* string */.YjP(),
        outcome: schemas/* enum */.k5n(['success', 'failure', 'cancelled']),
        app: schemas/* string */.YjP().optional(),
    }),
    schemas/* strictObject */.rej({ valid: schemas/* literal */.euz(false), problem: schemas/* string */.YjP() }),
]);
/** One file of the bundle, as it is after redaction. */
const manifestFileSchema = schemas/* strictObject */.rej({
    path: bundlePath,
    sha256: sha256Hex,
    size: schemas/* number */.aig().int().nonnegative(),
    /** Where it came from: a proof record, another file of `proof-dir`, the `paths` input, or written by the action. */
    source: schemas/* enum */.k5n(['record', 'proof-dir', 'paths', 'generated']),
    /** How many replacements of each kind its redaction made. */
    redactions: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* number */.aig().int().nonnegative()),
    record: manifestRecordSchema.optional(),
});
/** A file that was found but left out, and why (never its content). */
const omittedFileSchema = schemas/* strictObject */.rej({
    origin: schemas/* string */.YjP(),
    reason: schemas/* string */.YjP(),
});
/** What one action run concluded, from its record. */
const verdictSchema = schemas/* strictObject */.rej({
    action: schemas/* string */.YjP(),
    outcome: schemas/* enum */.k5n(['success', 'failure', 'cancelled']),
    app: schemas/* string */.YjP().optional(),
    record: bundlePath,
    error: schemas/* string */.YjP().optional(),
});
/** The run the bundle belongs to, from the runner's `GITHUB_*` variables. */
const runMetadataSchema = schemas/* strictObject */.rej({
    repository: schemas/* string */.YjP(),
    sha: schemas/* string */.YjP(),
    ref: schemas/* string */.YjP(),
    workflow: schemas/* string */.YjP(),
    job: schemas/* string */.YjP(),
    runId: schemas/* string */.YjP(),
    runAttempt: schemas/* string */.YjP(),
    actor: schemas/* string */.YjP(),
    event: schemas/* string */.YjP(),
    runUrl: schemas/* string */.YjP(),
});
/** The manifest, schema v1: every file of the bundle with its digest, the run, and the verdicts. */
const manifestSchema = schemas/* strictObject */.rej({
    schema: schemas/* literal */.euz(MANIFEST_SCHEMA_ID),
    createdAt: iso/* datetime */.w$(),
    name: schemas/* string */.YjP(),
    run: runMetadataSchema,
    /** `failure` when any record failed or was cancelled or is broken; `none` when there was no record. */
    outcome: schemas/* enum */.k5n(['success', 'failure', 'none']),
    verdicts: schemas/* array */.YOg(verdictSchema),
    files: schemas/* array */.YOg(manifestFileSchema),
    omitted: schemas/* array */.YOg(omittedFileSchema),
    redactions: schemas/* strictObject */.rej({
        total: schemas/* number */.aig().int().nonnegative(),
        byKind: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* number */.aig().int().nonnegative()),
    }),
});

;// CONCATENATED MODULE: ./packages/proof-bundle/src/statement.ts

/** The in-toto Statement type (v1). */
const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/**
 * Our predicate type: the verdicts of a deploy run. Pass it to actions/attest as `predicate-type`. A URN of our own
 * (in-toto asks for a URI, not a web page): no published predicate says "these checks passed for this deploy".
 */
const PREDICATE_TYPE = 'urn:deploy-actions:predicate:deploy-verdicts:v1';
/** One subject of a statement: something named, with its digest. */
const subjectSchema = schemas/* strictObject */.rej({
    name: schemas/* string */.YjP().min(1),
    digest: schemas/* strictObject */.rej({ sha256: schemas/* string */.YjP().regex(/^[0-9a-f]{64}$/) }),
});
/** The predicate: what the deploy concluded, and where its evidence is. */
const predicateSchema = schemas/* strictObject */.rej({
    outcome: schemas/* enum */.k5n(['success', 'failure', 'none']),
    run: schemas/* strictObject */.rej({
        repository: schemas/* string */.YjP(),
        runId: schemas/* string */.YjP(),
        runAttempt: schemas/* string */.YjP(),
        runUrl: schemas/* string */.YjP(),
    }),
    verdicts: schemas/* array */.YOg(schemas/* strictObject */.rej({
        action: schemas/* string */.YjP(),
        outcome: schemas/* string */.YjP(),
        app: schemas/* string */.YjP().optional(),
        error: schemas/* string */.YjP().optional(),
    })),
    bundle: schemas/* strictObject */.rej({ name: schemas/* string */.YjP(), manifest: schemas/* string */.YjP() }),
});
/** An in-toto v1 Statement whose predicate is {@link predicateSchema}. */
const statementSchema = schemas/* strictObject */.rej({
    _type: schemas/* literal */.euz(STATEMENT_TYPE),
    subject: schemas/* array */.YOg(subjectSchema).min(1),
    predicateType: schemas/* literal */.euz(PREDICATE_TYPE),
    predicate: predicateSchema,
});
/** Builds the statement; `subjects` are the deployed images and the manifest. */
function buildStatement(subjects, predicate) {
    return statementSchema.parse({
        _type: STATEMENT_TYPE,
        subject: subjects,
        predicateType: PREDICATE_TYPE,
        predicate,
    });
}
/** The verdicts as the predicate holds them (no record paths: the subjects say which bundle they belong to). */
function predicateVerdicts(verdicts) {
    return verdicts.map(({ record: _record, ...rest }) => rest);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./packages/core/src/index.ts + 22 modules
var src = __webpack_require__(6466);
;// CONCATENATED MODULE: ./packages/proof-bundle/src/verify.ts





/**
 * Checks a downloaded proof bundle (folder or zip): the manifest parses, every file it lists is there with the
 * same SHA-256 and size, no file is there that it does not list, the statement's manifest subject matches the
 * manifest, and no file (manifest and statement included) holds anything that looks like a credential.
 */
async function verifyBundle(target) {
    const bundle = await openBundle(target);
    try {
        return await verifyOpenBundle(bundle);
    }
    finally {
        bundle.close();
    }
}
async function verifyOpenBundle(bundle) {
    const problems = [];
    const present = new Set(await bundle.files());
    if (!present.has(MANIFEST_FILE)) {
        return { checked: 0, problems: [{ kind: 'manifest', file: MANIFEST_FILE, detail: 'not in the bundle' }] };
    }
    const manifestScan = await scan(bundle, MANIFEST_FILE, problems);
    const manifest = await readManifest(bundle, problems);
    if (manifest === undefined)
        return { checked: 0, problems };
    const listed = new Set([MANIFEST_FILE, STATEMENT_FILE]);
    for (const entry of manifest.files) {
        listed.add(entry.path);
        if (!present.has(entry.path)) {
            problems.push({
                kind: 'missing',
                file: entry.path,
                detail: 'listed in the manifest but not in the bundle',
            });
            continue;
        }
        const found = await scan(bundle, entry.path, problems);
        if (found === undefined)
            continue;
        if (found.sha256 !== entry.sha256 || found.size !== entry.size) {
            problems.push({
                kind: 'mismatch',
                file: entry.path,
                detail: `manifest says sha256 ${entry.sha256} (${entry.size} bytes), file has ${found.sha256} (${found.size} bytes)`,
            });
        }
    }
    for (const file of present) {
        if (!listed.has(file)) {
            problems.push({ kind: 'unlisted', file, detail: 'in the bundle but not in the manifest' });
            await scan(bundle, file, problems);
        }
    }
    if (present.has(STATEMENT_FILE) && manifestScan !== undefined) {
        await checkStatement(bundle, manifestScan.sha256, problems);
    }
    return { checked: manifest.files.length, problems };
}
async function readManifest(bundle, problems) {
    let json;
    try {
        json = JSON.parse(await readText(await bundle.open(MANIFEST_FILE)));
    }
    catch {
        problems.push({
            kind: 'manifest',
            file: MANIFEST_FILE,
            detail: 'not JSON (or too large to be a manifest)',
        });
        return undefined;
    }
    const parsed = manifestSchema.safeParse(json);
    if (!parsed.success) {
        const where = parsed.error.issues
            .slice(0, 5)
            .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
            .join('; ');
        problems.push({ kind: 'manifest', file: MANIFEST_FILE, detail: `not a v1 proof manifest (${where})` });
        return undefined;
    }
    return parsed.data;
}
async function checkStatement(bundle, manifestSha, problems) {
    let json;
    try {
        json = JSON.parse(await readText(await bundle.open(STATEMENT_FILE)));
    }
    catch {
        problems.push({ kind: 'statement', file: STATEMENT_FILE, detail: 'not JSON' });
        return;
    }
    const parsed = statementSchema.safeParse(json);
    if (!parsed.success) {
        problems.push({ kind: 'statement', file: STATEMENT_FILE, detail: 'not an in-toto v1 statement of ours' });
        return;
    }
    const subject = parsed.data.subject.find((s) => s.name === MANIFEST_FILE);
    if (subject?.digest.sha256 !== manifestSha) {
        problems.push({
            kind: 'statement',
            file: STATEMENT_FILE,
            detail: `its ${MANIFEST_FILE} subject does not match the manifest's sha256 ${manifestSha}`,
        });
    }
}
/** Hashes a file and looks for credentials in it, in one pass and constant memory. */
async function scan(bundle, file, problems) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    const stream = await bundle.open(file);
    async function* hashed() {
        for await (const chunk of stream) {
            hash.update(chunk);
            size += chunk.length;
            yield chunk;
        }
    }
    const leaks = new Map();
    try {
        // Nothing is registered in this process, so every replacement counted is a credential a detector found.
        for await (const _piece of (0,src/* redactStream */.SI)(hashed(), leaks)) {
            // Only the tally matters here.
        }
    }
    catch (error) {
        stream.destroy();
        const detail = error instanceof src/* UnredactableError */.t5 ? error.message : `could not be read: ${(0,src/* errorMessage */.gJ)(error)}`;
        problems.push({ kind: 'unreadable', file, detail });
        return undefined;
    }
    for (const [kind, n] of leaks) {
        problems.push({ kind: 'leak', file, detail: `${n} value(s) that look like a ${kind}` });
    }
    return { sha256: hash.digest('hex'), size, leaks };
}
/** A manifest or statement is a few kilobytes; anything past this is not one, and is not read into memory. */
const MAX_JSON_BYTES = 64 << 20;
async function readText(stream) {
    const chunks = [];
    let size = 0;
    for await (const chunk of stream) {
        size += chunk.length;
        if (size > MAX_JSON_BYTES) {
            stream.destroy();
            throw new Error(`larger than ${MAX_JSON_BYTES} bytes`);
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
}

;// CONCATENATED MODULE: ./packages/proof-bundle/src/index.ts
// Public surface of @deploy-actions/proof-bundle.







/***/ })

};
