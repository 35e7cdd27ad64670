import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { checkWorkflows, isKnownFalseFinding, listWorkflowFiles } from '../lib/check-workflows.ts';
import { tempTree } from './helpers.ts';
import type { TempTree } from './helpers.ts';

const deployAction = `name: Deploy
description: Deploys.
inputs:
  app:
    description: The app.
    required: true
  region:
    description: The region.
    required: true
    default: ams
  strategy:
    description: How.
outputs:
  status:
    description: The status.
runs:
  using: node24
  main: ../dist/deploy/index.js
`;

const reusable = `name: Reusable deploy
on:
  workflow_call:
    inputs:
      app:
        type: string
        required: true
      region:
        type: string
        default: ams
    secrets:
      fly-token:
        required: true
      slack-webhook:
        required: false
    outputs:
      status:
        value: \${{ jobs.deploy.outputs.status }}
permissions: {}
jobs:
  deploy:
    runs-on: ubuntu-latest
    permissions: {}
    outputs:
      status: \${{ steps.say.outputs.status }}
    steps:
      - id: say
        env:
          APP: \${{ inputs.app }}
        run: echo "status=$APP" >> "$GITHUB_OUTPUT"
`;

function workflow(steps: string): string {
  return `name: Test
on: push
permissions:
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
${steps}`;
}

let tree: TempTree;
beforeEach(async () => {
  tree = await tempTree();
  await tree.write('deploy/action.yml', deployAction);
  await tree.write('.github/workflows/reusable.yml', reusable);
});
afterEach(async () => {
  await tree.remove();
});

describe('checkWorkflows', () => {
  test('passes steps and jobs wired correctly, locally and by published reference', async () => {
    await tree.write(
      '.github/workflows/good.yml',
      workflow(`      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
      - uses: ./deploy
        with:
          app: acme
      - uses: octo-org/deploy-actions/deploy@v1
        with:
          app: acme
          Strategy: bluegreen
`),
    );
    await tree.write(
      '.github/workflows/caller.yml',
      `name: Caller
on: push
permissions: {}
jobs:
  call:
    permissions: {}
    uses: ./.github/workflows/reusable.yml
    with:
      app: acme
    secrets:
      fly-token: \${{ secrets.FLY_API_TOKEN }}
  inherit:
    permissions: {}
    uses: ./.github/workflows/reusable.yml
    with:
      app: acme
    secrets: inherit
`,
    );
    await expect(checkWorkflows(tree.root)).resolves.toEqual([]);
  });

  test('reports a wrong with: key, a missing required input and a missing action with their lines', async () => {
    await tree.write(
      'deploy/example.yml',
      workflow(`      - uses: ./deploy
        with:
          apps: acme
      - uses: octo-org/deploy-actions/nope@v1
`),
    );
    await expect(checkWorkflows(tree.root)).resolves.toEqual([
      "deploy/example.yml:9: deploy needs input 'app' (required, no default) [wiring]",
      "deploy/example.yml:11: deploy has no input 'apps' (inputs: app, region, strategy) [wiring]",
      'deploy/example.yml:12: uses: octo-org/deploy-actions/nope@v1: there is no nope/action.yml [wiring]',
    ]);
  });

  test('reports unknown and missing inputs and secrets of a reusable workflow', async () => {
    await tree.write(
      '.github/workflows/caller.yml',
      `name: Caller
on: push
permissions: {}
jobs:
  call:
    uses: ./.github/workflows/reusable.yml
    with:
      application: acme
    secrets:
      fly-tokens: \${{ secrets.FLY_API_TOKEN }}
  missing:
    uses: ./.github/workflows/missing.yml
`,
    );
    const problems = await checkWorkflows(tree.root);
    const wiring = problems.filter((problem) => problem.endsWith('[wiring]'));
    expect(wiring).toEqual([
      ".github/workflows/caller.yml:6: .github/workflows/reusable.yml needs input 'app' (required, no default) [wiring]",
      ".github/workflows/caller.yml:6: .github/workflows/reusable.yml needs secret 'fly-token' (required) [wiring]",
      ".github/workflows/caller.yml:8: .github/workflows/reusable.yml has no workflow_call input 'application' [wiring]",
      ".github/workflows/caller.yml:10: .github/workflows/reusable.yml has no workflow_call secret 'fly-tokens' [wiring]",
      '.github/workflows/caller.yml:12: there is no .github/workflows/missing.yml [wiring]',
    ]);
  });

  test('actionlint reports a syntax error with file and line', async () => {
    await tree.write('.github/workflows/broken.yml', workflow('      - run: echo hi\n    runs-on: [\n'));
    const problems = await checkWorkflows(tree.root);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\.github\/workflows\/broken\.yml:\d+:\d+: .*\[syntax-check\]$/);
  });

  test('actionlint reports an expression error', async () => {
    await tree.write('.github/workflows/expr.yml', workflow('      - if: github.nope\n        run: echo\n'));
    const problems = await checkWorkflows(tree.root);
    expect(problems).toEqual([
      expect.stringMatching(/^\.github\/workflows\/expr\.yml:9:\d+: .*nope.* \[expression\]$/),
    ]);
  });

  test('lists the workflows and every example.yml', async () => {
    await tree.write(
      'deploy/example.yml',
      workflow('      - uses: ./deploy\n        with:\n          app: a\n'),
    );
    await expect(listWorkflowFiles(tree.root)).resolves.toEqual([
      '.github/workflows/reusable.yml',
      'deploy/example.yml',
    ]);
  });
});

