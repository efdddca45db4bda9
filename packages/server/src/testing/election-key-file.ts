/**
 * The whole `election-key.json` that `evident-trustee finalize` writes (spec/key-ceremony.md §6),
 * built from a local ceremony, for tests of the key-ceremony import.
 * @module
 */
import { toHex, type Group, type LocalCeremony } from '@evident/e2e-crypto';
import { initializedJson } from './local-election.js';

/** The ceremony's hashes: H_P, H_M and H_B of the election it was run for. */
export interface CeremonyHashes {
  readonly hP: Uint8Array;
  readonly hM: Uint8Array;
  readonly hB: Uint8Array;
}

/** The election-key.json of ceremony `c` (n guardians, quorum k) run with hashes `h`. */
export function electionKeyFile<E>(G: Group<E>, c: LocalCeremony<E>, h: CeremonyHashes, k: number) {
  const init = initializedJson(G, c);
  const guardians = init.guardians.map((g) => ({ id: `g${g.index}`, x: g.index }));
  return {
    format: 'evident-trustee/election-key',
    version: 1,
    ceremonyId: toHex(h.hB),
    group: G.name,
    groupVersion: G.version,
    guardianCount: guardians.length,
    quorum: k,
    guardians,
    parameterBaseHash: toHex(h.hP),
    manifestHash: toHex(h.hM),
    baseHash: toHex(h.hB),
    guardianKeys: init.guardians.map((g, i) => ({
      guardian: guardians[i]!,
      commitments: g.commitments,
      proofs: g.proofs,
      signingKey: g.signingKey!,
      signingKeyProof: g.signingKeyProof!,
    })),
    jointPublicKey: init.jointKey,
    extendedBaseHash: init.extendedBaseHash,
  };
}
