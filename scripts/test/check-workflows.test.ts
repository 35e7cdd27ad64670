import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { checkWorkflows, listWorkflowFiles } from '../lib/check-workflows.ts';
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
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ inputs.app }}"
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
      workflow(`      - uses: actions/checkout@v5
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
jobs:
  call:
    uses: ./.github/workflows/reusable.yml
    with:
      app: acme
    secrets:
      fly-token: \${{ secrets.FLY_API_TOKEN }}
  inherit:
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
      ".github/workflows/caller.yml:5: .github/workflows/reusable.yml needs input 'app' (required, no default) [wiring]",
      ".github/workflows/caller.yml:5: .github/workflows/reusable.yml needs secret 'fly-token' (required) [wiring]",
      ".github/workflows/caller.yml:7: .github/workflows/reusable.yml has no workflow_call input 'application' [wiring]",
      ".github/workflows/caller.yml:9: .github/workflows/reusable.yml has no workflow_call secret 'fly-tokens' [wiring]",
      '.github/workflows/caller.yml:11: there is no .github/workflows/missing.yml [wiring]',
    ]);
  });

  test('actionlint reports a syntax error with file and line', async () => {
    await tree.write('.github/workflows/broken.yml', workflow('      - run: echo hi\n    runs-on: [\n'));
    const problems = await checkWorkflows(tree.root);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\.github\/workflows\/broken\.yml:\d+:\d+: .*\[syntax-check\]$/);
  });

  test('actionlint reports an expression error', async () => {
    await tree.write('.github/workflows/expr.yml', workflow('      - run: echo "${{ github.nope }}"\n'));
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
