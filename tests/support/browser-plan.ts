/**
 * Where the browser suites find Chromium, and what they do without it. Debian's Chromium
 * (/usr/bin/chromium, or EVIDENT_CHROMIUM), never a downloaded browser. Without it a suite is
 * skipped with the reason in its title, which the browser reporter (browser-reporter.ts) lists at
 * the end of the run; on CI (CI=true) a missing browser fails the suite instead, so that CI never
 * passes without running them. EVIDENT_SKIP_BROWSER=1 skips them on purpose, CI included.
 * No vitest import here: the reporter, which runs outside the test workers, loads this module too.
 * @module
 */
import { existsSync } from 'node:fs';

/** How to get the browser. */
export const CHROMIUM_INSTALL = 'apt-get install -y chromium';
/** What a skipped browser suite's title ends with, before the reason. */
export const NOT_RUN_MARK = 'browser tests not run: ';

/** Run with this Chromium, skip (with the reason), or fail (with the message). */
export type BrowserPlan = { readonly run: string } | { readonly skip: string } | { readonly fail: string };

const truthy = (v: string | undefined): boolean => v !== undefined && !['', '0', 'false'].includes(v);

/** What the browser suites do in this environment. */
export function browserPlan(
  env: Readonly<Record<string, string | undefined>> = process.env,
  exists: (path: string) => boolean = existsSync,
): BrowserPlan {
  if (env['EVIDENT_SKIP_BROWSER'] === '1') return { skip: 'EVIDENT_SKIP_BROWSER=1 (unset it to run them)' };
  const path = env['EVIDENT_CHROMIUM'] ?? '/usr/bin/chromium';
  if (exists(path)) return { run: path };
  const missing = `no Chromium at ${path}; install Debian's chromium (${CHROMIUM_INSTALL}) to run them`;
  if (truthy(env['CI'])) return { fail: `${missing} (CI=${env['CI']}: CI must run the browser tests)` };
  return { skip: missing };
}

/** The reason a suite of this title was not run, if it is a skipped browser suite. */
export function notRunReason(suiteTitle: string): string | undefined {
  const i = suiteTitle.lastIndexOf(`(${NOT_RUN_MARK}`);
  return i < 0 || !suiteTitle.endsWith(')') ? undefined : suiteTitle.slice(i + NOT_RUN_MARK.length + 1, -1);
}
