/**
 * The identity provider of the OpenID Connect login (spec/credentials.md §4.2): the assertion
 * is the voter's session, `{session: ID}` (the `evd_session` cookie); it is valid for the one
 * election it was opened for, until it expires.
 * @module
 */
import type { IdentityProvider } from './identity-provider.js';
import type { LoginStore } from './login-store.js';

/** The provider over `store`'s sessions. */
export function oidcIdentityProvider(store: LoginStore, now: () => number = Date.now): IdentityProvider {
  return {
    name: 'oidc',
    async verify(assertion, context) {
      if (typeof assertion !== 'object' || assertion === null || context === undefined) return undefined;
      const id = (assertion as { session?: unknown }).session;
      if (typeof id !== 'string') return undefined;
      const s = await store.session(id, now());
      if (!s || s.electionId !== context.electionId) return undefined;
      return { voterId: s.voterId };
    },
  };
}
