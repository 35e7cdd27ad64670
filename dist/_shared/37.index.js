export const id = 37;
export const ids = [37];
export const modules = {

/***/ 41037:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Qt: () => (/* reexport */ DeployFailure),
  $B: () => (/* reexport */ MachineWatch),
  F7: () => (/* reexport */ RELEASE_LABEL_KEY),
  YL: () => (/* reexport */ STRATEGIES),
  Kz: () => (/* reexport */ crashesSince),
  gg: () => (/* reexport */ deploy),
  iv: () => (/* reexport */ engineContext),
  LD: () => (/* reexport */ markEvents),
  I3: () => (/* reexport */ notATarget)
});

// UNUSED EXPORTS: CONSOLE_GROUP, LeaseSet, MAX_LOG_LINES, PROCESS_GROUP_KEY, RELEASE_COMMAND_GROUP, ROLLBACK_PLAN_SCHEMA, RUN_KEY, ReleaseRecorder, TEMPORARY_KEY, batchSize, bluegreen, buildRollbackPlan, canary, configuredCheckCount, desiredConfig, dominantImage, eventsSince, exitAfterStart, exitRecord, failureKindOf, flyLogReader, immediate, isRunning, launchFailureSince, planImmediate, planRolling, processGroupOf, readRollbackPlan, recordedConfig, releaseCommandConfig, restore, rollbackPlanSchema, rolling, runReleaseCommand, selectTargets, systemClock, updateMachine, waitForVersion, writeRollbackPlan

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./packages/core/src/index.ts + 20 modules
var src = __webpack_require__(84002);
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
            this.#log.warn(`could not record the release in Fly's release history (the deploy goes on): ${(0,src/* errorMessage */.gJ)(e)}`);
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
            this.#log.warn(`could not set the release's status to ${status}: ${(0,src/* errorMessage */.gJ)(e)}`);
        }
    }
}

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
    finally {
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
    /** Temporary machines (canary, green) created by the deploy; a rollback destroys them. */
    created: schemas/* array */.YOg(schemas/* string */.YjP()).default([]),
});
/** The most common image among the machines: what "the previous image" of an app means. */
function dominantImage(machines) {
    const counts = new Map();
    for (const m of machines) {
        const image = m.config?.image;
        if (image !== undefined)
            counts.set(image, (counts.get(image) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
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
        })),
        created: [],
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
    const text = pathOrJson.trimStart().startsWith('{') ? pathOrJson : await readFile(pathOrJson, 'utf8');
    let data;
    try {
        data = JSON.parse(text);
    }
    catch {
        throw new DeployActionError('the rollback plan is not JSON', {
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
        throw new DeployActionError(`the rollback plan is not one fly-deploy wrote (problems at: ${where})`, {
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
 * release runs and is healthy, all machines at once (a rollback is a recovery: speed matters more than batches).
 * One machine failing to come back does not stop the others; every outcome is reported.
 */
async function restore(ctx, plan, options) {
    const results = [];
    for (const id of plan.created)
        results.push(await destroyTemporary(ctx, id, options.leases));
    const entries = plan.machines.filter((m) => options.only === undefined || options.only.has(m.id));
    results.push(...(await Promise.all(entries.map((entry) => restoreOne(ctx, entry, options)))));
    return results;
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
    const { ctx } = rollout;
    const row = outcomeOf(rollout, m);
    const started = ctx.clock.now();
    const who = `${m.id} (${m.region ?? '?'}, ${processGroupOf(m)})`;
    ctx.log.info(`[${label}] ${who}: updating to ${rollout.image}${launch ? '' : ' (stopped: not starting it)'}`);
    rollout.changed.add(m.id);
    row.result = 'failed';
    try {
        let target;
        try {
            target = await updateMachine(ctx, rollout.leases, {
                machine: m,
                config: rollout.desired(m),
                launch,
                ...(rollout.minSecretsVersion === undefined ? {} : { minSecretsVersion: rollout.minSecretsVersion }),
            });
        }
        catch (e) {
            if (!needsReplacement(e, m))
                throw e;
            ctx.log.info(`[${label}] ${who}: its host cannot take the update (${(0,src/* errorMessage */.gJ)(e)}); replacing it`);
            target = await replaceMachine(rollout, m, launch);
            row.replacedBy = target.machineId;
        }
        await waitForVersion(ctx, rollout.watch, target, rollout.waitTimeoutMs);
        if (launch) {
            ctx.log.info(`[${label}] ${who}: started version ${target.version}; waiting for its checks and ${(0,src/* formatDuration */.a3)(rollout.settleMs)} of settling`);
            await rollout.watch.waitHealthy(target.machineId, {
                settleMs: rollout.settleMs,
                timeoutMs: rollout.waitTimeoutMs,
            });
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
    await ctx.client.destroyMachine(ctx.app, m.id, {
        force: true,
        ...(nonce === undefined ? {} : { leaseNonce: nonce }),
    });
    const changedAt = ctx.clock.now();
    const created = await ctx.client.createMachine(ctx.app, {
        config: rollout.desired(m),
        ...(m.region === undefined ? {} : { region: m.region }),
        ...(launch ? {} : { skip_launch: true }),
        ...(rollout.minSecretsVersion === undefined ? {} : { min_secrets_version: rollout.minSecretsVersion }),
    });
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
    rollout.mark(`wave ${wave.label}: ${wave.machines.map((m) => m.id).join(', ')}`);
    const results = await Promise.allSettled(wave.machines.map((m) => updateAndWait(rollout, m, wave.launch, wave.label)));
    // The watch's failure names the machine that failed first; report it rather than a sibling's consequence.
    const watched = rollout.watch.failed;
    if (watched !== undefined)
        throw watched;
    const rejected = results.find((r) => r.status === 'rejected');
    if (rejected !== undefined)
        throw rejected.reason;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
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







/** Metadata key tying a temporary machine to the run that created it, so a lost create answer can be found. */
const RUN_KEY = 'deploy_actions_run';
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
 * Creates a temporary machine on the new release, out of DNS, recorded in the rollback plan before Fly is even
 * asked. A create is never retried blindly: when its answer is lost (408, 5xx, reset), Fly may have created it
 * anyway, so the machines carrying this run's tag are looked up and recorded for cleanup.
 */
async function createTemporary(rollout, like, kind) {
    const { ctx } = rollout;
    const tag = (0,external_node_crypto_.randomBytes)(6).toString('hex');
    const config = rollout.desired(like);
    config.metadata = { ...config.metadata, [TEMPORARY_KEY]: kind, [RUN_KEY]: tag };
    try {
        const created = await ctx.client.createMachine(ctx.app, {
            config,
            ...(like.region === undefined ? {} : { region: like.region }),
            skip_service_registration: true,
            ...(rollout.minSecretsVersion === undefined ? {} : { min_secrets_version: rollout.minSecretsVersion }),
        });
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
async function strategies_destroyTemporary(rollout, id) {
    const { ctx } = rollout;
    rollout.watch.unwatch(id);
    try {
        await ctx.client.destroyMachine(ctx.app, id, { force: true });
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
    await waitForVersion(ctx, rollout.watch, target, rollout.waitTimeoutMs);
    await rollout.watch.waitHealthy(created.id, {
        settleMs: rollout.settleMs,
        timeoutMs: rollout.waitTimeoutMs,
    });
    ctx.log.info(`[${label}] ${created.id}: healthy`);
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
            rollout.mark(`canary for ${group}`);
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
        rollout.mark('green machines created');
        for (const m of blue)
            greens.push(await createTemporary(rollout, m, 'green'));
        await Promise.all(greens.map((g) => waitCreated(rollout, g, 'green')));
        const failure = rollout.watch.failed;
        if (failure !== undefined)
            throw failure;
        rollout.mark('green machines routed in');
        for (const g of greens) {
            await ctx.client.uncordonMachine(ctx.app, g.id);
            await ctx.client.deleteMetadata(ctx.app, g.id, TEMPORARY_KEY);
            await ctx.client.deleteMetadata(ctx.app, g.id, RUN_KEY);
        }
        switched = true;
        rollout.plan.created = rollout.plan.created.filter((id) => !greens.some((g) => g.id === id));
        await rollout.savePlan();
        rollout.mark('blue machines cordoned, stopped and destroyed');
        for (const m of blue) {
            rollout.changed.add(m.id);
            const nonce = rollout.leases.nonce(m.id);
            const lease = nonce === undefined ? {} : { leaseNonce: nonce };
            await ctx.client.cordonMachine(ctx.app, m.id, lease);
            await ctx.client.stopMachine(ctx.app, m.id, lease);
            await ctx.client.destroyMachine(ctx.app, m.id, { ...lease, force: true });
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
function explainAppError(e) {
    if (!(e instanceof src/* FlyApiError */.mo))
        return e;
    if (e.status === 401 || e.status === 403) {
        return new DeployFailure('auth', e.message, { hint: e.hint, cause: e });
    }
    return e;
}
/**
 * Deploys an image to an app's machines: reads and filters them, leases them all, writes the rollback plan,
 * sets secrets, runs the release command, records the release, rolls out with the chosen strategy while the
 * watch follows every changed machine, and on failure restores every changed machine (`on-failure: rollback`).
 * Leases are released however it ends. Deploy failures are returned, not thrown; only a bug or a failure before
 * anything was read throws.
 */
async function deploy(ctx, options) {
    const timeline = [];
    const mark = (what) => {
        timeline.push({ at: new Date(ctx.clock.now()).toISOString(), what });
    };
    const result = {
        status: 'failed',
        image: options.image,
        releaseLabel: options.releaseLabel,
        machines: [],
        restored: [],
        timeline,
    };
    const leases = new LeaseSet(ctx);
    const logs = options.platform === undefined ? undefined : flyLogReader(options.platform, ctx.app);
    const watch = new MachineWatch(ctx, {
        ...(logs === undefined ? {} : { logs }),
        ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    });
    const recorder = options.platform === undefined || !options.recordRelease
        ? undefined
        : new ReleaseRecorder(options.platform, ctx.log);
    let plan;
    const changed = new Set();
    const outcomes = new Map();
    try {
        mark(`read app ${ctx.app}`);
        try {
            await ctx.client.getApp(ctx.app);
        }
        catch (e) {
            throw explainAppError(e);
        }
        const machines = await ctx.client.listMachines(ctx.app);
        const selection = selectTargets(machines, options.filters);
        for (const s of selection.skipped)
            ctx.log.info(`skipping ${s.machine.id}: it ${s.reason}`);
        const targets = selection.targets;
        if (targets.length === 0) {
            throw new DeployFailure('api', `no machine of ${ctx.app} to deploy (${machines.length} found, ${selection.skipped.length} skipped)`, {
                hint: machines.length === 0
                    ? `the app has no machines yet; create the first ones with \`fly deploy\` once, then let this action update them`
                    : 'widen the process-groups and regions inputs, or leave them empty to deploy every app machine',
            });
        }
        result.previousImage = dominantImage(targets);
        const release = { label: options.releaseLabel };
        const desired = (m) => desiredConfig(m, options.image, options.env, release);
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
        mark(`lease ${targets.length} machines`);
        await leases.acquire(targets.map((m) => m.id), { waitMs: options.waitForLeaseMs, description: `deploy-actions fly-deploy ${options.releaseLabel}` });
        plan = buildRollbackPlan(ctx.app, targets, {
            releaseLabel: options.releaseLabel,
            image: options.image,
            now: ctx.clock.now(),
        });
        const planRef = plan;
        result.rollbackPlanPath = await writeRollbackPlan(plan, options.planDir);
        await options.onRollbackPlan?.(result.rollbackPlanPath);
        mark('rollback plan written');
        let minSecretsVersion;
        if (options.secrets.size > 0) {
            mark(`set ${options.secrets.size} secrets`);
            const update = await ctx.client.setSecrets(ctx.app, Object.fromEntries(options.secrets));
            minSecretsVersion = update.version;
            ctx.log.info(`set secrets ${[...options.secrets.keys()].join(', ')} (secrets version ${minSecretsVersion ?? '?'})`);
        }
        if (recorder !== undefined) {
            const recorded = await recorder.create({
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
                mark(`release v${recorded.version ?? '?'} recorded`);
            }
        }
        if (options.releaseCommand !== undefined) {
            mark('release command');
            const like = targets.find((m) => processGroupOf(m) === 'app') ?? targets[0];
            await runReleaseCommand(ctx, {
                command: options.releaseCommand.command,
                image: options.image,
                env: { ...like?.config?.env, ...options.env },
                ...(like?.region === undefined ? {} : { region: like.region }),
                ...(like?.config?.['guest'] === undefined ? {} : { guest: like.config['guest'] }),
                metadata: {
                    [RELEASE_LABEL_KEY]: options.releaseLabel,
                    ...(release.id === undefined ? {} : { fly_release_id: release.id }),
                },
                timeoutMs: options.releaseCommand.timeoutMs,
                ...(minSecretsVersion === undefined ? {} : { minSecretsVersion }),
                ...(logs === undefined ? {} : { logs }),
                ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
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
            mark,
        };
        mark(`roll out (${options.strategy})`);
        await strategyOf(options.strategy, options.maxUnavailable)(rollout, targets);
        const late = watch.failed;
        if (late !== undefined)
            throw late;
        result.status = 'deployed';
        mark('deployed');
        await recorder?.finish('complete');
    }
    catch (e) {
        const error = ctx.signal.aborted ? ctx.signal.reason : e;
        result.error = error;
        result.failure = failureKindOf(error);
        if (error instanceof DeployFailure && error.diagnosis !== undefined)
            result.diagnosis = error.diagnosis;
        mark(`failed (${result.failure}): ${(0,src/* errorMessage */.gJ)(error).split('\n')[0] ?? ''}`);
        if (result.failure === 'cancelled') {
            for (const row of outcomes.values())
                if (changed.has(row.id) && row.result !== 'updated')
                    row.result = 'cancelled';
            await recorder?.finish('interrupted');
        }
        else {
            await watch.close();
            if (options.onFailure === 'rollback' &&
                plan !== undefined &&
                (changed.size > 0 || plan.created.length > 0)) {
                mark(`restore ${changed.size} machines`);
                ctx.log.info(`rolling back: restoring ${changed.size} machine(s) to their previous config`);
                result.restored = await restore(ctx, plan, {
                    leases,
                    only: changed,
                    waitTimeoutMs: options.waitTimeoutMs,
                    settleMs: options.settleMs,
                    ...(logs === undefined ? {} : { logs }),
                    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
                });
                const failedRestores = result.restored.filter((r) => r.result === 'failed');
                for (const r of result.restored) {
                    const row = outcomes.get(r.machineId);
                    if (row !== undefined)
                        row.result = r.result === 'failed' ? 'restore-failed' : 'rolled-back';
                }
                result.status = failedRestores.length === 0 ? 'rolled-back' : 'failed';
                mark(failedRestores.length === 0
                    ? 'rolled back'
                    : `rollback incomplete: ${failedRestores.map((r) => r.machineId).join(', ')}`);
            }
            await recorder?.finish('failed', (0,src/* errorMessage */.gJ)(error).split('\n')[0]);
        }
        if (!(error instanceof src/* DeployActionError */.o8) && !(error instanceof src/* FlyApiError */.mo)) {
            ctx.log.debug(`deploy ended by an unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        }
    }
    finally {
        await watch.close();
        await leases.releaseAll();
        result.machines = [...outcomes.values()];
    }
    return result;
}

;// CONCATENATED MODULE: ./packages/release/src/index.ts
// Public surface of @deploy-actions/release: the release engine shared by fly-deploy, health-gate and
// rollback-on-failure. Each piece works on an EngineContext (client, app, signal, logger, clock).


















/***/ })

};
