/**
 * P3 (spec/verification.md) — each sheet is well formed and consistent in itself and with the
 * manifest: the record's one rule list of a tally sheet (`checkTallySheet`, the same the station
 * applies before signing and the server at intake), plus what only the board knows — the sheet
 * is for the board's election — and no field outside the format beside the sheet (in `signed`, in
 * a witness). The rule list's problems with the clock are P4's findings (how the station knew the
 * time) and those with `previousSheet` and `correctionReason` P5's (the chain of corrections). The
 * station's signature does not make a sheet right: a station can sign nonsense, which is why the
 * totals are checked here and against the CVRs (P6).
 * @module
 */
import type { Manifest } from '@evident/e2e-crypto';
import { checkTallySheet, sheetBallots, type TallySheet } from '@evident/record';
import type { Collector, Json } from '../log/log-summary.js';
import type { BoardEntry } from './paper-board.js';
import { extraFields, isCount, isObject } from './paper-fields.js';
import { signedSheetOf } from './sheet-signatures.js';

/** The number of ballots a sheet counted, when its `ballots` field is well formed. */
export function ballotsOf(sheet: Json): number | undefined {
  const b = sheet.ballots;
  return isObject(b) && isCount(b.bmd) && isCount(b.handMarked)
    ? sheetBallots(sheet as unknown as TallySheet)
    : undefined;
}

/** The step a problem of the rule list is a finding of, by the sheet field it names. */
function stepOf(field: string): 'P3' | 'P4' | 'P5' {
  if (field === 'clock' || field.startsWith('clock.')) return 'P4';
  return field === 'previousSheet' || field === 'correctionReason' ? 'P5' : 'P3';
}

/** P3 over every sheet entry (with the sheet's own parts of P4 and P5). */
export function checkSheetForms(
  sheets: readonly BoardEntry[],
  electionId: string | undefined,
  manifest: Manifest | undefined,
  steps: Readonly<Record<'P3' | 'P4' | 'P5', Collector>>,
): void {
  for (const x of sheets) {
    steps.P3.item();
    const signed = signedSheetOf(x);
    if (!signed) continue; // P2 names it
    const fail = (field: string, message: string) => steps.P3.fail('P3', `${x.at} ${field}`, message);
    for (const k of extraFields(x.e.signed as Json, ['sheet', 'signature', 'witnesses']))
      fail(`signed.${k}`, 'not a field of a signed tally sheet');
    const witnesses: unknown = signed.witnesses;
    if (Array.isArray(witnesses))
      witnesses.forEach((w: unknown, i) => {
        for (const k of isObject(w) ? extraFields(w, ['name', 'publicKey', 'signature']) : [])
          fail(`signed.witnesses[${i}].${k}`, 'not a field of a witness signature');
      });
    const sheet: unknown = signed.sheet;
    for (const p of checkTallySheet(sheet, manifest)) {
      const step = stepOf(p.field);
      steps[step].fail(step, `${x.at} ${p.field ? `signed.sheet.${p.field}` : 'signed.sheet'}`, p.message);
    }
    const id = (sheet as Json).electionId;
    // a malformed id is the rule list's problem; a well-formed one must be the board's
    if (typeof id === 'string' && id !== electionId)
      fail('signed.sheet.electionId', 'is not the election of the board');
  }
}
