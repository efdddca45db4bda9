/**
 * The canonical parts of a board entry (canonical-parts.ts, log-summary.ts `ballotDigests`) give
 * the bytes of the functions they replace in the L1 pass: canonicalJsonString of the entry and of
 * each part, the ballot digest without the signature, the content and ranked-row digests — on
 * random JSON and on ballots with hex in either case; canonicalEntry decides as canonicalWithParts
 * does on canonical and other texts of random JSON (members in any order, array-index keys, floats);
 * canonicalText is canonicalJsonString.
 */
import { ballotDigest, ballotDigestOfCanonical, canonicalJsonString } from '@evident/e2e-crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalEntry,
  canonicalText,
  canonicalWithParts,
  objectText,
  partText,
} from './canonical-parts.js';
import { ballotContent, ballotDigests, hexDigestBytesOf, type Json } from './log-summary.js';

const result = (f: () => string): string => {
  try {
    return f();
  } catch (e) {
    return `throws ${(e as Error).constructor.name}`;
  }
};

const hex = fc.stringMatching(/^[0-9A-Fa-f]{8}$/);
const row = fc.record({
  contestId: fc.constantFrom('mayor', 'council'),
  row: fc.array(fc.record({ alpha: hex, beta: hex })),
});
const ballot = fc.record({
  code: hex,
  style: fc.constantFrom('style-1', 'style-2'),
  contests: fc.array(
    fc.record({ label: fc.string(), selections: fc.array(fc.record({ alpha: hex, beta: hex })) }),
  ),
  ranked: fc.option(fc.array(row), { nil: undefined }),
  extra: fc.option(fc.jsonValue(), { nil: undefined }),
});

describe('canonical parts of a board entry', () => {
  it('serialize as canonicalJsonString, the entry and every kept part (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const parts = new Map<object, string>();
        expect(result(() => canonicalWithParts(v, 3, parts))).toBe(result(() => canonicalJsonString(v)));
        for (const [o, text] of parts) expect(text).toBe(canonicalJsonString(o));
        if (typeof v === 'object' && v !== null && !Array.isArray(v) && parts.has(v)) {
          const { signature: _s, ...rest } = v as Record<string, unknown>;
          expect(objectText(v as Record<string, unknown>, parts, 'signature')).toBe(
            canonicalJsonString(rest),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('give the ballot digest, the content digest and the ranked rows’ digests (property)', () => {
    const hE = new Uint8Array(32).fill(3);
    fc.assert(
      fc.property(ballot, fc.string(), (b, signature) => {
        const entry = JSON.parse(
          JSON.stringify({ type: 'ballot', submission: { ballot: b, credential: 'AB', signature } }),
        ) as Json;
        const sub = entry.submission as Json;
        const parts = new Map<object, string>();
        const ok =
          result(() => canonicalWithParts(entry, 4, parts)) === result(() => canonicalJsonString(entry));
        expect(ok).toBe(true);
        if (!parts.has(sub)) return; // not JSON of integers: the L1 pass keeps the original error
        expect(ballotDigestOfCanonical(hE, objectText(sub, parts, 'signature'))).toEqual(
          ballotDigest(hE, sub),
        );
        const ballotJson = sub.ballot as Json;
        const d = ballotDigests(ballotJson, parts);
        expect(d.content).toEqual(ballotContent(ballotJson));
        const rows = ballotJson.ranked as unknown[] | undefined;
        expect(d.ranked).toEqual(rows?.map((r) => hexDigestBytesOf(r)));
        if (rows) for (const r of rows) expect(partText(r, parts)).toBe(canonicalJsonString(r));
      }),
      { numRuns: 300 },
    );
  });

  // keys that the engine reorders (array indices) or that sort close together
  const key = fc.constantFrom('a', 'b', 'B', 'aa', '0', '1', '10', '9', 'é', '__proto__', '');
  const json = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('v')),
      fc.dictionary(key, tie('v')),
    ),
  })).v;

  it('canonicalText: the text (or the error) of canonicalJsonString, sorted or not (property)', () => {
    fc.assert(
      fc.property(json, (v0) => {
        const sorted = result(() => canonicalJsonString(v0));
        // the value as given, and parsed back from its canonical text (members sorted: the fast path)
        const values = [v0, ...(sorted.startsWith('throws') ? [] : [JSON.parse(sorted) as unknown])];
        for (const v of values)
          expect(result(() => canonicalText(v))).toBe(result(() => canonicalJsonString(v)));
      }),
      { numRuns: 500 },
    );
    // members left undefined are left out by both; an undefined array item is not JSON
    expect(canonicalText({ a: 1, b: undefined, c: [2] })).toBe('{"a":1,"c":[2]}');
    expect(result(() => canonicalText([1, undefined]))).toBe(
      result(() => canonicalJsonString([1, undefined])),
    );
  });

  it('canonicalEntry: the form canonicalWithParts gives, and the same part texts (property)', () => {
    const texts = (v: unknown): string[] => {
      const out = [JSON.stringify(v), JSON.stringify(v, null, 1)];
      try {
        out.push(canonicalJsonString(v));
      } catch {
        // not JSON of integers: no canonical text
      }
      return out;
    };
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 4 }), (v0, depth) => {
        for (const text of texts(v0)) {
          const v = JSON.parse(text) as unknown;
          const old = new Map<object, string>();
          const want = result(() => canonicalWithParts(v, depth, old));
          const got = canonicalEntry(v, text, depth);
          expect(got.form).toBe(
            want.startsWith('throws') ? 'unserializable' : want === text ? 'canonical' : 'noncanonical',
          );
          for (const [o, t] of old) expect(got.parts.get(o)).toBe(t);
          if (got.form === 'canonical' && typeof v === 'object' && v !== null)
            expect(got.parts.get(v)).toBe(text);
        }
      }),
      { numRuns: 500 },
    );
  });
});
