import { afterEach, describe, expect, test } from '@jest/globals';
import { InputError } from '@deploy-actions/core';
import { getInputs } from '../src/inputs.ts';

const set: string[] = [];

/** Sets the step's inputs the way the runner does (`INPUT_<NAME>`, hyphens kept). */
function given(inputs: Record<string, string>, env: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(inputs)) {
    const key = `INPUT_${name.toUpperCase()}`;
    process.env[key] = value;
    set.push(key);
  }
  for (const [name, value] of Object.entries(env)) {
    process.env[name] = value;
    set.push(name);
  }
}

afterEach(() => {
  for (const key of set.splice(0)) delete process.env[key];
});

function problems(): string[] {
  try {
    getInputs();
  } catch (error) {
    if (error instanceof InputError) return error.problems.map((p) => `${p.input}: ${p.allowed}`);
    throw error;
  }
  return [];
}

describe('health-gate getInputs', () => {
  test('the defaults make the policy documented in action.yml', () => {
    given({ targets: 'https://web.example.com/health' });
    expect(getInputs()).toMatchObject({
      policy: {
        timeoutMs: 120_000,
        intervalMs: 2000,
        warmupMs: 0,
        consecutiveSuccesses: 3,
        failureLimit: 3,
        errorLimit: 5,
      },
      onInconclusive: 'fail',
      dryRun: false,
    });
    expect(getInputs().version).toBeUndefined();
    expect(getInputs().fly).toBeUndefined();
  });

  test('expect-version with a header or a JSON path', () => {
    given({ targets: 'https://web.example.com/', 'expect-version': 'v2', 'version-header': 'X-Release' });
    expect(getInputs().version).toEqual({ expected: 'v2', path: ['version'], header: 'x-release' });
  });

  test('inputs that only make sense together are reported together', () => {
    given({
      targets: 'https://web.example.com/',
      timeout: '10s',
      interval: '30s',
      warmup: '10s',
      'version-header': 'X-Release',
      'per-machine': 'true',
      'release-label': 'abc123',
      'version-path': 'version',
    });
    expect(problems()).toEqual([
      expect.stringMatching(/^version-path: a JSON path starts with \$/),
      expect.stringMatching(/^version-header: version-header says where to find expect-version/),
      expect.stringMatching(/^interval: an interval no longer than timeout \(30s > 10s\)/),
      expect.stringMatching(/^warmup: a warmup shorter than timeout/),
      expect.stringMatching(/^per-machine: per-machine is about the Fly app; set app too/),
      expect.stringMatching(/^release-label: release-label is about the Fly app; set app too/),
    ]);
  });

  test('app needs a token, from the input or FLY_API_TOKEN', () => {
    given({ targets: 'https://web.example.com/', app: 'acme-web' });
    expect(problems()).toEqual([expect.stringMatching(/^fly-api-token: a Fly API token .* it is missing/)]);
    given({}, { FLY_API_TOKEN: 'fo1_fromTheEnv0123456789abcdef' });
    expect(getInputs().fly).toEqual({
      app: 'acme-web',
      token: 'fo1_fromTheEnv0123456789abcdef',
      apiUrl: 'https://api.machines.dev',
      perMachine: false,
    });
  });
});
