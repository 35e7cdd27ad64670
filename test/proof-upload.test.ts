import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals';
import {
  cleanupStep,
  findLeaks,
  formatLeaks,
  node24Path,
  repoRoot,
  runStep,
  type StepResult,
} from '@deploy-actions/harness';
import {
  manifestSchema,
  openBundle,
  statementSchema,
  verifyBundle,
  type Manifest,
} from '@deploy-actions/proof-bundle';
import { startArtifactService, type ArtifactService } from './support/artifact-service.ts';
import { startGitHubApi, type GitHubApi } from './support/github-api.ts';
import { leakCensusLog, leakForms, REGISTERED, revealingTexts } from './support/leak-census.ts';

const execFileAsync = promisify(execFile);
const GITHUB_TOKEN = 'ghs_jobTokenForTheHarness0123456789abcd';
const IMAGE_DIGEST = 'a'.repeat(8) + '0123456789abcdef'.repeat(3) + 'b'.repeat(8);
const IMAGE = `registry.fly.io/acme-web@sha256:${IMAGE_DIGEST}`;

// Each step starts Node 24 on an 8 MB bundle; a loaded two-core machine needs seconds per step.
jest.setTimeout(120_000);

let service: ArtifactService;
let github: GitHubApi;
// Fixtures live outside the step's RUNNER_TEMP and workspace: they hold the raw secrets on purpose, and the harness
// reports any secret in those folders as a leak. What the action writes there (the redacted bundle) is checked.
let fixtures: string;
const results: StepResult[] = [];

beforeAll(async () => {
  [service, github] = await Promise.all([startArtifactService(), startGitHubApi({ token: GITHUB_TOKEN })]);
  fixtures = await mkdtemp(path.join(tmpdir(), 'proof-upload-fixtures-'));
}, 60_000);

afterAll(async () => {
  await Promise.all([service.close(), github.close(), rm(fixtures, { recursive: true, force: true })]);
});

afterEach(async () => {
  github.failWith(undefined);
  service.fail('CreateArtifact', undefined);
  await Promise.all(results.splice(0).map(cleanupStep));
});

/** A v1 proof record as an action writes it; `extra` overrides any field. */
function record(action: string, outcome: string, extra: Record<string, unknown> = {}): object {
  return {
    schema: 'deploy-actions/proof@1',
    action,
    startedAt: '2026-11-27T04:00:00.000Z',
    finishedAt: '2026-11-27T04:00:09.000Z',
    outcome,
    app: 'acme-web',
    inputs: {},
    steps: [
      {
        at: '2026-11-27T04:00:01.000Z',
        what: `${action} ran`,
        result: outcome === 'success' ? 'ok' : 'failed',
      },
    ],
    facts: {},
    ...extra,
  };
}

/** A fresh proof-dir holding these files (name → content). */
async function proofDir(files: Record<string, string | object>): Promise<string> {
  const dir = await mkdtemp(path.join(fixtures, 'proof-'));
  for (const [name, content] of Object.entries(files)) {
    await writeFile(
      path.join(dir, name),
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
    );
  }
  return dir;
}

const ALL_SECRETS = [...REGISTERED.values, ...revealingTexts().map((r) => r.text), GITHUB_TOKEN];

