import { describe, expect, it } from 'vitest';
import { encrypt, publicKey } from '../elgamal/elgamal.js';
import { ristretto } from '../group/ristretto255.js';
import { randomScalar } from '../group/scalar.js';
import { mixSessionHash } from './generators.js';
import { precomputeShuffle, shuffleAndProve } from './offline.js';
import { verifyShuffle } from './verify-shuffle.js';

const G = ristretto;
const pk = publicKey(G, G.gExp(randomScalar(G.q)));
const session = mixSessionHash(new Uint8Array(32).fill(2), 'contest:offline');

describe('offline/online shuffle (spec/mixnet.md §7.1)', () => {
  it('a precomputed shuffle verifies, and a precomputation is used once and for its shape only', () => {
    const inputs = Array.from({ length: 6 }, (_, i) => [encrypt(G, pk, i), encrypt(G, pk, 1)]);
    const pre = precomputeShuffle(G, pk, session, 6, 2);
    const { outputs, proof } = shuffleAndProve(G, pk, session, inputs, pre);
    expect(verifyShuffle(G, pk.K, session, inputs, outputs, proof)).toEqual([]);
    expect(() => shuffleAndProve(G, pk, session, inputs, pre)).toThrow(/already used/);
    expect(() =>
      shuffleAndProve(G, pk, session, inputs.slice(1), precomputeShuffle(G, pk, session, 6, 2)),
    ).toThrow(RangeError);
    // a precomputation made for another session gives a proof that does not verify
    const other = precomputeShuffle(G, pk, mixSessionHash(new Uint8Array(32), 'x'), 6, 2);
    const r = shuffleAndProve(G, pk, session, inputs, other);
    expect(verifyShuffle(G, pk.K, session, inputs, r.outputs, r.proof).length).toBeGreaterThan(0);
  });
});