const SHA = '3d3c42e5aac5ba805825da76410c181273ba90b1';

/** Writes one workflow and returns the problems found in it (actionlint's and ours). */
async function problemsOf(file: string, text: string): Promise<string[]> {
  await tree.write(file, text);
  return (await checkWorkflows(tree.root)).filter((problem) => problem.startsWith(`${file}:`));
}

/** Ours only: actionlint sees some of these too where the referenced job or step is local. */
async function wiringOf(file: string, text: string): Promise<string[]> {
  return (await problemsOf(file, text)).filter((problem) => problem.endsWith('[wiring]'));
}

describe('security rules', () => {
  test('a job without permissions fails unless the top level grants no write scope; write-all never passes', async () => {
    const bad = await problemsOf(
      '.github/workflows/perms.yml',
      `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo
  b:
    runs-on: ubuntu-latest
    permissions: write-all
    steps:
      - run: echo
`,
    );
    expect(bad).toEqual([
      '.github/workflows/perms.yml:3: job a has no permissions: give it only the scopes it needs (or set a top-level permissions with no write scope) [wiring]',
      '.github/workflows/perms.yml:9: job b has permissions: write-all; list only the scopes it needs [wiring]',
    ]);
    const topWrite = await problemsOf(
      '.github/workflows/perms.yml',
      'on: push\npermissions:\n  contents: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n',
    );
    expect(topWrite).toEqual([
      ".github/workflows/perms.yml:3: the workflow's top-level permissions grant contents: write to every job; grant it in the job that needs it [wiring]",
      '.github/workflows/perms.yml:5: job a has no permissions: give it only the scopes it needs (or set a top-level permissions with no write scope) [wiring]',
    ]);
    const good = await problemsOf(
      '.github/workflows/perms.yml',
      'on: push\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n  b:\n    runs-on: ubuntu-latest\n    permissions:\n      deployments: write\n    steps:\n      - run: echo\n',
    );
    expect(good).toEqual([]);
  });

  test('a third-party action or workflow must be pinned to a 40-hex SHA; ours and local ones need not be', async () => {
    const bad = await problemsOf(
      '.github/workflows/pins.yml',
      workflow(`      - uses: actions/checkout@v5
      - uses: actions/checkout@${SHA.slice(0, 12)}
`) +
        `  call:
    permissions: {}
    uses: octo/shared/.github/workflows/x.yml@main
`,
    );
    expect(bad).toEqual([
      '.github/workflows/pins.yml:9: uses: actions/checkout@v5: pin a third-party action to a full 40-hex commit SHA (and say its version in a comment) [wiring]',
      `.github/workflows/pins.yml:10: uses: actions/checkout@${SHA.slice(0, 12)}: pin a third-party action to a full 40-hex commit SHA (and say its version in a comment) [wiring]`,
      '.github/workflows/pins.yml:13: uses: octo/shared/.github/workflows/x.yml@main: pin a third-party action to a full 40-hex commit SHA (and say its version in a comment) [wiring]',
    ]);
    const good = await problemsOf(
      '.github/workflows/pins.yml',
      workflow(`      - uses: actions/checkout@${SHA} # v7.0.1
      - uses: docker://alpine:3.21
      - uses: octo-org/deploy-actions/deploy@v1
        with:
          app: acme
`),
    );
    expect(good).toEqual([]);
  });

  test('an expression inside run: is refused; the same value through env: passes', async () => {
    const bad = await problemsOf(
      '.github/workflows/run.yml',
      workflow('      - run: echo "${{ github.ref_name }}"\n'),
    );
    expect(bad).toEqual([
      '.github/workflows/run.yml:9: run: holds ${{ }}: the runner splices it into the script text; pass the value through env: and use "$NAME" [wiring]',
    ]);
    const good = await problemsOf(
      '.github/workflows/run.yml',
      workflow('      - env:\n          REF: ${{ github.ref_name }}\n        run: echo "$REF"\n'),
    );
    expect(good).toEqual([]);
  });
});

