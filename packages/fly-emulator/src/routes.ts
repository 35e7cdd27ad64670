import { z } from 'zod';
import type { App } from './app.ts';
import { ApiError } from './http.ts';
import type { Machine } from './machine.ts';
import { MachineConfigSchema } from './machine-config.ts';
import type { AppCall, Call, MachineCall, Reply, Route } from './router.ts';
import { LEASE_HEADER, route } from './router.ts';
import { PLATFORM_ROUTES } from './platform-routes.ts';
import { ownerOf, parseJsonBody } from './request.ts';
import { tokenCovers } from './tokens.ts';

const OK: Reply = { status: 200, body: { ok: true } };
const WAIT_STATES = ['started', 'stopped', 'suspended', 'destroyed', 'failed', 'settled'];

const CreateMachineSchema = z.looseObject({
  config: MachineConfigSchema,
  region: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  lease_ttl: z.int().positive().optional(),
  skip_launch: z.boolean().optional(),
  skip_service_registration: z.boolean().optional(),
  min_secrets_version: z.int().nonnegative().optional(),
});

const UpdateMachineSchema = CreateMachineSchema.extend({ current_version: z.string().optional() });

const LeaseRequestSchema = z.looseObject({
  ttl: z.int().positive().optional(),
  description: z.string().optional(),
});

const SecretsUpdateSchema = z.strictObject({ values: z.record(z.string(), z.string().nullable()) });

const MetadataValueSchema = z.looseObject({ value: z.string() });

// The spec's `updateMetadataRequest`: null values and empty strings remove keys.
const MetadataUpdateSchema = z.looseObject({
  machine_version: z.string().optional(),
  metadata: z.record(z.string(), z.string().nullable()),
});

function checkSecretsVersion(app: App, min: number | undefined): void {
  if (min !== undefined && min > app.secretsVersion) {
    throw new ApiError(
      400,
      `min_secrets_version ${min} is newer than the app's secrets (version ${app.secretsVersion})`,
    );
  }
}

function leaseBody(machine: Machine): Reply {
  const lease = machine.lease.current();
  if (lease === undefined) throw new ApiError(404, 'no lease found');
  return {
    status: 200,
    body: {
      status: 'success',
      data: {
        nonce: lease.nonce,
        expires_at: Math.floor(lease.expiresAt / 1000),
        owner: lease.owner,
        version: lease.version,
        description: lease.description,
      },
    },
  };
}

function appBody(app: App): Record<string, unknown> {
  const live = [...app.machines.values()].filter((m) => m.state !== 'destroyed');
  return {
    id: app.name,
    name: app.name,
    status: live.some((m) => m.state === 'started') ? 'deployed' : 'suspended',
    organization: { name: app.org, slug: app.org },
    machine_count: live.length,
    volume_count: 0,
    network: 'default',
  };
}

function listMachines({ app, query }: AppCall): Reply {
  const includeDeleted = query.get('include_deleted') === 'true';
  const states = query.get('state')?.split(',').filter(Boolean);
  const region = query.get('region');
  const metadata = [...query]
    .filter(([key]) => key.startsWith('metadata.'))
    .map(([key, value]) => [key.slice(9), value]);
  const machines = [...app.machines.values()].filter(
    (m) =>
      (includeDeleted || m.state !== 'destroyed') &&
      (states === undefined || states.includes(m.state)) &&
      (region === null || m.region === region) &&
      metadata.every(([key, value]) => m.config.metadata?.[key!] === value),
  );
  const summary = query.get('summary') === 'true';
  const page = paginate(machines, query);
  return {
    status: 200,
    body: page.items.map((m) => m.toJSON({ summary })),
    ...(page.next !== undefined ? { headers: { 'fly-next-cursor': page.next } } : {}),
  };
}

