/**
 * Reading decrypted rank positions (spec/ranked-choice.md §3): M = K^σ for σ ≤ m + W by the table
 * of K^0..K^(m+W) (small contests) or baby-step giant-step (m + W over 1,024), decoded elements
 * (as a verifier reads them) and computed ones alike; anything else reads as null.
 */
import { describe, expect, it } from 'vitest';
import { elementFromJson, elementToJson } from '../codec/hex-json.js';
import { eg4096 } from '../group/eg-4096.js';
import type { Group } from '../group/group.js';
import { ristretto } from '../group/ristretto255.js';
import { randomScalar } from '../group/scalar.js';
import type { RankedContest } from './ranked-ballot.js';
import { readRankedRows } from './read-rows.js';

const contest = (m: number, ranks: number): RankedContest => ({
  id: 'c',
  candidates: Array.from({ length: m }, (_, i) => `candidate ${i + 1}`),
  ranks,
  seats: 1,
});

function check<E>(G: Group<E>, m: number) {
  const K = G.gExp(randomScalar(G.q));
  const pow = (s: number) => G.exp(K, BigInt(s));
  const decoded = (x: E) => elementFromJson(G, elementToJson(G, x), 'M');
  const sigmas = [0, 1, 2, m - 1, m];
  const other = [G.g, pow(m + 1), G.mul(pow(1), G.g)];
  const rows = [sigmas.map(pow), sigmas.map((s) => decoded(pow(s))), [...other, ...other.slice(0, 2)]];
  const plain = readRankedRows(
    G,
    K,
    contest(m, 5),
    rows.map((r) => r.map((M) => ({ M, proof: undefined }))),
  );
  expect(plain.map((p) => p.ranks)).toEqual([sigmas, sigmas, [null, null, null, null, null]]);
  // again: the table is kept, and a key of another election has its own
  const K2 = G.gExp(randomScalar(G.q));
  const again = readRankedRows(
    G,
    K2,
    contest(m, 5),
    [[G.exp(K2, 2n), pow(2), G.one, G.exp(K2, 3n), pow(3)]].map((r) =>
      r.map((M) => ({ M, proof: undefined })),
    ),
  );
  expect(again[0]!.ranks).toEqual([2, null, 0, 3, null]);
}

describe('readRankedRows', () => {
  it('ristretto255, m = 4 (the table): every σ ≤ m, decoded or computed; other elements null', () => {
    check(ristretto, 4);
  });
  it('ristretto255, m = 1,100 (over the table: baby-step giant-step)', () => {
    check(ristretto, 1100);
  });
  it('eg-4096, m = 6', () => {
    check(eg4096, 6);
  });
});