describe('output references', () => {
  test('steps.<id>.outputs.<name>: the step must come earlier and its action declare the output', async () => {
    const bad = await wiringOf(
      '.github/workflows/steps.yml',
      workflow(`      - if: steps.later.outcome == 'success'
        run: echo
      - id: deploy
        uses: ./deploy
        with:
          app: acme
      - env:
          STATUS: \${{ steps.deploy.outputs.statuz }}
        run: echo "$STATUS"
      - id: later
        run: echo
`),
    );
    expect(bad).toEqual([
      '.github/workflows/steps.yml:9: steps.later is not a step id defined earlier in this job [wiring]',
      ".github/workflows/steps.yml:16: steps.deploy.outputs.statuz: step deploy's action declares no output 'statuz' (outputs: status) [wiring]",
    ]);
    const good = await problemsOf(
      '.github/workflows/steps.yml',
      workflow(`      - id: deploy
        uses: $/deploy
        with:
          app: acme
      - if: steps.deploy.outputs.status == 'deployed'
        env:
          STATUS: \${{ steps.deploy.outputs.status }}
        run: echo "$STATUS"
`),
    );
    expect(good).toEqual([]);
  });

  test('needs.<job>.outputs.<name>: listed in needs and declared, for a reusable-workflow job by its workflow_call outputs', async () => {
    const caller = (needs: string, output: string, callOutput: string): string => `on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    outputs:
      tag: \${{ steps.tag.outputs.tag }}
    steps:
      - id: tag
        run: echo "tag=v1" >> "$GITHUB_OUTPUT"
  deploy:
    uses: ./.github/workflows/reusable.yml
    with:
      app: acme
    secrets: inherit
  report:
    needs: [${needs}]
    runs-on: ubuntu-latest
    steps:
      - env:
          TAG: \${{ needs.build.outputs.${output} }}
          STATUS: \${{ needs.deploy.outputs.${callOutput} }}
        run: echo "$TAG $STATUS"
`;
    expect(await wiringOf('.github/workflows/needs.yml', caller('build', 'tags', 'state'))).toEqual([
      ".github/workflows/needs.yml:21: needs.build.outputs.tags: job build declares no output 'tags' [wiring]",
      ".github/workflows/needs.yml:22: needs.deploy: job deploy is not listed in this job's needs [wiring]",
    ]);
    expect(await problemsOf('.github/workflows/needs.yml', caller('build, deploy', 'tag', 'state'))).toEqual([
      ".github/workflows/needs.yml:22: needs.deploy.outputs.state: job deploy declares no output 'state' [wiring]",
    ]);
    expect(await problemsOf('.github/workflows/needs.yml', caller('build, deploy', 'tag', 'status'))).toEqual(
      [],
    );
  });

  test("on.workflow_call.outputs must name a job's declared output", async () => {
    await tree.write(
      '.github/workflows/reusable.yml',
      reusable.replace('jobs.deploy.outputs.status', 'jobs.deploy.outputs.result'),
    );
    const problems = (await checkWorkflows(tree.root)).filter((p) => p.endsWith('[wiring]'));
    expect(problems).toEqual([
      ".github/workflows/reusable.yml:18: jobs.deploy.outputs.result: job deploy declares no output 'result' [wiring]",
    ]);
  });
});