/**
 * `limit` (1–1000) enables pages; the next page's `cursor` comes in the `fly-next-cursor` header, absent on the
 * last page; a cursor requires `limit` (spec: GET /v1/apps/{app_name}/machines).
 */
function paginate<T>(items: T[], query: URLSearchParams): { items: T[]; next?: string } {
  const limitText = query.get('limit');
  const cursor = query.get('cursor');
  if (limitText === null) {
    if (cursor !== null) throw new ApiError(400, 'cursor requires limit');
    return { items };
  }
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new ApiError(400, `invalid limit ${limitText}; must be between 1 and 1000`);
  const offset = cursor === null ? 0 : cursorOffset(cursor);
  const end = offset + limit;
  if (end >= items.length) return { items: items.slice(offset) };
  return { items: items.slice(offset, end), next: Buffer.from(`page:${end}`).toString('base64url') };
}

/** The offset a cursor carries (the next page's start), so no page state outlives a request; 400 if it is not one. */
function cursorOffset(cursor: string): number {
  const match = /^page:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match === null) throw new ApiError(400, `invalid or expired cursor ${cursor}`);
  return Number(match[1]);
}

async function createMachine(call: AppCall): Promise<Reply> {
  const { app, token } = call;
  const request = await parseJsonBody(call, CreateMachineSchema);
  checkSecretsVersion(app, request.min_secrets_version);
  if (
    request.name !== undefined &&
    [...app.machines.values()].some((m) => m.name === request.name && m.state !== 'destroyed')
  ) {
    return {
      status: 409,
      body: { error: `a machine named "${request.name}" already exists`, status: 'name_taken' },
    };
  }
  const region = request.region ?? [...app.machines.values()][0]?.region ?? 'ams';
  const machine = app.createMachine({ config: request.config, region, name: request.name });
  const lease =
    request.lease_ttl === undefined
      ? undefined
      : machine.lease.acquire(
          {
            owner: ownerOf(token),
            ttlSeconds: request.lease_ttl,
            description: 'created with lease',
            version: machine.version,
          },
          undefined,
        );
  if (skipsRegistration(request)) machine.cordoned = true;
  if (request.skip_launch === true) machine.park();
  else machine.launch();
  return { status: 200, body: machine.toJSON(lease ? { nonce: lease.nonce } : {}) };
}

/**
 * A machine created or updated with `skip_service_registration` (or `config.dns.skip_registration`) is kept out of
 * the proxy until it is uncordoned, which is how flyctl's blue-green deploys bring green machines in (superfly/
 * flyctl internal/command/deploy/strategy_bluegreen.go: `SkipServiceRegistration = true`, later `Uncordon`).
 */
function skipsRegistration(request: {
  skip_service_registration?: boolean | undefined;
  config: { dns?: { skip_registration?: boolean | undefined } | undefined };
}): boolean {
  return request.skip_service_registration === true || request.config.dns?.skip_registration === true;
}

async function updateMachine(call: MachineCall): Promise<Reply> {
  const { app, machine } = call;
  const request = await parseJsonBody(call, UpdateMachineSchema);
  // flaps refuses an update while another one is replacing the machine: "machine is replacing: concurrent update
  // in progress" (superfly/flyctl test/preflight/apps_v2_integration_test.go). The spec lists 409 for updates.
  if (machine.replacing)
    throw new ApiError(409, `machine ${machine.id} is replacing: concurrent update in progress`);
  if (request.current_version !== undefined && request.current_version !== machine.version) {
    throw new ApiError(
      409,
      `current_version ${request.current_version} does not match the machine's version ${machine.version}`,
    );
  }
  checkSecretsVersion(app, request.min_secrets_version);
  if (skipsRegistration(request)) machine.cordoned = true;
  machine.update(request.config, request.skip_launch === true);
  return { status: 200, body: machine.toJSON() };
}

