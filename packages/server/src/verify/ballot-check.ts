/**
 * Server-side checks of a submitted ballot (spec/server-api.md §5.2), everything that does
 * not depend on the board's state, so that it can run in a worker thread:
 *
 * 1. the public credential and every element decode (membership) and every scalar is in range;
 * 2. the style exists and the contests are exactly its contests, in manifest order, each with
 *    one selection per option;
 * 3. every selection's range proof 0..R and every contest's range proof 0..L verify (EG 2.0
 *    Verifications 5 and 6), batched into one multi-exponentiation in ristretto255 — across all
 *    the ballots of a {@link checkBallots} call, re-checked ballot by ballot only when the batch
 *    fails, so that exactly the bad ballots are refused, each with the field that failed;
 * 4. the contest hashes χ_l are recomputed (eq 57 with the contest data, spec/record.md §5.2), and
 *    the replay claims (spec/credentials.md §5): eq 57 over the selections alone, and the contest
 *    data's C0;
 * 5. the credential signature verifies for the ballot digest (spec/credentials.md §3) — checked
 *    before the proofs, in a batch of its own: a ballot that no credential key signed never
 *    enters the proofs' batch, so it cannot make the other ballots be re-checked one by one;
 * 6. for a challenge, the revealed ballot nonce opens every selection, contest data field and
 *    ranked row (./challenge-opening.ts); a cast must not carry its nonce (its vote would be
 *    public). Ranked rows' χ follow the contests' (spec/ranked-choice.md §2.6).
 *
 * Hex is accepted in either case: values are decoded from an upper-case copy, and the digest and
 * the log entry are of the submission as sent (upperHex in @evident/record).
 *
 * The confirmation code (it depends on the credential's chain, §5.3) is checked by the caller;
 * this computes what it would be for the first ballot of the chain (the usual case), and the
 * canonical JSON of the submission for its log entry, so that the event loop does neither.
 * @module
 */
import { createHash } from 'node:crypto';
import {
  ballotContestHash,
  ballotDigestOfCanonical,
  bytesToBigint,
  canonicalJsonString,
  chainedAux,
  chainInitialCode,
  confirmationCode,
  contestHash,
  deviceAux0,
  InvalidDataError,
  credentialSignatureFromJson,
  sum,
  toHex,
  verifyCredentialSignature,
  verifyRange,
  type Ciphertext,
  type CredentialSignatureJson,
  type RankedBallotJson,
  hexFromJson,
  rangeProofFromJson,
} from '@evident/e2e-crypto';
import { decodeCiphertext, decodeHashed, type RangeProofJson } from '@evident/record';
import { ApiError } from '../errors.js';
import type { Batch, RangeProof, CredentialSignature, RankedOpening } from '@evident/e2e-crypto';
import { batchedStep, guard, isCheckFailure, type CheckFailure, type Live } from './check-batches.js';
import { openChallenge, type ChallengeOpening, type DecodedContest } from './challenge-opening.js';
import type { ElectionContext } from './election-context.js';
import { hasLowerHex, upperHex } from '@evident/record';
import { decodeRanked, rankedEquations, rankedHashes, type DecodedRanked } from './ranked-check.js';

/** The JSON a voter's client submits (spec/server-api.md §5.1). */
export interface BallotSubmission {
  readonly credential: string;
  readonly ballot: {
    readonly code: string;
    readonly style: string;
    readonly contests: readonly {
      readonly label: string;
      readonly selections: readonly {
        readonly alpha: string;
        readonly beta: string;
        readonly proof: RangeProofJson;
      }[];
      readonly proof: RangeProofJson;
      readonly contestData: { readonly c0: string; readonly c1: string; readonly c2: string };
    }[];
    /** One encrypted row per ranked contest of the manifest, in order (./ranked-check.ts). */
    readonly ranked?: readonly RankedBallotJson[];
  };
  /** Challenges only: ξ_B, 64 hex digits. */
  readonly nonce?: string;
  readonly signature: CredentialSignatureJson;
}

/** The device label of a credential's chain (spec/server-api.md §5.3). */
export function credentialDevice(credentialHex: string): string {
  return `online-${credentialHex.toLowerCase().slice(0, 64)}`;
}

