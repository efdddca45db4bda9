/**
 * Check L3.H of a record exported from a server (spec/bulletin-board.md §6): a
 * `challenged-ballot` entry reveals the ballot nonce ξ_B, and the server publishes what it opens
 * — `opened` (contest → option → value) and, with ranked contests, `openedRanked` (one
 * `{contestId, ranks, writeIns}` per ranked contest). The verifier opens every ciphertext again:
 * each selection with ξ_{i,j} (EG 2.0 eq 25), each ranked column with ξ_{c,k}
 * (spec/ranked-choice.md §2.5, §2.7), α = g^ξ, and the values must be the published ones; each
 * contest data field's C0 must be g^ξ with ξ from ξ_B (eq 50), so that the guardians decrypted
 * the challenger's own contest data and not another voter's. This is
 * Benaloh's cast-as-intended check made public: a voter (or anyone) compares the opening with
 * the ranking the voter made.
 * @module
 */
import {
  contestDataNonce,
  discreteLog,
  type Finding,
  type Group,
  indexManifest,
  isInvalidData,
  type Manifest,
  openRankedBallot,
  publicKey,
  type PublicKey,
  rankedBallotFromJson,
  rankedContestIndex,
  selectionNonce,
  bytesToBigint,
  canonicalJsonString,
  fromHex,
  elementFromJson,
} from '@evident/e2e-crypto';
import { decodeCiphertext } from '@evident/record';
import { hasLowerHex, upperHex } from '@evident/record';

type Json = Record<string, unknown>;

function sameJson(a: unknown, b: unknown): boolean {
  try {
    return canonicalJsonString(a) === canonicalJsonString(b);
  } catch {
    return false;
  }
}

/** What the check needs of the election. */
export interface OpeningContext<E> {
  readonly G: Group<E>;
  readonly hE: Uint8Array;
  readonly K: E;
  readonly manifest: Manifest;
}

/** An {@link OpeningContext} with K's exponentiation table and the manifest's index, made once. */
export interface PreparedOpenings<E> extends OpeningContext<E> {
  readonly pk: PublicKey<E>;
  readonly index: ReturnType<typeof indexManifest>;
}

/**
 * Prepares `c` for many openings: K's fixed-base table costs as much as dozens of
 * exponentiations, so it is built once per election, not once per challenged ballot.
 */
export function prepareOpenings<E>(c: OpeningContext<E>): PreparedOpenings<E> {
  return { ...c, pk: publicKey(c.G, c.K), index: indexManifest(c.manifest) };
}

/**
 * L3.H for one `challenged-ballot` entry.
 * @param entry - the log entry (`submission` with `nonce`, `opened`, `openedRanked`)
 * @returns the findings (L3.H), each `where` relative to the entry; never throws
 */
