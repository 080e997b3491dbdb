/** Jest: unit tests beside the code, e2e tests under test/ against a real database. */
const { availableParallelism } = require('node:os');

/**
 * Two test files at a time at least: Jest's default (cores − 1) runs them one by one on a 2-core CI
 * machine, where the e2e files mostly wait on their database (measured: the PostgreSQL suite 525 s → 360 s,
 * the embedded one 806 s → 494 s, each green). At most 4: each worker holds its own embedded database.
 */
const workers = Math.min(4, Math.max(2, availableParallelism() - 1));
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // NestJS 12 ships ESM only: compile it to CommonJS for Jest as well.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|nestjs-pino|file-type|strtok3|token-types|@tokenizer|@borewit|uint8array-extras)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};
module.exports = {
  testTimeout: 60000,
  maxWorkers: workers,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/workflows/**/*.spec.ts', '<rootDir>/test/bench/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
