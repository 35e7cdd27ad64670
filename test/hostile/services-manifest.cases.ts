// services-manifest (deploy-all.yml's first job) as a hostile manifest would try it: bombs, odd names, wrong types.
// Every case fails before anything is deployed, naming the service, key and what is allowed. Tables, not code.
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HostileCase, HostileSuite } from './suite.ts';

const FILE = 'deploy-services.yml';

/** A case whose manifest is `text` (in the workspace), expecting failure with `message`. */
function manifestCase(name: string, text: string | Buffer, message: RegExp): HostileCase {
  return {
    kind: 'input',
    name,
    workspace: (dir) => writeFile(path.join(dir, FILE), text),
    exitCode: 1,
    message,
  };
}

/** A manifest of one service with `line` added to its keys. */
const withKey = (line: string): string =>
  `services:\n  - name: web\n    app: acme-web\n    image: a:1\n    ${line}\n`;

const aliasBomb = [
  'x: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'y: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'z: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'w: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'services:',
  '  - name: web',
  '    app: acme-web',
  '    image: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  '',
].join('\n');

const manyServices = `services:\n${Array.from({ length: 300 }, (_, i) => `  - { name: s${i}, app: app-${i}, image: "a:1" }`).join('\n')}\n`;

const cases: HostileCase[] = [
  manifestCase('a billion-laughs alias bomb', aliasBomb, /Excessive alias count/),
  manifestCase(
    'a list nested 100 000 deep',
    `services: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
    /not valid YAML: Maximum call stack size exceeded|nested too deeply/,
  ),
  manifestCase(
    'a 300 KB manifest',
    `# ${'x'.repeat(300 * 1024)}\nservices: []\n`,
    /is \d+ bytes, more than a manifest may be/,
  ),
  manifestCase(
    'binary garbage',
    Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 0x1b, 0x5b, 0x33, 0x31, 0x6d]),
    /services manifest/,
  ),
  manifestCase('an empty file', '', /must be a mapping with a `services` list/),
  manifestCase(
    'a top-level list',
    '- name: web\n  app: acme-web\n',
    /must be a mapping with a `services` list/,
  ),
  manifestCase(
    'services as a mapping',
    'services:\n  web: { app: acme-web }\n',
    /`services` must be a list of at least one service/,
  ),
  manifestCase(
    'an empty services list',
    'services: []\n',
    /`services` must be a list of at least one service/,
  ),
  manifestCase(
    '300 services, more than a matrix runs',
    manyServices,
    /lists 300 services; a matrix runs at most 256/,
  ),
  manifestCase(
    'an unknown top-level key',
    'service: []\nservices:\n  - { name: web, app: acme-web, image: "a:1" }\n',
    /key "service" is not allowed at the top/,
  ),
  manifestCase(
    'a service that is a string',
    'services:\n  - web\n',
    /services\[0\] must be a mapping .*got "web"/,
  ),
  manifestCase(
    'a __proto__ key in a service',
    withKey('__proto__: { app: evil }'),
    /key "__proto__" is not a service key/,
  ),
  manifestCase(
    'a constructor key in a service',
    withKey('constructor: x'),
    /key "constructor" is not a service key/,
  ),
  manifestCase(
    'a duplicate key in a service',
    withKey('image: b:2'),
    /not valid YAML: Map keys must be unique/,
  ),
  manifestCase(
    'a service name walking out of a folder',
    'services:\n  - { name: ../../etc, app: acme-web, image: "a:1" }\n',
    /services\[0\], key `name`: got "..\/..\/etc"/,
  ),
  manifestCase(
    'a service name that breaks a table',
    'services:\n  - { name: "web|<b>x</b>", app: acme-web, image: "a:1" }\n',
    /key `name`: got "web\|<b>x<\/b>"/,
  ),
  manifestCase(
    'a service name with a newline',
    'services:\n  - { name: "web\\nevil", app: acme-web, image: "a:1" }\n',
    /key `name`: got "web\\nevil"/,
  ),
  manifestCase(
    'a look-alike Cyrillic service name',
    'services:\n  - { name: "wеb", app: acme-web, image: "a:1" }\n',
    /key `name`: got "wеb"/,
  ),
  manifestCase(
    'a 64-character service name',
    `services:\n  - { name: ${'w'.repeat(64)}, app: acme-web, image: "a:1" }\n`,
    /key `name`: got "w{64}"/,
  ),
  manifestCase(
    'an app name that is a number',
    'services:\n  - { name: web, app: 42, image: "a:1" }\n',
    /key `app`: got "42" \(YAML read a number: quote the value\); expected a Fly app name/,
  ),
  manifestCase(
    'an app name with upper case',
    'services:\n  - { name: web, app: Acme, image: "a:1" }\n',
    /key `app`: got "Acme"/,
  ),
  manifestCase(
    'an image that is a mapping',
    withKey('strategy: rolling').replace('image: a:1', 'image: { repo: a }'),
    /key `image`: got "\{\\"repo\\":\\"a\\"\}"/,
  ),
  manifestCase(
    'an image with a space',
    withKey('strategy: rolling').replace('image: a:1', 'image: "a:1 ; rm -rf /"'),
    /key `image`: got "a:1 ; rm -rf \/"/,
  ),
  manifestCase(
    'a strategy of the wrong case',
    withKey('strategy: Canary'),
    /key `strategy`: got "Canary"; expected one of rolling, canary/,
  ),
  manifestCase(
    'a javascript: health target',
    withKey('health-targets: "javascript:alert(1)"'),
    /key `health-targets`: got "javascript:alert\(1\)"; expected an http\(s\) URL/,
  ),
  manifestCase(
    'a health target list of 101 URLs',
    withKey(`health-targets: [${Array.from({ length: 101 }, () => 'https://a.test/').join(', ')}]`),
    /key `health-targets`: .*at most 100/,
  ),
  manifestCase(
    'a token secret named GITHUB_TOKEN',
    withKey('token-secret: GITHUB_TOKEN'),
    /key `token-secret`: got "GITHUB_TOKEN"; expected .*not GITHUB_\*/,
  ),
  manifestCase(
    'a token secret name with a dash',
    withKey('token-secret: FLY-TOKEN'),
    /key `token-secret`: got "FLY-TOKEN"/,
  ),
  manifestCase(
    'a config path climbing out',
    withKey('config: ../other/fly.toml').replace('    image: a:1\n', ''),
    /key `config`: got "..\/other\/fly.toml"/,
  ),
  manifestCase(
    'an environment-url that is not a URL',
    withKey('environment-url: acme.fly.dev'),
    /key `environment-url`: got "acme.fly.dev"; expected an http\(s\) URL/,
  ),
  manifestCase(
    'a required-secrets entry that is not a name',
    withKey('required-secrets: [DATABASE_URL, "rm -rf"]'),
    /key `required-secrets`: got "\[\\"DATABASE_URL\\",\\"rm -rf\\"\]"/,
  ),
  manifestCase(
    'an expect-version that is a mapping',
    withKey('expect-version: { v: 2 }'),
    /key `expect-version`: got/,
  ),
  manifestCase(
    'a 10 000-character value is quoted only in part',
    withKey(`expect-version: ${'v'.repeat(10_000)}`),
    /key `expect-version`: got "v{79}…"/,
  ),
  {
    kind: 'input',
    name: 'a manifest path that is a folder',
    inputs: { manifest: '.' },
    workspace: async () => {},
    exitCode: 1,
    message: /\. is not a file/,
  },
  {
    kind: 'input',
    name: 'a manifest that is not there',
    inputs: { manifest: 'nope/deploy-services.yml' },
    workspace: async () => {},
    exitCode: 1,
    message: /there is no services manifest at nope\/deploy-services.yml/,
  },
];

// A credential pasted into a manifest is quoted back redacted (the detectors of packages/core), never as is.
const GITHUB_PAT = `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`;
cases.push(
  manifestCase(
    'a GitHub token pasted as an app name is quoted back redacted',
    `services:\n  - { name: web, app: "${GITHUB_PAT}", image: "a:1" }\n`,
    /key `app`: got "\[REDACTED:[a-z-]+\]"/,
  ),
  {
    kind: 'fault',
    name: 'a manifest that is a symlink loop',
    workspace: (dir) => symlink(path.join(dir, FILE), path.join(dir, FILE)),
    exitCode: 1,
    message: /could not read the services manifest deploy-services.yml \(ELOOP\)/,
  },
);

const suite: HostileSuite = {
  action: '.github/actions/services-manifest',
  baseInputs: { manifest: FILE },
  cases,
};
export default suite;
