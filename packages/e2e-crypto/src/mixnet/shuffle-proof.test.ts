import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { encrypt, publicKey, type PublicKey } from '../elgamal/elgamal.js';
import { eg4096 } from '../group/eg-4096.js';
import type { Group } from '../group/group.js';
import { ristretto } from '../group/ristretto255.js';
import { randomScalar } from '../group/scalar.js';
import { mixSessionHash } from './generators.js';
import { type CiphertextRow, shuffleRows } from './shuffle.js';
import { proveShuffle, type ShuffleProof } from './shuffle-proof.js';
import { batchWeights, verifyShuffle } from './verify-shuffle.js';

const G = ristretto;
type P = typeof G.g;
const s = randomScalar(G.q);
const pk = publicKey(G, G.gExp(s));
const session = mixSessionHash(new Uint8Array(32).fill(1), 'contest:test');

function rowsOf<E>(G: Group<E>, pk: PublicKey<E>, N: number, w: number): CiphertextRow<E>[] {
  return Array.from({ length: N }, (_, i) => Array.from({ length: w }, (_, k) => encrypt(G, pk, i * w + k)));
}

function honest(N: number, w: number) {
  const inputs = rowsOf(G, pk, N, w);
  const { outputs, witness } = shuffleRows(G, pk, inputs);
  const proof = proveShuffle(G, pk, session, inputs, outputs, witness);
  return { inputs, outputs, witness, proof };
}

