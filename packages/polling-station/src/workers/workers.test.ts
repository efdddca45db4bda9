import { describe, expect, it } from 'vitest';
import { listActions } from '../store/station-db.js';
import { tempStation } from '../../test/station-fixture.js';
import { classifyWorkerSecret } from './worker-secret.js';
import { addWorker, listWorkers, LOCK_MS, MAX_FAILURES, signIn } from './workers.js';
import { createSession, endSession, sessionOf, SESSION_MS } from './sessions.js';

const T0 = Date.UTC(2026, 5, 7, 7);

describe('worker secrets', () => {
  it('takes a PIN of 6 digits or more, or a passphrase of 10 characters or more', () => {
    expect(classifyWorkerSecret('123456')).toEqual({ ok: true, kind: 'pin' });
    expect(classifyWorkerSecret('12345')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/6 digits/),
    });
    expect(classifyWorkerSecret('ten chars!')).toEqual({ ok: true, kind: 'passphrase' });
    expect(classifyWorkerSecret('nine char')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/10 characters/),
    });
  });
});

describe('poll workers', () => {
  it('adds workers, lists them without their hash, and refuses a taken name or a weak PIN', () => {
    const t = tempStation();
    try {
      addWorker(t.sdb.db, { name: 'ana', secret: '246810', by: 'administrator', now: T0, logN: 10 });
      expect(() =>
        addWorker(t.sdb.db, { name: 'ana', secret: '135791', by: 'administrator', logN: 10 }),
      ).toThrow(/ana exists/);
      expect(() =>
        addWorker(t.sdb.db, { name: 'bo', secret: '1234', by: 'administrator', logN: 10 }),
      ).toThrow(/6 digits/);
      expect(() =>
        addWorker(t.sdb.db, { name: 'Bad Name', secret: '123456', by: 'administrator', logN: 10 }),
      ).toThrow(/worker name/);
      expect(listWorkers(t.sdb.db)).toEqual([
        { name: 'ana', kind: 'pin', createdAt: new Date(T0).toISOString(), lockedUntil: 0 },
      ]);
      expect(listActions(t.sdb.db)).toMatchObject([
        { worker: 'administrator', action: 'worker-add', detail: { name: 'ana', kind: 'pin' } },
      ]);
    } finally {
      t.cleanup();
    }
  });

  it('signs in with the right secret only, and records each attempt without the secret', () => {
    const t = tempStation();
    try {
      addWorker(t.sdb.db, { name: 'ana', secret: '246810', by: 'administrator', logN: 10 });
      expect(signIn(t.sdb.db, 'ana', '246810', T0)).toEqual({ ok: true, worker: 'ana' });
      expect(signIn(t.sdb.db, 'ana', '246811', T0)).toMatchObject({ ok: false, reason: 'refused' });
      expect(signIn(t.sdb.db, 'nobody', '246810', T0)).toMatchObject({ ok: false, reason: 'refused' });
      const trail = JSON.stringify(listActions(t.sdb.db));
      expect(trail).toContain('sign-in-refused');
      expect(trail).not.toContain('24681');
    } finally {
      t.cleanup();
    }
  });

  it(`locks a worker after ${MAX_FAILURES} failures — even the right PIN is refused — until the lock ends`, () => {
    const t = tempStation();
    try {
      addWorker(t.sdb.db, { name: 'ana', secret: '246810', by: 'administrator', logN: 10 });
      for (let i = 0; i < MAX_FAILURES - 1; i++)
        expect(signIn(t.sdb.db, 'ana', '000000', T0)).toMatchObject({ reason: 'refused' });
      expect(signIn(t.sdb.db, 'ana', '000000', T0)).toMatchObject({
        ok: false,
        reason: 'locked',
        message: expect.stringMatching(/locked/),
      });
      expect(signIn(t.sdb.db, 'ana', '246810', T0 + LOCK_MS - 1)).toMatchObject({
        ok: false,
        reason: 'locked',
      });
      expect(signIn(t.sdb.db, 'ana', '246810', T0 + LOCK_MS)).toEqual({ ok: true, worker: 'ana' });
      expect(listActions(t.sdb.db).some((a) => a.action === 'worker-locked')).toBe(true);
    } finally {
      t.cleanup();
    }
  });

  it('resets the failure count after a good sign-in', () => {
    const t = tempStation();
    try {
      addWorker(t.sdb.db, { name: 'ana', secret: '246810', by: 'administrator', logN: 10 });
      for (let i = 0; i < MAX_FAILURES - 1; i++) signIn(t.sdb.db, 'ana', '000000', T0);
      expect(signIn(t.sdb.db, 'ana', '246810', T0).ok).toBe(true);
      expect(signIn(t.sdb.db, 'ana', '000000', T0)).toMatchObject({ reason: 'refused' });
    } finally {
      t.cleanup();
    }
  });
});

describe('sessions', () => {
  it('finds a live session by its token, not after it expires or ends', () => {
    const t = tempStation();
    try {
      addWorker(t.sdb.db, { name: 'ana', secret: '246810', by: 'administrator', logN: 10 });
      const { token, session } = createSession(t.sdb.db, 'ana', T0);
      expect(sessionOf(t.sdb.db, token, T0 + 1)).toEqual(session);
      expect(sessionOf(t.sdb.db, token, T0 + SESSION_MS)).toBeUndefined();
      expect(
        sessionOf(
          t.sdb.db,
          token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
          T0,
        ),
      ).toBeUndefined();
      endSession(t.sdb.db, token, T0 + 2);
      expect(sessionOf(t.sdb.db, token, T0 + 3)).toBeUndefined();
    } finally {
      t.cleanup();
    }
  });
});
