import { afterAll, describe, expect, test } from '@jest/globals';
import path from 'node:path';
import {
  cleanupStep,
  formatLeaks,
  node24Path,
  repoRoot,
  runStep,
  runStepWithPost,
  startJobSteps,
} from '../src/index.ts';
import type { StepOptions, StepResult } from '../src/index.ts';

const action = path.join(repoRoot, 'test/fixtures/echo-action');
const secret = 'fly-token-9f8e7d6c';
const results: StepResult[] = [];

async function run(options: Omit<StepOptions, 'action'>): Promise<StepResult> {
  const result = await runStep({ action, ...options, inputs: { 'max-unavailable': '2', ...options.inputs } });
  results.push(result);
  return result;
}

afterAll(async () => {
  await Promise.all(results.map(cleanupStep));
});

describe('runStep with the echo fixture', () => {
  test('runs the action under Node 24 in the workspace', async () => {
    const result = await run({});
    expect(result.exitCode).toBe(0);
    expect(result.failed).toBe(false);
    expect(result.log).toMatch(/^node v24\./m);
    expect(result.log).toContain(`cwd=${result.workspace}`);
    expect(await node24Path()).toMatch(/node_modules[\\/]node[\\/]bin[\\/]node(\.exe)?$/);
  });

  test('fills defaults, keeps hyphens in INPUT_ names and evaluates github.token from the step env', async () => {
    const withToken = await run({ env: { GITHUB_TOKEN: 'ghs_test' } });
    expect(withToken.log).toContain('greeting=hello max-unavailable=2');
    expect(withToken.log).toContain('token=given');
    const withoutToken = await run({ inputs: { greeting: 'hi there' } });
    expect(withoutToken.log).toContain('greeting=hi there');
    expect(withoutToken.log).toContain('token=empty');
  });

  test('warns about undeclared inputs like the runner and does not enforce required', async () => {
    const result = await runStep({ action, inputs: { colour: 'blue' } });
    results.push(result);
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain('max-unavailable=\n');
    expect(result.annotations[0]).toEqual({
      level: 'warning',
      message: expect.stringContaining("Unexpected input(s) 'colour'") as unknown as string,
      properties: {},
    });
  });

  test('does not pass the test process environment through, only the step env', async () => {
    process.env.HARNESS_CANARY = 'from-test-process';
    try {
      const isolated = await run({});
      expect(isolated.log).toContain('canary=unset node-options=unset');
      const stepEnv = await run({ env: { HARNESS_CANARY: 'from-step-env' } });
      expect(stepEnv.log).toContain('canary=from-step-env');
    } finally {
      delete process.env.HARNESS_CANARY;
    }
  });

  test('parses outputs, state, env (heredoc), path, summary and annotations', async () => {
    const result = await run({});
    expect(result.outputs).toEqual({ greeting: 'hello', lines: 'one\ntwo\nthree' });
    expect(result.state).toEqual({ started: 'hello from main' });
    expect(result.env).toEqual({ ECHO_EXPORTED: 'line one\nline two' });
    expect(result.path).toEqual(['/opt/echo/bin']);
    expect(result.summary).toContain('<h1>Echo</h1>');
    expect(result.summary).toContain('<td>mode</td><td>ok</td>');
    expect(result.annotations).toContainEqual({
      level: 'warning',
      message: 'careful: 50% done',
      properties: { title: 'Heads up', file: 'src/a.ts', line: '3' },
    });
    expect(result.annotations).toContainEqual({
      level: 'notice',
      message: 'just so you know',
      properties: {},
    });
    // Step debug is on, so the runner echoes group commands before acting on them.
    expect(result.log).toContain(
      '::group::details\n##[group]details\n##[debug]debug detail\n::endgroup::\n##[endgroup]',
    );
  });

  test('feeds main state to post as STATE_, keeps masks, exported env and path across the job', async () => {
    const { main, post } = await runStepWithPost({
      action,
      inputs: { 'max-unavailable': '1', secret },
    });
    results.push(main);
    expect(post).toBeDefined();
    expect(post?.log).toContain('post state=hello from main');
    expect(post?.log).toContain('post secret=***');
    expect(post?.log).toContain('post exported=line one|line two path=/opt/echo/bin');
    expect(post?.runnerTemp).toBe(main.runnerTemp);
    expect(post?.leaks).toEqual([]);
  });

  test('a PATH entry added again moves to the front, as the runner prepends it once', async () => {
    const { main, post } = await runStepWithPost({
      action,
      inputs: { 'max-unavailable': '1', mode: 'paths' },
    });
    results.push(main);
    expect(main.path).toEqual(['/opt/echo/bin', '/opt/other/bin', '/opt/echo/bin']);
    expect(post?.log).toMatch(/path=\/opt\/echo\/bin:\/opt\/other\/bin$/m);
  });

  test('startJobSteps: a later step of the job keeps the masks, RUNNER_TEMP, exports and PATH of the earlier ones', async () => {
    const job = await startJobSteps({});
    const first = await job.run({ action, inputs: { 'max-unavailable': '1', secret } });
    results.push(first);
    // The second step is not given the secret as an input to mask: it prints it, and the job's mask hides it.
    const second = await job.run({
      action: path.join(repoRoot, 'test/fixtures/echo-action'),
      inputs: { 'max-unavailable': '1', greeting: `again ${secret}`, mask: 'false' },
    });
    expect(second.log).toContain('greeting=again *** max-unavailable=1');
    expect(second.runnerTemp).toBe(first.runnerTemp);
    expect(second.processEnv.ECHO_EXPORTED).toBe('line one\nline two');
    expect(second.processEnv.PATH?.startsWith('/opt/echo/bin')).toBe(true);
    expect(job.context({ GITHUB_RUN_ID: '42' })).toMatchObject({
      GITHUB_RUN_ID: '42',
      RUNNER_TEMP: first.runnerTemp,
      GITHUB_WORKSPACE: first.workspace,
    });
    // The leak check knows the job's earlier masks too: the greeting put the secret in an output, state and summary.
    expect(second.leaks.map((leak) => leak.where).sort()).toEqual(['output', 'state', 'summary']);
  });

  test('githubToken is what ${{ github.token }} gives an input default', async () => {
    expect((await run({ githubToken: 'ghs_jobToken' })).log).toContain('token=given');
    expect((await run({})).log).toContain('token=empty');
  });

  test('post-only run reads the state it is given', async () => {
    const result = await run({ phase: 'post', state: { started: 'given state' } });
    expect(result.log).toContain('post state=given state');
  });

  test('masks an ::add-mask:: value and its encodings in the log', async () => {
    const result = await run({ inputs: { secret }, secrets: [secret] });
    expect(result.masks).toContain(secret);
    expect(result.log).toContain('secret=***');
    expect(result.stdout).toContain(`::add-mask::${secret}`);
    expect(result.log).not.toContain(secret);
    expect(result.leaks).toEqual([]);
    expect(formatLeaks(result.leaks)).toBe('no leaks');
  });

  test('finds a secret the action printed without masking it', async () => {
    const result = await run({ inputs: { secret, mask: 'false' }, secrets: [secret] });
    expect(result.masks).not.toContain(secret);
    // Secret #1: #0 is ACTIONS_RUNTIME_TOKEN, the one value the runner masks before any step.
    expect(result.leaks).toEqual([{ where: 'log', form: 'raw', secret: 1 }]);
  });

  test('masks workflow secrets without the action registering them, and checks them for leaks', async () => {
    const result = await run({ inputs: { secret, mask: 'false' }, workflowSecrets: [secret] });
    expect(result.masks).toContain(secret);
    expect(result.log).toContain('secret=***');
    expect(result.leaks).toEqual([]);
    const leaky = await run({ inputs: { secret, mask: 'false', mode: 'leak' }, workflowSecrets: [secret] });
    expect(leaky.leaks).toContainEqual({ where: 'output', name: 'encoded', form: 'base64', secret: 1 });
  });

  test('finds the base64 output, the raw proof file and the raw summary of the leaky mode', async () => {
    const result = await run({ inputs: { secret, mode: 'leak' } });
    expect(result.summary).toContain('secret: ***');
    expect(result.leaks).toEqual(
      expect.arrayContaining([
        { where: 'summary', form: 'raw', secret: 1 },
        { where: 'output', name: 'encoded', form: 'base64', secret: 1 },
        {
          where: 'file',
          file: path.join(result.runnerTemp, 'deploy-proof', 'proof.json'),
          form: 'raw',
          secret: 1,
        },
      ]),
    );
    const message = formatLeaks(result.leaks);
    expect(message).toContain('found base64 in output encoded');
    expect(message).not.toContain(secret);
  });

  test('fails on a non-zero exit and reports the error annotations', async () => {
    const result = await run({ inputs: { mode: 'fail' } });
    expect(result.exitCode).toBe(1);
    expect(result.failed).toBe(true);
    expect(result.annotations).toContainEqual({
      level: 'error',
      message: 'asked to fail',
      properties: { title: 'Echo failure' },
    });
    expect(result.annotations).toContainEqual({
      level: 'error',
      message: 'echo: mode is fail',
      properties: {},
    });
  });

  test('fails the step on a heredoc without its delimiter, as the runner does', async () => {
    const result = await run({ inputs: { mode: 'bad-heredoc' } });
    expect(result.exitCode).toBe(0);
    expect(result.failed).toBe(true);
    expect(result.annotations.filter(({ level }) => level === 'error')).toEqual([
      { level: 'error', message: "Unable to process file command 'output' successfully.", properties: {} },
      {
        level: 'error',
        message: "Invalid value. Matching delimiter not found 'END_OF_VALUE'",
        properties: {},
      },
    ]);
  });

  test('reports a summary over 1 MiB as the runner does, without failing the step', async () => {
    const result = await run({ inputs: { mode: 'big-summary' } });
    expect(result.failed).toBe(false);
    expect(result.summary).toBe('');
    expect(result.annotations).toContainEqual({
      level: 'error',
      message: expect.stringMatching(
        /^\$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got 1024k\. /,
      ) as unknown as string,
      properties: {},
    });
  });

  test('cancels a step that outlives its timeout with SIGINT', async () => {
    // Long enough for Node to start and install its SIGINT handler on a busy machine: ~180 ms idle, ~900 ms on
    // two cores with three busy processes, where a 1 s timeout would kill it before the handler exists.
    const result = await run({
      inputs: { mode: 'hang' },
      timeoutMs: 3000,
      cancelGraceMs: { sigint: 200, sigterm: 200 },
    });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBe(130);
    expect(result.log).toContain('cancelled: cleaning up');
    expect(result.failed).toBe(true);
  });

  test('a cancelled run stops main with SIGINT and still runs the always() post step', async () => {
    const controller = new AbortController();
    const { main, post } = await runStepWithPost({
      action,
      inputs: { 'max-unavailable': '1', mode: 'hang' },
      signal: controller.signal,
      cancelGraceMs: { sigint: 200, sigterm: 200 },
      onLog: (line) => {
        if (line === 'waiting') controller.abort();
      },
    });
    results.push(main);
    expect(main.timedOut).toBe(false);
    expect(main.exitCode).toBe(130);
    expect(main.log).toContain('cancelled: cleaning up');
    expect(post?.exitCode).toBe(0);
    expect(post?.log).toContain('post state=hello from main');
  });

  test('refuses an action that is not node24', async () => {
    await expect(runStep({ action: path.join(repoRoot, 'test/fixtures/node20-action') })).rejects.toThrow(
      /runs.using is node20/,
    );
  });
});
