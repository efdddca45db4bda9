/**
 * Encrypted ranked-choice ballots (spec/ranked-choice.md §2), with optional write-in slots (§2.4).
 *
 * A contest with m candidates and R ranks is one row of R ciphertexts: position r encrypts the
 * number of the candidate ranked r-th (1..m), or 0 for no candidate at that rank. Each position
 * carries the disjunctive Chaum–Pedersen range proof of EG 2.0 §3.3.5 for 0..m, so every
 * decryption is a valid preference. Distinctness is not proved: the count skips a repeated
 * candidate (§3.1), so no encrypted row can make the count fail or count twice.
 * With W write-in slots of L elements each, positions may also hold m + j (the name in slot j),
 * and the row carries W·L more ciphertexts of name elements (./write-in.ts), each with a Schnorr
 * proof of knowledge of its nonce (B3) so that no voter can submit a function of another's.
 * The row enters the mixnet as it is (width w = R + W·L).
 * @module
 */
import { concatBytes } from '../bytes.js';
import { type Ciphertext, encrypt, type PublicKey } from '../elgamal/elgamal.js';
import { type Finding, finding } from '../findings.js';
import type { Group } from '../group/group.js';
import { randomScalar } from '../group/scalar.js';
import { domain, H, int4, str } from '../hash/hash.js';
import { type Batch, createBatch } from '../proofs/batch.js';
import { proveRange, type RangeProof, verifyRange } from '../proofs/range-proof.js';
import { proveSchnorr, type SchnorrProof, verifySchnorr } from '../proofs/schnorr.js';
import { rankedNonce } from './ranked-nonce.js';
import { encodeWriteIn, writeInCodec, writeInElements } from './write-in.js';

/** A ranked-choice contest of the manifest (spec/ranked-choice.md §1). */
export interface RankedContest {
  readonly id: string;
  /** candidate names; candidate j (1-based) is `candidates[j − 1]` */
  readonly candidates: readonly string[];
  /** R: how many preferences a voter may give (1 ≤ R ≤ m) */
  readonly ranks: number;
  /** seats to fill: 1 for instant-runoff, more for STV */
  readonly seats: number;
  /** W: write-in slots per ballot (default 0, §2.4) */
  readonly writeIns?: number;
  /** bytes of UTF-8 per write-in name (default 60, §2.4) */
  readonly writeInBytes?: number;
}

/** Default length of a write-in name in bytes (two ristretto255 elements). */
export const DEFAULT_WRITE_IN_BYTES = 60;

/** Domain byte of the write-in proofs of knowledge (spec/mixnet.md §1.3). */
export const WRITE_IN_PROOF_DOMAIN = 0x67;

/** The shape of a contest's row (spec/ranked-choice.md §2.1, §2.4). */
export interface RankedLayout {
  /** listed candidates */
  readonly m: number;
  /** rank positions */
  readonly R: number;
  /** write-in slots */
  readonly W: number;
  /** elements per write-in slot */
  readonly L: number;
  /** bytes per write-in name */
  readonly bytes: number;
  /** the row width R + W·L */
  readonly width: number;
  /** the largest value of a rank position: m + W */
  readonly maxValue: number;
}

/** The row layout of `contest` in group G (L depends on the group's chunk size). */
export function rankedLayout<E>(G: Group<E>, contest: RankedContest): RankedLayout {
  const m = contest.candidates.length;
  const W = contest.writeIns ?? 0;
  const bytes = contest.writeInBytes ?? DEFAULT_WRITE_IN_BYTES;
  const L = W === 0 ? 0 : writeInElements(writeInCodec(G, G.g), bytes);
  return { m, R: contest.ranks, W, L, bytes, width: contest.ranks + W * L, maxValue: m + W };
}

