/**
 * Steps 8–10 and 12–14 (spec/verification.md §8–§14): the encrypted tally against the
 * aggregate of the cast ballots, the tally's decryption proofs and values, and the decryptions
 * of the challenged ballots. Decryption proofs are checked with the key-ceremony package's
 * verifiers (`verifySelectionDecryption`, `verifyContestDataDecryption`), batched in commitment
 * form with a one-by-one re-check to name a bad proof.
 * @module
 */
import {
  type Ciphertext,
  type EncryptedTally,
  type Group,
  type HashedCiphertext,
  bytesEqual,
  contestDataContext,
  createBatch,
  decodeContestData,
  hashedDecrypt,
  isInvalidData,
  verifyContestDataDecryption,
  verifySelectionDecryption,
  type Batch,
  type Finding,
  chaumPedersenFromJson,
  elementFromJson,
  hexFromJson,
} from '@evident/e2e-crypto';
import {
  CHALLENGED_FILE,
  ENCRYPTED_TALLY_FILE,
  type ChallengedJson,
  type EncryptedTallyJson,
  RecordReadError,
  TALLY_FILE,
  type TallyJson,
  decodeHashed,
  parseChecked,
  readJsonLines,
  readRecordJson,
} from '@evident/record';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type StepCollector as Collector, type StepResult, stepCollector } from '../report.js';
import type { ChallengedCiphertexts } from './check-chunk.js';
import { type ChallengedSet, challengedEntries } from './challenged-set.js';
import type { EvidentContext } from './context.js';

/**
 * The challenged ballots' proofs (steps 12–14) are checked in batches of about this many proofs,
 * in file order, so that memory does not grow with the record (every decoded proof of a
 * million-ballot record's 10,000 challenged ballots used to be held until the end of the file).
 */
export const CHALLENGED_GROUP_CHECKS = 1024;

/** A deferred proof check: run with a batch first, then alone to name the failure. */
interface ProofCheck {
  run(batch?: Batch<unknown>): readonly Finding[];
  /** records a finding of `run` in its step, in the verifier's words for this record */
  fail(f: Finding): void;
}

function runBatched<E>(G: Group<E>, checks: ProofCheck[]): void {
  const batch = G.proofForm === 'commitment' ? (createBatch(G) as Batch<unknown>) : undefined;
  const failedNow = checks.map((c) => c.run(batch));
  const batchOk = batch ? batch.check() : true;
  checks.forEach((c, i) => {
    const f = batchOk ? failedNow[i]! : c.run(undefined);
    for (const x of f) c.fail(x);
  });
}