describe('reusable workflows and our actions', () => {
  test('a literal of the wrong type for a workflow_call input is refused; an expression is not judged', async () => {
    await tree.write(
      '.github/workflows/typed.yml',
      `on:
  workflow_call:
    inputs:
      parallel:
        type: number
        default: 4
      dry-run:
        type: boolean
        default: false
      name:
        type: string
        default: x
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo
`,
    );
    const call = (withs: string): string =>
      `on: push\npermissions: {}\njobs:\n  call:\n    uses: $/.github/workflows/typed.yml\n    with:\n${withs}`;
    expect(
      await problemsOf(
        '.github/workflows/call.yml',
        call('      parallel: four\n      dry-run: "yes"\n      name: 12\n'),
      ),
    ).toEqual([
      '.github/workflows/call.yml:7: .github/workflows/typed.yml input \'parallel\' is a number: got "four", not a number [wiring]',
      '.github/workflows/call.yml:8: .github/workflows/typed.yml input \'dry-run\' is a boolean: got "yes", not true or false [wiring]',
      ".github/workflows/call.yml:9: .github/workflows/typed.yml input 'name' is a string: got 12; quote it to pass a string [wiring]",
    ]);
    expect(
      await problemsOf(
        '.github/workflows/call.yml',
        call("      parallel: ${{ github.run_number }}\n      dry-run: true\n      name: '12'\n"),
      ),
    ).toEqual([]);
  });

  test('a required action input fed only an optional, empty-by-default workflow input needs a fallback or an if:', async () => {
    const callable = (steps: string): string => `on:
  workflow_call:
    inputs:
      app:
        type: string
        default: ''
      region:
        type: string
        default: ams
permissions: {}
jobs:
  deploy:
    runs-on: ubuntu-latest
    permissions: {}
    steps:
${steps}`;
    expect(
      await wiringOf(
        '.github/workflows/empty.yml',
        callable('      - uses: $/deploy\n        with:\n          app: ${{ inputs.app }}\n'),
      ),
    ).toEqual([
      ".github/workflows/empty.yml:18: deploy requires 'app', but inputs.app may be empty (not required, empty default): give a fallback (`inputs.app || …`) or guard the step with an if: on inputs.app [wiring]",
    ]);
    expect(
      await wiringOf(
        '.github/workflows/empty.yml',
        callable(`      - uses: $/deploy
        with:
          app: \${{ inputs.app || 'acme' }}
      - if: \${{ inputs.app != '' }}
        uses: $/deploy
        with:
          app: \${{ inputs.app }}
      - uses: $/deploy
        with:
          app: \${{ inputs.region }}
`),
      ),
    ).toEqual([]);
  });

  test('$/<dir> and .github/actions/<name> resolve to an existing action.yml, checked like ./<dir>', async () => {
    await tree.write(
      '.github/actions/inner/action.yml',
      deployAction.replace('../dist/deploy', '../../../dist/inner'),
    );
    expect(
      await problemsOf(
        '.github/workflows/self.yml',
        workflow(`      - uses: $/nope
      - uses: $/.github/actions/inner
        with:
          apps: acme
`),
      ),
    ).toEqual([
      '.github/workflows/self.yml:9: uses: $/nope: there is no nope/action.yml [wiring]',
      ".github/workflows/self.yml:10: .github/actions/inner needs input 'app' (required, no default) [wiring]",
      ".github/workflows/self.yml:12: .github/actions/inner has no input 'apps' (inputs: app, region, strategy) [wiring]",
    ]);
    expect(
      await problemsOf(
        '.github/workflows/self.yml',
        workflow(
          '      - uses: $/.github/actions/inner\n        with:\n          app: acme\n      - uses: ./deploy\n        with:\n          app: acme\n',
        ),
      ),
    ).toEqual([]);
  });
});

describe('actionlint findings we drop', () => {
  test("only the $/ reference and job.workflow_* findings are dropped; actionlint's others are kept", async () => {
    const problems = await problemsOf(
      '.github/workflows/lint.yml',
      workflow(`      - uses: $/deploy
        with:
          app: acme
      - env:
          SHA: \${{ job.workflow_sha }}
          REPO: \${{ job.workflow_repository }}
          NOPE: \${{ job.nope }}
        run: echo "$SHA $REPO $NOPE"
`),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^\.github\/workflows\/lint\.yml:15:\d+: property "nope" is not defined.*\[expression\]$/,
      ),
    ]);
    expect(
      isKnownFalseFinding({
        kind: 'action',
        message: 'specifying action "./x" in invalid format',
        line: 1,
        column: 1,
      }),
    ).toBe(false);
  });
});

describe('examples', () => {
  test('examples/*.yml are linted as workflows; examples/deploy-services.yml is checked as a services manifest', async () => {
    await tree.write(
      'examples/caller.yml',
      workflow('      - uses: ./deploy\n        with:\n          apps: x\n'),
    );
    await tree.write(
      'examples/deploy-services.yml',
      'services:\n  - name: web\n    app: Web\n    image: a:1\n',
    );
    const problems = (await checkWorkflows(tree.root)).filter((p) => p.startsWith('examples/'));
    expect(problems).toEqual([
      "examples/caller.yml:9: deploy needs input 'app' (required, no default) [wiring]",
      "examples/caller.yml:11: deploy has no input 'apps' (inputs: app, region, strategy) [wiring]",
      'examples/deploy-services.yml:3: service "web" (services[0]), key `app`: got "Web"; expected a Fly app name (lower-case letters, digits and dashes) [manifest]',
    ]);
    await tree.write(
      'examples/deploy-services.yml',
      'services:\n  - name: web\n    app: web\n    image: a:1\n',
    );
    expect((await checkWorkflows(tree.root)).filter((p) => p.startsWith('examples/deploy-services'))).toEqual(
      [],
    );
    expect(await listWorkflowFiles(tree.root)).toEqual([
      '.github/workflows/reusable.yml',
      'examples/caller.yml',
    ]);
  });
});
