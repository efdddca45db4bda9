import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // workspace packages resolve to their TypeScript sources in tests (no build needed)
    conditions: ['source'],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // the summary ends with the browser suites that could not run and how to run them
    reporters: ['default', './tests/support/browser-reporter.ts'],
  },
});
