import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeployActionError } from '../src/errors.ts';
import { type ProofRecord } from '../src/proof.ts';
import { runAction } from '../src/run.ts';
import { registerSecret, resetSecretsForTests } from '../src/secrets.ts';
import { clearInputs, setInputs, stubEnv } from '@deploy-actions/core/testing';
import { captureStdout, tempDir } from './helpers.ts';

let dir: string;
let remove: () => Promise<void>;
let restoreEnv: () => void;

beforeEach(async () => {
  ({ dir, remove } = await tempDir());
  setInputs({ 'proof-dir': dir });
  // Outputs then go to stdout as commands, where the tests can see them.
  restoreEnv = stubEnv({ GITHUB_OUTPUT: undefined, RUNNER_DEBUG: '1', GITHUB_RUN_ID: undefined });
});

afterEach(async () => {
  process.exitCode = undefined;
  restoreEnv();
  clearInputs();
  resetSecretsForTests();
  await remove();
});

async function onlyProof(): Promise<ProofRecord> {
  const files = await readdir(dir);
  expect(files).toHaveLength(1);
  return JSON.parse(await readFile(join(dir, files[0] ?? ''), 'utf8')) as ProofRecord;
}

/** Workflow commands in `output`, unescaped the way the runner reads them. */
function commands(output: string, name: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith(`::${name}`))
    .map((line) =>
      line
        .slice(line.indexOf('::', 2) + 2)
        .replace(/%0A/g, '\n')
        .replace(/%25/g, '%'),
    );
}