/** The outcome of a successful check. */
export interface CheckedBallot {
  /** Ballot digest, hex. */
  readonly digest: string;
  /** Public credential, uppercase hex. */
  readonly credential: string;
  /** Claimed confirmation code, uppercase hex. */
  readonly code: string;
  /** χ_l per contest (with the contest data, spec/record.md §5.2), uppercase hex: they give the confirmation code. */
  readonly contestHashes: readonly string[];
  /** How many of `contestHashes` (the last ones) are ranked rows' (spec/ranked-choice.md §2.6). */
  readonly rankedHashes?: number;
  /**
   * Replay claims (spec/credentials.md §5), each with the field it covers: per contest EG 2.0
   * eq 57 over the selections only, and SHA-256 of the contest data's C0; then one per ranked
   * ciphertext (./ranked-check.ts); uppercase hex.
   */
  readonly claims: readonly { readonly key: string; readonly field: string }[];
  /** Challenges: contest label → option label → value. */
  readonly opened?: Record<string, Record<string, number>>;
  /** Challenges with ranked contests: each ranked row opened by ξ_B (spec/ranked-choice.md §2.7). */
  readonly openedRanked?: RankedOpening[];
  /** The confirmation code (uppercase hex) this ballot has if it is the first of its credential's chain (eq 58–60). */
  readonly firstCode: string;
  /** The submission as canonical JSON (RFC 8785), as its log entry holds it. */
  readonly canonical: string;
}

export { isCheckFailure, refusalOf, type CheckFailure } from './check-batches.js';

/**
 * Runs checks 1–6 on one ballot.
 * @param intent - 'cast' or 'challenge' (the signature's purpose)
 * @returns the checked ballot, or a failure naming the field
 */
export function checkBallot<E>(
  ctx: ElectionContext<E>,
  sub: BallotSubmission,
  intent: 'cast' | 'challenge',
): CheckedBallot | CheckFailure {
  return checkBallots(ctx, [{ sub, intent }])[0]!;
}

/** Counters of {@link checkBallots}, summed over calls (spec/server-api.md §6.4). */
export interface CheckCounters {
  /** Ballots whose proofs were re-checked alone because their batch failed. */
  rechecked: number;
}

/**
 * Runs checks 1–6 on many ballots of one election: decoding (1, 2, 4); the credential
 * signatures (5), all in one batch; the challenges' openings (6); then the proofs (3), all in one
 * batch (one multi-exponentiation). When a batch fails, its ballots are re-checked alone on their
 * already decoded values, and a failing one equation by equation to name the field.
 * @param counters - incremented by the ballots re-checked after a failed batch of proofs
 * @returns one result per input, in order
 */
export function checkBallots<E>(
  ctx: ElectionContext<E>,
  items: readonly { readonly sub: BallotSubmission; readonly intent: 'cast' | 'challenge' }[],
  counters?: CheckCounters,
): (CheckedBallot | CheckFailure)[] {
  const out: (CheckedBallot | CheckFailure | undefined)[] = new Array(items.length);
  let live: Live<Decoded<E>>[] = [];
  items.forEach(({ sub, intent }, i) => {
    const r = guard(() => decode(ctx, sub, intent));
    if (isCheckFailure(r)) out[i] = r;
    else live.push({ i, d: r });
  });
  // 5. before anything costly: a ballot that no credential key signed goes no further
  live = batchedStep(ctx.G, live, out, (d, batch) => signatureEquation(ctx, d, batch)).live;
  // 6.
  const opened = new Map<number, ChallengeOpening>();
  live = live.filter(({ i, d }) => {
    if (d.nonce === undefined) return true;
    const r = guard(() => openChallenge(ctx, d.nonce!, d.contests, d.ranked));
    if (isCheckFailure(r)) out[i] = r;
    else opened.set(i, r);
    return !isCheckFailure(r);
  });
  // 3.
  const proofs = batchedStep(ctx.G, live, out, (d, batch) => proofEquations(ctx, d, batch));
  if (counters) counters.rechecked += proofs.rechecked;
  for (const { i, d } of proofs.live) out[i] = { ...d.result, ...opened.get(i) };
  return out as (CheckedBallot | CheckFailure)[];
}

