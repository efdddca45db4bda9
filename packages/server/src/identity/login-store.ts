/**
 * The relying party's state between requests (spec/credentials.md §4.2), in this node's memory
 * (one node; a store-backed form shared by several nodes is identity/shared-login-store.ts):
 * - pending logins, by `state`: the election, the PKCE verifier, the nonce and a hash of the
 *   browser-binding cookie; taken out (once) by the callback, so a replayed callback finds
 *   nothing; forgotten after 10 minutes;
 * - the election and language of the logins taken out, for 20 minutes (for the refusal page);
 * - voter sessions, by a random id: one election and one roll id each, for `sessionMinutes`.
 * Both are capped so that a flood of login starts cannot exhaust memory: the oldest go first.
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a login may take at the provider. */
export const PENDING_MS = 10 * 60_000;
/** At most this many pending logins and sessions each (the oldest are dropped first). */
export const STORE_CAP = 100_000;

/** A login started and not yet finished. */
export interface PendingLogin {
  readonly electionId: string;
  readonly lang: string;
  readonly codeVerifier: string;
  nonce: string;
  /** SHA-256 of the browser-binding cookie's value. */
  readonly binding: Buffer;
  readonly startedAt: number;
}

/** A voter's session after a login. */
export interface VoterSession {
  readonly electionId: string;
  readonly voterId: string;
  readonly expiresAt: number;
}

/** The store (asynchronous: on several nodes it is the database, identity/shared-login-store.ts). */
export interface LoginStore {
  addPending(state: string, p: PendingLogin): Promise<void>;
  /** The pending login of `state`, removed (a second call gives undefined); undefined when expired. */
  takePending(state: string, now: number): Promise<PendingLogin | undefined>;
  /** The pending login, left in place (the callback reads its language and election first). */
  peekPending(state: string): Promise<PendingLogin | undefined>;
  /**
   * The election and language of a login whose state was already taken (for 10 minutes): a
   * replayed answer is refused, and the refusal page still links back to the right voter page.
   */
  spentLogin(state: string, now: number): Promise<Pick<PendingLogin, 'electionId' | 'lang'> | undefined>;
  /** A new session's id. */
  openSession(s: VoterSession): Promise<string>;
  session(id: string, now: number): Promise<VoterSession | undefined>;
  /** Moves a live session's expiry to `expiresAt`; undefined when the session is gone. */
  extendSession(id: string, now: number, expiresAt: number): Promise<VoterSession | undefined>;
  closeSession(id: string): Promise<void>;
}

/** A random URL-safe token of 32 bytes. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 of a cookie value, to compare without keeping it. */
export function bindingHash(v: string): Buffer {
  return createHash('sha256').update(v, 'utf8').digest();
}

/** True when the cookie `v` is the one `p` was started with. */
export function sameBrowser(p: PendingLogin, v: string | undefined): boolean {
  return v !== undefined && timingSafeEqual(p.binding, bindingHash(v));
}

function capped<V>(m: Map<string, V>, k: string, v: V): void {
  if (m.size >= STORE_CAP) m.delete(m.keys().next().value!);
  m.set(k, v);
}

/** An in-memory store (one process; nodes sharing a store use identity/shared-login-store.ts). */
export function memoryLoginStore(): LoginStore {
  const pending = new Map<string, PendingLogin>();
  const sessions = new Map<string, VoterSession>();
  const spent = new Map<string, Pick<PendingLogin, 'electionId' | 'lang' | 'startedAt'>>();
  const session = (id: string, now: number): VoterSession | undefined => {
    const s = sessions.get(id);
    if (s && s.expiresAt <= now) sessions.delete(id);
    return s && s.expiresAt > now ? s : undefined;
  };
  return {
    addPending: async (state, p) => capped(pending, state, p),
    async takePending(state, now) {
      const p = pending.get(state);
      pending.delete(state);
      if (p) capped(spent, state, { electionId: p.electionId, lang: p.lang, startedAt: p.startedAt });
      return p && now - p.startedAt <= PENDING_MS ? p : undefined;
    },
    peekPending: async (state) => pending.get(state),
    async spentLogin(state, now) {
      const s = spent.get(state);
      if (s && now - s.startedAt > 2 * PENDING_MS) spent.delete(state);
      return s && now - s.startedAt <= 2 * PENDING_MS
        ? { electionId: s.electionId, lang: s.lang }
        : undefined;
    },
    async openSession(s) {
      const id = randomToken();
      capped(sessions, id, s);
      return id;
    },
    session: async (id, now) => session(id, now),
    async extendSession(id, now, expiresAt) {
      const s = session(id, now);
      if (!s) return undefined;
      const longer = { ...s, expiresAt: Math.max(s.expiresAt, expiresAt) };
      sessions.set(id, longer);
      return longer;
    },
    closeSession: async (id) => void sessions.delete(id),
  };
}
