import { describe, expect, test } from '@jest/globals';
import { runDemo } from '../demo/run.ts';

describe('npm run demo', () => {
  test('replays its scenarios against the embedded emulator, each ending as expected with nothing leaked', async () => {
    const results = await runDemo();
    expect(results.map((r) => [r.scenario.title, r.exitCode, r.leaks, r.asExpected])).toEqual(
      results.map((r) => [r.scenario.title, r.scenario.expectExit, '', true]),
    );
    const [clean, incident1, incident3] = results;
    expect(clean?.summary).toContain('can read app acme-web in acme');
    expect(incident1?.outputs.invalid).toBe('FLY_API_TOKEN');
    expect(incident1?.summary).toContain('the token belongs to globex');
    expect(incident3?.outputs.missing).toBe(
      'TF_API_TOKEN,REGISTRY_TOKEN,OPENAI_API_KEY,SLACK_WEBHOOK,acme-web:REDIS_URL',
    );
    expect(incident3?.outputs.invalid).toBe('DATABASE_URL');
    // Three steps, each a Node 24 process loading the bundle: 3-4 s on a loaded two-core machine, past jest's 5 s
    // default under heavier load. A deadline against hanging, not a speed target.
  }, 60_000);
});
