import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BROWSER_SUITES } from './tests/support/browser-suites.js';
import { pgPlan, runsPg } from './tests/support/pg-plan.js';

/**
 * The server's suite on PostgreSQL (tests/support/pg-app-store.ts): every server test file but
 * the browser suites (they test pages, not the store, and are the slowest), the store's own tests
 * (they choose their stores themselves) and the tests of start-up settings, which open no store.
 */
const NOT_ON_PG = [...BROWSER_SUITES, 'packages/server/src/store/**', 'packages/server/src/config.test.ts'];
const pg = pgPlan();

export default defineConfig({
  resolve: {
    // Only the client side takes this: tests run as server-side modules and load the workspace
    // packages' built dist/ (so `npm test` builds first). Loading sources instead
    // (ssr.resolve.conditions) breaks the verifier's worker threads, which start dist/ files.
    conditions: ['source'],
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One test file per core. vitest's default keeps a core for itself (cores − 1): on CI's 2 cores
    // that ran the files one at a time, though the main process is idle once files are transformed
    // and many files wait on child processes (servers, CLIs, Chromium, PostgreSQL). `--maxWorkers`
    // on the command line still overrides this.
    maxWorkers: availableParallelism(),
    // the summary ends with the browser and PostgreSQL suites that could not run and how to run them
    reporters: ['default', './tests/support/browser-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['packages/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
          exclude: ['tests/server-on-pg.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          // without PostgreSQL, only tests/server-on-pg.test.ts: skipped with the reason (or failing on CI)
          name: 'postgres',
          include: runsPg(pg)
            ? ['packages/server/src/**/*.test.ts', 'tests/server-on-pg.test.ts']
            : ['tests/server-on-pg.test.ts'],
          exclude: NOT_ON_PG,
          ...(runsPg(pg)
            ? {
                globalSetup: ['tests/support/pg-global-setup.ts'],
                setupFiles: ['tests/support/pg-app-store.ts'],
              }
            : {}),
        },
      },
    ],
  },
});