/** A ballot after checks 1, 2, 4 and the hashing part of 3 and 5: decoded values only. */
interface Decoded<E> {
  readonly S: E;
  readonly sig: CredentialSignature<E>;
  readonly intent: 'cast' | 'challenge';
  readonly digest: Uint8Array;
  readonly proofs: {
    readonly ct: Ciphertext<E>;
    readonly R: number;
    readonly proof: RangeProof<E>;
    readonly field: string;
    readonly what: string;
  }[];
  readonly contests: readonly DecodedContest<E>[];
  readonly ranked?: DecodedRanked<E>;
  /** ξ_B, for a challenge. */
  readonly nonce?: bigint;
  /** The result, but for a challenge's opening. */
  readonly result: CheckedBallot;
}

/** SHA-256 of an element's encoding, uppercase hex: the replay claim of a C0 (spec/credentials.md §5). */
function elementClaim<E>(ctx: ElectionContext<E>, x: E): string {
  return toHex(createHash('sha256').update(ctx.G.encode(x)).digest());
}

/** Checks 1, 2, 4: decodes every value (membership, ranges) and computes the hashes. */
function decode<E>(
  ctx: ElectionContext<E>,
  sent: BallotSubmission,
  intent: 'cast' | 'challenge',
): Decoded<E> {
  const { G, hE, pk, manifest } = ctx;
  // 6. (for a cast: its nonce would make its vote public)
  if (intent === 'cast' && sent.nonce !== undefined)
    throw new ApiError('EVD_ERR_INVALID_BALLOT', 'a cast ballot must not carry its nonce', 'nonce');
  // the usual submission is in upper case already: used as it is, not copied
  const sub = hasLowerHex(sent) ? upperHex(sent) : sent;
  // 1.
  const S = G.decode(hexFromJson(sub.credential, 'credential', G.elementLength), 'credential');
  const sig = credentialSignatureFromJson(G, sub.signature, 'signature');
  // 2.
  const b = sub.ballot;
  const style = manifest.styles.get(b.style);
  if (!style)
    throw new ApiError(
      'EVD_ERR_INVALID_BALLOT',
      `unknown ballot style "${String(b.style).slice(0, 64)}"`,
      'ballot.style',
    );
  if (b.contests.length !== style.length) {
    throw new ApiError(
      'EVD_ERR_INVALID_BALLOT',
      `style "${b.style}" has ${style.length} contests`,
      'ballot.contests',
    );
  }
  hexFromJson(b.code, 'ballot.code', 32);
  const nonce = intent === 'challenge' ? decodeNonce(sub.nonce, G.q) : undefined;
  const hashes: string[] = [];
  const hashBytes: Uint8Array[] = [];
  const claims: { key: string; field: string }[] = [];
  const contests: DecodedContest<E>[] = [];
  const proofs: Decoded<E>['proofs'] = [];
  b.contests.forEach((c, ci) => {
    const at = `ballot.contests[${ci}]`;
    const { index, contest } = style[ci]!;
    if (c.label !== contest.label) {
      throw new ApiError('EVD_ERR_INVALID_BALLOT', `expected contest "${contest.label}"`, `${at}.label`);
    }
    if (c.selections.length !== contest.options.length) {
      throw new ApiError(
        'EVD_ERR_INVALID_BALLOT',
        `contest "${contest.label}" has ${contest.options.length} options`,
        `${at}.selections`,
      );
    }
    const cts = c.selections.map((s, j) => {
      const sat = `${at}.selections[${j}]`;
      const ct = decodeCiphertext(G, s, sat);
      // 3. (Verification 5)
      proofs.push({
        ct,
        R: contest.optionLimit,
        proof: rangeProofFromJson(G, s.proof, `${sat}.proof`),
        field: `${sat}.proof`,
        what: 'selection range proof',
      });
      return ct;
    });
    const data = decodeHashed(G, c.contestData, `${at}.contestData`);
    if (data.c1.length !== 32 * contest.contestDataBlocks) {
      throw new ApiError(
        'EVD_ERR_INVALID_BALLOT',
        `contest data must be ${contest.contestDataBlocks} blocks`,
        `${at}.contestData.c1`,
      );
    }
    // 3. (Verification 6)
    proofs.push({
      ct: sum(G, cts),
      R: contest.voteLimit,
      proof: rangeProofFromJson(G, c.proof, `${at}.proof`),
      field: `${at}.proof`,
      what: 'contest vote-limit proof',
    });
    // 4.
    const chi = ballotContestHash(G, hE, index, pk.K, cts, data);
    hashBytes.push(chi);
    hashes.push(toHex(chi));
    claims.push(
      { key: toHex(contestHash(G, hE, index, pk.K, cts)), field: at },
      { key: elementClaim(ctx, data.c0), field: `${at}.contestData` },
    );
    contests.push({ indexed: style[ci]!, at, cts, c0: data.c0 });
  });
  const ranked = decodeRanked(ctx, b.ranked);
  // 4. for the ranked rows: their χ follow the contests' in H(B)
  const rankedChi = rankedHashes(ctx, ranked);
  hashBytes.push(...rankedChi);
  hashes.push(...rankedChi.map((h) => toHex(h)));
  for (const key of ranked?.claimKeys ?? []) claims.push({ key, field: 'ballot.ranked' });
  // 5. (the digest, of the submission as sent; the signature equation in its own batch)
  const text = canonicalSubmission(sent);
  const digest = ballotDigestOfCanonical(hE, text.unsigned);
  const credential = toHex(G.encode(S));
  const aux0 = deviceAux0(credentialDevice(credential));
  const firstCode = confirmationCode(hE, hashBytes, chainedAux(chainInitialCode(hE, aux0), aux0));
  return {
    S,
    sig,
    intent,
    digest,
    proofs,
    contests,
    ranked,
    ...(nonce !== undefined ? { nonce } : {}),
    result: {
      digest: toHex(digest),
      credential,
      code: b.code,
      contestHashes: hashes,
      ...(ranked ? { rankedHashes: rankedChi.length } : {}),
      claims,
      firstCode: toHex(firstCode),
      canonical: text.full,
    },
  };
}

