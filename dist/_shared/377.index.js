export const id = 377;
export const ids = [377];
export const modules = {

/***/ 31377:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(26530);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 26530:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// UNUSED EXPORTS: ROLLBACK_PLAN_STATE

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
// EXTERNAL MODULE: ./packages/release/src/index.ts + 24 modules
var release_src = __webpack_require__(66054);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./packages/fly-config/src/index.ts + 12 modules
var fly_config_src = __webpack_require__(99595);
;// CONCATENATED MODULE: ./actions/fly-deploy/src/app-config.ts




/** The default fly.toml a workspace may hold, as flyctl looks for it (appconfig DefaultConfigFileName). */
const DEFAULT_CONFIG_FILE = 'fly.toml';
/**
 * fly-deploy's own defaults, after the inputs and fly.toml's `[deploy]` (action.yml's descriptions say the same).
 * `max-unavailable` 0.33 is a fraction: a third of each process group.
 */
const DEPLOY_DEFAULTS = {
    strategy: 'rolling',
    maxUnavailable: { kind: 'fraction', value: 0.33 },
    waitTimeoutMs: 5 * 60_000,
    releaseCommandTimeoutMs: 5 * 60_000,
};
/** fly.toml's `max_unavailable` as flyctl reads it (getPoolSize): 1 or more is a count, less a fraction. */
function maxUnavailableOf(value) {
    return value >= 1 ? { kind: 'count', value: Math.trunc(value) } : { kind: 'fraction', value };
}
/**
 * Finds and reads the fly.toml (the `config` input, else `fly.toml` in the workspace when it exists), then
 * resolves each deploy setting: the input when the workflow set it, else fly.toml's `[deploy]` value (or
 * `[build] image`), else fly-deploy's default. Runs before any call to Fly.
 *
 * @throws FlyTomlError listing every problem of the file, each with its key and line.
 */
async function readAppConfig(inputs, workspace) {
    const candidate = inputs.config ?? DEFAULT_CONFIG_FILE;
    const absolute = external_node_path_default().resolve(workspace, candidate);
    const loaded = inputs.config !== undefined || (0,external_node_fs_.existsSync)(absolute) ? await (0,fly_config_src/* loadFlyToml */.cU)(absolute, candidate) : undefined;
    for (const warning of loaded?.warnings ?? [])
        src/* log */.Rm.warn((0,fly_config_src/* formatProblem */.Vw)(candidate, warning));
    const flyConfig = loaded?.config;
    const explicit = {
        app: inputs.app,
        ...(inputs.strategy === undefined ? {} : { strategy: inputs.strategy }),
        // The input says fraction or count itself ("1" is one machine, "100%" all): only its presence matters here.
        ...(inputs.maxUnavailable === undefined ? {} : { maxUnavailable: inputs.maxUnavailable.value }),
        ...(inputs.waitTimeoutMs === undefined ? {} : { waitTimeoutMs: inputs.waitTimeoutMs }),
        ...(inputs.releaseCommand === undefined ? {} : { releaseCommand: inputs.releaseCommand.join(' ') }),
        ...(inputs.releaseCommandTimeoutMs === undefined
            ? {}
            : { releaseCommandTimeoutMs: inputs.releaseCommandTimeoutMs }),
        ...(inputs.image === undefined ? {} : { image: inputs.image }),
    };
    const settings = (0,fly_config_src/* resolveDeploySettings */.Bw)(explicit, flyConfig, {
        app: inputs.app,
        strategy: DEPLOY_DEFAULTS.strategy,
        maxUnavailable: DEPLOY_DEFAULTS.maxUnavailable.value,
        waitTimeoutMs: DEPLOY_DEFAULTS.waitTimeoutMs,
        releaseCommand: '',
        releaseCommandTimeoutMs: DEPLOY_DEFAULTS.releaseCommandTimeoutMs,
        image: '',
    });
    if (flyConfig?.app !== undefined && flyConfig.app !== inputs.app) {
        src/* log */.Rm.warn(`${candidate} names app "${flyConfig.app}"; deploying to "${inputs.app}" as the app input says`);
    }
    const maxUnavailable = inputs.maxUnavailable ??
        (settings.maxUnavailable.source === 'fly.toml'
            ? maxUnavailableOf(settings.maxUnavailable.value)
            : DEPLOY_DEFAULTS.maxUnavailable);
    const releaseCommand = inputs.releaseCommand ?? (0,fly_config_src/* splitCommandLine */.aL)(settings.releaseCommand.value);
    return {
        ...(flyConfig === undefined ? {} : { flyConfig, configPath: candidate }),
        settings,
        strategy: settings.strategy.value,
        maxUnavailable,
        ...(releaseCommand === undefined || releaseCommand.length === 0 ? {} : { releaseCommand }),
    };
}
/** The settings as `[setting, value, from]` rows for the step summary, the log and the proof. */
function settingRows(config) {
    const s = config.settings;
    const from = (r) => r.source === 'fly.toml' ? `fly.toml ${r.key ?? ''}`.trim() : r.source;
    const share = (m) => m.kind === 'count' ? String(m.value) : `${Math.round(m.value * 100)}%`;
    return [
        ['strategy', config.strategy, from(s.strategy)],
        ['max-unavailable', share(config.maxUnavailable), from(s.maxUnavailable)],
        ['wait-timeout', (0,src/* formatDuration */.a3)(s.waitTimeoutMs.value), from(s.waitTimeoutMs)],
        ['release-command', config.releaseCommand?.join(' ') ?? '(none)', from(s.releaseCommand)],
        [
            'release-command-timeout',
            (0,src/* formatDuration */.a3)(s.releaseCommandTimeoutMs.value),
            from(s.releaseCommandTimeoutMs),
        ],
        ['image', s.image.value || '(built by flyctl)', from(s.image)],
    ];
}

// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 1 modules
var exec = __webpack_require__(41955);
// EXTERNAL MODULE: ./node_modules/@actions/io/lib/io.js
var io = __webpack_require__(88701);
// EXTERNAL MODULE: ./node_modules/@actions/tool-cache/lib/tool-cache.js + 2 modules
var tool_cache = __webpack_require__(59805);
;// CONCATENATED MODULE: ./actions/fly-deploy/src/build.ts





/** flyctl's release archive for Linux x64 (superfly/flyctl `.goreleaser.yml` archive name template). */
function flyctlDownloadUrl(version) {
    return `https://github.com/superfly/flyctl/releases/download/v${version}/flyctl_${version}_Linux_x86_64.tar.gz`;
}
/** The image flyctl reports as pushed (`image: <ref>`, printed by `deploy_build.go`), if it printed one. */
function pushedImage(output) {
    return /^image:\s*(\S+)\s*$/m.exec(output)?.[1];
}
async function findFlyctl(version) {
    const onPath = (await io/* which */.K7('flyctl', false)) || (await io/* which */.K7('fly', false));
    if (onPath !== '')
        return onPath;
    if (version === undefined) {
        throw new release_src/* DeployFailure */.Qt('build', 'flyctl is not on PATH and no flyctl-version was given to install', {
            hint: 'give the image input (an image built elsewhere), set flyctl-version (e.g. 0.3.200) to install it, or add superfly/flyctl-actions/setup-flyctl before this step',
        });
    }
    let dir = tool_cache/* find */.I6('flyctl', version);
    if (dir === '') {
        src/* log */.Rm.info(`installing flyctl ${version}`);
        const archive = await tool_cache/* downloadTool */.bq(flyctlDownloadUrl(version));
        dir = await tool_cache/* cacheDir */.e8(await tool_cache/* extractTar */.nN(archive), 'flyctl', version);
    }
    return `${dir}/flyctl`;
}
/**
 * Builds and pushes the image with the real `flyctl deploy --build-only --push` and returns the image it pushed.
 * The only place flyctl runs: everything else talks to the Machines API directly. The token reaches flyctl
 * through its environment, never its arguments.
 *
 * @throws DeployFailure `build` with flyctl's last lines when the build fails.
 */
async function buildImage(request) {
    const flyctl = await findFlyctl(request.flyctlVersion);
    const args = ['deploy', '--build-only', '--push', '--app', request.app, '--image-label', request.label];
    if (request.config !== undefined)
        args.push('--config', request.config);
    let output = '';
    const code = await exec/* exec */.m(flyctl, args, {
        ignoreReturnCode: true,
        env: {
            ...process.env,
            FLY_API_TOKEN: request.token,
            FLY_NO_UPDATE_CHECK: '1',
        },
        listeners: {
            stdout: (data) => (output += data.toString()),
            stderr: (data) => (output += data.toString()),
        },
    });
    request.signal.throwIfAborted();
    if (code !== 0) {
        const last = (0,src/* redact */.E$)(output).trimEnd().split('\n').slice(-15).join('\n');
        throw new release_src/* DeployFailure */.Qt('build', `flyctl deploy --build-only exited with code ${code}; its last lines:\n${last}`, {
            hint: 'fix the build (Dockerfile, fly.toml [build]) as the lines above say; nothing was deployed',
        });
    }
    return pushedImage(output) ?? `registry.fly.io/${request.app}:${request.label}`;
}

;// CONCATENATED MODULE: ./actions/fly-deploy/src/inputs.ts



/** The `timeout` input's default, as action.yml declares it: a rollout of many machines takes a while. */
const DEFAULT_TIMEOUT = '30m';
// Fly app names: lower-case letters, digits and dashes.
const FLY_NAME = /[a-z0-9][a-z0-9-]*/;
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The input spec, exported so the proof record can list the inputs as given. */
const inputSpec = {
    app: src/* input */.hF.string({ required: true, pattern: FLY_NAME }),
    image: src/* input */.hF.string({ pattern: /\S+/, allowed: 'an image reference such as registry.fly.io/app:tag' }),
    'fly-api-token': src/* input */.hF.secret(),
    // No defaults here: fly.toml's [deploy] values come first (app-config.ts holds the defaults after them).
    strategy: src/* input */.hF.enumOf(release_src/* STRATEGIES */.YL),
    'max-unavailable': src/* input */.hF.fractionOrCount(),
    'wait-timeout': src/* input */.hF.duration({ min: '1s', max: '1h' }),
    settle: src/* input */.hF.duration({ default: '15s', max: '30m' }),
    'release-command': src/* input */.hF.string(),
    'release-command-timeout': src/* input */.hF.duration({ min: '1s', max: '2h' }),
    'process-groups': src/* input */.hF.list({ pattern: /[a-z0-9_-]+/ }),
    regions: src/* input */.hF.list({ pattern: /[a-z]{3}/ }),
    secrets: src/* input */.hF.secret({
        allowed: 'NAME=value lines (one per line, names of letters, digits and _, each once)',
    }),
    env: src/* input */.hF.keyValues(),
    'on-failure': src/* input */.hF.enumOf(['rollback', 'halt'], { default: 'rollback' }),
    'wait-for-lease': src/* input */.hF.duration({ default: '0s', max: '30m' }),
    'release-label': src/* input */.hF.string({ pattern: /[A-Za-z0-9._-]{1,63}/ }),
    'record-release': src/* input */.hF.boolean({ default: 'true' }),
    config: src/* input */.hF.string(),
    'flyctl-version': src/* input */.hF.string({ pattern: /\d+\.\d+\.\d+/, allowed: 'a flyctl version such as 0.3.200' }),
    'api-url': src/* input */.hF.url({ default: 'https://api.machines.dev' }),
    'proof-dir': src/* input */.hF.string(),
    // Read and checked by runAction (a problem is listed with these); here so the proof lists it and action.yml agrees.
    timeout: src/* input */.hF.string({ default: DEFAULT_TIMEOUT }),
};
/**
 * Reads `NAME=value` lines into a Map, registering every value as a secret as soon as it is read. Problems name
 * the line number only: a line may hold a secret.
 */
function parseSecretLines(text) {
    const secrets = new Map();
    const problems = [];
    text.split('\n').forEach((raw, i) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        const eq = line.indexOf('=');
        const value = eq < 0 ? '' : line.slice(eq + 1).trim();
        if (value !== '')
            (0,src/* registerSecret */.cl)(value);
        const name = eq < 0 ? '' : line.slice(0, eq).trim();
        if (!SECRET_NAME.test(name))
            problems.push(`line ${i + 1} is not NAME=value`);
        else if (secrets.has(name))
            problems.push(`line ${i + 1} sets ${name} again`);
        else if (value === '')
            problems.push(`line ${i + 1} gives ${name} no value`);
        else
            secrets.set(name, value);
    });
    return { secrets, problems };
}
/**
 * Reads and checks every input; the token falls back to the `FLY_API_TOKEN` env.
 * @throws InputError listing every problem at once.
 */
