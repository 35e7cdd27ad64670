// evidence-gate as hostile artifacts, a hostile GitHub API and careless inputs would try it. Tables, not code: each
// row is one case. Every artifact here comes from another run (`run-id`), listed by the GitHub REST stand-in and
// downloaded from it, so no case needs Azurite.
import { startGitHubApi, type GitHubApi } from '../support/github-api.ts';
import { makeZip, type ZipEntry } from '../support/zip.ts';
import type { HostileCase, HostileSuite } from './suite.ts';
import { echoingErrorPage, fakeApi, neverAnswers, refused, resets, type HostileServer } from './servers.ts';

const TOKEN = 'ghs_hostileEvidenceGateToken0123456789ab';
const SHA = 'ffac537e6cbbf934b08745a378932722df287a53';
const RUN = 77;
const MiB = 1024 * 1024;

/** The job token, as the runner passes `${{ github.token }}`. */
const withToken = { env: { GITHUB_TOKEN: TOKEN }, workflowSecrets: [TOKEN] };
const toServer = (urls: { server: string }): Record<string, string> => ({ GITHUB_API_URL: urls.server });

/** A GitHub REST stand-in for the case, set up by `setup`. */
function gitHub(setup: (api: GitHubApi) => void): () => Promise<HostileServer> {
  return async () => {
    const api = await startGitHubApi({ token: TOKEN });
    setup(api);
    return {
      url: api.url,
      get requests() {
        return api.requests().map((r) => `${r.method} ${r.path}`);
      },
      close: () => api.close(),
    };
  };
}

/** Run 77 holding one artifact `report` (a zip of `entries`, or raw bytes), listed at `listedSize` if given. */
function artifact(contents: ZipEntry[] | Buffer, listedSize?: number): () => Promise<HostileServer> {
  const bytes = Buffer.isBuffer(contents) ? contents : makeZip(contents);
  return gitHub((api) =>
    api.setRunArtifacts(RUN, [
      { id: 9001, name: 'report', size: listedSize ?? bytes.length, url: api.hostBlob(bytes) },
    ]),
  );
}

/** A case reading `report.json` (or `file`) of the `report` artifact with `rule` (YAML flow-map fields). */
function artifactCase(
  name: string,
  server: () => Promise<HostileServer>,
  rule: string,
  message: RegExp,
  file = 'report.json',
): HostileCase {
  return {
    kind: 'fault',
    name,
    server,
    runner: toServer,
    ...withToken,
    inputs: { 'run-id': String(RUN), 'required-artifacts': `- { name: report, file: ${file}, ${rule} }` },
    exitCode: 1,
    message,
    outputs: { ok: 'false', failed: `report/${file}` },
  };
}

const VITEST = 'format: vitest';

