/**
 * Checking received shares against the sender's commitments, complaints, and the answer to a
 * complaint (EG 2.0 §3.2.2 eq 21–22; spec/key-ceremony.md §5).
 * @module
 */
import type { Group } from '../group/group.js';
import { mod } from '../group/scalar.js';
import { commitmentAt } from './polynomial.js';
import { type EncryptedShare, encryptShare, encryptedShareEquals } from './share-encryption.js';

/** g^{P_i(ℓ)} = ∏_j K_{i,j}^{ℓ^j} — eq 21. */
export function verifyShare<E>(G: Group<E>, senderCommitments: readonly E[], l: number, y: bigint): boolean {
  if (y < 0n || y >= G.q) return false;
  return G.equals(G.gExp(y), commitmentAt(G, senderCommitments, l));
}

/** Why a recipient complains about a share. */
export type ComplaintReason = 'MAC' | 'COMMITMENT' | 'MISSING';

/** A published complaint: guardian ℓ did not receive a valid P_i(ℓ) from guardian i. */
export interface Complaint {
  /** ℓ, the recipient who complains */
  readonly accuser: number;
  /** i, the sender the complaint names */
  readonly accused: number;
  readonly reason: ComplaintReason;
}

/** The sender's public answer to a complaint: the share in the clear and the nonce ξ_{i,ℓ}. */
export interface ComplaintAnswer {
  readonly accused: number;
  readonly accuser: number;
  /** P_i(ℓ) */
  readonly y: bigint;
  /** ξ_{i,ℓ} */
  readonly xi: bigint;
}

/** Outcome of a complaint: the accused sender is at fault, or the complaint is dismissed. */
export type ComplaintVerdict = 'SENDER_AT_FAULT' | 'DISMISSED';

/**
 * Judges a complaint from the published data alone (EG 2.0 §3.2.2, "Share verification"): the
 * answer must reproduce the published encryption with the revealed nonce, and satisfy eq 21.
 * @param hP - H_P
 * @param Kl - the accuser's public key
 * @param published - the encrypted share the sender published (undefined if it sent none)
 * @param senderCommitments - K_{i,0} … K_{i,k−1}
 * @param answer - the sender's answer, or undefined when it gave none
 */
export function judgeComplaint<E>(
  G: Group<E>,
  hP: Uint8Array,
  complaint: Complaint,
  Kl: E,
  published: EncryptedShare<E> | undefined,
  senderCommitments: readonly E[],
  answer: ComplaintAnswer | undefined,
): ComplaintVerdict {
  if (!answer || answer.accused !== complaint.accused || answer.accuser !== complaint.accuser) {
    return 'SENDER_AT_FAULT';
  }
  if (answer.xi < 0n || answer.xi >= G.q || answer.y < 0n || answer.y >= G.q) return 'SENDER_AT_FAULT';
  if (!verifyShare(G, senderCommitments, complaint.accuser, answer.y)) return 'SENDER_AT_FAULT';
  if (published) {
    const again = encryptShare(G, hP, complaint.accused, complaint.accuser, Kl, answer.y, answer.xi);
    if (!encryptedShareEquals(G, again, published)) return 'SENDER_AT_FAULT';
  }
  return 'DISMISSED';
}

/**
 * P(ℓ) = Σ_i P_i(ℓ) mod q: guardian ℓ's share of the implicit election secret key (eq 22, 65).
 * @param shares - P_1(ℓ) … P_n(ℓ), the guardian's own value included
 */
export function keyShare(q: bigint, shares: Iterable<bigint>): bigint {
  let s = 0n;
  for (const y of shares) s = mod(s + y, q);
  return s;
}
