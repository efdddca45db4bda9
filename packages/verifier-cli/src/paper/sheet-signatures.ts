/**
 * P2 (spec/verification.md) — each `station-sheet` entry's sheet is signed by its station's
 * registered key (statement `tally-sheet`, spec/stations.md §2), every witness co-signature
 * verifies under the witness's key, and the entry's `sheetHash` is the hash of the sheet (its
 * identity: the chain of corrections and the station's CVRs name it). A sheet that fails here
 * is still read by the later steps, so that every problem is named at once.
 * @module
 */
import { isPaperPublicKey, verifyPaperStatement } from '@evident/e2e-crypto';
import { sheetHash, type SignedTallySheet, verifyTallySheetSignature } from '@evident/record';
import type { Collector } from '../log/log-summary.js';
import type { BoardEntry } from './paper-board.js';
import { isObject, isText, sameHex } from './paper-fields.js';
import type { RegisteredKeys } from './station-keys.js';

/** The signed sheet of a `station-sheet` entry, when it has the shape of one. */
export function signedSheetOf(x: BoardEntry): SignedTallySheet | undefined {
  const s = x.e.signed;
  return isObject(s) && isObject(s.sheet) ? (s as unknown as SignedTallySheet) : undefined;
}

/** P2 over every sheet entry. */
export function checkSheetSignatures(
  sheets: readonly BoardEntry[],
  keys: RegisteredKeys,
  p2: Collector,
): void {
  for (const x of sheets) {
    p2.item();
    const signed = signedSheetOf(x);
    if (!signed) {
      p2.fail('P2', `${x.at} signed`, 'not a signed tally sheet {sheet, signature, witnesses}');
      continue;
    }
    const { sheet } = signed;
    const key = typeof sheet.station === 'string' ? keys.stations.get(sheet.station) : undefined;
    if (key === undefined)
      p2.fail('P2', `${x.at} signed.sheet.station`, 'no station key is registered for this station');
    else if (typeof signed.signature !== 'string' || !verifyTallySheetSignature(signed, key))
      p2.fail('P2', `${x.at} signed.signature`, 'does not verify under the registered station key');
    const witnesses: unknown = signed.witnesses;
    if (!Array.isArray(witnesses)) p2.fail('P2', `${x.at} signed.witnesses`, 'not a list');
    else {
      const keysSeen = new Set<string>();
      witnesses.forEach((w: unknown, i) => {
        const where = `${x.at} signed.witnesses[${i}]`;
        const k = isObject(w) && typeof w.publicKey === 'string' ? w.publicKey.toUpperCase() : '';
        if (keysSeen.has(k)) p2.fail('P2', `${where}.publicKey`, 'the same witness twice');
        keysSeen.add(k);
        if (
          !isObject(w) ||
          !isText(w.name) ||
          typeof w.publicKey !== 'string' ||
          !isPaperPublicKey(w.publicKey)
        )
          p2.fail('P2', where, 'a witness needs a name and an Ed25519 public key');
        else if (
          typeof w.signature !== 'string' ||
          !verifyPaperStatement(w.publicKey, 'tally-sheet', String(sheet.electionId), sheet, w.signature)
        )
          p2.fail('P2', `${where}.signature`, 'the co-signature does not verify under the witness key');
      });
    }
    let hash: string | undefined;
    try {
      hash = sheetHash(sheet);
    } catch {
      hash = undefined;
    }
    if (!sameHex(x.e.sheetHash, hash)) p2.fail('P2', `${x.at} sheetHash`, 'is not the hash of the sheet');
  }
}