function destroyMachine({ machine, query }: MachineCall): Reply {
  const active = ['started', 'starting', 'replacing', 'stopping', 'suspending'].includes(machine.state);
  // fly-go sends `kill=true` (superfly/fly-go flaps/flaps_machines.go `Destroy`); the spec names it `force`.
  const force = query.get('force') === 'true' || query.get('kill') === 'true';
  if (active && !force) {
    throw new ApiError(
      412,
      `failed_precondition: machine ${machine.id} is ${machine.state}; stop it first or pass force=true`,
    );
  }
  machine.destroy();
  return OK;
}

/**
 * GET …/wait. `timeout` in whole seconds, 1–60, else 400 (fly-go clamps it to that range before sending:
 * superfly/fly-go flaps/flaps_machines_wait.go); 408 when it passes. A machine already destroyed answers 404
 * "machine not found" whatever state is waited for, `destroyed` included: superfly/flyctl
 * internal/machine/leasable_machine.go `WaitForState` handles that 404 and takes it as success only when it waited
 * for `destroyed` ("the machine no longer exists"). A GET of the machine still answers, with state `destroyed`:
 * flyctl reads it after such a 404 (internal/machine/ephemeral.go `checkMachineDestruction`). A wait that began
 * while the machine was destroying sees it reach `destroyed`. `from_event_id` waits for a state reached after that
 * event. Waiting for
 * a version whose update was reverted (image not pullable) fails at once with 400, as flyctl's wait treats 400 as
 * final (superfly/flyctl internal/machine/wait.go).
 */
async function waitMachine({ machine, query, signal, ctx }: MachineCall): Promise<Reply> {
  const states = query
    .getAll('state')
    .flatMap((s) => s.split(','))
    .filter(Boolean);
  if (states.length === 0) states.push('started');
  // The machine no longer exists for a wait: 404 at once, not a 408 later.
  if (machine.state === 'destroyed') throw new ApiError(404, 'machine not found');
  const bad = states.filter((s) => !WAIT_STATES.includes(s));
  if (bad.length > 0)
    throw new ApiError(400, `invalid state ${bad.join(', ')}; expected one of ${WAIT_STATES.join(', ')}`);
  const timeoutText = query.get('timeout');
  const timeoutS = timeoutText === null ? 60 : Number(timeoutText);
  if (!Number.isInteger(timeoutS) || timeoutS < 1 || timeoutS > 60)
    throw new ApiError(400, `invalid timeout ${timeoutText}; expected whole seconds from 1 to 60`);
  const version = query.get('version') ?? query.get('instance_id') ?? undefined;
  const fromEventId = query.get('from_event_id') ?? undefined;
  if (fromEventId !== undefined && !machine.hasEvent(fromEventId))
    throw new ApiError(400, `unknown from_event_id ${fromEventId}`);
  const outcome = await machine.waitFor(
    states,
    { version, fromEventId },
    Math.min(timeoutS * 1000, ctx.config.timing.waitMaxMs),
    signal,
  );
  if (outcome.kind === 'reverted') {
    throw new ApiError(
      400,
      `machine failed to reach desired state: update to version ${version} failed (${outcome.reason}); the machine remains on version ${machine.version}`,
    );
  }
  if (outcome.kind === 'timeout') {
    throw new ApiError(
      408,
      `deadline_exceeded: machine ${machine.id} did not reach ${states.join('|')}${version ? ` on version ${version}` : ''} in time`,
    );
  }
  return {
    status: 200,
    body: { ok: true, state: machine.state, version: machine.version, event_id: machine.lastEventId },
  };
}

/** `?ttl=` in seconds, how fly-go asks for a lease (superfly/fly-go flaps/flaps_machines.go `AcquireLease`). */
function ttlFromQuery(query: URLSearchParams): number | undefined {
  const text = query.get('ttl');
  if (text === null) return undefined;
  const ttl = Number(text);
  if (!Number.isInteger(ttl) || ttl < 1)
    throw new ApiError(400, `invalid ttl ${text}; expected whole seconds`);
  return ttl;
}