export function checkChallengeOpening<E>(c: OpeningContext<E> | PreparedOpenings<E>, entry: Json): Finding[] {
  const out: Finding[] = [];
  const { G, hE } = c;
  const pk = 'pk' in c ? c.pk : publicKey(G, c.K);
  const raw = entry.submission ?? {};
  const sub = (hasLowerHex(raw) ? upperHex(raw) : raw) as Json; // the board keeps hex as sent
  const ballot = (sub.ballot ?? {}) as Json;
  let xiB: bigint;
  try {
    xiB = bytesToBigint(fromHex(String(sub.nonce), 'nonce'));
    if (xiB >= G.q) throw new RangeError('nonce');
  } catch {
    return [{ check: 'L3.H', where: 'submission.nonce', message: 'a challenge must reveal ξ_B, a scalar' }];
  }
  // the ordinary contests: opened[label][option] = σ with α = g^ξ, β = K^(σ+ξ)
  const index = 'index' in c ? c.index : indexManifest(c.manifest);
  const opened = (entry.opened ?? {}) as Record<string, Record<string, unknown>>;
  const contests = Array.isArray(ballot.contests) ? (ballot.contests as Json[]) : [];
  contests.forEach((cj, ci) => {
    const ic = index.contests.get(String(cj.label));
    const sels = Array.isArray(cj.selections) ? (cj.selections as Json[]) : [];
    if (!ic || sels.length !== ic.contest.options.length) {
      out.push({
        check: 'L3.H',
        where: `submission.ballot.contests[${ci}]`,
        message: 'not a contest of the manifest',
      });
      return;
    }
    const dlog = discreteLog(G, pk.K, ic.contest.optionLimit);
    sels.forEach((sj, j) => {
      const at = `submission.ballot.contests[${ci}].selections[${j}]`;
      try {
        const ct = decodeCiphertext(G, sj as never, at);
        const xi = selectionNonce(G, hE, xiB, ic.index, j + 1);
        if (!G.equals(ct.alpha, G.gExp(xi))) {
          out.push({
            check: 'L3.H',
            where: `${at}.alpha`,
            message: 'ξ_B does not open this selection (eq 25)',
          });
          return;
        }
        const v = dlog(G.div(ct.beta, pk.pow(xi)));
        const published = opened[ic.contest.label]?.[ic.contest.options[j]!.label];
        if (v === undefined || published !== v)
          out.push({
            check: 'L3.H',
            where: `opened.${ic.contest.label}.${ic.contest.options[j]!.label}`,
            message: `is ${String(published)}, the nonce opens ${v === undefined ? 'no value in range' : v}`,
          });
      } catch (e) {
        if (!isInvalidData(e)) throw e;
        out.push({ check: 'L3.H', where: e.field, message: e.message });
      }
    });
    const at = `submission.ballot.contests[${ci}].contestData.c0`;
    try {
      const c0 = elementFromJson(G, ((cj.contestData ?? {}) as Json).c0 as string, at);
      if (!G.equals(c0, G.gExp(contestDataNonce(G, hE, xiB, ic.index))))
        out.push({
          check: 'L3.H',
          where: at,
          message: 'ξ_B does not open the contest data (C0 ≠ g^ξ, EG 2.0 eq 50)',
        });
    } catch (e) {
      if (!isInvalidData(e)) throw e;
      out.push({ check: 'L3.H', where: e.field, message: e.message });
    }
  });
  // nothing else is published as opened: exactly the ballot's contests and their options
  const labels = contests.map((cj) => String(cj.label));
  for (const [label, marks] of Object.entries(opened)) {
    const ic = index.contests.get(label);
    if (!labels.includes(label) || !ic)
      out.push({ check: 'L3.H', where: `opened.${label}`, message: 'is not a contest of this ballot' });
    else if (Object.keys(marks ?? {}).length !== ic.contest.options.length)
      out.push({
        check: 'L3.H',
        where: `opened.${label}`,
        message: `expected the ${ic.contest.options.length} options`,
      });
  }
  // the ranked rows (spec/ranked-choice.md §2.7)
  const rankedContests = c.manifest.rankedContests ?? [];
  const rows = Array.isArray(ballot.ranked) ? (ballot.ranked as unknown[]) : [];
  const openedRanked = Array.isArray(entry.openedRanked) ? (entry.openedRanked as unknown[]) : [];
  if (rankedContests.length === 0) return out;
  if (openedRanked.length !== rankedContests.length || rows.length !== rankedContests.length)
    out.push({
      check: 'L3.H',
      where: 'openedRanked',
      message: `expected ${rankedContests.length} opened ranked rows`,
    });
  rankedContests.forEach((rc, i) => {
    const field = `submission.ballot.ranked[${i}]`;
    try {
      const b = rankedBallotFromJson(G, rows[i], field);
      const r = openRankedBallot(G, pk, hE, rc, b, xiB, rankedContestIndex(c.manifest.contests.length, i));
      if (!r.ok) {
        out.push({
          check: 'L3.H',
          where: `${field}.${r.where}`,
          message: 'ξ_B does not open this ranked row (§2.7)',
        });
        return;
      }
      if (!sameJson(openedRanked[i], r.opening))
        out.push({
          check: 'L3.H',
          where: `openedRanked[${i}]`,
          message: `the nonce opens ${JSON.stringify(r.opening).slice(0, 120)}`,
        });
    } catch (e) {
      if (!isInvalidData(e)) throw e;
      out.push({ check: 'L3.H', where: e.field, message: e.message });
    }
  });
  return out;
}
