// preflight-secrets as a hostile user and a broken network would try it. Tables, not code: each row is one case.
import { ECHO_ENCODINGS, macaroonToken } from './builders.ts';
import type { HostileCase, HostileSuite } from './suite.ts';
import {
  echoingErrorPage,
  fakeApi,
  neverAnswers,
  notHttp,
  plainHttpAsHttps,
  refused,
  resets,
  tlsAsPlainHttp,
  trickles,
  type FakeHandler,
} from './servers.ts';

// Fake but well-formed: the format check passes and the API (emulator or hostile server) decides.
const PIECES = ['fm2_hostileFirstMacaroon0123456789abcdefXYZ', 'fm2_hostileSecondDischarge9876543210zyxwvuQ'];
const { token: TOKEN, withToken } = macaroonToken(PIECES);
const OTHER_ORG_TOKEN = 'fo1_hostileOtherOrgToken0123456789abcdefAB';
const UNKNOWN_TOKEN = 'fo1_hostileRevokedToken0123456789abcdefABC';
const DATABASE_URL = 'postgres://app:Hostile5ecretPw@db.internal:5432/app';

/** A fake Fly answering `GET /v1/apps/web` and its secrets list as told. */
function fakeFly(app: unknown, secrets: unknown = { secrets: [] }, status = 200): FakeHandler {
  return ({ path }) => {
    if (path === '/v1/apps/web') return { status, body: app };
    if (path === '/v1/apps/web/secrets') return { body: secrets };
    return undefined;
  };
}

const GOOD_APP = { name: 'web', organization: { slug: 'acme' } };

// ---------------------------------------------------------------------------------------------------------------
// Leak forms: secrets in every shape, and answers that echo them back.

// 0: the token starts the page; 150 and 185: it straddles the 200-character cut of an error message.
const ECHO_PADDINGS = [0, 150, 185];

const echoCases: HostileCase[] = Object.entries(ECHO_ENCODINGS).flatMap(([encoding, encode]) =>
  ECHO_PADDINGS.flatMap((padding): HostileCase[] => [
    {
      kind: 'leak',
      name: `a 502 page echoes the token ${encoding}, ${padding} characters in`,
      server: () => echoingErrorPage(502, encode, padding),
      inputs: ({ server }) => ({ secrets: 'FLY_API_TOKEN', 'fly-apps': 'web', 'api-url': server }),
      ...withToken,
      exitCode: 0,
      message: /could not verify: GET \/v1\/apps\/web → 502/,
    },
  ]),
);

const refusalEchoCases: HostileCase[] = [401, 403, 404, 500].map((status) => ({
  kind: 'leak',
  name: `a ${status} answer whose JSON message quotes the token`,
  server: () =>
    fakeApi(({ authorization }) => ({
      status,
      body: { error: `token ${authorization} is not allowed here` },
      headers: { 'fly-request-id': PIECES[0] ?? '' },
    })),
  inputs: ({ server }) => ({ secrets: 'FLY_API_TOKEN', 'fly-apps': 'web', 'api-url': server }),
  ...withToken,
  exitCode: status === 500 ? 0 : 1,
  message: new RegExp(`FLY_API_TOKEN → web .*${status}`),
}));

/** A base64 blob the size of a kubeconfig. */
const KUBECONFIG = Buffer.from(
  Array.from({ length: 700 }, (_, i) => `  - cluster${i}: https://k8s-${i}.internal:6443 token-${i}`).join(
    '\n',
  ),
).toString('base64');

