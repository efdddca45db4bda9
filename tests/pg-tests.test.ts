/**
 * `npm test` without PostgreSQL: the PostgreSQL suites are skipped and the run's summary names
 * them and the install command; under CI=true a missing PostgreSQL fails the run instead.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runVitest, type VitestRun } from './support/nested-vitest.js';
import { PG_NOT_RUN_MARK, pgNotRunReason, pgPlan, POSTGRESQL_INSTALL } from './support/pg-plan.js';

const nowhere = () => false;
const debian = (p: string) => p === '/usr/lib/postgresql/15/bin/initdb';

describe('pgPlan', () => {
  it('uses EVIDENT_PG_URL first, else the binaries of Debian’s postgresql or EVIDENT_PG_BIN', () => {
    expect(pgPlan({ EVIDENT_PG_URL: 'postgres://h/db' }, nowhere)).toEqual({ url: 'postgres://h/db' });
    expect(pgPlan({ EVIDENT_PG_BIN: '/opt/pg' }, (p) => p === '/opt/pg/initdb')).toEqual({ bin: '/opt/pg' });
    expect(pgPlan({ EVIDENT_PG_BIN: '/opt/pg' }, debian)).not.toHaveProperty('bin');
  });

  it('skips without PostgreSQL, saying how to install it; fails under CI', () => {
    for (const CI of [undefined, '', 'false', '0']) {
      const plan = pgPlan({ CI, EVIDENT_PG_BIN: '/nonexistent' }, nowhere);
      expect((plan as { skip: string }).skip).toContain(POSTGRESQL_INSTALL);
    }
    for (const CI of ['true', '1']) {
      const plan = pgPlan({ CI, EVIDENT_PG_BIN: '/nonexistent' }, nowhere);
      expect((plan as { fail: string }).fail).toContain(POSTGRESQL_INSTALL);
    }
  });

  it('skips on purpose with EVIDENT_SKIP_PG=1, CI and a URL included', () => {
    expect(pgPlan({ CI: 'true', EVIDENT_SKIP_PG: '1', EVIDENT_PG_URL: 'postgres://h/db' })).toHaveProperty(
      'skip',
    );
  });

  it('reads the reason back from a skipped suite title, and nothing from other titles', () => {
    expect(pgNotRunReason(`the store (${PG_NOT_RUN_MARK}no PostgreSQL)`)).toBe('no PostgreSQL');
    expect(pgNotRunReason('the store (with a remark)')).toBeUndefined();
  });
});

/** vitest on the PostgreSQL suites, in a child process, with no PostgreSQL to find. */
function runWithoutPg(env: Record<string, string>): Promise<VitestRun> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('VITEST') && !k.startsWith('EVIDENT_') && k !== 'CI' && k !== 'NODE_ENV',
    ),
  );
  const files = ['tests/server-on-pg.test.ts', 'packages/server/src/store/pg-outage.test.ts'];
  return runVitest(files, { ...base, ...env, NO_COLOR: '1', EVIDENT_PG_BIN: '/nonexistent' });
}

describe('the test run without PostgreSQL', () => {
  // both runs at once (each test awaits its own)
  let plain: Promise<VitestRun>;
  let onCi: Promise<VitestRun>;
  beforeAll(() => {
    plain = runWithoutPg({});
    onCi = runWithoutPg({ CI: 'true' });
  });

  it('passes and ends its summary with the suites not run and the install command', async () => {
    const r = await plain;
    const summary = r.output.slice(r.output.lastIndexOf('Test Files'));
    const line = summary.split('\n').find((l) => l.startsWith('PostgreSQL tests not run: ')) ?? '';
    expect(line).toContain('tests/server-on-pg.test.ts');
    expect(line).toContain('packages/server/src/store/pg-outage.test.ts');
    expect(line).toContain(POSTGRESQL_INSTALL);
    expect(r.status).toBe(0);
  }, 300_000);

  it('fails under CI=true, naming the install command', async () => {
    const r = await onCi;
    expect(r.output).toContain(`install Debian's postgresql (${POSTGRESQL_INSTALL})`);
    expect(r.status).toBe(1);
  }, 300_000);
});
