import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { checkActionInputs } from '../lib/action-inputs.ts';
import { repoRoot } from '../lib/repo.ts';
import { tempTree } from './helpers.ts';
import type { TempTree } from './helpers.ts';

let tree: TempTree;

const SPEC = `import { input } from '@deploy-actions/core';
export const inputSpec = {
  app: input.string({ required: true }),
  mode: input.enumOf(['fast', 'safe'] as const, { default: 'safe' }),
  timeout: input.duration({ default: '5m' }),
  'proof-dir': input.string(),
};
`;

function actionYml(
  name: string,
  inputs: string,
  outputs = '  proof-file:\n    description: proof\n',
): string {
  return `name: ${name}\ndescription: fixture\ninputs:\n${inputs}outputs:\n${outputs}runs:\n  using: node24\n  main: ../dist/${name}/index.js\n`;
}

beforeAll(async () => {
  tree = await tempTree();
  await symlink(path.join(repoRoot, 'node_modules'), path.join(tree.root, 'node_modules'), 'dir');
  await tree.write('package.json', '{ "type": "module" }\n');

  // Agrees with its spec; proof-dir is declared by the action but may be left to runAction in the spec.
  await tree.write('actions/good/src/index.ts', '');
  // Its token's default is an expression the runner fills in, which the spec cannot hold.
  await tree.write(
    'actions/good/src/inputs.ts',
    SPEC.replace("  'proof-dir': input.string(),\n", '  token: input.secret(),\n'),
  );
  await tree.write(
    'good/action.yml',
    actionYml(
      'good',
      '  app:\n    required: true\n  mode:\n    default: safe\n  timeout:\n    required: false\n    default: 5m\n  proof-dir:\n    description: d\n  token:\n    default: ${{ github.token }}\n',
    ),
  );

  // Every kind of disagreement at once.
  await tree.write('actions/bad/src/index.ts', '');
  await tree.write('actions/bad/src/inputs.ts', SPEC);
  await tree.write(
    'bad/action.yml',
    actionYml(
      'bad',
      '  app:\n    required: false\n  mode:\n    default: fast\n  extra:\n    description: x\n',
      '  ok:\n    description: o\n',
    ),
  );

  // A root action whose source has no inputs module, one whose module exports no spec, and a source with no root folder.
  await tree.write('nospec/action.yml', actionYml('nospec', '  proof-dir:\n    description: d\n'));
  await tree.write('actions/nospec/src/index.ts', '');
  await tree.write('wrongname/action.yml', actionYml('wrongname', '  proof-dir:\n    description: d\n'));
  await tree.write('actions/wrongname/src/index.ts', '');
  await tree.write('actions/wrongname/src/inputs.ts', 'export const inputs = {};\n');
  await tree.write('actions/orphan/src/index.ts', '');
});

afterAll(async () => {
  await tree.remove();
});

describe('action.yml against the input spec', () => {
  test('reports every disagreement, and nothing for an action that agrees', async () => {
    const problems = await checkActionInputs(tree.root);
    expect(problems).toEqual([
      'actions/orphan/src/index.ts has no orphan/action.yml at the repository root nor in .github/actions/',
      "bad/action.yml: input 'app' is not required, the input spec says required",
      `bad/action.yml: input 'mode' has default "fast", the input spec has "safe"`,
      "bad/action.yml: input 'extra' is declared but not in the action's input spec",
      "bad/action.yml: input 'proof-dir' is missing (runAction reads it for every action)",
      "bad/action.yml: input 'timeout' must be declared, optional, with a default (runAction bounds every run by it)",
      "bad/action.yml: output 'proof-file' is missing (runAction sets it for every action)",
      'nospec: actions/nospec/src/inputs.ts is missing: each action exports its input spec as inputSpec there',
      'wrongname: could not read the input spec of actions/wrongname/src/inputs.ts: it does not export inputSpec',
    ]);
  }, 30_000);

  test('a required input with a default, a default where the spec has none, and a wrong main are caught', async () => {
    await tree.write(
      'good/action.yml',
      actionYml(
        'good',
        '  app:\n    required: true\n    default: web\n  mode:\n    default: safe\n  timeout:\n    default: 5m\n  proof-dir:\n    default: /tmp/proof\n  token:\n    default: ${{ github.token }}\n',
      ).replace('../dist/good/index.js', 'dist/index.js'),
    );
    const problems = (await checkActionInputs(tree.root)).filter((p) => p.startsWith('good/'));
    expect(problems).toEqual([
      `good/action.yml: input 'app' has default "web", the input spec has none`,
      "good/action.yml: input 'proof-dir' must be optional with no default (runAction defaults it to $RUNNER_TEMP/deploy-proof)",
      "good/action.yml: runs must be 'using: node24' with 'main: ../dist/good/index.js'",
    ]);
  }, 30_000);

  test('an internal action in .github/actions is checked against its source, with its own main path', async () => {
    await tree.write('actions/inner/src/index.ts', '');
    await tree.write('actions/inner/src/inputs.ts', SPEC);
    const inputs =
      '  app:\n    required: true\n  mode:\n    default: safe\n  timeout:\n    default: 5m\n  proof-dir:\n    description: d\n';
    await tree.write('.github/actions/inner/action.yml', actionYml('inner', inputs));
    let problems = (await checkActionInputs(tree.root)).filter((p) => p.includes('inner'));
    expect(problems).toEqual([
      ".github/actions/inner/action.yml: runs must be 'using: node24' with 'main: ../../../dist/inner/index.js'",
    ]);
    await tree.write(
      '.github/actions/inner/action.yml',
      actionYml('inner', inputs).replace('../dist/', '../../../dist/'),
    );
    problems = (await checkActionInputs(tree.root)).filter((p) => p.includes('inner'));
    expect(problems).toEqual([]);
  }, 30_000);
});
