export const id = 135;
export const ids = [135];
export const modules = {

/***/ 36135:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(68208);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 68208:
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
// EXTERNAL MODULE: ./node_modules/@actions/artifact/lib/artifact.js + 273 modules
var artifact = __webpack_require__(48787);
// EXTERNAL MODULE: ./packages/proof-bundle/src/index.ts + 5 modules
var proof_bundle_src = __webpack_require__(75805);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 8 modules
var schemas = __webpack_require__(32716);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js
var github = __webpack_require__(61351);
;// CONCATENATED MODULE: ./actions/evidence-gate/src/github.ts


/** A GitHub API call that failed, with the request id GitHub gave it (shown by runAction). */
class GitHubReadError extends src/* DeployActionError */.o8 {
    /** `x-github-request-id`, for GitHub support. */
    requestId;
    /** The HTTP status, when there was an answer. */
    status;
    /** Wraps `cause`; `what` says what the gate was reading. */
    constructor(what, cause) {
        // Octokit turns a transport failure into a status-500 error without a response: say what happened instead.
        const answered = typeof cause === 'object' && cause !== null && 'response' in cause && cause.response !== undefined;
        const status = answered ? statusOf(cause) : undefined;
        const requestId = headerOf(cause, 'x-github-request-id');
        const reason = answered ? (0,src/* errorMessage */.gJ)(cause) : `no answer: ${(0,src/* transportReason */.g6)(cause)}`;
        super(`could not read ${what}${status === undefined ? '' : ` (HTTP ${status})`}: ${(0,src/* redactAndShorten */.w_)(reason, 200)}`, { code: 'github-read-failed', hint: hintFor(status, what), cause });
        if (status !== undefined)
            this.status = status;
        if (requestId !== undefined)
            this.requestId = requestId;
    }
}
function statusOf(error) {
    if (typeof error !== 'object' || error === null || !('status' in error))
        return undefined;
    const status = Number(error.status);
    return Number.isInteger(status) ? status : undefined;
}
function headerOf(error, name) {
    const response = typeof error === 'object' && error !== null && 'response' in error ? error.response : undefined;
    const headers = typeof response === 'object' && response !== null && 'headers' in response ? response.headers : undefined;
    const value = typeof headers === 'object' && headers !== null ? headers[name] : undefined;
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
function hintFor(status, what) {
    switch (status) {
        case 401:
            return 'The github-token is invalid or expired: pass the job token (the default) or a valid token.';
        case 403:
            return `The token may not read ${what}: give the job \`permissions: { checks: read, statuses: read, actions: read, deployments: read }\`, or give a fine-grained token read access to this repository.`;
        case 404:
            return "The repository, run or workflow was not found with this token: check repository, run-id, workflow and the token's repository access.";
        default:
            return 'Re-run the job; if it keeps failing, check https://www.githubstatus.com';
    }
}
/**
 * The error for a failed read: the run's own abort (timeout, cancel) as it is, a `DeployActionError` unchanged,
 * anything else a {@link GitHubReadError}.
 */
function readFailure(reader, what, error) {
    if (reader.signal.aborted)
        return reader.signal.reason;
    if (error instanceof src/* DeployActionError */.o8)
        return error;
    if (statusOf(error) === undefined) {
        // Not an HTTP failure: Octokit choked on an answer it could not read (an HTML page where JSON belongs).
        return new src/* DeployActionError */.o8(`could not verify ${what}: GitHub's answer could not be read (${(0,src/* redactAndShorten */.w_)((0,src/* errorMessage */.gJ)(error), 120)})`, {
            code: 'github-unreadable',
            hint: 'Check that GITHUB_API_URL is a GitHub REST API; re-run if it keeps happening.',
            cause: error,
        });
    }
    return new GitHubReadError(what, error);
}
/**
 * Checks an answer's shape: an answer the gate cannot read is "could not verify", never a verdict, and never a
 * crash deeper down.
 */
function readAnswer(schema, data, what) {
    const parsed = schema.safeParse(data);
    if (parsed.success)
        return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : ` (${issue.path.join('.') || 'the body'}: ${issue.message})`;
    throw new src/* DeployActionError */.o8(`could not verify ${what}: GitHub's answer was not of the expected shape${where}`, {
        code: 'github-unreadable',
        hint: 'Check that GITHUB_API_URL is a GitHub REST API; re-run if it keeps happening.',
    });
}
/** Below this many requests left in the window, the gate says so once. */
const LOW_RATE_LIMIT = 50;
/** Resolves after `ms`, or rejects with the signal's reason when the run is aborted first. */
function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(signal.reason);
        }, { once: true });
    });
}
/** How long GitHub asks us to wait, from `retry-after` or `x-ratelimit-reset`, when a 403/429 is a rate limit. */
function rateLimitWaitMs(error) {
    const status = statusOf(error);
    if (status !== 403 && status !== 429)
        return undefined;
    const retryAfter = Number(headerOf(error, 'retry-after'));
    if (Number.isFinite(retryAfter) && retryAfter >= 0)
        return retryAfter * 1000;
    if (headerOf(error, 'x-ratelimit-remaining') !== '0')
        return undefined;
    const reset = Number(headerOf(error, 'x-ratelimit-reset'));
    return Number.isFinite(reset) ? Math.max(0, reset * 1000 - Date.now()) : undefined;
}
/**
 * Creates the reader. Octokit honours `GITHUB_API_URL`. A hook keeps within GitHub's rate limits: it warns once when
 * few requests are left, and on a rate-limit answer waits for the reset (with a progress line) when that is before
 * the deadline, else fails saying when the limit resets. @octokit/plugin-throttling does the waiting too, but it
 * cannot be bounded by the run's deadline and retries silently; this keeps both in the run's hands.
 */
function createReader(options) {
    const { signal, deadline } = options;
    const octokit = (0,github/* getOctokit */.Q)(options.token, { request: { signal } });
    let warned = false;
    octokit.hook.wrap('request', async (request, requestOptions) => {
        for (let attempt = 0;; attempt++) {
            try {
                const response = await request(requestOptions);
                const remaining = Number(response.headers['x-ratelimit-remaining']);
                if (!warned && Number.isFinite(remaining) && remaining < LOW_RATE_LIMIT) {
                    warned = true;
                    src/* log */.Rm.warn(`only ${remaining} GitHub API request(s) left for this token until the limit resets`, {
                        title: 'GitHub rate limit',
                    });
                }
                return response;
            }
            catch (error) {
                const waitMs = rateLimitWaitMs(error);
                if (waitMs === undefined || attempt > 0)
                    throw error;
                if (Date.now() + waitMs >= deadline) {
                    throw new src/* DeployActionError */.o8(`GitHub's API rate limit for this token is spent and resets in ${(0,src/* formatDuration */.a3)(waitMs)}, after this step's timeout`, {
                        code: 'github-rate-limited',
                        hint: 'Re-run after the reset, raise `timeout` so the gate can wait for it, or use a token with its own limit.',
                        cause: error,
                    });
                }
                src/* log */.Rm.info(`GitHub's API rate limit is spent; waiting ${(0,src/* formatDuration */.a3)(waitMs)} for it to reset`);
                await sleep(waitMs, signal);
            }
        }
    });
    return { octokit, owner: options.owner, repo: options.repo, token: options.token, signal, deadline };
}