async function acquireLease(call: MachineCall): Promise<Reply> {
  const { machine, token, req } = call;
  const request = await parseJsonBody(call, LeaseRequestSchema, true);
  const nonce = req.headers[LEASE_HEADER];
  const lease = machine.lease.acquire(
    {
      owner: ownerOf(token),
      ttlSeconds: ttlFromQuery(call.query) ?? request.ttl ?? 30,
      description: request.description ?? '',
      version: machine.version,
    },
    typeof nonce === 'string' ? nonce : undefined,
  );
  if (lease === undefined)
    throw new ApiError(409, `lease currently held by ${machine.lease.current()?.owner ?? 'someone else'}`);
  return { ...leaseBody(machine), status: 201 };
}

function releaseLease({ machine, req }: MachineCall): Reply {
  const nonce = req.headers[LEASE_HEADER];
  if (machine.lease.current() === undefined) throw new ApiError(404, 'no lease found');
  if (!machine.lease.release(typeof nonce === 'string' ? nonce : undefined))
    throw new ApiError(409, 'lease nonce does not match');
  return OK;
}

function getMetadataKey({ machine, params }: MachineCall): Reply {
  const value = machine.config.metadata?.[params['key']!];
  if (value === undefined) throw new ApiError(404, `metadata key ${params['key']} not found`);
  return { status: 200, body: { value } };
}

async function setMetadataKey(call: MachineCall): Promise<Reply> {
  const { value } = await parseJsonBody(call, MetadataValueSchema);
  call.machine.setMetadata({ [call.params['key']!]: value });
  return { status: 204 };
}

/** PATCH (and the deprecated PUT) …/metadata: merge keys, null or "" removes one; 412 on a stale version. */
async function updateMetadata(call: MachineCall): Promise<Reply> {
  const request = await parseJsonBody(call, MetadataUpdateSchema);
  if (request.machine_version !== undefined && request.machine_version !== call.machine.version) {
    throw new ApiError(
      412,
      `machine_version ${request.machine_version} does not match the machine's version ${call.machine.version}`,
    );
  }
  call.machine.setMetadata(
    Object.fromEntries(
      Object.entries(request.metadata).map(([key, value]) => [
        key,
        value === null || value === '' ? undefined : value,
      ]),
    ),
  );
  return { status: 204 };
}

async function updateSecrets(call: AppCall): Promise<Reply> {
  const { values } = await parseJsonBody(call, SecretsUpdateSchema);
  const version = call.app.updateSecrets(values);
  return { status: 200, body: { version, secrets: call.app.listSecrets() } };
}

function currentToken({ token, ctx }: Call): Reply {
  const apps = [...ctx.apps.values()].filter((app) => tokenCovers(token, app)).map((app) => app.name);
  return {
    status: 200,
    body: { tokens: [{ org_slug: token.org, organization: token.org, apps, user: ownerOf(token) }] },
  };
}

function listApps({ token, ctx, query }: Call): Reply {
  const org = query.get('org_slug');
  if (org === null || org === '') throw new ApiError(400, 'org_slug is required');
  if (org !== token.org) throw new ApiError(403, 'unauthorized');
  const apps = [...ctx.apps.values()].filter((app) => tokenCovers(token, app)).map(appBody);
  return { status: 200, body: { total_apps: apps.length, apps } };
}

/** GET a machine; `?version=` an older version shows that version's config in state `replaced` (spec). */
function getMachine({ machine, query }: MachineCall): Reply {
  const version = query.get('version');
  if (version === null || version === '') return { status: 200, body: machine.toJSON() };
  if (!machine.hasVersion(version)) throw new ApiError(404, `machine version ${version} not found`);
  return { status: 200, body: machine.toJSON({ version }) };
}