async function proofUpload(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<StepResult> {
  const result = await runStep({
    action: 'proof-upload',
    inputs,
    runtime: service.runtime,
    // A context value: the runner sets it after the step's env, so only `runner` can point it at the stand-in.
    runner: { GITHUB_API_URL: github.url },
    env: { ...REGISTERED.env, ...env },
    // The workflow passes these from `secrets.*`, so the runner masks them in the log before the step starts.
    workflowSecrets: Object.values(REGISTERED.env),
    secrets: ALL_SECRETS,
    timeoutMs: 60_000,
  });
  results.push(result);
  return result;
}

function expectNoLeaks(result: StepResult): void {
  expect(formatLeaks(result.leaks)).toBe(formatLeaks([]));
}

function requestCount(method: string): number {
  return service.requests().filter((r) => r.method === method).length;
}

/** Every file of a downloaded artifact, by path. */
async function unzip(zipFile: string): Promise<Map<string, string>> {
  const bundle = await openBundle(zipFile);
  const files = new Map<string, string>();
  try {
    for (const name of await bundle.files()) {
      const chunks: Buffer[] = [];
      for await (const chunk of (await bundle.open(name)) as AsyncIterable<Buffer>) chunks.push(chunk);
      files.set(name, Buffer.concat(chunks).toString('utf8'));
    }
  } finally {
    bundle.close();
  }
  return files;
}

async function downloadTo(name: string): Promise<{ zip: string; bytes: Buffer }> {
  const bytes = await service.download(name);
  const zip = path.join(await mkdtemp(path.join(fixtures, 'download-')), `${name}.zip`);
  await writeFile(zip, bytes);
  return { zip, bytes };
}

describe('proof-upload (the bundle under Node 24, uploading to Azurite through the artifact service stand-in)', () => {
  test('uploads a redacted bundle whose manifest, statement and census hold: no secret survives in any form', async () => {
    const dir = await proofDir({
      'preflight-secrets-20261127T040000-aaaa.json': record('preflight-secrets', 'success', {
        steps: [
          {
            at: '2026-11-27T04:00:01.000Z',
            what: 'check FLY_API_TOKEN',
            result: 'ok',
            detail: `token ${REGISTERED.env.FLY_API_TOKEN} reaches acme-web`,
          },
        ],
        facts: { preflight: { ok: true, missing: [], invalid: [] } },
      }),
      'fly-deploy-20261127T040100-bbbb.json': record('fly-deploy', 'success', {
        startedAt: '2026-11-27T04:01:00.000Z',
        finishedAt: '2026-11-27T04:03:30.000Z',
        facts: { release: { version: 42, image: IMAGE, strategy: 'canary' } },
      }),
      'broken.json': `{"schema":"deploy-actions/proof@1","note":"cut short","token":"ghp_${'Zq9'.repeat(12)}"`,
    });
    const log = path.join(await mkdtemp(path.join(fixtures, 'logs-')), 'build.log');
    await writeFile(log, leakCensusLog());
    // The census is not vacuous: every revealing text is in the log that goes in.
    expect(revealingTexts().filter(({ text }) => !leakCensusLog().includes(text))).toEqual([]);

    const result = await proofUpload({
      'proof-dir': dir,
      paths: log,
      name: 'deploy-proof-census',
      'retention-days': '7',
      redact: REGISTERED.redactInput,
    });
    expect(result.exitCode).toBe(0);
    expectNoLeaks(result);

    // The service saw one artifact, finalized with the digest the action reports.
    const [artifact] = service.artifacts().filter((a) => a.name === 'deploy-proof-census');
    expect(artifact?.finalized).toBe(true);
    const { zip, bytes } = await downloadTo('deploy-proof-census');
    const digest = createHash('sha256').update(bytes).digest('hex');
    expect(result.outputs).toMatchObject({
      'artifact-id': String(artifact?.id),
      'artifact-digest': digest,
      'artifact-url': `https://github.com/octo-org/service/actions/runs/1658821493/artifacts/${artifact?.id}`,
    });
    expect(artifact?.hash).toBe(`sha256:${digest}`);
    const create = service
      .requests()
      .find((r) => r.method === 'CreateArtifact' && r.body.name === 'deploy-proof-census');
    expect(create?.body).toMatchObject({ version: 7, mime_type: 'application/zip' });
    const expires = Date.parse(String(create?.body.expires_at));
    expect(expires - Date.now()).toBeGreaterThan(6 * 86_400_000);
    expect(expires - Date.now()).toBeLessThan(8 * 86_400_000);

    // deploy-proof's own check of the downloaded zip: hashes match and no credential is left.
    expect(await verifyBundle(zip)).toEqual({ checked: 5, problems: [] });

    const files = await unzip(zip);
    expect([...files.keys()].sort()).toEqual([
      'files/outside-workspace/build.log',
      'manifest.json',
      'proof/broken.json',
      'proof/fly-deploy-20261127T040100-bbbb.json',
      'proof/preflight-secrets-20261127T040000-aaaa.json',
      'provenance.intoto.json',
      'timeline.md',
    ]);
    const manifest: Manifest = manifestSchema.parse(JSON.parse(files.get('manifest.json') ?? ''));
    for (const entry of manifest.files) {
      const content = files.get(entry.path) ?? '';
      expect({ path: entry.path, sha256: createHash('sha256').update(content).digest('hex') }).toEqual({
        path: entry.path,
        sha256: entry.sha256,
      });
    }
    expect(manifest).toMatchObject({
      name: 'deploy-proof-census',
      outcome: 'failure',
      run: {
        repository: 'octo-org/service',
        runId: '1658821493',
        sha: 'ffac537e6cbbf934b08745a378932722df287a53',
      },
      verdicts: [
        { action: 'preflight-secrets', outcome: 'success', app: 'acme-web' },
        { action: 'fly-deploy', outcome: 'success', app: 'acme-web' },
      ],
    });
    const broken = manifest.files.find((f) => f.path === 'proof/broken.json');
    expect(broken?.record).toEqual({ valid: false, problem: 'not JSON' });
    expect(broken?.redactions).toEqual({ 'github-token': 1 });
    expect(files.get('proof/broken.json')).toContain('[REDACTED:github-token]');

    // The census: each form's revealing text is gone from every file, the outputs and the summary.
    const everything = [...files.values(), result.summary, ...Object.values(result.outputs)].join('\n');
    const survivors = revealingTexts().filter(({ text }) => everything.includes(text));
    expect(survivors.map((s) => s.label)).toEqual([]);
    expect(leakForms().length).toBeGreaterThanOrEqual(25);
    const fileLeaks = findLeaks(ALL_SECRETS, {
      log: '',
      outputs: result.outputs,
      state: {},
      env: {},
      path: [],
      summary: result.summary,
      annotations: [],
      files: Object.fromEntries(files),
    });
    expect(formatLeaks(fileLeaks)).toBe(formatLeaks([]));
    const buildLog = files.get('files/outside-workspace/build.log') ?? '';
    for (const kind of ['registered', 'private-key', 'github-token', 'jwt', 'aws-access-key', 'fly-token']) {
      expect(buildLog).toContain(`[REDACTED:${kind}]`);
    }
    expect(buildLog).toContain('https://[REDACTED:url-credentials]@git.example.com/acme/web.git');
    expect(buildLog).toContain('Authorization: Bearer [REDACTED:authorization-header]');
    expect(Number(result.outputs.redactions)).toBe(manifest.redactions.total);
    expect(manifest.redactions.total).toBeGreaterThanOrEqual(leakForms().length);

    // The statement binds the deployed image and the manifest; the predicate file is the statement's predicate.
    const statement = statementSchema.parse(JSON.parse(files.get('provenance.intoto.json') ?? ''));
    expect(statement.subject).toEqual([
      { name: 'registry.fly.io/acme-web', digest: { sha256: IMAGE_DIGEST } },
      {
        name: 'manifest.json',
        digest: {
          sha256: createHash('sha256')
            .update(files.get('manifest.json') ?? '')
            .digest('hex'),
        },
      },
    ]);
    const predicate: unknown = JSON.parse(await readFile(result.outputs['predicate-path'] ?? '', 'utf8'));
    expect(predicate).toEqual(statement.predicate);
    expect(JSON.parse(await readFile(result.outputs.manifest ?? '', 'utf8'))).toEqual(manifest);

    // The timeline and the summary tell the run; the summary has the status matrix.
    expect(files.get('timeline.md')).toMatch(/## 04:01:00 fly-deploy for acme-web: ✅ success \(2m30s\)/);
    expect(files.get('timeline.md')).toContain('proof/broken.json: not JSON (kept, redacted)');
    expect(result.summary).toContain('<th>Versions and verdicts</th>');
    expect(result.summary).toContain('release.version: 42');
    expect(result.summary).toContain(`release.image: ${IMAGE}`);
    expect(result.summary).toContain('Broken records');

    // The step's own record, written to proof-dir after the upload, holds no secret either.
    const own = (await readdir(dir)).filter((f) => f.startsWith('proof-upload-'));
    expect(own).toHaveLength(1);
    const ownText = await readFile(path.join(dir, own[0] ?? ''), 'utf8');
    expect(ALL_SECRETS.filter((s) => ownText.includes(s))).toEqual([]);
  });

  test('deploy-proof verify passes the downloaded zip and fails a tampered or leaking copy', async () => {
    const dir = await proofDir({ 'fly-deploy-1.json': record('fly-deploy', 'success') });
    const result = await proofUpload({ 'proof-dir': dir, name: 'deploy-proof-verify' });
    expect(result.exitCode).toBe(0);
    const { zip } = await downloadTo('deploy-proof-verify');
    const cli = path.join(repoRoot, 'packages', 'proof-bundle', 'src', 'cli.ts');
    const node = await node24Path();
    const verify = async (target: string): Promise<{ code: number; stdout: string }> => {
      try {
        const { stdout } = await execFileAsync(node, [cli, 'verify', target]);
        return { code: 0, stdout };
      } catch (error) {
        const e = error as { code: number; stdout: string };
        return { code: e.code, stdout: e.stdout };
      }
    };
    expect(await verify(zip)).toEqual({ code: 0, stdout: expect.stringMatching(/^ok: 2 file\(s\) match/) });

    // The same bundle unpacked, then altered: one record edited, one credential added in a new file.
    const unpacked = await mkdtemp(path.join(fixtures, 'unpacked-'));
    for (const [name, content] of await unzip(zip)) {
      await mkdir(path.dirname(path.join(unpacked, name)), { recursive: true });
      await writeFile(path.join(unpacked, name), content);
    }
    expect((await verify(unpacked)).code).toBe(0);
    await writeFile(
      path.join(unpacked, 'proof', 'fly-deploy-1.json'),
      JSON.stringify(record('fly-deploy', 'failure')),
    );
    await writeFile(path.join(unpacked, 'notes.txt'), `GH_TOKEN=ghp_${'Xy7'.repeat(12)}\n`);
    const tampered = await verify(unpacked);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/^MISMATCH proof\/fly-deploy-1\.json: manifest says sha256/m);
    expect(tampered.stdout).toMatch(/^UNLISTED notes\.txt/m);
    expect(tampered.stdout).toMatch(/^LEAK notes\.txt: 1 value\(s\) that look like a github-token/m);
    expect(tampered.stdout).not.toContain('Xy7Xy7');
    expect((await verify(path.join(unpacked, 'missing.zip'))).code).toBe(2);
  });

  test.each([
    ['warn', 0, 'warning'],
    ['error', 1, 'error'],
    ['ignore', 0, undefined],
  ] as const)(
    'an empty proof-dir with if-no-files-found: %s uploads nothing',
    async (mode, exitCode, level) => {
      const dir = await proofDir({});
      const before = requestCount('CreateArtifact');
      const result = await proofUpload({ 'proof-dir': dir, 'if-no-files-found': mode, name: `none-${mode}` });
      expect(result.exitCode).toBe(exitCode);
      expect(requestCount('CreateArtifact')).toBe(before);
      const about = result.annotations.filter((a) => a.message.includes(`no file in ${dir}`));
      expect(about.map((a) => a.level)).toEqual(level === undefined ? [] : [level]);
      if (mode === 'error') expect(result.log).toContain('What to do: Run proof-upload in the same job');
      if (mode === 'ignore') expect(result.log).toContain(`no file in ${dir}`);
      expect(result.outputs['artifact-id']).toBeUndefined();
      expectNoLeaks(result);
    },
  );

  test('bad inputs are all reported at once, before anything is uploaded', async () => {
    const before = service.requests().length;
    const result = await proofUpload({
      name: 'bad/name',
      'retention-days': '0',
      'if-no-files-found': 'maybe',
      'environment-url': 'https://acme-web.fly.dev',
      'redact-env': '1NOT_A_NAME',
      'fail-on-unredactable': 'sometimes',
      timeout: 'soon',
    });
    expect(result.exitCode).toBe(1);
    const error = result.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(error).toMatch(/^proof-upload: 7 invalid inputs:/);
    for (const name of [
      'name',
      'retention-days',
      'if-no-files-found',
      'environment-url',
      'redact-env',
      'fail-on-unredactable',
      'timeout',
    ]) {
      expect(error).toContain(`input "${name}"`);
    }
    expect(error).toContain('got "bad/name"');
    expect(service.requests().length).toBe(before);
    expect(result.log).not.toMatch(/\n\s+at /);
    expectNoLeaks(result);
  });

  test('a name already used in the run fails with what to do (artifacts are immutable)', async () => {
    const dir = await proofDir({ 'fly-deploy-1.json': record('fly-deploy', 'success') });
    expect((await proofUpload({ 'proof-dir': dir, name: 'deploy-proof-twice' })).exitCode).toBe(0);
    const again = await proofUpload({ 'proof-dir': dir, name: 'deploy-proof-twice' });
    expect(again.exitCode).toBe(1);
    expect(again.log).toContain(
      'proof-upload: an artifact named "deploy-proof-twice" already exists in this workflow run',
    );
    expect(again.log).toContain('give this step a `name` of its own');
    expectNoLeaks(again);
  });

  test('a file that is not UTF-8 text is left out with a warning, or fails the step before any upload', async () => {
    const dir = await proofDir({ 'fly-deploy-1.json': record('fly-deploy', 'success') });
    const binary = path.join(await mkdtemp(path.join(fixtures, 'bin-')), 'core.dump');
    await writeFile(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]));

    const kept = await proofUpload({ 'proof-dir': dir, paths: binary, name: 'deploy-proof-binary' });
    expect(kept.exitCode).toBe(0);
    expect(kept.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining(`left out ${binary}: cannot be redacted`),
      }),
    );
    const manifest = manifestSchema.parse(JSON.parse(await readFile(kept.outputs.manifest ?? '', 'utf8')));
    expect(manifest.omitted).toEqual([
      { origin: binary, reason: 'cannot be redacted: binary data (a NUL byte)' },
    ]);
    expect(manifest.files.map((f) => f.path)).toEqual(['proof/fly-deploy-1.json', 'timeline.md']);

    const before = requestCount('CreateArtifact');
    const refused = await proofUpload({
      'proof-dir': dir,
      paths: binary,
      name: 'deploy-proof-binary-strict',
      'fail-on-unredactable': 'true',
    });
    expect(refused.exitCode).toBe(1);
    expect(refused.log).toContain('proof-upload: 1 file(s) could not be redacted');
    expect(requestCount('CreateArtifact')).toBe(before);
  });
});