/** An encrypted ranked ballot for one contest. */
export interface RankedBallot<E> {
  readonly contestId: string;
  /** R ciphertexts, position r holding the candidate number ranked r-th or 0 */
  readonly row: readonly Ciphertext<E>[];
  /** one range proof (0..m+W) per position */
  readonly proofs: readonly RangeProof<E>[];
  /** one Schnorr proof of knowledge of ξ per write-in ciphertext (W·L; absent when W = 0) */
  readonly writeInProofs?: readonly SchnorrProof<E>[];
}

/**
 * Checks a contest definition.
 * @throws {RangeError} naming the field
 */
export function checkRankedContest(contest: RankedContest): void {
  const m = contest.candidates.length;
  const W = contest.writeIns ?? 0;
  if (!Number.isInteger(W) || W < 0) throw new RangeError('contest.writeIns: must be a non-negative integer');
  const bytes = contest.writeInBytes ?? DEFAULT_WRITE_IN_BYTES;
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 1024)
    throw new RangeError('contest.writeInBytes: must be in 1..1024');
  if (m + W < 1) throw new RangeError('contest.candidates: at least one candidate or write-in slot');
  if (new Set(contest.candidates).size !== m)
    throw new RangeError('contest.candidates: names must be distinct');
  if (!Number.isInteger(contest.ranks) || contest.ranks < 1 || contest.ranks > m + W) {
    throw new RangeError('contest.ranks: must be an integer in 1..m+W');
  }
  if (!Number.isInteger(contest.seats) || contest.seats < 1 || (W === 0 && contest.seats > m)) {
    throw new RangeError('contest.seats: must be an integer in 1..m');
  }
}

/**
 * The challenge of a write-in proof of knowledge: H(H_E; 0x67, contest id, b(column, 4), K, α, β, h)
 * (spec/ranked-choice.md §2.4, check B3).
 */
function writeInChallenge<E>(
  G: Group<E>,
  hE: Uint8Array,
  K: E,
  contestId: string,
  col: number,
  ct: Ciphertext<E>,
) {
  return (h: E): Uint8Array =>
    H(
      hE,
      domain(WRITE_IN_PROOF_DOMAIN),
      str(contestId),
      int4(col),
      concatBytes(G.encode(K), G.encode(ct.alpha), G.encode(ct.beta), G.encode(h)),
    );
}

/**
 * Encrypts a ranking (spec/ranked-choice.md §2.1, §2.4).
 * @param hE - H_E, keying the proofs
 * @param ranking - in order of preference, at most R entries: candidate numbers 1..m (distinct)
 *   or write-in names (strings), which fill the write-in slots in order
 * @param derive - as part of a ballot: column k's nonce is ξ_{c,k} from the ballot nonce ξ_B and
 *   the contest's ind_c (§2.5, `rankedNonce`), so that ξ_B opens the row; otherwise fresh CSPRNG nonces
 * @throws {RangeError} for an invalid ranking or too many or too long write-ins
 */
