/**
 * Voter credentials as in Belenios (spec/credentials.md §1–§2).
 *
 * Each voter on the roll gets a secret credential code: 26 characters of Crockford base32
 * (130 bits from the CSPRNG), shown in groups of five. The credential key is derived from it
 * and bound to the election: s = hashToScalar(H(H_E; 0x50, str(code))), and the public
 * credential is S = g^s. The list of public credentials is published before voting opens;
 * who holds which credential is never published.
 * @module
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { InvalidDataError } from '../errors.js';
import type { Group } from '../group/group.js';
import { domain, H, hashToScalar, str } from '../hash/hash.js';

/** Domain byte of the credential-key derivation (spec/credentials.md §2). */
export const CREDENTIAL_KEY_DOMAIN = 0x50;

/** Crockford's base32 alphabet: no I, L, O, U. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Characters in a credential code (26 × 5 = 130 bits). */
export const CREDENTIAL_CODE_LENGTH = 26;

/** A voter's credential: the code the voter keeps, the key s, the public credential S. */
export interface Credential<E> {
  /** The secret code, grouped for reading: "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-X". */
  readonly code: string;
  /** Secret credential key s. */
  readonly s: bigint;
  /** Public credential S = g^s. */
  readonly S: E;
}

/**
 * A code in canonical form: upper case, separators removed, Crockford's look-alikes mapped
 * (O→0, I and L→1).
 * @throws {InvalidDataError} ENCODING naming `credential` if it is not 26 base32 characters
 */
export function normalizeCredentialCode(code: string): string {
  if (typeof code !== 'string') throw new InvalidDataError('ENCODING', 'credential', 'expected a string');
  const c = code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (c.length !== CREDENTIAL_CODE_LENGTH || [...c].some((ch) => !ALPHABET.includes(ch))) {
    throw new InvalidDataError(
      'ENCODING',
      'credential',
      `expected ${CREDENTIAL_CODE_LENGTH} base32 characters`,
    );
  }
  return c;
}

function groupCode(c: string): string {
  return c.match(/.{1,5}/g)!.join('-');
}

/**
 * The credential key of a code (spec/credentials.md §2): s = hashToScalar(H(H_E; 0x50, str(code))).
 * @param hE - the extended base hash H_E of the election
 * @throws {InvalidDataError} for a malformed code
 */
export function credentialFromCode<E>(G: Group<E>, hE: Uint8Array, code: string): Credential<E> {
  const c = normalizeCredentialCode(code);
  const s = hashToScalar(G, H(hE, domain(CREDENTIAL_KEY_DOMAIN), str(c)));
  return { code: groupCode(c), s, S: G.gExp(s) };
}

/** A fresh credential from the CSPRNG (spec/credentials.md §1). */
export function generateCredential<E>(G: Group<E>, hE: Uint8Array): Credential<E> {
  const bytes = randomBytes(CREDENTIAL_CODE_LENGTH);
  let c = '';
  for (const b of bytes) c += ALPHABET[b & 31];
  return credentialFromCode(G, hE, c);
}
