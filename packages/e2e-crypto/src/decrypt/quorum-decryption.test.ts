/**
 * Quorum decryption at n = 5, k = 3: two guardians missing, every quorum gives the same plaintext
 * (property), bad partial decryptions and bad responses are named and left out, too few
 * guardians fail; challenged-ballot contest data; both profiles (eg-4096 sparingly).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Bytes } from '../bytes.js';
import { baseHash, manifestHash, parameterBaseHash } from '../election/base-hashes.js';
import { encrypt, publicKey } from '../elgamal/elgamal.js';
import { contestDataContext, hashedDecrypt, hashedEncrypt } from '../elgamal/hashed-elgamal.js';
import { eg4096 } from '../group/eg-4096.js';
import type { Group } from '../group/group.js';
import { ristretto } from '../group/ristretto255.js';
import { mod, randomScalar } from '../group/scalar.js';
import { runLocalCeremony } from '../keyceremony/local-ceremony.js';
import { keyShareCommitment } from '../keyceremony/polynomial.js';
import type { DecryptionTarget } from './decryption-target.js';
import { expectedGuardianChallenge } from './joint-proof.js';
import { lagrangeCoefficients } from './lagrange.js';
import { decryptWithQuorum, selectionValue } from './local-decryption.js';
import { combineRound1 } from './quorum-decryption.js';
import { partialDecrypt } from './partial-decryption.js';
import { verifyContestDataDecryption, verifySelectionDecryption } from './verify-decryption.js';

function setupElection<E>(G: Group<E>, n: number, k: number) {
  const hP = parameterBaseHash(G);
  const hB = baseHash(hP, manifestHash(hP, utf8Bytes('manifest')), n, k);
  const c = runLocalCeremony(G, hP, hB, n, k);
  const all = c.guardians.map((g) => g.commitments);
  const setup = {
    ctx: { K: c.K, hE: c.hE },
    k,
    keyShareCommitments: new Map(c.secrets.map((s) => [s.i, keyShareCommitment(G, all, s.i)])),
  };
  return { c, setup, pk: publicKey(G, c.K) };
}

describe('lagrange coefficients', () => {
  it('interpolate any polynomial of degree < |U| at 0 (property)', () => {
    const q = ristretto.q;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 6 }),
        fc.bigInt({ min: 0n, max: q - 1n }),
        (U, s) => {
          const coeffs = [s, ...U.slice(1).map(() => randomScalar(q))];
          const P = (x: number): bigint => coeffs.reduceRight((acc, a) => mod(acc * BigInt(x) + a, q), 0n);
          const w = lagrangeCoefficients(q, U);
          expect(
            mod(
              U.reduce((acc, i) => acc + w.get(i)! * P(i), 0n),
              q,
            ),
          ).toBe(s);
        },
      ),
      { numRuns: 50 },
    );
  });
  it('refuses empty, repeated and non-positive coordinates', () => {
    expect(() => lagrangeCoefficients(7n, [])).toThrow(RangeError);
    expect(() => lagrangeCoefficients(7n, [1, 1])).toThrow(RangeError);
    expect(() => lagrangeCoefficients(7n, [0, 2])).toThrow(RangeError);
  });
});

describe('quorum decryption, ristretto255, n=5 k=3', () => {
  const G = ristretto;
  const { c, setup, pk } = setupElection(G, 5, 3);
  const votes = [3, 0, 7, 1];
  const targets: DecryptionTarget<typeof G.g>[] = votes.map((t) => ({
    kind: 'selection',
    ct: encrypt(G, pk, t),
  }));
  const guardians = (ids: number[]) => ids.map((i) => ({ i, Pi: c.secrets[i - 1]!.Pi }));

  it('two guardians missing: guardians 1, 3, 5 decrypt with proofs that pass Verification 9/10', () => {
    const r = decryptWithQuorum(G, setup, targets, guardians([1, 3, 5]));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.U).toEqual([1, 3, 5]);
    r.decryptions.forEach((d, x) => {
      const ct = (targets[x] as { ct: { alpha: typeof G.g; beta: typeof G.g } }).ct;
      const { T, t } = selectionValue(G, c.K, ct, d.M, 10);
      expect(t).toBe(votes[x]);
      expect(
        verifySelectionDecryption(G, setup.ctx, ct, { T, proof: d.proof, t: t! }).map((f) => f.check),
      ).toEqual([]);
      expect(
        verifySelectionDecryption(G, setup.ctx, ct, {
          T,
          proof: { ...d.proof, a: G.mul(d.proof.a!, G.g) },
          t: t!,
        }).map((f) => f.check),
      ).toEqual(['9.B']);
      expect(
        verifySelectionDecryption(G, setup.ctx, ct, { T, proof: d.proof, t: t! }, { numbering: 'ballot' }),
      ).toEqual([]);
    });
  });

  it('every quorum subset yields the same plaintexts (property)', () => {
    fc.assert(
      fc.property(fc.subarray([1, 2, 3, 4, 5], { minLength: 3 }), (U) => {
        const r = decryptWithQuorum(G, setup, targets.slice(0, 2), guardians(U));
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.U).toEqual(U);
        r.decryptions.forEach((d, x) => {
          const ct = (targets[x] as { ct: { alpha: typeof G.g; beta: typeof G.g } }).ct;
          expect(selectionValue(G, c.K, ct, d.M, 10).t).toBe(votes[x]);
        });
      }),
      { numRuns: 16 },
    );
  });

  it('a guardian whose partial decryption fails its proof is named and left out; decryption goes on', () => {
    const r = decryptWithQuorum(G, setup, targets, guardians([1, 2, 3, 4]), (i, pds) =>
      i === 2
        ? { ...pds, items: pds.items.map((p, x) => (x === 1 ? { ...p, M: G.mul(p.M, G.g) } : p)) }
        : pds,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.U).toEqual([1, 3, 4]);
    expect(r.excluded).toEqual([{ i: 2, reason: 'partial decryptions fail their proof' }]);
  });

  it('a bad joint-proof commitment is caught in round 2, named, and the rest retry', () => {
    const r = decryptWithQuorum(G, setup, targets, guardians([1, 2, 3, 4]), (i, pds) =>
      i === 4 ? { ...pds, items: pds.items.map((p) => ({ ...p, a: G.mul(p.a, G.g) })) } : pds,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.excluded).toEqual([{ i: 4, reason: 'response #0 does not verify' }]);
    expect(r.U).toEqual([1, 2, 3]);
  });

  it('fewer than k valid guardians fail with a reason; unknown guardians are excluded', () => {
    const r = decryptWithQuorum(G, setup, targets, guardians([2, 5]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('only 2 valid guardians, quorum is 3');
    const pd = new Map([
      [
        9,
        partialDecrypt(
          G,
          setup.ctx,
          9,
          1n,
          targets,
          targets.map(() => 1n),
        ),
      ],
    ]);
    const r1 = combineRound1(G, setup, targets, pd);
    expect(r1.excluded[0]).toEqual({ i: 9, reason: 'not a guardian of this election' });
  });

  it('a guardian can recompute its challenge, and a challenge for another U or without it is refused', () => {
    const U = [1, 2, 5];
    const partials = new Map(
      U.map((i) => [
        i,
        partialDecrypt(
          G,
          setup.ctx,
          i,
          c.secrets[i - 1]!.Pi,
          targets,
          targets.map(() => randomScalar(G.q)),
        ),
      ]),
    );
    const r1 = combineRound1(G, setup, targets, partials);
    expect(r1.ok).toBe(true);
    if (!r1.ok) return;
    targets.forEach((t, x) => {
      expect(expectedGuardianChallenge(G, setup.ctx, t, r1.combined[x]!, U, 3, 2)).toBe(
        r1.challenges.get(2)![x],
      );
      expect(expectedGuardianChallenge(G, setup.ctx, t, r1.combined[x]!, [1, 2, 4], 3, 2)).not.toBe(
        r1.challenges.get(2)![x],
      );
    });
    expect(expectedGuardianChallenge(G, setup.ctx, targets[0]!, r1.combined[0]!, U, 3, 3)).toBeUndefined();
    expect(
      expectedGuardianChallenge(G, setup.ctx, targets[0]!, r1.combined[0]!, [1, 2], 3, 2),
    ).toBeUndefined();
  });

  it('contest data of a challenged ballot: β verifies (Verification 14) and opens the data', () => {
    const data = utf8Bytes('write-in: Ada Lovelace'.padEnd(64, ' '));
    const ct = hashedEncrypt(G, c.hE, pk, data, randomScalar(G.q), contestDataContext(2));
    const target: DecryptionTarget<typeof G.g> = { kind: 'contest-data', ct };
    const r = decryptWithQuorum(G, setup, [target], guardians([2, 4, 5]));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = r.decryptions[0]!;
    expect(
      verifyContestDataDecryption(
        G,
        setup.ctx,
        ct,
        { beta: d.M, proof: d.proof },
        { numbering: 'ballot' },
      ).map((f) => f.check),
    ).toEqual([]);
    expect(hashedDecrypt(G, c.hE, c.K, ct, d.M, contestDataContext(2))).toEqual(data);
    const c1 = ct.c1.slice();
    c1[5]! ^= 4;
    expect(
      verifyContestDataDecryption(G, setup.ctx, { ...ct, c1 }, { beta: d.M, proof: d.proof }).map(
        (f) => f.check,
      ),
    ).toEqual(['11.B']);
    expect(
      verifyContestDataDecryption(G, setup.ctx, ct, { beta: d.M, proof: { ...d.proof, v: G.q } }).map(
        (f) => f.check,
      ),
    ).toEqual(['11.A']);
  });
});

describe('quorum decryption, eg-4096, n=3 k=2 (one guardian missing)', () => {
  const G = eg4096;
  const { c, setup, pk } = setupElection(G, 3, 2);
  it('decrypts with proofs in challenge form that pass Verification 9/10', () => {
    const ct = encrypt(G, pk, 2);
    const r = decryptWithQuorum(
      G,
      setup,
      [{ kind: 'selection', ct }],
      [1, 3].map((i) => ({ i, Pi: c.secrets[i - 1]!.Pi })),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = r.decryptions[0]!;
    expect(d.proof.c).toBeDefined();
    const { T, t } = selectionValue(G, c.K, ct, d.M, 5);
    expect(t).toBe(2);
    expect(
      verifySelectionDecryption(G, setup.ctx, ct, { T, proof: d.proof, t: 2 }).map((f) => f.check),
    ).toEqual([]);
    expect(
      verifySelectionDecryption(G, setup.ctx, ct, { T, proof: { ...d.proof, c: d.proof.c! + 1n }, t: 2 }).map(
        (f) => f.check,
      ),
    ).toEqual(['9.B']);
    // findings name the place the caller gives, and say what failed
    expect(
      verifySelectionDecryption(
        G,
        setup.ctx,
        ct,
        { T, proof: d.proof, t: 3 },
        { numbering: 'ballot', where: 'x.json s' },
      ),
    ).toEqual([{ check: '13.A', where: 'x.json s', message: 'T is not K^t for t = 3' }]);
  });
});
