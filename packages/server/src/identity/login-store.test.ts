/**
 * The relying party's state, in memory and in the store (shared by nodes): a pending login is
 * taken once and expires; sessions expire; the memory one is capped; the store's is seen by
 * another node on the same database file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite-store.js';
import {
  bindingHash,
  memoryLoginStore,
  PENDING_MS,
  sameBrowser,
  STORE_CAP,
  type LoginStore,
  type PendingLogin,
} from './login-store.js';
import { sharedLoginStore } from './shared-login-store.js';

const pending = (startedAt: number, binding = 'b'): PendingLogin => ({
  electionId: 'e1',
  lang: 'fr',
  codeVerifier: 'v',
  nonce: 'n',
  binding: bindingHash(binding),
  startedAt,
});

const kinds: [string, () => LoginStore][] = [
  ['in memory', memoryLoginStore],
  ['in the store', () => sharedLoginStore(openSqliteStore({ path: ':memory:' }), () => 0)],
];

describe.each(kinds)('login store %s', (_name, make) => {
  it('gives a pending login once, then remembers only its election and language', async () => {
    const s = make();
    await s.addPending('st', pending(0));
    expect((await s.takePending('st', 1000))?.codeVerifier).toBe('v');
    expect(await s.takePending('st', 1000)).toBeUndefined();
    expect(await s.spentLogin('st', 1000)).toEqual({ electionId: 'e1', lang: 'fr' });
    expect(await s.spentLogin('st', 2 * PENDING_MS + 1)).toBeUndefined();
  });

  it('keeps the browser binding', async () => {
    const s = make();
    await s.addPending('st', pending(0, 'cookie-a'));
    expect(sameBrowser((await s.peekPending('st'))!, 'cookie-a')).toBe(true);
    expect(sameBrowser((await s.takePending('st', 0))!, 'cookie-b')).toBe(false);
  });

  it('refuses a pending login older than 10 minutes', async () => {
    const s = make();
    await s.addPending('st', pending(0));
    expect(await s.takePending('st', PENDING_MS + 1)).toBeUndefined();
  });

  it('ends a session at its expiry and on logout; extends a live one', async () => {
    const s = make();
    const id = await s.openSession({ electionId: 'e1', voterId: 'voter-1', expiresAt: 5000 });
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await s.session(id, 4999))?.voterId).toBe('voter-1');
    expect(await s.session(id, 5000)).toBeUndefined();
    expect(await s.extendSession(id, 5000, 9000)).toBeUndefined();
    const id2 = await s.openSession({ electionId: 'e1', voterId: 'voter-1', expiresAt: 5000 });
    expect((await s.extendSession(id2, 100, 9000))?.expiresAt).toBe(9000);
    expect((await s.session(id2, 8999))?.voterId).toBe('voter-1');
    await s.closeSession(id2);
    expect(await s.session(id2, 0)).toBeUndefined();
  });
});

describe('login store', () => {
  it('binds a login to the browser cookie it was started with', () => {
    expect(sameBrowser(pending(0, 'cookie-a'), 'cookie-a')).toBe(true);
    expect(sameBrowser(pending(0, 'cookie-a'), 'cookie-b')).toBe(false);
    expect(sameBrowser(pending(0, 'cookie-a'), undefined)).toBe(false);
  });

  it('in memory: drops the oldest when full', async () => {
    const s = memoryLoginStore();
    for (let i = 0; i <= STORE_CAP; i++) await s.addPending(`st${i}`, pending(0));
    expect(await s.peekPending('st0')).toBeUndefined();
    expect(await s.peekPending('st1')).toBeDefined();
    expect(await s.peekPending(`st${STORE_CAP}`)).toBeDefined();
  });

  it('in the store: a login started on one node is finished on another, once; its session is valid on both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evident-logins-'));
    const a = openSqliteStore({ path: join(dir, 'db') });
    const b = openSqliteStore({ path: join(dir, 'db') });
    try {
      const [na, nb] = [sharedLoginStore(a, () => 0), sharedLoginStore(b, () => 0)];
      await na.addPending('st', pending(0));
      const [ta, tb] = await Promise.all([nb.takePending('st', 1), na.takePending('st', 1)]);
      expect([ta, tb].filter((p) => p !== undefined).length).toBe(1);
      const id = await nb.openSession({ electionId: 'e1', voterId: 'voter-1', expiresAt: 5000 });
      expect((await na.session(id, 1))?.voterId).toBe('voter-1');
      await na.closeSession(id);
      expect(await nb.session(id, 1)).toBeUndefined();
      // expired rows are purged as logins start
      await na.addPending('old', pending(0));
      await nb.addPending('new', { ...pending(0), startedAt: 3 * PENDING_MS });
      const purging = sharedLoginStore(a, () => 2 * PENDING_MS);
      await purging.addPending('x', pending(2 * PENDING_MS));
      expect(await na.peekPending('old')).toBeUndefined();
      expect(await na.peekPending('new')).toBeDefined();
    } finally {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
