import { describe, it, expect } from 'vitest';
import { encrypt, publicKey } from '../elgamal/elgamal.js';
import { isInvalidData } from '../errors.js';
import { ristretto } from '../group/ristretto255.js';
import { randomScalar } from '../group/scalar.js';
import { rowsFromJson, rowsToJson, shuffleProofFromJson, shuffleProofToJson } from './codec.js';
import { plaintextsOf, singleKeyDecryptionVerifier, singleKeyDecryptor } from './decryption.js';
import { mixSessionHash } from './generators.js';
import { runMixChain, verifyMixChain } from './mix-chain.js';
import { verifyShuffle } from './verify-shuffle.js';

const G = ristretto;
const s = randomScalar(G.q);
const pk = publicKey(G, G.gExp(s));
const session = mixSessionHash(new Uint8Array(32).fill(9), 'contest:chain');
const values = [
  [3, 1],
  [0, 2],
  [7, 7],
  [5, 4],
  [2, 0],
];
const inputs = values.map((row) => row.map((v) => encrypt(G, pk, v)));
const stages = runMixChain(G, pk, session, inputs, ['guardian-1', 'guardian-2', 'guardian-3']);

describe('mix chain', () => {
  it('verifies end to end and decrypts to the same multiset of rows', () => {
    expect(verifyMixChain(G, pk.K, session, inputs, stages)).toEqual([]);
    const last = stages.at(-1)!.outputs;
    const decs = singleKeyDecryptor(G, s, session).decryptRows(last);
    expect(singleKeyDecryptionVerifier(G, pk.K, session)(last, decs)).toEqual([]);
    const plain = plaintextsOf(G, pk.K, decs, 10).map((r) => r.join(','));
    expect(plain.sort()).toEqual(values.map((r) => r.join(',')).sort());
  });

  it('locates a tampered stage', () => {
    const bad = stages.map((st, j) =>
      j === 1 ? { ...st, proof: { ...st.proof, s3: (st.proof.s3 + 1n) % G.q } } : st,
    );
    const r = verifyMixChain(G, pk.K, session, inputs, bad);
    expect(r.length).toBeGreaterThan(0);
    expect(r[0]).toMatchObject({ check: 'C2/M7', where: 'stages[1].proof.t3' });
    const dropped = verifyMixChain(G, pk.K, session, inputs, [stages[0]!, stages[2]!]);
    expect(dropped[0]!.where.startsWith('stages[1].')).toBe(true);
    expect(verifyMixChain(G, pk.K, session, inputs, stages, 4)[0]!.check).toBe('C1');
  });

  it('rejects a false decryption proof or a changed plaintext', () => {
    const last = stages.at(-1)!.outputs;
    const decs = singleKeyDecryptor(G, s, session).decryptRows(last);
    const changed = decs.map((row, i) =>
      row.map((d, k) => (i === 2 && k === 1 ? { ...d, M: G.mul(d.M, pk.K) } : d)),
    );
    expect(singleKeyDecryptionVerifier(G, pk.K, session)(last, changed)).toEqual([
      { check: 'D2', where: 'decryptions[2][1]', message: expect.any(String) },
    ]);
  });
});

describe('JSON codecs', () => {
  it('round-trip rows and proofs, and the decoded proof verifies', () => {
    const st = stages[0]!;
    const json = JSON.parse(
      JSON.stringify({
        inputs: rowsToJson(G, inputs),
        outputs: rowsToJson(G, st.outputs),
        proof: shuffleProofToJson(G, st.proof),
      }),
    );
    const ins = rowsFromJson(G, json.inputs, 'inputs');
    const outs = rowsFromJson(G, json.outputs, 'outputs');
    const proof = shuffleProofFromJson(G, json.proof, 'proof');
    expect(verifyShuffle(G, pk.K, session, ins, outs, proof)).toEqual([]);
    expect(shuffleProofToJson(G, proof)).toEqual(json.proof);
  });

  it('decode errors name the field', () => {
    const json = shuffleProofToJson(G, stages[0]!.proof);
    const expectField = (v: unknown, field: string) => {
      try {
        shuffleProofFromJson(G, v, 'stages[0].proof');
        expect.unreachable();
      } catch (e) {
        expect(isInvalidData(e)).toBe(true);
        expect((e as { field: string }).field).toBe(field);
      }
    };
    expectField(
      { ...json, cHat: json.cHat.map((x, i) => (i === 2 ? 'FF'.repeat(32) : x)) },
      'stages[0].proof.cHat[2]',
    );
    expectField({ ...json, s2: 'F'.repeat(64) }, 'stages[0].proof.s2');
    expectField({ ...json, t4: [{ alpha: json.t4[0]!.alpha, beta: 'zz' }] }, 'stages[0].proof.t4[0].beta');
    expectField({ ...json, sPrime: 'x' }, 'stages[0].proof.sPrime');
    expect(() => rowsFromJson(G, [[{ alpha: json.t1, beta: json.t2 }], []], 'inputs')).toThrow(/inputs\[1\]/);
  });
});
