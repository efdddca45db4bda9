/**
 * The board's credentials, numbered once for every check of the L1 pass (L3.C, L3.D, L3.E, C1,
 * C5, P7 and the counted-ballots rule): a credential (upper case) is its 32-byte key in one
 * compact table (../compact/byte-keys.ts) and an ordinal, so a million published credentials
 * take about 45 MB once instead of a string per check (spec/verification.md §0.3.3).
 * @module
 */
import { Buffer } from 'node:buffer';
import { byteKeyTable, hexKey, labelKey } from '../compact/byte-keys.js';
import { deviceOf } from './log-summary.js';

/** Credentials → ordinals 0, 1, 2… */
export interface CredentialTable {
  /** Number of credentials. */
  readonly size: number;
  /** The ordinal of `credential` (upper case), added when new. */
  id(credential: string): number;
  /** The ordinal of `credential` (upper case), or -1. */
  find(credential: string): number;
  /** A short form for messages: the credential's first 16 hex digits. */
  short(o: number): string;
  /** The key of the credential's device label (`deviceOf`, spec/record.md §5.5; see `labelKey`). */
  deviceKey(o: number): Uint8Array;
}

const HEX64 = /^[0-9A-F]{64}$/;

/** A new, empty table. */
export function credentialTable(): CredentialTable {
  const keys = byteKeyTable();
  // a credential that is not 64 hex digits (eg-4096: 1,024) has a hashed key; its short form and
  // device key are kept apart (few records have them)
  const others = new Map<number, { short: string; device: Uint8Array }>();
  return {
    get size() {
      return keys.size;
    },
    id(credential) {
      const before = keys.size;
      const o = keys.intern(hexKey(credential, 'credential'));
      if (o === before && !HEX64.test(credential))
        others.set(o, { short: credential.slice(0, 16), device: labelKey(deviceOf(credential)) });
      return o;
    },
    find: (credential) => keys.find(hexKey(credential, 'credential')),
    short: (o) => others.get(o)?.short ?? Buffer.from(keys.keyAt(o)).toString('hex', 0, 8).toUpperCase(),
    deviceKey: (o) => others.get(o)?.device ?? keys.keyAt(o),
  };
}