/** A PEM block of `lines` lines, distinct per `seed`. */
function pem(seed: number, lines = 25): string {
  const body = Array.from({ length: lines }, (_, i) =>
    Buffer.from(
      `deploy-key-${seed}-line-${i}-`.padEnd(48, String.fromCharCode(65 + ((seed + i) % 26))),
    ).toString('base64'),
  );
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${body.join('\n')}\n-----END OPENSSH PRIVATE KEY-----`;
}
const PEMS = Array.from({ length: 12 }, (_, i) => pem(i));
const PEM_JSON = JSON.stringify(Object.fromEntries(PEMS.map((value, i) => [`DEPLOY_KEY_${i}`, value])));

const materialCases: HostileCase[] = [
  {
    kind: 'leak',
    name: 'a 20 kB base64 kubeconfig in secrets-json',
    inputs: { secrets: 'KUBECONFIG', 'secrets-json': JSON.stringify({ KUBECONFIG }) },
    workflowSecrets: [KUBECONFIG],
    exitCode: 0,
    message: /KUBECONFIG \[critical\]: set \(from secrets-json\)/,
  },
  {
    kind: 'leak',
    name: 'twelve PEM deploy keys in secrets-json, checked as pem',
    inputs: {
      secrets: PEMS.map((_, i) => `DEPLOY_KEY_${i}: { format: pem }`).join('\n'),
      'secrets-json': PEM_JSON,
    },
    workflowSecrets: PEMS,
    exitCode: 0,
    message: /DEPLOY_KEY_11 \[critical\]: set, pem format/,
  },
  {
    kind: 'leak',
    name: 'three hundred secrets in secrets-json, one checked',
    inputs: {
      secrets: 'S_7',
      'secrets-json': JSON.stringify(
        Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`S_${i}`, `value-${i}-`.padEnd(90, 'q')])),
      ),
    },
    secrets: ['value-7-'.padEnd(90, 'q'), 'value-299-'.padEnd(90, 'q')],
    exitCode: 0,
    message: /S_7 \[critical\]: set/,
  },
  {
    kind: 'leak',
    name: 'a pretty-printed secrets-json registers its values, not its braces',
    inputs: {
      secrets: 'API_KEY',
      'secrets-json': JSON.stringify(
        { API_KEY: 'pretty-printed-api-key-1', OTHER: 'pretty-other-2' },
        null,
        2,
      ),
    },
    exitCode: 0,
    masked: ['pretty-printed-api-key-1', 'pretty-other-2'],
    notMasked: ['{', '}'],
    message: /API_KEY \[critical\]: set/,
  },
  {
    kind: 'leak',
    name: 'a Fly token inside secrets-json that is not checked has each macaroon masked',
    inputs: {
      secrets: 'OTHER',
      'secrets-json': JSON.stringify({ OTHER: 'other-value-1', FLY_TOKEN_B: TOKEN }),
    },
    exitCode: 0,
    masked: PIECES,
    secrets: PIECES,
    message: /OTHER \[critical\]: set/,
  },
  {
    kind: 'leak',
    name: 'a Fly token in the env checked without a format has each macaroon masked',
    inputs: { secrets: 'DEPLOY_TOKEN' },
    env: { DEPLOY_TOKEN: TOKEN },
    workflowSecrets: [TOKEN],
    exitCode: 0,
    masked: PIECES,
    message: /DEPLOY_TOKEN \[critical\]: set/,
  },
  {
    kind: 'leak',
    name: 'a URL that does not parse still has its password masked',
    inputs: { secrets: 'DATABASE_URL' },
    env: { DATABASE_URL: 'postgres://app:Unparsable5ecret@db host:5432/app' },
    workflowSecrets: ['postgres://app:Unparsable5ecret@db host:5432/app'],
    exitCode: 0,
    masked: ['Unparsable5ecret'],
    message: /DATABASE_URL \[critical\]: set/,
  },
  {
    kind: 'leak',
    name: 'a libpq key=value string has its quoted password masked',
    inputs: { secrets: 'PG_DSN' },
    env: { PG_DSN: "host=db.internal user=app password='Libpq 5ecret' dbname=app" },
    workflowSecrets: ["host=db.internal user=app password='Libpq 5ecret' dbname=app"],
    exitCode: 0,
    masked: ['Libpq 5ecret'],
    message: /PG_DSN \[critical\]: set/,
  },
  {
    kind: 'leak',
    name: 'a libpq string with an unquoted password',
    inputs: { secrets: 'PG_DSN' },
    env: { PG_DSN: 'host=db password=LibpqBare5ecret sslmode=require' },
    workflowSecrets: ['host=db password=LibpqBare5ecret sslmode=require'],
    exitCode: 0,
    masked: ['LibpqBare5ecret'],
    message: /PG_DSN \[critical\]: set/,
  },
  {
    kind: 'leak',
    name: 'a secrets-json rejected for a duplicate key still has both values masked',
    inputs: { secrets: 'A', 'secrets-json': '{"A": "duplicate-value-one", "A": "duplicate-value-two"}' },
    exitCode: 1,
    masked: ['duplicate-value-one', 'duplicate-value-two'],
    message: /input "secrets-json"/,
  },
  {
    kind: 'leak',
    name: 'an api-url with credentials is rejected without quoting the password',
    inputs: { secrets: 'A', 'api-url': 'https://deployer:ApiUrlPassw0rd@api.machines.dev' },
    env: { A: 'some-value' },
    secrets: ['ApiUrlPassw0rd'],
    exitCode: 1,
    message: /input "api-url".*without user:password@/,
  },
  {
    kind: 'leak',
    name: 'a database URL listed with the postgres-url format, its password masked raw and decoded',
    inputs: { secrets: 'DATABASE_URL: { format: postgres-url }' },
    env: { DATABASE_URL: 'postgres://app:p%40ss%2Fw0rd-x@db:5432/app' },
    workflowSecrets: ['postgres://app:p%40ss%2Fw0rd-x@db:5432/app'],
    exitCode: 0,
    masked: ['p%40ss%2Fw0rd-x', 'p@ss/w0rd-x'],
    message: /DATABASE_URL \[critical\]: set, postgres-url format/,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Bad inputs: each names its input and fails before anything is asked of Fly.

/** `[name, inputs, env, message, exit code (default 1)]`. */
type BadInput = [string, Record<string, string>, Record<string, string>, RegExp, (0 | 1)?];

const BAD_INPUTS: BadInput[] = [
  ['secrets is empty', { secrets: '' }, {}, /input "secrets".*required/],
  ['secrets is only commas and spaces', { secrets: ' , ' }, {}, /input "secrets"/],
  ['secrets is not YAML', { secrets: 'A: [unclosed' }, {}, /input "secrets".*not YAML/],
  ['a secret name starts with a digit', { secrets: '9LIVES' }, {}, /input "secrets".*9LIVES: a secret name/],
  ['a secret name has a dash', { secrets: 'MY-SECRET' }, {}, /MY-SECRET: a secret name/],
  ['a secret name is an emoji', { secrets: '🔑' }, {}, /input "secrets".*a secret name/],
  ['an unknown level', { secrets: 'A: urgent' }, {}, /A\.level/],
  ['an unknown format', { secrets: 'A: { format: uuid }' }, {}, /A\.format: format "uuid"/],
  ['a regex format without a pattern', { secrets: 'A: { format: "regex:" }' }, {}, /needs a pattern/],
  ['a regex that does not compile', { secrets: 'A: { format: "regex:(a" }' }, {}, /does not compile/],
  ['a regex with lookahead (not RE2)', { secrets: 'A: { format: "regex:(?=x)a" }' }, {}, /RE2/],
  ['a regex with a backreference', { secrets: 'A: { format: "regex:(a)\\\\1" }' }, {}, /RE2/],
  ['min-length zero', { secrets: 'A: { min-length: 0 }' }, {}, /A\.min-length/],
  ['min-length negative', { secrets: 'A: { min-length: -3 }' }, {}, /A\.min-length/],
  ['min-length a word', { secrets: 'A: { min-length: long }' }, {}, /A\.min-length/],
  ['an unknown key in an entry', { secrets: 'A: { colour: red }' }, {}, /A: .*colour/],
  ['an empty hint', { secrets: 'A: { hint: "" }' }, {}, /A\.hint/],
  ['a name listed twice', { secrets: '- A\n- A' }, {}, /A is listed twice/],
  ['a list holding a list', { secrets: '- [A, B]' }, {}, /item 1 is a list/],
  ['a list holding a number', { secrets: '- 42' }, {}, /item 1 is a number/],
  ['a YAML number', { secrets: '42' }, {}, /input "secrets".*got a number/],
  ['a YAML boolean', { secrets: 'true' }, {}, /input "secrets".*got a boolean/],
  ['a mapping whose entry is a list', { secrets: 'A: [critical]' }, {}, /input "secrets"/],
  ['secrets-json is not JSON', { secrets: 'A', 'secrets-json': '{"A": ' }, {}, /input "secrets-json"/],
  ['secrets-json is a list', { secrets: 'A', 'secrets-json': '["a", "b"]' }, {}, /input "secrets-json"/],
  [
    'secrets-json holds a number',
    { secrets: 'A', 'secrets-json': '{"A": 12345678}' },
    {},
    /input "secrets-json"/,
  ],
  ['secrets-json holds an object', { secrets: 'A', 'secrets-json': '{"A": {"b": 1}}' }, {}, /"secrets-json"/],
  ['secrets-json is a bare string', { secrets: 'A', 'secrets-json': 'just-text' }, {}, /"secrets-json"/],
  ['fly-apps with an upper-case name', { secrets: 'A', 'fly-apps': 'Web' }, {}, /input "fly-apps".*"Web"/],
  ['fly-apps with a space inside', { secrets: 'A', 'fly-apps': 'my app' }, {}, /input "fly-apps"/],
  ['fly-apps with a slash', { secrets: 'A', 'fly-apps': 'web/../x' }, {}, /input "fly-apps"/],
  [
    'fly-apps 81 kB long',
    { secrets: 'A', 'fly-apps': 'W'.repeat(81_000) },
    {},
    /input "fly-apps".*81000 characters/,
  ],
  ['fly-org upper-case', { secrets: 'A', 'fly-apps': 'web', 'fly-org': 'ACME' }, {}, /input "fly-org"/],
  ['fly-org without fly-apps', { secrets: 'A', 'fly-org': 'acme' }, {}, /fly-org is checked for each app/],
  [
    'fly-app-secrets without fly-apps',
    { secrets: 'A', 'fly-app-secrets': 'DB' },
    {},
    /fly-app-secrets is checked/,
  ],
  [
    'fly-app-secrets with a bad name',
    { secrets: 'A', 'fly-apps': 'web', 'fly-app-secrets': 'DB-URL' },
    {},
    /"fly-app-secrets"/,
  ],
  ['fly-token-env with a dash', { secrets: 'A', 'fly-token-env': 'FLY-TOKEN' }, {}, /input "fly-token-env"/],
  ['fly-token-env starting with a digit', { secrets: 'A', 'fly-token-env': '1TOKEN' }, {}, /"fly-token-env"/],
  ['api-url ftp', { secrets: 'A', 'api-url': 'ftp://api.machines.dev' }, {}, /input "api-url"/],
  ['api-url not a URL', { secrets: 'A', 'api-url': 'api.machines.dev' }, {}, /input "api-url"/],
  ['api-url javascript:', { secrets: 'A', 'api-url': 'javascript:alert(1)' }, {}, /input "api-url"/],
  [
    'api-url with only a user',
    { secrets: 'A', 'api-url': 'https://deployer@api.machines.dev' },
    {},
    /"api-url".*user:password/,
  ],
  ['fail-on unknown', { secrets: 'A', 'fail-on': 'sometimes' }, {}, /input "fail-on".*"critical"/],
  ['timeout without a unit', { secrets: 'A', timeout: '30' }, {}, /input "timeout".*a duration/],
  ['timeout zero', { secrets: 'A', timeout: '0s' }, {}, /input "timeout"/],
  ['timeout beyond a job', { secrets: 'A', timeout: '7h' }, {}, /input "timeout"/],
  ['timeout negative', { secrets: 'A', timeout: '-5s' }, {}, /input "timeout"/],
  ['proof-dir under /proc', { secrets: 'A', 'proof-dir': '/proc/x' }, {}, /input "proof-dir".*cannot create/],
  ['proof-dir below a file', { secrets: 'A', 'proof-dir': '/dev/null/x' }, {}, /input "proof-dir"/],
  [
    'every input wrong at once',
    { secrets: '9X', 'fly-org': 'A B', 'fail-on': 'x', timeout: 'soon' },
    {},
    /5 invalid inputs/,
  ],
];

// Values that are bad in themselves: each is one finding, the run goes on and reports every other one.
const BAD_VALUES: BadInput[] = [
  [
    'a token with a zero-width space',
    { secrets: 'FLY_API_TOKEN', 'fly-apps': 'web' },
    { FLY_API_TOKEN: `fm2_abc\u200bdef0123456789` },
    /invisible character U\+200B at position 8/,
  ],
  [
    'a token with a control character',
    { secrets: 'FLY_API_TOKEN', 'fly-apps': 'web' },
    { FLY_API_TOKEN: `fm2_abc\u0007def0123456789` },
    /control character U\+0007 at position 8/,
  ],
  [
    'a token with a non-ASCII letter',
    { secrets: 'FLY_API_TOKEN', 'fly-apps': 'web' },
    { FLY_API_TOKEN: 'fm2_abcédef0123456789' },
    /non-ASCII character U\+00E9 at position 8/,
  ],
  [
    'a token with a byte-order mark in front',
    { secrets: 'FLY_API_TOKEN', 'fly-apps': 'web' },
    { FLY_API_TOKEN: '\ufefffm2_abcdef0123456789' },
    /U\+FEFF at position 1/,
  ],
  [
    'a JWT whose exp is -1e20',
    { secrets: 'JWT: { format: jwt }\nOTHER:' },
    { JWT: jwtWith({ exp: -1e20 }), OTHER: '' },
    /JWT \[critical\]: jwt: .*out of range[\s\S]*OTHER \[critical\]: empty/,
  ],
  [
    'a JWT whose exp is 1e300',
    { secrets: 'JWT: { format: jwt }' },
    { JWT: jwtWith({ exp: 1e300 }) },
    /jwt: .*out of range/,
  ],
  [
    'a regex (a+)+b against a long value',
    { secrets: 'A: { format: "regex:(a+)+b" }' },
    { A: 'a'.repeat(5000) },
    /A \[critical\]: regex:\(a\+\)\+b: does not match/,
  ],
  [
    'secret names that are Object.prototype members',
    { secrets: 'toString\nconstructor\nvalueOf\n__proto__' },
    {},
    /__proto__ \[critical\]: not passed[\s\S]*toString|toString[\s\S]*__proto__ \[critical\]: not passed/,
  ],
  [
    'prototype names as secrets-json keys',
    {
      secrets: '__proto__\nconstructor',
      'secrets-json': '{"__proto__": "proto-value-1", "constructor": "ctor-value-2"}',
    },
    {},
    /__proto__ \[critical\]: set \(from secrets-json\)[\s\S]*constructor \[critical\]: set/,
    0,
  ],
  [
    'fly-token-env named __proto__',
    { secrets: 'A', 'fly-apps': 'web', 'fly-token-env': '__proto__' },
    { A: 'x-value' },
    /__proto__ \[critical\]: not passed/,
  ],
  [
    'a YAML list of mappings',
    { secrets: '- A: important\n- B' },
    { A: '', B: '' },
    /A \[important\]: empty[\s\S]*B \[critical\]: empty/,
  ],
  [
    'a PEM with escaped line breaks',
    { secrets: 'KEY: { format: pem }' },
    { KEY: '-----BEGIN KEY-----\\nabc\\n-----END KEY-----' },
    /two characters \\n/,
  ],
];

function jwtWith(payload: object): string {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256' })}.${part(payload)}.c2lnbmF0dXJl`;
}

