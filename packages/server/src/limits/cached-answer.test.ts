/**
 * Content-coding choice (`Accept-Encoding`, RFC 9110 §12.5.3), `If-None-Match` matching and the
 * compressed forms of a kept answer (spec/server-api.md §6.5).
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cachedAnswer, chooseCoding, codedBytes, etagOf, noneMatchHits } from './cached-answer.js';

describe('chooseCoding', () => {
  it('prefers br, follows q-values, refuses q=0 and reads *', () => {
    expect(chooseCoding(undefined)).toBeUndefined();
    expect(chooseCoding('')).toBeUndefined();
    expect(chooseCoding('identity')).toBeUndefined();
    expect(chooseCoding('gzip, deflate, br')).toBe('br');
    expect(chooseCoding('gzip')).toBe('gzip');
    expect(chooseCoding('x-gzip')).toBe('gzip');
    expect(chooseCoding('br;q=0.2, gzip;q=0.8')).toBe('gzip');
    expect(chooseCoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseCoding('gzip;q=0, br;q=0')).toBeUndefined();
    expect(chooseCoding('*')).toBe('br');
    expect(chooseCoding('*;q=0, gzip')).toBe('gzip');
    expect(chooseCoding(['deflate', 'GZIP'])).toBe('gzip');
  });
});

describe('noneMatchHits', () => {
  it('matches the tag, weak or in a list, and *', () => {
    const a = cachedAnswer('{"a":1}');
    expect(a.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(noneMatchHits(a.etag, a.etag)).toBe(true);
    expect(noneMatchHits(`W/${a.etag}`, a.etag)).toBe(true);
    expect(noneMatchHits(`"zz", ${a.etag}`, a.etag)).toBe(true);
    expect(noneMatchHits('*', a.etag)).toBe(true);
    expect(noneMatchHits(undefined, a.etag)).toBe(false);
    expect(noneMatchHits('"zz"', a.etag)).toBe(false);
    expect(noneMatchHits(etagOf(a, 'gzip'), a.etag)).toBe(false);
    expect(cachedAnswer('{"a":2}').etag).not.toBe(a.etag);
  });
});

describe('codedBytes', () => {
  it('compresses once, to bytes that decompress to the answer, and counts them', async () => {
    const text = JSON.stringify({
      entries: Array.from({ length: 200 }, (_, i) => ({ index: i, hex: 'ab'.repeat(40) })),
    });
    const a = cachedAnswer(text);
    let grown = 0;
    const [g1, g2] = await Promise.all([codedBytes(a, 'gzip', (n) => (grown += n)), codedBytes(a, 'gzip')]);
    expect(g1).toBe(g2); // concurrent readers share one compression
    expect(gunzipSync(g1).toString()).toBe(text);
    const br = await codedBytes(a, 'br', (n) => (grown += n));
    expect(brotliDecompressSync(br).toString()).toBe(text);
    expect(grown).toBe(g1.length + br.length);
    expect(a.bytes).toBe(Buffer.byteLength(text) + grown);
    expect(await codedBytes(a, 'gzip')).toBe(g1);
  });
});
