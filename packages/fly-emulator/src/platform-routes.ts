import { z } from 'zod';
import type { App } from './app.ts';
import { ApiError } from './http.ts';
import { RELEASE_STATUSES, releaseBody } from './releases.ts';
import type { AppCall, Call, Reply, Route } from './router.ts';
import { route } from './router.ts';
import { ownerOf, parseJsonBody } from './request.ts';
import { tokenCovers } from './tokens.ts';

const platform = { spec: false } as const;

// superfly/flyctl internal/uiex/releases.go `CreateReleaseRequest`.
const CreateReleaseSchema = z.looseObject({
  app_name: z.string().min(1),
  image: z.string().min(1),
  strategy: z.string().default('ROLLING'),
  build_id: z.int().optional(),
  definition: z.unknown().optional(),
});

// superfly/flyctl internal/uiex/releases.go `UpdateRelease`: `{status, metadata}`.
const UpdateReleaseSchema = z.looseObject({
  status: z.enum(RELEASE_STATUSES),
  metadata: z.unknown().optional(),
});

function coveredApp(call: Call, name: string): App {
  const app = call.ctx.apps.get(name);
  if (app === undefined) throw new ApiError(404, 'app not found');
  if (!tokenCovers(call.token, app)) throw new ApiError(403, 'unauthorized');
  return app;
}

/** POST /api/v1/releases: 201 `{release}` (flyctl accepts 200 or 201 and reads `release`). */
async function createRelease(call: Call): Promise<Reply> {
  const request = await parseJsonBody(call, CreateReleaseSchema);
  const app = coveredApp(call, request.app_name);
  const release = app.releases.create({
    image: request.image,
    strategy: request.strategy,
    user: ownerOf(call.token),
  });
  return { status: 201, body: { release: releaseBody(release) } };
}

/** PATCH /api/v1/releases/{id}: 200 with the bare release (flyctl decodes the body as a `Release`). */
async function updateRelease(call: Call): Promise<Reply> {
  const request = await parseJsonBody(call, UpdateReleaseSchema);
  const id = call.params['release_id']!;
  for (const app of call.ctx.apps.values()) {
    const release = app.releases.find(id);
    if (release === undefined) continue;
    if (!tokenCovers(call.token, app)) throw new ApiError(403, 'unauthorized');
    return {
      status: 200,
      body: releaseBody(app.releases.setStatus(release, request.status, request.metadata)),
    };
  }
  throw new ApiError(404, `release ${id} not found`);
}

function listReleases({ app, query }: AppCall): Reply {
  const limit = Number(query.get('limit') ?? 0);
  const all = app.releases.list().map(releaseBody);
  return { status: 200, body: { releases: limit > 0 ? all.slice(0, limit) : all } };
}

/** 404 when the app has no current release: flyctl's `GetCurrentRelease` reads that as "none". */
function currentRelease({ app }: AppCall): Reply {
  const current = app.releases.current();
  if (current === undefined) throw new ApiError(404, 'no current release');
  return { status: 200, body: releaseBody(current) };
}

/**
 * GET /api/v1/apps/{app}/logs in the shape superfly/fly-go resource_logs.go decodes: `{data: [{id, attributes:
 * LogEntry}], meta: {next_token}}`, filtered by `instance` (a machine id) and `region`, paged by `next_token`.
 * A token configured with `logs: false` is refused with 401, which flyctl reads as "not authorized to retrieve
 * app logs (this can happen when using deploy tokens)" (superfly/flyctl
 * internal/command/deploy/machines_deploymachinesapp.go; fly-go error.go `IsNotAuthenticatedError`).
 */
function appLogs({ app, token, query }: AppCall): Reply {
  if (!token.logs) throw new ApiError(401, 'not authorized to read the logs of this app');
  const instance = query.get('instance');
  const region = query.get('region');
  const after = Number(query.get('next_token') || 0);
  if (!Number.isInteger(after) || after < 0) throw new ApiError(400, 'invalid next_token');
  const lines = [...app.machines.values()]
    .filter(
      (m) => (instance === null || instance === '' || m.id === instance) && (!region || m.region === region),
    )
    .flatMap((m) => m.logs.map((line) => ({ machine: m, line })))
    .filter(({ line }) => line.seq > after)
    .sort((a, b) => a.line.seq - b.line.seq);
  const data = lines.map(({ machine, line }) => ({
    id: String(line.seq),
    type: 'logs',
    attributes: {
      timestamp: line.timestamp,
      message: line.message,
      level: line.level,
      instance: machine.id,
      region: machine.region,
      meta: { instance: machine.id, region: machine.region, event: { provider: line.provider } },
    },
  }));
  const last = lines.at(-1)?.line.seq ?? after;
  return { status: 200, body: { data, meta: { next_token: String(last) } } };
}

/** Routes of Fly's platform API (api.fly.io `/api/v1`) that flyctl deploys use; outside the Machines API spec. */
export const PLATFORM_ROUTES: Route[] = [
  route('POST', '/api/v1/releases', 'token', createRelease, platform),
  route('PATCH', '/api/v1/releases/{release_id}', 'token', updateRelease, platform),
  route('GET', '/api/v1/apps/{app_name}/releases', 'app', listReleases, platform),
  route('GET', '/api/v1/apps/{app_name}/releases/current', 'app', currentRelease, platform),
  route('GET', '/api/v1/apps/{app_name}/logs', 'app', appLogs, platform),
];
