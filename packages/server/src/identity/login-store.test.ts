/** The relying party's memory: a pending login is taken once and expires; sessions expire; both are capped. */
import { describe, expect, it } from 'vitest';
import {
  bindingHash,
  memoryLoginStore,
  PENDING_MS,
  sameBrowser,
  STORE_CAP,
  type PendingLogin,
} from './login-store.js';

const pending = (startedAt: number, binding = 'b'): PendingLogin => ({
  electionId: 'e1',
  lang: 'fr',
  codeVerifier: 'v',
  nonce: 'n',
  binding: bindingHash(binding),
  startedAt,
});

describe('login store', () => {
  it('gives a pending login once, then remembers only its election and language', () => {
    const s = memoryLoginStore();
    s.addPending('st', pending(0));
    expect(s.takePending('st', 1000)?.codeVerifier).toBe('v');
    expect(s.takePending('st', 1000)).toBeUndefined();
    expect(s.spentLogin('st', 1000)).toEqual({ electionId: 'e1', lang: 'fr' });
    expect(s.spentLogin('st', 2 * PENDING_MS + 1)).toBeUndefined();
  });

  it('refuses a pending login older than 10 minutes', () => {
    const s = memoryLoginStore();
    s.addPending('st', pending(0));
    expect(s.takePending('st', PENDING_MS + 1)).toBeUndefined();
  });

  it('binds a login to the browser cookie it was started with', () => {
    expect(sameBrowser(pending(0, 'cookie-a'), 'cookie-a')).toBe(true);
    expect(sameBrowser(pending(0, 'cookie-a'), 'cookie-b')).toBe(false);
    expect(sameBrowser(pending(0, 'cookie-a'), undefined)).toBe(false);
  });

  it('ends a session at its expiry and on logout', () => {
    const s = memoryLoginStore();
    const id = s.openSession({ electionId: 'e1', voterId: 'voter-1', expiresAt: 5000 });
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.session(id, 4999)?.voterId).toBe('voter-1');
    expect(s.session(id, 5000)).toBeUndefined();
    const id2 = s.openSession({ electionId: 'e1', voterId: 'voter-1', expiresAt: 5000 });
    s.closeSession(id2);
    expect(s.session(id2, 0)).toBeUndefined();
  });

  it('drops the oldest when full', () => {
    const s = memoryLoginStore();
    for (let i = 0; i <= STORE_CAP; i++) s.addPending(`st${i}`, pending(0));
    expect(s.peekPending('st0')).toBeUndefined();
    expect(s.peekPending('st1')).toBeDefined();
    expect(s.peekPending(`st${STORE_CAP}`)).toBeDefined();
  });
});
