/** Our ristretto255 known-answer vectors (spec/vectors/ristretto255/evident-ristretto255.json). */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeRistrettoVectors } from '../test/ristretto-vectors.js';
import {
  fromHex,
  ristretto,
  verifyRange,
  publicKey,
  verifySchnorr,
  H,
  domain,
  int4,
  parameterBaseHash,
} from './index.js';

const dir = fileURLToPath(new URL('../../../spec/vectors/ristretto255/', import.meta.url));
const file = dir + 'evident-ristretto255.json';

describe('ristretto255 known-answer vectors', () => {
  const computed = computeRistrettoVectors();
  if (process.env.UPDATE_VECTORS === '1' || !existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(computed, null, 2) + '\n');
  }
  const stored = JSON.parse(readFileSync(file, 'utf8'));
  it('the code reproduces every stored value', () => {
    expect(computed).toEqual(stored);
  });
  it('the stored proofs verify from their encodings alone', () => {
    const G = ristretto;
    const hE = fromHex(stored.extended_base_hash);
    const pk = publicKey(G, G.decode(fromHex(stored.public_key), 'public_key'));
    const ct = {
      alpha: G.decode(fromHex(stored.encryption.alpha), 'alpha'),
      beta: G.decode(fromHex(stored.encryption.beta), 'beta'),
    };
    const big = (h: string): bigint => BigInt('0x' + h);
    const rp = stored.range_proof;
    const proof = {
      c: rp.c.map(big),
      v: rp.v.map(big),
      a: rp.a.map((x: string) => G.decode(fromHex(x), 'a')),
      b: rp.b.map((x: string) => G.decode(fromHex(x), 'b')),
    };
    expect(verifyRange(G, hE, pk, ct, 1, proof)).toBe(true);
    const A = G.decode(fromHex(stored.schnorr.public), 'A');
    const hP = parameterBaseHash(G);
    const ch = (h: unknown) => H(hP, domain(0x10), int4(1), int4(0), G.encode(A), G.encode(h as typeof A));
    expect(
      verifySchnorr(G, A, { h: G.decode(fromHex(stored.schnorr.h), 'h'), v: big(stored.schnorr.v) }, ch),
    ).toBe(true);
  });
});
