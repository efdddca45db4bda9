/** ElGamal (EG 2.0 eq 24), discrete log, hashed ElGamal (EG 2.0 §3.3.6), for both profiles. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../test/profiles.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { randomScalar } from '../group/scalar.js';
import { discreteLog } from './discrete-log.js';
import {
  add,
  ciphertextEquals,
  decryptToPower,
  decryptToPowerWithNonce,
  encrypt,
  publicKey,
  reencrypt,
  sum,
} from './elgamal.js';
import { contestDataContext, hashedDecrypt, hashedEncrypt } from './hashed-elgamal.js';

for (const { G, runs } of PROFILES) {
  const s = randomScalar(G.q);
  const pk = publicKey(G, G.gExp(s));
  const dlog = discreteLog(G, pk.K, 1000);
  const hE = randomBytes(32);
  const small = fc.integer({ min: 0, max: 400 });

  describe(`${G.name}: ElGamal`, () => {
    it('decrypt(encrypt(σ)) = σ', () => {
      fc.assert(
        fc.property(small, (m) => dlog(decryptToPower(G, s, encrypt(G, pk, m))) === m),
        { numRuns: runs },
      );
    });
    it('homomorphism: Enc(a) · Enc(b) decrypts to a + b; sum of many', () => {
      fc.assert(
        fc.property(small, small, (a, b) => {
          const c = add(G, encrypt(G, pk, a), encrypt(G, pk, b));
          expect(dlog(decryptToPower(G, s, c))).toBe(a + b);
        }),
        { numRuns: runs },
      );
      const votes = [1, 0, 1, 1, 0, 1];
      expect(
        dlog(
          decryptToPower(
            G,
            s,
            sum(
              G,
              votes.map((v) => encrypt(G, pk, v)),
            ),
          ),
        ),
      ).toBe(4);
      expect(dlog(decryptToPower(G, s, sum(G, [])))).toBe(0);
    });
    it('re-encryption keeps the plaintext and changes the ciphertext', () => {
      const c = encrypt(G, pk, 7);
      const r = reencrypt(G, pk, c);
      expect(ciphertextEquals(G, c, r)).toBe(false);
      expect(dlog(decryptToPower(G, s, r))).toBe(7);
    });
    it('decryption with the nonce; encryption with a given nonce is deterministic', () => {
      const xi = randomScalar(G.q);
      const c = encrypt(G, pk, 3, xi);
      expect(ciphertextEquals(G, c, encrypt(G, pk, 3, xi))).toBe(true);
      expect(dlog(decryptToPowerWithNonce(G, pk, c, xi))).toBe(3);
      expect(() => encrypt(G, pk, -1)).toThrow(RangeError);
    });
    it('discrete log returns undefined above its bound', () => {
      const solver = discreteLog(G, pk.K, 10);
      expect(solver(decryptToPower(G, s, encrypt(G, pk, 10)))).toBe(10);
      expect(solver(decryptToPower(G, s, encrypt(G, pk, 11)))).toBeUndefined();
      expect(() => discreteLog(G, pk.K, -1)).toThrow(RangeError);
    });
  });

  describe(`${G.name}: hashed ElGamal`, () => {
    const data = randomBytes(64);
    const xi = randomScalar(G.q);
    const ct = hashedEncrypt(G, hE, pk, data, xi, contestDataContext(3));
    const beta = G.exp(ct.c0, s);
    it('round-trips with the secret key', () => {
      expect(hashedDecrypt(G, hE, pk.K, ct, beta, contestDataContext(3))).toEqual(data);
      expect(ct.c1).not.toEqual(data);
    });
    it('fails (undefined) on a changed C0, C1, C2, context, H_E or key share', () => {
      const flip = (b: Uint8Array): Uint8Array => {
        const c = b.slice();
        c[0]! ^= 1;
        return c;
      };
      const ctx = contestDataContext(3);
      expect(hashedDecrypt(G, hE, pk.K, { ...ct, c1: flip(ct.c1) }, beta, ctx)).toBeUndefined();
      expect(hashedDecrypt(G, hE, pk.K, { ...ct, c2: flip(ct.c2) }, beta, ctx)).toBeUndefined();
      expect(hashedDecrypt(G, hE, pk.K, { ...ct, c0: G.mul(ct.c0, G.g) }, beta, ctx)).toBeUndefined();
      expect(hashedDecrypt(G, hE, pk.K, ct, beta, contestDataContext(4))).toBeUndefined();
      expect(hashedDecrypt(G, flip(hE), pk.K, ct, beta, ctx)).toBeUndefined();
      expect(hashedDecrypt(G, hE, pk.K, ct, G.mul(beta, G.g), ctx)).toBeUndefined();
    });
    it('rejects data that is not a positive multiple of 32 bytes', () => {
      expect(() => hashedEncrypt(G, hE, pk, new Uint8Array(31), xi, contestDataContext(1))).toThrow(
        RangeError,
      );
      expect(() => hashedEncrypt(G, hE, pk, new Uint8Array(0), xi, contestDataContext(1))).toThrow(
        RangeError,
      );
    });
  });
}