// Metadata writes need no lease nonce: flyctl sends none (superfly/fly-go flaps/flaps_machines.go `SetMetadata`
// takes no nonce), and Fly accepts them on a leased machine.
const metadataWrite = { rate: 'mutating' } as const;

const M = '/v1/apps/{app_name}/machines/{machine_id}';
const mutating = { rate: 'mutating', leased: true } as const;
const simple =
  (act: (m: Machine) => void) =>
  (call: MachineCall): Reply => {
    act(call.machine);
    return OK;
  };

/** Every Machines API route the emulator serves. */
export const ROUTES: Route[] = [
  route('GET', '/v1/tokens/current', 'token', currentToken),
  route('GET', '/v1/apps', 'token', listApps),
  route('GET', '/v1/apps/{app_name}', 'app', ({ app }) => ({ status: 200, body: appBody(app) })),
  route('GET', '/v1/apps/{app_name}/secrets', 'app', ({ app }) => ({
    status: 200,
    body: { secrets: app.listSecrets() },
  })),
  route('POST', '/v1/apps/{app_name}/secrets', 'app', updateSecrets),
  route('GET', '/v1/apps/{app_name}/machines', 'app', listMachines),
  route('POST', '/v1/apps/{app_name}/machines', 'app', createMachine),
  route('GET', M, 'machine', getMachine, { rate: 'getMachine' }),
  route('POST', M, 'machine', updateMachine, mutating),
  route('DELETE', M, 'machine', destroyMachine, mutating),
  route(
    'POST',
    `${M}/start`,
    'machine',
    ({ machine }) => ({ status: 200, body: { ok: true, previous_state: machine.start() } }),
    mutating,
  ),
  route(
    'POST',
    `${M}/stop`,
    'machine',
    simple((m) => m.stop()),
    mutating,
  ),
  route(
    'POST',
    `${M}/restart`,
    'machine',
    simple((m) => m.restart()),
    mutating,
  ),
  route(
    'POST',
    `${M}/suspend`,
    'machine',
    simple((m) => m.suspend()),
    mutating,
  ),
  route(
    'POST',
    `${M}/cordon`,
    'machine',
    simple((m) => void (m.cordoned = true)),
    mutating,
  ),
  route(
    'POST',
    `${M}/uncordon`,
    'machine',
    simple((m) => void (m.cordoned = false)),
    mutating,
  ),
  route('GET', `${M}/wait`, 'machine', waitMachine),
  route('GET', `${M}/lease`, 'machine', ({ machine }) => leaseBody(machine)),
  route('POST', `${M}/lease`, 'machine', acquireLease, { rate: 'mutating' }),
  route('DELETE', `${M}/lease`, 'machine', releaseLease),
  route('GET', `${M}/events`, 'machine', ({ machine, query }) => {
    const limit = Math.min(Math.max(Number(query.get('limit') ?? 20) || 20, 1), 50);
    return { status: 200, body: machine.events.slice(0, limit) };
  }),
  route('GET', `${M}/versions`, 'machine', ({ machine }) => ({
    status: 200,
    body: machine.versions.map((v) => ({ version: v.version, user_config: v.config })),
  })),
  route('GET', `${M}/metadata`, 'machine', ({ machine }) => ({
    status: 200,
    body: machine.config.metadata ?? {},
  })),
  route('GET', `${M}/metadata/{key}`, 'machine', getMetadataKey),
  route('POST', `${M}/metadata/{key}`, 'machine', setMetadataKey, metadataWrite),
  route('PATCH', `${M}/metadata`, 'machine', updateMetadata, metadataWrite),
  route('PUT', `${M}/metadata`, 'machine', updateMetadata, metadataWrite),
  route(
    'DELETE',
    `${M}/metadata/{key}`,
    'machine',
    (call) => {
      call.machine.setMetadata({ [call.params['key']!]: undefined });
      return { status: 204 };
    },
    metadataWrite,
  ),
  ...PLATFORM_ROUTES,
];
