/**
 * Bearer tokens for the administrative API (spec/server-api.md §3). A token is
 * `evd_` + 43 base64url characters (256 bits from the CSPRNG); the database keeps only its
 * SHA-256, so a leaked database does not leak tokens. A slow hash is not needed: the tokens are
 * random, not passwords.
 * @module
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Role, Store, TokenRow } from '../store/store.js';

/** A new random token. */
export function generateToken(): string {
  return 'evd_' + randomBytes(32).toString('base64url');
}

/** SHA-256 of the token, hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The row to store for a token. */
export function tokenRow(
  token: string,
  role: Role,
  label: string,
  now = Date.now(),
  guardian?: number,
): TokenRow {
  return {
    id: randomUUID(),
    tokenHash: hashToken(token),
    role,
    label,
    createdAt: now,
    revoked: false,
    ...(guardian !== undefined ? { guardian } : {}),
  };
}

/**
 * The first start's administrator token (spec/server-api.md §3, §6.6): stored under the store's
 * write lock when the store holds no token yet, so that of several nodes starting at once on an
 * empty store exactly one stores (and prints) its token.
 * @returns whether `token` was stored (false: a token exists already)
 */
export function bootstrapAdminToken(store: Store, token: string, now = Date.now()): Promise<boolean> {
  return store.writeBatch(async () =>
    (await store.listTokens()).length > 0
      ? { mutations: [], value: false }
      : {
          mutations: [{ kind: 'token', row: tokenRow(token, 'administrator', 'first start', now) }],
          value: true,
        },
  );
}
