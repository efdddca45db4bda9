/**
 * The one proof JSON codec (spec/record.md §1.2, spec/crypto.md §4.1): round trips in both
 * profiles, and the one rule for every hex field — uppercase, fixed length, elements in the group,
 * scalars and challenges < q. The record's codec and the ranked codec used to disagree on the last
 * two (the record accepted v = q, the ranked files accepted lowercase hex).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../test/profiles.js';
import { toHex } from '../bytes.js';
import { encrypt, publicKey } from '../elgamal/elgamal.js';
import { isInvalidData } from '../errors.js';
import type { Group } from '../group/group.js';
import { encodeScalar, randomScalar } from '../group/scalar.js';
import { domain, H } from '../hash/hash.js';
import { proveChaumPedersen } from '../proofs/chaum-pedersen.js';
import { proveRange } from '../proofs/range-proof.js';
import { proveSchnorr } from '../proofs/schnorr.js';
import { elementFromJson, hexFromJson, scalarFromJson } from './hex-json.js';
import {
  chaumPedersenFromJson,
  chaumPedersenToJson,
  rangeProofFromJson,
  rangeProofToJson,
  schnorrProofFromJson,
  schnorrProofToJson,
} from './proof-json.js';

/** The InvalidDataError's code and field that decoding `f` throws, or 'accepted'. */
function refusal(f: () => unknown): string {
  try {
    f();
    return 'accepted';
  } catch (e) {
    if (!isInvalidData(e)) throw e;
    return `${e.code} ${e.field}`;
  }
}

const key = new Uint8Array(32).fill(7);