export function encryptRankedBallot<E>(
  G: Group<E>,
  pk: PublicKey<E>,
  hE: Uint8Array,
  contest: RankedContest,
  ranking: readonly (number | string)[],
  derive?: { readonly ballotNonce: bigint; readonly indC: number },
): RankedBallot<E> {
  checkRankedContest(contest);
  const nonce = (column: number): bigint =>
    derive ? rankedNonce(G, hE, derive.ballotNonce, derive.indC, column) : randomScalar(G.q);
  const lay = rankedLayout(G, contest);
  const { m } = lay;
  if (ranking.length > contest.ranks) throw new RangeError('ranking: more preferences than ranks');
  if (new Set(ranking).size !== ranking.length) throw new RangeError('ranking: a candidate is ranked twice');
  const names: string[] = [];
  const values = ranking.map((c) => {
    if (typeof c === 'string') {
      names.push(c);
      return m + names.length;
    }
    if (!Number.isInteger(c) || c < 1 || c > m) throw new RangeError('ranking: candidate numbers are 1..m');
    return c;
  });
  if (names.length > lay.W) throw new RangeError(`ranking: at most ${lay.W} write-ins`);
  const row: Ciphertext<E>[] = [];
  const proofs: RangeProof<E>[] = [];
  for (let r = 0; r < contest.ranks; r++) {
    const sigma = values[r] ?? 0;
    const xi = nonce(r + 1);
    const ct = encrypt(G, pk, sigma, xi);
    row.push(ct);
    proofs.push(proveRange(G, hE, pk, ct, sigma, xi, lay.maxValue));
  }
  if (lay.W === 0) return { contestId: contest.id, row, proofs };
  const codec = writeInCodec(G, pk.K);
  const writeInProofs: SchnorrProof<E>[] = [];
  for (let j = 0; j < lay.W; j++) {
    for (const P of encodeWriteIn(codec, names[j] ?? '', lay.bytes)) {
      const xi = nonce(row.length + 1);
      const ct = { alpha: G.gExp(xi), beta: G.mul(pk.pow(xi), P) };
      writeInProofs.push(proveSchnorr(G, xi, writeInChallenge(G, hE, pk.K, contest.id, row.length, ct)));
      row.push(ct);
    }
  }
  return { contestId: contest.id, row, proofs, writeInProofs };
}

/**
 * Verifies a ranked ballot's shape, its R range proofs and its write-in proofs
 * (spec/ranked-choice.md §2.2, checks B1–B3). The ciphertexts must already be decoded group members.
 * @param batch - in commitment form, defer the proof equations (the caller checks the batch)
 * @returns the first failed check ("B1" shape, "B2" range proof at a position, "B3" write-in
 *   proof) as a one-finding list, or an empty list when the ballot is valid
 */
export function verifyRankedBallot<E>(
  G: Group<E>,
  pk: PublicKey<E>,
  hE: Uint8Array,
  contest: RankedContest,
  ballot: RankedBallot<E>,
  batch?: Batch<E>,
): readonly Finding[] {
  const lay = rankedLayout(G, contest);
  const { R, maxValue } = lay;
  const nW = lay.W * lay.L;
  if (ballot.contestId !== contest.id) return shapeFinding('contestId');
  if (!Array.isArray(ballot.row) || ballot.row.length !== lay.width) return shapeFinding('row');
  if (!Array.isArray(ballot.proofs) || ballot.proofs.length !== R) return shapeFinding('proofs');
  const wp = ballot.writeInProofs ?? [];
  if (!Array.isArray(wp) || wp.length !== nW) return shapeFinding('writeInProofs');
  const own = batch ?? (G.proofForm === 'commitment' ? createBatch(G) : undefined);
  const rangeOk = (r: number, b?: Batch<E>) =>
    verifyRange(G, hE, pk, ballot.row[r]!, maxValue, ballot.proofs[r]!, b);
  const pokOk = (j: number, b?: Batch<E>) => {
    const ct = ballot.row[R + j]!;
    return verifySchnorr(G, ct.alpha, wp[j]!, writeInChallenge(G, hE, pk.K, contest.id, R + j, ct), b);
  };
  for (let r = 0; r < R; r++) if (!rangeOk(r, own)) return rangeFinding(`proofs[${r}]`);
  for (let j = 0; j < nW; j++) if (!pokOk(j, own)) return writeInFinding(`writeInProofs[${j}]`);
  if (own && !batch && !own.check()) {
    // name the position
    for (let r = 0; r < R; r++) if (!rangeOk(r)) return rangeFinding(`proofs[${r}]`);
    for (let j = 0; j < nW; j++) if (!pokOk(j)) return writeInFinding(`writeInProofs[${j}]`);
  }
  return [];
}

const shapeFinding = (where: string) => [finding('B1', where, 'not the shape of this contest')];
const rangeFinding = (where: string) => [finding('B2', where, 'rank range proof does not verify')];
const writeInFinding = (where: string) => [finding('B3', where, 'write-in proof does not verify')];
