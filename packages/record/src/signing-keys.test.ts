/**
 * readSigningKeys (check 2.E, spec/key-ceremony.md §13): one key per guardian, valid and bound
 * to its K_i, no two alike — also when a guardian binds another's public key to its own K_j
 * with a valid proof (it would then count as a second signer of the same key).
 */
import { describe, expect, it } from 'vitest';
import {
  type Group,
  baseHash,
  manifestHash,
  parameterBaseHash,
  proveSigningKey,
  ristretto,
  runLocalCeremony,
  toHex,
  utf8Bytes,
  elementToJson,
  schnorrProofToJson,
} from '@evident/e2e-crypto';
import type { GuardianJson } from './json-types.js';
import { readSigningKeys } from './signing-keys.js';

const G = ristretto as Group<unknown>;
const hP = parameterBaseHash(G);
const c = runLocalCeremony(G, hP, baseHash(hP, manifestHash(hP, utf8Bytes('{}')), 3, 2), 3, 2);
const guardians: GuardianJson[] = c.guardians.map((g, t) => ({
  index: g.i,
  commitments: g.commitments.map((x) => elementToJson(G, x)),
  proofs: g.proofs.map((p) => schnorrProofToJson(G, p)),
  signingKey: toHex(c.signingKeys[t]!.publicKey),
  signingKeyProof: schnorrProofToJson(G, c.signingKeys[t]!.proof),
}));

describe('readSigningKeys', () => {
  it('reads one valid key per guardian', () => {
    const r = readSigningKeys(G, hP, guardians);
    expect(r.findings).toEqual([]);
    expect([...r.keys.keys()]).toEqual([1, 2, 3]);
    expect(r.keys.get(2)).toEqual(c.signingKeys[1]!.publicKey);
  });

  it('refuses a key published twice, even with a valid proof by the second guardian', () => {
    const copied = c.signingKeys[0]!.publicKey;
    const proof = proveSigningKey(G, hP, 3, c.secrets[2]!.coefficients[0]!, copied);
    const list = guardians.map((g, t) =>
      t === 2 ? { ...g, signingKey: toHex(copied), signingKeyProof: schnorrProofToJson(G, proof) } : g,
    );
    expect(readSigningKeys(G, hP, list).findings).toEqual([
      {
        check: '2.E',
        where: 'guardians[2].signingKey',
        message: 'guardians 1 and 3 publish the same signing key',
      },
    ]);
  });

  it('names an undecodable key or proof instead of throwing', () => {
    const list = guardians.map((g, t) =>
      t === 0 ? { ...g, signingKey: 'XY' } : t === 1 ? { ...g, signingKeyProof: { v: 'nope' } } : g,
    );
    expect(readSigningKeys(G, hP, list).findings.map((p) => p.where)).toEqual([
      'guardians[0].signingKey',
      'guardians[1].signingKeyProof.v',
    ]);
  });
});
