import { z } from 'zod';
import type { App } from './app.ts';
import type { TokenConfig } from './config.ts';
import { ApiError, readText } from './http.ts';
import type { Machine } from './machine.ts';
import { MachineConfigSchema } from './machine-config.ts';
import type { AppCall, Call, MachineCall, Reply, Route } from './router.ts';
import { LEASE_HEADER, route } from './router.ts';
import { tokenCovers } from './tokens.ts';

const OK: Reply = { status: 200, body: { ok: true } };
const WAIT_STATES = ['started', 'stopped', 'suspended', 'destroyed', 'failed', 'settled'];

const CreateMachineSchema = z.looseObject({
  config: MachineConfigSchema,
  region: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  lease_ttl: z.int().positive().optional(),
  skip_launch: z.boolean().optional(),
  min_secrets_version: z.int().nonnegative().optional(),
});

const UpdateMachineSchema = CreateMachineSchema.extend({ current_version: z.string().optional() });

const LeaseRequestSchema = z.looseObject({
  ttl: z.int().positive().optional(),
  description: z.string().optional(),
});

const SecretsUpdateSchema = z.strictObject({ values: z.record(z.string(), z.string().nullable()) });

const MetadataValueSchema = z.looseObject({ value: z.string() });

async function jsonBody<T extends z.ZodType>(call: Call, schema: T, optional = false): Promise<z.output<T>> {
  const text = await readText(call.req);
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'request body is not valid JSON');
    }
  } else if (!optional) {
    throw new ApiError(400, 'request body is required');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ApiError(
      400,
      parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
}

function ownerOf(token: TokenConfig): string {
  return token.owner ?? `${token.org}@users.emulator`;
}

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
  return { status: 200, body: machines.map((m) => m.toJSON({ summary })) };
}

async function createMachine(call: AppCall): Promise<Reply> {
  const { app, token } = call;
  const request = await jsonBody(call, CreateMachineSchema);
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
  if (request.skip_launch !== true) machine.launch();
  return { status: 200, body: machine.toJSON(lease ? { nonce: lease.nonce } : {}) };
}

async function updateMachine(call: MachineCall): Promise<Reply> {
  const { app, machine } = call;
  const request = await jsonBody(call, UpdateMachineSchema);
  if (request.current_version !== undefined && request.current_version !== machine.version) {
    throw new ApiError(
      409,
      `current_version ${request.current_version} does not match the machine's version ${machine.version}`,
    );
  }
  checkSecretsVersion(app, request.min_secrets_version);
  machine.update(request.config, request.skip_launch === true);
  return { status: 200, body: machine.toJSON() };
}

function destroyMachine({ machine, query }: MachineCall): Reply {
  const active = ['started', 'starting', 'replacing', 'stopping', 'suspending'].includes(machine.state);
  if (active && query.get('force') !== 'true') {
    throw new ApiError(
      412,
      `failed_precondition: machine ${machine.id} is ${machine.state}; stop it first or pass force=true`,
    );
  }
  machine.destroy();
  return OK;
}

async function waitMachine({ machine, query, signal, ctx }: MachineCall): Promise<Reply> {
  const states = query
    .getAll('state')
    .flatMap((s) => s.split(','))
    .filter(Boolean);
  if (states.length === 0) states.push('started');
  const bad = states.filter((s) => !WAIT_STATES.includes(s));
  if (bad.length > 0)
    throw new ApiError(400, `invalid state ${bad.join(', ')}; expected one of ${WAIT_STATES.join(', ')}`);
  const timeoutText = query.get('timeout');
  const timeoutS = timeoutText === null ? 60 : Number(timeoutText);
  if (!Number.isInteger(timeoutS) || timeoutS < 0)
    throw new ApiError(400, `invalid timeout ${timeoutText}; expected whole seconds`);
  const version = query.get('version') ?? query.get('instance_id') ?? undefined;
  const timeoutMs = Math.min(timeoutS, 60) * 1000;
  const reached = await machine.waitFor(
    states,
    version,
    Math.min(timeoutMs, ctx.config.timing.waitMaxMs),
    signal,
  );
  if (!reached) {
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

async function acquireLease(call: MachineCall): Promise<Reply> {
  const { machine, token, req } = call;
  const request = await jsonBody(call, LeaseRequestSchema, true);
  const nonce = req.headers[LEASE_HEADER];
  const lease = machine.lease.acquire(
    {
      owner: ownerOf(token),
      ttlSeconds: request.ttl ?? 30,
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
  const { value } = await jsonBody(call, MetadataValueSchema);
  call.machine.setMetadata(call.params['key']!, value);
  return { status: 204 };
}

async function updateSecrets(call: AppCall): Promise<Reply> {
  const { values } = await jsonBody(call, SecretsUpdateSchema);
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
  route('GET', M, 'machine', ({ machine }) => ({ status: 200, body: machine.toJSON() }), {
    rate: 'getMachine',
  }),
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
  route('POST', `${M}/metadata/{key}`, 'machine', setMetadataKey, mutating),
  route(
    'DELETE',
    `${M}/metadata/{key}`,
    'machine',
    (call) => {
      call.machine.setMetadata(call.params['key']!, undefined);
      return { status: 204 };
    },
    mutating,
  ),
];
