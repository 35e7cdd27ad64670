// health-gate against hostile services and hostile inputs. Tables, not code: each row is one case. The services
// are the targets here (health-gate probes them); the Fly API is the suite's emulator.
import type { HostileCase, HostileSuite } from './suite.ts';
import {
  fakeApi,
  neverAnswers,
  notHttp,
  refused,
  resets,
  tlsAsPlainHttp,
  trickles,
  type FakeHandler,
} from './servers.ts';

const HEALTH_TOKEN = 'hg-hostile-7d2e91c4a0f3b85e';
const FLY_TOKEN = 'fo1_hostileHealthGate0123456789abcdefAB';

/** A case's target: one YAML item named `name` at the case server's `/health`, with more keys when given. */
function target(name: string, extra = ''): (urls: { server: string }) => Record<string, string> {
  return ({ server }) => ({ targets: `- name: ${name}\n  url: ${server}/health${extra}` });
}

/** A service answering 200 with this JSON (or text) body and these headers. */
function answers(body: unknown, headers: Record<string, string> = {}): FakeHandler {
  return () => ({ body, headers: { 'content-type': 'application/json', ...headers } });
}

// ---------------------------------------------------------------------------------------------------------------
// Faults: services that break every way a network can. Each is decided by its limit, never by a hang.

