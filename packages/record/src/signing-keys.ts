/**
 * Check 2.E (spec/verification.md, spec/key-ceremony.md §13): the guardians' signing keys of
 * `election-initialized.json` — each a valid Ed25519 public key, bound to the guardian's K_i by
 * its Schnorr proof, no two alike. One reader for the server (at the key-ceremony import) and
 * the verifier. Never throws on bad data: the failed checks are returned as findings (2.E), each
 * naming its field.
 * @module
 */
import {
  type Finding,
  type Group,
  decodeSignatureBytes,
  finding,
  isInvalidData,
  isValidSigningKey,
  toHex,
  verifySigningKeyProof,
  elementFromJson,
  schnorrProofFromJson,
} from '@evident/e2e-crypto';
import type { GuardianJson } from './json-types.js';

/**
 * What {@link readSigningKeys} returns: the keys by guardian index, and the failed 2.E checks,
 * each naming its field (e.g. `guardians[1].signingKey`).
 */
export interface SigningKeys {
  readonly keys: Map<number, Uint8Array>;
  readonly findings: readonly Finding[];
}

/**
 * Reads and checks every guardian's signing key.
 * @param hP - H_P (the binding proof's hash key)
 * @param at - the prefix of field names, e.g. `guardians`
 */
export function readSigningKeys<E>(
  G: Group<E>,
  hP: Uint8Array,
  guardians: readonly GuardianJson[],
  at = 'guardians',
): SigningKeys {
  const keys = new Map<number, Uint8Array>();
  const findings: Finding[] = [];
  const problem = (where: string, message: string) => findings.push(finding('2.E', where, message));
  const seen = new Map<string, number>();
  guardians.forEach((g, t) => {
    const f = `${at}[${t}]`;
    if (g.signingKey === undefined || g.signingKeyProof === undefined) {
      problem(`${f}.signingKey`, `guardian ${g.index} publishes no signing key`);
      return;
    }
    try {
      const key = decodeSignatureBytes(g.signingKey, `${f}.signingKey`, 32);
      if (!isValidSigningKey(key)) {
        problem(`${f}.signingKey`, 'not a valid Ed25519 public key');
        return;
      }
      const Ki = elementFromJson(G, g.commitments[0], `${f}.commitments[0]`);
      const proof = schnorrProofFromJson(G, g.signingKeyProof, `${f}.signingKeyProof`);
      if (!verifySigningKeyProof(G, hP, g.index, Ki, key, proof)) {
        problem(
          `${f}.signingKeyProof`,
          `the signing key is not bound to K_${g.index}: its proof does not verify`,
        );
        return;
      }
      const h = toHex(key);
      if (seen.has(h)) {
        problem(`${f}.signingKey`, `guardians ${seen.get(h)} and ${g.index} publish the same signing key`);
        return;
      }
      seen.set(h, g.index);
      keys.set(g.index, key);
    } catch (e) {
      if (!isInvalidData(e)) throw e;
      problem(e.field, e.message);
    }
  });
  return { keys, findings };
}
