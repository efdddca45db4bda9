/**
 * Checks of one decrypted challenged ballot (dballot-<id>.json): Verification 12 (selection
 * decryption proofs), 13 (plaintexts, well-formedness and labels) and 14 (contest-data
 * decryption proofs), plus Evident's 14.mac and 14.data: the published β opens the contest
 * data's MAC and the decrypted bytes equal the published contest data (EG 2.0 §6.2.7;
 * spec/verification-eg2.md §3.12–3.14). The binding to the encrypted ballot (12.binding,
 * 14.binding) is checked by the orchestrator from the returned ciphertext maps.
 * @module
 */
import { toHex } from '@evident/e2e-crypto';
import { ciphertextKey, optionKey } from './ballot-checks.js';
import { decryptContestData, parseContestData, sameContestData } from './contest-data.js';
import type { Context } from './context.js';
import { checkContestDataDecryption, checkDecryption } from './decryption-checks.js';
import { checked, fail, usedForm, type FindingLog } from './findings.js';
import type { Eg2Decrypted } from './record-types.js';

/** What the orchestrator compares with the encrypted ballot. */
export interface ChallengedSummary {
  readonly file: string;
  readonly ballotId: string;
  readonly electionId: string;
  /** "contest/selection" → "α:β" hex. */
  readonly ciphertexts: Readonly<Record<string, string>>;
  /** contest → "C0:C1:C2:numBytes" hex. */
  readonly contestData: Readonly<Record<string, string>>;
}

/** Runs Verifications 12–14 on one decrypted challenged ballot. */
export function checkChallengedBallot(
  ctx: Context,
  d: Eg2Decrypted,
  file: string,
  log: FindingLog,
): ChallengedSummary {
  const at = `challenged ballot ${d.id}`;
  const ciphertexts: Record<string, string> = {};
  const contestData: Record<string, string> = {};
  checked(log, '13');
  for (const c of d.contests) {
    const where = `${at} contest ${c.id}`;
    const m = ctx.contests.get(c.id);
    if (!m) fail(log, '13.D', where, 'contest label is not in the manifest');
    let total = 0;
    for (const s of c.selections) {
      const sw = `${where} selection ${s.id}`;
      checked(log, '12');
      ciphertexts[optionKey(c.id, s.id)] = ciphertextKey(s.ciphertext);
      checkDecryption(ctx, '12', s.ciphertext, s.kToValue, s.value, s.proof, log, sw);
      const R = m?.optionLimit ?? 1;
      if (s.value > R) fail(log, '13.B', sw, `selection value ${s.value} exceeds the option limit ${R}`);
      total += s.value;
      if (m && !m.options.some((o) => o.id === s.id))
        fail(log, '13.E', sw, 'option label is not in the manifest contest');
    }
    if (m) {
      if (total > m.votesAllowed)
        fail(log, '13.C', where, `${total} votes exceed the limit ${m.votesAllowed}`);
      for (const o of m.options) {
        if (!c.selections.some((s) => s.id === o.id))
          fail(log, '13.F', `${where} option ${o.id}`, 'manifest option is missing');
      }
    }
    const cd = c.contestData;
    if (!cd) {
      fail(log, '14.B', where, 'decrypted contest data is missing');
      continue;
    }
    checked(log, '14');
    const e = cd.encrypted;
    contestData[c.id] = `${e.c0.toString(16)}:${toHex(e.c1)}:${toHex(e.c2)}:${e.numBytes}`;
    const form = checkContestDataDecryption(ctx, '14', e, cd.beta, cd.proof, log, `${where} contest data`);
    if (!form) continue;
    usedForm(log, '14.B', form);
    const plain = decryptContestData(ctx.G, ctx.hE, ctx.K, e, e.c0, cd.beta, c.id, m?.index ?? 0);
    if (!plain) {
      fail(log, '14.mac', `${where} contest data`, 'MAC C2 does not verify with the key from β');
      continue;
    }
    usedForm(log, '14.mac', plain.form);
    const parsed = parseContestData(plain.data);
    if (!parsed || !sameContestData(parsed, cd.contestData)) {
      fail(
        log,
        '14.data',
        `${where} contest data`,
        'decrypted contest data differs from the published contest_data',
      );
    }
  }
  return { file, ballotId: d.id, electionId: toHex(d.electionId), ciphertexts, contestData };
}
