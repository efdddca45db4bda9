import { canonicalJsonString, toHex, utf8Bytes, verifyPaperStatement } from '@evident/e2e-crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { arbitrarySigned, sampleSheet, sampleSigned, stationKey } from '../../test/sample-tally-sheet.js';
import { MAX_SHEET_JSON_BYTES, SHEET_DICTIONARY_V1 } from './sheet-parts-body.js';
import { PART_HEADER_BYTES, crc32, readPart, writePart } from './sheet-parts-layout.js';
import {
  type AssembleResult,
  DEFAULT_MAX_PART_BYTES,
  assembleSheetParts,
  encodeSheetParts,
  isSheetPart,
  sheetPartLabel,
  sheetPartsSizes,
} from './sheet-parts.js';
import {
  type SignedTallySheet,
  sheetHash,
  signTallySheet,
  verifyTallySheetSignature,
} from './tally-sheet.js';

const stationPub = toHex(stationKey.publicKey);
/** Whether witness `w`'s co-signature of `signed`'s sheet verifies. */
const witnessVerifies = (signed: SignedTallySheet, w: SignedTallySheet['witnesses'][number]) =>
  verifyPaperStatement(w.publicKey, 'tally-sheet', signed.sheet.electionId, signed.sheet, w.signature);
const ok = (r: AssembleResult) => {
  if (!r.ok) throw new Error(`${r.reason}: ${r.message}`);
  return r;
};
/** A part with its CRC recomputed after `edit`: what a forger, not a smudge, makes. */
const forge = (part: Uint8Array, edit: (b: Uint8Array) => void): Uint8Array => {
  const b = part.slice();
  edit(b);
  new DataView(b.buffer).setUint32(b.length - 4, crc32(b.subarray(0, b.length - 4)));
  return b;
};

