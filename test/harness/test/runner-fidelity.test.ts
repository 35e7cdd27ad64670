import { afterAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  cleanupStep,
  fakeRuntimeToken,
  node24Path,
  repoRoot,
  runnerNode24Version,
  runStep,
  runStepWithPost,
} from '../src/index.ts';
import type { StepOptions, StepResult } from '../src/index.ts';

// Each test cites the actions/runner source whose behaviour it checks.
const action = path.join(repoRoot, 'test/fixtures/protocol-action');
const secret = 'fly-secret-value-1'; // 18 bytes
const oddSecret = 'fly-secret-value-12'; // 19 bytes: its padded base64 ends in '='
const results: StepResult[] = [];
const tempDirs: string[] = [];

async function run(options: Omit<StepOptions, 'action'>): Promise<StepResult> {
  const result = await runStep({ action, ...options });
  results.push(result);
  return result;
}

afterAll(async () => {
  await Promise.all(results.map(cleanupStep));
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('leaks the runner shows and the harness must report', () => {
  test('base64 of a masked secret followed by a newline stays readable (ValueEncoders.cs pads base64)', async () => {
    const result = await run({ inputs: { secret: oddSecret, mode: 'base64-newline' } });
    expect(result.masks).toContain(oddSecret);
    expect(result.log).toContain(`encoded: ${Buffer.from(`${oddSecret}\n`).toString('base64')}`);
    expect(result.leaks).toContainEqual({
      where: 'log',
      form: 'base64',
      secret: result.masks.indexOf(oddSecret),
    });
  });

  test('an error body holding ##[stop-commands] before add-mask leaves the secret unmasked (ActionCommand.cs)', async () => {
    const result = await run({
      inputs: {
        before: 'Fly API answered 500: {"error":"##[stop-commands]fly-internal-ref"}',
        secret,
        mode: 'print-secret',
      },
      secrets: [secret],
    });
    expect(result.masks).not.toContain(secret);
    expect(result.log).toContain('##[stop-commands]***'); // the token itself is masked
    expect(result.leaks).toContainEqual({ where: 'log', form: 'raw', secret: result.masks.length });
  });

  test('a secret in an annotation title is shown as written (ExecutionContext.AddIssue masks the message only)', async () => {
    const result = await run({ inputs: { secret, mode: 'annotation-title' } });
    const index = result.masks.indexOf(secret);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(result.annotations).toContainEqual({
      level: 'error',
      message: 'deploy failed',
      properties: { title: `token ${secret} refused` },
    });
    expect(result.leaks).toEqual([{ where: 'annotation', name: 'title', form: 'raw', secret: index }]);
  });
});

describe('commands (ActionCommandManager.cs)', () => {
  test('command names are case-insensitive and set-env fails the step', async () => {
    const result = await run({
      inputs: { before: '::ADD-MASK::upper-case-secret\nvalue: upper-case-secret\n::Set-Env name=A::b' },
    });
    expect(result.log).toContain('value: ***');
    expect(result.exitCode).toBe(0);
    expect(result.failed).toBe(true);
    expect(result.annotations.map(({ message }) => message)).toContainEqual(
      expect.stringMatching(/^The `set-env` command is disabled/),
    );
  });
});

describe('file commands on Linux (FileCommandManager.cs)', () => {
  test('a CR before the LF stays in the value', async () => {
    const result = await run({ inputs: { mode: 'file', file: 'GITHUB_OUTPUT', text: 'a=1\r\nb=2\n' } });
    expect(result.outputs).toEqual({ a: '1\r', b: '2' });
    expect(result.failed).toBe(false);
    // With step debug on the runner logs each output it sets.
    expect(result.log).toContain('##[debug]Set output b = 2');
  });

  test('a line of only CR fails the step', async () => {
    const result = await run({ inputs: { mode: 'file', file: 'GITHUB_STATE', text: 'a=1\n\r\n' } });
    expect(result.failed).toBe(true);
    expect(result.annotations.map(({ message }) => message)).toEqual([
      "Unable to process file command 'state' successfully.",
      "Invalid format '\r'",
    ]);
  });

  test('GITHUB_ENV cannot set NODE_OPTIONS: an error, not a failure', async () => {
    const result = await run({
      inputs: { mode: 'file', file: 'GITHUB_ENV', text: 'NODE_OPTIONS=--inspect\n' },
    });
    expect(result.env).toEqual({});
    expect(result.failed).toBe(false);
    expect(result.annotations[0]?.message).toBe(
      "Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.",
    );
  });
});

describe('the environment (NodeScriptActionHandler.cs, GitHubContext.cs, Handler.cs)', () => {
  test('context values win over the step env and GITHUB_ENV; other exports reach the next step', async () => {
    const { main, post } = await runStepWithPost({
      action,
      inputs: {
        mode: 'file',
        file: 'GITHUB_ENV',
        text: 'GITHUB_SHA=from-github-env\nDEPLOY_LEVEL=from-github-env\n',
        names: 'GITHUB_SHA,RUNNER_TEMP,DEPLOY_LEVEL,INPUT_MODE',
      },
      env: { GITHUB_SHA: 'from-step-env', RUNNER_TEMP: '/from-step-env', INPUT_MODE: 'from-step-env' },
    });
    results.push(main);
    for (const result of [main, post]) {
      expect(result?.log).toContain('GITHUB_SHA=ffac537e6cbbf934b08745a378932722df287a53');
      expect(result?.log).toContain(`RUNNER_TEMP=${main.runnerTemp}`);
      expect(result?.log).toContain('INPUT_MODE=file');
    }
    expect(main.log).toContain('DEPLOY_LEVEL=<unset>');
    expect(post?.log).toContain('DEPLOY_LEVEL=from-github-env');
  });

  test('a declared input without a default arrives empty', async () => {
    const result = await run({});
    expect(result.log).toContain('no-default=[]');
    expect(result.processEnv['INPUT_NO-DEFAULT']).toBe('');
  });

  test('sets the variables the runner sets, ACTIONS_RUNTIME_TOKEN masked, each overridable', async () => {
    const names = [
      'ACTIONS_RUNTIME_TOKEN',
      'ACTIONS_RUNTIME_URL',
      'ACTIONS_RESULTS_URL',
      'ACTIONS_ID_TOKEN_REQUEST_URL',
      'GITHUB_ACTOR_ID',
      'GITHUB_REPOSITORY_ID',
      'GITHUB_WORKFLOW_REF',
      'GITHUB_WORKFLOW_SHA',
      'GITHUB_TRIGGERING_ACTOR',
      'GITHUB_RETENTION_DAYS',
      'RUNNER_TOOL_CACHE',
      'RUNNER_WORKSPACE',
    ];
    const result = await run({ inputs: { mode: 'env', names: names.join(',') } });
    expect(result.log).toContain('ACTIONS_RUNTIME_TOKEN=***');
    expect(result.log).toContain('ACTIONS_ID_TOKEN_REQUEST_URL=<unset>');
    for (const name of names.filter((name) => !name.startsWith('ACTIONS_'))) {
      expect(result.processEnv[name]).toMatch(/\S/);
    }
    expect(result.processEnv.RUNNER_WORKSPACE).toBe(path.dirname(result.workspace));
    expect(result.leaks).toEqual([]);

    const token = fakeRuntimeToken('run-1', 'job-1');
    const local = await run({
      inputs: { mode: 'env', names: 'ACTIONS_RESULTS_URL,ACTIONS_ID_TOKEN_REQUEST_TOKEN,GITHUB_SERVER_URL' },
      runtime: { token, resultsUrl: 'http://127.0.0.1:9/', runtimeUrl: 'http://127.0.0.1:9/runtime/' },
      runner: { GITHUB_SERVER_URL: 'http://github.localhost' },
      idToken: true,
    });
    expect(local.log).toContain('ACTIONS_RESULTS_URL=http://127.0.0.1:9/');
    expect(local.log).toContain('ACTIONS_ID_TOKEN_REQUEST_TOKEN=***');
    expect(local.log).toContain('GITHUB_SERVER_URL=http://github.localhost');
    expect(local.processEnv.ACTIONS_RUNTIME_TOKEN).toBe(token);
    expect(local.masks[0]).toBe(token);
  });
});

describe('action.yml checks (ActionManifestManager.cs)', () => {
  async function actionWith(runs: string): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'harness-action-'));
    tempDirs.push(dir);
    await writeFile(
      path.join(dir, 'action.yml'),
      `name: t\nruns:\n  using: node24\n  main: ${path.join(action, 'index.js')}\n${runs}`,
    );
    return dir;
  }

  test('a post-if holding ${{ }} is refused, as the runner reads post-if as a plain string', async () => {
    const dir = await actionWith(`  post: ${path.join(action, 'index.js')}\n  post-if: \${{ always() }}\n`);
    await expect(runStep({ action: dir })).rejects.toThrow(/post-if holds \$\{\{ \}\}/);
  });

  test('an action with a pre step is refused: the harness does not run it', async () => {
    const dir = await actionWith(`  pre: ${path.join(action, 'index.js')}\n`);
    await expect(runStep({ action: dir })).rejects.toThrow(/runs.pre is set/);
  });
});

