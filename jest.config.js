// One jest run for the whole repo: unit tests in parallel, integration tests against one shared
// local stack (started once by @sluice/stack's globalSetup, reused if already running).
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
  // flink-jobs is the one workspace outside packages/ (a Maven project that is also an npm package).
  moduleNameMapper: { '^@sluice/flink-jobs$': '<rootDir>/flink-jobs/src', '^@sluice/([a-z-]+)$': '<rootDir>/packages/$1/src' },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/packages/*/test/**/*.test.ts', '<rootDir>/flink-jobs/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/integration/'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/packages/*/test/integration/**/*.test.ts'],
      // Shims that load packages/stack/dist/jest/* when the integration project runs: jest checks these
      // paths even for `--selectProjects unit`, and a fresh clone has no dist/ yet.
      globalSetup: '<rootDir>/jest.integration-global-setup.js',
      globalTeardown: '<rootDir>/jest.integration-global-teardown.js',
      setupFilesAfterEnv: ['<rootDir>/jest.integration-setup.js'],
      slowTestThreshold: 60,
    },
  ],
};
