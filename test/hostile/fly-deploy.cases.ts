// fly-deploy as a hostile user and a broken network would try it. Tables, not code: each row is one case. Cases that
// deploy get an emulator app of their own, so concurrent cases never fight over leases.
import { badInputCases, echoedTokenCases, macaroonToken, type BadInputRow } from './builders.ts';
import type { HostileCase, HostileSuite } from './suite.ts';
import { fakeApi, neverAnswers, notHttp, refused, resets, tlsAsPlainHttp, trickles } from './servers.ts';

const PIECES = ['fm2_hostileDeployMacaroon0123456789abcdefXY', 'fm2_hostileDeployDischarge987654321zyxwvQ'];
const { token: TOKEN, withToken } = macaroonToken(PIECES);
const GOOD = 'registry.fly.io/hostile:good';
const NEXT = 'registry.fly.io/hostile:next';
const CRASH = 'registry.fly.io/hostile:crash';
const STRIPE_KEY = 'sk_live_hostileStripeKey0123456789abcd';
const DB_PASSWORD = 'H0stileDbPassw0rd';

/** Apps of the suite's emulator: one per case that deploys. */
const DEPLOYING_APPS = ['h-secrets', 'h-url-secret', 'h-crash-log', 'h-proto'];

// ---------------------------------------------------------------------------------------------------------------
// Leak forms: secrets in every shape the action reads, and answers that echo the token back.