/**
 * Check 5: the signature's challenge now (a hash), its group equation into `batch`, or now when
 * `batch` is undefined.
 * @throws {ApiError} EVD_ERR_INVALID_SIGNATURE when it fails
 */
function signatureEquation<E>(ctx: ElectionContext<E>, d: Decoded<E>, batch: Batch<E> | undefined): void {
  if (!verifyCredentialSignature(ctx.G, ctx.hE, d.S, d.intent, d.digest, d.sig, batch)) {
    throw new ApiError('EVD_ERR_INVALID_SIGNATURE', 'credential signature does not verify', 'signature');
  }
}

/**
 * Check 3: the proofs' challenges now (hashes), their group equations into `batch`, or now when
 * `batch` is undefined.
 * @throws {ApiError} EVD_ERR_INVALID_PROOF naming the first proof that fails
 */
function proofEquations<E>(ctx: ElectionContext<E>, d: Decoded<E>, batch: Batch<E> | undefined): void {
  const { G, hE, pk } = ctx;
  for (const p of d.proofs) {
    if (!verifyRange(G, hE, pk, p.ct, p.R, p.proof, batch)) {
      throw new ApiError('EVD_ERR_INVALID_PROOF', `${p.what} does not verify`, p.field);
    }
  }
  rankedEquations(ctx, d.ranked, batch);
}

/**
 * The canonical JSON of the submission with and without its `signature` (the ballot digest signs
 * the latter, spec/credentials.md §3.2; the log entry holds the former): members serialised once.
 * @throws {InvalidDataError} VALUE if a value is not JSON with integer numbers
 */
function canonicalSubmission(sub: BallotSubmission): { unsigned: string; full: string } {
  const o = sub as unknown as Record<string, unknown>;
  try {
    const members = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort() // UTF-16 code units, as canonicalJsonString sorts (RFC 8785 §3.2.3)
      .map((k) => [k, JSON.stringify(k) + ':' + canonicalJsonString(o[k])] as const);
    return {
      unsigned:
        '{' +
        members
          .filter(([k]) => k !== 'signature')
          .map(([, m]) => m)
          .join(',') +
        '}',
      full: '{' + members.map(([, m]) => m).join(',') + '}',
    };
  } catch (e) {
    throw new InvalidDataError('VALUE', 'ballot', (e as Error).message);
  }
}

function decodeNonce(hex: string | undefined, q: bigint): bigint {
  if (hex === undefined)
    throw new ApiError('EVD_ERR_VALIDATION', 'a challenge must reveal the ballot nonce', 'nonce');
  const x = bytesToBigint(hexFromJson(hex, 'nonce', 32));
  if (x >= q) throw new ApiError('EVD_ERR_INVALID_DATA', 'nonce is not a scalar', 'nonce');
  return x;
}
