/**
 * Pluggable voter identity providers (spec/credentials.md §4). An election that requires
 * identity accepts a ballot only with an assertion that the provider verifies and whose voter id
 * maps, in the private roll mapping, to the ballot's credential. The OpenID Connect login
 * (oidc-identity.ts) implements it; a SAML/eIDAS adapter would too.
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** A verified identity. */
export interface VerifiedIdentity {
  readonly voterId: string;
}

/** Where an assertion is presented: the election of the ballot it comes with. */
export interface AssertionContext {
  readonly electionId: string;
}

/** An identity provider. */
export interface IdentityProvider {
  readonly name: string;
  /**
   * Verifies an assertion from the request; undefined when it is not valid (or not valid for
   * `context.electionId`). Never throws on bad input.
   */
  verify(assertion: unknown, context?: AssertionContext): Promise<VerifiedIdentity | undefined>;
}

/**
 * The documented **test provider** (tests and demos only): the assertion
 * `{ "voterId": ID, "token": HEX }` is valid when token = HMAC-SHA-256(secret, UTF-8(ID)).
 * @param secret - shared with the test client
 */
export function testIdentityProvider(
  secret: string,
): IdentityProvider & { tokenFor(voterId: string): string } {
  const tokenFor = (voterId: string): string =>
    createHmac('sha256', secret).update(voterId, 'utf8').digest('hex');
  return {
    name: 'test',
    tokenFor,
    async verify(a) {
      if (typeof a !== 'object' || a === null) return undefined;
      const { voterId, token } = a as { voterId?: unknown; token?: unknown };
      if (typeof voterId !== 'string' || typeof token !== 'string' || !/^[0-9a-f]{64}$/.test(token))
        return undefined;
      const ok = timingSafeEqual(Buffer.from(tokenFor(voterId), 'hex'), Buffer.from(token, 'hex'));
      return ok ? { voterId } : undefined;
    },
  };
}
