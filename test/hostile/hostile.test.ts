// Runs every `test/hostile/<action>.cases.ts`: an action joins the hostile suite by adding that file, nothing else.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startFlyEmulator, type FlyEmulator } from '@deploy-actions/fly-emulator';
import { contractRecorder } from '@deploy-actions/harness';
import { countByKind, runHostileCase, type HostileSuite } from './suite.ts';

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here)
  .filter((name) => name.endsWith('.cases.ts'))
  .sort();
const suites = await Promise.all(
  files.map(async (name) => {
    const module = (await import(pathToFileURL(join(here, name)).href)) as { default: HostileSuite };
    return module.default;
  }),
);

test('every cases file holds a suite, and together they reach the minimum counts of the issue', () => {
  expect(files.length).toBeGreaterThan(0);
  const total = countByKind(suites.flatMap((s) => s.cases));
  expect(total.leak).toBeGreaterThanOrEqual(40);
  expect(total.input).toBeGreaterThanOrEqual(60);
  expect(total.fault).toBeGreaterThanOrEqual(30);
});

for (const suite of suites) {
  describe(`hostile: ${suite.action}`, () => {
    const fly: { emulator?: FlyEmulator } = {};
    const contract = contractRecorder();

    beforeAll(async () => {
      if (suite.emulator !== undefined) {
        fly.emulator = await startFlyEmulator(suite.emulator, { onResponse: contract.onResponse });
      }
    });

    afterAll(async () => {
      await fly.emulator?.close();
    });

    test('case names are unique', () => {
      const names = suite.cases.map((c) => c.name);
      expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    });

    // A suite may have no case of some kind (an action that makes no network call has no network fault).
    const kinds = (['leak', 'input', 'fault'] as const).filter((kind) =>
      suite.cases.some((c) => c.kind === kind),
    );
    describe.each(kinds)('%s', (kind) => {
      const cases = suite.cases.filter((c) => c.kind === kind);
      test.concurrent.each(cases.map((c) => [c.name, c] as const))(
        '%s',
        async (_name, testCase) => {
          await runHostileCase(suite, testCase, fly);
        },
        60_000,
      );
    });

    if (suite.emulator !== undefined) {
      test('every emulator answer conforms to the spec, and a read-only action changed nothing', () => {
        expect(contract.records.length).toBeGreaterThan(0);
        expect(contract.violations()).toEqual([]);
        if (suite.readOnly === true) {
          const changes = fly.emulator
            ?.state()
            .requests.filter((r) => r.method !== 'GET')
            .map((r) => `${r.method} ${r.path}`);
          expect(changes).toEqual([]);
        }
      });
    }
  });
}
