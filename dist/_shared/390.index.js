export const id = 390;
export const ids = [390];
export const modules = {

/***/ 91390:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57839);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 57839:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./packages/core/src/index.ts + 22 modules
var src = __webpack_require__(6466);
// EXTERNAL MODULE: ./packages/health/src/index.ts + 9 modules
var health_src = __webpack_require__(91759);
// EXTERNAL MODULE: ./packages/release/src/index.ts + 24 modules
var release_src = __webpack_require__(66054);
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
const HEADER_NAME = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/;
/** The `timeout` input's default: the whole step, the gate's budget within it. */
const DEFAULT_TIMEOUT = '2m';
/** The input spec, exported so the proof record can list the inputs as given. */
const inputSpec = {
    targets: src/* input */.hF.string({
        required: true,
        allowed: 'one URL per line, or a YAML list of targets (name, url, method, expect-status, body-json, body-contains, max-latency-ms, headers, timeout-ms, follow-redirects, per-machine)',
    }),
    'expect-version': health_src/* probeInputSpec */.KQ['expect-version'],
    'version-path': src/* input */.hF.string({ default: '$.version' }),
    'version-header': src/* input */.hF.string({ pattern: HEADER_NAME }),
    // Read and enforced by runAction as the step's time limit (its problems are listed with these); the gate's budget.
    timeout: src/* input */.hF.string({ default: DEFAULT_TIMEOUT }),
    interval: health_src/* probeInputSpec */.KQ.interval,
    warmup: src/* input */.hF.duration({ default: '0s', max: '1h' }),
    'consecutive-successes': health_src/* probeInputSpec */.KQ['consecutive-successes'],
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
            targets = (0,health_src/* readTargetsInput */.zc)(values.targets, problems);
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
            ...health_src/* DEFAULT_POLICY */.zj,
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
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
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
        (0,health_src/* targetTable */.iY)(report.targets, { latency: true, verdictLabels: MARK }),
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
    await (0,promises_.mkdir)(base, { recursive: true });
    const path = (0,external_node_path_.join)(await (0,promises_.mkdtemp)((0,external_node_path_.join)(base, 'run-')), 'report.json');
    await (0,promises_.writeFile)(path, `${JSON.stringify((0,src/* redactDeep */.ro)(report), null, 2)}\n`);
    core/* setOutput */.uH('result', report.result);
    core/* setOutput */.uH('failed-targets', failedNames(report).join(','));
    core/* setOutput */.uH('report', path);
    core/* setOutput */.uH('duration-ms', String(report.durationMs));
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
        ? (0,health_src/* expandPerMachine */.hS)(inputs.targets, machines.filter((m) => m.state === 'started').map((m) => m.id))
        : inputs.targets;
    // The budget is what is left of the step's timeout once the machines are listed, less the time to report.
    const policy = {
        ...inputs.policy,
        timeoutMs: Math.max(0, ctx.deadline - Date.now() - reportReserveMs(inputs.policy.timeoutMs)),
    };
    announce(inputs, policy, targets.length);
    const prober = (0,health_src/* createHttpProber */.nz)();
    ctx.onCleanup(() => prober.close());
    const logger = { info: (line) => src/* log */.Rm.info(line) };
    const http = (0,health_src/* runHealthGate */.Jd)({
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
    const result = (0,health_src/* overallVerdict */.Bn)([...gate.targets, ...machineRows].map((t) => t.verdict));
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
