/**
 * The chunked verifier from JSON (spec/mixnet.md §7.2) agrees with the one-thread verifier:
 * honest proofs pass for any chunking (property), tampered values fail with the same findings,
 * undecodable values are M2 with their field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encrypt, publicKey } from '../../elgamal/elgamal.js';
import { ristretto } from '../../group/ristretto255.js';
import { randomScalar } from '../../group/scalar.js';
import { rowsToJson, shuffleProofToJson } from '../codec.js';
import { mixSessionHash } from '../generators.js';
import { proveShuffle } from '../shuffle-proof.js';
import { shuffleRows } from '../shuffle.js';
import { createPool, inThread } from './pool.js';
import { verifyShuffleJson } from './verify-json.js';

const G = ristretto;
const pk = publicKey(G, G.gExp(randomScalar(G.q)));
const session = mixSessionHash(new Uint8Array(32).fill(1), 'contest:parallel');
const inputs = Array.from({ length: 9 }, (_, i) => [encrypt(G, pk, i), encrypt(G, pk, 2 * i)]);
const { outputs, witness } = shuffleRows(G, pk, inputs);
const proof = proveShuffle(G, pk, session, inputs, outputs, witness);
const ins = rowsToJson(G, inputs);
const outs = rowsToJson(G, outputs);
const pj = shuffleProofToJson(G, proof);

describe('verifyShuffleJson', () => {
  it('accepts an honest proof for any chunk size (property), also through createPool', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10 }), async (chunkRows) => {
        expect(await verifyShuffleJson(inThread, G, pk.K, session, ins, outs, pj, { chunkRows })).toEqual([]);
      }),
      { numRuns: 5 },
    );
    const pool = await createPool(2); // the TypeScript sources have no compiled worker: runs in this thread
    try {
      expect(await verifyShuffleJson(pool, G, pk.K, session, ins, outs, pj)).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  it('names the same failures as the one-thread verifier', async () => {
    const swapped = [outs[1]!, outs[0]!, ...outs.slice(2)];
    const r = await verifyShuffleJson(inThread, G, pk.K, session, ins, swapped, pj, { chunkRows: 4 });
    expect(r.length).toBeGreaterThan(0);
    const s3 = await verifyShuffleJson(inThread, G, pk.K, session, ins, outs, {
      ...pj,
      s3: shuffleProofToJson(G, { ...proof, s3: (proof.s3 + 1n) % G.q }).s3,
    });
    expect(s3).toEqual([expect.objectContaining({ check: 'M7', where: 'proof.t3' })]);
    const bad = await verifyShuffleJson(inThread, G, pk.K, session, ins, outs, {
      ...pj,
      tHat: pj.tHat.map((x, i) => (i === 5 ? 'FF'.repeat(32) : x)),
    });
    expect(bad).toEqual([expect.objectContaining({ check: 'M2', where: 'proof.tHat[5]' })]);
    // one encoding per value (spec/mixnet.md §1.2): the fast path hashed lower case as bytes
    const lower = await verifyShuffleJson(inThread, G, pk.K, session, ins, outs, {
      ...pj,
      s1: pj.s1.toLowerCase(),
    });
    expect(lower).toEqual([expect.objectContaining({ check: 'M2', where: 'proof.s1' })]);
    const short = await verifyShuffleJson(inThread, G, pk.K, session, ins, outs.slice(1), pj);
    expect(short[0]!.check).toBe('M1');
    const otherKey = await verifyShuffleJson(inThread, G, G.gExp(5n), session, ins, outs, pj);
    expect(otherKey.length).toBeGreaterThan(0);
  });
});
