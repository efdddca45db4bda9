/**
 * The trustees' `election-key.json` as a key-ceremony import (spec/key-ceremony.md §6,
 * spec/server-api.md §4.1): its identifying fields are compared with the election it is
 * imported into, then it becomes the record's `{quorum, initialized}`.
 * @module
 */
import { toHex } from '@evident/e2e-crypto';
import { ApiError } from '../errors.js';
import type { KeyCeremonyBody } from './election-actions.js';

/** The fields of `evident-trustee`'s election-key.json the server reads (schema-validated). */
export interface ElectionKeyJson {
  readonly ceremonyId: string;
  readonly group: string;
  readonly groupVersion: string;
  readonly guardianCount: number;
  readonly quorum: number;
  readonly guardians: readonly { id: string; x: number }[];
  readonly parameterBaseHash: string;
  readonly manifestHash: string;
  readonly baseHash: string;
  readonly guardianKeys: readonly {
    guardian: { id: string; x: number };
    commitments: string[];
    proofs: { h?: string; c?: string; v: string }[];
    signingKey?: string;
    signingKeyProof?: { h?: string; c?: string; v: string };
  }[];
  readonly jointPublicKey: string;
  readonly extendedBaseHash: string;
}

/** What identifies the election a ceremony must have been run for. */
export interface ElectionBinding {
  readonly group: string;
  readonly groupVersion: string;
  readonly hP: Uint8Array;
  readonly hM: Uint8Array;
  /** H_B = H(H_P; 0x02, H_M, n, k) for the file's n and k. */
  readonly hB: Uint8Array;
}

function refuse(message: string, field: string): never {
  throw new ApiError('EVD_ERR_INVALID_KEY_CEREMONY', message, `electionKey.${field}`);
}

function sameHash(file: string, expected: Uint8Array, field: string, what: string): void {
  if (file.toUpperCase() !== toHex(expected).toUpperCase())
    refuse(`${field} is not this election's ${what}: the key was made for another election`, field);
}

/**
 * Refuses an election key whose group, H_P, H_M, guardians, H_B or ceremony id are not those
 * of election `b` — a key of another election or manifest would be refused only later, by the
 * guardians' own checks of the record against their key.
 * @throws {ApiError} EVD_ERR_INVALID_KEY_CEREMONY naming `electionKey.<field>`
 */
export function checkElectionKeyBinding(ek: ElectionKeyJson, b: ElectionBinding): void {
  if (ek.group !== b.group) refuse(`group "${ek.group}" is not this election's "${b.group}"`, 'group');
  if (ek.groupVersion !== b.groupVersion)
    refuse(`groupVersion "${ek.groupVersion}" is not "${b.groupVersion}"`, 'groupVersion');
  sameHash(ek.parameterBaseHash, b.hP, 'parameterBaseHash', 'H_P');
  sameHash(ek.manifestHash, b.hM, 'manifestHash', 'H_M (of the manifest as published)');
  const n = ek.guardianKeys.length;
  if (ek.guardianCount !== n)
    refuse(`guardianCount ${ek.guardianCount}, but ${n} guardian keys`, 'guardianCount');
  if (ek.guardians.length !== n)
    refuse(`${ek.guardians.length} guardians, but ${n} guardian keys`, 'guardians');
  ek.guardians.forEach((g, i) => {
    if (g.x !== i + 1) refuse(`guardian x must be 1..${n} in order`, `guardians[${i}].x`);
    const gk = ek.guardianKeys[i]!.guardian;
    if (gk.id !== g.id || gk.x !== g.x)
      refuse(`guardian key ${i} is not guardian "${g.id}" (x = ${g.x})`, `guardianKeys[${i}].guardian`);
  });
  const hB = 'H_B = H(H_P; 0x02, H_M, n, k) for its guardianCount and quorum';
  sameHash(ek.baseHash, b.hB, 'baseHash', hB);
  sameHash(ek.ceremonyId, b.hB, 'ceremonyId', hB);
}

/** The election key as the record's `{quorum, initialized}` (`election-initialized.json`). */
export function initializedOf(ek: ElectionKeyJson): KeyCeremonyBody {
  return {
    quorum: ek.quorum,
    initialized: {
      guardians: ek.guardianKeys.map((g) => ({
        index: g.guardian.x,
        commitments: g.commitments,
        proofs: g.proofs,
        ...(g.signingKey !== undefined ? { signingKey: g.signingKey } : {}),
        ...(g.signingKeyProof !== undefined ? { signingKeyProof: g.signingKeyProof } : {}),
      })),
      jointKey: ek.jointPublicKey,
      extendedBaseHash: ek.extendedBaseHash,
    },
  };
}
