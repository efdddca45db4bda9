/**
 * A guardian's batched partial-decryption proof over as many targets as a national election's
 * ranked rows (every ciphertext of every mixed row): its statement digest hashes every target,
 * and must not pass them to a function as arguments (a JavaScript engine's stack holds ~10^5).
 */
import { describe, expect, it } from 'vitest';
import { ristretto } from '../group/ristretto255.js';
import { randomScalar } from '../group/scalar.js';
import type { DecryptionTarget } from './decryption-target.js';
import { partialDecrypt, verifyPartialDecryptions } from './partial-decryption.js';

describe('batched partial decryption over many targets', () => {
  it('proves and checks 50,000 targets, as many as a 10,000-voter demo ranked request (a hash taking every target as an argument overflowed the stack)', () => {
    const G = ristretto;
    const n = 50_000;
    const P = randomScalar(G.q);
    const ct = { alpha: G.gExp(randomScalar(G.q)), beta: G.gExp(randomScalar(G.q)) };
    const targets: DecryptionTarget<typeof G.g>[] = Array.from({ length: n }, () => ({
      kind: 'selection',
      ct,
    }));
    const ctx = { K: G.gExp(randomScalar(G.q)), hE: new Uint8Array(32).fill(7) };
    // the same nonce for every target keeps the test fast; the proof's statement is unaffected
    const u = randomScalar(G.q);
    const set = partialDecrypt(G, ctx, 1, P, targets, new Array<bigint>(n).fill(u));
    expect(set.items).toHaveLength(n);
    expect(verifyPartialDecryptions(G, ctx, 1, G.gExp(P), targets, set)).toBe(true);
    expect(verifyPartialDecryptions(G, ctx, 1, G.gExp(P + 1n), targets, set)).toBe(false);
  }, 120_000);
});
