/**
 * P5 (spec/verification.md) — each station's sheets form one chain of corrections, in log order:
 * sequences 1, 2, …, n; the first names no previous sheet and gives no correction reason; each
 * later one names the hash of the one before it (`previousSheet`) and says why it corrects it
 * (`correctionReason`). No sheet is on the board twice. The station's **effective** sheet is the
 * last: it alone counts in the result (P9); the earlier ones stay on the board, superseded with
 * their reason published.
 * @module
 */
import { sheetHash } from '@evident/record';
import type { Collector } from '../log/log-summary.js';
import type { BoardEntry } from './paper-board.js';
import { sameHex } from './paper-fields.js';
import { signedSheetOf } from './sheet-signatures.js';

/** The hash of an entry's sheet, or undefined when it has none (P2 names it). */
export function hashOfSheet(x: BoardEntry): string | undefined {
  const s = signedSheetOf(x);
  try {
    return s ? sheetHash(s.sheet) : undefined;
  } catch {
    return undefined;
  }
}

/** P5; returns the effective sheet entry of each station that has one, by station label. */
export function checkChains(sheets: readonly BoardEntry[], p5: Collector): Map<string, BoardEntry> {
  const byStation = new Map<string, BoardEntry[]>();
  const seen = new Map<string, string>();
  for (const x of sheets) {
    const s = signedSheetOf(x);
    if (!s || typeof s.sheet.station !== 'string') continue; // P2, P3
    const h = hashOfSheet(x);
    const first = h !== undefined ? seen.get(h) : undefined;
    if (first !== undefined) {
      p5.fail('P5', x.at, `the same sheet as ${first}`);
      continue;
    }
    if (h !== undefined) seen.set(h, x.at);
    const list = byStation.get(s.sheet.station) ?? [];
    list.push(x);
    byStation.set(s.sheet.station, list);
  }
  const effective = new Map<string, BoardEntry>();
  for (const [station, list] of byStation) {
    list.forEach((x, k) => {
      p5.item();
      const sheet = signedSheetOf(x)!.sheet;
      const fail = (field: string, message: string) =>
        p5.fail('P5', `${x.at} signed.sheet.${field}`, message);
      if (sheet.sequence !== k + 1)
        fail('sequence', `is ${String(sheet.sequence)}: sheet ${k + 1} of station ${station} on the board`);
      // null for the first, a hash and a reason for the others: the sheet's own rule (P5 findings
      // of ./sheet-form.ts); here, that the hash named is the sheet before it on the board
      if (
        k > 0 &&
        sheet.sequence !== 1 &&
        typeof sheet.previousSheet === 'string' &&
        !sameHex(sheet.previousSheet, hashOfSheet(list[k - 1]!))
      )
        fail('previousSheet', `is not the hash of the station's sheet before it (${list[k - 1]!.at})`);
    });
    effective.set(station, list.at(-1)!);
  }
  return effective;
}
