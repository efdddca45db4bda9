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
 *    the replay keys (eq 57 over the selections alone, spec/credentials.md §5);
 * 5. the credential signature verifies for the ballot digest (spec/credentials.md §3);
 * 6. for a challenge, the revealed ballot nonce opens every selection (α = g^ξ) and gives its value,
 *    and every ranked row (spec/ranked-choice.md §2.7); ranked rows' χ follow the contests' (§2.6).
 *
 * The confirmation code (it depends on the credential's chain, §5.3) is checked by the caller;
 * this computes what it would be for the first ballot of the chain (the usual case), and the
 * canonical JSON of the submission for its log entry, so that the event loop does neither.
 * @module
 */
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
  type RankedBallotJson,
} from '@evident/e2e-crypto';
import {
  decodeCiphertext,
  decodeHashed,
  decodeHex,
  decodeRangeProof,
  type RangeProofJson,
} from '@evident/record';
import { ApiError } from '../errors.js';
import type { Batch, RangeProof, CredentialSignature, RankedOpening } from '@evident/e2e-crypto';
import type { ElectionContext } from './election-context.js';
import {
  decodeRanked,
  openRanked,
  rankedEquations,
  rankedHashes,
  type DecodedRanked,
} from './ranked-check.js';

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
   * Replay claims per contest: EG 2.0 eq 57 over the selections only (spec/credentials.md §5),
   * then one per ranked ciphertext (./ranked-check.ts), uppercase hex.
   */
  readonly claimKeys: readonly string[];
  /** Challenges: contest label → option label → value. */
  readonly opened?: Record<string, Record<string, number>>;
  /** Challenges with ranked contests: each ranked row opened by ξ_B (spec/ranked-choice.md §2.7). */
  readonly openedRanked?: RankedOpening[];
  /** The confirmation code (uppercase hex) this ballot has if it is the first of its credential's chain (eq 58–60). */
  readonly firstCode: string;
  /** The submission as canonical JSON (RFC 8785), as its log entry holds it. */
  readonly canonical: string;
}

/** A check failure as data (so that it crosses the worker boundary). */
export interface CheckFailure {
  readonly code: ApiError['code'];
  readonly message: string;
  readonly field?: string;
}

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

/**
 * Runs checks 1–6 on many ballots of one election, with all their group equations in one
 * batch (one multi-exponentiation); if the batch fails, each ballot is re-checked alone on its
 * already decoded values, and a failing one is checked equation by equation to name the field.
 * @returns one result per input, in order
 */
export function checkBallots<E>(
  ctx: ElectionContext<E>,
  items: readonly { readonly sub: BallotSubmission; readonly intent: 'cast' | 'challenge' }[],
): (CheckedBallot | CheckFailure)[] {
  const out: (CheckedBallot | CheckFailure | undefined)[] = new Array(items.length);
  const decoded: { i: number; d: Decoded<E> }[] = [];
  const batched = ctx.G.proofForm === 'commitment';
  const batch = batched ? createBatch(ctx.G) : undefined;
  items.forEach(({ sub, intent }, i) => {
    const r = guard(() => {
      const d = decode(ctx, sub, intent);
      equations(ctx, d, batch); // the hash checks run now; the group equations go to the batch
      return d;
    });
    if (isCheckFailure(r)) out[i] = r;
    else decoded.push({ i, d: r });
  });
  if (batch && !batch.check()) {
    // somebody's equation is false: find whose, without decoding again
    for (const { i, d } of decoded) {
      const own = createBatch(ctx.G);
      const r = guard(() => {
        equations(ctx, d, own);
        if (!own.check()) {
          equations(ctx, d, undefined); // throws at the first false equation, naming it
          throw new ApiError('EVD_ERR_INVALID_PROOF', 'a proof does not verify', 'ballot');
        }
        return d;
      });
      if (isCheckFailure(r)) out[i] = r;
    }
  }
  for (const { i, d } of decoded) out[i] ??= d.result;
  return out as (CheckedBallot | CheckFailure)[];
}

/** True when `r` is a failure. */
export function isCheckFailure<T extends object>(r: T | CheckFailure): r is CheckFailure {
  return 'code' in r && 'message' in r && !('digest' in r) && !('result' in r);
}

function guard<T extends object>(f: () => T): T | CheckFailure {
  try {
    return f();
  } catch (e) {
    if (e instanceof ApiError)
      return { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) };
    if (isInvalidData(e)) return { code: 'EVD_ERR_INVALID_DATA', message: e.message, field: e.field };
    throw e;
  }
}

/** A ballot after checks 1, 2, 4, 6 and the hashing part of 3 and 5: decoded values only. */
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
  readonly ranked?: DecodedRanked<E>;
  readonly result: CheckedBallot;
}

