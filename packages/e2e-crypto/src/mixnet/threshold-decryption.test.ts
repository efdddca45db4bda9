/**
 * Threshold decryption of mixed rows (spec/mixnet.md §6.2): n = 5, k = 3, two guardians missing,
 * ristretto255; a guardian with a bad partial decryption is named and left out; the verifier
 * names a false proof or a changed plaintext (D2) and a wrong shape (D1).
 */
import { describe, expect, it } from 'vitest';
import { utf8Bytes } from '../bytes.js';
import { baseHash, manifestHash, parameterBaseHash } from '../election/base-hashes.js';
import { encrypt, publicKey } from '../elgamal/elgamal.js';
import { ristretto } from '../group/ristretto255.js';
import { runLocalCeremony } from '../keyceremony/local-ceremony.js';
import { keyShareCommitment } from '../keyceremony/polynomial.js';
import { rowDecryptionsFromJson, rowDecryptionsToJson } from '../ranked/codec.js';
import { rowsFromJson, rowsToJson } from './codec.js';
import { plaintextsOf } from './decryption.js';
import { mixSessionHash } from './generators.js';
import { runMixChain, verifyMixChain } from './mix-chain.js';
import {
  decryptRowsWithQuorum,
  thresholdRowDecryptionVerifier,
  thresholdRowDecryptor,
} from './threshold-decryption.js';

const G = ristretto;
const hP = parameterBaseHash(G);
const c = runLocalCeremony(G, hP, baseHash(hP, manifestHash(hP, utf8Bytes('m')), 5, 3), 5, 3);
const all = c.guardians.map((g) => g.commitments);
const setup = {
  ctx: { K: c.K, hE: c.hE },
  k: 3,
  keyShareCommitments: new Map(c.secrets.map((s) => [s.i, keyShareCommitment(G, all, s.i)])),
};
const pk = publicKey(G, c.K);
const guardians = (ids: number[]) => ids.map((i) => ({ i, Pi: c.secrets[i - 1]!.Pi }));
const values = [
  [3, 1],
  [0, 2],
  [7, 7],
  [5, 4],
];
const inputs = values.map((row) => row.map((v) => encrypt(G, pk, v)));
const session = mixSessionHash(c.hE, 'contest:threshold');
const stages = runMixChain(G, pk, session, inputs, ['guardian-1', 'guardian-2', 'guardian-3']);
const last = stages.at(-1)!.outputs;
const verify = thresholdRowDecryptionVerifier(G, setup.ctx);

