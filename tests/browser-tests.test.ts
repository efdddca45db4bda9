/**
 * `npm test` without Chromium: the browser suites are skipped and the run's summary names them
 * and the install command; under CI=true a missing browser fails the run instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserPlan, CHROMIUM_INSTALL, notRunReason, NOT_RUN_MARK } from './support/browser-plan.js';
import { BROWSER_SUITES } from './support/browser-suites.js';
import { runVitest, type VitestRun } from './support/nested-vitest.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Every suite that drives Chromium. */
const SUITES = BROWSER_SUITES;
const nowhere = () => false;
const everywhere = () => true;

describe('browserPlan', () => {
  it('runs Debian’s Chromium when it is there, or the one EVIDENT_CHROMIUM names', () => {
    expect(browserPlan({}, (p) => p === '/usr/bin/chromium')).toEqual({ run: '/usr/bin/chromium' });
    expect(browserPlan({ EVIDENT_CHROMIUM: '/opt/c' }, (p) => p === '/opt/c')).toEqual({ run: '/opt/c' });
    expect(browserPlan({ EVIDENT_CHROMIUM: '/opt/c' }, (p) => p === '/usr/bin/chromium')).not.toHaveProperty(
      'run',
    );
  });

  it('skips without a browser, saying where it looked and how to install one', () => {
    for (const CI of [undefined, '', 'false', '0']) {
      const plan = browserPlan({ CI, EVIDENT_CHROMIUM: '/nonexistent' }, nowhere);
      expect(plan).toHaveProperty('skip');
      expect((plan as { skip: string }).skip).toContain('/nonexistent');
      expect((plan as { skip: string }).skip).toContain(CHROMIUM_INSTALL);
    }
  });

  it('fails without a browser under CI', () => {
    for (const CI of ['true', '1']) {
      const plan = browserPlan({ CI }, nowhere);
      expect(plan).toHaveProperty('fail');
      expect((plan as { fail: string }).fail).toContain(CHROMIUM_INSTALL);
    }
  });

  it('skips on purpose with EVIDENT_SKIP_BROWSER=1, CI included', () => {
    expect(browserPlan({ CI: 'true', EVIDENT_SKIP_BROWSER: '1' }, everywhere)).toHaveProperty('skip');
  });

  it('reads the reason back from a skipped suite title, and nothing from other titles', () => {
    expect(notRunReason(`the voter page (${NOT_RUN_MARK}no Chromium at /x)`)).toBe('no Chromium at /x');
    expect(notRunReason('the voter page in Chromium')).toBeUndefined();
    expect(notRunReason('a suite (with a remark)')).toBeUndefined();
  });
});

/** vitest on the browser suites alone, in a child process, with `env` instead of the CI variables. */
function runSuite(env: Record<string, string>): Promise<VitestRun> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('VITEST') && k !== 'CI' && k !== 'EVIDENT_SKIP_BROWSER' && k !== 'NODE_ENV',
    ),
  );
  return runVitest(SUITES, { ...base, ...env, NO_COLOR: '1', EVIDENT_CHROMIUM: '/nonexistent' });
}

/** Every test file that drives Chromium (it calls `describeInBrowser`). */
function browserSuiteFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory() && e.name !== 'node_modules' && e.name !== 'dist') walk(rel);
      else if (
        e.name.endsWith('.test.ts') &&
        readFileSync(join(root, rel), 'utf8').includes('describeInBrowser(')
      )
        found.push(rel);
    }
  };
  for (const p of readdirSync(join(root, 'packages'))) walk(`packages/${p}/src`);
  walk('tests');
  return found.filter((f) => f !== 'tests/browser-tests.test.ts').sort(); // this file names it too
}

describe('the test run without a browser', () => {
  // both runs at once (each test awaits its own)
  let plain: Promise<VitestRun>;
  let onCi: Promise<VitestRun>;
  beforeAll(() => {
    plain = runSuite({});
    onCi = runSuite({ CI: 'true' });
  });

  it('knows every browser suite (a new one is listed here, so that its skip is checked)', () => {
    expect([...SUITES].sort()).toEqual(browserSuiteFiles());
  });

  it('passes and ends its summary with the suites not run and the install command', async () => {
    const r = await plain;
    const summary = r.output.slice(r.output.lastIndexOf('Test Files'));
    const line = summary.split('\n').find((l) => l.startsWith('Browser tests not run: ')) ?? '';
    expect(line).toContain(' — no Chromium at /nonexistent');
    for (const suite of SUITES) expect(line).toContain(suite);
    expect(summary).toContain(CHROMIUM_INSTALL);
    expect(r.status).toBe(0);
  }, 300_000);

  it('fails under CI=true, naming the install command', async () => {
    const r = await onCi;
    expect(r.output).toContain(
      `no Chromium at /nonexistent; install Debian's chromium (${CHROMIUM_INSTALL})`,
    );
    expect(r.status).toBe(1);
  }, 300_000);
});