/** Steps 8, 9 and 10 for the tally. */
export function verifyTally<E>(
  dir: string,
  ctx: EvidentContext<E>,
  aggregate: EncryptedTally<E>,
): StepResult[] {
  const { G } = ctx;
  const s8 = stepCollector('8', 'Aggregation of cast ballots');
  const s9 = stepCollector('9', 'Tally decryption proofs');
  const s10 = stepCollector('10', 'Tally values and labels');
  const enc = readRecordJson<EncryptedTallyJson>(dir, ENCRYPTED_TALLY_FILE, 'encrypted-tally');
  const dec = readRecordJson<TallyJson>(dir, TALLY_FILE, 'tally');
  const contests = ctx.manifest.contests;
  s8.item();
  if (enc.castBallots !== aggregate.castBallots) {
    s8.fail(
      '8.C',
      `${ENCRYPTED_TALLY_FILE} castBallots`,
      `${enc.castBallots} stated, ${aggregate.castBallots} cast ballots in the record`,
    );
  }
  // 8.A, 8.B, with labels as in the manifest (10.B–10.E apply to both tally files)
  const encrypted = new Map<string, Ciphertext<E>>();
  if (enc.contests.length !== contests.length)
    s8.fail(
      '8.D',
      `${ENCRYPTED_TALLY_FILE} contests`,
      `expected the ${contests.length} contests of the manifest`,
    );
  enc.contests.forEach((c, i) => {
    const m = contests[i];
    const mine = aggregate.contests[i];
    if (!m || !mine || c.label !== m.label) {
      s8.fail(
        '8.D',
        `${ENCRYPTED_TALLY_FILE} contests[${i}].label`,
        `expected contest "${m?.label ?? '(none)'}"`,
      );
      return;
    }
    if (c.selections.length !== m.options.length)
      s8.fail(
        '8.D',
        `${ENCRYPTED_TALLY_FILE} contests[${i}].selections`,
        `expected ${m.options.length} options`,
      );
    c.selections.forEach((s, j) => {
      const at = `${ENCRYPTED_TALLY_FILE} contests[${i}].selections[${j}]`;
      s8.item();
      if (s.label !== m.options[j]?.label)
        s8.fail('8.D', `${at}.label`, `expected option "${m.options[j]?.label ?? '(none)'}"`);
      const agg = mine.selections[j];
      try {
        const A = elementFromJson(G, s.alpha, `${at}.alpha`);
        const B = elementFromJson(G, s.beta, `${at}.beta`);
        if (agg && !G.equals(A, agg.ciphertext.alpha))
          s8.fail('8.A', `${at}.alpha`, 'A is not the product of the cast ballots\u2019 α');
        if (agg && !G.equals(B, agg.ciphertext.beta))
          s8.fail('8.B', `${at}.beta`, 'B is not the product of the cast ballots\u2019 β');
        encrypted.set(`${c.label}\u0000${j}`, { alpha: A, beta: B });
      } catch (e) {
        if (!isInvalidData(e)) throw e;
        s8.fail('8.A', e.field, e.message);
      }
    });
  });
  // 9, 10
  if (dec.contests.length !== contests.length)
    s10.fail('10.E', `${TALLY_FILE} contests`, `expected the ${contests.length} contests of the manifest`);
  const checks: ProofCheck[] = [];
  dec.contests.forEach((c, i) => {
    const m = contests[i];
    if (!m || c.label !== m.label) {
      s10.fail('10.B', `${TALLY_FILE} contests[${i}].label`, `expected contest "${m?.label ?? '(none)'}"`);
      return;
    }
    if (c.selections.length !== m.options.length)
      s10.fail('10.D', `${TALLY_FILE} contests[${i}].selections`, `expected ${m.options.length} options`);
    c.selections.forEach((s, j) => {
      const at = `${TALLY_FILE} contests[${i}].selections[${j}]`;
      s9.item();
      s10.item();
      if (s.label !== m.options[j]?.label)
        s10.fail('10.C', `${at}.label`, `expected option "${m.options[j]?.label ?? '(none)'}"`);
      const ct = encrypted.get(`${c.label}\u0000${j}`);
      if (!ct) {
        s9.fail('9.B', at, 'no encrypted tally entry to check against');
        return;
      }
      try {
        const proof = chaumPedersenFromJson(G, s.proof, `${at}.proof`);
        const T = ctx.pk.pow(BigInt(s.value)); // 10.A holds by construction: T = K^t
        checks.push({
          run: (batch) =>
            verifySelectionDecryption(
              G,
              { K: ctx.pk.K, hE: ctx.hE },
              ct,
              { T, proof, t: s.value },
              { batch: batch as Batch<E> | undefined, Kpow: ctx.pk.pow, where: at },
            ),
          fail: ({ check: x }) =>
            (x.startsWith('10') ? s10 : s9).fail(
              x,
              at,
              x.startsWith('9.A')
                ? 'response not in Z_q'
                : `decryption proof for value ${s.value} does not verify`,
            ),
        });
      } catch (e) {
        if (!isInvalidData(e)) throw e;
        s9.fail('9.A', e.field, e.message);
      }
    });
  });
  runBatched(G, checks);
  return [s8.done(), s9.done(), s10.done()];
}

/** Steps 12–14 as a task of the verification's worker pool: the record and the ballot pass's challenged ballots. */
export interface ChallengedTask {
  readonly dir: string;
  readonly challenged: ChallengedSet;
}

/** Steps 12, 13 and 14 for the challenged ballots found by the ballot pass. */
export async function verifyChallenged<E>(
  dir: string,
  ctx: EvidentContext<E>,
  challenged: ChallengedSet,
  groupChecks = CHALLENGED_GROUP_CHECKS,
): Promise<StepResult[]> {
  const { G } = ctx;
  const s12 = stepCollector('12', 'Challenged ballot decryption proofs');
  const s13 = stepCollector('13', 'Challenged ballot values');
  const s14 = stepCollector('14', 'Challenged ballot contest data');
  // each ballot's ciphertexts are unpacked when its decryption is read (./challenged-set.ts)
  const byCode = new Map<string, () => ChallengedCiphertexts>();
  for (const c of challengedEntries(challenged)) byCode.set(c.code, c.read);
  const done = new Set<string>();
  const path = join(dir, CHALLENGED_FILE);
  if (!existsSync(path)) throw new RecordReadError(CHALLENGED_FILE, '', 'file is missing');
  const checks: ProofCheck[] = [];
  for await (const line of readJsonLines(path)) {
    const where = `${CHALLENGED_FILE}:${line.lineNo}`;
    let j: ChallengedJson;
    try {
      j = parseChecked<ChallengedJson>(line.text, where, 'challenged');
    } catch (e) {
      if (!(e instanceof RecordReadError)) throw e;
      s13.fail('13.G', `${where} ${e.field}`, e.detail);
      continue;
    }
    s13.item();
    const enc = byCode.get(j.code)?.();
    if (!enc) {
      s13.fail('13.G', `${where} code`, 'no challenged ballot has this confirmation code');
      continue;
    }
    if (done.has(j.code)) s13.fail('13.G', `${where} code`, 'ballot decrypted twice');
    done.add(j.code);
    if (j.contests.length !== enc.contests.length) {
      s13.fail('13.D', `${where} contests`, `the ballot has ${enc.contests.length} contests`);
      continue;
    }
    j.contests.forEach((c, i) =>
      checkContest(ctx, c, enc.contests[i]!, `${where} contests[${i}]`, { s12, s13, s14 }, checks),
    );
    // each group's batch checked as soon as it is full: the decoded proofs die young
    if (checks.length >= groupChecks) runBatched(G, checks.splice(0));
  }
  for (const c of challengedEntries(challenged)) {
    if (!done.has(c.code))
      s13.fail('13.G', c.location, 'challenged ballot has no decryption in challenged.jsonl');
  }
  runBatched(G, checks);
  return [s12.done(), s13.done(), s14.done()];
}