describe('proof-upload GitHub Deployment (against a loopback stand-in for the REST API)', () => {
  test('records the deployment of the commit and a success status linking the run', async () => {
    const dir = await proofDir({ 'fly-deploy-1.json': record('fly-deploy', 'success') });
    const before = github.requests().length;
    const result = await proofUpload(
      {
        'proof-dir': dir,
        name: 'deploy-proof-deployment',
        'deployment-environment': 'production',
        'environment-url': 'https://acme-web.fly.dev',
      },
      { GITHUB_TOKEN },
    );
    expect(result.exitCode).toBe(0);
    const [create, status] = github.requests().slice(before);
    expect(create).toMatchObject({
      method: 'POST',
      path: '/repos/octo-org/service/deployments',
      status: 201,
      body: {
        ref: 'ffac537e6cbbf934b08745a378932722df287a53',
        environment: 'production',
        auto_merge: false,
        required_contexts: [],
      },
    });
    const id = JSON.stringify(result.outputs['deployment-id']);
    expect(status).toMatchObject({
      path: `/repos/octo-org/service/deployments/${JSON.parse(id) as string}/statuses`,
      status: 201,
      body: {
        state: 'success',
        environment_url: 'https://acme-web.fly.dev',
        log_url: 'https://github.com/octo-org/service/actions/runs/1658821493/attempts/1',
      },
    });
    expectNoLeaks(result);
  });

  test('a failed run gives a failure status', async () => {
    const dir = await proofDir({
      'health-gate-1.json': record('health-gate', 'failure', {
        error: { code: 'unhealthy', message: 'checks failed' },
      }),
    });
    const before = github.requests().length;
    const result = await proofUpload(
      { 'proof-dir': dir, name: 'deploy-proof-failed', 'deployment-environment': 'staging' },
      { GITHUB_TOKEN },
    );
    expect(result.exitCode).toBe(0);
    const statuses = github
      .requests()
      .slice(before)
      .filter((r) => r.path.endsWith('/statuses'));
    expect(statuses.map((r) => r.body.state)).toEqual(['failure']);
  });

  test('a token without deployments permission fails the step saying so, after the evidence is uploaded', async () => {
    github.failWith(403);
    const dir = await proofDir({ 'fly-deploy-1.json': record('fly-deploy', 'success') });
    const result = await proofUpload(
      { 'proof-dir': dir, name: 'deploy-proof-403', 'deployment-environment': 'production' },
      { GITHUB_TOKEN },
    );
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain('could not create the GitHub deployment (HTTP 403)');
    expect(result.log).toContain('permissions: deployments: write');
    expect(result.outputs['artifact-id']).toMatch(/^\d+$/);
    expect(result.summary).toContain('Deploy proof');
    expectNoLeaks(result);
  });
});

