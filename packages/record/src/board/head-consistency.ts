/**
 * Whether a current signed tree head extends one the voter kept (spec/tracker.md §3 step 3, §6
 * steps 2–3): no fewer entries (else the log was rolled back), and the server's RFC 9162
 * consistency proof (§2.1.4.2) leads from the kept root to the current one (else its history was
 * rewritten: a fork). Both heads are already known to be signed by the pinned key; the proof is
 * the server's answer, checked here. One check for `evident-track` and the tracker page.
 * Pure and browser-safe; never throws.
 * @module
 */
import { decodeLogHash, fromHex, verifyConsistency, type SignedTreeHead } from '@evident/e2e-crypto';

/** How `head` stands to `kept`: `extends`, `rollback` (fewer entries) or `fork` (the proof fails or is not hex). */
export function headExtends(
  kept: SignedTreeHead,
  head: SignedTreeHead,
  proof: readonly unknown[],
): 'extends' | 'rollback' | 'fork' {
  if (kept.treeSize > head.treeSize) return 'rollback';
  try {
    const hashes = proof.map((h, i) => decodeLogHash(String(h), `proof[${i}]`));
    const ok = verifyConsistency(
      kept.treeSize,
      head.treeSize,
      hashes,
      fromHex(kept.rootHash, 'rootHash'),
      fromHex(head.rootHash, 'rootHash'),
    );
    return ok ? 'extends' : 'fork';
  } catch {
    return 'fork'; // a hash that is not hex proves nothing
  }
}
