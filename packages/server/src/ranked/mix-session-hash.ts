/**
 * The session of a ranked contest's mix chain (spec/mixnet.md §8.2), apart from the routes so that
 * the pool's workers (./stage-check.ts) compute it without loading them.
 * @module
 */
import { mixSessionHash } from '@evident/e2e-crypto';

/** The session of a contest's chain: H_mix = H(H_E; 0x60, "contest:<id>") (spec/mixnet.md §8.2). */
export function contestSession(hE: Uint8Array, contestId: string): Uint8Array {
  return mixSessionHash(hE, `contest:${contestId}`);
}
