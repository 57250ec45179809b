/** One jest run for unit specs (beside the code) and end-to-end tests (under test/), as two projects. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const moduleNameMapper = {
  '^@gongkai/(event-store|domain|projections|sinks|open-data|write-engine|runtime)$': '<rootDir>/libs/$1/src/index.ts',
};

const project = (displayName, testMatch) => ({
  displayName,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testMatch,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  setupFiles: ['<rootDir>/test/support/fast-check-seed.ts'],
});

/**
 * Two tiers, run together by `jest` and apart with `--selectProjects`: `unit` is every spec beside the code
 * (`npm run test:unit`), `e2e` the tests under test/ that start the real service, CLI or brokers.
 */
module.exports = {
  projects: [
    project('unit', ['<rootDir>/{apps,libs}/**/*.spec.ts']),
    project('e2e', ['<rootDir>/test/**/*.test.ts']),
  ],
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
};
