// proof-upload as a hostile user would try it: bad inputs fail before anything is read or uploaded, naming the
// input, and never echo a secret. Faults of the artifact service and hostile proof files need the Azurite stand-in
// and files on disk, so they live in test/proof-upload.test.ts ("under hostile input and a broken service").
import { fileURLToPath } from 'node:url';
import type { HostileCase, HostileSuite } from './suite.ts';

const REDACT_SECRET = 'hostile-Redact-Value-7Qx9Zk2Lm';
const JOB_TOKEN = 'ghs_hostileJobToken0123456789abcdefABCD';

function badInput(name: string, inputs: Record<string, string>, input: string): HostileCase {
  return {
    kind: 'input',
    name,
    inputs: { redact: REDACT_SECRET, 'github-token': JOB_TOKEN, ...inputs },
    secrets: [REDACT_SECRET, JOB_TOKEN],
    masked: [REDACT_SECRET, JOB_TOKEN],
    exitCode: 1,
    message: new RegExp(`input "${input}"`),
  };
}

const cases: HostileCase[] = [
  badInput('a name with a slash', { name: 'proof/run' }, 'name'),
  badInput('a name with a colon', { name: 'proof:1' }, 'name'),
  badInput('a name with a line break', { name: 'proof\nrun' }, 'name'),
  badInput('a name with a backslash', { name: 'proof\\run' }, 'name'),
  badInput('retention-days of 0', { 'retention-days': '0' }, 'retention-days'),
  badInput('retention-days of 91', { 'retention-days': '91' }, 'retention-days'),
  badInput('retention-days in words', { 'retention-days': 'a week' }, 'retention-days'),
  badInput('if-no-files-found not one of the three', { 'if-no-files-found': 'fail' }, 'if-no-files-found'),
  badInput('fail-on-unredactable not a boolean', { 'fail-on-unredactable': 'maybe' }, 'fail-on-unredactable'),
  badInput('summary not a boolean', { summary: 'sometimes' }, 'summary'),
  badInput('redact-env naming an impossible variable', { 'redact-env': 'NOT-A-NAME' }, 'redact-env'),
  badInput(
    'environment-url without deployment-environment',
    { 'environment-url': 'https://a.fly.dev' },
    'environment-url',
  ),
  badInput(
    'environment-url with credentials',
    { 'deployment-environment': 'production', 'environment-url': 'https://user:pw@a.fly.dev' },
    'environment-url',
  ),
  badInput(
    'environment-url not http(s)',
    { 'deployment-environment': 'production', 'environment-url': 'ftp://a' },
    'environment-url',
  ),
  badInput('a timeout that is not a duration', { timeout: 'soon' }, 'timeout'),
  badInput('proof-dir under /proc', { 'proof-dir': '/proc/x' }, 'proof-dir'),
  {
    ...badInput(
      'deployment-environment with an empty job token',
      { 'deployment-environment': 'production' },
      'github-token',
    ),
    inputs: { redact: REDACT_SECRET, 'deployment-environment': 'production', 'github-token': '' },
    secrets: [REDACT_SECRET],
    masked: [REDACT_SECRET],
  },
];

// A file every checkout has, so the step gets as far as the upload.
const SOME_FILE = fileURLToPath(new URL('../../proof-upload/action.yml', import.meta.url));
const MACAROONS = ['fm2_hostileProofFirst0123456789abcdefXYZ', 'fm2_hostileProofSecond9876543210zyxwvuQ'];

cases.push(
  {
    kind: 'leak',
    name: 'every macaroon of a Fly token in the env is masked on its own, even with nothing to upload',
    env: { FLY_API_TOKEN: `FlyV1 ${MACAROONS.join(',')}` },
    workflowSecrets: [`FlyV1 ${MACAROONS.join(',')}`],
    secrets: MACAROONS,
    masked: MACAROONS,
    inputs: { 'if-no-files-found': 'ignore' },
    exitCode: 0,
    message: /nothing was uploaded/,
  },
  {
    kind: 'leak',
    name: 'a password inside a *_URL variable is masked on its own',
    env: { CACHE_URL: 'redis://:hostileCachePassw0rd@cache.internal:6379' },
    secrets: ['hostileCachePassw0rd'],
    masked: ['hostileCachePassw0rd'],
    inputs: { 'if-no-files-found': 'ignore' },
    exitCode: 0,
    message: /nothing was uploaded/,
  },
  {
    kind: 'fault',
    name: 'an artifact service that refuses connections ends at the timeout',
    runtime: { resultsUrl: 'http://127.0.0.1:9/' },
    inputs: { paths: SOME_FILE, timeout: '3s', name: 'hostile-refused' },
    exitCode: 1,
    message: /did not finish within 3s|the upload to the artifact service failed/,
  },
  {
    kind: 'fault',
    name: 'a runtime token that is not a JWT is reported as no artifact service',
    runtime: { token: 'not-a-jwt' },
    inputs: { paths: SOME_FILE, name: 'hostile-token' },
    exitCode: 1,
    message: /proof-upload: the artifact service is not available to this step/,
  },
);

const suite: HostileSuite = { action: 'proof-upload', cases };
export default suite;