describe('threshold decryption of mixed rows (n=5, k=3)', () => {
  it('guardians 2, 4, 5 decrypt the chain output; proofs verify; plaintexts are the input multiset', () => {
    expect(verifyMixChain(G, c.K, session, inputs, stages)).toEqual([]);
    const dec = thresholdRowDecryptor(G, setup, guardians([2, 4, 5]));
    const decs = dec.decryptRows(last);
    expect(dec.last()).toEqual({ U: [2, 4, 5], excluded: [] });
    expect(verify(last, decs)).toEqual([]);
    const plain = plaintextsOf(G, c.K, decs, 10).map((r) => r.join(','));
    expect(plain.sort()).toEqual(values.map((r) => r.join(',')).sort());
  });

  it('a guardian with a bad partial decryption is named and left out; the rest still decrypt', () => {
    const r = decryptRowsWithQuorum(G, setup, last, guardians([1, 2, 3, 4]), (i, pds) =>
      i === 3
        ? { ...pds, items: pds.items.map((p, x) => (x === 2 ? { ...p, M: G.mul(p.M, G.g) } : p)) }
        : pds,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.U).toEqual([1, 2, 4]);
    expect(r.excluded).toEqual([{ i: 3, reason: 'partial decryptions fail their proof' }]);
    expect(verify(last, r.decryptions)).toEqual([]);
  });

  it('too few valid guardians: decryptRows throws naming the guardian left out', () => {
    const dec = thresholdRowDecryptor(G, setup, guardians([1, 5, 2]), (i, pds) =>
      i === 5 ? { ...pds, proof: { ...pds.proof, v: 1n } } : pds,
    );
    expect(() => dec.decryptRows(last)).toThrow(/only 2 valid guardians.*guardian 5/);
  });

  it('the verifier names a changed plaintext, a changed proof and a wrong shape', () => {
    const r = decryptRowsWithQuorum(G, setup, last, guardians([1, 3, 5]));
    if (!r.ok) throw new Error(r.reason);
    const d = r.decryptions;
    const changed = d.map((row, i) =>
      row.map((x, k) => (i === 1 && k === 0 ? { ...x, M: G.mul(x.M, c.K) } : x)),
    );
    expect(verify(last, changed)).toEqual([
      { check: 'D2', where: 'decryptions[1][0]', message: expect.any(String) },
    ]);
    const badProof = d.map((row, i) =>
      row.map((x, k) =>
        i === 3 && k === 1 ? { ...x, proof: { ...x.proof, v: (x.proof.v + 1n) % G.q } } : x,
      ),
    );
    expect(verify(last, badProof).map((f) => f.where)).toEqual(['decryptions[3][1]']);
    expect(verify(last, d.slice(1))[0]!.check).toBe('D1');
    expect(verify(last, [d[0]!.slice(1), ...d.slice(1)])[0]).toMatchObject({
      check: 'D1',
      where: 'decryptions[0]',
    });
    // another election's H_E: every proof fails
    expect(thresholdRowDecryptionVerifier(G, { K: c.K, hE: new Uint8Array(32) })(last, d)).toHaveLength(8);
  });

  it('decoded rows and decryptions (as a verifier reads them): one bad proof in a chunk is named', () => {
    // decoded points take the WebAssembly quotient β/M (ristretto-quotient.ts): same answers
    const rows = Array.from({ length: 40 }, (_, i) => [encrypt(G, pk, i % 5), encrypt(G, pk, (i * 7) % 5)]);
    const r = decryptRowsWithQuorum(G, setup, rows, guardians([2, 3, 4]));
    if (!r.ok) throw new Error(r.reason);
    const read = rowsFromJson(G, JSON.parse(JSON.stringify(rowsToJson(G, rows))), 'rows');
    const json = JSON.parse(JSON.stringify(rowDecryptionsToJson(G, r.decryptions)));
    const decs = rowDecryptionsFromJson(G, json, 'rows');
    expect(verify(read, decs)).toEqual([]);
    expect(plaintextsOf(G, c.K, decs, 4)).toEqual(rows.map((_, i) => [i % 5, (i * 7) % 5]));
    // one response changed among 80 proofs: the batch fails, the re-check names it alone
    const bad = structuredClone(json);
    bad[23][1].proof.v = json[22][0].proof.v;
    expect(verify(read, rowDecryptionsFromJson(G, bad, 'rows'))).toEqual([
      { check: 'D2', where: 'decryptions[23][1]', message: expect.any(String) },
    ]);
    // M = β: the quotient β/M is the identity (no WebAssembly quotient); refused, no throw
    const identity = structuredClone(json);
    identity[5][0].M = rowsToJson(G, rows)[5]![0]!.beta;
    expect(verify(read, rowDecryptionsFromJson(G, identity, 'rows')).map((f) => f.where)).toEqual([
      'decryptions[5][0]',
    ]);
  });

  it('decoding decryptions refuses a non-member M, a bad commitment and an out-of-range response, naming each', () => {
    const r = decryptRowsWithQuorum(G, setup, last, guardians([1, 2, 3]));
    if (!r.ok) throw new Error(r.reason);
    type Json = { M: unknown; proof: Record<string, unknown> }[][];
    const json = JSON.parse(JSON.stringify(rowDecryptionsToJson(G, r.decryptions))) as Json;
    // a canonical, non-negative s that is not the encoding of a group element
    let nonMember = '';
    for (let s = 2; !nonMember; s += 2) {
      const hex = s.toString(16).padStart(2, '0').toUpperCase() + '00'.repeat(31);
      try {
        G.decode(Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16))), 'x');
      } catch {
        nonMember = hex;
      }
    }
    const cases: [(j: Json) => void, string, string][] = [
      [(j) => (j[2]![1]!.M = nonMember), 'rows[2][1].M', 'NOT_IN_GROUP'],
      [(j) => (j[0]![0]!.proof.a = nonMember), 'rows[0][0].proof.a', 'NOT_IN_GROUP'],
      [(j) => (j[3]![1]!.proof.v = 'F'.repeat(64)), 'rows[3][1].proof.v', 'SCALAR_RANGE'],
      [(j) => (j[1]![0]!.M = 7), 'rows[1][0].M', 'ENCODING'],
    ];
    for (const [change, field, code] of cases) {
      const bad = structuredClone(json);
      change(bad);
      expect(() => rowDecryptionsFromJson(G, bad, 'rows')).toThrow(
        expect.objectContaining({
          field,
          code,
          message: expect.stringMatching(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')}: .+`)),
        }),
      );
    }
  });
});
