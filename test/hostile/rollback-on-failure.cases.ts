// rollback-on-failure as a hostile user and a broken network would try it. Tables, not code: each row is one case.
// Cases that restore get an emulator app of their own, so concurrent cases never fight over leases.
import { badInputCases, echoedTokenCases, macaroonToken, type BadInputRow } from './builders.ts';
import type { HostileCase, HostileSuite } from './suite.ts';
import {
  fakeApi,
  neverAnswers,
  notHttp,
  plainHttpAsHttps,
  refused,
  resets,
  tlsAsPlainHttp,
  trickles,
} from './servers.ts';

const PIECES = ['fm2_hostileRollbackMacaroon0123456789abcdXY', 'fm2_hostileRollbackDischarge98765432zyxwQ'];
const { token: TOKEN, withToken } = macaroonToken(PIECES);
const GOOD = 'registry.fly.io/rollback-hostile:good';
const BAD = 'registry.fly.io/rollback-hostile:bad';
const URL_PASSWORD = 'R0llbackUrlPassw0rd';

/** A plan in fly-deploy's schema for `app`, with one machine whose recorded config is `config`. */
function plan(app: string, config: Record<string, unknown>): string {
  return JSON.stringify({
    schema: 'deploy-actions/rollback-plan@1',
    app,
    createdAt: '2026-11-27T00:00:00.000Z',
    machines: [{ id: 'e2865013a4e3d8', processGroup: 'app', state: 'started', image: GOOD, config }],
    created: [],
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Leak forms: the token in every shape the action handles, and answers that echo it back.

const leakCases: HostileCase[] = [
  {
    kind: 'leak',
    name: 'the token given as an input is masked piece by piece',
    server: () => fakeApi(() => ({ status: 401, body: { error: 'unauthorized' } })),
    inputs: ({ server }) => ({ app: 'web', 'fly-api-token': TOKEN, 'api-url': server }),
    workflowSecrets: [TOKEN],
    secrets: PIECES,
    exitCode: 1,
    message: /GET \/v1\/apps\/web → 401 unauthorized[\s\S]*the token is missing, invalid or expired/,
    outputs: { 'rolled-back': 'false', result: 'fail' },
  },
  ...echoedTokenCases(['raw', 'base64', 'hex'], {
    inputs: ({ server }) => ({ app: 'web', 'api-url': server, timeout: '10s' }),
    ...withToken,
    exitCode: 1,
    message: /502/,
    outputs: { 'rolled-back': 'false' },
    timeoutMs: 40_000,
  }),
  {
    kind: 'leak',
    name: 'the token from the env is masked while machines are restored',
    inputs: { app: 'rb-restore', 'to-image': GOOD },
    ...withToken,
    masked: [TOKEN],
    exitCode: 0,
    message:
      /Rolling rb-restore back \(to-image, immediate\)[\s\S]*rolled rb-restore back to registry\.fly\.io\/rollback-hostile:good.*; verification passed/,
    outputs: { 'rolled-back': 'true', 'restored-image': GOOD },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Bad inputs: each fails before any change, naming the input (the plan is read before the first request).

const badInputs: BadInputRow[] = [
  ['an app name with capitals', { app: 'Acme_Web' }, /input "app"/],
  ['an unknown strategy', { strategy: 'canary' }, /input "strategy": got "canary"/],
  ['a negative wait-timeout', { 'wait-timeout': '-3m' }, /input "wait-timeout"/],
  ['a wait-timeout without a unit', { 'wait-timeout': '300' }, /input "wait-timeout"/],
  ['a settle of a day', { settle: '24h' }, /input "settle"/],
  ['a wait-for-lease of forever', { 'wait-for-lease': 'forever' }, /input "wait-for-lease"/],
  ['a to-release label with spaces', { 'to-release': 'my release' }, /input "to-release"/],
  [
    'consecutive-successes of zero',
    { 'consecutive-successes': '0' },
    /input "consecutive-successes": got "0"/,
  ],
  [
    'an interval longer than timeout',
    { interval: '1m', timeout: '10s', targets: 'http://127.0.0.1:9/' },
    /input "interval"/,
  ],
  ['expect-version without targets', { 'expect-version': 'v1' }, /input "expect-version".*set targets too/],
  ['a target with an ftp:// URL', { targets: '- name: web\n  url: ftp://nope' }, /input "targets"/],
  [
    'a target with an unknown key',
    { targets: '- url: http://127.0.0.1:9/\n  colour: blue' },
    /"colour" is not a key of a target/,
  ],
  ['an api-url that is not http', { 'api-url': 'ftp://api.machines.dev' }, /input "api-url"/],
];

const planCases: [string, string, RegExp][] = [
  ['a rollback-plan that is not JSON', '{ this is not json', /the rollback plan is not JSON/],
  [
    'a rollback-plan of another schema',
    JSON.stringify({ schema: 'someone-else/plan@9', machines: 'all of them' }),
    /the rollback plan is not one fly-deploy wrote \(problems at: /,
  ],
  [
    'a rollback-plan file that does not exist',
    '/nonexistent/rollback-plan.json',
    /could not read the rollback plan \/nonexistent\/rollback-plan\.json \(ENOENT\)/,
  ],
  [
    'a hostile rollback-plan: machines as a string, 100 kB of padding, workflow commands in the app',
    JSON.stringify({
      schema: 'deploy-actions/rollback-plan@1',
      app: '\n::error::pwned\n::add-mask::{',
      machines: 'x'.repeat(100_000),
      created: [],
    }),
    /the rollback plan is not one fly-deploy wrote/,
  ],
  [
    'a rollback-plan with prototype-named keys',
    '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"schema":"deploy-actions/rollback-plan@1","app":"rb-untouched","machines":[{"__proto__":{"id":"x"}}],"created":[]}',
    /the rollback plan is not one fly-deploy wrote/,
  ],
  [
    'a rollback-plan written for another app',
    plan('acme-billing', { image: GOOD }),
    /the rollback plan is for app acme-billing, not rb-untouched; nothing was changed/,
  ],
];

const inputCases: HostileCase[] = [
  ...badInputCases(badInputs, withToken),
  ...planCases.map(([name, rollbackPlan, message]): HostileCase => ({
    kind: 'input',
    name,
    inputs: { 'rollback-plan': rollbackPlan },
    ...withToken,
    exitCode: 1,
    message,
    notMasked: ['{'],
  })),
  {
    kind: 'input',
    name: 'an api-url with credentials is refused, its password masked and never quoted',
    inputs: { 'api-url': `https://deploy:${URL_PASSWORD}@api.machines.dev` },
    ...withToken,
    secrets: [...PIECES, URL_PASSWORD],
    masked: [URL_PASSWORD],
    exitCode: 1,
    message:
      /input "api-url": got "https:\/\/deploy:\*\*\*@api\.machines\.dev"; expected an http\(s\) URL without user:password@/,
  },
  {
    kind: 'input',
    name: 'no token anywhere',
    inputs: {},
    exitCode: 1,
    message: /input "fly-api-token": expected a Fly API token .*or the FLY_API_TOKEN env set from a secret/,
  },
  {
    kind: 'input',
    name: 'every problem at once, before any request',
    inputs: {
      strategy: 'canary',
      'wait-timeout': '-3m',
      targets: '- name: web\n  url: ftp://nope\n  colour: blue',
      'consecutive-successes': '0',
      'expect-version': 'v1',
    },
    ...withToken,
    exitCode: 1,
    message:
      /5 invalid inputs:[\s\S]*"strategy"[\s\S]*"wait-timeout"[\s\S]*"consecutive-successes"[\s\S]*"targets"[\s\S]*"colour"/,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// API and network faults: no hang, no stack trace, nothing changed, a failure that says what happened.

const faultCases: HostileCase[] = [
  {
    name: 'the release history keeps answering 503',
    faults: [{ method: 'GET', path: '/api/v1/apps/rb-history-503/releases', status: 503 }],
    inputs: ({ emulator }: { emulator: string }) => ({ app: 'rb-history-503', 'api-url': emulator }),
    message:
      /could not read the release history of rb-history-503 \(GET \/api\/v1\/apps\/rb-history-503\/releases → 503 .*fly-request-id: \S+\)\); nothing was changed/,
  },
  {
    name: 'an API that never answers',
    server: neverAnswers,
    message: /did not finish within 10s \(the timeout input\)/,
  },
  {
    name: 'an API that trickles its body',
    server: () => trickles(2000),
    message: /did not finish within 10s \(the timeout input\)/,
  },
  {
    name: 'an API that refuses connections',
    server: refused,
    message: /GET \/v1\/apps\/web → could not reach .*refused/,
  },
  {
    name: 'an API that resets every connection',
    server: resets,
    message: /GET \/v1\/apps\/web → could not reach .*reset/,
  },
  {
    name: 'an API that is not HTTP',
    server: notHttp,
    message: /GET \/v1\/apps\/web → could not reach .*not HTTP/,
  },
  {
    name: 'a TLS server given as an http:// api-url',
    server: tlsAsPlainHttp,
    message: /GET \/v1\/apps\/web → could not reach http:\/\/127\.0\.0\.1:\d+: the connection was reset/,
  },
  {
    name: 'an https:// api-url on a plain HTTP server',
    server: plainHttpAsHttps,
    message: /GET \/v1\/apps\/web → could not reach https:\/\/127\.0\.0\.1:\d+: /,
  },
  {
    name: 'a wrong-shape 200 for every call',
    server: () => fakeApi(() => ({ body: { nope: true } })),
    message: /GET \/v1\/apps\/web → 200, but the body has an unexpected shape \(name: /,
  },
  {
    name: 'an HTML 500 page',
    server: () => fakeApi(() => ({ status: 500, body: '<html><body>Internal error</body></html>' })),
    message: /GET \/v1\/apps\/web → 500 <html><body>Internal error<\/body><\/html>/,
  },
].map((c): HostileCase => ({
  kind: 'fault',
  inputs: ({ server }) => ({ app: 'web', 'api-url': server, timeout: '10s' }),
  ...c,
  ...withToken,
  exitCode: 1,
  outputs: { 'rolled-back': 'false' },
  timeoutMs: 45_000,
}));

const suite: HostileSuite = {
  action: 'rollback-on-failure',
  baseInputs: ({ emulator }) => ({
    app: 'rb-untouched',
    'api-url': emulator,
    settle: '200ms',
    'wait-timeout': '15s',
  }),
  emulator: {
    organizations: ['acme'],
    tokens: [{ token: TOKEN, org: 'acme' }],
    images: { [GOOD]: { version: 'good' }, [BAD]: { version: 'bad' } },
    apps: [
      { name: 'rb-untouched', org: 'acme', image: BAD, machines: 1 },
      { name: 'rb-restore', org: 'acme', image: BAD, machines: 1 },
      { name: 'rb-history-503', org: 'acme', image: BAD, machines: 1 },
    ],
    timing: { startMs: 20, stopMs: 10, restartDelayMs: 100, maxRestarts: 3 },
  },
  cases: [...leakCases, ...inputCases, ...faultCases],
};

export default suite;