for (const { G: G0 } of PROFILES) {
  const G = G0 as Group<unknown>;
  const s = randomScalar(G.q);
  const A = G.gExp(s);
  const schnorr = proveSchnorr(G, s, (h) => H(key, domain(0x10), G.encode(A), G.encode(h)));
  const cp = proveChaumPedersen(G, { g1: G.g, X1: A, g2: A, X2: G.exp(A, s) }, s, (a, b) =>
    H(key, domain(0x30), G.encode(a), G.encode(b)),
  );
  const pk = publicKey(G, G.gExp(randomScalar(G.q)));
  const xi = randomScalar(G.q);
  const range = proveRange(G, key, pk, encrypt(G, pk, 1n, xi), 1, xi, 1);
  const qHex = toHex(encodeScalar(G.q));

  describe(`${G.name}: proof JSON (${G.proofForm} form)`, () => {
    it('round-trips each proof with exactly its form’s fields', () => {
      const sj = schnorrProofToJson(G, schnorr);
      expect(Object.keys(sj).sort()).toEqual(G.proofForm === 'challenge' ? ['c', 'v'] : ['h', 'v']);
      expect(schnorrProofToJson(G, schnorrProofFromJson(G, sj, 'p'))).toEqual(sj);
      const cj = chaumPedersenToJson(G, cp);
      expect(Object.keys(cj).sort()).toEqual(G.proofForm === 'challenge' ? ['c', 'v'] : ['a', 'b', 'v']);
      expect(chaumPedersenToJson(G, chaumPedersenFromJson(G, cj, 'p'))).toEqual(cj);
      const rj = rangeProofToJson(G, range);
      expect(Object.keys(rj).sort()).toEqual(G.proofForm === 'challenge' ? ['c', 'v'] : ['a', 'b', 'c', 'v']);
      expect(rangeProofToJson(G, rangeProofFromJson(G, rj, 'p'))).toEqual(rj);
    });

    it('refuses a response or a challenge equal to q (scalars < q, challenges included)', () => {
      const sj = schnorrProofToJson(G, schnorr);
      expect(refusal(() => schnorrProofFromJson(G, { ...sj, v: qHex }, 'p'))).toBe('SCALAR_RANGE p.v');
      const rj = rangeProofToJson(G, range);
      const c = [qHex, ...rj.c.slice(1)];
      expect(refusal(() => rangeProofFromJson(G, { ...rj, c }, 'p'))).toBe('SCALAR_RANGE p.c[0]');
      if (G.proofForm === 'challenge') {
        const cj = chaumPedersenToJson(G, cp);
        expect(refusal(() => chaumPedersenFromJson(G, { ...cj, c: qHex }, 'p'))).toBe('SCALAR_RANGE p.c');
      }
      expect(scalarFromJson(G, toHex(encodeScalar(G.q - 1n)), 'x')).toBe(G.q - 1n);
    });

    it('refuses lowercase hex, in scalars and in elements', () => {
      const sj = schnorrProofToJson(G, schnorr);
      expect(refusal(() => schnorrProofFromJson(G, { ...sj, v: sj.v.toLowerCase() }, 'p'))).toBe(
        'ENCODING p.v',
      );
      const el = toHex(G.encode(G.g)).toLowerCase();
      expect(/[a-f]/.test(el)).toBe(true);
      expect(refusal(() => elementFromJson(G, el, 'x'))).toBe('ENCODING x');
      expect(refusal(() => hexFromJson('ab', 'x'))).toBe('ENCODING x');
    });

    it('refuses short, long and non-string values', () => {
      const sj = schnorrProofToJson(G, schnorr);
      expect(refusal(() => schnorrProofFromJson(G, { ...sj, v: sj.v.slice(2) }, 'p'))).toBe('ENCODING p.v');
      expect(refusal(() => schnorrProofFromJson(G, { ...sj, v: `00${sj.v}` }, 'p'))).toBe('ENCODING p.v');
      expect(refusal(() => schnorrProofFromJson(G, { ...sj, v: 5 }, 'p'))).toBe('ENCODING p.v');
      expect(refusal(() => elementFromJson(G, `${toHex(G.encode(G.g))}00`, 'x'))).toBe('ENCODING x');
      expect(refusal(() => rangeProofFromJson(G, { ...rangeProofToJson(G, range), v: 'AA' }, 'p'))).toBe(
        'ENCODING p.v',
      );
      expect(refusal(() => chaumPedersenFromJson(G, null, 'p'))).toBe('ENCODING p');
    });

    it('names each refused item of a range proof by its full field, with the message of its rule', () => {
      // the field of a list's item is spelled only when it is refused: the same text as ever
      const rj = rangeProofToJson(G, range);
      const nonMember = G.name === 'ristretto255' ? 'FF'.repeat(32) : '00'.repeat(G.elementLength);
      const memberDetail =
        G.name === 'ristretto255' ? 'not a canonical ristretto255 encoding' : 'not an element of Z_p^r';
      const message = (f: () => unknown): string => {
        try {
          f();
          return 'accepted';
        } catch (e) {
          if (!isInvalidData(e)) throw e;
          return `${e.code} ${e.field} | ${e.message}`;
        }
      };
      const lists = G.proofForm === 'challenge' ? (['c', 'v'] as const) : (['c', 'v', 'a', 'b'] as const);
      for (const name of lists) {
        const element = name === 'a' || name === 'b';
        const cases: [unknown, string, string][] = [
          [5, 'ENCODING', 'expected uppercase hexadecimal'],
          ['A', 'ENCODING', 'expected uppercase hexadecimal'],
          ['0a'.repeat(32), 'ENCODING', 'expected uppercase hexadecimal'],
          ['AA', 'ENCODING', `expected ${element ? G.elementLength : 32} bytes`],
          element
            ? [nonMember, 'NOT_IN_GROUP', memberDetail]
            : [qHex, 'SCALAR_RANGE', 'scalar is not in [0, q)'],
        ];
        for (const i of [0, 1]) {
          for (const [bad, code, detail] of cases) {
            const list = [...rj[name]!];
            list[i] = bad as string;
            const field = `ballot 0A.contests[3].proof.${name}[${i}]`;
            expect(
              message(() => rangeProofFromJson(G, { ...rj, [name]: list }, 'ballot 0A.contests[3].proof')),
            ).toBe(`${code} ${field} | ${field}: ${detail}`);
          }
        }
        expect(message(() => rangeProofFromJson(G, { ...rj, [name]: 'AA' }, 'p'))).toBe(
          `ENCODING p.${name} | p.${name}: expected an array`,
        );
      }
      expect(message(() => rangeProofFromJson(G, { ...rj, x: [] }, 'p'))).toBe(
        `VALUE p.x | p.x: not a field of this profile's proofs (${G.proofForm === 'challenge' ? 'c, v' : 'a, b, c, v'})`,
      );
      const cj = chaumPedersenToJson(G, cp);
      expect(message(() => chaumPedersenFromJson(G, { ...cj, v: qHex }, 'q'))).toBe(
        'SCALAR_RANGE q.v | q.v: scalar is not in [0, q)',
      );
      if (G.proofForm === 'commitment') {
        expect(message(() => chaumPedersenFromJson(G, { ...cj, b: nonMember }, 'q'))).toBe(
          `NOT_IN_GROUP q.b | q.b: ${memberDetail}`,
        );
        const sj = schnorrProofToJson(G, schnorr);
        expect(message(() => schnorrProofFromJson(G, { ...sj, h: nonMember }, 'r'))).toBe(
          `NOT_IN_GROUP r.h | r.h: ${memberDetail}`,
        );
      }
      expect(message(() => elementFromJson(G, nonMember, 'e'))).toBe(`NOT_IN_GROUP e | e: ${memberDetail}`);
    });

    it('refuses a field of the other form, so that none escapes verification', () => {
      const other = toHex(encodeScalar(1n));
      const sj = schnorrProofToJson(G, schnorr);
      const cj = chaumPedersenToJson(G, cp);
      if (G.proofForm === 'challenge') {
        const h = toHex(G.encode(G.g));
        expect(refusal(() => schnorrProofFromJson(G, { ...sj, h }, 'p'))).toBe('VALUE p.h');
        expect(refusal(() => chaumPedersenFromJson(G, { ...cj, a: h }, 'p'))).toBe('VALUE p.a');
      } else {
        expect(refusal(() => schnorrProofFromJson(G, { ...sj, c: other }, 'p'))).toBe('VALUE p.c');
        expect(refusal(() => chaumPedersenFromJson(G, { ...cj, c: other }, 'p'))).toBe('VALUE p.c');
        const { a: _a, ...noA } = rangeProofToJson(G, range);
        expect(refusal(() => rangeProofFromJson(G, noA, 'p'))).toBe('ENCODING p.a');
      }
    });
  });
}

