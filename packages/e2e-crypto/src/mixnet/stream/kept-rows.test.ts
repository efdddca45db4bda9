/**
 * What the verify-rows tasks of a chain checked in one thread keep for the next stage
 * (./kept-rows.ts): a kept row is used only when the bytes read are the bytes it was kept for, so
 * a file changed since is decoded again; generators are kept per seed and index; a scope's
 * release forgets everything; nothing is kept beyond the bound.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { encrypt, publicKey } from '../../elgamal/elgamal.js';
import { ristretto } from '../../group/ristretto255.js';
import { randomScalar } from '../../group/scalar.js';
import { mixSessionHash } from '../generators.js';
import { inThread } from '../parallel/pool.js';
import {
  keepCiphertextRows,
  keepRow,
  keptElements,
  keptGenerator,
  MAX_KEPT,
  releaseScope,
  takeRow,
} from './kept-rows.js';
import { shufflePaths } from './shuffle-files.js';
import { appendRows, readRows, rowsBytes } from './shuffle-io.js';
import { shuffleAndProveStream } from './stream-prove.js';
import { verifyShuffleStream } from './stream-verify.js';

const G = ristretto;
const pk = publicKey(G, G.gExp(randomScalar(G.q)));
const session = mixSessionHash(new Uint8Array(32).fill(7), 'contest:kept');
const L = G.elementLength;

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
afterEach(() => ['s', 'a', 'b', 'big'].forEach(releaseScope));

async function proved(N: number, w: number) {
  const dir = mkdtempSync(join(tmpdir(), 'evident-kept-rows-'));
  made.push(dir);
  const paths = shufflePaths(dir);
  const inputs = Array.from({ length: N }, (_, i) =>
    Array.from({ length: w }, (_, k) => encrypt(G, pk, (i + k) % 5)),
  );
  appendRows(G, paths.inputs, inputs, false);
  await shuffleAndProveStream(inThread, G, pk, session, paths, dir, N, w, {});
  return { dir, paths, inputs };
}

describe('kept rows', () => {
  it('gives a kept row back once, and only for the bytes it was kept for', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    keepRow('s', 'f', 4, bytes, ['x', 'y']);
    bytes[0] = 9; // the kept bytes are a copy
    expect(keptElements()).toBe(2);
    expect(takeRow('s', 'f', 4, new Uint8Array([1, 2, 3]))).toEqual(['x', 'y']);
    expect(takeRow('s', 'f', 4, new Uint8Array([1, 2, 3]))).toBeUndefined(); // taken
    keepRow('s', 'f', 5, new Uint8Array([1, 2, 3]), ['x']);
    expect(takeRow('s', 'f', 5, new Uint8Array([1, 2, 4]))).toBeUndefined(); // other bytes
    expect(takeRow('s', 'g', 5, new Uint8Array([1, 2, 3]))).toBeUndefined(); // other file
    expect(keptElements()).toBe(0);
    keepRow(undefined, 'f', 1, bytes, ['x']); // no scope: nothing kept
    expect(keptElements()).toBe(0);
  });

  it('keeps a generator per seed and index in a scope; derives it each time without one', () => {
    let made = 0;
    const make = () => ({ n: ++made });
    const seed = new Uint8Array(32).fill(1);
    const h = keptGenerator('s', seed, 3, make);
    expect(keptGenerator('s', seed, 3, make)).toBe(h);
    expect(keptGenerator('s', new Uint8Array(32).fill(2), 3, make)).not.toBe(h);
    expect(keptGenerator('s', seed, 4, make)).not.toBe(h);
    expect(keptGenerator(undefined, seed, 3, make)).not.toBe(h);
    expect(made).toBe(4);
    releaseScope('s');
    expect(keptElements()).toBe(0);
    expect(keptGenerator('s', seed, 3, make)).not.toBe(h);
  });

  it('keeps nothing beyond the bound; a release frees its scope only', () => {
    keepRow('a', 'f', 0, new Uint8Array(1), ['x']);
    keepRow('big', 'f', 0, new Uint8Array(1), new Array<number>(MAX_KEPT - 1).fill(0));
    expect(keptElements()).toBe(MAX_KEPT);
    keepRow('b', 'f', 0, new Uint8Array(1), ['y']);
    expect(takeRow('b', 'f', 0, new Uint8Array(1))).toBeUndefined();
    releaseScope('big');
    expect(keptElements()).toBe(1);
    expect(takeRow('a', 'f', 0, new Uint8Array(1))).toEqual(['x']);
  });

  it('a verifier with a scope keeps the outputs; a row changed since is decoded again', async () => {
    const N = 6;
    const w = 2;
    const x = await proved(N, w);
    expect(await verifyShuffleStream(inThread, G, pk.K, session, x.paths, x.dir, { keep: 's' })).toEqual([]);
    expect(keptElements()).toBe(N * 2 * w + N); // the outputs and the generators h_1..h_N
    const before = readFileSync(x.paths.outputs);
    const b = new Uint8Array(before);
    const row = 3;
    const moved = G.mul(G.decode(b.subarray(row * 2 * w * L, row * 2 * w * L + L), 'x'), G.g);
    b.set(G.encode(moved), row * 2 * w * L);
    writeFileSync(x.paths.outputs, b);
    const rows = readRows(G, x.paths.outputs, w, 's');
    expect(G.equals(rows[row]![0]!.alpha, moved)).toBe(true);
    expect(rows.map((r) => r.length)).toEqual(new Array<number>(N).fill(w));
    expect(keptElements()).toBe(N); // the rows were taken (the changed one too), the generators stay
  });

  it('the first stage takes the inputs kept for exactly its bytes, and only those', async () => {
    const N = 5;
    const w = 1;
    const x = await proved(N, w);
    const file = new Uint8Array(readFileSync(x.paths.inputs));
    // the rows kept as the inputs' points are another row's: used, the proof no longer holds
    const rotated = [...x.inputs.slice(1), x.inputs[0]!];
    keepCiphertextRows(G, 'a', x.paths.inputs, 0, rotated, file);
    const found = await verifyShuffleStream(inThread, G, pk.K, session, x.paths, x.dir, { keep: 'a' });
    expect(found.map((f) => f.check)).toContain('M5');
    // the same points kept for other bytes: not used, the proof holds
    keepCiphertextRows(G, 'b', x.paths.inputs, 0, rotated, rowsBytes(G, rotated));
    expect(await verifyShuffleStream(inThread, G, pk.K, session, x.paths, x.dir, { keep: 'b' })).toEqual([]);
  });
});
