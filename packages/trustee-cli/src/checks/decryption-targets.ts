/**
 * Guardians check what they decrypt (spec/key-ceremony.md §9.7): before round 1, every item of a
 * request is compared with the item recomputed from the election record or the bulletin board —
 * the tally with the product of the counted ballots, challenged items with the challenged
 * ballots, ranked items with the last verified mix stage's outputs. A request that differs in any
 * item (a single ballot passed off as the tally, a cast ballot as a challenged one, unmixed rows)
 * is refused, naming the item; nothing is decrypted.
 * @module
 */
import { type Group, bytesEqual } from '@evident/e2e-crypto';
import { type StageSource, withStageFiles } from './board-stages.js';
import { EXIT, TrusteeError, refuse } from '../errors.js';
import type { DecryptionRequest, RequestItem } from '../files/decryption-files.js';
import type { ElectionKey } from '../files/election-key.js';
import { challengedRequestItems, readRecordElection, tallyRequestItems } from '../files/record-request.js';
import type { CommandIO } from '../io.js';
import { boardTargets } from './board-targets.js';
import type { BoardView } from './board-view.js';

/** What a request is checked against: a board (preferred), or an Evident record without one. */
export type TargetSource =
  { readonly board: BoardView; readonly stages?: StageSource } | { readonly record: string };

const WHAT = {
  tally: 'the product of the counted ballots',
  'challenged-ballots': 'a ciphertext of a challenged ballot',
  ranked: 'an output of the last verified mix stage',
} as const;

function sameTarget(ek: ElectionKey, a: RequestItem, b: RequestItem): boolean {
  const G = ek.c.G;
  const s = a.target;
  const t = b.target;
  if (s.kind === 'selection' && t.kind === 'selection')
    return G.equals(s.ct.alpha, t.ct.alpha) && G.equals(s.ct.beta, t.ct.beta);
  if (s.kind === 'contest-data' && t.kind === 'contest-data')
    return (
      a.contestIndex === b.contestIndex &&
      G.equals(s.ct.c0, t.ct.c0) &&
      bytesEqual(s.ct.c1, t.ct.c1) &&
      bytesEqual(s.ct.c2, t.ct.c2)
    );
  return false;
}

/**
 * Refuses `req` unless its items are exactly `expected` (same ids, order and ciphertexts).
 * @throws {TrusteeError} INVALID_FILE naming the request file and the first item that differs
 */
export function compareTargets(
  ek: ElectionKey,
  requestPath: string,
  req: DecryptionRequest,
  expected: readonly RequestItem[],
  from: string,
): void {
  const what = WHAT[req.kind];
  const n = Math.min(req.items.length, expected.length);
  for (let t = 0; t < n; t++) {
    const it = req.items[t]!;
    const want = expected[t]!;
    if (it.id !== want.id || !sameTarget(ek, it, want))
      throw refuse(
        requestPath,
        `item "${it.id}" is not ${what} (${from} has "${want.id}" here): refusing to decrypt`,
        `items[${t}]`,
      );
  }
  if (req.items.length > n)
    throw refuse(
      requestPath,
      `item "${req.items[n]!.id}" is not ${what}: ${from} gives ${expected.length} items, the request ${req.items.length}; refusing to decrypt`,
      `items[${n}]`,
    );
  if (expected.length > n)
    throw refuse(
      requestPath,
      `lacks item "${expected[n]!.id}" of ${from} (${expected.length} items, the request ${req.items.length}); refusing to decrypt`,
      'items',
    );
}

/**
 * Recomputes the items of `req.kind` from `source` and compares them with the request.
 * @throws {TrusteeError} INVALID_FILE naming the request item, the record file or the board entry
 */
export async function checkDecryptionTargets(
  ek: ElectionKey,
  requestPath: string,
  req: DecryptionRequest,
  source: TargetSource,
  io: CommandIO,
): Promise<void> {
  if ('board' in source) {
    // a ranked request: the stages of version-2 entries, bound to their digests (spec/mixnet.md §8.6)
    const board =
      req.kind === 'ranked' && source.stages
        ? await withStageFiles(source.board, ek.c.G as Group<unknown>, source.stages)
        : source.board;
    const expected = boardTargets(board, ek, req.kind);
    compareTargets(ek, requestPath, req, expected, `the board (${board.head.treeSize} entries)`);
    return;
  }
  const dir = source.record;
  if (req.kind === 'ranked')
    throw new TrusteeError(
      EXIT.USAGE,
      dir,
      'holds no bulletin board (board/log.jsonl): a ranked request is checked against the board’s mix stages',
    );
  const e = await readRecordElection(dir);
  if (e.id.toUpperCase() !== ek.c.id.toUpperCase() || !e.G.equals(e.K, ek.K))
    throw refuse(dir, 'is another election than the election key (H_B or K differ)', 'baseHash');
  const bar = io.progress('reading ballots', 1);
  const built =
    req.kind === 'tally'
      ? await tallyRequestItems(dir, e, () => bar.tick())
      : await challengedRequestItems(dir, e, () => bar.tick());
  bar.stop();
  compareTargets(ek, requestPath, req, built.items, `the record ${dir}`);
}
