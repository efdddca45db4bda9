/**
 * The key ceremony at n = 5, k = 3 in ristretto255 (and n = 3, k = 2 in eg-4096): commitments and
 * proofs (Verification 2), share encryption and verification, complaints, joint key and H_E.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baseHash, extendedBaseHash, manifestHash, parameterBaseHash } from '../election/base-hashes.js';
import { eg4096 } from '../group/eg-4096.js';
import type { Group } from '../group/group.js';
import { ristretto } from '../group/ristretto255.js';
import { mod } from '../group/scalar.js';
import { utf8Bytes } from '../bytes.js';
import { commitCoefficients, verifyGuardianCommitments } from './coefficient-proofs.js';
import { jointPublicKey } from './joint-key.js';
import { runLocalCeremony } from './local-ceremony.js';
import { commitmentAt, evaluatePolynomial, randomPolynomial } from './polynomial.js';
import { decryptShare, encryptShare } from './share-encryption.js';
import { judgeComplaint, verifyShare } from './share-verification.js';

function hashes<E>(G: Group<E>, n: number, k: number) {
  const hP = parameterBaseHash(G);
  return { hP, hB: baseHash(hP, manifestHash(hP, utf8Bytes('{"contests":[]}')), n, k) };
}

describe.each([
  { G: ristretto as Group<unknown>, n: 5, k: 3 },
  { G: eg4096 as Group<unknown>, n: 3, k: 2 },
])('key ceremony $G.name n=$n k=$k', ({ G, n, k }) => {
  const { hP, hB } = hashes(G, n, k);
  const c = runLocalCeremony(G, hP, hB, n, k);

  it('K = ∏ K_i, H_E = H(H_B; 0x12, K), and the key shares interpolate to s at 0', () => {
    const s = mod(
      c.secrets.reduce((acc, x) => acc + x.coefficients[0]!, 0n),
      G.q,
    );
    expect(G.equals(c.K, G.gExp(s))).toBe(true);
    expect(c.hE).toEqual(extendedBaseHash(G, hB, c.K));
    // g^{P(i)} from the public commitments equals g^{P(i)} from the secret share
    for (const x of c.secrets) {
      const fromCommitments = c.guardians.reduce(
        (acc, gc) => G.mul(acc, commitmentAt(G, gc.commitments, x.i)),
        G.one,
      );
      expect(G.equals(fromCommitments, G.gExp(x.Pi))).toBe(true);
    }
  });

  it('Verification 2 rejects a changed commitment, a changed proof, a wrong index and a wrong count', () => {
    const gc = c.guardians[1]!;
    expect(verifyGuardianCommitments(G, hP, gc, k)).toEqual([]);
    const bumped = gc.commitments.map((x, j) => (j === 1 ? G.mul(x, G.g) : x));
    expect(verifyGuardianCommitments(G, hP, { ...gc, commitments: bumped }, k)).toEqual([
      { check: '2.C', where: 'proofs[1]', message: 'Schnorr proof does not verify' },
    ]);
    const badProofs = gc.proofs.map((p, j) => (j === 0 ? { ...p, v: mod(p.v + 1n, G.q) } : p));
    expect(verifyGuardianCommitments(G, hP, { ...gc, proofs: badProofs }, k)).toHaveLength(1);
    expect(verifyGuardianCommitments(G, hP, { ...gc, i: gc.i + 1 }, k)).toHaveLength(k);
    expect(verifyGuardianCommitments(G, hP, gc, k + 1)[0]).toMatchObject({
      check: '2',
      where: 'commitments',
    });
    const identity = { ...gc, commitments: gc.commitments.map((x, j) => (j === 2 % k ? G.one : x)) };
    expect(verifyGuardianCommitments(G, hP, identity, k)[0]).toMatchObject({
      check: '2.A',
      where: `commitments[${2 % k}]`,
    });
  });

  it('Verification 3 rejects an identity guardian key', () => {
    const keys = c.guardians.map((g) => g.commitments[0]!);
    expect(jointPublicKey(G, keys).ok).toBe(true);
    const r = jointPublicKey(G, [G.one, ...keys.slice(1)]);
    expect(r).toEqual({
      ok: false,
      findings: [{ check: '3.A', where: 'guardianKeys[0]', message: 'guardian #1: K_i is the identity' }],
    });
    expect(jointPublicKey(G, []).ok).toBe(false);
  });
});

describe('share encryption and complaints (ristretto255)', () => {
  const G = ristretto;
  const { hP } = hashes(G, 5, 3);
  const sender = randomPolynomial(G.q, 3);
  const senderGc = commitCoefficients(G, hP, 2, sender);
  const recipientKey = randomPolynomial(G.q, 3)[0]!;
  const Kl = G.gExp(recipientKey);
  const l = 4;

  it('round trip, and any changed byte or wrong index/recipient is refused (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 31 }), fc.integer({ min: 0, max: 2 }), (byte, which) => {
        const y = evaluatePolynomial(G.q, sender, l);
        const ct = encryptShare(G, hP, 2, l, Kl, y);
        expect(decryptShare(G, hP, 2, l, recipientKey, Kl, ct)).toBe(y);
        expect(verifyShare(G, senderGc.commitments, l, y)).toBe(true);
        const flip = (b: Uint8Array): Uint8Array => b.map((x, t) => (t === byte ? x ^ 1 : x));
        const bad =
          which === 0
            ? { ...ct, c1: flip(ct.c1) }
            : which === 1
              ? { ...ct, c2: flip(ct.c2) }
              : { ...ct, c0: G.mul(ct.c0, G.g) };
        expect(decryptShare(G, hP, 2, l, recipientKey, Kl, bad)).toBeUndefined();
        expect(decryptShare(G, hP, 3, l, recipientKey, Kl, ct)).toBeUndefined();
        expect(decryptShare(G, hP, 2, l, mod(recipientKey + 1n, G.q), Kl, ct)).toBeUndefined();
      }),
      { numRuns: 10 },
    );
  });

  it('a wrong share fails eq 21 and the complaint finds the sender at fault; an honest answer dismisses it', () => {
    const y = evaluatePolynomial(G.q, sender, l);
    const xi = 12345n;
    const honest = encryptShare(G, hP, 2, l, Kl, y, xi);
    const wrongY = mod(y + 1n, G.q);
    const cheating = encryptShare(G, hP, 2, l, Kl, wrongY, xi);
    const got = decryptShare(G, hP, 2, l, recipientKey, Kl, cheating)!;
    expect(verifyShare(G, senderGc.commitments, l, got)).toBe(false);
    const complaint = { accuser: l, accused: 2, reason: 'COMMITMENT' as const };
    // the sender answers with the value it really encrypted: it fails eq 21
    expect(
      judgeComplaint(G, hP, complaint, Kl, cheating, senderGc.commitments, {
        accused: 2,
        accuser: l,
        y: wrongY,
        xi,
      }),
    ).toBe('SENDER_AT_FAULT');
    // the sender answers with the right value but the published ciphertext does not match it
    expect(
      judgeComplaint(G, hP, complaint, Kl, cheating, senderGc.commitments, { accused: 2, accuser: l, y, xi }),
    ).toBe('SENDER_AT_FAULT');
    // no answer
    expect(judgeComplaint(G, hP, complaint, Kl, cheating, senderGc.commitments, undefined)).toBe(
      'SENDER_AT_FAULT',
    );
    // a false complaint against an honest sender is dismissed
    expect(
      judgeComplaint(G, hP, complaint, Kl, honest, senderGc.commitments, { accused: 2, accuser: l, y, xi }),
    ).toBe('DISMISSED');
    expect(
      judgeComplaint(G, hP, complaint, Kl, honest, senderGc.commitments, {
        accused: 2,
        accuser: l,
        y,
        xi: xi + 1n,
      }),
    ).toBe('SENDER_AT_FAULT');
  });
});