function getInputs() {
    let secretLines = { secrets: new Map(), problems: [] };
    const envToken = process.env.FLY_API_TOKEN?.trim() ?? '';
    if (envToken !== '')
        (0,src/* registerSecret */.cl)(envToken);
    const raw = (0,src/* readInputs */.Ko)(inputSpec, {
        check: (values, isGiven) => {
            const problems = [];
            if (values['release-command'] !== undefined &&
                (0,fly_config_src/* splitCommandLine */.aL)(values['release-command']) === undefined) {
                problems.push({
                    input: 'release-command',
                    value: values['release-command'],
                    allowed: 'a command line whose quotes are closed',
                });
            }
            if (values.secrets !== undefined) {
                secretLines = parseSecretLines(values.secrets);
                if (secretLines.problems.length > 0) {
                    problems.push({
                        input: 'secrets',
                        allowed: `NAME=value lines; ${secretLines.problems.join('; ')}`,
                    });
                }
            }
            if (!isGiven('fly-api-token') && envToken === '') {
                problems.push({
                    input: 'fly-api-token',
                    allowed: 'a Fly API token (`fly tokens create deploy -a <app>`), or the FLY_API_TOKEN env set from a secret',
                });
            }
            if (isGiven('flyctl-version') && isGiven('image')) {
                problems.push({ input: 'flyctl-version', allowed: 'only without image (flyctl builds the image)' });
            }
            return problems;
        },
    });
    return {
        app: raw.app,
        ...(raw.image === undefined ? {} : { image: raw.image }),
        token: raw['fly-api-token'] ?? envToken,
        ...(raw.strategy === undefined ? {} : { strategy: raw.strategy }),
        ...(raw['max-unavailable'] === undefined ? {} : { maxUnavailable: raw['max-unavailable'] }),
        ...(raw['wait-timeout'] === undefined ? {} : { waitTimeoutMs: raw['wait-timeout'] }),
        settleMs: raw.settle,
        ...(raw['release-command'] === undefined
            ? {}
            : { releaseCommand: (0,fly_config_src/* splitCommandLine */.aL)(raw['release-command']) ?? [] }),
        ...(raw['release-command-timeout'] === undefined
            ? {}
            : { releaseCommandTimeoutMs: raw['release-command-timeout'] }),
        processGroups: raw['process-groups'] ?? [],
        regions: raw.regions ?? [],
        secrets: secretLines.secrets,
        env: raw.env ?? {},
        onFailure: raw['on-failure'],
        waitForLeaseMs: raw['wait-for-lease'],
        ...(raw['release-label'] === undefined ? {} : { releaseLabel: raw['release-label'] }),
        recordRelease: raw['record-release'],
        ...(raw.config === undefined ? {} : { config: raw.config }),
        ...(raw['flyctl-version'] === undefined ? {} : { flyctlVersion: raw['flyctl-version'] }),
        apiUrl: raw['api-url'],
    };
}

