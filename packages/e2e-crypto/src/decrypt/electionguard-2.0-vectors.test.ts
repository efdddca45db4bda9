/**
 * ElectionGuard 2.0 interop for decryption: the TallyPartialDecryption and TallyDecryption
 * known-answer vectors, every tally decryption proof of the egk record `someAvailableJson`
 * (5 guardians, quorum 3, two missing), and the contest-data decryption proofs of the challenged
 * ballots in `chainedJson`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { big, egVector } from '../../test/vectors.js';
import { fromHex } from '../bytes.js';
import { eg4096, eg4096WithVersion } from '../group/eg-4096.js';
import type { Group } from '../group/group.js';
import { mod } from '../group/scalar.js';
import { keyShareCommitment } from '../keyceremony/polynomial.js';
import { evaluatePolynomial } from '../keyceremony/polynomial.js';
import { keyShare } from '../keyceremony/share-verification.js';
import { jointPublicKey } from '../keyceremony/joint-key.js';
import type { DecryptionTarget } from './decryption-target.js';
import { decryptWithQuorum, selectionValue } from './local-decryption.js';
import { verifyContestDataDecryption, verifySelectionDecryption } from './verify-decryption.js';

const fixtures = fileURLToPath(new URL('../../../../fixtures/electionguard-2.0/', import.meta.url));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (path: string): any => JSON.parse(readFileSync(fixtures + path, 'utf8'));

interface VTrustee {
  id: string;
  xCoordinate: number;
  polynomial_coefficients: string[];
  keyShare: string;
  missing: boolean;
}

describe.each(['TallyPartialDecryptionTestVector.json', 'TallyDecryptionTestVector.json'])('%s', (file) => {
  const G = eg4096WithVersion('v2.0');
  const v = egVector(file);
  const trustees: VTrustee[] = v.trustees;
  const polys = trustees.map((t) => t.polynomial_coefficients.map(big));
  const k = polys[0]!.length;

  it('key shares P(i) = Σ_j P_j(i) and K = ∏ K_i match', () => {
    trustees.forEach((t) => {
      expect(
        keyShare(
          G.q,
          polys.map((p) => evaluatePolynomial(G.q, p, t.xCoordinate)),
        ),
      ).toBe(big(t.keyShare));
    });
    const jk = jointPublicKey(
      G,
      polys.map((p) => G.gExp(p[0]!)),
    );
    expect(jk.ok && jk.K).toBe(big(v.joint_public_key));
  });

  it('a quorum decrypts the expected tally, with proofs that pass Verification 9 and 10', () => {
    // The vectors' "missing" flag is true for the guardians that *do* take part (egk naming);
    // see spec/key-ceremony.md "Interoperability notes".
    const present = trustees.filter((t) => t.missing);
    expect(present.length).toBe(k);
    const K = big(v.joint_public_key);
    const ctx = { K, hE: fromHex(v.extended_base_hash) };
    const allCommitments = polys.map((p) => p.map((a) => G.gExp(a)));
    const setup = {
      ctx,
      k,
      keyShareCommitments: new Map(
        trustees.map((t) => [t.xCoordinate, keyShareCommitment(G, allCommitments, t.xCoordinate)]),
      ),
    };
    const sels = v.encrypted_tally.contests[0].selections;
    const targets: DecryptionTarget<bigint>[] = sels.map(
      (s: { encrypted_vote: { pad: string; data: string } }) => ({
        kind: 'selection',
        ct: { alpha: big(s.encrypted_vote.pad), beta: big(s.encrypted_vote.data) },
      }),
    );
    const r = decryptWithQuorum(
      G,
      setup,
      targets,
      present.map((t) => ({ i: t.xCoordinate, Pi: big(t.keyShare) })),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const expected = v.expected_decrypted_tally.contests[0].selections.map(
      (s: { expected_decrypted_vote: number }) => s.expected_decrypted_vote,
    );
    r.decryptions.forEach((d, x) => {
      const ct = (targets[x] as { ct: { alpha: bigint; beta: bigint } }).ct;
      const { T, t } = selectionValue(G, K, ct, d.M, 20);
      expect(t).toBe(expected[x]);
      expect(verifySelectionDecryption(G, ctx, ct, { T, proof: d.proof, t: t! })).toEqual([]);
      expect(
        verifySelectionDecryption(G, ctx, ct, { T, proof: d.proof, t: t! + 1 }).map((f) => f.check),
      ).toEqual(['10.A']);
    });
  });
});

describe('egk record someAvailableJson (5 guardians, quorum 3)', () => {
  const G: Group<bigint> = eg4096;
  const init = readJson('someAvailableJson/election_initialized.json');
  const encTally = readJson('someAvailableJson/encrypted_tally.json');
  const tally = readJson('someAvailableJson/tally.json');
  const ctx = {
    K: G.decode(fromHex(init.joint_public_key), 'joint_public_key'),
    hE: fromHex(init.extended_base_hash),
  };

  it('every tally decryption proof passes Verification 9 and 10', () => {
    const encById = new Map<string, { pad: string; data: string }>();
    for (const c of encTally.contests)
      for (const s of c.selections) encById.set(`${c.contest_id}/${s.selection_id}`, s.encrypted_vote);
    let n = 0;
    for (const c of tally.contests) {
      for (const s of c.selections) {
        const enc = encById.get(`${c.contest_id}/${s.selection_id}`)!;
        expect(enc.pad).toBe(s.encrypted_vote.pad);
        const ct = { alpha: G.decode(fromHex(enc.pad), 'pad'), beta: G.decode(fromHex(enc.data), 'data') };
        const d = {
          T: G.decode(fromHex(s.b_over_m), 'b_over_m'),
          proof: { c: big(s.proof.challenge), v: big(s.proof.response) },
          t: s.tally,
        };
        expect(verifySelectionDecryption(G, ctx, ct, d).map((f) => f.check)).toEqual([]);
        n++;
      }
    }
    expect(n).toBe(100);
  });

  it('tampering with a tally entry fails the numbered check', () => {
    const s = tally.contests[0].selections[0];
    const ct = { alpha: big(s.encrypted_vote.pad), beta: big(s.encrypted_vote.data) };
    const T = big(s.b_over_m);
    const proof = { c: big(s.proof.challenge), v: big(s.proof.response) };
    expect(verifySelectionDecryption(G, ctx, ct, { T, proof, t: s.tally })).toEqual([]);
    expect(
      verifySelectionDecryption(G, ctx, ct, {
        T,
        proof: { ...proof, v: mod(proof.v + 1n, G.q) },
        t: s.tally,
      }).map((f) => f.check),
    ).toEqual(['9.B']);
    expect(
      verifySelectionDecryption(G, ctx, ct, { T, proof: { ...proof, c: proof.c ^ 1n }, t: s.tally }).map(
        (f) => f.check,
      ),
    ).toEqual(['9.B']);
    expect(
      verifySelectionDecryption(G, ctx, ct, { T, proof: { ...proof, v: G.q }, t: s.tally }).map(
        (f) => f.check,
      ),
    ).toEqual(['9.A']);
    expect(
      verifySelectionDecryption(G, ctx, ct, { T: G.mul(T, G.g), proof, t: s.tally }).map((f) => f.check),
    ).toEqual(['9.B', '10.A']);
    expect(
      verifySelectionDecryption(G, ctx, { ...ct, alpha: G.mul(ct.alpha, G.g) }, { T, proof, t: s.tally }).map(
        (f) => f.check,
      ),
    ).toEqual(['9.B']);
    expect(
      verifySelectionDecryption(G, { ...ctx, hE: new Uint8Array(32) }, ct, { T, proof, t: s.tally }).map(
        (f) => f.check,
      ),
    ).toEqual(['9.B']);
  });

  it('three of the five trustees (two missing) decrypt the first contest again with our protocol', () => {
    const shares = [1, 3, 5].map((x) => {
      const t = readJson(`someAvailableJson/private_data/trustees/decryptingTrustee-guardian${x}.json`);
      expect(t.x_coordinate).toBe(x);
      return { i: x, Pi: big(t.key_share) };
    });
    const allCommitments: bigint[][] = init.guardians.map(
      (g: { coefficient_proofs: { public_key: string }[] }) =>
        g.coefficient_proofs.map((p) => big(p.public_key)),
    );
    const setup = {
      ctx,
      k: 3,
      keyShareCommitments: new Map(
        init.guardians.map((g: { x_coordinate: number }) => [
          g.x_coordinate,
          keyShareCommitment(G, allCommitments, g.x_coordinate),
        ]),
      ) as Map<number, bigint>,
    };
    const sels = tally.contests[0].selections.slice(0, 2);
    const targets: DecryptionTarget<bigint>[] = sels.map(
      (s: { encrypted_vote: { pad: string; data: string } }) => ({
        kind: 'selection',
        ct: { alpha: big(s.encrypted_vote.pad), beta: big(s.encrypted_vote.data) },
      }),
    );
    const r = decryptWithQuorum(G, setup, targets, shares);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.U).toEqual([1, 3, 5]);
    r.decryptions.forEach((d, x) => {
      const ct = (targets[x] as { ct: { alpha: bigint; beta: bigint } }).ct;
      const { T, t } = selectionValue(G, ctx.K, ct, d.M, 11);
      expect(t).toBe(sels[x].tally);
      expect(T).toBe(big(sels[x].b_over_m));
      expect(verifySelectionDecryption(G, ctx, ct, { T, proof: d.proof, t: t! })).toEqual([]);
    });
  });
});

describe('egk record chainedJson: challenged ballots', () => {
  const G: Group<bigint> = eg4096;
  const init = readJson('chainedJson/election_initialized.json');
  const ctx = { K: big(init.joint_public_key), hE: fromHex(init.extended_base_hash) };

  it('selection decryptions pass Verification 12/13 and contest data decryptions pass Verification 14', () => {
    let sel = 0;
    let data = 0;
    for (const id of ['id-6']) {
      // one ballot: 100 selections + 20 contest data, enough for interop, cheap in CI
      const b = readJson(`chainedJson/challenged_ballots/dballot-${id}.json`);
      for (const c of b.contests) {
        for (const s of c.selections) {
          const ct = { alpha: big(s.encrypted_vote.pad), beta: big(s.encrypted_vote.data) };
          const d = {
            T: big(s.b_over_m),
            proof: { c: big(s.proof.challenge), v: big(s.proof.response) },
            t: s.tally,
          };
          expect(
            verifySelectionDecryption(G, ctx, ct, d, { numbering: 'ballot' }).map((f) => f.check),
          ).toEqual([]);
          sel++;
        }
        const cd = c.decrypted_contest_data;
        if (!cd) continue;
        const ct = {
          c0: big(cd.encrypted_contest_data.c0),
          c1: fromHex(cd.encrypted_contest_data.c1),
          c2: fromHex(cd.encrypted_contest_data.c2),
        };
        const beta = big(cd.beta);
        const proof = { c: big(cd.proof.challenge), v: big(cd.proof.response) };
        expect(
          verifyContestDataDecryption(G, ctx, ct, { beta, proof }, { numbering: 'ballot' }).map(
            (f) => f.check,
          ),
        ).toEqual([]);
        expect(
          verifyContestDataDecryption(
            G,
            ctx,
            ct,
            { beta: G.mul(beta, G.g), proof },
            { numbering: 'ballot' },
          ).map((f) => f.check),
        ).toEqual(['14.B']);
        const c1 = ct.c1.slice();
        c1[0]! ^= 1;
        expect(
          verifyContestDataDecryption(G, ctx, { ...ct, c1 }, { beta, proof }).map((f) => f.check),
        ).toEqual(['11.B']);
        data++;
      }
    }
    expect(sel).toBeGreaterThan(0);
    expect(data).toBeGreaterThan(0);
  });
});