describe('runAction', () => {
  test('success: runs cleanups last-first, writes the proof and sets proof-file', async () => {
    const order: string[] = [];
    const { output } = await captureStdout(() =>
      runAction('fly-deploy', async (ctx) => {
        ctx.onCleanup(() => void order.push('first registered'));
        ctx.onCleanup(async () => {
          await sleep(1);
          order.push('second registered');
        });
        ctx.proof.step('deploy', 'ok');
        ctx.proof.setApp('api');
        order.push('body');
        await Promise.resolve();
      }),
    );
    expect(order).toEqual(['body', 'second registered', 'first registered']);
    expect(process.exitCode).toBeUndefined();
    const proof = await onlyProof();
    expect(proof).toMatchObject({
      action: 'fly-deploy',
      outcome: 'success',
      app: 'api',
      steps: [{ what: 'deploy' }],
    });
    expect(proof.error).toBeUndefined();
    const [file] = await readdir(dir);
    expect(commands(output, 'set-output')).toEqual([join(dir, file ?? '')]);
    expect(output).not.toContain('::error::');
  });

  test('user error: fails with "<name>: <message>", the hint and the request id, redacted', async () => {
    const { output } = await captureStdout(() =>
      runAction('preflight-secrets', async () => {
        registerSecret('fo1_leaky-token');
        await Promise.resolve();
        throw Object.assign(
          new DeployActionError('token fo1_leaky-token cannot reach app "api" (403)', {
            code: 'fly-forbidden',
            hint: 'Create a token in the organization that owns the app: fly tokens create deploy -a api',
          }),
          { requestId: '01HZXREQUEST' },
        );
      }),
    );
    expect(process.exitCode).toBe(1);
    expect(commands(output, 'error')).toEqual([
      'preflight-secrets: token *** cannot reach app "api" (403)\n' +
        'What to do: Create a token in the organization that owns the app: fly tokens create deploy -a api\n' +
        'Fly request id: 01HZXREQUEST',
    ]);
    expect(output).not.toMatch(/::debug::.*at /);
    const proof = await onlyProof();
    expect(proof.outcome).toBe('failure');
    expect(proof.error).toEqual({
      code: 'fly-forbidden',
      message: 'token *** cannot reach app "api" (403)',
      hint: 'Create a token in the organization that owns the app: fly tokens create deploy -a api',
      requestId: '01HZXREQUEST',
    });
  });

  test('unexpected error: same format, a bug hint, and the stack in debug', async () => {
    const { output } = await captureStdout(() =>
      runAction('health-gate', () => Promise.reject(new TypeError('cannot read properties of undefined'))),
    );
    expect(process.exitCode).toBe(1);
    const [failure] = commands(output, 'error');
    expect(failure).toMatch(
      /^health-gate: cannot read properties of undefined\nWhat to do: This looks like a bug/,
    );
    expect(
      commands(output, 'debug').some(
        (line) => line.startsWith('TypeError: cannot read') && line.includes(' at '),
      ),
    ).toBe(true);
    expect((await onlyProof()).error).toMatchObject({ code: 'unexpected-error' });
  });

  test('SIGTERM aborts the signal, lets cleanups run, records cancelled and removes its listeners', async () => {
    const before = process.listenerCount('SIGTERM');
    const beforeInt = process.listenerCount('SIGINT');
    let cleaned = false;
    const { output } = await captureStdout(() =>
      runAction('fly-deploy', async (ctx) => {
        ctx.onCleanup(() => {
          cleaned = true;
        });
        expect(process.listenerCount('SIGTERM')).toBe(before + 1);
        setImmediate(() => process.emit('SIGTERM', 'SIGTERM'));
        await sleep(10_000, undefined, { signal: ctx.signal });
      }),
    );
    expect(cleaned).toBe(true);
    expect(process.exitCode).toBe(1);
    expect(process.listenerCount('SIGTERM')).toBe(before);
    expect(process.listenerCount('SIGINT')).toBe(beforeInt);
    expect(commands(output, 'error')[0]).toMatch(/^fly-deploy: cancelled by SIGTERM\nWhat to do: /);
    const proof = await onlyProof();
    expect(proof.outcome).toBe('cancelled');
    expect(proof.error?.code).toBe('cancelled');
  });

  test('a body that returns normally after SIGINT still ends cancelled', async () => {
    await captureStdout(() =>
      runAction('rollback-on-failure', async (ctx) => {
        process.emit('SIGINT', 'SIGINT');
        expect(ctx.signal.aborted).toBe(true);
        await Promise.resolve();
      }),
    );
    expect(process.exitCode).toBe(1);
    expect((await onlyProof()).outcome).toBe('cancelled');
  });

  test('a failing cleanup is logged and recorded without hiding the outcome', async () => {
    const { output } = await captureStdout(() =>
      runAction('fly-deploy', async (ctx) => {
        ctx.onCleanup(() => {
          throw new Error('lease already released');
        });
        await Promise.resolve();
      }),
    );
    expect(commands(output, 'warning')).toEqual(['fly-deploy: cleanup failed: lease already released']);
    const proof = await onlyProof();
    expect(proof.outcome).toBe('success');
    expect(proof.steps).toMatchObject([
      { what: 'cleanup', result: 'failed', detail: 'lease already released' },
    ]);
  });

  test('the timeout input aborts the signal with code timeout; a body that then reports and returns keeps its result', async () => {
    setInputs({ 'proof-dir': dir, timeout: '1s' });
    let deadline = 0;
    let reason: unknown;
    const started = Date.now();
    await captureStdout(() =>
      runAction('preflight-secrets', async (ctx) => {
        deadline = ctx.deadline;
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
        reason = ctx.signal.reason;
        ctx.proof.step('checks not verified', 'info');
      }),
    );
    expect(deadline).toBeGreaterThanOrEqual(started + 1000);
    expect(reason).toMatchObject({ code: 'timeout' });
    expect(process.exitCode).toBeUndefined();
    expect((await onlyProof()).outcome).toBe('success');
  });

  test('a body that fails on the timeout ends as a timeout failure naming the input', async () => {
    setInputs({ 'proof-dir': dir, timeout: '1s' });
    const { output } = await captureStdout(() =>
      runAction('fly-deploy', async (ctx) => {
        await new Promise((_resolve, reject) =>
          ctx.signal.addEventListener('abort', () => reject(new Error('The operation was aborted'))),
        );
      }),
    );
    expect(process.exitCode).toBe(1);
    expect(commands(output, 'error')).toEqual([
      expect.stringMatching(
        /^fly-deploy: did not finish within 1s \(the timeout input\)\nWhat to do: .*timeout/,
      ),
    ]);
    expect((await onlyProof()).error?.code).toBe('timeout');
  });

  test('a bad timeout fails the run even when the body reads no inputs', async () => {
    setInputs({ 'proof-dir': dir, timeout: 'soon' });
    const { output } = await captureStdout(() => runAction('fly-deploy', () => Promise.resolve()));
    expect(process.exitCode).toBe(1);
    expect(commands(output, 'error')).toEqual([expect.stringMatching(/input "timeout": got "soon"/)]);
  });

  test('##[ runner commands in an error are defused', async () => {
    const { output } = await captureStdout(() =>
      runAction('fly-deploy', () =>
        Promise.reject(new DeployActionError('proxy said ##[stop-commands]x', { code: 'x' })),
      ),
    );
    expect(output).not.toContain('##[stop-commands]');
  });

  test('records the GitHub run context as a fact', async () => {
    const restore = stubEnv({ GITHUB_RUN_ID: '42', GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: 'abc123' });
    try {
      await captureStdout(() => runAction('proof-upload', () => Promise.resolve()));
    } finally {
      restore();
    }
    expect((await onlyProof()).facts.github).toMatchObject({
      runId: '42',
      repository: 'acme/shop',
      sha: 'abc123',
    });
  });
});
