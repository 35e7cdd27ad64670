export const id = 201;
export const ids = [201];
export const modules = {

/***/ 90201:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(23094);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 23094:
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
;// CONCATENATED MODULE: ./actions/rollback-on-failure/src/inputs.ts



// Fly app names: lower-case letters, digits and dashes.
const FLY_NAME = /[a-z0-9][a-z0-9-]*/;
/** The input spec, exported so the proof record can list the inputs as given. */
const inputSpec = {
    app: src/* input */.hF.string({ required: true, pattern: FLY_NAME }),
    'fly-api-token': src/* input */.hF.secret(),
    'api-url': src/* input */.hF.url({ default: 'https://api.machines.dev' }),
    'rollback-plan': src/* input */.hF.string({
        allowed: "fly-deploy's rollback-plan output: the path of its JSON file, or the JSON itself",
    }),
    'to-release': src/* input */.hF.string({ pattern: /[A-Za-z0-9._-]{1,63}/ }),
    'to-image': src/* input */.hF.string({ pattern: /\S+/, allowed: 'an image reference such as registry.fly.io/app:tag' }),
    strategy: src/* input */.hF.enumOf(release_src/* ROLLBACK_STRATEGIES */.R3, { default: 'immediate' }),
    'wait-timeout': src/* input */.hF.duration({ default: '3m', min: '1s', max: '1h' }),
    settle: src/* input */.hF.duration({ default: '5s', max: '30m' }),
    'wait-for-lease': src/* input */.hF.duration({ default: '0s', max: '30m' }),
    targets: src/* input */.hF.string({
        allowed: 'one URL per line, or a YAML list of targets as health-gate takes them (name, url, expect-status, body-json, …)',
    }),
    'expect-version': health_src/* probeInputSpec */.KQ['expect-version'],
    timeout: src/* input */.hF.duration({ default: '2m', min: '1s', max: '6h' }),
    interval: health_src/* probeInputSpec */.KQ.interval,
    'consecutive-successes': health_src/* probeInputSpec */.KQ['consecutive-successes'],
    reason: src/* input */.hF.string(),
    'proof-dir': src/* input */.hF.string(),
};
const DESTINATIONS = ['rollback-plan', 'to-release', 'to-image'];
/**
 * Reads and checks every input; the token falls back to the `FLY_API_TOKEN` env.
 * @throws InputError listing every problem at once.
 */
function getInputs() {
    let targets = [];
    const envToken = process.env.FLY_API_TOKEN?.trim() ?? '';
    if (envToken !== '')
        (0,src/* registerSecret */.cl)(envToken);
    const raw = (0,src/* readInputs */.Ko)(inputSpec, {
        check: (values, given) => {
            const problems = [];
            targets = (0,health_src/* readTargetsInput */.zc)(values.targets, problems);
            if (!given('fly-api-token') && envToken === '') {
                problems.push({
                    input: 'fly-api-token',
                    allowed: 'a Fly API token (`fly tokens create deploy -a <app>`), or the FLY_API_TOKEN env set from a secret',
                });
            }
            if (given('expect-version') && !given('targets'))
                problems.push({
                    input: 'expect-version',
                    allowed: 'the release the targets must answer with; set targets too',
                });
            if (values.timeout !== undefined && values.interval !== undefined && values.interval > values.timeout)
                problems.push({
                    input: 'interval',
                    allowed: `an interval no longer than timeout (${values.interval}ms > ${values.timeout}ms)`,
                });
            return problems;
        },
    });
    const given = DESTINATIONS.filter((name) => raw[name] !== undefined);
    const first = given[0];
    const destination = first === 'rollback-plan'
        ? { source: first, plan: raw['rollback-plan'] ?? '' }
        : first === 'to-release'
            ? { source: first, label: raw['to-release'] ?? '' }
            : first === 'to-image'
                ? { source: first, image: raw['to-image'] ?? '' }
                : { source: 'last-known-good' };
    return {
        app: raw.app,
        token: raw['fly-api-token'] ?? envToken,
        apiUrl: raw['api-url'],
        destination,
        ignoredDestinations: given.slice(1),
        strategy: raw.strategy,
        waitTimeoutMs: raw['wait-timeout'],
        settleMs: raw.settle,
        waitForLeaseMs: raw['wait-for-lease'],
        targets,
        ...(raw['expect-version'] === undefined
            ? {}
            : { version: { expected: raw['expect-version'], path: ['version'] } }),
        policy: {
            ...health_src/* DEFAULT_POLICY */.zj,
            timeoutMs: raw.timeout,
            intervalMs: raw.interval,
            consecutiveSuccesses: raw['consecutive-successes'],
        },
        ...(raw.reason === undefined ? {} : { reason: raw.reason }),
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
;// CONCATENATED MODULE: ./actions/rollback-on-failure/src/report.ts




/** `v3 (label)`, `label`, or empty: the release restored, as the `restored-release` output and the summary say it. */
function restoredReleaseText(rollback) {
    const { label, version } = rollback.restoredRelease;
    if (version !== undefined)
        return label === undefined ? `v${version}` : `v${version} (${label})`;
    return label ?? '';
}
function fromImage(rollback) {
    return (0,release_src/* mostCommonImage */._Y)(rollback.machines.filter((m) => m.result === 'restored' || m.result === 'failed').map((m) => m.fromImage));
}
/** Sets every output; `result` is `fail` whenever the app was not verified healthy. */
function setOutputs(report) {
    const { rollback } = report;
    core/* setOutput */.uH('rolled-back', String(rollback.rolledBack));
    core/* setOutput */.uH('restored-image', rollback.image ?? '');
    core/* setOutput */.uH('restored-release', restoredReleaseText(rollback));
    core/* setOutput */.uH('machines', JSON.stringify(rollback.machines.map((m) => ({
        ...(0,release_src/* machineOutput */.jc)(m),
        ...(m.detail === undefined ? {} : { detail: m.detail }),
    }))));
    core/* setOutput */.uH('result', report.verification?.result ?? 'fail');
    core/* setOutput */.uH('duration-ms', String(Math.round(report.durationMs)));
}
function headline(report) {
    const { rollback, verification } = report;
    if (rollback.error !== undefined)
        return rollback.rolledBack ? 'rollback incomplete ❌' : 'nothing changed ❌';
    const what = rollback.rolledBack ? 'rolled back' : 'already on the good release (no change)';
    return `${what}, verification ${verification?.result === 'pass' ? 'passed ✅' : 'FAILED ❌'}`;
}
/** Writes the step summary: what was restored, from which release to which, why, the machines and the verification. */
async function publishSummary(report) {
    const { rollback, verification } = report;
    const from = fromImage(rollback);
    const release = restoredReleaseText(rollback);
    const sections = [
        (0,src/* summaryHeading */.hn)(`rollback-on-failure ${report.app}: ${headline(report)}`),
        (0,src/* summaryParagraph */.RB)([
            `Restored ${rollback.image ?? '(nothing determined)'}${release === '' ? '' : ` = release ${release}`}` +
                (from === undefined ? '' : `, from ${from}`),
            `chosen by ${rollback.source}`,
            ...(rollback.recordedVersion === undefined
                ? []
                : [`recorded as release v${rollback.recordedVersion}`]),
            `strategy ${report.strategy}`,
            `took ${(0,src/* formatDuration */.a3)(report.durationMs)}`,
        ].join('; ')),
        (0,src/* summaryParagraph */.RB)(`Why: ${report.reason ?? '(no reason given)'}`),
    ];
    if (rollback.error !== undefined)
        sections.push((0,src/* summaryParagraph */.RB)(`❌ ${(0,src/* errorMessage */.gJ)(rollback.error)}`));
    if (rollback.machines.length > 0) {
        sections.push((0,release_src/* machineTable */.g4)(rollback.machines, { heading: 'Detail', cell: (m) => m.detail ?? '' }));
    }
    sections.push((0,src/* summaryHeading */.hn)('Timeline chart', 3), ...(0,src/* rolloutChartSections */.AG)(rollback.spans));
    if (verification !== undefined) {
        sections.push((0,src/* summaryHeading */.hn)(`Verification: ${verification.result === 'pass' ? 'PASS ✅' : 'FAIL ❌'}`, 3));
        if (verification.targets.length > 0) {
            sections.push((0,health_src/* targetTable */.iY)(verification.targets));
        }
        if (verification.machines.length > 0) {
            sections.push((0,src/* summaryTable */.jb)(['Machine', 'Verdict'], verification.machines.map((m) => [m.id, `${m.verdict}: ${m.reason}`])));
        }
    }
    sections.push(...(0,release_src/* timelineSections */.Wx)(rollback.timeline));
    await (0,src/* writeSummary */.Sy)(sections);
}
/** Records the rollback in the proof: every step, each machine, the reason and the verification. */
function recordProof(proof, report) {
    const { rollback, verification } = report;
    (0,release_src/* recordMachineSteps */.eg)(proof, rollback.timeline, rollback.machines, (m) => m.result === 'failed' ? 'failed' : m.result === 'restored' || m.result === 'destroyed' ? 'ok' : 'info');
    proof.fact('rollback', (0,src/* redactDeep */.ro)({
        reason: report.reason,
        rolledBack: rollback.rolledBack,
        source: rollback.source,
        image: rollback.image,
        restoredRelease: rollback.restoredRelease,
        recordedVersion: rollback.recordedVersion,
        strategy: report.strategy,
        machines: rollback.machines,
    }));
    if (verification !== undefined)
        proof.fact('verification', (0,src/* redactDeep */.ro)(verification));
    proof.setSpans(rollback.spans);
}

;// CONCATENATED MODULE: ./actions/rollback-on-failure/src/main.ts





async function requestOf(inputs) {
    const d = inputs.destination;
    if (d.source === 'rollback-plan')
        return { source: d.source, plan: await (0,release_src/* readRollbackPlan */.uN)(d.plan) };
    return d;
}
/**
 * Every app machine after the rollback: a restored one was already waited for by the release engine (started on
 * its version, checks passing for `settle`); one left alone and started is watched until its checks pass, each on
 * a watch of its own so one unhealthy machine does not end the others' waits.
 */
async function checkMachines(ctx, rollback, inputs) {
    const restored = rollback.machines
        .filter((m) => m.result === 'restored')
        .map((m) => ({
        id: m.id,
        verdict: 'pass',
        reason: 'restored: started on its version, checks passing',
    }));
    const unchanged = new Set(rollback.machines.filter((m) => m.result === 'unchanged').map((m) => m.id));
    const started = (await ctx.client.listMachines(ctx.app)).filter((m) => unchanged.has(m.id) && m.state === 'started');
    const checked = await Promise.all(started.map(async (m) => {
        const watch = new release_src/* MachineWatch */.$B(ctx);
        try {
            watch.watch({
                machineId: m.id,
                version: m.version ?? '',
                mark: (0,release_src/* markEvents */.LD)(m),
                changedAt: ctx.clock.now(),
                expectStarted: true,
            });
            await watch.waitHealthy(m.id, { settleMs: 0, timeoutMs: inputs.waitTimeoutMs });
            return { id: m.id, verdict: 'pass', reason: 'left alone: started, checks passing' };
        }
        catch (e) {
            return { id: m.id, verdict: 'fail', reason: (0,src/* errorMessage */.gJ)(e).split('\n')[0] ?? 'unhealthy' };
        }
        finally {
            await watch.close();
        }
    }));
    return [...restored, ...checked];
}
async function verify(ctx, rollback, inputs) {
    const machines = await checkMachines(ctx, rollback, inputs);
    let targets = [];
    if (inputs.targets.length > 0) {
        src/* log */.Rm.info(`Verifying ${inputs.targets.length} target(s)${inputs.version === undefined ? '' : `, expecting version ${inputs.version.expected}`}`);
        const prober = (0,health_src/* createHttpProber */.nz)();
        try {
            const gate = await (0,health_src/* runHealthGate */.Jd)({
                targets: inputs.targets,
                policy: inputs.policy,
                ...(inputs.version === undefined ? {} : { version: inputs.version }),
                probe: prober.probe,
                logger: { info: (line) => src/* log */.Rm.info(line) },
                signal: ctx.signal,
            });
            targets = gate.targets;
        }
        finally {
            await prober.close();
        }
    }
    const verdicts = [...targets.map((t) => t.verdict), ...machines.map((m) => m.verdict)];
    return { result: (0,health_src/* overallVerdict */.Bn)(verdicts) === 'pass' ? 'pass' : 'fail', targets, machines };
}
/**
 * Puts every machine of the app back on a good release, verifies it, reports what was restored from which
 * release to which and why, and fails the step when the app is still unhealthy.
 */
async function run() {
    await (0,src/* runAction */.Cs)('rollback-on-failure', async (ctx) => {
        const started = Date.now();
        const inputs = getInputs();
        const { values, secretInputs } = (0,src/* rawInputs */.me)(inputSpec);
        ctx.proof.setInputs(values, { secretInputs });
        ctx.proof.setApp(inputs.app);
        if (inputs.ignoredDestinations.length > 0) {
            src/* log */.Rm.warn(`${inputs.destination.source} decides what to go back to; ignoring ${inputs.ignoredDestinations.join(', ')}`);
        }
        const request = await requestOf(inputs);
        const { engine, platform } = (0,release_src/* openReleaseClients */.YS)(ctx, inputs);
        src/* log */.Rm.info(`Rolling ${inputs.app} back (${request.source}, ${inputs.strategy})${inputs.reason === undefined ? '' : `: ${inputs.reason}`}`);
        const rollback = await (0,release_src/* rollBack */.Fu)(engine, {
            request,
            strategy: inputs.strategy,
            waitTimeoutMs: inputs.waitTimeoutMs,
            settleMs: inputs.settleMs,
            waitForLeaseMs: inputs.waitForLeaseMs,
            platform,
            ...(inputs.reason === undefined ? {} : { reason: inputs.reason }),
        });
        const verification = rollback.error === undefined && !ctx.signal.aborted
            ? await verify(engine, rollback, inputs)
            : undefined;
        const report = {
            app: inputs.app,
            strategy: inputs.strategy,
            ...(inputs.reason === undefined ? {} : { reason: inputs.reason }),
            rollback,
            ...(verification === undefined ? {} : { verification }),
            durationMs: Date.now() - started,
        };
        setOutputs(report);
        recordProof(ctx.proof, report);
        await publishSummary(report);
        if (rollback.error !== undefined) {
            throw rollback.error instanceof Error ? rollback.error : new Error((0,src/* errorMessage */.gJ)(rollback.error));
        }
        const restored = `${rollback.image ?? 'the good release'}${restoredReleaseText(rollback) === '' ? '' : ` (release ${restoredReleaseText(rollback)})`}`;
        if (verification?.result !== 'pass') {
            const failed = [
                ...(verification?.targets.filter((t) => t.verdict !== 'pass').map((t) => `${t.name}: ${t.reason}`) ??
                    []),
                ...(verification?.machines.filter((m) => m.verdict !== 'pass').map((m) => `${m.id}: ${m.reason}`) ??
                    []),
            ];
            throw new src/* DeployActionError */.o8(`THE APP IS STILL UNHEALTHY: ${rollback.rolledBack ? 'rolled back to' : 'already on'} ${restored}, but the verification failed (${failed.join('; ')})`, {
                code: 'rollback-verification-failed',
                hint: 'the good release does not answer healthy either: look at the machines (`fly status`, `fly logs`) now; the step summary lists every target and machine',
            });
        }
        src/* log */.Rm.info(rollback.rolledBack
            ? `rolled ${inputs.app} back to ${restored}; verification passed`
            : `${inputs.app} already runs ${restored}; nothing changed, verification passed`);
    });
}


/***/ })

};