/** Checks 1, 2, 4, 6: decodes every value (membership, ranges) and computes the hashes. */
function decode<E>(ctx: ElectionContext<E>, sub: BallotSubmission, intent: 'cast' | 'challenge'): Decoded<E> {
  const { G, hE, pk, manifest } = ctx;
  // 1.
  const S = G.decode(decodeHex(sub.credential, 'credential', G.elementLength), 'credential');
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
  decodeHex(b.code, 'ballot.code', 32);
  const nonce = intent === 'challenge' ? decodeNonce(sub.nonce, G.q) : undefined;
  const hashes: string[] = [];
  const hashBytes: Uint8Array[] = [];
  const claims: string[] = [];
  const opened: Record<string, Record<string, number>> = {};
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
    const cts: Ciphertext<E>[] = [];
    c.selections.forEach((s, j) => {
      const sat = `${at}.selections[${j}]`;
      const ct = decodeCiphertext(G, s, sat);
      // 3. (Verification 5)
      proofs.push({
        ct,
        R: contest.optionLimit,
        proof: decodeRangeProof(G, s.proof, `${sat}.proof`),
        field: `${sat}.proof`,
        what: 'selection range proof',
      });
      cts.push(ct);
      if (nonce !== undefined) {
        // 6.
        const xi = selectionNonce(G, hE, nonce, index, j + 1);
        if (!G.equals(ct.alpha, G.gExp(xi))) {
          throw new ApiError(
            'EVD_ERR_INVALID_BALLOT',
            'the nonce does not open this selection',
            `${sat}.alpha`,
          );
        }
        const m = G.div(ct.beta, pk.pow(xi));
        const v = discreteLog(G, pk.K, contest.optionLimit)(m);
        if (v === undefined)
          throw new ApiError('EVD_ERR_INVALID_BALLOT', 'selection value out of range', sat);
        (opened[contest.label] ??= {})[contest.options[j]!.label] = v;
      }
    });
    const data = decodeHashed(G, c.contestData, `${at}.contestData`);
    if (decodeHex(c.contestData.c1, `${at}.contestData.c1`).length !== 32 * contest.contestDataBlocks) {
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
      proof: decodeRangeProof(G, c.proof, `${at}.proof`),
      field: `${at}.proof`,
      what: 'contest vote-limit proof',
    });
    // 4.
    const chi = ballotContestHash(G, hE, index, pk.K, cts, data);
    hashBytes.push(chi);
    hashes.push(toHex(chi));
    claims.push(toHex(contestHash(G, hE, index, pk.K, cts)));
  });
  const ranked = decodeRanked(ctx, b.ranked);
  // 4. and 6. for the ranked rows: their χ follow the contests' in H(B); ξ_B opens them
  const rankedChi = rankedHashes(ctx, ranked);
  hashBytes.push(...rankedChi);
  hashes.push(...rankedChi.map((h) => toHex(h)));
  const openedRanked = ranked && nonce !== undefined ? openRanked(ctx, ranked, nonce) : undefined;
  // 5. (the digest; the signature equation with the proofs')
  const text = canonicalSubmission(sub);
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
    ranked,
    result: {
      digest: toHex(digest),
      credential,
      code: b.code,
      contestHashes: hashes,
      ...(ranked ? { rankedHashes: rankedChi.length } : {}),
      claimKeys: ranked ? [...claims, ...ranked.claimKeys] : claims,
      ...(nonce !== undefined ? { opened } : {}),
      ...(openedRanked ? { openedRanked } : {}),
      firstCode: toHex(firstCode),
      canonical: text.full,
    },
  };
}

/**
 * Checks 3 and 5: the challenges now (hashes), the group equations into `batch`, or now when
 * `batch` is undefined.
 * @throws {ApiError} naming the first proof whose challenge or (unbatched) equation fails
 */
function equations<E>(ctx: ElectionContext<E>, d: Decoded<E>, batch: Batch<E> | undefined): void {
  const { G, hE, pk } = ctx;
  for (const p of d.proofs) {
    if (!verifyRange(G, hE, pk, p.ct, p.R, p.proof, batch)) {
      throw new ApiError('EVD_ERR_INVALID_PROOF', `${p.what} does not verify`, p.field);
    }
  }
  rankedEquations(ctx, d.ranked, batch);
  if (!verifyCredentialSignature(G, hE, d.S, d.intent, d.digest, d.sig, batch)) {
    throw new ApiError('EVD_ERR_INVALID_SIGNATURE', 'credential signature does not verify', 'signature');
  }
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
  const x = bytesToBigint(decodeHex(hex, 'nonce', 32));
  if (x >= q) throw new ApiError('EVD_ERR_INVALID_DATA', 'nonce is not a scalar', 'nonce');
  return x;
}