describe('hexFromJson (checks and decodes in one pass)', () => {
  it('decodes the uppercase hex of any bytes, and refuses any other character anywhere', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.constantFrom('a', 'f', 'G', 'g', '/', ':', '@', '`', ' ', 'é', '\u0660', '\u0000'),
        (b, at, bad) => {
          const hex = toHex(b);
          expect(hexFromJson(hex, 'x')).toEqual(b);
          expect(hexFromJson(hex, 'x', b.length)).toEqual(b);
          const i = at % hex.length;
          const off = hex.slice(0, i) + bad + hex.slice(i + 1);
          expect(refusal(() => hexFromJson(off, 'x'))).toBe('ENCODING x');
        },
      ),
      { numRuns: 300 },
    );
    expect(refusal(() => hexFromJson('ABC', 'x'))).toBe('ENCODING x'); // odd length
    expect(refusal(() => hexFromJson('ABCD', 'x', 3))).toBe('ENCODING x'); // wrong length
    expect(() => hexFromJson('ABCD', 'x', 3)).toThrow(/expected 3 bytes/);
    expect(() => hexFromJson('abCD', 'x', 3)).toThrow(/expected uppercase hexadecimal/);
    expect(hexFromJson('', 'x')).toEqual(new Uint8Array(0));
  });
});