const leakCases: HostileCase[] = [
  {
    kind: 'leak',
    name: 'secrets lines: every value masked, none in the summary, outputs or proof',
    inputs: { app: 'h-secrets', image: NEXT, secrets: `STRIPE_KEY=${STRIPE_KEY}\nSHORTER=abcd-1234-efgh` },
    ...withToken,
    secrets: [...PIECES, STRIPE_KEY, 'abcd-1234-efgh'],
    masked: [STRIPE_KEY, 'abcd-1234-efgh'],
    exitCode: 0,
    message: /set secrets STRIPE_KEY, SHORTER/,
    outputs: { status: 'deployed' },
  },
  {
    kind: 'leak',
    name: 'a secret holding a database URL',
    inputs: {
      app: 'h-url-secret',
      image: NEXT,
      secrets: `DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app`,
    },
    ...withToken,
    secrets: [...PIECES, DB_PASSWORD],
    masked: [DB_PASSWORD],
    exitCode: 0,
    message: /set secrets DATABASE_URL/,
  },
  {
    kind: 'leak',
    name: 'a crashing release prints a deploy secret in its logs',
    inputs: { app: 'h-crash-log', image: CRASH, secrets: `STRIPE_KEY=${STRIPE_KEY}` },
    ...withToken,
    secrets: [...PIECES, STRIPE_KEY],
    exitCode: 1,
    message: /crash-looping[\s\S]*boot with key \*\*\*/,
    outputs: { status: 'rolled-back', failure: 'crash-loop' },
  },
  {
    kind: 'leak',
    name: 'a secrets input with a bad line names the line, never its value',
    inputs: { app: 'h-secrets', image: NEXT, secrets: `STRIPE_KEY ${STRIPE_KEY}\nOK=fine-value-1` },
    ...withToken,
    secrets: [...PIECES, STRIPE_KEY],
    exitCode: 1,
    message: /input "secrets".*line 1 is not NAME=value/,
  },
  {
    kind: 'leak',
    name: 'a secret given twice names the second line only',
    inputs: { app: 'h-secrets', image: NEXT, secrets: `A_KEY=first-secret-1\nA_KEY=second-secret-2` },
    ...withToken,
    secrets: [...PIECES, 'first-secret-1', 'second-secret-2'],
    masked: ['first-secret-1', 'second-secret-2'],
    exitCode: 1,
    message: /line 2 sets A_KEY again/,
  },
  {
    kind: 'leak',
    name: 'a secret named __proto__ is a secret like any other',
    inputs: {
      app: 'h-proto',
      image: NEXT,
      secrets: `__proto__=proto-secret-value-1\nconstructor=ctor-secret-value-2`,
    },
    ...withToken,
    secrets: [...PIECES, 'proto-secret-value-1', 'ctor-secret-value-2'],
    masked: ['proto-secret-value-1', 'ctor-secret-value-2'],
    exitCode: 0,
    message: /set secrets __proto__, constructor/,
  },
  {
    kind: 'leak',
    name: 'the token given as an input is masked piece by piece',
    inputs: ({ server }) => ({ app: 'web', image: NEXT, 'fly-api-token': TOKEN, 'api-url': server }),
    server: () => fakeApi(() => ({ status: 401, body: { error: 'unauthorized' } })),
    workflowSecrets: [TOKEN],
    secrets: PIECES,
    exitCode: 1,
    message: /401/,
    outputs: { failure: 'auth' },
  },
  ...echoedTokenCases(['raw', 'base64', 'hex'], {
    inputs: ({ server }) => ({ app: 'web', image: NEXT, 'api-url': server }),
    ...withToken,
    exitCode: 1,
    message: /502/,
    outputs: { status: 'failed', failure: 'api' },
    timeoutMs: 40_000,
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// Bad inputs: each fails before any call, naming the input.

const badInputs: BadInputRow[] = [
  ['an app name with capitals', { app: 'Acme_Web' }, /input "app"/],
  ['an unknown strategy', { strategy: 'yolo' }, /input "strategy": got "yolo"/],
  ['max-unavailable 0', { 'max-unavailable': '0' }, /input "max-unavailable"/],
  ['max-unavailable above 100%', { 'max-unavailable': '150%' }, /input "max-unavailable"/],
  ['max-unavailable negative', { 'max-unavailable': '-1' }, /input "max-unavailable"/],
  ['a wait-timeout without a unit', { 'wait-timeout': '300' }, /input "wait-timeout"/],
  ['a wait-timeout of 0s', { 'wait-timeout': '0s' }, /input "wait-timeout"/],
  ['a settle of a day', { settle: '24h' }, /input "settle"/],
  ['an unknown on-failure', { 'on-failure': 'pray' }, /input "on-failure"/],
  ['a region that is not a code', { regions: 'amsterdam!' }, /input "regions"/],
  ['a process group with spaces', { 'process-groups': 'web app' }, /input "process-groups"/],
  ['an env line without =', { env: 'JUST_A_NAME' }, /input "env"/],
  ['record-release maybe', { 'record-release': 'maybe' }, /input "record-release"/],
  ['a release label with spaces', { 'release-label': 'my release' }, /input "release-label"/],
  ['flyctl-version with an image', { 'flyctl-version': '0.3.200' }, /input "flyctl-version"/],
  ['flyctl-version not a version', { image: '', 'flyctl-version': 'latest' }, /input "flyctl-version"/],
  ['an api-url that is not http', { 'api-url': 'ftp://api.machines.dev' }, /input "api-url"/],
  ['a timeout without a unit', { timeout: '600' }, /input "timeout"/],
  [
    'a release-command-timeout of forever',
    { 'release-command-timeout': 'forever' },
    /input "release-command-timeout"/,
  ],
];

const inputCases: HostileCase[] = [
  ...badInputCases(badInputs, withToken),
  {
    kind: 'input',
    name: 'no token anywhere',
    inputs: { app: 'web' },
    exitCode: 1,
    message: /input "fly-api-token".*FLY_API_TOKEN/,
  },
  {
    kind: 'input',
    name: 'five bad inputs are all listed at once',
    inputs: { strategy: 'x', settle: 'y', 'on-failure': 'z', regions: '!!', 'max-unavailable': '0' },
    ...withToken,
    exitCode: 1,
    message: /5 invalid inputs/,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// API and network faults: no hang, no stack trace, a failure that says what happened.

const faultCases: HostileCase[] = [
  {
    name: 'an API that never answers',
    server: neverAnswers,
    message: /timeout|did not finish|could not|cannot reach/i,
  },
  { name: 'an API that refuses connections', server: refused, message: /refused|cannot reach/i },
  { name: 'an API that resets every connection', server: resets, message: /reset|cannot reach/i },
  {
    name: 'an API that trickles its body',
    server: () => trickles(2000),
    message: /time|cannot reach|could not/i,
  },
  { name: 'an API that is not HTTP', server: notHttp, message: /not HTTP|cannot reach|could not/i },
  {
    name: 'an HTTPS api-url on a plain HTTP server',
    server: tlsAsPlainHttp,
    message: /TLS|cannot reach|could not/i,
  },
  {
    name: 'an app answered with a wrong-shape 200',
    server: () => fakeApi(({ path }) => (path === '/v1/apps/web' ? { body: { nope: true } } : undefined)),
    message: /unexpected shape|could not/i,
  },
  {
    name: 'a machines list that is not a list',
    server: () =>
      fakeApi(({ path }) =>
        path === '/v1/apps/web'
          ? { body: { name: 'web', organization: { slug: 'acme' } } }
          : path === '/v1/apps/web/machines'
            ? { body: { machines: 'many' } }
            : undefined,
      ),
    message: /unexpected shape|could not/i,
  },
  {
    name: 'an app with no machines',
    server: () =>
      fakeApi(({ path }) =>
        path === '/v1/apps/web'
          ? { body: { name: 'web', organization: { slug: 'acme' } } }
          : path === '/v1/apps/web/machines'
            ? { body: [] }
            : undefined,
      ),
    message: /no machine of web to deploy/,
  },
  {
    name: 'a 404 for the app',
    server: () => fakeApi(() => ({ status: 404, body: { error: 'app not found' } })),
    message: /404[\s\S]*fly apps create web/,
  },
  {
    name: 'a 429 with Retry-After: 120 on every call',
    server: () =>
      fakeApi(() => ({ status: 429, headers: { 'retry-after': '120' }, body: { error: 'rate limited' } })),
    message: /429/,
  },
  {
    name: 'an HTML 500 page',
    server: () => fakeApi(() => ({ status: 500, body: '<html><body>Internal error</body></html>' })),
    message: /500/,
  },
].map((c): HostileCase => ({
  kind: 'fault',
  ...c,
  inputs: ({ server }) => ({ app: 'web', image: NEXT, 'api-url': server, timeout: '20s' }),
  ...withToken,
  exitCode: 1,
  outputs: { status: 'failed' },
  timeoutMs: 45_000,
}));

const suite: HostileSuite = {
  action: 'fly-deploy',
  baseInputs: ({ emulator }) => ({
    app: 'h-secrets',
    image: NEXT,
    'api-url': emulator,
    settle: '200ms',
    'wait-timeout': '15s',
    'release-label': 'hostile-1',
  }),
  emulator: {
    organizations: ['acme'],
    tokens: [{ token: TOKEN, org: 'acme' }],
    images: {
      [GOOD]: { version: 'good' },
      [NEXT]: { version: 'next' },
      [CRASH]: { version: 'crash', crash: 'on-start', exitCode: 3, logs: [`boot with key ${STRIPE_KEY}`] },
    },
    apps: DEPLOYING_APPS.map((name) => ({ name, org: 'acme', image: GOOD, machines: 1 })),
    timing: { startMs: 20, stopMs: 10, restartDelayMs: 100, maxRestarts: 3 },
  },
  cases: [...leakCases, ...inputCases, ...faultCases],
};

export default suite;