// EXTERNAL MODULE: ./node_modules/fast-xml-parser/src/xmlparser/XMLParser.js + 23 modules
var XMLParser = __webpack_require__(41143);
// EXTERNAL MODULE: ./node_modules/fast-xml-parser/src/fxp.js
var fxp = __webpack_require__(75824);
;// CONCATENATED MODULE: ./actions/evidence-gate/src/reports.ts


const MAX_NAMES = 3;
const MAX_NAME_LENGTH = 80;
function listNames(names) {
    const shown = names
        .slice(0, MAX_NAMES)
        .map((n) => (n.length > MAX_NAME_LENGTH ? `${n.slice(0, MAX_NAME_LENGTH)}…` : n));
    const more = names.length > MAX_NAMES ? ` and ${names.length - MAX_NAMES} more` : '';
    return shown.length === 0 ? '' : `: ${shown.join('; ')}${more}`;
}
/** A name from a report: text or a number as written, anything else (an object where a name should be) empty. */
function nameText(value) {
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function unknownShape(what, missing) {
    return {
        ok: false,
        detail: `not ${what} (${missing})`,
        todo: `Check the reporter: the file must be ${what}, or drop \`format\` and assert with \`expect\`.`,
    };
}
/** Vitest's and Jest's `--reporter=json` (`numFailedTests`, `testResults[].assertionResults[]`). */
function judgeTestJson(doc, label) {
    if (!isRecord(doc) || typeof doc.numFailedTests !== 'number' || typeof doc.numTotalTests !== 'number') {
        return unknownShape(`a ${label} JSON report`, 'no numFailedTests and numTotalTests');
    }
    const failedNames = [];
    for (const file of Array.isArray(doc.testResults) ? doc.testResults : []) {
        if (!isRecord(file) || !Array.isArray(file.assertionResults))
            continue;
        for (const test of file.assertionResults) {
            if (isRecord(test) && test.status === 'failed') {
                failedNames.push(nameText(test.fullName) || nameText(test.title) || '?');
            }
        }
    }
    const suiteErrors = typeof doc.numRuntimeErrorTestSuites === 'number' ? doc.numRuntimeErrorTestSuites : 0;
    if (doc.numFailedTests > 0 || suiteErrors > 0) {
        const errors = suiteErrors > 0 ? `, ${suiteErrors} test file(s) failed to run` : '';
        return {
            ok: false,
            detail: `${doc.numFailedTests} of ${doc.numTotalTests} test(s) failed${errors}${listNames(failedNames)}`,
            todo: 'Fix the failing tests and re-run the workflow on this commit.',
        };
    }
    return { ok: true, detail: `${doc.numTotalTests} test(s), none failed` };
}
/** Playwright's JSON reporter (`stats.expected`, `stats.unexpected`, `stats.flaky`). */
function judgePlaywright(doc) {
    const stats = isRecord(doc) ? doc.stats : undefined;
    if (!isRecord(stats) || typeof stats.unexpected !== 'number' || typeof stats.expected !== 'number') {
        return unknownShape('a Playwright JSON report', 'no stats.expected and stats.unexpected');
    }
    const flaky = typeof stats.flaky === 'number' && stats.flaky > 0 ? `, ${stats.flaky} flaky` : '';
    if (stats.unexpected > 0) {
        return {
            ok: false,
            detail: `${stats.unexpected} test(s) failed, ${stats.expected} passed${flaky}`,
            todo: 'Fix the failing end-to-end tests and re-run the workflow on this commit.',
        };
    }
    return { ok: true, detail: `${stats.expected} test(s) passed${flaky}` };
}
/**
 * Lighthouse: lhci's `manifest.json` (a list of runs, each with `summary: { category: score }`) or one Lighthouse
 * result (`categories: { id: { score } }`). Every category of every run must reach `minScore`.
 */
function judgeLighthouse(doc, minScore) {
    const runs = [];
    if (Array.isArray(doc)) {
        for (const run of doc) {
            if (!isRecord(run) || !isRecord(run.summary))
                return unknownShape('a Lighthouse CI manifest', 'a run without summary');
            runs.push({ url: typeof run.url === 'string' ? run.url : '', scores: Object.entries(run.summary) });
        }
    }
    else if (isRecord(doc) && isRecord(doc.categories)) {
        const scores = Object.entries(doc.categories).map(([id, category]) => [
            id,
            isRecord(category) ? category.score : undefined,
        ]);
        runs.push({ url: typeof doc.finalDisplayedUrl === 'string' ? doc.finalDisplayedUrl : '', scores });
    }
    if (runs.length === 0 || runs.every((r) => r.scores.length === 0)) {
        return unknownShape('a Lighthouse report', 'neither a list of runs with summary nor categories');
    }
    const low = [];
    let count = 0;
    for (const run of runs) {
        for (const [category, score] of run.scores) {
            count++;
            const where = run.url === '' ? '' : ` (${run.url})`;
            if (typeof score !== 'number')
                low.push(`${category} has no score${where}`);
            else if (score < minScore)
                low.push(`${category} ${score} < ${minScore}${where}`);
        }
    }
    if (low.length > 0) {
        return {
            ok: false,
            detail: `${low.length} score(s) under ${minScore}${listNames(low)}`,
            todo: 'Improve the page (see the Lighthouse report in the artifact), or lower min-score deliberately.',
        };
    }
    return { ok: true, detail: `${count} score(s), all at least ${minScore}` };
}
const JUNIT_PARSER = new XMLParser/* default */.A({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    // No entity expansion at all: a report is data, and expanding entities is how XML bombs grow.
    processEntities: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
});
/** JUnit XML (`<testsuites>` or `<testsuite>`): failures and errors must be 0. */
function judgeJUnit(text) {
    const valid = fxp/* XMLValidator */.iI.validate(text);
    if (valid !== true)
        return unknownShape('JUnit XML', `not XML: ${valid.err.msg} at line ${valid.err.line}`);
    const doc = JUNIT_PARSER.parse(text);
    if (!isRecord(doc))
        return unknownShape('JUnit XML', 'no root element');
    const root = isRecord(doc.testsuites) ? doc.testsuites : doc;
    const suites = Array.isArray(root.testsuite) ? root.testsuite.filter(isRecord) : [];
    if (suites.length === 0)
        return unknownShape('JUnit XML', 'no <testsuites> or <testsuite> element');
    let tests = 0;
    let failed = 0;
    const failedNames = [];
    for (const suite of suites) {
        const cases = Array.isArray(suite.testcase) ? suite.testcase.filter(isRecord) : [];
        const failing = cases.filter((c) => c.failure !== undefined || c.error !== undefined);
        failedNames.push(...failing.map((c) => `${nameText(c.classname) || nameText(suite.name)} ${nameText(c.name)}`.trim()));
        // The attributes when a tool wrote them, else what the test cases show; a count that is not a number is not 0.
        const counts = new Map();
        for (const key of ['failures', 'errors', 'tests']) {
            const value = suite[key];
            if (value === undefined)
                continue;
            if (!/^\s*\d+\s*$/.test(nameText(value))) {
                return unknownShape('JUnit XML', `${key}="${nameText(value).slice(0, 40)}" is not a count`);
            }
            counts.set(key, Number(value));
        }
        failed += Math.max((counts.get('failures') ?? 0) + (counts.get('errors') ?? 0), failing.length);
        tests += Math.max(counts.get('tests') ?? 0, cases.length);
    }
    if (failed > 0) {
        return {
            ok: false,
            detail: `${failed} failure(s) and error(s) in ${tests} test(s)${listNames(failedNames)}`,
            todo: 'Fix the failing tests and re-run the workflow on this commit.',
        };
    }
    return { ok: true, detail: `${tests} test(s) in ${suites.length} suite(s), no failure or error` };
}
function describe(value) {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
/** Checks one value of a JSON document. */
function judgeExpectation(doc, expectation, file) {
    const where = (0,src/* formatJsonPath */.pB)(expectation.path);
    const found = (0,src/* readJsonPath */.Ad)(doc, expectation.path);
    if ('missing' in found) {
        return {
            ok: false,
            detail: `${where} is not in ${file}`,
            todo: `Check the path against the file's shape (the report may have changed format), e.g. ${expectation.text}.`,
        };
    }
    const value = found.value;
    const fail = (wanted) => ({
        ok: false,
        detail: `${where} is ${describe(value)}, ${wanted}`,
        todo: 'Fix what the report measures, then re-run the workflow on this commit.',
    });
    if ('equals' in expectation) {
        return value === expectation.equals
            ? { ok: true, detail: `${where} is ${describe(value)}` }
            : fail(`expected ${describe(expectation.equals)}`);
    }
    if (typeof value !== 'number')
        return fail('not a number');
    if ('atLeast' in expectation) {
        return value >= expectation.atLeast
            ? { ok: true, detail: `${where} is ${value} (at least ${expectation.atLeast})` }
            : fail(`under the bar of ${expectation.atLeast}`);
    }
    return value <= expectation.atMost
        ? { ok: true, detail: `${where} is ${value} (at most ${expectation.atMost})` }
        : fail(`over the limit of ${expectation.atMost}`);
}
function judgeFormat(format, text, doc, item) {
    switch (format) {
        case 'junit':
            return judgeJUnit(text);
        case 'vitest':
            return judgeTestJson(doc, 'Vitest');
        case 'jest':
            return judgeTestJson(doc, 'Jest');
        case 'playwright':
            return judgePlaywright(doc);
        case 'lighthouse':
            return judgeLighthouse(doc, item.minScore);
    }
}
/** Judges a file of an artifact by its named format and its `expect`; both must hold. */
function judgeReport(text, item) {
    let doc;
    if (item.format !== 'junit' || item.expect !== undefined) {
        try {
            doc = JSON.parse(text);
        }
        catch (error) {
            const reason = error instanceof Error ? error.message.slice(0, 100) : 'unreadable';
            return {
                ok: false,
                detail: `${item.file} is not JSON (${reason})`,
                todo: 'Check that the reporter writes JSON to this file and that the job finished writing it.',
            };
        }
    }
    const verdicts = [];
    if (item.format !== undefined)
        verdicts.push(judgeFormat(item.format, text, doc, item));
    if (item.expect !== undefined)
        verdicts.push(judgeExpectation(doc, item.expect, item.file));
    const failed = verdicts.find((v) => !v.ok);
    return failed ?? { ok: true, detail: verdicts.map((v) => v.detail).join('; ') };
}

;// CONCATENATED MODULE: ./actions/evidence-gate/src/artifacts.ts









/** Artifacts larger than this are not downloaded: evidence is reports, not build outputs. */
const MAX_ARTIFACT_BYTES = 100 * 1024 * 1024;
/** A file read from an artifact may be at most this large once unzipped. */
const MAX_REPORT_BYTES = 16 * 1024 * 1024;
/** A zip with more entries than this is refused. */
const MAX_ZIP_ENTRIES = 10_000;
function mib(bytes) {
    return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
/** Waits for `work`, abandoning it when `signal` aborts: @actions/artifact calls take no signal. */
function bounded(work, signal) {
    return Promise.race([
        work,
        new Promise((_, reject) => {
            const stop = () => reject(signal.reason);
            if (signal.aborted)
                stop();
            signal.addEventListener('abort', stop, { once: true });
        }),
    ]);
}
function runUrl(reader, id) {
    return `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${reader.owner}/${reader.repo}/actions/runs/${id}`;
}
const workflowRunsSchema = schemas/* object */.Ikc({
    workflow_runs: schemas/* array */.YOg(schemas/* object */.Ikc({ id: schemas/* number */.aig(), html_url: schemas/* string */.YjP() })),
});
/** Finds the run: this one, `run-id`, or the newest successful run of `workflow` on `sha`; undefined when none. */
async function resolveRun(reader, run, sha) {
    const findBy = (id) => ({
        findBy: {
            token: reader.token,
            workflowRunId: id,
            repositoryOwner: reader.owner,
            repositoryName: reader.repo,
        },
    });
    if (run.kind === 'this-run') {
        const id = Number(process.env.GITHUB_RUN_ID ?? 0);
        return { id, url: runUrl(reader, id), find: {} };
    }
    if (run.kind === 'run-id')
        return { id: run.id, url: runUrl(reader, run.id), ...{ find: findBy(run.id) } };
    const what = `the runs of workflow ${run.workflow}`;
    let runs;
    try {
        const answer = await reader.octokit.rest.actions.listWorkflowRuns({
            owner: reader.owner,
            repo: reader.repo,
            workflow_id: run.workflow,
            head_sha: sha,
            status: 'success',
            per_page: 1,
        });
        runs = readAnswer(workflowRunsSchema, answer.data, what).workflow_runs;
    }
    catch (error) {
        throw readFailure(reader, what, error);
    }
    const newest = runs[0];
    if (newest === undefined)
        return `no successful run of workflow ${run.workflow} on ${sha.slice(0, 12)}`;
    return { id: newest.id, url: newest.html_url, find: findBy(newest.id) };
}
function artifactError(reader, error, what) {
    if (error instanceof src/* DeployActionError */.o8 || reader.signal.aborted)
        return readFailure(reader, what, error);
    if (typeof error === 'object' && error !== null && 'status' in error)
        return readFailure(reader, what, error);
    return new src/* DeployActionError */.o8(`could not read ${what}: ${(0,src/* redactAndShorten */.w_)((0,src/* errorMessage */.gJ)(error), 200)}`, {
        code: 'artifact-read-failed',
        hint: 'Run the gate as a step of a GitHub Actions job (the artifact service needs the runner variables); re-run if it keeps failing.',
        cause: error,
    });
}
/** Reads one file of a downloaded artifact, refusing what is too large however the zip describes it. */
async function readFileOf(bundle, file) {
    const name = file.replace(/^\.\//, '');
    const files = await bundle.files();
    if (!files.includes(name)) {
        const shown = files.slice(0, 5).join(', ');
        return {
            problem: `${name} is not in the artifact (it holds ${files.length} file(s)${shown === '' ? '' : `: ${shown}`})`,
        };
    }
    const size = await bundle.size(name);
    if (size > MAX_REPORT_BYTES) {
        return {
            problem: `${name} is ${mib(size)} unzipped; the gate reads reports up to ${mib(MAX_REPORT_BYTES)}`,
        };
    }
    const chunks = [];
    let read = 0;
    // yauzl also fails the stream when an entry inflates past the size its header claims (a zip bomb's lie).
    for await (const chunk of await bundle.open(name)) {
        const buffer = chunk;
        read += buffer.length;
        if (read > MAX_REPORT_BYTES)
            return { problem: `${name} inflates past ${mib(MAX_REPORT_BYTES)}` };
        chunks.push(buffer);
    }
    return { text: Buffer.concat(chunks).toString('utf8') };
}
/** The downloaded zip of one artifact, opened for reading. */
async function download(client, artifact, find, workDir, signal) {
    const target = await (0,promises_.mkdtemp)(external_node_path_default().join(workDir, 'artifact-'));
    await bounded(client.downloadArtifact(artifact.id, { ...find, path: target, skipDecompress: true }), signal);
    const [zip] = await (0,promises_.readdir)(target);
    if (zip === undefined)
        throw new Error('the download left no file');
    return (0,proof_bundle_src/* openBundle */.hk)(external_node_path_default().join(target, zip), { maxEntries: MAX_ZIP_ENTRIES });
}
/** Judges one required artifact once it is downloaded. */
async function judgeArtifact(item, artifact, open, base) {
    const name = item.file === undefined ? item.name : `${item.name}/${item.file}`;
    const evidence = { kind: 'artifact', name, ...base };
    if (item.file === undefined)
        return { ...evidence, verdict: 'pass', detail: `present (${mib(artifact.size)})` };
    if (artifact.size > MAX_ARTIFACT_BYTES) {
        return {
            ...evidence,
            verdict: 'fail',
            detail: `the artifact is ${mib(artifact.size)}; the gate downloads at most ${mib(MAX_ARTIFACT_BYTES)}`,
            todo: 'Upload the report in an artifact of its own, without build outputs.',
        };
    }
    let read;
    try {
        read = await readFileOf(await open(), item.file);
    }
    catch (error) {
        if (error instanceof src/* DeployActionError */.o8)
            throw error;
        return {
            ...evidence,
            verdict: 'unverified',
            detail: `could not read the artifact: ${(0,src/* redactAndShorten */.w_)((0,src/* errorMessage */.gJ)(error), 160)}`,
            todo: 'Check that the artifact is a zip written by actions/upload-artifact; re-run if the download was cut.',
        };
    }
    if ('problem' in read) {
        return {
            ...evidence,
            verdict: 'fail',
            detail: read.problem,
            todo: 'Check `file` against what the job uploads.',
        };
    }
    const verdict = judgeReport(read.text, { ...item, file: item.file });
    return verdict.ok
        ? { ...evidence, verdict: 'pass', detail: verdict.detail }
        : { ...evidence, verdict: 'fail', detail: verdict.detail, todo: verdict.todo };
}
/**
 * Lists the artifacts of the chosen run (newest of each name) with @actions/artifact, downloads each one that holds
 * a file to read (once per artifact, zipped, into the runner's temp folder) and judges every required item.
 */
async function gatherArtifacts(reader, sha, run, required) {
    if (required.length === 0)
        return [];
    const resolved = await resolveRun(reader, run, sha);
    if (typeof resolved === 'string') {
        return required.map((item) => ({
            kind: 'artifact',
            name: item.file === undefined ? item.name : `${item.name}/${item.file}`,
            verdict: 'missing',
            detail: resolved,
            todo: 'Run that workflow on this commit first, or name the run with run-id.',
        }));
    }
    const client = new artifact/* DefaultArtifactClient */.t9();
    let listed;
    try {
        listed = (await bounded(client.listArtifacts({ ...resolved.find, latest: true }), reader.signal))
            .artifacts;
    }
    catch (error) {
        throw artifactError(reader, error, `the artifacts of run ${resolved.id}`);
    }
    src/* log */.Rm.info(`run ${resolved.id} has ${listed.length} artifact(s)`);
    const byName = new Map(listed.map((a) => [a.name, a]));
    const workBase = external_node_path_default().join(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'evidence-gate');
    await (0,promises_.mkdir)(workBase, { recursive: true });
    const workDir = await (0,promises_.mkdtemp)(external_node_path_default().join(workBase, 'run-'));
    const downloads = new Map();
    const evidence = [];
    try {
        for (const item of required) {
            const artifact = byName.get(item.name);
            if (artifact === undefined) {
                evidence.push({
                    kind: 'artifact',
                    name: item.file === undefined ? item.name : `${item.name}/${item.file}`,
                    verdict: 'missing',
                    detail: `run ${resolved.id} has no artifact named ${item.name}`,
                    source: `run ${resolved.id}`,
                    url: resolved.url,
                    todo: 'Upload it (actions/upload-artifact) in a job this one `needs:`, or check the name.',
                });
                continue;
            }
            const open = () => {
                let pending = downloads.get(artifact.id);
                if (pending === undefined) {
                    pending = download(client, artifact, resolved.find, workDir, reader.signal).catch((error) => {
                        throw reader.signal.aborted ? reader.signal.reason : error;
                    });
                    downloads.set(artifact.id, pending);
                }
                return pending;
            };
            evidence.push(await judgeArtifact(item, artifact, open, {
                source: `artifact ${artifact.id} of run ${resolved.id}`,
                url: `${resolved.url}/artifacts/${artifact.id}`,
            }));
        }
    }
    finally {
        for (const pending of downloads.values())
            void pending.then((b) => b.close(), () => undefined);
    }
    return evidence;
}

// EXTERNAL MODULE: ./node_modules/minimatch/dist/esm/index.js + 6 modules
var esm = __webpack_require__(15273);
;// CONCATENATED MODULE: ./actions/evidence-gate/src/checks.ts




/** Time kept, before the run's deadline, to report checks still running. */
const REPORT_MARGIN_MS = 3000;
// `*` matches any text but `/`; parentheses, `!` and `{}` are literal (check names such as `e2e (ubuntu)`).
const GLOB_OPTIONS = { noext: true, nobrace: true, nonegate: true, nocomment: true, dot: true };
const checkRunsSchema = schemas/* array */.YOg(schemas/* object */.Ikc({
    id: schemas/* number */.aig(),
    name: schemas/* string */.YjP(),
    status: schemas/* string */.YjP(),
    conclusion: schemas/* string */.YjP().nullish(),
    html_url: schemas/* string */.YjP().nullish(),
    details_url: schemas/* string */.YjP().nullish(),
    app: schemas/* object */.Ikc({ name: schemas/* string */.YjP().nullish() }).nullish(),
}));
const statusesSchema = schemas/* array */.YOg(schemas/* object */.Ikc({
    context: schemas/* string */.YjP(),
    state: schemas/* string */.YjP(),
    target_url: schemas/* string */.YjP().nullish(),
    creator: schemas/* object */.Ikc({ login: schemas/* string */.YjP() }).nullish(),
}));
/** Every check run (latest per name, as GitHub's `filter=latest`) and the latest status per context on `sha`. */
async function readSignals(reader, sha) {
    const { octokit, owner, repo } = reader;
    const runsWhat = `the check runs of ${sha}`;
    let runs;
    try {
        const answer = await octokit.paginate(octokit.rest.checks.listForRef, {
            owner,
            repo,
            ref: sha,
            filter: 'latest',
            per_page: 100,
        });
        runs = readAnswer(checkRunsSchema, answer, runsWhat);
    }
    catch (error) {
        throw readFailure(reader, runsWhat, error);
    }
    const statusesWhat = `the commit statuses of ${sha}`;
    let statuses;
    try {
        const answer = await octokit.paginate(octokit.rest.repos.listCommitStatusesForRef, {
            owner,
            repo,
            ref: sha,
            per_page: 100,
        });
        statuses = readAnswer(statusesSchema, answer, statusesWhat);
    }
    catch (error) {
        throw readFailure(reader, statusesWhat, error);
    }
    const signals = runs.map((run) => ({
        kind: 'check',
        name: run.name,
        settled: run.status === 'completed',
        result: run.status === 'completed' ? (run.conclusion ?? 'none') : run.status,
        ...(run.html_url || run.details_url ? { url: run.html_url || run.details_url || '' } : {}),
        source: `check run ${run.id}${run.app?.name ? ` (${run.app.name})` : ''}`,
    }));
    // Statuses come newest first; only the latest of each context counts, as on GitHub's commit page.
    const latest = new Map();
    for (const status of statuses)
        if (!latest.has(status.context))
            latest.set(status.context, status);
    for (const [context, status] of latest) {
        signals.push({
            kind: 'status',
            name: context,
            settled: status.state !== 'pending',
            result: status.state,
            ...(status.target_url ? { url: status.target_url } : {}),
            source: `commit status${status.creator ? ` by ${status.creator.login}` : ''}`,
        });
    }
    return signals;
}
function judge(required, signal) {
    const base = {
        kind: signal.kind,
        name: signal.name,
        source: signal.source,
        ...(signal.url === undefined ? {} : { url: signal.url }),
    };
    if (!signal.settled) {
        return {
            ...base,
            verdict: 'pending',
            detail: `still ${signal.result}`,
            todo: 'Wait for it to finish (set `wait` to let the gate wait), or run the gate in a job that `needs:` it.',
        };
    }
    if (signal.result === 'success')
        return { ...base, verdict: 'pass', detail: 'success' };
    if ((signal.result === 'skipped' || signal.result === 'neutral') &&
        required.allow.includes(signal.result)) {
        return { ...base, verdict: 'pass', detail: `${signal.result} (allowed)` };
    }
    const allowHint = signal.result === 'skipped' || signal.result === 'neutral'
        ? ` If ${signal.result} is acceptable for it, list it as \`- { name: ${required.pattern}, allow: [${signal.result}] }\`.`
        : '';
    return {
        ...base,
        verdict: 'fail',
        detail: signal.result,
        todo: `Fix what made "${signal.name}" end ${signal.result} and re-run it on this commit.${allowHint}`,
    };
}
function evaluate(required, signals, sha) {
    const evidence = [];
    for (const check of required) {
        const matches = signals.filter((s) => (0,esm/* minimatch */.xF)(s.name, check.pattern, GLOB_OPTIONS));
        if (matches.length === 0) {
            evidence.push({
                kind: 'check',
                name: check.pattern,
                verdict: 'missing',
                detail: `no check run or commit status matches on ${sha.slice(0, 12)}`,
                todo: 'Check the name (it is the job name, or the status context) and that the workflow ran on this commit.',
            });
        }
        else
            for (const match of matches)
                evidence.push(judge(check, match));
    }
    return evidence;
}
/**
 * Judges the required checks on `sha`. Checks still running are waited for up to `waitMs` (polling with a growing
 * interval, with progress lines); what is still running then stays `pending`.
 */
async function gatherChecks(reader, sha, required, waitMs) {
    if (required.length === 0)
        return [];
    const started = Date.now();
    const progress = src/* log */.Rm.progress('checks still running', { timeoutMs: waitMs, intervalMs: 10_000 });
    let interval = 2000;
    let announced = false;
    for (;;) {
        const signals = await readSignals(reader, sha);
        const evidence = evaluate(required, signals, sha);
        const pending = evidence.filter((e) => e.verdict === 'pending');
        // Stop waiting a little before the run's deadline, so what is still running is reported, not cut off.
        const left = Math.min(started + waitMs, reader.deadline - REPORT_MARGIN_MS) - Date.now();
        if (pending.length === 0 || left <= 0) {
            src/* log */.Rm.info(`read ${signals.length} check run(s) and status(es) on ${sha}`);
            return evidence;
        }
        const names = pending.map((e) => e.name).join(', ');
        if (!announced)
            src/* log */.Rm.info(`waiting up to ${(0,src/* formatDuration */.a3)(waitMs)} for ${names}`);
        announced = true;
        progress.tick(names);
        await sleep(Math.min(interval, left), reader.signal);
        interval = Math.min(interval * 1.5, 30_000);
    }
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./actions/evidence-gate/src/inputs.ts



/** The named report formats, each with its own verdict. */
const REPORT_FORMATS = ['junit', 'vitest', 'jest', 'playwright', 'lighthouse'];
// The characters upload-artifact v4 refuses in a name (actions/toolkit artifact path-and-artifact-name-validation).
const ARTIFACT_NAME = /^[^":<>|*?\r\n\\/]+$/;
const SHA = /[0-9a-f]{40}/;
const REPOSITORY = /[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+/;
const DEFAULT_MIN_SCORE = 0.9;
const scalar = schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig(), schemas/* boolean */.zMY(), schemas/* null */.chJ()]);
const expectSchema = schemas/* strictObject */.rej({
    path: schemas/* string */.YjP().min(1),
    equals: scalar.optional(),
    'at-least': schemas/* number */.aig().optional(),
    'at-most': schemas/* number */.aig().optional(),
})
    .refine((e) => [e.equals !== undefined, e['at-least'] !== undefined, e['at-most'] !== undefined].filter(Boolean)
    .length === 1, 'give exactly one of equals, at-least, at-most');
const artifactSchema = schemas/* strictObject */.rej({
    name: schemas/* string */.YjP().regex(ARTIFACT_NAME, 'an artifact name (none of " : < > | * ? \\ / or line breaks)'),
    file: schemas/* string */.YjP().min(1).optional(),
    format: schemas/* enum */.k5n(REPORT_FORMATS).optional(),
    expect: expectSchema.optional(),
    'min-score': schemas/* number */.aig().min(0).max(1).optional(),
})
    .refine((a) => (a.format === undefined && a.expect === undefined) || a.file !== undefined, {
    message: 'format and expect read a file inside the artifact: name it with file',
})
    .refine((a) => a.format !== 'junit' || a.expect === undefined, {
    message: 'expect reads JSON; a junit file is judged by its failures and errors',
})
    .refine((a) => a['min-score'] === undefined || a.format === 'lighthouse', {
    message: 'min-score is for format: lighthouse',
});
const checkItemSchema = schemas/* union */.KCZ([
    schemas/* string */.YjP().min(1),
    schemas/* strictObject */.rej({ name: schemas/* string */.YjP().min(1), allow: schemas/* array */.YOg(schemas/* enum */.k5n(['skipped', 'neutral'])).default([]) }),
]);
/** The `timeout` input's default, as action.yml declares it. */
const DEFAULT_TIMEOUT = '10m';
/** The input spec; `npm run check:inputs` compares it with `evidence-gate/action.yml`. */
const inputSpec = {
    sha: src/* input */.hF.string({
        pattern: SHA,
        allowed: 'a full 40-character commit SHA (default: the workflow commit)',
    }),
    'github-token': src/* input */.hF.secret(),
    repository: src/* input */.hF.string({ pattern: REPOSITORY, allowed: 'owner/name (default: this repository)' }),
    'required-checks': src/* input */.hF.string({
        allowed: 'check-run or commit-status names or globs, one per line, or a YAML list whose items may be { name, allow: [skipped, neutral] }',
    }),
    wait: src/* input */.hF.duration({ default: '0s', max: '6h' }),
    'required-artifacts': src/* input */.hF.structured(schemas/* array */.YOg(artifactSchema)),
    'run-id': src/* input */.hF.integer({ min: 1 }),
    workflow: src/* input */.hF.string({ pattern: /[^\r\n]{1,255}/ }),
    'promotion-of': src/* input */.hF.string({ pattern: /[^\r\n]{1,255}/ }),
    image: src/* input */.hF.string({
        pattern: /(?:\S+@)?sha256:[0-9a-f]{64}/,
        allowed: 'an image digest, `registry/app@sha256:<64 hex>` or `sha256:<64 hex>`',
    }),
    // Read and checked by runAction (a problem is listed with these); here so the proof lists it and action.yml agrees.
    timeout: src/* input */.hF.string({ default: DEFAULT_TIMEOUT }),
};
/** Reads `required-checks`: plain lines, or a YAML list when the text starts with `-`. */
function parseRequiredChecks(text) {
    const trimmed = text.trim();
    if (!trimmed.startsWith('-')) {
        return trimmed
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line !== '')
            .map((pattern) => ({ pattern, allow: [] }));
    }
    let parsed;
    try {
        parsed = (0,dist/* parse */.qg)(trimmed);
    }
    catch (error) {
        return `not a YAML list: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : ''}`;
    }
    const result = schemas/* array */.YOg(checkItemSchema).safeParse(parsed);
    if (!result.success) {
        return `items are names or { name, allow: [skipped, neutral] } (${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`;
    }
    return result.data.map((item) => typeof item === 'string' ? { pattern: item, allow: [] } : { pattern: item.name, allow: item.allow });
}
function expectation(raw, path) {
    if (raw.equals !== undefined)
        return { path, text: raw.path, equals: raw.equals };
    if (raw['at-least'] !== undefined)
        return { path, text: raw.path, atLeast: raw['at-least'] };
    return { path, text: raw.path, atMost: raw['at-most'] ?? 0 };
}
/**
 * Reads and checks every input.
 * @throws InputError listing every problem at once.
 */
function getInputs() {
    let checks = [];
    const paths = new Map();
    const raw = (0,src/* readInputs */.Ko)(inputSpec, {
        check: (values, given) => {
            const problems = [];
            if (values['required-checks'] !== undefined) {
                const parsed = parseRequiredChecks(values['required-checks']);
                if (typeof parsed === 'string')
                    problems.push({ input: 'required-checks', allowed: parsed });
                else
                    checks = parsed;
            }
            const names = new Set();
            (values['required-artifacts'] ?? []).forEach((artifact, index) => {
                if (artifact.expect !== undefined) {
                    const path = (0,src/* parseJsonPath */.Hf)(artifact.expect.path);
                    if ('problem' in path) {
                        problems.push({
                            input: 'required-artifacts',
                            value: artifact.expect.path,
                            allowed: `item ${index} (${artifact.name}): ${path.problem}`,
                        });
                    }
                    else
                        paths.set(index, path);
                }
                const key = `${artifact.name}\u0000${artifact.file ?? ''}`;
                if (names.has(key)) {
                    problems.push({
                        input: 'required-artifacts',
                        value: artifact.name,
                        allowed: `each artifact and file once (item ${index} repeats one)`,
                    });
                }
                names.add(key);
            });
            if (given('run-id') && given('workflow')) {
                problems.push({
                    input: 'run-id',
                    allowed: 'either "run-id" or "workflow", not both (run-id names the run; workflow picks its newest successful run on sha)',
                });
            }
            if ((given('run-id') || given('workflow')) && !given('required-artifacts')) {
                problems.push({
                    input: given('run-id') ? 'run-id' : 'workflow',
                    allowed: 'only with required-artifacts, whose run it picks',
                });
            }
            if (given('image') && !given('promotion-of')) {
                problems.push({
                    input: 'image',
                    allowed: 'only with promotion-of, whose last successful deployment must carry it',
                });
            }
            if (!given('required-checks') && !given('required-artifacts') && !given('promotion-of')) {
                problems.push({
                    input: 'required-checks',
                    allowed: 'at least one of required-checks, required-artifacts, promotion-of: the gate needs evidence to ask for',
                });
            }
            if (!given('github-token')) {
                problems.push({
                    input: 'github-token',
                    allowed: 'a token that may read checks, statuses, actions and deployments (the default is the job token)',
                });
            }
            return problems;
        },
    });
    const sha = raw.sha ?? process.env.GITHUB_SHA ?? '';
    const [owner = '', repo = ''] = (raw.repository ?? process.env.GITHUB_REPOSITORY ?? '').split('/');
    return {
        sha,
        token: raw['github-token'] ?? '',
        owner,
        repo,
        requiredChecks: checks,
        waitMs: raw.wait,
        requiredArtifacts: (raw['required-artifacts'] ?? []).map((a, index) => {
            const path = paths.get(index);
            return {
                name: a.name,
                ...(a.file === undefined ? {} : { file: a.file }),
                ...(a.format === undefined ? {} : { format: a.format }),
                ...(a.expect === undefined || path === undefined ? {} : { expect: expectation(a.expect, path) }),
                minScore: a['min-score'] ?? DEFAULT_MIN_SCORE,
            };
        }),
        artifactRun: raw['run-id'] !== undefined
            ? { kind: 'run-id', id: raw['run-id'] }
            : raw.workflow !== undefined
                ? { kind: 'workflow', workflow: raw.workflow }
                : { kind: 'this-run' },
        ...(raw['promotion-of'] === undefined ? {} : { promotionOf: raw['promotion-of'] }),
        ...(raw.image === undefined ? {} : { image: raw.image }),
    };
}

;// CONCATENATED MODULE: ./actions/evidence-gate/src/promotion.ts



/** How many of the environment's deployments are looked through for its last successful one. */
const MAX_DEPLOYMENTS = 200;
const DIGEST = /sha256:[0-9a-f]{64}$/;
const deploymentsSchema = schemas/* array */.YOg(schemas/* object */.Ikc({ id: schemas/* number */.aig(), sha: schemas/* string */.YjP(), created_at: schemas/* string */.YjP(), payload: schemas/* unknown */.L5J() }));
const deploymentStatusesSchema = schemas/* array */.YOg(schemas/* object */.Ikc({ state: schemas/* string */.YjP(), log_url: schemas/* string */.YjP().nullish() }));
function readPayload(payload) {
    let value = payload;
    if (typeof value === 'string') {
        try {
            value = JSON.parse(value);
        }
        catch {
            return undefined;
        }
    }
    const parsed = proof_bundle_src/* deploymentPayloadSchema */.Bl.safeParse(value);
    return parsed.success ? parsed.data : undefined;
}
/**
 * Finds the environment's last successful deployment (the newest whose latest status is `success`), reads the
 * payload proof-upload gave it, and checks that it carries one image digest (or `image` itself) and a passing
 * health-gate verdict.
 */
async function checkPromotion(reader, environment, wanted) {
    const { octokit, owner, repo } = reader;
    const row = { kind: 'promotion', name: `promotion of ${environment}` };
    const what = `the deployments of ${environment}`;
    let seen = 0;
    try {
        for await (const page of octokit.paginate.iterator(octokit.rest.repos.listDeployments, {
            owner,
            repo,
            environment,
            per_page: 100,
        })) {
            for (const deployment of readAnswer(deploymentsSchema, page.data, what)) {
                if (++seen > MAX_DEPLOYMENTS)
                    break;
                const statuses = await octokit.rest.repos.listDeploymentStatuses({
                    owner,
                    repo,
                    deployment_id: deployment.id,
                    per_page: 1,
                });
                const latest = readAnswer(deploymentStatusesSchema, statuses.data, what)[0];
                if (latest?.state !== 'success')
                    continue;
                const where = {
                    ...row,
                    source: `deployment ${deployment.id} of ${deployment.sha.slice(0, 12)} (${deployment.created_at})`,
                    ...(latest.log_url ? { url: latest.log_url } : {}),
                };
                return judgePayload(where, readPayload(deployment.payload), environment, wanted);
            }
            if (seen > MAX_DEPLOYMENTS)
                break;
        }
    }
    catch (error) {
        throw readFailure(reader, what, error);
    }
    return {
        evidence: {
            ...row,
            verdict: 'missing',
            detail: `${environment} has no successful deployment${seen > MAX_DEPLOYMENTS ? ` in its last ${MAX_DEPLOYMENTS}` : ''}`,
            todo: `Deploy to ${environment} with proof-upload's deployment-environment: ${environment} and let its health gate pass first.`,
        },
    };
}
function judgePayload(row, payload, environment, wanted) {
    const fail = (detail, todo) => ({
        evidence: { ...row, verdict: 'fail', detail, todo },
    });
    if (payload === undefined) {
        return fail(`the last successful deployment to ${environment} was not recorded by proof-upload (no deploy-actions payload)`, `Deploy to ${environment} through the deploy-actions workflow, with proof-upload's deployment-environment, so its evidence is recorded.`);
    }
    const health = payload.verdicts.filter((v) => v.action === 'health-gate');
    if (health.length === 0 || health.some((v) => v.outcome !== 'success')) {
        return fail(health.length === 0
            ? `the last successful deployment to ${environment} has no health-gate verdict`
            : `the health gate of the last successful deployment to ${environment} did not pass`, `Run health-gate in the ${environment} deploy job, before proof-upload, and promote only once it passes.`);
    }
    const digestOf = (image) => DIGEST.exec(image)?.[0] ?? image;
    const images = payload.images.filter((image) => DIGEST.test(image));
    if (wanted !== undefined) {
        const match = images.find((image) => digestOf(image) === digestOf(wanted));
        if (match === undefined) {
            return fail(`${environment} never passed ${wanted}: its last successful deployment ran ${images.join(', ') || 'no image digest'}`, `Deploy ${wanted} to ${environment} and let its health gate pass, or promote the image ${environment} proved.`);
        }
        return {
            evidence: { ...row, verdict: 'pass', detail: `${match} passed ${environment}'s health gate` },
            image: match,
        };
    }
    if (images.length !== 1) {
        return fail(`the last successful deployment to ${environment} carries ${images.length} image digest(s), not one`, 'Name the image to promote with the image input.');
    }
    const image = images[0] ?? '';
    return {
        evidence: { ...row, verdict: 'pass', detail: `${image} passed ${environment}'s health gate` },
        image,
    };
}

;// CONCATENATED MODULE: ./actions/evidence-gate/src/evidence.ts
/** The verdicts that block the gate, and how each is counted in the outputs. */
function isMissing(e) {
    return e.verdict === 'missing' || e.verdict === 'pending';
}
/** Failed, or could not be verified (an unreadable answer is not a pass). */
function isFailed(e) {
    return e.verdict === 'fail' || e.verdict === 'unverified';
}

;// CONCATENATED MODULE: ./actions/evidence-gate/src/report.ts



const MARK = {
    pass: '✅ pass',
    fail: '❌ fail',
    missing: '❓ missing',
    pending: '⏳ still running',
    unverified: '⚠️ could not verify',
};
// The promotion row's name already says what it is ("promotion of staging").
const KIND = {
    check: 'check ',
    status: 'status ',
    artifact: 'artifact ',
    promotion: '',
};
/** Names for the `missing` and `failed` outputs: one per line, each once. */
function names(evidence, pick) {
    return [...new Set(evidence.filter(pick).map((e) => e.name))].join('\n');
}
/**
 * Logs one line per item, an error annotation per blocking item, and sets `ok` (only when the gate read everything
 * it was asked to and all passed), `missing` and `failed` (redacted: names come from APIs and artifacts).
 */
function reportEvidence(evidence, complete) {
    for (const e of evidence) {
        const line = `${MARK[e.verdict]}  ${KIND[e.kind]}${e.name}: ${e.detail}${e.source === undefined ? '' : ` [${e.source}]`}`;
        src/* log */.Rm.info(line);
        if (e.verdict !== 'pass') {
            src/* log */.Rm.error(`${e.name}: ${e.detail}. ${e.todo ?? ''}`.trim(), {
                title: `Evidence ${e.verdict === 'pending' ? 'still running' : e.verdict}: ${e.name}`,
            });
        }
    }
    core/* setOutput */.uH('ok', String(complete && evidence.every((e) => e.verdict === 'pass')));
    core/* setOutput */.uH('missing', (0,src/* redact */.E$)(names(evidence, isMissing)));
    core/* setOutput */.uH('failed', (0,src/* redact */.E$)(names(evidence, isFailed)));
}
/** The step summary: one table of every item, where it came from, its verdict and what to do. */
async function publishEvidenceSummary(evidence, sha) {
    const passed = evidence.filter((e) => e.verdict === 'pass').length;
    await (0,src/* writeSummary */.Sy)([
        (0,src/* summaryHeading */.hn)(`Evidence gate ${passed === evidence.length ? '✅' : '❌'}`),
        (0,src/* summaryParagraph */.RB)(`${passed} of ${evidence.length} item(s) passed for commit ${sha}.`),
        (0,src/* summaryTable */.jb)(['Evidence', 'From', 'Verdict', 'What to do'], evidence.map((e) => [
            `${KIND[e.kind]}${e.name}`,
            [e.source ?? '', e.url ?? ''].filter((s) => s !== '').join('\n'),
            `${MARK[e.verdict]}: ${e.detail}`,
            e.todo ?? '',
        ])),
    ]);
}

;// CONCATENATED MODULE: ./actions/evidence-gate/src/main.ts











/** Checks that every piece of evidence asked for is present and passing, and fails the step naming what is not. */
async function run() {
    await (0,src/* runAction */.Cs)('evidence-gate', async (ctx) => {
        const inputs = getInputs();
        const { values, secretInputs } = (0,src/* rawInputs */.me)(inputSpec);
        ctx.proof.setInputs(values, { secretInputs });
        const reader = createReader({
            token: inputs.token,
            owner: inputs.owner,
            repo: inputs.repo,
            signal: ctx.signal,
            deadline: ctx.deadline,
        });
        src/* log */.Rm.info(`gathering the evidence for ${inputs.owner}/${inputs.repo} at ${inputs.sha}`);
        const evidence = [];
        let image;
        let complete = false;
        try {
            evidence.push(...(await gatherChecks(reader, inputs.sha, inputs.requiredChecks, inputs.waitMs)));
            evidence.push(...(await gatherArtifacts(reader, inputs.sha, inputs.artifactRun, inputs.requiredArtifacts)));
            if (inputs.promotionOf !== undefined) {
                const promotion = await checkPromotion(reader, inputs.promotionOf, inputs.image);
                evidence.push(promotion.evidence);
                image = promotion.image;
            }
            complete = true;
        }
        finally {
            // What was gathered before a failure still goes into the table, the record and the report.
            // Beside, not inside, proof-dir: proof-upload reads every JSON file there as a proof record.
            const reportDir = external_node_path_default().join(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'evidence-gate');
            await (0,promises_.mkdir)(reportDir, { recursive: true });
            const reportPath = external_node_path_default().join(reportDir, `report-${Date.now()}.json`);
            // Report text comes from artifacts and APIs: a test name may hold a secret the step knows.
            const report = (0,src/* redactDeep */.ro)({ sha: inputs.sha, evidence });
            await (0,promises_.writeFile)(reportPath, `${JSON.stringify(report, null, 2)}\n`);
            core/* setOutput */.uH('report', reportPath);
            ctx.proof.fact('sha', inputs.sha);
            ctx.proof.fact('evidence', evidence);
            reportEvidence(evidence, complete);
            if (evidence.length > 0)
                await publishEvidenceSummary(evidence, inputs.sha);
        }
        if (image !== undefined) {
            core/* setOutput */.uH('image', image);
            ctx.proof.fact('image', image);
        }
        for (const e of evidence)
            ctx.proof.step(`${e.kind} ${e.name}`, e.verdict === 'pass' ? 'ok' : 'failed', e.detail);
        const blocking = evidence.filter((e) => e.verdict !== 'pass');
        if (blocking.length > 0) {
            throw new src/* DeployActionError */.o8(`${blocking.length} of ${evidence.length} piece(s) of evidence missing or failing: ${blocking.map((e) => e.name).join(', ')}`, { code: 'evidence-missing', hint: 'See the table in the step summary: each row says what to do.' });
        }
        src/* log */.Rm.info(`all ${evidence.length} piece(s) of evidence present and passing`);
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