describe('proof-upload under hostile input and a broken service: no crash, no hang, no leak', () => {
  test('a FIFO and a link to /dev/zero in proof-dir are skipped, not read forever', async () => {
    const dir = await proofDir({ 'fly-deploy-1.json': record('fly-deploy', 'success') });
    execFileSync('mkfifo', [path.join(dir, 'pipe.log')]);
    await symlink('/dev/zero', path.join(dir, 'zero.log'));
    const result = await proofUpload({ 'proof-dir': dir, name: 'hostile-special-files' });
    expect(result.exitCode).toBe(0);
    expect(result.timedOut).toBe(false);
    const warnings = result.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
    expect(warnings).toEqual(
      expect.arrayContaining([
        `left out ${path.join(dir, 'pipe.log')}: not a regular file`,
        `left out ${path.join(dir, 'zero.log')}: not a regular file`,
      ]),
    );
    expectNoLeaks(result);
  });

  test('proof-dir under /proc is refused as an input, naming it, before anything is uploaded', async () => {
    const before = service.requests().length;
    const result = await proofUpload({ 'proof-dir': '/proc/x', name: 'hostile-proc' });
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain('input "proof-dir": got "/proc/x"');
    expect(service.requests().length).toBe(before);
  });

  test.each([
    ['never answers', 'hang' as const],
    ['keeps failing with 503', 503],
  ])('an artifact service that %s ends at the timeout with what to do', async (_what, fault) => {
    service.fail('CreateArtifact', fault);
    const dir = await proofDir({ 'fly-deploy-1.json': record('fly-deploy', 'success') });
    const result = await proofUpload({
      'proof-dir': dir,
      name: `hostile-service-${String(fault)}`,
      timeout: '4s',
    });
    expect(result.exitCode).toBe(1);
    expect(result.timedOut).toBe(false);
    expect(result.log).toContain('proof-upload: did not finish within 4s');
    expect(result.log).not.toMatch(/\n\s+at /);
    expectNoLeaks(result);
  });

  test('prototype-named keys and workflow commands inside a record are data, not behaviour', async () => {
    const dir = await proofDir({
      'evil-1.json': `{"schema":"deploy-actions/proof@1","action":"fly-deploy","startedAt":"2026-11-27T04:00:00.000Z","finishedAt":"2026-11-27T04:00:01.000Z","outcome":"success","app":"::error::pwned","inputs":{"__proto__":"x","constructor":"y"},"steps":[{"at":"2026-11-27T04:00:00.500Z","what":"##[stop-commands]abc","result":"ok"}],"facts":{"__proto__":{"polluted":true},"toString":"z"}}`,
    });
    const result = await proofUpload({ 'proof-dir': dir, name: 'hostile-prototype' });
    expect(result.exitCode).toBe(0);
    const manifest = manifestSchema.parse(JSON.parse(await readFile(result.outputs.manifest ?? '', 'utf8')));
    expect(manifest.verdicts).toEqual([
      expect.objectContaining({ action: 'fly-deploy', app: '::error::pwned' }),
    ]);
    expect(result.annotations.filter((a) => a.message.includes('pwned'))).toEqual([]);
    expect(result.summary).toContain('toString: z');
    expectNoLeaks(result);
  });

  test('a 3 MB line with no line break still loses its secrets at the window edges', async () => {
    const token = `ghp_${'Kx7'.repeat(12)}`;
    const filler = 'x'.repeat((1 << 20) + (64 << 10) - 20);
    const line = `${filler}${token} ${filler}${REGISTERED.env.VENDOR_API_KEY}${filler}`;
    const log = path.join(await mkdtemp(path.join(fixtures, 'long-')), 'long.log');
    await writeFile(log, line);
    const dir = await proofDir({});
    const result = await proofUpload({ 'proof-dir': dir, paths: log, name: 'hostile-long-line' });
    expect(result.exitCode).toBe(0);
    const files = await unzip((await downloadTo('hostile-long-line')).zip);
    const text = files.get('files/outside-workspace/long.log') ?? '';
    // Booleans, not toContain: a failure must not print three megabytes.
    expect(text.includes(token)).toBe(false);
    expect(text.includes(REGISTERED.env.VENDOR_API_KEY)).toBe(false);
    expect(text.includes('[REDACTED:github-token]')).toBe(true);
    expect(text.includes('[REDACTED:registered]')).toBe(true);
    expectNoLeaks(result);
  });
});
