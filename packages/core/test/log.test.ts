import { afterEach, describe, expect, test } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { log } from '../src/log.ts';
import { registerSecret, resetSecretsForTests } from '../src/secrets.ts';
import { stubEnv } from '@deploy-actions/core/testing';
import { captureStdout } from './helpers.ts';

afterEach(resetSecretsForTests);

describe('log', () => {
  test('redacts every message, title and group name', async () => {
    const restore = stubEnv({ RUNNER_DEBUG: '1' });
    try {
      const { output } = await captureStdout(async () => {
        registerSecret('s3cr3t-value');
        log.info('info s3cr3t-value');
        log.debug('debug s3cr3t-value');
        log.warn('warn s3cr3t-value', { title: 'title s3cr3t-value', file: 'fly.toml', line: 3 });
        log.error('error s3cr3t-value');
        log.notice('notice s3cr3t-value');
        await log.group('group s3cr3t-value', () => Promise.resolve());
      });
      const lines = output.split('\n').filter((l) => !l.startsWith('::add-mask::'));
      expect(lines.join('\n')).not.toContain('s3cr3t-value');
      expect(lines).toEqual([
        'info ***',
        '::debug::debug ***',
        '::warning title=title ***,file=fly.toml,line=3::warn ***',
        '::error::error ***',
        '::notice::notice ***',
        '::group::group ***',
        '::endgroup::',
        '',
      ]);
    } finally {
      restore();
    }
  });

  test('group ends the group even when the body throws', async () => {
    const { output } = await captureStdout(() =>
      log.group('failing', () => Promise.reject(new Error('boom'))).catch((e: unknown) => e),
    );
    expect(output).toBe('::group::failing\n::endgroup::\n');
  });

  test('defuses workflow commands inside logged text', async () => {
    const { output } = await captureStdout(() => log.info('app says:\n::add-mask::x\n  ::stop-commands::y'));
    expect(output).not.toMatch(/^\s*::/m);
    expect(output).toContain('add-mask::x');
  });

  test('defuses the legacy ##[command] form anywhere in a line', async () => {
    const { output } = await captureStdout(() =>
      log.warn('Fly answered 500: {"error":"##[stop-commands]fly-ref"} and ##[add-mask]x', {
        title: 'a ##[error]title',
      }),
    );
    expect(output).not.toContain('##[');
    expect(output).toContain('stop-commands]fly-ref');
  });

  test('progress logs at most once per interval with elapsed and budget', async () => {
    const { output } = await captureStdout(async () => {
      const progress = log.progress('machine 1 to start', { timeoutMs: 300_000, intervalMs: 40 });
      progress.tick('state created');
      // A timer may fire a millisecond early by the wall clock that `elapsed` reads: sleep past the bound.
      await sleep(55);
      progress.tick('state starting');
      progress.tick('state starting');
      expect(progress.elapsed()).toBeGreaterThanOrEqual(50);
    });
    const lines = output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^still waiting for machine 1 to start \(\d+ms of 5m\): state starting$/);
  });
});