describe('cancelling (ProcessInvoker.cs: SIGINT, 7.5 s, SIGTERM, 2.5 s, kill)', () => {
  test('a step ignoring SIGINT gets SIGTERM; one ignoring both is killed', async () => {
    // Shortened grace periods; the 3 s timeout leaves a busy machine time to install the handlers first.
    const grace = { sigint: 300, sigterm: 300 };
    const terminated = await run({
      inputs: { mode: 'hang', names: 'SIGINT' },
      timeoutMs: 3000,
      cancelGraceMs: grace,
    });
    expect(terminated.log).toContain('ignored SIGINT');
    expect(terminated.signal).toBe('SIGTERM');
    const killed = await run({
      inputs: { mode: 'hang', names: 'SIGINT,SIGTERM' },
      timeoutMs: 3000,
      cancelGraceMs: grace,
    });
    expect(killed.log).toContain('ignored SIGTERM');
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.failed).toBe(true);
  }, 30_000);
});

describe('Node (actions/runner src/Misc/externals.sh NODE24_VERSION)', () => {
  test('the harness runs the exact Node the runner bundles, pinned in the root package.json', async () => {
    const manifest = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(manifest.devDependencies.node).toBe(runnerNode24Version);
    const { stdout } = await promisify(execFile)(await node24Path(), ['--version']);
    expect(stdout.trim()).toBe(`v${runnerNode24Version}`);
  });
});
