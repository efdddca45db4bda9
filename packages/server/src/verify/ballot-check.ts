/**
 * Server-side checks of a submitted ballot (spec/server-api.md §5.2), everything that does
 * not depend on the board's state, so that it can run in a worker thread:
 *
 * 1. the public credential and every element decode (membership) and every scalar is in range;
 * 2. the style exists and the contests are exactly its contests, in manifest order, each with
 *    one selection per option;
 * 3. every selection's range proof 0..R and every contest's range proof 0..L verify (EG 2.0
 *    Verifications 5 and 6), batched into one multi-exponentiation in ristretto255;
 * 4. the contest hashes χ_l are recomputed (eq 57 with the contest data, spec/record.md §5.2), and
 *    the replay keys (eq 57 over the selections alone, spec/credentials.md §5);
 * 5. the credential signature verifies for the ballot digest (spec/credentials.md §3);
 * 6. for a challenge, the revealed ballot nonce opens every selection (α = g^ξ) and gives its value.
 *
 * The confirmation code (it depends on the credential's chain, §5.3) is checked by the caller.
 * @module
 */
import {
  ballotContestHash,
  ballotDigest,
  bytesToBigint,
  contestHash,
  createBatch,
  credentialSignatureFromJson,
  discreteLog,
  isInvalidData,
  selectionNonce,
  sum,
  toHex,
  verifyCredentialSignature,
  verifyRange,
  type Ciphertext,
  type CredentialSignatureJson,
} from '@evident/e2e-crypto';
import { decodeCiphertext, decodeHashed, decodeHex, decodeRangeProof, type RangeProofJson } from '@evident/record';
import { ApiError } from '../errors.js';
import type { ElectionContext } from './election-context.js';

/** The JSON a voter's client submits (spec/server-api.md §5.1). */
export interface BallotSubmission {
  readonly credential: string;
  readonly ballot: {
    readonly code: string;
    readonly style: string;
    readonly contests: readonly {
      readonly label: string;
      readonly selections: readonly { readonly alpha: string; readonly beta: string; readonly proof: RangeProofJson }[];
      readonly proof: RangeProofJson;
      readonly contestData: { readonly c0: string; readonly c1: string; readonly c2: string };
    }[];
  };
  /** Challenges only: ξ_B, 64 hex digits. */
  readonly nonce?: string;
  readonly signature: CredentialSignatureJson;
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
  /** Replay claims per contest: EG 2.0 eq 57 over the selections only (spec/credentials.md §5), uppercase hex. */
  readonly claimKeys: readonly string[];
  /** Challenges: contest label → option label → value. */
  readonly opened?: Record<string, Record<string, number>>;
}

/** A check failure as data (so that it crosses the worker boundary). */
export interface CheckFailure {
  readonly code: ApiError['code'];
  readonly message: string;
  readonly field?: string;
}

/**
 * Runs checks 1–6.
 * @param intent - 'cast' or 'challenge' (the signature's purpose)
 * @returns the checked ballot, or a failure naming the field
 */
export function checkBallot<E>(
  ctx: ElectionContext<E>,
  sub: BallotSubmission,
  intent: 'cast' | 'challenge',
): CheckedBallot | CheckFailure {
  try {
    return run(ctx, sub, intent);
  } catch (e) {
    if (e instanceof ApiError) return { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) };
    if (isInvalidData(e)) return { code: 'EVD_ERR_INVALID_DATA', message: e.message, field: e.field };
    throw e;
  }
}

/** True when `r` is a failure. */
export function isCheckFailure(r: CheckedBallot | CheckFailure): r is CheckFailure {
  return 'code' in r && 'message' in r && !('digest' in r);
}