const artifactCases: HostileCase[] = [
  artifactCase(
    'an artifact listed at 2 GiB is not downloaded',
    artifact([{ name: 'report.json', data: '{}' }], 2048 * MiB),
    VITEST,
    /report\/report\.json: the artifact is 2048\.0 MiB; the gate downloads at most 100\.0 MiB/,
  ),
  artifactCase(
    'a 20 MiB report is refused by its size',
    artifact([{ name: 'report.json', data: Buffer.alloc(20 * MiB, 0x20) }]),
    VITEST,
    /report\/report\.json: report\.json is 20\.0 MiB unzipped; the gate reads reports up to 16\.0 MiB/,
  ),
  artifactCase(
    'a zip bomb whose header claims 1 KiB but inflates to 64 MiB',
    artifact([{ name: 'report.json', data: Buffer.alloc(64 * MiB, 0x30), claimedSize: 1024 }]),
    VITEST,
    /report\/report\.json: could not read the artifact: .*too many bytes/i,
  ),
  artifactCase(
    'a zip of 20,000 empty entries',
    artifact(Array.from({ length: 20_000 }, (_, i) => ({ name: `f${i}.json`, data: '' }))),
    VITEST,
    /report\/report\.json: could not read the artifact: the zip has 20000 entries, more than 10000/,
  ),
  artifactCase(
    'an artifact that is not a zip at all',
    artifact(Buffer.from('<html>Service Unavailable</html>')),
    VITEST,
    /report\/report\.json: could not read the artifact/,
  ),
  artifactCase(
    'the file is not in the artifact',
    artifact([{ name: 'other.json', data: '{}' }]),
    VITEST,
    /report\/report\.json: report\.json is not in the artifact \(it holds 1 file\(s\): other\.json\)/,
  ),
  artifactCase(
    'a JSON path that does not resolve',
    artifact([{ name: 'report.json', data: '{"stats":{}}' }]),
    "expect: { path: '$.stats.numFailedTests', equals: 0 }",
    /report\/report\.json: \$\.stats\.numFailedTests is not in report\.json/,
  ),
  artifactCase(
    'a path through an array index past its end',
    artifact([{ name: 'report.json', data: '[]' }]),
    "expect: { path: '$[5].summary.performance', at-least: 0.9 }",
    /\$\[5\]\.summary\.performance is not in report\.json/,
  ),
  artifactCase(
    'a value of the wrong type for at-least',
    artifact([{ name: 'report.json', data: '{"score":"0.99"}' }]),
    "expect: { path: '$.score', at-least: 0.9 }",
    /\$\.score is "0\.99", not a number/,
  ),
  artifactCase(
    'a Vitest report in an unknown shape',
    artifact([{ name: 'report.json', data: '{"results":[]}' }]),
    VITEST,
    /not a Vitest JSON report \(no numFailedTests and numTotalTests\)/,
  ),
  artifactCase(
    'a Playwright report in an unknown shape',
    artifact([{ name: 'report.json', data: '{"suites":[]}' }]),
    'format: playwright',
    /not a Playwright JSON report/,
  ),
  artifactCase(
    'a Lighthouse report in an unknown shape',
    artifact([{ name: 'report.json', data: '{"lighthouseVersion":"12"}' }]),
    'format: lighthouse',
    /not a Lighthouse report/,
  ),
  artifactCase(
    'truncated JSON',
    artifact([{ name: 'report.json', data: '{"numFailedTests": 0, "numTo' }]),
    VITEST,
    /report\.json is not JSON/,
  ),
  artifactCase(
    'a JUnit file that is an HTML page',
    artifact([{ name: 'junit.xml', data: '<html><body>502 Bad Gateway</body></html>' }]),
    'format: junit',
    /not JUnit XML \(no <testsuites> or <testsuite> element\)/,
    'junit.xml',
  ),
  artifactCase(
    'JUnit with an entity bomb in its counts',
    artifact([
      {
        name: 'junit.xml',
        data: `<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "1111111111"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><testsuite name="x" tests="1" failures="&c;"><testcase name="t"/></testsuite>`,
      },
    ]),
    'format: junit',
    /not JUnit XML \(failures="&c;" is not a count\)/,
    'junit.xml',
  ),
  artifactCase(
    'JUnit that is not XML',
    artifact([{ name: 'junit.xml', data: '<testsuite name="x"><testcase></testsuite>' }]),
    'format: junit',
    /not JUnit XML \(not XML: /,
    'junit.xml',
  ),
];

const apiCases: HostileCase[] = [
  {
    kind: 'fault',
    name: 'the API never answers: the timeout ends the wait',
    server: neverAnswers,
    runner: toServer,
    ...withToken,
    inputs: { 'required-checks': 'test', timeout: '3s' },
    exitCode: 1,
    message: /evidence-gate: .*(timeout|time)/i,
  },
  {
    kind: 'fault',
    name: 'the API resets every connection',
    server: resets,
    runner: toServer,
    ...withToken,
    inputs: { 'required-checks': 'test', timeout: '5s' },
    exitCode: 1,
    message: /could not read the check runs of .*: no answer: the connection was reset/,
  },
  {
    kind: 'fault',
    name: 'nothing listens at GITHUB_API_URL',
    server: refused,
    runner: toServer,
    ...withToken,
    inputs: { 'required-checks': 'test', timeout: '5s' },
    exitCode: 1,
    message: /no answer: connection refused/,
  },
  {
    kind: 'fault',
    name: 'check runs answered as an HTML page with status 200',
    server: () =>
      fakeApi(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>login</html>' })),
    runner: toServer,
    ...withToken,
    inputs: { 'required-checks': 'test' },
    exitCode: 1,
    message: /could not verify the check runs of .*: GitHub's answer could not be read/,
    outputs: { ok: 'false' },
  },
  {
    kind: 'fault',
    name: 'check runs of the wrong shape (names are numbers)',
    server: () =>
      fakeApi(({ path }) =>
        path.endsWith('/check-runs')
          ? { body: { total_count: 1, check_runs: [{ id: 1, name: 42, status: 'completed' }] } }
          : { body: [] },
      ),
    runner: toServer,
    ...withToken,
    inputs: { 'required-checks': 'test' },
    exitCode: 1,
    message: /GitHub's answer was not of the expected shape \(0\.name: /,
  },
  {
    kind: 'fault',
    name: "a deployment payload that is not proof-upload's",
    server: gitHub((api) =>
      api.addDeployment({ environment: 'staging', sha: SHA, payload: '{"image":"x"', states: ['success'] }),
    ),
    runner: toServer,
    ...withToken,
    inputs: { 'promotion-of': 'staging' },
    exitCode: 1,
    message: /the last successful deployment to staging was not recorded by proof-upload/,
    outputs: { failed: 'promotion of staging' },
  },
  {
    kind: 'fault',
    name: 'a spent rate limit that resets after the timeout',
    server: gitHub((api) => api.setRateLimit(0, 3600)),
    runner: toServer,
    ...withToken,
    inputs: { 'required-checks': 'test', timeout: '20s' },
    exitCode: 1,
    message: /rate limit for this token is spent and resets in .*after this step's timeout/,
  },
  {
    kind: 'fault',
    name: 'a 401: the token is invalid',
    server: gitHub(() => undefined),
    runner: toServer,
    env: { GITHUB_TOKEN: 'ghs_revokedJobToken0123456789abcdefABCD' },
    workflowSecrets: ['ghs_revokedJobToken0123456789abcdefABCD'],
    inputs: { 'required-checks': 'test' },
    exitCode: 1,
    message: /HTTP 401.*\n.*github-token is invalid or expired/,
  },
  {
    kind: 'fault',
    name: 'a run-id that does not exist',
    server: gitHub(() => undefined),
    runner: toServer,
    ...withToken,
    inputs: { 'run-id': '424242', 'required-artifacts': '- name: report' },
    exitCode: 1,
    message: /report: run 424242 has no artifact named report/,
    outputs: { missing: 'report' },
  },
];

const leakCases: HostileCase[] = [
  {
    kind: 'leak',
    name: 'an error page echoing the Authorization header',
    server: () => echoingErrorPage(500, (authorization) => authorization),
    runner: toServer,
    ...withToken,
    inputs: { 'required-checks': 'test' },
    exitCode: 1,
    message: /could not read the check runs of .* \(HTTP 500\)/,
  },
  {
    kind: 'leak',
    name: 'an error body echoing the token in JSON',
    server: () =>
      fakeApi(({ authorization }) => ({
        status: 502,
        body: { message: `upstream refused ${authorization}` },
      })),
    runner: toServer,
    ...withToken,
    inputs: { 'required-checks': 'test' },
    exitCode: 1,
    message: /HTTP 502/,
  },
  {
    kind: 'leak',
    name: 'a failing test whose name holds the token',
    server: artifact([
      {
        name: 'report.json',
        data: JSON.stringify({
          numFailedTests: 1,
          numTotalTests: 1,
          testResults: [{ assertionResults: [{ fullName: `logs in with ${TOKEN}`, status: 'failed' }] }],
        }),
      },
    ]),
    runner: toServer,
    ...withToken,
    inputs: {
      'run-id': String(RUN),
      'required-artifacts': '- { name: report, file: report.json, format: vitest }',
    },
    exitCode: 1,
    message: /1 of 1 test\(s\) failed: logs in with \*\*\*/,
  },
  {
    kind: 'leak',
    name: 'a check run named after the token',
    server: gitHub((api) =>
      api.setCheckRuns(SHA, [{ name: `deploy ${TOKEN}`, status: 'completed', conclusion: 'failure' }]),
    ),
    runner: toServer,
    ...withToken,
    inputs: { 'required-checks': 'deploy *' },
    exitCode: 1,
    message: /deploy \*\*\*: failure/,
  },
];

/** A bad-input case: fails before any request, naming the input. */
function bad(name: string, inputs: Record<string, string>, message: RegExp): HostileCase {
  return {
    kind: 'input',
    name,
    server: gitHub(() => undefined),
    runner: toServer,
    ...withToken,
    inputs,
    exitCode: 1,
    message,
  };
}

const ARTIFACT = '- { name: report, file: report.json, format: vitest }';

const inputCases: HostileCase[] = [
  bad(
    'nothing asked for',
    {},
    /required-checks.*at least one of required-checks, required-artifacts, promotion-of/,
  ),
  bad(
    'required-artifacts that is not YAML',
    { 'required-artifacts': '- [unclosed' },
    /required-artifacts.*not YAML\/JSON/,
  ),
  bad(
    'required-artifacts that is a mapping',
    { 'required-artifacts': 'name: report' },
    /required-artifacts.*expected array/,
  ),
  bad(
    'a JSON path without $',
    { 'required-artifacts': '- { name: r, file: f.json, expect: { path: numFailedTests, equals: 0 } }' },
    /required-artifacts.*item 0 \(r\): a JSON path starts with \$/,
  ),
  bad(
    'a JSON path with a filter expression',
    { 'required-artifacts': "- { name: r, file: f.json, expect: { path: '$.a[?(@.x)]', equals: 0 } }" },
    /required-artifacts.*cannot read "\[\?\(@\.x\)\]"/,
  ),
  bad(
    'an expect with two comparisons',
    { 'required-artifacts': "- { name: r, file: f.json, expect: { path: '$.a', equals: 0, at-least: 1 } }" },
    /give exactly one of equals, at-least, at-most/,
  ),
  bad(
    'an unknown report format',
    { 'required-artifacts': '- { name: r, file: f.json, format: mocha }' },
    /required-artifacts.*0\.format/,
  ),
  bad(
    'a format without a file',
    { 'required-artifacts': '- { name: r, format: vitest }' },
    /format and expect read a file inside the artifact: name it with file/,
  ),
  bad(
    'min-score above 1',
    { 'required-artifacts': '- { name: r, file: m.json, format: lighthouse, min-score: 1.5 }' },
    /0\.min-score/,
  ),
  bad(
    'min-score without lighthouse',
    { 'required-artifacts': '- { name: r, file: m.json, format: vitest, min-score: 0.5 }' },
    /min-score is for format: lighthouse/,
  ),
  bad(
    'expect on a JUnit file',
    { 'required-artifacts': "- { name: r, file: j.xml, format: junit, expect: { path: '$.a', equals: 1 } }" },
    /expect reads JSON/,
  ),
  bad(
    'an artifact name with a slash',
    { 'required-artifacts': '- { name: a/b }' },
    /0\.name: an artifact name/,
  ),
  bad(
    'the same artifact and file twice',
    { 'required-artifacts': `${ARTIFACT}\n${ARTIFACT}` },
    /each artifact and file once \(item 1 repeats one\)/,
  ),
  bad(
    'an unknown key in an artifact',
    { 'required-artifacts': '- { name: r, path: f.json }' },
    /required-artifacts.*Unrecognized key/i,
  ),
  bad(
    'run-id and workflow together',
    { 'run-id': '5', workflow: 'ci.yml', 'required-artifacts': ARTIFACT },
    /either "run-id" or "workflow", not both/,
  ),
  bad(
    'run-id without artifacts',
    { 'run-id': '5', 'required-checks': 'test' },
    /run-id.*only with required-artifacts/,
  ),
  bad(
    'a run-id that is not a number',
    { 'run-id': 'latest', 'required-artifacts': ARTIFACT },
    /run-id.*"latest".*an integer/,
  ),
  bad('a sha that is a branch', { sha: 'main', 'required-checks': 'test' }, /sha.*"main".*40-character/),
  bad('a short sha', { sha: 'ffac537', 'required-checks': 'test' }, /sha.*"ffac537"/),
  bad('a wait over 6h', { wait: '7h', 'required-checks': 'test' }, /wait.*"7h".*at most 6h/),
  bad('a wait that is not a duration', { wait: 'forever', 'required-checks': 'test' }, /wait.*"forever"/),
  bad(
    'an image without promotion-of',
    { image: `sha256:${'a'.repeat(64)}`, 'required-checks': 'test' },
    /image.*only with promotion-of/,
  ),
  bad(
    'an image that is a tag',
    { image: 'registry.fly.io/app:latest', 'promotion-of': 'staging' },
    /image.*an image digest/,
  ),
  bad(
    'an allow that is not skipped or neutral',
    { 'required-checks': '- { name: test, allow: [failure] }' },
    /required-checks.*items are names or \{ name, allow: \[skipped, neutral\] \}/,
  ),
  bad('required-checks as broken YAML', { 'required-checks': '- [test' }, /required-checks.*not a YAML list/),
  bad(
    'a repository without an owner',
    { repository: 'service', 'required-checks': 'test' },
    /repository.*"service"/,
  ),
  bad('a promotion-of over two lines', { 'promotion-of': 'staging\nproduction' }, /promotion-of/),
  bad(
    'every problem at once',
    { sha: 'x', wait: '1y', 'run-id': '0', 'required-artifacts': '- { name: r, format: junit }' },
    /^(?=[\s\S]*input "sha")(?=[\s\S]*input "wait")(?=[\s\S]*input "run-id")(?=[\s\S]*input "required-artifacts")/,
  ),
];

const suite: HostileSuite = {
  action: 'evidence-gate',
  cases: [...artifactCases, ...apiCases, ...leakCases, ...inputCases],
};
export default suite;
