/**
 * ElectionGuard 2.0 known-answer vectors (spec/vectors/electionguard-2.0, made by egk) for the
 * primitives of this package: parameters and base hashes, selection encryption, range proofs,
 * contest-limit proofs, confirmation codes, ballot chaining and aggregation.
 */
import { describe, expect, it } from 'vitest';
import { egVector, big } from '../test/vectors.js';
import { draftConfirmationCode, draftContestHash, draftSelectionNonce } from '../test/draft-1.9.js';
import {
  type Ciphertext,
  EG_G,
  EG_P,
  EG_Q,
  EG_R,
  eg4096,
  eg4096WithVersion,
  encrypt,
  fromHex,
  mod,
  parameterBaseHash,
  proveRange,
  publicKey,
  sum,
  toHex,
  verifyRange,
  baseHash,
  concatBytes,
  bytesToBigint,
} from './index.js';

const G = eg4096WithVersion('v2.0');

describe('Parameters (EG 2.0 §3.1)', () => {
  const v = egVector('ParametersTestVector.json');
  it('p, q, g are the standard constants', () => {
    expect(EG_P).toBe(big(v.parameter_base_hash.primes.large_prime));
    expect(EG_Q).toBe(big(v.parameter_base_hash.primes.small_prime));
    expect(EG_G).toBe(big(v.parameter_base_hash.primes.generator));
    expect(EG_P - 1n).toBe(EG_Q * EG_R);
    expect(EG_R % EG_Q).not.toBe(0n);
    expect(eg4096.exp(EG_G, EG_Q)).toBe(1n);
  });
  it('H_P of the vectors (version "v2.0") and of the 2.0.0 specification (eq 5)', () => {
    expect(toHex(parameterBaseHash(G))).toBe(v.parameter_base_hash.expected);
    expect(toHex(parameterBaseHash(eg4096))).toBe(
      '2B3B025E50E09C119CBA7E9448ACD1CABC9447EF39BF06327D81C665CDD86296',
    );
  });
  it('H_B = H(H_P; 0x02, H_M, n, k) differs from the draft vector, which also hashed date and jurisdiction', () => {
    const e = v.election_base_hash;
    const ours = baseHash(
      fromHex(e.parameterBaseHash),
      fromHex(e.manifest_hash),
      e.numberOfGuardians,
      e.quorum,
    );
    // The 1.9 draft's H_B had more inputs; 2.0.0 eq 7 has exactly these (spec/crypto.md §9).
    expect(toHex(ours)).toMatch(/^[0-9A-F]{64}$/);
    expect(toHex(ours)).not.toBe(e.expected);
  });
});

interface VSel {
  selectionId: string;
  sequenceOrder: number;
  expected_selection_nonce: string;
  expected_encrypted_vote: { pad: string; data: string };
  expected_proof: { proofs: VProof[] };
}
interface VProof {
  u_nonce: string;
  c_nonce: string;
  expected_challenge: string;
  expected_response: string;
}

function checkProof(got: { c: readonly bigint[]; v: readonly bigint[] }, want: VProof[]): void {
  expect(got.c.map((x) => x.toString(16).toUpperCase().padStart(64, '0'))).toEqual(
    want.map((p) => p.expected_challenge.padStart(64, '0')),
  );
  expect(got.v.map((x) => x.toString(16).toUpperCase().padStart(64, '0'))).toEqual(
    want.map((p) => p.expected_response.padStart(64, '0')),
  );
}

describe('Ballot encryption (EG 2.0 §3.3, BallotEncryptionTestVector)', () => {
  const v = egVector('BallotEncryptionTestVector.json');
  const pk = publicKey(G, big(v.joint_public_key));
  const hE = fromHex(v.extended_base_hash);
  it('every selection: nonce, encryption, range proof; every contest: limit proof', () => {
    let selections = 0;
    v.expected_encrypted_ballots.forEach(
      (
        eb: {
          ballotNonce: string;
          contests: { contestId: string; expected_proof: { proofs: VProof[] }; selections: VSel[] }[];
        },
        bi: number,
      ) => {
        const inBallot = v.ballots[bi];
        eb.contests.forEach((ec, ci) => {
          const inContest = inBallot.contests[ci];
          const cts: Ciphertext<bigint>[] = [];
          let aggNonce = 0n;
          let votes = 0;
          ec.selections.forEach((es, si) => {
            const vote: number = inContest.selections[si].vote;
            const xi = draftSelectionNonce(G, hE, big(eb.ballotNonce), ec.contestId, es.selectionId);
            expect(xi).toBe(big(es.expected_selection_nonce));
            const ct = encrypt(G, pk, vote, xi);
            expect(ct.alpha).toBe(big(es.expected_encrypted_vote.pad));
            expect(ct.beta).toBe(big(es.expected_encrypted_vote.data));
            const nonces = {
              u: es.expected_proof.proofs.map((p) => big(p.u_nonce)),
              c: es.expected_proof.proofs.map((p) => big(p.c_nonce)),
            };
            const proof = proveRange(G, hE, pk, ct, vote, xi, 1, nonces);
            checkProof(proof, es.expected_proof.proofs);
            expect(verifyRange(G, hE, pk, ct, 1, proof)).toBe(true);
            cts.push(ct);
            aggNonce = mod(aggNonce + xi, G.q);
            votes += vote;
            selections++;
          });
          const agg = sum(G, cts);
          const L: number = inContest.votes_allowed;
          const nonces = {
            u: ec.expected_proof.proofs.map((p) => big(p.u_nonce)),
            c: ec.expected_proof.proofs.map((p) => big(p.c_nonce)),
          };
          const proof = proveRange(G, hE, pk, agg, votes, aggNonce, L, nonces);
          checkProof(proof, ec.expected_proof.proofs);
          expect(verifyRange(G, hE, pk, agg, L, proof)).toBe(true);
        });
      },
    );
    expect(selections).toBeGreaterThan(0);
  });
});

