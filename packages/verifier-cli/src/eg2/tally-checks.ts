/**
 * Checks of the decrypted tally (tally.json): Verification 9 (decryption proofs), 10.A
 * (T = K^t) and, when the tally carries decrypted contest data, 11 (EG 2.0 §6.2.5–6.2.6;
 * spec/verification-eg2.md §3.9–3.11). Verification 8 and the label checks 10.B–10.E need the
 * whole record and run in the orchestrator (record-checks.ts).
 * @module
 */
import type { Context } from './context.js';
import { checkContestDataDecryption, checkDecryption } from './decryption-checks.js';
import { checked, usedForm, type FindingLog } from './findings.js';
import type { Eg2Decrypted } from './record-types.js';

/**
 * Verifies the decryptions of the tally's contests whose labels are in `contestIds`.
 * @param onItem - called after each contest
 */
export function checkTallyContests(
  ctx: Context,
  tally: Eg2Decrypted,
  file: string,
  contestIds: ReadonlySet<string>,
  log: FindingLog,
  onItem: () => void = () => {},
): void {
  for (const c of tally.contests) {
    if (!contestIds.has(c.id)) continue;
    for (const s of c.selections) {
      checked(log, '9');
      checked(log, '10');
      checkDecryption(
        ctx,
        '9',
        s.ciphertext,
        s.kToValue,
        s.value,
        s.proof,
        log,
        `${file} contest ${c.id} selection ${s.id}`,
      );
    }
    if (c.contestData) {
      checked(log, '11');
      const form = checkContestDataDecryption(
        ctx,
        '11',
        c.contestData.encrypted,
        c.contestData.beta,
        c.contestData.proof,
        log,
        `${file} contest ${c.id} contest data`,
      );
      if (form) usedForm(log, '11.B', form);
    }
    onItem();
  }
}
