/**
 * The first start's administrator token on a store several nodes share (spec/server-api.md §3,
 * §6.6): two nodes (two connections to one store, as two processes have) bootstrapping at once
 * store exactly one token — the one whose call says so — and a later start stores none.
 * On SQLite here; the `postgres` project runs the same file on one PostgreSQL schema.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import { bootstrapAdminToken, generateToken, hashToken } from './tokens.js';

const dir = mkdtempSync(join(tmpdir(), 'evident-bootstrap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('two nodes at once on an empty store: exactly one stores its token; a later start none', async () => {
  const path = join(dir, 'shared.db');
  const [a, b] = [await openStore(path), await openStore(path)];
  const [ta, tb] = [generateToken(), generateToken()];
  const stored = await Promise.all([bootstrapAdminToken(a, ta), bootstrapAdminToken(b, tb)]);
  expect(stored.filter((s) => s)).toHaveLength(1);
  const tokens = await b.listTokens();
  expect(tokens.map((t) => [t.role, t.label])).toEqual([['administrator', 'first start']]);
  expect(tokens[0]!.tokenHash).toBe(hashToken(stored[0] ? ta : tb));
  expect(await bootstrapAdminToken(a, generateToken())).toBe(false);
  expect(await a.listTokens()).toHaveLength(1);
  await Promise.all([a.close(), b.close()]);
});