const faults: HostileCase[] = [
  {
    kind: 'fault',
    name: 'a service that trickles its body is cut off at timeout-ms',
    server: () => trickles(200),
    inputs: (urls) => ({ ...target('trickle', '\n  timeout-ms: 1000')(urls), 'error-limit': '2' }),
    exitCode: 1,
    message: /trickle: failed: 2 errors in a row: the body was cut off: no complete answer within timeout-ms/,
    outputs: { result: 'fail', 'failed-targets': 'trickle' },
  },
  {
    kind: 'fault',
    name: 'a service that accepts connections and never answers',
    server: neverAnswers,
    inputs: (urls) => ({ ...target('silent', '\n  timeout-ms: 500')(urls), 'error-limit': '3' }),
    exitCode: 1,
    message: /silent #3: 000 in \d+ms, error: no complete answer within timeout-ms/,
    outputs: { result: 'fail', 'failed-targets': 'silent' },
  },
  {
    kind: 'fault',
    name: 'nothing listens on the port',
    server: refused,
    inputs: target('down'),
    exitCode: 1,
    message: /down: failed: 5 errors in a row: connection refused/,
    outputs: { result: 'fail' },
  },
  {
    kind: 'fault',
    name: 'the service resets every connection',
    server: resets,
    inputs: target('flaky'),
    exitCode: 1,
    message: /flaky: failed: 5 errors in a row: the connection was reset/,
  },
  {
    kind: 'fault',
    name: 'the port speaks SSH, not HTTP',
    server: notHttp,
    inputs: target('ssh'),
    exitCode: 1,
    message: /ssh: failed: 5 errors in a row: the server's reply is not HTTP/,
  },
  {
    kind: 'fault',
    name: 'a TLS port probed as http://',
    server: tlsAsPlainHttp,
    inputs: target('tls'),
    exitCode: 1,
    message: /tls: failed: 5 errors in a row: /,
  },
  {
    kind: 'fault',
    name: 'a 2 MiB body where a JSON path is checked is inconclusive, not a verdict',
    server: () => fakeApi(answers({ status: 'ok', pad: 'x'.repeat(2 * 1024 * 1024) })),
    inputs: (urls) => ({
      ...target('huge', '\n  body-json: { path: $.status, equals: ok }')(urls),
      timeout: '4s',
    }),
    exitCode: 1,
    message: /huge #1: 200 in \d+ms, inconclusive: the body is over 1 MiB and was not read to its end/,
    outputs: { result: 'inconclusive' },
  },
  {
    kind: 'fault',
    name: 'a service answering HTML where JSON is checked',
    server: () => fakeApi(() => ({ body: '<html>ok</html>', headers: { 'content-type': 'text/html' } })),
    inputs: (urls) => ({
      ...target('html', '\n  body-json: { path: $.status, equals: ok }')(urls),
      timeout: '3s',
    }),
    exitCode: 1,
    message: /html #1: 200 in \d+ms, inconclusive: the body is not JSON; cannot read \$\.status/,
    outputs: { result: 'inconclusive' },
  },
  {
    kind: 'fault',
    name: 'the Fly API for the machine gate never answers',
    server: neverAnswers,
    inputs: ({ server }) => ({
      targets: 'http://127.0.0.1:9/health',
      app: 'web',
      'api-url': server,
      timeout: '5s',
    }),
    env: { FLY_API_TOKEN: FLY_TOKEN },
    workflowSecrets: [FLY_TOKEN],
    exitCode: 1,
    message: /health-gate: GET \/v1\/apps\/web\/machines → no answer before the run's time limit/,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Leaks: services that echo the credential back, in the body, a version header, an error page.

const echoes: HostileCase[] = [
  [
    'the body field the gate checks',
    '\n  body-json: { path: $.status, equals: ok }',
    {},
    /\$\.status is "\*\*\*"/,
  ],
  [
    'the version header',
    '',
    { 'version-header': 'x-release', 'expect-version': 'v2' },
    /old release answering: "\*\*\*"/,
  ],
  ['the JSON version', '', { 'expect-version': 'v2' }, /old release answering: "\*\*\*"/],
].map(([where, extra, inputs, message]) => ({
  kind: 'leak' as const,
  name: `a service echoing the Authorization header in ${where as string}`,
  server: () =>
    fakeApi(({ authorization }) => ({
      body: { status: authorization, version: authorization },
      headers: { 'x-release': authorization },
    })),
  inputs: (urls: { server: string }) => ({
    ...target('echo', `${extra as string}\n  headers: { Authorization: "Bearer \${HEALTH_TOKEN}" }`)(urls),
    ...(inputs as Record<string, string>),
  }),
  env: { HEALTH_TOKEN },
  secrets: [HEALTH_TOKEN],
  exitCode: 1 as const,
  message: message as RegExp,
  masked: [HEALTH_TOKEN, `Bearer ${HEALTH_TOKEN}`],
}));

const leaks: HostileCase[] = [
  ...echoes,
  {
    kind: 'leak',
    name: 'the Fly token from the env is masked while the machine gate reads the app',
    server: () => fakeApi(answers({ status: 'ok', version: 'v2' })),
    inputs: ({ server, emulator }) => ({
      targets: `${server}/health`,
      'expect-version': 'v2',
      app: 'web',
      'api-url': emulator,
    }),
    env: { FLY_API_TOKEN: FLY_TOKEN },
    secrets: [FLY_TOKEN],
    exitCode: 0,
    message: /machine \S+: started, checks passing/,
    outputs: { result: 'pass' },
    masked: [FLY_TOKEN],
  },
  {
    kind: 'leak',
    name: 'a password in a target URL is masked before the target is named',
    server: () => fakeApi(answers({ status: 'ok' })),
    inputs: ({ server }) => ({ targets: server.replace('://', '://probe:Url5ecretPw99@') + '/health' }),
    secrets: ['Url5ecretPw99'],
    exitCode: 0,
    message: /health-gate: pass/,
    masked: ['Url5ecretPw99'],
  },
  {
    kind: 'leak',
    name: 'workflow commands in a quoted answer value stay text',
    server: () => fakeApi(answers({ status: '\n::add-mask::ok\n::error::pwned' })),
    inputs: target('injecting', '\n  body-json: { path: $.status, equals: ok }'),
    exitCode: 1,
    message: /\$\.status is "\\n::add-mask::ok\\n::error::pwned", expected "ok"/,
    notMasked: ['ok'],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Bad inputs: each names the input (and the target and key) and what is allowed; nothing is probed.

const badTargets: [string, string, RegExp][] = [
  [
    'a target that is not a URL',
    '- name: a\n  url: not a url',
    /for target "a", key "url": an absolute http\(s\) URL/,
  ],
  ['an ftp:// target', 'ftp://example.com/health', /key "url": an absolute http\(s\) URL/],
  [
    'a status range that runs backwards',
    '- url: http://127.0.0.1:9/\n  expect-status: 299-200',
    /"299-200" runs backwards/,
  ],
  [
    'a status code of 700',
    '- url: http://127.0.0.1:9/\n  expect-status: 700',
    /"700" is outside the HTTP codes 100-599/,
  ],
  ['a status that is a word', '- url: http://127.0.0.1:9/\n  expect-status: ok', /"ok" is not an HTTP code/],
  [
    'an unknown key in a target',
    '- url: http://127.0.0.1:9/\n  expect_status: 200',
    /"expect_status" is not a key of a target/,
  ],
  [
    'a negative max-latency-ms',
    '- url: http://127.0.0.1:9/\n  max-latency-ms: -5',
    /key "max-latency-ms": a whole number of milliseconds >= 1/,
  ],
  [
    'a zero timeout-ms',
    '- url: http://127.0.0.1:9/\n  timeout-ms: 0',
    /key "timeout-ms": a whole number of milliseconds >= 1/,
  ],
  ['a negative target interval', '- url: http://127.0.0.1:9/\n  interval: -1s', /key "interval": a duration/],
  [
    'a JSON path without $',
    '- url: http://127.0.0.1:9/\n  body-json: { path: status, equals: ok }',
    /key "body-json.path": a JSON path starts with \$/,
  ],
  [
    'body-json without equals',
    '- url: http://127.0.0.1:9/\n  body-json: { path: $.status }',
    /key "body-json": \{ path:/,
  ],
  [
    'a header from an env variable that is not set',
    '- url: http://127.0.0.1:9/\n  headers: { Authorization: "Bearer ${NOT_SET_ANYWHERE}" }',
    /\$\{NOT_SET_ANYWHERE\} is not set in the step's env/,
  ],
  [
    'a method that is not HTTP',
    '- url: http://127.0.0.1:9/\n  method: FETCH',
    /key "method": one of GET, HEAD/,
  ],
  ['a target that is a number', '- 42', /target #1 must be a URL or a mapping/],
  ['two targets with one name', 'http://127.0.0.1:9/a\nhttp://127.0.0.1:9/a', /two targets are named/],
  ['YAML that does not parse', '- [unclosed', /does not parse/],
  [
    'a target without url',
    '- name: lonely',
    /for target "lonely", key "url": the URL to probe; it is missing/,
  ],
  [
    'a header name with a space',
    '- url: http://127.0.0.1:9/\n  headers: { "X Bad": 1 }',
    /header names to text values/,
  ],
];

const badInputs: [string, Record<string, string>, RegExp][] = [
  ['a negative interval', { interval: '-2s' }, /input "interval": got "-2s"/],
  ['a negative warmup', { warmup: '-1s' }, /input "warmup": got "-1s"/],
  ['a bare-number timeout', { timeout: '30' }, /input "timeout": got "30"/],
  [
    'consecutive-successes of zero',
    { 'consecutive-successes': '0' },
    /input "consecutive-successes": got "0"/,
  ],
  ['a failure-limit that is a word', { 'failure-limit': 'three' }, /input "failure-limit": got "three"/],
  ['a negative error-limit', { 'error-limit': '-1' }, /input "error-limit": got "-1"/],
  ['a p95 budget of zero', { 'p95-latency-ms': '0' }, /input "p95-latency-ms": got "0"/],
  [
    'on-inconclusive maybe',
    { 'on-inconclusive': 'maybe' },
    /input "on-inconclusive": got "maybe"; expected one of "fail", "warn"/,
  ],
  ['dry-run perhaps', { 'dry-run': 'perhaps' }, /input "dry-run": got "perhaps"/],
  [
    'an interval longer than timeout',
    { interval: '1m', timeout: '10s' },
    /input "interval": expected an interval no longer than timeout/,
  ],
  [
    'a warmup as long as timeout',
    { warmup: '10s', timeout: '10s' },
    /input "warmup": expected a warmup shorter than timeout/,
  ],
  [
    'per-machine without app',
    { 'per-machine': 'true' },
    /input "per-machine": expected per-machine is about the Fly app; set app too/,
  ],
  [
    'release-label without app',
    { 'release-label': 'abc' },
    /input "release-label": expected release-label is about the Fly app/,
  ],
  ['an app without a token', { app: 'web' }, /input "fly-api-token": expected a Fly API token/],
  ['an app name with capitals', { app: 'Web_App', 'fly-api-token': FLY_TOKEN }, /input "app": got "Web_App"/],
  ['a version-header without expect-version', { 'version-header': 'x-release' }, /set expect-version too/],
  [
    'a version-path that is not a path',
    { 'expect-version': 'v2', 'version-path': 'version' },
    /input "version-path": got "version"; expected a JSON path starts with \$/,
  ],
  [
    'an api-url that is not http',
    { app: 'web', 'fly-api-token': FLY_TOKEN, 'api-url': 'ftp://api' },
    /input "api-url": got "ftp:\/\/api"/,
  ],
];

const inputs: HostileCase[] = [
  ...badTargets.map(([name, targets, message]): HostileCase => ({
    kind: 'input',
    name,
    inputs: { targets },
    exitCode: 1,
    message,
  })),
  ...badInputs.map(([name, given, message]): HostileCase => ({
    kind: 'input',
    name,
    inputs: { targets: 'http://127.0.0.1:9/health', ...given },
    exitCode: 1,
    message,
  })),
  {
    kind: 'input',
    name: 'every problem at once, the token never quoted',
    inputs: {
      targets: '- name: a\n  url: nope\n- name: b\n  url: http://127.0.0.1:9/\n  expect-status: 600',
      interval: '-1s',
      'fly-api-token': FLY_TOKEN,
    },
    secrets: [FLY_TOKEN],
    exitCode: 1,
    message:
      /4 invalid inputs:[\s\S]*"interval"[\s\S]*target "a"[\s\S]*target "b"[\s\S]*"fly-api-token": expected fly-api-token is about the Fly app/,
  },
];

const suite: HostileSuite = {
  action: 'health-gate',
  baseInputs: { interval: '200ms', timeout: '20s' },
  emulator: {
    organizations: ['acme'],
    tokens: [{ token: FLY_TOKEN, org: 'acme' }],
    images: { 'registry.fly.io/acme:v2': { version: 'v2' } },
    apps: [{ name: 'web', org: 'acme', image: 'registry.fly.io/acme:v2', machines: 1 }],
  },
  readOnly: true,
  cases: [...faults, ...leaks, ...inputs],
};

export default suite;