function run<E>(ctx: ElectionContext<E>, sub: BallotSubmission, intent: 'cast' | 'challenge', useBatch = true): CheckedBallot {
  const { G, hE, pk, manifest } = ctx;
  // 1.
  const S = G.decode(decodeHex(sub.credential, 'credential', G.elementLength), 'credential');
  const sig = credentialSignatureFromJson(G, sub.signature, 'signature');
  // 2.
  const b = sub.ballot;
  const style = manifest.styles.get(b.style);
  if (!style) throw new ApiError('EVD_ERR_INVALID_BALLOT', `unknown ballot style "${String(b.style).slice(0, 64)}"`, 'ballot.style');
  if (b.contests.length !== style.length) {
    throw new ApiError('EVD_ERR_INVALID_BALLOT', `style "${b.style}" has ${style.length} contests`, 'ballot.contests');
  }
  decodeHex(b.code, 'ballot.code', 32);
  const nonce = intent === 'challenge' ? decodeNonce(sub.nonce, G.q) : undefined;
  const batch = useBatch && G.proofForm === 'commitment' ? createBatch(G) : undefined;
  const hashes: string[] = [];
  const claims: string[] = [];
  const opened: Record<string, Record<string, number>> = {};
  let ok = true;
  b.contests.forEach((c, ci) => {
    const at = `ballot.contests[${ci}]`;
    const { index, contest } = style[ci]!;
    if (c.label !== contest.label) {
      throw new ApiError('EVD_ERR_INVALID_BALLOT', `expected contest "${contest.label}"`, `${at}.label`);
    }
    if (c.selections.length !== contest.options.length) {
      throw new ApiError('EVD_ERR_INVALID_BALLOT', `contest "${contest.label}" has ${contest.options.length} options`, `${at}.selections`);
    }
    const cts: Ciphertext<E>[] = [];
    c.selections.forEach((s, j) => {
      const sat = `${at}.selections[${j}]`;
      const ct = decodeCiphertext(G, s, sat);
      const proof = decodeRangeProof(G, s.proof, `${sat}.proof`);
      // 3. (Verification 5)
      if (!verifyRange(G, hE, pk, ct, contest.optionLimit, proof, batch)) {
        throw new ApiError('EVD_ERR_INVALID_PROOF', 'selection range proof does not verify', `${sat}.proof`);
      }
      cts.push(ct);
      if (nonce !== undefined) {
        // 6.
        const xi = selectionNonce(G, hE, nonce, index, j + 1);
        if (!G.equals(ct.alpha, G.gExp(xi))) {
          throw new ApiError('EVD_ERR_INVALID_BALLOT', 'the nonce does not open this selection', `${sat}.alpha`);
        }
        const m = G.div(ct.beta, pk.pow(xi));
        const v = discreteLog(G, pk.K, contest.optionLimit)(m);
        if (v === undefined) throw new ApiError('EVD_ERR_INVALID_BALLOT', 'selection value out of range', sat);
        (opened[contest.label] ??= {})[contest.options[j]!.label] = v;
      }
    });
    const data = decodeHashed(G, c.contestData, `${at}.contestData`);
    if (decodeHex(c.contestData.c1, `${at}.contestData.c1`).length !== 32 * contest.contestDataBlocks) {
      throw new ApiError('EVD_ERR_INVALID_BALLOT', `contest data must be ${contest.contestDataBlocks} blocks`, `${at}.contestData.c1`);
    }
    // 3. (Verification 6)
    const cproof = decodeRangeProof(G, c.proof, `${at}.proof`);
    if (!verifyRange(G, hE, pk, sum(G, cts), contest.voteLimit, cproof, batch)) {
      throw new ApiError('EVD_ERR_INVALID_PROOF', 'contest vote-limit proof does not verify', `${at}.proof`);
    }
    // 4.
    hashes.push(toHex(ballotContestHash(G, hE, index, pk.K, cts, data)));
    claims.push(toHex(contestHash(G, hE, index, pk.K, cts)));
  });
  // 5.
  const digest = ballotDigest(hE, sub as unknown as Record<string, unknown>);
  ok = verifyCredentialSignature(G, hE, S, intent, digest, sig, batch) && ok;
  if (!ok) throw new ApiError('EVD_ERR_INVALID_SIGNATURE', 'credential signature does not verify', 'signature');
  if (batch && !batch.check()) {
    // name the failing proof: re-check one by one (throws at the first false equation)
    run(ctx, sub, intent, false);
    throw new ApiError('EVD_ERR_INVALID_PROOF', 'a proof does not verify', 'ballot');
  }
  return {
    digest: toHex(digest),
    credential: toHex(G.encode(S)),
    code: b.code,
    contestHashes: hashes,
    claimKeys: claims,
    ...(nonce !== undefined ? { opened } : {}),
  };
}

function decodeNonce(hex: string | undefined, q: bigint): bigint {
  if (hex === undefined) throw new ApiError('EVD_ERR_VALIDATION', 'a challenge must reveal the ballot nonce', 'nonce');
  const x = bytesToBigint(decodeHex(hex, 'nonce', 32));
  if (x >= q) throw new ApiError('EVD_ERR_INVALID_DATA', 'nonce is not a scalar', 'nonce');
  return x;
}
