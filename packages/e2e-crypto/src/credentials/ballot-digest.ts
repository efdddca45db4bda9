/**
 * The ballot digest that a credential signature signs (spec/credentials.md §3.2):
 * digest = H(H_E; 0x52, str(canonical JSON of the ballot)), where the ballot is the JSON object
 * the client submits, without its `signature` field, serialised by RFC 8785 (JCS) as the
 * manifest is (`canonicalJsonString`, manifest/canonical.ts).
 * @module
 */
import { InvalidDataError } from '../errors.js';
import { domain, H, str } from '../hash/hash.js';
import { canonicalJsonString } from '../manifest/canonical.js';

/** Domain byte of the ballot digest. */
export const BALLOT_DIGEST_DOMAIN = 0x52;

/**
 * digest = H(H_E; 0x52, str(canonicalJson(ballot without `signature`))).
 * @param hE - the election's extended base hash
 * @param ballot - the submitted ballot object; a top-level `signature` key is ignored
 * @throws {InvalidDataError} VALUE if the ballot is not an object of JSON values with integer numbers
 */
export function ballotDigest(hE: Uint8Array, ballot: Record<string, unknown>): Uint8Array {
  if (typeof ballot !== 'object' || ballot === null || Array.isArray(ballot)) {
    throw new InvalidDataError('VALUE', 'ballot', 'expected an object');
  }
  const { signature: _omit, ...rest } = ballot;
  let text: string;
  try {
    text = canonicalJsonString(rest);
  } catch (e) {
    throw new InvalidDataError('VALUE', 'ballot', (e as Error).message);
  }
  return ballotDigestOfCanonical(hE, text);
}

/**
 * digest = H(H_E; 0x52, str(text)) for `text` already the canonical JSON of the ballot without
 * its signature (for callers that serialise the ballot anyway, e.g. for its log entry).
 * @param text - canonicalJsonString of the ballot object without `signature`
 */
export function ballotDigestOfCanonical(hE: Uint8Array, text: string): Uint8Array {
  return H(hE, domain(BALLOT_DIGEST_DOMAIN), str(text));
}
