/**
 * ElectionGuard 2.0 known-answer vectors for the key ceremony (KeyCeremonyTestVector,
 * ShareEncryptionTestVector). The vectors follow the June 2023 (1.9 draft) encodings; where they
 * differ from 2.0.0 the draft behaviour is rebuilt here from our building blocks, and the
 * difference is recorded in spec/key-ceremony.md "Interoperability notes".
 */
import { describe, expect, it } from 'vitest';
import { big, egVector } from '../../test/vectors.js';
import { concatBytes, fromHex, toHex, utf8Bytes } from '../bytes.js';
import { extendedBaseHash, parameterBaseHash } from '../election/base-hashes.js';
import { eg4096WithVersion } from '../group/eg-4096.js';
import { domain, H, hashToInt } from '../hash/hash.js';
import { hmacSha256 } from '../hash/hmac.js';
import { mod } from '../group/scalar.js';
import { proveSchnorr, verifySchnorr } from '../proofs/schnorr.js';
import { coefficientChallenge, commitCoefficients, verifyGuardianCommitments } from './coefficient-proofs.js';
import { jointPublicKey } from './joint-key.js';
import { evaluatePolynomial } from './polynomial.js';
import {
  decryptShare,
  encryptShare,
  openShare,
  sealShare,
  shareKdf as shareKdfBytes,
  type ShareKeys,
} from './share-encryption.js';
import { keyShare, verifyShare } from './share-verification.js';

const G = eg4096WithVersion('v2.0');
const hP = parameterBaseHash(G);
const u16 = (n: number): Uint8Array => new Uint8Array([(n >> 8) & 255, n & 255]);

/** Draft eq 12: the indices i, j hashed as 2-byte integers (2.0.0: 4 bytes). */
const draftCoefficientChallenge = (i: number, j: number, Kij: bigint) => (h: bigint) =>
  H(hP, domain(0x10), u16(i), u16(j), G.encode(Kij), G.encode(h));

/** Draft eq 15–17: 2-byte indices, labels "share_enc_keys" / "share_encrypt" (2.0.0: spaces, 4-byte indices). */
function draftShareKeys(i: number, l: number, Kl: bigint, alpha: bigint, beta: bigint): ShareKeys {
  const k = H(hP, domain(0x11), u16(i), u16(l), G.encode(Kl), G.encode(alpha), G.encode(beta));
  const ctx = concatBytes(utf8Bytes('share_encrypt'), u16(i), u16(l));
  const lbl = utf8Bytes('share_enc_keys');
  const len = new Uint8Array([2, 0]);
  return {
    k0: hmacSha256(k, domain(1), lbl, domain(0), ctx, len),
    k1: hmacSha256(k, domain(2), lbl, domain(0), ctx, len),
  };
}

describe('KeyCeremonyTestVector', () => {
  const v = egVector('KeyCeremonyTestVector.json');

  it('commitments, draft Schnorr proofs, joint key and draft H_E match', () => {
    const allCommitments: bigint[] = [];
    const Ks: bigint[] = [];
    let checked = 0;
    for (const g of v.guardians) {
      const coeffs: bigint[] = g.polynomial_coefficients.map(big);
      coeffs.forEach((a, j) => {
        const exp = g.expected_proofs[j];
        const Kij = G.gExp(a);
        expect(toHex(G.encode(Kij))).toBe(exp.public_key.toUpperCase());
        const proof = proveSchnorr(
          G,
          a,
          draftCoefficientChallenge(g.coordinate, j, Kij),
          big(g.proof_nonces[j]),
        );
        expect(mod(proof.c!, G.q)).toBe(big(exp.challenge));
        expect(proof.v).toBe(big(exp.response));
        // the published draft proof verifies under the draft hash …
        const pub = { c: big(exp.challenge), v: big(exp.response) };
        expect(verifySchnorr(G, Kij, pub, draftCoefficientChallenge(g.coordinate, j, Kij))).toBe(true);
        // … and not under 2.0.0's eq 12 (the documented disagreement)
        expect(verifySchnorr(G, Kij, pub, coefficientChallenge(G, hP, g.coordinate, j, Kij))).toBe(false);
        allCommitments.push(Kij);
        checked++;
      });
      Ks.push(G.gExp(coeffs[0]!));
      // our 2.0.0 proofs with the same nonces pass Verification 2
      const ours = commitCoefficients(G, hP, g.coordinate, coeffs, g.proof_nonces.map(big));
      expect(verifyGuardianCommitments(G, hP, ours, coeffs.length)).toEqual([]);
    }
    expect(checked).toBe(15);
    const jk = jointPublicKey(G, Ks);
    expect(jk.ok && jk.K).toBe(big(v.expected_joint_public_key));
    if (!jk.ok) return;
    const hB = fromHex(v.election_base_hash);
    // draft eq 20: H_E = H(H_B; 0x12, K, K_{1,0}, …, K_{n,k−1}); 2.0.0 eq 23 hashes K alone
    const draftHE = H(hB, domain(0x12), G.encode(jk.K), ...allCommitments.map((c) => G.encode(c)));
    expect(toHex(draftHE)).toBe(v.expected_extended_base_hash.toUpperCase());
    expect(toHex(extendedBaseHash(G, hB, jk.K))).not.toBe(v.expected_extended_base_hash.toUpperCase());
  });
});

