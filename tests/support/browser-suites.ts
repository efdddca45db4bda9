/**
 * Every suite that drives Chromium: tests/browser-tests.test.ts checks the list against the files
 * that call `describeInBrowser`, and vitest.config.ts keeps them out of the PostgreSQL project.
 * @module
 */
export const BROWSER_SUITES: readonly string[] = [
  'packages/server/src/voter/voter-page.test.ts',
  'packages/server/src/voter/voter-page-states.test.ts',
  'packages/server/src/display/display-page.test.ts',
  'packages/server/src/tracker/tracker-page.test.ts',
  'packages/server/src/officials/officials-page.test.ts',
  'packages/polling-station/src/ui/station-browser.test.ts',
  'packages/server/src/pages/page-languages.test.ts',
  'packages/polling-station/src/ui/station-languages-browser.test.ts',
  'tests/report-browser.test.ts',
  'packages/server/src/display/display-memory.test.ts',
  'packages/server/src/display/display-ranked.test.ts',
  'packages/server/src/identity/oidc-login-browser.test.ts',
];
