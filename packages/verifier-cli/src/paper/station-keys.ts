/**
 * P1 (spec/verification.md) — the paper channel's keys: at most one `printing-key`, before
 * `open`; `station-key` entries only for stations of the manifest, one per station, before
 * `open`; every key a usable Ed25519 public key (`isPaperPublicKey`), and no key registered for
 * two stations (one station could then sign for the other). A key registered after voting opened
 * could sign a sheet for a station that never reported; L4.B reports the order too.
 * @module
 */
import { isPaperPublicKey } from '@evident/e2e-crypto';
import type { Collector } from '../log/log-summary.js';
import type { BoardEntry, PaperBoard } from './paper-board.js';
import { manifestStation } from './paper-fields.js';

/** The registered keys: per station its first well-formed key (upper case), and the printing key. */
export interface RegisteredKeys {
  readonly stations: ReadonlyMap<string, string>;
  /** the entry that registered each station's key */
  readonly firstEntry: ReadonlyMap<string, BoardEntry>;
  readonly printing?: string;
}

/** P1, fed to `p1`; returns the keys the later steps check signatures with. */
export function checkKeys(b: PaperBoard, p1: Collector): RegisteredKeys {
  const beforeOpen = (x: BoardEntry, what: string): void => {
    if (b.openIndex !== undefined && x.index > b.openIndex)
      p1.fail('P1', x.at, `${what} registered after "open"`);
  };
  const validKey = (x: BoardEntry): string | undefined => {
    const k = x.e.publicKey;
    if (typeof k === 'string' && isPaperPublicKey(k)) return k.toUpperCase();
    p1.fail('P1', `${x.at} publicKey`, 'not an Ed25519 public key (32 bytes, a point of large order)');
    return undefined;
  };
  let printing: string | undefined;
  b.entries['printing-key'].forEach((x, i) => {
    p1.item();
    if (i > 0)
      p1.fail('P1', x.at, `a second printing-key (the first is ${b.entries['printing-key'][0]!.at})`);
    beforeOpen(x, 'the printing key');
    const k = validKey(x);
    if (i === 0) printing = k;
  });
  const stations = new Map<string, string>();
  const firstEntry = new Map<string, BoardEntry>();
  const firstOf = new Map<string, string>();
  const owner = new Map<string, string>();
  for (const x of b.entries['station-key']) {
    p1.item();
    const station = x.e.station;
    if (!manifestStation(b.manifest, station)) {
      p1.fail('P1', `${x.at} station`, 'not a polling station of the manifest');
      continue;
    }
    const label = station as string;
    const first = firstOf.get(label);
    if (first !== undefined) {
      p1.fail('P1', `${x.at} station`, `a second station-key for ${label} (the first is ${first})`);
      continue;
    }
    firstOf.set(label, x.at);
    beforeOpen(x, `the key of station ${label}`);
    const k = validKey(x);
    if (k === undefined) continue;
    const other = owner.get(k);
    if (other !== undefined) p1.fail('P1', `${x.at} publicKey`, `the key of station ${other} too`);
    owner.set(k, label);
    stations.set(label, k);
    firstEntry.set(label, x);
  }
  return { stations, firstEntry, ...(printing !== undefined ? { printing } : {}) };
}
