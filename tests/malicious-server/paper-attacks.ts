/**
 * Attacks on the paper channel's entries: a cancelled voter's online ballot still counted, a
 * cancellation of a credential nobody holds, a station key registered once voting runs, a tally
 * sheet the station never signed, the tally formed while a station's poll book is open. The
 * lying server re-signs every head, so the paper checks P1–P8 and L3.C must catch them.
 * @module
 */
import { generatePaperKey, toHex, type Manifest } from '@evident/e2e-crypto';
import { type TallySheet, sheetHash, signTallySheet } from '@evident/record';
import { countedSheet } from '../../packages/server/src/testing/station-sheets.js';
import type { RecordAttack } from './attack-types.js';
import { madeUpCredential, voterCredential } from './forge.js';
import type { LyingServer } from './lying-server.js';

/** The manifest's first station. */
const firstStation = (liar: LyingServer): string =>
  (liar.entries[0]!.manifest as Manifest).pollingStations[0]!.label;

/** A `station-key` entry for the manifest's first station, with a fresh key. */
function stationKey(liar: LyingServer, time: number) {
  const key = generatePaperKey();
  const station = firstStation(liar);
  return { key, station, entry: { type: 'station-key', station, publicKey: toHex(key.publicKey), time } };
}

/** An empty tally sheet of `station`, consistent in itself. */
function emptySheet(liar: LyingServer, station: string, time: number): TallySheet {
  const at = new Date(time).toISOString();
  const manifest = liar.entries[0]!.manifest as Manifest;
  return countedSheet(manifest, String(liar.entries[0]!.electionId), station, [], {
    countingStart: at,
    countingEnd: at,
    clock: { offsetMs: 0, measuredAt: at, override: null },
    countedBy: ['A', 'B'],
  }).sheet;
}

/** Inserts, just before the close, a cancellation of `credential` by the first station; re-signs. */
function cancelBeforeClose(liar: LyingServer, credential: string): void {
  const close = liar.find('close');
  const station = firstStation(liar);
  liar.insertEntry(close, { type: 'cancellation', credential, station, time: liar.entries[close]!.time });
  liar.resignTreeHeads().saveBoard();
}

/** A station-sheet entry after the close for `sheet`, signed with `secretKey`; re-signs. */
function sheetAfterClose(liar: LyingServer, sheet: TallySheet, secretKey: Uint8Array, via: string): void {
  liar.insertEntry(liar.find('close') + 1, {
    type: 'station-sheet',
    sheetHash: sheetHash(sheet),
    signed: signTallySheet(sheet, secretKey),
    via,
    time: liar.entries[liar.find('close')]!.time,
  });
  liar.resignTreeHeads().saveBoard();
}

/** The paper channel's rows. */
export const paperAttacks: readonly RecordAttack[] = [
  {
    kind: 'record',
    name: "a cancelled voter's online ballot counted",
    does: "cancels voter-1's credential (checked in at a station) before the close but keeps the ballot cast in the record and the tally, re-signs",
    check: 'L3.C',
    apply: (liar, fx) => cancelBeforeClose(liar, voterCredential(fx, 'voter-1').hex),
  },
  {
    kind: 'record',
    name: 'a cancellation of a credential nobody was issued',
    does: 'appends a cancellation naming a credential never published, re-signs',
    check: 'P7',
    apply: (liar, fx) => cancelBeforeClose(liar, madeUpCredential(fx).hex),
  },
  {
    kind: 'record',
    name: 'a cancellation from a station that checked nobody in',
    does: "cancels voter-1's credential in the name of a station that registered no key (no check-in can come from it; a station that closed its poll book bounds the count the same way), re-signs",
    check: 'P7',
    apply: (liar, fx) => cancelBeforeClose(liar, voterCredential(fx, 'voter-1').hex),
  },
  {
    kind: 'record',
    name: 'a station key registered after opening',
    does: 'registers a key for a station after open, then a sheet signed with it, re-signs',
    check: 'P1',
    apply: (liar) => {
      const close = liar.find('close');
      const time = liar.entries[close]!.time;
      const k = stationKey(liar, time);
      liar.insertEntry(close, k.entry);
      sheetAfterClose(liar, emptySheet(liar, k.station, time), k.key.secretKey, 'scan');
    },
  },
  {
    kind: 'record',
    name: 'a tally sheet the station never signed',
    does: "publishes a sheet for a station with a registered key, signed by a key of the server's own, re-signs",
    check: 'P2',
    apply: (liar) => {
      const open = liar.find('open');
      const k = stationKey(liar, liar.entries[open]!.time);
      liar.insertEntry(open, k.entry);
      const time = liar.entries[liar.find('close')]!.time;
      sheetAfterClose(liar, emptySheet(liar, k.station, time), generatePaperKey().secretKey, 'network');
    },
  },
  {
    kind: 'record',
    name: "the tally formed while a station's poll book is open",
    does: 'registers a station before open and forms the encrypted tally with neither its poll-book-close nor an exclusion, re-signs',
    check: 'P8',
    apply: (liar) => {
      const open = liar.find('open');
      liar.insertEntry(open, stationKey(liar, liar.entries[open]!.time).entry);
      liar.resignTreeHeads().saveBoard();
    },
  },
];