function checkContest<E>(
  ctx: EvidentContext<E>,
  c: ChallengedJson['contests'][number],
  enc: ChallengedCiphertexts['contests'][number],
  at: string,
  s: { s12: Collector; s13: Collector; s14: Collector },
  checks: ProofCheck[],
): void {
  const { G } = ctx;
  const m = ctx.index.contests.get(enc.label)!.contest;
  if (c.label !== enc.label) s.s13.fail('13.D', `${at}.label`, `expected contest "${enc.label}"`);
  if (c.selections.length !== enc.selections.length) {
    s.s13.fail('13.F', `${at}.selections`, `expected ${enc.selections.length} selections`);
    return;
  }
  let total = 0;
  try {
    c.selections.forEach((sel, j) => {
      const sat = `${at}.selections[${j}]`;
      s.s12.item();
      if (sel.value > m.optionLimit)
        s.s13.fail('13.B', `${sat}.value`, `value above the option limit ${m.optionLimit}`);
      total += sel.value;
      const ct = {
        alpha: elementFromJson(G, enc.selections[j]!.alpha, 'alpha'),
        beta: elementFromJson(G, enc.selections[j]!.beta, 'beta'),
      };
      const proof = chaumPedersenFromJson(G, sel.proof, `${sat}.proof`);
      const T = ctx.pk.pow(BigInt(sel.value));
      checks.push({
        run: (batch) =>
          verifySelectionDecryption(
            G,
            { K: ctx.pk.K, hE: ctx.hE },
            ct,
            { T, proof, t: sel.value },
            { numbering: 'ballot', batch: batch as Batch<E> | undefined, Kpow: ctx.pk.pow, where: sat },
          ),
        fail: ({ check: x }) =>
          (x.startsWith('13') ? s.s13 : s.s12).fail(
            x,
            sat,
            `decryption proof for value ${sel.value} does not verify`,
          ),
      });
    });
    if (total > m.voteLimit)
      s.s13.fail(
        '13.C',
        `${at}.selections`,
        `selections sum to ${total}, above the vote limit ${m.voteLimit}`,
      );
    // 14: contest data
    s.s14.item();
    const cd: HashedCiphertext<E> = decodeHashed(G, enc.contestData, 'contestData');
    const beta = elementFromJson(G, c.contestData.beta, `${at}.contestData.beta`);
    const proof = chaumPedersenFromJson(G, c.contestData.proof, `${at}.contestData.proof`);
    const data = hexFromJson(c.contestData.data, `${at}.contestData.data`);
    checks.push({
      run: (batch) =>
        verifyContestDataDecryption(
          G,
          { K: ctx.pk.K, hE: ctx.hE },
          cd,
          { beta, proof },
          { numbering: 'ballot', batch: batch as Batch<E> | undefined, where: `${at}.contestData` },
        ),
      fail: ({ check }) =>
        s.s14.fail(check, `${at}.contestData`, 'contest data decryption proof does not verify'),
    });
    const plain = hashedDecrypt(G, ctx.hE, ctx.pk.K, cd, beta, contestDataContext(enc.index));
    if (!plain || !bytesEqual(plain, data)) {
      s.s14.fail('14.C', `${at}.contestData.data`, 'data is not the decryption of the contest data with β');
      return;
    }
    const decoded = decodeContestData(data);
    const expect =
      decoded?.status === 'overvote'
        ? total === 0
        : decoded?.status === (total === 0 ? 'nullVote' : total < m.voteLimit ? 'undervote' : 'full');
    if (!expect)
      s.s14.fail(
        '14.D',
        `${at}.contestData.data`,
        `contest data status "${decoded?.status ?? 'unknown'}" does not fit the selections`,
      );
  } catch (e) {
    if (!isInvalidData(e)) throw e;
    s.s12.fail('12.A', e.field, e.message);
  }
}
