/**
 * The election key file written by `finalize`: the ceremony, every guardian's commitments and
 * proofs, the joint key K and H_E (spec/key-ceremony.md §6). Reading it re-runs Verifications
 * 2, 3 and 4, so a changed field is refused.
 * @module
 */
import {
  bytesEqual,
  extendedBaseHash,
  formatFinding,
  jointPublicKey,
  keyShareCommitment,
  toHex,
} from '@evident/e2e-crypto';
import { refuse } from '../errors.js';
import { type Ceremony, ceremonyJson, parseCeremony } from './ceremony-file.js';
import { guardianPublicJson, parseGuardianCommitments } from './guardian-files.js';
import { type GuardianPublic, checkDistinctSigningKeys } from './signing-key.js';
import { FILE_VERSION, arr, bytes, element, hexElement, inFile, obj, readJsonFile } from './json-file.js';

export const ELECTION_KEY_FORMAT = 'evident-trustee/election-key';

/** The parsed, verified election key. */
export interface ElectionKey {
  readonly c: Ceremony;
  readonly K: unknown;
  readonly hE: Uint8Array;
  readonly guardians: ReadonlyMap<number, GuardianPublic<unknown>>;
}

/** Election key JSON. */
export function electionKeyJson(ek: ElectionKey): Record<string, unknown> {
  const { format: _f, version: _v, ...ceremony } = ceremonyJson(ek.c);
  return {
    format: ELECTION_KEY_FORMAT,
    version: FILE_VERSION,
    ceremonyId: ek.c.id,
    ...ceremony,
    jointPublicKey: hexElement(ek.c.G, ek.K),
    extendedBaseHash: toHex(ek.hE),
    guardianKeys: [...ek.guardians.values()].map((gc) => {
      const {
        format: _a,
        version: _b,
        ceremonyId: _c,
        ...rest
      } = guardianPublicJson(ek.c, ek.c.guardians[gc.i - 1]!, gc);
      return rest;
    }),
  };
}

/** Computes K and H_E from all guardians' commitments (Verification 3, eq 23). */
export function computeElectionKey(
  c: Ceremony,
  guardians: ReadonlyMap<number, GuardianPublic<unknown>>,
  file: string,
): ElectionKey {
  checkDistinctSigningKeys(file, guardians);
  const keys = c.guardians.map((g) => {
    const gc = guardians.get(g.x);
    if (!gc) throw refuse(file, `has no commitments for guardian ${g.id}`);
    return gc.commitments[0];
  });
  const jk = jointPublicKey(c.G, keys);
  if (!jk.ok) throw refuse(file, `Verification ${formatFinding(jk.findings[0]!)}`);
  return { c, K: jk.K, hE: extendedBaseHash(c.G, c.hB, jk.K), guardians };
}

/** Reads and fully re-verifies election-key.json. */
export function readElectionKey(path: string): ElectionKey {
  const f = readJsonFile(path, ELECTION_KEY_FORMAT);
  const c = parseCeremony(path, f.data);
  if (f.data.ceremonyId !== c.id) throw refuse(path, 'ceremonyId is not the base hash', 'ceremonyId');
  const guardians = new Map<number, GuardianPublic<unknown>>();
  inFile(path, () => arr(f.data.guardianKeys, 'guardianKeys')).forEach((v, t) => {
    const { g, gc } = parseGuardianCommitments(
      c,
      path,
      inFile(path, () => obj(v, `guardianKeys[${t}]`)),
      `guardianKeys[${t}].`,
    );
    if (guardians.has(g.x)) throw refuse(path, `lists guardian ${g.id} twice`, `guardianKeys[${t}]`);
    guardians.set(g.x, gc);
  });
  const ek = computeElectionKey(c, guardians, path);
  const K = inFile(path, () => element(c.G, f.data.jointPublicKey, 'jointPublicKey'));
  if (!c.G.equals(K, ek.K))
    throw refuse(path, 'Verification 3.B: K is not the product of the guardian keys', 'jointPublicKey');
  const hE = inFile(path, () => bytes(f.data.extendedBaseHash, 'extendedBaseHash', 32));
  if (!bytesEqual(hE, ek.hE))
    throw refuse(path, 'Verification 4.A: H_E is not H(H_B; 0x12, K)', 'extendedBaseHash');
  return ek;
}

/** g^{P(i)} for every guardian (EG 2.0 eq 74). */
export function keyShareCommitments(ek: ElectionKey): Map<number, unknown> {
  const all = [...ek.guardians.values()].map((gc) => gc.commitments);
  return new Map(ek.c.guardians.map((g) => [g.x, keyShareCommitment(ek.c.G, all, g.x)]));
}
