// Two projects so `npm test` can run fast unit tests before rebuilding dist/ and running the bundles.
// unit: package and action sources (real HTTP against the in-process emulator is fine here).
// integration: everything under test/, which runs the committed bundles the way the runner does.
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.jest.json' }],
};
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // One setup for both projects (jest runs a module named by several projects once).
  globalSetup: '<rootDir>/test/harness/src/fly-spec-setup.ts',
};

/** @type {import('jest').Config} */
export default {
  // test.concurrent cases (the hostile suite) mostly wait on child processes and sockets, not the CPU.
  maxConcurrency: 10,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/packages/*/test/**/*.test.ts',
        '<rootDir>/actions/*/test/**/*.test.ts',
        '<rootDir>/scripts/test/**/*.test.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
    },
  ],
};