describe('Terelius–Wikström proof of shuffle (ristretto255)', () => {
  it('an honest proof verifies for random sizes and widths', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 3 }), (N, w) => {
        const { inputs, outputs, proof } = honest(N, w);
        expect(verifyShuffle(G, pk.K, session, inputs, outputs, proof)).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });

  it('outputs decrypt to a permutation of the inputs given by the witness', () => {
    const { inputs, outputs, witness } = honest(6, 2);
    const dec = (c: { alpha: P; beta: P }) => G.key(G.div(c.beta, G.exp(c.alpha, s)));
    outputs.forEach((row, i) =>
      row.forEach((ct, k) => expect(dec(ct)).toBe(dec(inputs[witness.pi[i]!]![k]!))),
    );
  });

  const base = honest(7, 2);
  const verify = (
    over: Partial<{
      inputs: CiphertextRow<P>[];
      outputs: CiphertextRow<P>[];
      proof: ShuffleProof<P>;
      K: P;
      session: Uint8Array;
    }>,
  ) =>
    verifyShuffle(
      G,
      over.K ?? pk.K,
      over.session ?? session,
      over.inputs ?? base.inputs,
      over.outputs ?? base.outputs,
      over.proof ?? base.proof,
    );
  const bump = (x: P) => G.mul(x, G.g);
  const replaceRow = (rows: readonly CiphertextRow<P>[], i: number, k: number, f: 'alpha' | 'beta') =>
    rows.map((row, j) =>
      j !== i ? row : row.map((ct, kk) => (kk !== k ? ct : { ...ct, [f]: bump(ct[f]) })),
    );

  it('any change to an input or an output is caught', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 1 }),
        fc.boolean(),
        fc.boolean(),
        (i, k, isInput, alpha) => {
          const f = alpha ? 'alpha' : 'beta';
          const r = isInput
            ? verify({ inputs: replaceRow(base.inputs, i, k, f) })
            : verify({ outputs: replaceRow(base.outputs, i, k, f) });
          expect(r.length).toBeGreaterThan(0);
          expect(r[0]!.check).toMatch(/^M[5-9]$/);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('swapping two output rows (another permutation) is caught', () => {
    const outputs = [...base.outputs];
    [outputs[0], outputs[3]] = [outputs[3]!, outputs[0]!];
    expect(verify({ outputs }).length).toBeGreaterThan(0);
  });

  it('a proof made with a witness that is not the shuffle fails', () => {
    const pi = [...base.witness.pi];
    [pi[1], pi[2]] = [pi[2]!, pi[1]!];
    const proof = proveShuffle(G, pk, session, base.inputs, base.outputs, { pi, r: base.witness.r });
    expect(verify({ proof }).length).toBeGreaterThan(0);
    const r = base.witness.r.map((ri, i) => (i === 4 ? ri.map((x) => (x + 1n) % G.q) : ri));
    expect(
      verify({ proof: proveShuffle(G, pk, session, base.inputs, base.outputs, { pi: base.witness.pi, r }) })
        .length,
    ).toBeGreaterThan(0);
  });

  it('outputs that are not a shuffle cannot be proved', () => {
    const outputs = replaceRow(base.outputs, 2, 1, 'beta'); // changes a plaintext by one
    const proof = proveShuffle(G, pk, session, base.inputs, outputs, base.witness);
    const r = verify({ outputs, proof });
    expect(r.length).toBeGreaterThan(0);
    expect(r.map((f) => f.check)).toContain('M8');
  });

  it('any change to a commitment is caught', () => {
    const elementFields = ['c', 'cHat', 'tHat'] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom(...elementFields, 't1', 't2', 't3', 't4a', 't4b'),
        (i, f) => {
          const p = base.proof;
          let proof: ShuffleProof<P>;
          if (f === 't1' || f === 't2' || f === 't3') proof = { ...p, [f]: bump(p[f]) };
          else if (f === 't4a' || f === 't4b') {
            const key = f === 't4a' ? 'alpha' : 'beta';
            proof = { ...p, t4: p.t4.map((t, k) => (k === i % 2 ? { ...t, [key]: bump(t[key]) } : t)) };
          } else proof = { ...p, [f]: p[f].map((x, j) => (j === i ? bump(x) : x)) };
          expect(verify({ proof }).length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 16 },
    );
  });

  it('any change to a response is caught, and the failing equation is named', () => {
    const q = G.q;
    const p = base.proof;
    const cases: [ShuffleProof<P>, string][] = [
      [{ ...p, s1: (p.s1 + 1n) % q }, 'M5'],
      [{ ...p, s2: (p.s2 + 1n) % q }, 'M6'],
      [{ ...p, s3: (p.s3 + 1n) % q }, 'M7'],
      [{ ...p, s4: [p.s4[0]!, (p.s4[1]! + 1n) % q] }, 'M8'],
      [{ ...p, sHat: p.sHat.map((x, i) => (i === 3 ? (x + 1n) % q : x)) }, 'M9'],
      [{ ...p, sPrime: p.sPrime.map((x, i) => (i === 5 ? (x + 1n) % q : x)) }, 'M7'],
    ];
    for (const [proof, check] of cases) {
      const r = verify({ proof });
      expect(r.length).toBeGreaterThan(0);
      expect(r.map((f) => f.check)).toContain(check);
    }
    const sh = verify({ proof: { ...p, sHat: p.sHat.map((x, i) => (i === 3 ? (x + 1n) % q : x)) } });
    expect(sh).toEqual([{ check: 'M9', where: 'proof.tHat[3]', message: expect.any(String) }]);
  });

  it('rejects out-of-range scalars (M2), wrong shapes (M1), another key or session', () => {
    const p = base.proof;
    expect(verify({ proof: { ...p, s1: G.q } })[0]).toMatchObject({
      check: 'M2',
      where: 'proof.s1',
    });
    expect(verify({ proof: { ...p, sPrime: p.sPrime.slice(1) } })[0]).toMatchObject({
      check: 'M1',
      where: 'proof.sPrime',
    });
    expect(verify({ outputs: base.outputs.slice(1) })[0]).toMatchObject({
      check: 'M1',
      where: 'outputs',
    });
    expect(verify({ K: G.gExp(5n) }).length).toBeGreaterThan(0);
    expect(verify({ proof: { ...p, t2: 'not a point' as unknown as P } })[0]).toMatchObject({
      check: 'M2',
    });
    expect(verify({ session: mixSessionHash(new Uint8Array(32), 'other') }).length).toBeGreaterThan(0);
  });
});

describe('proof of shuffle on eg-4096', () => {
  it('an honest proof verifies and a changed output is caught', () => {
    const H = eg4096;
    const pkE = publicKey(H, H.gExp(randomScalar(H.q)));
    const inputs = rowsOf(H, pkE, 3, 1);
    const { outputs, witness } = shuffleRows(H, pkE, inputs);
    const proof = proveShuffle(H, pkE, session, inputs, outputs, witness);
    expect(verifyShuffle(H, pkE.K, session, inputs, outputs, proof)).toEqual([]);
    const bad = outputs.map((row, i) =>
      i === 1 ? [{ alpha: row[0]!.alpha, beta: H.mul(row[0]!.beta, H.g) }] : row,
    );
    expect(verifyShuffle(H, pkE.K, session, inputs, bad, proof).length).toBeGreaterThan(0);
  }, 60_000);
});

describe('batch weights', () => {
  it('are odd, 128-bit and distinct, also beyond one 64 KiB draw', () => {
    const z = batchWeights(5000);
    expect(z).toHaveLength(5000);
    expect(z.every((x) => x % 2n === 1n && x < 1n << 128n)).toBe(true);
    expect(new Set(z.map(String)).size).toBe(5000);
  });
});
