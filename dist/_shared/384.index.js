export const id = 384;
export const ids = [384];
export const modules = {

/***/ 56384:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(86318);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 86318:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./packages/core/src/index.ts + 22 modules
var src = __webpack_require__(6466);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 8 modules
var schemas = __webpack_require__(32716);
;// CONCATENATED MODULE: ./actions/status-matrix/src/inputs.ts


/** What the status matrix needs of each service: the services-manifest output carries more keys, ignored here. */
const serviceSchema = schemas/* looseObject */._H3({ name: schemas/* string */.YjP().min(1).max(256), app: schemas/* string */.YjP().max(256) });
/** The jobs' results GitHub reports in `needs.<job>.result`. */
const JOB_RESULTS = ['success', 'failure', 'cancelled', 'skipped'];
/** The input spec, exported so the proof record can list the inputs as given. */
const inputSpec = {
    services: src/* input */.hF.structured(schemas/* array */.YOg(serviceSchema).min(1).max(256), {
        required: true,
        allowed: "services-manifest's `services` output: a JSON array of objects with `name` and `app`",
    }),
    proofs: src/* input */.hF.string({
        required: true,
        allowed: 'the folder actions/download-artifact extracted the proof artifacts into, one folder per artifact',
    }),
    'artifact-prefix': src/* input */.hF.string({ default: 'deploy-proof-', pattern: /[A-Za-z0-9._-]{0,64}/ }),
    'deploy-result': src/* input */.hF.enumOf(JOB_RESULTS),
    timeout: src/* input */.hF.duration({ default: '2m', min: '1s', max: '1h' }),
    'proof-dir': src/* input */.hF.string(),
};
/**
 * Reads and checks every input.
 * @throws InputError listing every problem at once.
 */
function getInputs() {
    const raw = (0,src/* readInputs */.Ko)(inputSpec);
    return {
        services: raw.services.map(({ name, app }) => ({ name, app })),
        proofs: raw.proofs,
        artifactPrefix: raw['artifact-prefix'],
        ...(raw['deploy-result'] === undefined ? {} : { deployResult: raw['deploy-result'] }),
    };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./packages/proof-bundle/src/index.ts + 5 modules
var proof_bundle_src = __webpack_require__(75805);
;// CONCATENATED MODULE: ./actions/status-matrix/src/proofs.ts





// The facts fly-deploy, health-gate and rollback-on-failure record (their report.ts): only the keys shown here.
const deployFact = schemas/* looseObject */._H3({
    status: schemas/* string */.YjP(),
    image: schemas/* string */.YjP().optional(),
    releaseLabel: schemas/* string */.YjP().optional(),
});
const gateFact = schemas/* looseObject */._H3({ result: schemas/* string */.YjP() });
const rollbackFact = schemas/* looseObject */._H3({ restoredRelease: schemas/* string */.YjP().optional(), image: schemas/* string */.YjP().optional() });
/** A manifest is a few kilobytes and a record rarely more than a megabyte: larger files are not read. */
const MAX_MANIFEST_BYTES = 1 << 20;
const MAX_RECORD_BYTES = 8 << 20;
/** Longest note shown in a cell. */
const MAX_NOTE = 200;
async function readJson(bundle, file, max) {
    if ((await bundle.size(file)) > max)
        throw new Error(`${file} is larger than ${max} bytes`);
    const chunks = [];
    let size = 0;
    const stream = await bundle.open(file);
    for await (const chunk of stream) {
        size += chunk.length;
        if (size > max) {
            stream.destroy();
            throw new Error(`${file} is larger than ${max} bytes`);
        }
        chunks.push(chunk);
    }
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}
/** The records the manifest's verdicts point at, each parsed with the proof record schema; unreadable ones skipped. */
async function readRecords(bundle, manifest, notes) {
    const records = [];
    for (const verdict of manifest.verdicts) {
        try {
            const parsed = src/* proofRecordSchema */.l1.safeParse(await readJson(bundle, verdict.record, MAX_RECORD_BYTES));
            if (parsed.success)
                records.push(parsed.data);
            else
                notes.push(`the ${verdict.action} record is not a v1 proof record`);
        }
        catch (error) {
            notes.push(`the ${verdict.action} record could not be read (${(0,src/* errorMessage */.gJ)(error)})`);
        }
    }
    return records;
}
function last(records, action) {
    return records.filter((r) => r.action === action).at(-1);
}
function errorOf(record) {
    return record?.error === undefined ? undefined : `${record.action}: ${record.error.message.split('\n')[0]}`;
}
/**
 * Where an artifact was extracted: actions/download-artifact puts each matched artifact in `<proofs>/<name>/`, but a
 * single match straight into `<proofs>/` (actions/download-artifact src/download-artifact.ts: `artifacts.length ===
 * 1` downloads to the path itself). In that case the bundle's own manifest names the artifact it was uploaded as.
 */
async function locateBundle(proofs, artifact) {
    const own = external_node_path_default().join(proofs, artifact);
    try {
        await (0,promises_.lstat)(own);
        return own;
    }
    catch {
        // Not extracted into a folder of its own: maybe the only artifact, extracted into `proofs` itself.
    }
    try {
        const manifest = external_node_path_default().join(proofs, proof_bundle_src/* MANIFEST_FILE */.h1);
        if ((await (0,promises_.stat)(manifest)).size > MAX_MANIFEST_BYTES)
            return undefined;
        const parsed = schemas/* looseObject */._H3({ name: schemas/* string */.YjP() })
            .safeParse(JSON.parse(await (0,promises_.readFile)(manifest, 'utf8')));
        return parsed.success && parsed.data.name === artifact ? proofs : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Reads one service's proof bundle (the folder actions/download-artifact extracted it to): checks it against its
 * manifest with `verifyBundle`, then reads what fly-deploy, health-gate and rollback-on-failure recorded. Anything
 * missing, garbled or altered shows in the row and makes it not ok; nothing here throws for a bad bundle.
 */
async function readServiceStatus(folder, service, artifact) {
    const row = {
        service: service.name,
        app: service.app,
        status: 'no proof',
        gate: 'not run',
        image: '',
        release: '',
        proof: 'none',
        note: '',
        ok: false,
    };
    const finish = (notes) => {
        row.note = (0,src/* redactAndShorten */.w_)(notes.join('; '), MAX_NOTE);
        return row;
    };
    if (folder === undefined)
        return finish(['the service name cannot be an artifact name']);
    try {
        if (!(await (0,promises_.lstat)(folder)).isDirectory())
            return finish([`${artifact} is not a folder`]);
    }
    catch {
        return finish([
            `no artifact ${artifact}: the deploy job ended before its proof was uploaded (see its log)`,
        ]);
    }
    row.proof = artifact;
    row.status = 'unreadable proof';
    const notes = [];
    let bundle;
    try {
        const verified = await (0,proof_bundle_src/* verifyBundle */.IF)(folder);
        const manifestProblem = verified.problems.find((p) => p.kind === 'manifest');
        if (manifestProblem !== undefined)
            return finish([`${proof_bundle_src/* MANIFEST_FILE */.h1}: ${manifestProblem.detail}`]);
        if (verified.problems.length > 0) {
            const first = verified.problems[0];
            notes.push(`the bundle does not match its manifest (${verified.problems.length} problem(s), first: ${first?.kind} ${first?.file})`);
        }
        bundle = await (0,proof_bundle_src/* openBundle */.hk)(folder);
        const manifest = proof_bundle_src/* manifestSchema */.rc.parse(await readJson(bundle, proof_bundle_src/* MANIFEST_FILE */.h1, MAX_MANIFEST_BYTES));
        const records = await readRecords(bundle, manifest, notes);
        const deploy = last(records, 'fly-deploy');
        const gate = last(records, 'health-gate');
        const rollback = last(records, 'rollback-on-failure');
        if (deploy?.app !== undefined && deploy.app !== service.app) {
            notes.push(`the proof is of app ${deploy.app}, not ${service.app}`);
        }
        const deployed = deployFact.safeParse(deploy?.facts.deploy);
        row.status = deployed.success ? deployed.data.status : deploy === undefined ? 'not run' : 'failed';
        row.image = deployed.data?.image ?? '';
        row.release = deployed.data?.releaseLabel ?? '';
        const gated = gateFact.safeParse(gate?.facts['health-gate']);
        row.gate = gated.success ? gated.data.result : gate === undefined ? 'not run' : 'fail';
        const restored = rollbackFact.safeParse(rollback?.facts.rollback);
        if (restored.success) {
            notes.push(`rolled back to ${restored.data.restoredRelease ?? restored.data.image ?? 'the last good release'}`);
        }
        const failed = records.find((r) => r.outcome !== 'success');
        const why = errorOf(failed);
        if (why !== undefined)
            notes.unshift(why);
        // fly-deploy.yml runs no health gate without health targets (the machines' checks were the verification): a
        // deployed service with no gate record is healthy; a gate that ran must have passed.
        row.ok = row.status === 'deployed' && ['pass', 'not run'].includes(row.gate) && notes.length === 0;
        return finish(notes);
    }
    catch (error) {
        return finish([...notes, `the proof could not be read (${(0,src/* errorMessage */.gJ)(error)})`]);
    }
    finally {
        bundle?.close();
    }
}

;// CONCATENATED MODULE: ./actions/status-matrix/src/main.ts





/** What an artifact's name may hold here: also a single folder name, so a name cannot walk out of `proofs`. */
const ARTIFACT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** The run's page, where its artifacts are listed (the proofs are artifacts of this run). */
function runUrl() {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = process.env;
    return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined;
}
const MARK = (row) => (row.ok ? '✅' : '❌');
function summaryOf(rows, inputs, failed) {
    const good = rows.length - failed.length;
    const sections = [
        (0,src/* summaryHeading */.hn)(`Deploy status: ${good} of ${rows.length} service(s) deployed and healthy`),
        (0,src/* summaryTable */.jb)(['', 'service', 'app', 'deploy status', 'gate', 'image', 'release', 'proof', 'note'], rows.map((r) => [MARK(r), r.service, r.app, r.status, r.gate, r.image, r.release, r.proof, r.note])),
    ];
    const url = runUrl();
    if (url !== undefined) {
        sections.push((0,src/* summaryParagraph */.RB)(`Proof artifacts (the "proof" column) are listed on the run's page: ${url}`));
    }
    if (inputs.deployResult !== undefined && inputs.deployResult !== 'success') {
        sections.push((0,src/* summaryParagraph */.RB)(`The deploy matrix job ended with: ${inputs.deployResult}.`));
    }
    return sections;
}
/** Gathers every service's proof into one status matrix; fails when a service or the matrix job failed. */
async function run() {
    await (0,src/* runAction */.Cs)('status-matrix', async (ctx) => {
        const inputs = getInputs();
        const { values } = (0,src/* rawInputs */.me)(inputSpec);
        ctx.proof.setInputs(values);
        const root = external_node_path_default().resolve(process.env.GITHUB_WORKSPACE || process.cwd(), inputs.proofs);
        const rows = [];
        for (const service of inputs.services) {
            const artifact = `${inputs.artifactPrefix}${service.name}`;
            const named = ARTIFACT_NAME.test(artifact);
            const folder = named ? await locateBundle(root, artifact) : undefined;
            const row = await readServiceStatus(named ? (folder ?? external_node_path_default().join(root, artifact)) : undefined, service, artifact);
            src/* log */.Rm.info(`${MARK(row)} ${row.service}: ${row.status}, gate ${row.gate}${row.note ? ` (${row.note})` : ''}`);
            rows.push(row);
        }
        const failed = rows.filter((r) => !r.ok).map((r) => r.service);
        const matrixFailed = inputs.deployResult === 'failure' || inputs.deployResult === 'cancelled';
        const result = failed.length === 0 && !matrixFailed ? 'pass' : 'fail';
        core/* setOutput */.uH('result', result);
        core/* setOutput */.uH('failed-services', failed.join(','));
        core/* setOutput */.uH('statuses', JSON.stringify(rows));
        ctx.proof.fact('status-matrix', { result, rows });
        await (0,src/* writeSummary */.Sy)(summaryOf(rows, inputs, failed));
        if (result === 'fail') {
            const lines = rows
                .filter((r) => !r.ok)
                .map((r) => `${r.service}: ${r.status}, gate ${r.gate}. ${r.note}`);
            if (matrixFailed)
                lines.push(`the deploy matrix job ended with: ${inputs.deployResult}`);
            throw new src/* DeployActionError */.o8(`${failed.length} of ${rows.length} service(s) not deployed healthy:\n${lines.join('\n')}`, {
                code: 'services-failed',
                hint: "Open each failed service's deploy job log and its proof artifact; fix the cause and re-run the failed jobs.",
            });
        }
    }, { defaultTimeout: '2m' });
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
