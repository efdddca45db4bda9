/** Credentials and credential signatures (spec/credentials.md): round trips and tamper tests. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eg4096 } from '../group/eg-4096.js';
import { ristretto } from '../group/ristretto255.js';
import type { Group } from '../group/group.js';
import { createBatch } from '../proofs/batch.js';
import {
  credentialSignatureFromJson,
  credentialSignatureToJson,
  signWithCredential,
  verifyCredentialSignature,
} from './ballot-signature.js';
import { credentialFromCode, generateCredential, normalizeCredentialCode } from './credential.js';

const hE = new Uint8Array(32).fill(7);
const hE2 = new Uint8Array(32).fill(8);
const digest = new Uint8Array(32).fill(1);

describe('credential codes', () => {
  it('are 26 base32 characters, grouped, and derive the same key again', () => {
    const c = generateCredential(ristretto, hE);
    expect(c.code).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){5}[0-9A-HJKMNP-TV-Z]$/);
    const again = credentialFromCode(ristretto, hE, c.code.toLowerCase().replace(/-/g, ' '));
    expect(again.s).toBe(c.s);
    expect(ristretto.equals(again.S, ristretto.gExp(c.s))).toBe(true);
  });

  it('bind the key to the election', () => {
    const c = generateCredential(ristretto, hE);
    expect(credentialFromCode(ristretto, hE2, c.code).s).not.toBe(c.s);
  });

  it('refuse malformed codes', () => {
    expect(() => normalizeCredentialCode('ABC')).toThrow(/credential/);
    expect(() => normalizeCredentialCode('U'.repeat(26))).toThrow(/base32/);
    expect(normalizeCredentialCode('o'.repeat(26))).toBe('0'.repeat(26));
  });
});

function suite<E>(G: Group<E>) {
  describe(`credential signatures (${G.name})`, () => {
    const cred = generateCredential(G, hE);
    const sig = signWithCredential(G, hE, cred.s, 'cast', digest);

    it('verify, also through JSON', () => {
      expect(verifyCredentialSignature(G, hE, cred.S, 'cast', digest, sig)).toBe(true);
      const back = credentialSignatureFromJson(
        G,
        JSON.parse(JSON.stringify(credentialSignatureToJson(G, sig))),
      );
      expect(verifyCredentialSignature(G, hE, cred.S, 'cast', digest, back)).toBe(true);
    });

    it('fail for another election, credential, purpose or digest', () => {
      const other = generateCredential(G, hE);
      expect(verifyCredentialSignature(G, hE2, cred.S, 'cast', digest, sig)).toBe(false);
      expect(verifyCredentialSignature(G, hE, other.S, 'cast', digest, sig)).toBe(false);
      expect(verifyCredentialSignature(G, hE, cred.S, 'challenge', digest, sig)).toBe(false);
      const d2 = digest.slice();
      d2[31] = 2;
      expect(verifyCredentialSignature(G, hE, cred.S, 'cast', d2, sig)).toBe(false);
      expect(verifyCredentialSignature(G, hE, cred.S, 'cast', d2.subarray(1), sig)).toBe(false);
    });

    it('fail when v, h or c changes', () => {
      expect(
        verifyCredentialSignature(G, hE, cred.S, 'cast', digest, { ...sig, v: (sig.v + 1n) % G.q }),
      ).toBe(false);
      if (sig.h !== undefined) {
        expect(
          verifyCredentialSignature(G, hE, cred.S, 'cast', digest, { ...sig, h: G.mul(sig.h, G.g) }),
        ).toBe(false);
      }
      if (sig.c !== undefined) {
        expect(verifyCredentialSignature(G, hE, cred.S, 'cast', digest, { ...sig, c: sig.c ^ 1n })).toBe(
          false,
        );
      }
      expect(verifyCredentialSignature(G, hE, cred.S, 'cast', digest, { ...sig, v: G.q })).toBe(false);
    });
  });
}
suite(ristretto);
suite(eg4096);

describe('batched credential signatures (ristretto255)', () => {
  it('a batch of valid signatures passes; one bad signature fails the batch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.nat(), (n, bad) => {
        const creds = Array.from({ length: n }, () => generateCredential(ristretto, hE));
        const sigs = creds.map((c) => signWithCredential(ristretto, hE, c.s, 'cast', digest));
        const ok = createBatch(ristretto);
        creds.forEach((c, i) => verifyCredentialSignature(ristretto, hE, c.S, 'cast', digest, sigs[i]!, ok));
        expect(ok.check()).toBe(true);
        const b = bad % n;
        const batch = createBatch(ristretto);
        creds.forEach((c, i) => {
          const s = i === b ? { ...sigs[i]!, v: (sigs[i]!.v + 1n) % ristretto.q } : sigs[i]!;
          verifyCredentialSignature(ristretto, hE, c.S, 'cast', digest, s, batch);
        });
        expect(batch.check()).toBe(false);
      }),
      { numRuns: 10 },
    );
  });

  it('refuses a JSON signature with a non-canonical point or a scalar ≥ q', () => {
    const c = generateCredential(ristretto, hE);
    const j = credentialSignatureToJson(ristretto, signWithCredential(ristretto, hE, c.s, 'cast', digest));
    expect(() => credentialSignatureFromJson(ristretto, { ...j, h: 'FF'.repeat(32) })).toThrow(
      /signature\.h/,
    );
    expect(() => credentialSignatureFromJson(ristretto, { ...j, v: 'FF'.repeat(32) })).toThrow(
      /signature\.v/,
    );
    expect(() => credentialSignatureFromJson(ristretto, { v: j.v })).toThrow(/signature\.h/);
  });
});

describe('ballot digest', () => {
  it('is independent of key order and whitespace, and ignores the signature', async () => {
    const { ballotDigest } = await import('./ballot-digest.js');
    const a = { b: [1, { y: 'x', x: true }], a: null };
    const b = JSON.parse('{ "a": null, "b": [1, {"x": true, "y": "x"}], "signature": {"v": "00"} }');
    expect(Buffer.from(ballotDigest(hE, a)).toString('hex')).toBe(
      Buffer.from(ballotDigest(hE, b)).toString('hex'),
    );
    expect(Buffer.from(ballotDigest(hE2, a)).toString('hex')).not.toBe(
      Buffer.from(ballotDigest(hE, a)).toString('hex'),
    );
    expect(Buffer.from(ballotDigest(hE, { ...a, a: 1 })).toString('hex')).not.toBe(
      Buffer.from(ballotDigest(hE, a)).toString('hex'),
    );
    expect(() => ballotDigest(hE, { x: 1.5 })).toThrow(/ballot/);
    expect(() => ballotDigest(hE, { x: () => 1 })).toThrow(/ballot/);
  });
});