;// CONCATENATED MODULE: ./actions/fly-deploy/src/report.ts



const STATUS_MARK = {
    deployed: '✅',
    'rolled-back': '↩️',
    failed: '❌',
};
/** The `machines` output: one object per target machine. */
function machinesOutput(result) {
    return JSON.stringify(result.machines.map((m) => ({
        ...(0,release_src/* machineOutput */.jc)(m),
        seconds: m.seconds,
        ...(m.replacedBy === undefined ? {} : { replacedBy: m.replacedBy }),
    })));
}
/** Sets every output of fly-deploy from the result. */
function setOutputs(result, durationMs) {
    core/* setOutput */.uH('status', result.status);
    core/* setOutput */.uH('failure', result.failure ?? '');
    core/* setOutput */.uH('image', result.image);
    core/* setOutput */.uH('previous-image', result.previousImage ?? '');
    core/* setOutput */.uH('release-label', result.releaseLabel);
    core/* setOutput */.uH('release-version', result.releaseVersion === undefined ? '' : String(result.releaseVersion));
    core/* setOutput */.uH('machines', machinesOutput(result));
    core/* setOutput */.uH('rollback-plan', result.rollbackPlanPath ?? '');
    core/* setOutput */.uH('duration-ms', String(Math.round(durationMs)));
}
function failureSections(result) {
    if (result.error === undefined)
        return [];
    const message = (0,src/* errorMessage */.gJ)(result.error);
    const [first, ...rest] = message.split('\n');
    const sections = [
        (0,src/* summaryHeading */.hn)(`Why it failed: ${result.failure ?? 'unknown'}`, 3),
        (0,src/* summaryParagraph */.RB)(first ?? ''),
    ];
    const d = result.diagnosis;
    if (d !== undefined) {
        sections.push((0,src/* summaryTable */.jb)(['Machine', 'Exit codes', 'Restart count'], [[d.machineId, d.exitCodes.join(', ') || 'none', d.restartCount]]));
        if (d.logLines !== undefined) {
            sections.push((0,src/* summaryCode */.gC)(d.logLines.length === 0 ? '(no log lines since the update)' : d.logLines.join('\n')));
        }
        else if (d.logsUnavailable !== undefined) {
            sections.push((0,src/* summaryParagraph */.RB)(`Logs: ${d.logsUnavailable}`));
        }
    }
    else if (rest.length > 0) {
        sections.push((0,src/* summaryCode */.gC)(rest.join('\n')));
    }
    return sections;
}
/** Writes the step summary: the verdict, a table per machine, why it failed, what was restored, the timeline. */
async function publishSummary(result, details) {
    const sections = [
        (0,src/* summaryHeading */.hn)(`fly-deploy ${details.app}: ${result.status} ${STATUS_MARK[result.status]}`),
        (0,src/* summaryParagraph */.RB)([
            `Image ${result.image}${result.previousImage === undefined ? '' : ` (was ${result.previousImage})`}`,
            `strategy ${details.strategy}`,
            `release ${result.releaseLabel}${result.releaseVersion === undefined ? '' : ` (v${result.releaseVersion})`}`,
            `took ${(0,src/* formatDuration */.a3)(details.durationMs)}`,
        ].join('; ')),
    ];
    if (details.settings !== undefined) {
        // Where each setting came from: an input, fly.toml (with its key), or the default.
        sections.push((0,src/* summaryTable */.jb)(['Setting', 'Value', 'From'], details.settings));
    }
    if (result.machines.length > 0) {
        sections.push((0,release_src/* machineTable */.g4)(result.machines, { heading: 'Seconds', cell: (m) => m.seconds }));
    }
    sections.push(...failureSections(result));
    sections.push((0,src/* summaryHeading */.hn)('Timeline chart', 3), ...(0,src/* rolloutChartSections */.AG)(result.spans));
    if (result.restored.length > 0) {
        sections.push((0,src/* summaryHeading */.hn)('Rollback', 3), (0,src/* summaryTable */.jb)(['Machine', 'Result', 'Detail'], result.restored.map((r) => [r.machineId, r.result, r.detail ?? ''])));
    }
    sections.push(...(0,release_src/* timelineSections */.Wx)(result.timeline));
    await (0,src/* writeSummary */.Sy)(sections);
}
/** Records the deploy in the proof: every timeline step and the result as a fact. */
function recordProof(proof, result) {
    (0,release_src/* recordMachineSteps */.eg)(proof, result.timeline, result.machines, (m) => ['updated', 'rolled-back'].includes(m.result) ? 'ok' : m.result.includes('failed') ? 'failed' : 'info');
    proof.fact('deploy', {
        status: result.status,
        failure: result.failure,
        image: result.image,
        previousImage: result.previousImage,
        releaseLabel: result.releaseLabel,
        releaseVersion: result.releaseVersion,
        rollbackPlan: result.rollbackPlanPath,
        machines: result.machines,
        restored: result.restored,
        diagnosis: result.diagnosis,
    });
    proof.setSpans(result.spans);
}

