/**
 * The SQLite store's election rows across processes (spec/server-api.md §6.6): a node keeps the
 * rows it read until its change feed looks again (`noticeMs`), and `getElection(id, {fresh})`
 * reads around them — another connection's commit of a moment ago, and the kept row with it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite-store.js';
import type { ElectionRow } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'evident-fresh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const row = (state: ElectionRow['state']): ElectionRow => ({
  id: 'e1',
  state,
  profile: 'p',
  manifest: '{}',
  config: '{}',
  init: null,
  createdAt: 1,
  updatedAt: 1,
});

it('a kept row stays until the feed looks again; a fresh read gets the other process’s commit', async () => {
  const path = join(dir, 'shared.db');
  const a = openSqliteStore({ path });
  // b's feed looks once a minute: longer than this test
  const b = openSqliteStore({ path, noticeMs: 60_000 });
  const heard: string[] = [];
  b.onCommit((ids) => heard.push(...ids));
  await a.commit([{ kind: 'election', row: row('credentials-issued') }]);
  expect((await b.getElection('e1'))?.state).toBe('credentials-issued');
  await a.commit([{ kind: 'election', row: row('open') }]);
  // the seam: b answers from the row it keeps
  expect((await b.getElection('e1'))?.state).toBe('credentials-issued');
  expect((await b.getElection('e1', { fresh: true }))?.state).toBe('open');
  // the kept row is the fresh one now, and b's listeners were told of the commit
  expect((await b.getElection('e1'))?.state).toBe('open');
  expect(heard).toContain('e1');
  await Promise.all([a.close(), b.close()]);
});
