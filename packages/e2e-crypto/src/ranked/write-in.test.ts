/**
 * Write-in names (spec/ranked-choice.md §2.4): the chunk maps round-trip and are injective
 * (property), names normalize, invalid element sequences read as null, ballots with write-ins
 * carry proofs of knowledge (B3) and the count treats write-ins as candidates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encrypt, publicKey } from '../elgamal/elgamal.js';
import { eg4096 } from '../group/eg-4096.js';
import { ristretto } from '../group/ristretto255.js';
import { randomScalar } from '../group/scalar.js';
import { decodeWriteIn, encodeWriteIn, normalizeWriteIn, writeInCodec } from './write-in.js';
import {
  encryptRankedBallot,
  rankedLayout,
  type RankedContest,
  verifyRankedBallot,
} from './ranked-ballot.js';
import { countRankedContest, rankedBallots } from './verify-count.js';

const G = ristretto;
const pk = publicKey(G, G.gExp(randomScalar(G.q)));
const codec = writeInCodec(G, pk.K);

describe('write-in chunk map, ristretto255 (try and increment)', () => {
  it('round-trips any 30-byte chunk and distinct chunks give distinct elements (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 30, maxLength: 30 }),
        fc.uint8Array({ minLength: 30, maxLength: 30 }),
        (a, b) => {
          const Pa = codec.chunkToElement(a);
          expect(codec.elementToChunk(Pa)).toEqual(a);
          const same = a.every((x, i) => x === b[i]);
          expect(G.equals(Pa, codec.chunkToElement(b))).toBe(same);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('names round-trip after normalization; long names and NUL are refused', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20, unit: 'grapheme' }), (s) => {
        const n = normalizeWriteIn(s);
        fc.pre(!n.includes('\u0000') && new TextEncoder().encode(n).length <= 60);
        expect(decodeWriteIn(codec, encodeWriteIn(codec, s, 60))).toBe(n);
      }),
      { numRuns: 40 },
    );
    expect(decodeWriteIn(codec, encodeWriteIn(codec, '  Grace \t  Hopper ', 60))).toBe('Grace Hopper');
    expect(encodeWriteIn(codec, 'x', 60)).toHaveLength(2);
    expect(() => encodeWriteIn(codec, 'é'.repeat(31), 60)).toThrow(RangeError);
    expect(() => encodeWriteIn(codec, 'a\u0000b', 60)).toThrow(RangeError);
  });

  it('elements that carry no valid UTF-8 name, or a NUL inside, read as null', () => {
    const bad = new Uint8Array(30).fill(0xff);
    expect(decodeWriteIn(codec, [codec.chunkToElement(bad)])).toBeNull();
    const inner = new Uint8Array(30);
    inner[0] = 0x41;
    inner[2] = 0x42; // "A\0B"
    expect(decodeWriteIn(codec, [codec.chunkToElement(inner)])).toBeNull();
    expect(decodeWriteIn(codec, [codec.chunkToElement(new Uint8Array(30))])).toBe('');
  });
});

describe('write-in chunk map, eg-4096 (2-byte exponents)', () => {
  it('round-trips a short name through encryption-free chunks; a non-K^σ element reads as null', () => {
    const E = eg4096;
    const K = E.gExp(12345n);
    const c = writeInCodec(E, K);
    expect(c.chunkBytes).toBe(2);
    const els = encodeWriteIn(c, 'Ada', 4);
    expect(els).toHaveLength(2);
    expect(decodeWriteIn(c, els)).toBe('Ada');
    expect(decodeWriteIn(c, [E.g, els[1]!])).toBeNull();
  });
});

describe('ranked ballots with write-ins', () => {
  const hE = new Uint8Array(32).fill(5);
  const contest: RankedContest = {
    id: 'council',
    candidates: ['Ada', 'Bo'],
    ranks: 3,
    seats: 1,
    writeIns: 1,
    writeInBytes: 30,
  };

  it('encrypt, verify (B1–B3), and reject a copied write-in column or a changed proof', () => {
    const lay = rankedLayout(G, contest);
    expect(lay).toMatchObject({ R: 3, W: 1, L: 1, width: 4, maxValue: 3 });
    const b = encryptRankedBallot(G, pk, hE, contest, ['Grace Hopper', 1]);
    expect(b.row).toHaveLength(4);
    expect(verifyRankedBallot(G, pk, hE, contest, b)).toEqual([]);
    const other = encryptRankedBallot(G, pk, hE, contest, ['Alan Turing']);
    expect(
      verifyRankedBallot(G, pk, hE, contest, { ...b, row: [...b.row.slice(0, 3), other.row[3]!] }),
    ).toMatchObject([{ check: 'B3', where: 'writeInProofs[0]' }]);
    const w = b.writeInProofs![0]!;
    expect(
      verifyRankedBallot(G, pk, hE, contest, { ...b, writeInProofs: [{ ...w, v: (w.v + 1n) % G.q }] }),
    ).toMatchObject([{ check: 'B3', where: 'writeInProofs[0]' }]);
    expect(verifyRankedBallot(G, pk, hE, contest, { ...b, writeInProofs: [] })).toMatchObject([
      { check: 'B1', where: 'writeInProofs' },
    ]);
    expect(() => encryptRankedBallot(G, pk, hE, contest, ['A', 'B'])).toThrow(/at most 1 write-ins/);
    // a rank value above m + W has no range proof
    const ct = encrypt(G, pk, 4);
    expect(verifyRankedBallot(G, pk, hE, contest, { ...b, row: [ct, ...b.row.slice(1)] })).toMatchObject([
      { check: 'B2', where: 'proofs[0]' },
    ]);
  });

  it('counts write-ins as candidates; a write-in equal to a listed name counts for it; blank/invalid are skipped', () => {
    const rows = [
      [3, 1, 0],
      [3, 0, 0],
      [2, 3, 0],
      [3, 2, 0],
      [1, 0, 0],
      [3, 1, 0],
    ];
    const names = [['Grace Hopper'], ['grace  hopper'], [''], ['Grace Hopper'], [null], ['  Bo ']].map((r) =>
      r.map((n) => (n === null ? null : normalizeWriteIn(n))),
    );
    const { candidates, ballots } = rankedBallots(contest, rows, names);
    expect(candidates).toEqual(['Ada', 'Bo', 'Grace Hopper', 'grace hopper']);
    expect(ballots).toEqual([[3, 1], [4], [2], [3, 2], [1], [2, 1]]);
    const r = countRankedContest(contest, rows, names);
    expect(r.rounds[0]!.tallies).toEqual({ Ada: '1', Bo: '2', 'Grace Hopper': '2', 'grace hopper': '1' });
    expect(r.elected).toHaveLength(1);
    expect(() => countRankedContest(contest, [[4, 0, 0]], [['x']])).toThrow(/rows\[0\]\[0\]/);
  });
});
