/**
 * L3.I for a `ranked-decryption` entry of version 2 (spec/mixnet.md §8.9, spec/bulletin-board.md
 * §6): the entry carries the SHA-256 of `decryptions.json`, N, w and the method, not the rows, so
 * the record's file is bound to it by its bytes — hashed 1 MiB at a time, never parsed here
 * (steps D read it) — and each field to the record: `method` is `threshold` (what D1 requires of
 * the file the digest binds), `rows` and `w` are `N` and `w` of the contest's
 * `mix-chain/chain.json`. A server that publishes another file than the one it posted the entry
 * for (another decryption, or the same one in other bytes) is named here. Memory O(1 MiB).
 * @module
 */
import { join } from 'node:path';
import { fileSha256, LOG_FILE } from '@evident/record';
import type { BoardPart, DigestDecryptionPart } from '../log/board-parts.js';
import type { Collector, Json } from '../log/log-summary.js';

/** The SHA-256 of a record file, or why it has none (a missing file: L3.J names it). */
function digestOf(path: string): string {
  try {
    return fileSha256(path);
  } catch {
    return 'unreadable';
  }
}

/**
 * `decryptions.json` of a contest against its version-2 entry.
 * @param file - the file's path in the record (`ranked/<id>/decryptions.json`), which exists
 * @param chainFile - how findings name the contest's `chain.json`
 * @param chain - that file's object, undefined when it is missing or unreadable (L3.J, C1)
 */
export function checkDigestDecryption(
  dir: string,
  l3: Collector,
  file: string,
  chainFile: string,
  chain: Json | undefined,
  p: BoardPart & { readonly decryptionEntry: DigestDecryptionPart },
): void {
  const at = `${LOG_FILE}:${p.index + 1}`;
  const e = p.decryptionEntry;
  l3.item();
  if (digestOf(join(dir, file)) !== String(e.digest).toUpperCase())
    l3.fail(
      'L3.I',
      file,
      `its SHA-256 is not the digest of the ranked-decryption entry at ${at}: not the file the server published`,
    );
  if (e.method !== 'threshold') l3.fail('L3.I', `${at} method`, 'is not "threshold"');
  if (!chain) return;
  for (const [k, of] of [
    ['rows', 'N'],
    ['w', 'w'],
  ] as const)
    if (typeof chain[of] === 'number' && e[k] !== chain[of])
      // not a number: C1
      l3.fail('L3.I', `${at} ${k}`, `is not ${String(chain[of])}, ${of} of ${chainFile}`);
}
