/**
 * The relying party's state between requests (login-store.ts) in the server's store, so that
 * every node sharing the store sees it (spec/server-api.md §6.6): a login started on one node
 * may finish on another, a session opened on one is valid on all. Rows of the `login_state` table
 * by kind (`pending`, `spent`, `session`) and id; a pending login is taken out under the store's
 * write lock, so that of two callbacks with the same `state`, on any nodes, one finds it. Expired
 * rows are purged as new logins start.
 * @module
 */
import type { Store } from '../store/store.js';
import {
  PENDING_MS,
  randomToken,
  type LoginStore,
  type PendingLogin,
  type VoterSession,
} from './login-store.js';

interface PendingJson extends Omit<PendingLogin, 'binding'> {
  readonly binding: string;
}

const toJson = (p: PendingLogin): string => JSON.stringify({ ...p, binding: p.binding.toString('hex') });
const fromJson = (v: string): PendingLogin => {
  const j = JSON.parse(v) as PendingJson;
  return { ...j, binding: Buffer.from(j.binding, 'hex') };
};

/** A login store over `store` (its `login_state` rows). */
export function sharedLoginStore(store: Store, clock: () => number = Date.now): LoginStore {
  const put = (kind: string, id: string, value: string | null, expiresAt: number) =>
    store.commit([{ kind: 'login-state', row: { kind, id, value, expiresAt } }]);
  const session = async (id: string, now: number): Promise<VoterSession | undefined> => {
    const r = await store.loginState('session', id, now);
    return r && (JSON.parse(r.value) as VoterSession);
  };
  return {
    async addPending(state, p) {
      await store.commit([
        { kind: 'purge-login-state', before: clock() },
        {
          kind: 'login-state',
          row: { kind: 'pending', id: state, value: toJson(p), expiresAt: p.startedAt + PENDING_MS },
        },
      ]);
    },
    takePending: (state, now) =>
      store.writeBatch(async () => {
        const r = await store.loginState('pending', state, 0);
        if (!r) return { mutations: [], value: undefined };
        const p = fromJson(r.value);
        const spent = JSON.stringify({ electionId: p.electionId, lang: p.lang });
        return {
          mutations: [
            { kind: 'login-state', row: { kind: 'pending', id: state, value: null, expiresAt: 0 } },
            {
              kind: 'login-state',
              row: { kind: 'spent', id: state, value: spent, expiresAt: p.startedAt + 2 * PENDING_MS },
            },
          ],
          value: now - p.startedAt <= PENDING_MS ? p : undefined,
        };
      }),
    async peekPending(state) {
      const r = await store.loginState('pending', state, 0);
      return r && fromJson(r.value);
    },
    async spentLogin(state, now) {
      const r = await store.loginState('spent', state, now);
      return r && (JSON.parse(r.value) as Pick<PendingLogin, 'electionId' | 'lang'>);
    },
    async openSession(s) {
      const id = randomToken();
      await put('session', id, JSON.stringify(s), s.expiresAt);
      return id;
    },
    session,
    extendSession: (id, now, expiresAt) =>
      store.writeBatch(async () => {
        const s = await session(id, now);
        if (!s) return { mutations: [], value: undefined };
        const longer = { ...s, expiresAt: Math.max(s.expiresAt, expiresAt) };
        return {
          mutations: [
            {
              kind: 'login-state',
              row: { kind: 'session', id, value: JSON.stringify(longer), expiresAt: longer.expiresAt },
            },
          ],
          value: longer,
        };
      }),
    closeSession: (id) => put('session', id, null, 0),
  };
}
