// status-matrix (deploy-all.yml's last job) against missing, garbled and forged proof bundles and hostile inputs.
// A bad bundle is a row that says what is wrong, never a crash; every case fails the step (a service is not proven).
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { healthyDeploy, proofRecord, writeProofBundle } from '../support/proof-bundles.ts';
import type { HostileCase, HostileSuite } from './suite.ts';

const PROOFS = 'proofs';
const WEB = [{ name: 'web', app: 'acme-web' }];

/** The folder the web service's proof artifact is extracted to. */
const webBundle = (dir: string): string => path.join(dir, PROOFS, 'deploy-proof-web');

/** A case whose proofs folder is prepared by `prepare`, for the one service `web`. */
function bundleCase(name: string, prepare: (dir: string) => Promise<unknown>, message: RegExp): HostileCase {
  return {
    kind: 'fault',
    name,
    workspace: async (dir) => {
      await mkdir(path.join(dir, PROOFS), { recursive: true });
      await prepare(dir);
    },
    exitCode: 1,
    message,
    outputs: { result: 'fail', 'failed-services': 'web' },
  };
}

/** Writes `manifest.json` holding `text` as the web service's whole bundle. */
const manifestOnly = (text: string | Buffer) => async (dir: string) => {
  await mkdir(webBundle(dir), { recursive: true });
  await writeFile(path.join(webBundle(dir), 'manifest.json'), text);
};

/** A valid bundle of a healthy deploy, then `damage` applied to it. */
const damaged = (damage: (bundle: string) => Promise<unknown>) => async (dir: string) => {
  await writeProofBundle(
    webBundle(dir),
    'deploy-proof-web',
    healthyDeploy('acme-web', 'registry.fly.io/acme-web:v2', 'v2'),
  );
  await damage(webBundle(dir));
};

const inputCase = (name: string, inputs: Record<string, string>, message: RegExp): HostileCase => ({
  kind: 'input',
  name,
  inputs,
  exitCode: 1,
  message,
});