/** Encrypts a vector's plaintext ballot with the draft nonces and returns its draft contest hashes. */
function draftContestHashes(
  v: { joint_public_key: string; extended_base_hash: string },
  inBallot: { contests: { contest_id: string; selections: { selection_id: string; vote: number }[] }[] },
  ballotNonce: string,
): Uint8Array[] {
  const pk = publicKey(G, big(v.joint_public_key));
  const hE = fromHex(v.extended_base_hash);
  return inBallot.contests.map((c) => {
    const cts = c.selections.map((s) =>
      encrypt(G, pk, s.vote, draftSelectionNonce(G, hE, big(ballotNonce), c.contest_id, s.selection_id)),
    );
    return draftContestHash(G, hE, c.contest_id, pk.K, cts);
  });
}

describe('Confirmation codes (EG 2.0 §3.4, ConfirmationCodeTestVector, draft layout)', () => {
  const v = egVector('ConfirmationCodeTestVector.json');
  it('contest hashes and confirmation codes', () => {
    const hE = fromHex(v.extended_base_hash);
    v.expected_encrypted_ballots.forEach(
      (
        eb: {
          ballotNonce: string;
          codeBaux: string;
          expected_confirmationCode: string;
          contests: { expected_contestHash: string }[];
        },
        i: number,
      ) => {
        const chis = draftContestHashes(v, v.ballots[i], eb.ballotNonce);
        expect(chis.map(toHex)).toEqual(eb.contests.map((c) => c.expected_contestHash));
        expect(toHex(draftConfirmationCode(hE, chis, fromHex(eb.codeBaux)))).toBe(
          eb.expected_confirmationCode,
        );
      },
    );
  });
});

describe('Ballot chaining (EG 2.0 §3.4.3, BallotChainingTestVector)', () => {
  const v = egVector('BallotChainingTestVector.json');
  // This vector's contest hashes follow neither 2.0.0 nor the draft layout that
  // ConfirmationCodeTestVector uses (spec/crypto.md §9); its chain structure is checked here.
  it('B_aux,1 = H_0 = H(H_E; 0x24, B_aux,0) (draft: no length prefix), then B_aux,j = H(B_(j−1)) ∥ B_aux,0', () => {
    const hE = fromHex(v.extended_base_hash);
    const baux0 = Uint8Array.from(v.configBaux0 as number[], (b) => b & 0xff);
    const ebs: { codeBaux: string; expected_confirmationCode: string }[] = v.expected_encrypted_ballots;
    expect(ebs[0]!.codeBaux).toBe(toHex(draftConfirmationCode(hE, [], baux0)));
    for (let j = 1; j < ebs.length; j++) {
      expect(ebs[j]!.codeBaux).toBe(
        toHex(concatBytes(fromHex(ebs[j - 1]!.expected_confirmationCode), baux0)),
      );
    }
    expect(ebs.length).toBeGreaterThan(2);
  });
});

describe('Ballot aggregation (EG 2.0 §3.5 eq 62, BallotAggregationTestVector)', () => {
  const v = egVector('BallotAggregationTestVector.json');
  it('the product of all cast ballots per selection is the expected encrypted tally', () => {
    const cast = new Set<string>(v.expected_encrypted_tally.cast_ballot_ids);
    const ballots = v.encrypted_ballots.filter((b: { ballotId: string }) => cast.has(b.ballotId));
    expect(ballots.length).toBeGreaterThan(1);
    for (const tc of v.expected_encrypted_tally.contests) {
      for (const ts of tc.selections) {
        const cts = ballots.map(
          (b: {
            contests: {
              contestId: string;
              selections: { selectionId: string; encrypted_vote: { pad: string; data: string } }[];
            }[];
          }) => {
            const s = b.contests
              .find((c) => c.contestId === tc.contest_id)!
              .selections.find((x) => x.selectionId === ts.selection_id)!;
            return {
              alpha: bytesToBigint(fromHex(s.encrypted_vote.pad)),
              beta: bytesToBigint(fromHex(s.encrypted_vote.data)),
            };
          },
        );
        const agg = sum(G, cts);
        expect(agg.alpha).toBe(big(ts.encrypted_vote.pad));
        expect(agg.beta).toBe(big(ts.encrypted_vote.data));
      }
    }
  });
});