const inputCases: HostileCase[] = [...BAD_INPUTS, ...BAD_VALUES].map(
  ([name, inputs, env, message, exit]) => ({
    kind: 'input',
    name,
    inputs,
    env,
    workflowSecrets: Object.values(env).filter((v) => v.trim() !== ''),
    exitCode: exit ?? 1,
    message,
  }),
);

// ---------------------------------------------------------------------------------------------------------------
// API and network faults: each is "could not verify" (or Fly's refusal, in words), never a crash or a hang.

/** A case asking Fly about `app` through `server` (or the emulator); fault cases share a short time limit. */
function fault(
  name: string,
  options: Pick<HostileCase, 'server' | 'faults' | 'exitCode' | 'message'> & {
    app?: string;
    extra?: Record<string, string>;
    token?: string;
  },
): HostileCase {
  const app = options.app ?? 'web';
  const token = options.token ?? TOKEN;
  return {
    kind: 'fault',
    name,
    ...(options.server === undefined ? {} : { server: options.server }),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    inputs: ({ server, emulator }) => ({
      secrets: 'FLY_API_TOKEN',
      'fly-apps': app,
      'api-url': server === '' ? emulator : server,
      timeout: '3s',
      ...options.extra,
    }),
    env: { FLY_API_TOKEN: token },
    workflowSecrets: [token],
    secrets: token === TOKEN ? PIECES : [],
    exitCode: options.exitCode,
    message: options.message,
  };
}