;// CONCATENATED MODULE: ./actions/fly-deploy/src/main.ts










/** State key holding the rollback plan's path, for a later step of the job. */
const ROLLBACK_PLAN_STATE = 'rollback-plan';
/** The release label: as given, else the commit's short SHA, else a timestamp. */
function releaseLabel(inputs) {
    if (inputs.releaseLabel !== undefined)
        return inputs.releaseLabel;
    const sha = process.env.GITHUB_SHA;
    if (sha !== undefined && /^[0-9a-f]{7,}$/i.test(sha))
        return sha.slice(0, 7);
    return `manual-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
}
async function planDir() {
    // RUNNER_TEMP is shared by every step of the job: a folder per run keeps two deploys' plans apart.
    const base = (0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'fly-deploy');
    await (0,promises_.mkdir)(base, { recursive: true });
    return (0,promises_.mkdtemp)((0,external_node_path_.join)(base, 'run-'));
}
/** Deploys the image (built first when none is given) and reports the result everywhere a user looks. */
async function run() {
    await (0,src/* runAction */.Cs)('fly-deploy', async (ctx) => {
        const started = Date.now();
        const inputs = getInputs();
        const { values, secretInputs } = (0,src/* rawInputs */.me)(inputSpec);
        ctx.proof.setInputs(values, { secretInputs });
        ctx.proof.setApp(inputs.app);
        const label = releaseLabel(inputs);
        // fly.toml is read and checked before anything else happens: a bad one changes nothing.
        const appConfig = await readAppConfig(inputs, process.env.GITHUB_WORKSPACE || process.cwd());
        const settings = settingRows(appConfig);
        for (const [name, value, from] of settings)
            src/* log */.Rm.info(`${name}: ${value} (${from})`);
        if (appConfig.flyConfig !== undefined) {
            ctx.proof.fact('fly-toml', { file: appConfig.flyConfig.file, sha256: appConfig.flyConfig.sha256 });
        }
        ctx.proof.fact('settings', Object.fromEntries(settings.map(([name, value, from]) => [name, { value, from }])));
        const { signal } = ctx;
        const { engine, platform } = (0,release_src/* openReleaseClients */.YS)(ctx, inputs);
        let image = appConfig.settings.image.value || undefined;
        if (image === undefined) {
            image = await src/* log */.Rm.group(`Building ${inputs.app} with flyctl`, () => buildImage({
                app: inputs.app,
                ...(appConfig.configPath === undefined ? {} : { config: appConfig.configPath }),
                ...(inputs.flyctlVersion === undefined ? {} : { flyctlVersion: inputs.flyctlVersion }),
                token: inputs.token,
                label,
                signal,
            }).catch((e) => {
                // A failed build still answers the outputs a later step branches on.
                core/* setOutput */.uH('status', 'failed');
                core/* setOutput */.uH('failure', 'build');
                core/* setOutput */.uH('release-label', label);
                throw e;
            }));
            src/* log */.Rm.info(`flyctl pushed ${image}`);
        }
        const result = await (0,release_src/* deploy */.gg)(engine, {
            image,
            strategy: appConfig.strategy,
            maxUnavailable: appConfig.maxUnavailable,
            waitTimeoutMs: appConfig.settings.waitTimeoutMs.value,
            settleMs: inputs.settleMs,
            filters: { processGroups: inputs.processGroups, regions: inputs.regions },
            env: inputs.env,
            secrets: inputs.secrets,
            ...(appConfig.releaseCommand === undefined
                ? {}
                : {
                    releaseCommand: {
                        command: appConfig.releaseCommand,
                        timeoutMs: appConfig.settings.releaseCommandTimeoutMs.value,
                    },
                }),
            ...(appConfig.flyConfig === undefined ? {} : { flyConfig: appConfig.flyConfig }),
            onFailure: inputs.onFailure,
            waitForLeaseMs: inputs.waitForLeaseMs,
            releaseLabel: label,
            platform,
            recordRelease: inputs.recordRelease,
            planDir: await planDir(),
            onRollbackPlan: (path) => {
                core/* setOutput */.uH('rollback-plan', path);
                core/* saveState */.LZ(ROLLBACK_PLAN_STATE, path);
            },
        });
        const durationMs = Date.now() - started;
        setOutputs(result, durationMs);
        recordProof(ctx.proof, result);
        await publishSummary(result, { app: inputs.app, strategy: appConfig.strategy, durationMs, settings });
        if (result.error === undefined) {
            src/* log */.Rm.info(`deployed ${image} to ${result.machines.length} machine(s) of ${inputs.app}`);
            return;
        }
        if (result.status === 'rolled-back' && result.error instanceof src/* DeployActionError */.o8) {
            throw new release_src/* DeployFailure */.Qt(result.failure ?? 'api', `${result.error.message}\nEvery changed machine was rolled back to ${result.previousImage ?? 'its previous config'}.`, {
                hint: result.error.hint ?? 'fix the release and deploy again',
                cause: result.error,
            });
        }
        throw result.error instanceof Error ? result.error : new Error((0,src/* errorMessage */.gJ)(result.error));
    }, { defaultTimeout: DEFAULT_TIMEOUT });
}


/***/ })

};
