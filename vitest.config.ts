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
  },
});