const faultCases: HostileCase[] = [
  fault('TLS to a self-signed certificate', {
    server: () => fakeApi(fakeFly(GOOD_APP), { tls: true }),
    exitCode: 0,
    message: /could not verify: .*self-signed/,
  }),
  fault('https to a plain-HTTP port', {
    server: plainHttpAsHttps,
    exitCode: 0,
    message: /could not verify: .*does not speak TLS/,
  }),
  fault('http to a TLS port', {
    server: tlsAsPlainHttp,
    exitCode: 0,
    message: /could not verify: .*could not reach/,
  }),
  fault('a reply that is not HTTP', {
    server: notHttp,
    exitCode: 0,
    message: /could not verify: .*not HTTP/,
  }),
  fault('connection refused', {
    server: refused,
    exitCode: 0,
    message: /could not verify: .*connection refused/,
  }),
  fault('every connection reset', { server: resets, exitCode: 0, message: /could not verify: .*reset/ }),
  fault('an API that never answers', {
    server: neverAnswers,
    exitCode: 0,
    message: /could not verify: .*time limit/,
  }),
  fault('a body trickled a byte at a time', {
    server: () => trickles(300),
    exitCode: 0,
    message: /could not verify: .*time limit/,
  }),
  fault('a 20 MB answer', {
    server: () => fakeApi(() => ({ body: `{"name":"web","pad":"${'x'.repeat(20_000_000)}"}` })),
    exitCode: 0,
    message: /could not verify: .*larger than/,
  }),
  fault('a 200 that is {}', {
    server: () => fakeApi(fakeFly({})),
    exitCode: 0,
    message: /could not verify: .*unexpected shape \(name:/,
  }),
  fault('a 200 about another app', {
    server: () => fakeApi(fakeFly({ name: 'someone-else', organization: { slug: 'acme' } })),
    exitCode: 0,
    message: /could not verify: .*another app \(someone-else\)/,
  }),
  fault('a 200 without an organization when fly-org is set', {
    server: () => fakeApi(fakeFly({ name: 'web' })),
    extra: { 'fly-org': 'acme' },
    exitCode: 0,
    message: /could not verify: .*names no organization/,
  }),
  fault('a secrets list shaped {}', {
    server: () => fakeApi(fakeFly(GOOD_APP, {})),
    extra: { 'fly-app-secrets': 'DATABASE_URL' },
    exitCode: 0,
    message: /DATABASE_URL on web .*could not list the app's secrets: .*unexpected shape \(secrets:/,
  }),
  fault('a secrets list that is a string', {
    server: () => fakeApi(fakeFly(GOOD_APP, { secrets: 'DATABASE_URL' })),
    extra: { 'fly-app-secrets': 'DATABASE_URL' },
    exitCode: 0,
    message: /could not list the app's secrets: .*unexpected shape/,
  }),
  fault('an HTML 200', {
    server: () =>
      fakeApi(() => ({ body: '<html>captive portal</html>', headers: { 'content-type': 'text/html' } })),
    exitCode: 0,
    message: /could not verify: .*is not JSON/,
  }),
  fault('an empty 200', {
    server: () => fakeApi(() => ({ body: '' })),
    exitCode: 0,
    message: /could not verify: .*unexpected shape/,
  }),
  fault('JSON nested a million deep', {
    server: () => fakeApi(() => ({ body: '['.repeat(1_000_000) })),
    exitCode: 0,
    message: /could not verify: .*is not JSON/,
  }),
  fault('429 with Retry-After: 120', {
    server: () =>
      fakeApi(() => ({ status: 429, headers: { 'retry-after': '120' }, body: { error: 'rate limited' } })),
    exitCode: 0,
    message: /could not verify: .*429/,
  }),
  fault('429 with a Retry-After date next year', {
    server: () =>
      fakeApi(() => ({
        status: 429,
        headers: { 'retry-after': new Date(Date.now() + 3e10).toUTCString() },
        body: {},
      })),
    exitCode: 0,
    message: /could not verify: .*429/,
  }),
  fault('an error body carrying runner commands', {
    server: () =>
      fakeApi(() => ({
        status: 500,
        body: { error: '##[stop-commands]hostile ::add-mask::web ##[error]pwned' },
      })),
    exitCode: 0,
    message: /could not verify: .*##\u200b\[stop-commands\]hostile/,
  }),
  fault('a fly-request-id header that is not an id', {
    server: () =>
      fakeApi(() => ({ status: 503, headers: { 'fly-request-id': '::add-mask::web <script>' }, body: {} })),
    exitCode: 0,
    message: /could not verify: GET \/v1\/apps\/web → 503/,
  }),
  fault('a redirect to another host', {
    server: () =>
      fakeApi(() => ({ status: 302, headers: { location: 'https://evil.example/steal' }, body: '' })),
    exitCode: 0,
    message: /could not verify: .*302/,
  }),
  // The emulator, failing the way Fly fails.
  ...[500, 502, 503, 504].map((status) =>
    fault(`the emulator answers ${status} every time`, {
      app: `fault-${status}`,
      faults: [{ path: `/v1/apps/fault-${status}`, status }],
      exitCode: 0,
      message: new RegExp(`could not verify: GET /v1/apps/fault-${status} → ${status}`),
    }),
  ),
  fault('the emulator resets every connection', {
    app: 'fault-reset',
    faults: [{ path: '/v1/apps/fault-reset', reset: true }],
    exitCode: 0,
    message: /could not verify: .*reset/,
  }),
  fault('the emulator takes longer than the time limit', {
    app: 'fault-slow',
    faults: [{ path: '/v1/apps/fault-slow', delayMs: 15_000 }],
    exitCode: 0,
    message: /could not verify: .*time limit/,
  }),
  fault('the emulator answers 503 once, then the app', {
    app: 'acme-web',
    faults: [{ path: '/v1/apps/acme-web', status: 503, times: 1 }],
    exitCode: 0,
    message: /FLY_API_TOKEN → acme-web \[critical\]: can read app acme-web/,
  }),
  fault('the app secrets call fails while the app answers', {
    app: 'acme-web',
    faults: [{ path: '/v1/apps/acme-web/secrets', status: 500 }],
    extra: { 'fly-app-secrets': 'DATABASE_URL' },
    exitCode: 0,
    message: /DATABASE_URL on acme-web .*could not list the app's secrets/,
  }),
  fault('the emulator refuses a token of another organization (403)', {
    app: 'acme-web',
    token: OTHER_ORG_TOKEN,
    exitCode: 1,
    message: /FLY_API_TOKEN → acme-web .*403/,
  }),
  fault('the emulator does not know the token (401)', {
    app: 'acme-web',
    token: UNKNOWN_TOKEN,
    exitCode: 1,
    message: /FLY_API_TOKEN → acme-web .*401/,
  }),
];

const suite: HostileSuite = {
  action: 'preflight-secrets',
  emulator: {
    organizations: ['acme', 'other'],
    tokens: [
      { token: TOKEN, org: 'acme' },
      { token: OTHER_ORG_TOKEN, org: 'other' },
    ],
    images: { 'registry.fly.io/acme:v1': { version: 'v1' } },
    apps: [
      {
        name: 'acme-web',
        org: 'acme',
        image: 'registry.fly.io/acme:v1',
        machines: 0,
        secrets: { DATABASE_URL },
      },
    ],
  },
  readOnly: true,
  cases: [...echoCases, ...refusalEchoCases, ...materialCases, ...inputCases, ...faultCases],
};

export default suite;