describe('encodeSheetParts / assembleSheetParts: round trip', () => {
  it('gives back the signed sheet, its hash, and signatures that still verify', () => {
    const signed = sampleSigned(50, 10, 2);
    const parts = encodeSheetParts(signed);
    expect(parts.length).toBeGreaterThan(2);
    const r = ok(assembleSheetParts(parts));
    expect(r.signed).toEqual(signed);
    expect(r.sheetHash).toBe(sheetHash(signed.sheet));
    expect(verifyTallySheetSignature(r.signed, stationPub)).toBe(true);
    for (const w of r.signed.witnesses) expect(witnessVerifies(r.signed, w)).toBe(true);
  });

  it('fits a small sheet in one part, and keeps every part within maxPartBytes, of even sizes', () => {
    expect(encodeSheetParts(sampleSigned(1, 3, 0))).toHaveLength(1);
    for (const [max, witnesses] of [
      [128, 0],
      [223, 1],
      [300, 1],
      [DEFAULT_MAX_PART_BYTES, 1],
      [1000, 2],
      [2331, 1],
    ] as const) {
      const parts = encodeSheetParts(sampleSigned(60, 10, witnesses), { maxPartBytes: max });
      const sizes = parts.map((p) => p.length);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(max);
      // even, unless the signatures fill most of the last part
      if (max >= DEFAULT_MAX_PART_BYTES)
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThan(parts.length);
      expect(ok(assembleSheetParts(parts)).signed.sheet).toEqual(sampleSheet(60, 10));
    }
  });

  it('writes the layout of spec/stations.md §6.4 byte by byte', () => {
    const signed = sampleSigned(30, 10, 1);
    const parts = encodeSheetParts(signed);
    const canonical = sheetHash(signed.sheet);
    parts.forEach((p, i) => {
      expect([...p.subarray(0, 4)]).toEqual([0x45, 0x56, 0x53, 0x01]);
      expect(toHex(p.subarray(4, 12))).toBe(canonical.slice(0, 16));
      expect([p[12], p[13]]).toEqual([i + 1, parts.length]);
      const previous = toHex(p.subarray(14, 46));
      expect(previous).toBe(i === 0 ? canonical : toHex(sha256(parts[i - 1]!)));
      expect(new DataView(p.buffer).getUint32(p.length - 4)).toBe(zlibCrc32(p.subarray(0, p.length - 4)));
    });
    const last = parts[parts.length - 1]!;
    const tail = (last[PART_HEADER_BYTES]! << 8) | last[PART_HEADER_BYTES + 1]!;
    const sigs = last.subarray(PART_HEADER_BYTES + 2 + tail, last.length - 4);
    expect(toHex(sigs.subarray(0, 64))).toBe(signed.signature);
    expect(sigs[64]).toBe(1);
    expect(sigs.length).toBe(65 + 1 + utf8Bytes('Witness 1').length + 96);
    expect(sheetPartLabel(last)).toEqual({
      sheetId: canonical.slice(0, 16),
      index: parts.length,
      total: parts.length,
    });
    expect(isSheetPart(last)).toBe(true);
    expect(isSheetPart(utf8Bytes('EVB1.abc'))).toBe(false);
  });

  it('reports sizes that add up to the parts (header and CRC, body, tail length, signatures)', () => {
    const signed = sampleSigned(50, 10, 2);
    const sizes = sheetPartsSizes(signed);
    const parts = encodeSheetParts(signed);
    expect(sizes.partBytes).toEqual(parts.map((p) => p.length));
    expect(sizes.jsonBytes).toBe(utf8Bytes(canonicalJsonString(signed.sheet)).length);
    const sum = sizes.partBytes.reduce((a, b) => a + b, 0);
    expect(sum).toBe(50 * parts.length + sizes.bodyBytes + 2 + sizes.signatureBytes);
    expect(sizes.signatureBytes).toBe(65 + 2 * (1 + utf8Bytes('Witness 1').length + 96));
  });

  it('compresses the canonical JSON at least 2.5× for a 50-contest sheet', () => {
    const signed = sampleSigned(50, 10, 0);
    const json = utf8Bytes(JSON.stringify(signed.sheet)).length;
    const stream = encodeSheetParts(signed, { maxPartBytes: 2331 }).reduce((n, p) => n + p.length - 50, 0);
    expect(stream * 2.5).toBeLessThan(json);
  });

  it('round trips any sheet, parts in any order with duplicates (property)', () => {
    fc.assert(
      fc.property(
        arbitrarySigned,
        fc.integer({ min: 0, max: 600 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.infiniteStream(fc.nat()),
        (signed, extra, dupes, order) => {
          // the smallest part that holds the signatures, and more
          const signatures = 65 + signed.witnesses.reduce((n, w) => n + 97 + utf8Bytes(w.name).length, 0);
          const parts = encodeSheetParts(signed, {
            maxPartBytes: Math.max(128, 50 + 2 + signatures + extra),
          });
          const shown = [...parts, ...dupes.map((d) => parts[d % parts.length]!.slice())];
          const shuffled = shown
            .map((p) => [order.next().value as number, p] as const)
            .sort((a, b) => a[0] - b[0]);
          const r = ok(assembleSheetParts(shuffled.map(([, p]) => p)));
          expect(r.signed.sheet).toEqual(signed.sheet);
          expect(r.signed.signature).toBe(signed.signature);
          expect(r.signed.witnesses).toEqual(signed.witnesses);
          expect(r.sheetHash).toBe(sheetHash(signed.sheet));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('assembleSheetParts: refusals', () => {
  const signed = sampleSigned(40, 10, 1);
  const parts = encodeSheetParts(signed);

  it('detects any single changed byte in any part: malformed, by its CRC (property)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), (pi, bi, delta) => {
        const k = pi % parts.length;
        const changed = parts.map((p) => p.slice());
        const b = changed[k]!;
        b[bi % b.length] = (b[bi % b.length]! + delta) & 0xff;
        const r = assembleSheetParts(changed);
        expect(r.ok).toBe(false);
        expect(!r.ok && r.reason).toBe('malformed');
        expect(!r.ok && r.message).toMatch(new RegExp(`^code ${k + 1} of ${parts.length}: `));
      }),
    );
  });

  it('a forged byte (CRC recomputed) never changes what the valid signatures vouch for (property)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), (pi, bi, delta) => {
        const k = pi % parts.length;
        const changed = parts.slice();
        const at = bi % (parts[k]!.length - 4);
        changed[k] = forge(parts[k]!, (b) => (b[at] = (b[at]! + delta) & 0xff));
        const r = assembleSheetParts(changed);
        if (!r.ok) return;
        // accepted only when the sheet is the same one; a changed signature then fails
        expect(r.signed.sheet).toEqual(signed.sheet);
        if (r.signed.signature !== signed.signature)
          expect(verifyTallySheetSignature(r.signed, stationPub)).toBe(false);
        r.signed.witnesses.forEach((w, i) => {
          if (
            w.publicKey !== signed.witnesses[i]!.publicKey ||
            w.signature !== signed.witnesses[i]!.signature
          )
            expect(witnessVerifies(r.signed, w)).toBe(false);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('names the missing parts, whatever subset is missing (property)', () => {
    fc.assert(
      fc.property(
        fc.subarray(
          parts.map((_, i) => i + 1),
          { minLength: 1 },
        ),
        (missing) => {
          const r = assembleSheetParts(parts.filter((_, i) => !missing.includes(i + 1)).reverse());
          if (missing.length === parts.length) {
            expect(r).toMatchObject({ ok: false, reason: 'malformed' });
          } else {
            expect(r).toMatchObject({
              ok: false,
              reason: 'incomplete',
              missing: [...missing].sort((a, b) => a - b),
            });
            expect(!r.ok && r.message).toContain(`${missing.length} of ${parts.length} parts missing`);
          }
        },
      ),
    );
  });

  it('refuses parts of two sheets, and two encodings of one sheet, as mixed', () => {
    const other = encodeSheetParts(sampleSigned(41, 10, 1));
    expect(assembleSheetParts([...parts.slice(1), other[0]!])).toMatchObject({
      ok: false,
      reason: 'mixed-sheets',
    });
    const coarse = encodeSheetParts(signed, { maxPartBytes: 1000 });
    expect(assembleSheetParts([...parts, coarse[0]!])).toMatchObject({ ok: false, reason: 'mixed-sheets' });
    const witnessless = encodeSheetParts({ ...signed, witnesses: [] });
    expect(witnessless.length).toBe(parts.length);
    const r = assembleSheetParts([...parts, witnessless[parts.length - 1]!]);
    expect(r).toMatchObject({ ok: false, reason: 'mixed-sheets' });
    expect(!r.ok && r.message).toContain(
      `two different codes claim to be part ${parts.length} of ${parts.length}`,
    );
  });

  it('refuses a part that does not carry the hash of the part before it: broken-chain', () => {
    const forged = parts.slice();
    forged[1] = forge(parts[1]!, (b) => (b[PART_HEADER_BYTES + 5]! ^= 1));
    const r = assembleSheetParts(forged);
    expect(r).toMatchObject({ ok: false, reason: 'broken-chain' });
    expect(!r.ok && r.message).toContain('part 3 does not carry the hash of part 2');
    const anchor = parts.slice();
    anchor[0] = forge(parts[0]!, (b) => (b[14]! ^= 1));
    expect(assembleSheetParts(anchor)).toMatchObject({ ok: false, reason: 'broken-chain' });
  });

  it('refuses a sheet that does not hash to the sheet hash of part 1: broken-chain', () => {
    // a one-part sheet whose body is another sheet's, under the first sheet's anchor
    const a = encodeSheetParts(sampleSigned(1, 2, 0))[0]!;
    const b = readPart(encodeSheetParts(sampleSigned(2, 2, 0))[0]!) as Exclude<
      ReturnType<typeof readPart>,
      string
    >;
    const pa = readPart(a) as typeof b;
    const mixed = writePart({ ...pa, payload: b.payload });
    const r = assembleSheetParts([mixed]);
    expect(r).toMatchObject({ ok: false, reason: 'broken-chain' });
    expect(!r.ok && r.message).toContain('does not hash to the sheet hash part 1 carries');
  });
});

describe('assembleSheetParts: malformed bytes', () => {
  /** One part carrying `json` (any text) as its sheet, anchored to its own hash. */
  const partOf = (json: string, claimed?: number, signatures = new Uint8Array(65)) => {
    const raw = utf8Bytes(json);
    const deflated = deflateSync(raw, { dictionary: utf8Bytes(SHEET_DICTIONARY_V1) });
    const body = new Uint8Array(4 + deflated.length);
    new DataView(body.buffer).setUint32(0, claimed ?? raw.length);
    body.set(deflated, 4);
    const payload = new Uint8Array(2 + body.length + signatures.length);
    new DataView(payload.buffer).setUint16(0, body.length);
    payload.set(body, 2);
    payload.set(signatures, 2 + body.length);
    const hash = sha256(raw);
    return writePart({ sheetId: hash.slice(0, 8), index: 1, total: 1, previous: hash, payload });
  };
  const refused = (parts: Uint8Array[], pattern: RegExp) => {
    const r = assembleSheetParts(parts);
    expect(r).toMatchObject({ ok: false, reason: 'malformed' });
    expect(!r.ok && r.message).toMatch(pattern);
  };
  const canonical = JSON.stringify(sampleSheet(2, 2)); // not canonical key order
  const sorted = (o: unknown): unknown =>
    Array.isArray(o)
      ? o.map(sorted)
      : o && typeof o === 'object'
        ? Object.fromEntries(
            Object.keys(o)
              .sort()
              .map((k) => [k, sorted((o as Record<string, unknown>)[k])]),
          )
        : o;
  const canonicalText = JSON.stringify(sorted(sampleSheet(2, 2)));

  it('accepts the hand-made part when it is right (the helper is sound)', () => {
    expect(assembleSheetParts([partOf(canonicalText)])).toMatchObject({ ok: true });
  });

  it('refuses no parts, foreign codes, short codes, another version', () => {
    refused([], /no parts/);
    refused([utf8Bytes('https://example.org/some/poster')], /code 1 of 1: .*no "EVS" magic/);
    refused([Uint8Array.of(0x45, 0x56, 0x53, 1)], /shorter than a part/);
    const v2 = encodeSheetParts(sampleSigned(1, 2, 0))[0]!.slice();
    v2[3] = 2;
    refused([v2], /unknown part version 2/);
    refused([forge(v2, (b) => ((b[3] = 1), (b[12] = 3)))], /index 3 of 1 is out of range/);
  });

  it('refuses a body that is not the canonical text, not JSON, not a sheet, or claims another length', () => {
    refused([partOf(canonical)], /not in canonical form/);
    refused([partOf(canonicalText + ' ')], /not UTF-8 JSON|not in canonical form/);
    refused([partOf('{"format":"evident/tally-sheet/v1"}')], /the sheet is malformed at electionId: missing/);
    refused(
      [partOf(canonicalText.replace('"sequence":1', '"sequence":0'))],
      /the sheet is malformed at sequence: not a positive integer/,
    );
    refused(
      [partOf(canonicalText, canonicalText.length - 1)],
      /inflates to \d+ bytes, not the \d+ it claims/,
    );
    refused([partOf(canonicalText, MAX_SHEET_JSON_BYTES + 1)], /claims \d+ bytes, over/);
  });

  it('refuses a signature block cut short or with bytes after it', () => {
    refused([partOf(canonicalText, undefined, new Uint8Array(64))], /signature block is too short/);
    refused([partOf(canonicalText, undefined, new Uint8Array(66))], /unexpected bytes after the signatures/);
    refused(
      [partOf(canonicalText, undefined, Uint8Array.of(...new Uint8Array(64), 1, 3, 65, 66))],
      /witness 1 of 1 is cut short/,
    );
  });
});

describe('encodeSheetParts: misuse', () => {
  const signed = sampleSigned(3, 3, 0);
  it('throws RangeError naming the parameter', () => {
    expect(() => encodeSheetParts(signed, { maxPartBytes: 127 })).toThrow(/opts\.maxPartBytes/);
    expect(() => encodeSheetParts(signed, { maxPartBytes: 2332 })).toThrow(/opts\.maxPartBytes/);
    expect(() => encodeSheetParts(signed, { maxPartBytes: 400.5 })).toThrow(/opts\.maxPartBytes/);
    expect(() => encodeSheetParts(sampleSigned(3, 3, 1), { maxPartBytes: 128 + 100 })).not.toThrow();
    expect(() => encodeSheetParts(sampleSigned(3, 3, 1), { maxPartBytes: 128 })).toThrow(
      /cannot hold .* signatures/,
    );
    expect(() => encodeSheetParts(sampleSigned(3000, 10, 0), { maxPartBytes: 128 })).toThrow(/over 255/);
    const bad: SignedTallySheet = { ...signed, signature: 'AB' };
    expect(() => encodeSheetParts(bad)).toThrow(/signed\.signature/);
    const longName = { ...sampleSigned(3, 3, 1) };
    const w = { ...longName.witnesses[0]!, name: 'é'.repeat(128) };
    expect(() => encodeSheetParts({ ...longName, witnesses: [w] })).toThrow(/witnesses\[0\]\.name/);
  });
  it('writes lower-case hex input as the upper-case hex it reads back', () => {
    const lower = signTallySheet(sampleSheet(2, 2), stationKey.secretKey);
    const r = ok(
      assembleSheetParts(encodeSheetParts({ ...lower, signature: lower.signature.toLowerCase() })),
    );
    expect(r.signed.signature).toBe(lower.signature.toUpperCase());
  });
});
