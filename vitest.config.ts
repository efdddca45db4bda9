import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Only the client side takes this: tests run as server-side modules and load the workspace
    // packages' built dist/ (so `npm test` builds first). Loading sources instead
    // (ssr.resolve.conditions) breaks the verifier's worker threads, which start dist/ files.
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