describe('ShareEncryptionTestVector', () => {
  const v = egVector('ShareEncryptionTestVector.json');
  const byName = new Map<string, { x: number; coeffs: bigint[] }>(
    v.guardians.map((g: { name: string; coordinate: number; polynomial_coefficients: string[] }) => [
      g.name,
      { x: g.coordinate, coeffs: g.polynomial_coefficients.map(big) },
    ]),
  );

  it('every share P_i(ℓ), its draft encryption, its decryption and P(ℓ) match', () => {
    let n = 0;
    for (const gs of v.expected_guardian_shares) {
      const me = byName.get(gs.name)!; // the recipient ℓ
      const ys: bigint[] = [evaluatePolynomial(G.q, me.coeffs, me.x)];
      for (const s of gs.expected_shares) {
        expect(s.secretShareFor).toBe(gs.name);
        const owner = byName.get(s.polynomialOwner)!; // the sender i
        expect(s.ownerXcoord).toBe(owner.x);
        const y = evaluatePolynomial(G.q, owner.coeffs, me.x);
        expect(y).toBe(big(s.yCoordinate));
        expect(
          verifyShare(
            G,
            owner.coeffs.map((a) => G.gExp(a)),
            me.x,
            y,
          ),
        ).toBe(true);
        const xi = big(
          v.expected_guardian_shares.find((x: { name: string }) => x.name === s.polynomialOwner).share_nonces[
            gs.name
          ],
        );
        const Kl = G.gExp(me.coeffs[0]!);
        const alpha = G.gExp(xi);
        const keys = draftShareKeys(owner.x, me.x, Kl, alpha, G.exp(Kl, xi));
        const ct = sealShare(G, keys, alpha, y);
        expect(toHex(G.encode(ct.c0))).toBe(s.encryptedCoordinate.c0.toUpperCase());
        expect(toHex(ct.c1)).toBe(s.encryptedCoordinate.c1.toUpperCase());
        expect(toHex(ct.c2)).toBe(s.encryptedCoordinate.c2.toUpperCase());
        // the published draft ciphertext opens with the draft keys …
        const published = {
          c0: big(s.encryptedCoordinate.c0),
          c1: fromHex(s.encryptedCoordinate.c1),
          c2: fromHex(s.encryptedCoordinate.c2),
        };
        expect(openShare(G, keys, published)).toBe(y);
        // … but not with 2.0.0's (eq 15–17): the MAC fails
        expect(decryptShare(G, hP, owner.x, me.x, me.coeffs[0]!, Kl, published)).toBeUndefined();
        // 2.0.0 round trip with the same nonce
        expect(
          decryptShare(
            G,
            hP,
            owner.x,
            me.x,
            me.coeffs[0]!,
            Kl,
            encryptShare(G, hP, owner.x, me.x, Kl, y, xi),
          ),
        ).toBe(y);
        ys.push(y);
        n++;
      }
      expect(keyShare(G.q, ys)).toBe(big(gs.expected_my_share_of_secret));
    }
    expect(n).toBe(6);
  });

  it('2.0.0 share KDF matches eq 16–17 written out byte by byte', () => {
    const k = new Uint8Array(32).fill(7);
    const keys = shareKdfBytes(k, 2, 5);
    const expected0 = hmacSha256(
      k,
      fromHex(
        '01' +
          toHex(utf8Bytes('share enc keys')) +
          '00' +
          toHex(utf8Bytes('share encrypt')) +
          '00000002' +
          '00000005' +
          '0200',
      ),
    );
    expect(toHex(keys.k0)).toBe(toHex(expected0));
    expect(toHex(keys.k1)).not.toBe(toHex(expected0));
    expect(hashToInt(keys.k1)).toBeGreaterThan(0n);
  });
});
