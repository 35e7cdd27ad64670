// fly-deploy given a hostile or broken fly.toml: every case fails naming the file, key and line, before any change
// on Fly (the suite is read-only: the emulator must see reads at most).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostileCase, HostileSuite } from './suite.ts';

const TOKEN = 'fo1_hostileFlyTomlToken0123456789abcdefAB';
const STRIPE_KEY = 'sk_live_hostileFlyToml0123456789abcdef';
const BAD = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'packages',
  'fly-config',
  'test',
  'fixtures',
  'bad',
);

/** A case whose `config` input is one of fly-config's refused fixtures. */
function badFile(name: string, file: string, message: RegExp): HostileCase {
  return { kind: 'input', name, inputs: { config: path.join(BAD, file) }, exitCode: 1, message };
}

const CASES: HostileCase[] = [
  badFile('fly.toml with a TOML syntax error', 'syntax-error.toml', /syntax-error\.toml:4:15: env\.PORT: /),
  badFile(
    'fly.toml with misspelt keys',
    'unknown-key.toml',
    /unknown-key\.toml:6: http_service\.force_http: is not a fly\.toml key/,
  ),
  badFile(
    'fly.toml with wrong types',
    'wrong-type.toml',
    /wrong-type\.toml:5: http_service\.auto_stop_machines: .*got "sometimes"/,
  ),
  badFile(
    'fly.toml with an HTTP check without a path',
    'check-without-path.toml',
    /check-without-path\.toml:10: checks\.status\.path: an HTTP check needs a path/,
  ),
  badFile(
    'fly.toml with a service of an undefined process group',
    'undefined-process-group.toml',
    /services\[0\]\.processes\[0\]: process group "wrker" is not defined/,
  ),
  badFile(
    'fly.toml with six problems, all named at once',
    'many-problems.toml',
    /many-problems\.toml has 6 problems:/,
  ),
  badFile(
    'fly.toml with a __proto__ key',
    'proto-key.toml',
    /proto-key\.toml:2: env\.__proto__: the key __proto__ is not allowed/,
  ),
  badFile(
    'fly.toml in TOML 1.1 syntax flyctl cannot read',
    'toml-1.1-syntax.toml',
    /toml-1\.1-syntax\.toml:6:\d+: .*TOML 1\.1 syntax; flyctl reads TOML 1\.0/,
  ),
  badFile('config naming a folder', '.', /could not be read: it is not a file/),
  {
    kind: 'input',
    name: 'config naming a file that does not exist',
    inputs: { config: '/nonexistent/fly.production.toml' },
    exitCode: 1,
    message: /\/nonexistent\/fly\.production\.toml: could not be read/,
  },
  {
    kind: 'input',
    name: 'fly.toml mounting a volume the machines do not have: config, nothing changed',
    inputs: { config: path.join(BAD, 'volume-not-attached.toml') },
    exitCode: 1,
    message: /a volume can only be attached to a new machine/,
    outputs: { status: 'failed', failure: 'config' },
  },
  {
    kind: 'leak',
    name: 'a secret given with a fly.toml that fails: never shown, nothing set',
    inputs: { config: path.join(BAD, 'many-problems.toml'), secrets: `STRIPE_KEY=${STRIPE_KEY}` },
    secrets: [STRIPE_KEY],
    exitCode: 1,
    message: /many-problems\.toml has 6 problems:/,
  },
  {
    kind: 'fault',
    name: 'the machine list fails after fly.toml was read: api, nothing changed',
    inputs: { app: 'acme-faulty', config: path.join(BAD, '..', 'web-http-service.toml') },
    faults: [{ method: 'GET', path: '/v1/apps/acme-faulty/machines', status: 503 }],
    exitCode: 1,
    message: /503/,
    outputs: { failure: 'api' },
  },
];

const suite: HostileSuite = {
  action: 'fly-deploy',
  baseInputs: (urls) => ({
    app: 'acme-web',
    image: 'registry.fly.io/acme-web:v2',
    'api-url': urls.emulator,
    'wait-timeout': '10s',
    timeout: '20s',
  }),
  emulator: {
    organizations: ['acme'],
    tokens: [{ token: TOKEN, org: 'acme' }],
    images: {
      'registry.fly.io/acme-web:v1': { version: 'v1' },
      'registry.fly.io/acme-web:v2': { version: 'v2' },
    },
    apps: [
      { name: 'acme-web', org: 'acme', image: 'registry.fly.io/acme-web:v1', machines: 1 },
      { name: 'acme-faulty', org: 'acme', image: 'registry.fly.io/acme-web:v1', machines: 1 },
    ],
  },
  readOnly: true,
  cases: CASES.map((c): HostileCase => ({ ...c, env: { FLY_API_TOKEN: TOKEN }, workflowSecrets: [TOKEN] })),
};

export default suite;