const cases: HostileCase[] = [
  bundleCase(
    'no proofs folder at all',
    async (dir) => writeFile(path.join(dir, 'unrelated'), ''),
    /web: no proof, gate not run\. no artifact deploy-proof-web/,
  ),
  bundleCase(
    'the proof is a file, not a folder',
    async (dir) => writeFile(webBundle(dir), 'zip?'),
    /deploy-proof-web is not a folder/,
  ),
  bundleCase(
    'an empty proof folder',
    async (dir) => mkdir(webBundle(dir)),
    /unreadable proof.*manifest.json: not in the bundle/,
  ),
  bundleCase(
    'manifest.json is binary garbage',
    manifestOnly(Buffer.from([0xff, 0xfe, 0, 1, 2, 3])),
    /manifest.json: not JSON/,
  ),
  bundleCase(
    'manifest.json is cut off',
    manifestOnly('{"schema": "deploy-actions/proof-manifest@1", "files": ['),
    /manifest.json: not JSON/,
  ),
  bundleCase(
    'manifest.json is JSON of another shape',
    manifestOnly('{"hello": "world"}'),
    /manifest.json: not a v1 proof manifest/,
  ),
  bundleCase(
    'manifest.json is a JSON string',
    manifestOnly('"manifest"'),
    /manifest.json: not a v1 proof manifest/,
  ),
  bundleCase(
    'manifest.json is nested 100 000 deep',
    manifestOnly(`${'['.repeat(100_000)}${']'.repeat(100_000)}`),
    /manifest.json: not (JSON|a v1 proof manifest)/,
  ),
  bundleCase('manifest.json is 3 MB of spaces', manifestOnly(' '.repeat(3 << 20)), /manifest.json: not JSON/),
  bundleCase(
    'a verdict points out of the bundle',
    damaged(async (bundle) => {
      const file = path.join(bundle, 'manifest.json');
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace(
          '"record": "records/0-fly-deploy.json"',
          '"record": "../../../etc/passwd"',
        ),
      );
    }),
    /manifest.json: not a v1 proof manifest/,
  ),
  bundleCase(
    'a record replaced after the manifest was written',
    damaged((bundle) => writeFile(path.join(bundle, 'records', '0-fly-deploy.json'), '{"deploy": "forged"}')),
    /does not match its manifest .*mismatch records\/0-fly-deploy.json/,
  ),
  bundleCase(
    'a record deleted',
    damaged(async (bundle) => writeFile(path.join(bundle, 'records', '1-health-gate.json'), '')),
    /does not match its manifest/,
  ),
  bundleCase(
    'a record that is a symlink to a system file',
    damaged(async (bundle) => {
      const record = path.join(bundle, 'records', '1-health-gate.json');
      await rm(record);
      await symlink('/etc/hostname', record);
    }),
    /does not match its manifest/,
  ),
  bundleCase(
    'a file the manifest does not list',
    damaged((bundle) => writeFile(path.join(bundle, 'extra.json'), '{}')),
    /does not match its manifest .*unlisted extra.json/,
  ),
  bundleCase(
    'a healthy bundle of another app',
    async (dir) =>
      writeProofBundle(webBundle(dir), 'deploy-proof-web', healthyDeploy('acme-evil', 'i:1', 'v1')),
    /the proof is of app acme-evil, not acme-web/,
  ),
  bundleCase(
    'a fly-deploy fact of the wrong shape',
    async (dir) =>
      writeProofBundle(webBundle(dir), 'deploy-proof-web', [
        proofRecord('fly-deploy', 'acme-web', { deploy: { status: 42 } }),
        proofRecord('health-gate', 'acme-web', { 'health-gate': { result: 'pass' } }),
      ]),
    /web: failed, gate pass/,
  ),
  bundleCase(
    'a health gate that failed',
    async (dir) =>
      writeProofBundle(webBundle(dir), 'deploy-proof-web', [
        proofRecord('fly-deploy', 'acme-web', {
          deploy: { status: 'deployed', image: 'i:2', releaseLabel: 'v2' },
        }),
        proofRecord(
          'health-gate',
          'acme-web',
          { 'health-gate': { result: 'fail' } },
          'web: 503 five times in a row',
        ),
      ]),
    /web: deployed, gate fail\. health-gate: web: 503 five times in a row/,
  ),
  bundleCase(
    'preflight failed, nothing deployed',
    async (dir) =>
      writeProofBundle(webBundle(dir), 'deploy-proof-web', [
        proofRecord('preflight-secrets', 'acme-web', {}, 'FLY_API_TOKEN is not set'),
      ]),
    /web: not run, gate not run\. preflight-secrets: FLY_API_TOKEN is not set/,
  ),
  inputCase(
    'a service name that walks out of the proofs folder',
    { services: JSON.stringify([{ name: '../../etc', app: 'x' }]) },
    /\.\.\/\.\.\/etc: no proof, gate not run\. the service name cannot be an artifact name/,
  ),
  inputCase(
    'a service name that breaks the summary table',
    { services: JSON.stringify([{ name: 'web|<img src=x>', app: 'x' }]) },
    /cannot be an artifact name/,
  ),
  inputCase('services that are not JSON', { services: '{{{' }, /input "services"/),
  inputCase('services that are an object', { services: '{"name": "web"}' }, /input "services"/),
  inputCase('no services', { services: '[]' }, /input "services"/),
  inputCase('a service without a name', { services: '[{"app": "x"}]' }, /input "services"/),
  inputCase(
    '257 services',
    { services: JSON.stringify(Array.from({ length: 257 }, (_, i) => ({ name: `s${i}`, app: 'a' }))) },
    /input "services"/,
  ),
  inputCase(
    'a deploy result that is not a job result',
    { 'deploy-result': 'succeeded' },
    /input "deploy-result": got "succeeded"/,
  ),
  inputCase(
    'an artifact prefix with a slash',
    { 'artifact-prefix': '../deploy-proof-' },
    /input "artifact-prefix"/,
  ),
  inputCase('no proofs input', { proofs: '' }, /input "proofs"/),
];

const suite: HostileSuite = {
  action: '.github/actions/status-matrix',
  baseInputs: { services: JSON.stringify(WEB), proofs: PROOFS },
  cases,
};
export default suite;
