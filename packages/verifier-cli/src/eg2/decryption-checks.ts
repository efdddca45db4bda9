/**
 * Checks of published decryptions: the Chaum–Pedersen proofs of Verifications 9 and 12
 * (c = H(H_E; 0x30, K, A, B, a, b, M)), the plaintext checks 10.A and 13.A (T = K^t), and the
 * contest-data proofs of Verifications 11 and 14 (c = H(H_E; 0x31, K, C0, C1, C2, a, b, β))
 * (EG 2.0 §3.6, §6.2.5–6.2.7; spec/verification-eg2.md §3.9–3.14).
 *
 * One aggregated proof (c, v) is published per decryption: a = g^v·K^c, b = A^v·M^c.
 * @module
 */
import { domain, H, inZq, verifyChaumPedersen, type Ciphertext } from '@evident/e2e-crypto';
import type { Context } from './context.js';
import { contestDataChallenges, type HashForm } from './egk-hashes.js';
import { fail, type FindingLog } from './findings.js';
import type { Eg2DecryptionProof, Eg2HashedCiphertext } from './record-types.js';

/**
 * Verification 9 (tallies, step "9") or 12 (challenged ballots, step "12") for one option, and
 * the plaintext check 10.A / 13.A.
 * @param ct - (A, B) or (α, β)
 * @param T - the published K^t (egk's b_over_m)
 * @param t - the published tally or selection value
 * @returns true when T = K^t
 */
export function checkDecryption(
  ctx: Context,
  step: '9' | '12',
  ct: Ciphertext<bigint>,
  T: bigint,
  t: number,
  proof: Eg2DecryptionProof,
  log: FindingLog,
  where: string,
): boolean {
  const { G, pk, K, hE } = ctx;
  const plain = step === '9' ? '10.A' : '13.A';
  const kt = pk.pow(BigInt(t));
  const tOk = T === kt;
  if (!tOk) fail(log, plain, where, `published K^t is not K^${t}`);

  // (9.1) M = B·T^-1; when T = K^t, T^-1 = K^-t from the fixed-base table (no inversion)
  let M: bigint;
  if (tOk) M = G.mul(ct.beta, pk.pow(-BigInt(t)));
  else if (ctx.member(T)) M = G.div(ct.beta, T);
  else {
    fail(log, `${step}.B`, where, 'published K^t is not in Z_p^r');
    return false;
  }
  if (!inZq(proof.v, G.q)) {
    fail(log, `${step}.A`, where, 'response v is not in Z_q');
    return tOk;
  }
  const A = ct.alpha;
  const B = ct.beta;
  const ok = verifyChaumPedersen(G, { g1: G.g, X1: K, g2: A, X2: M }, proof, (a, b) =>
    H(hE, domain(0x30), G.encode(K), G.encode(A), G.encode(B), G.encode(a), G.encode(b), G.encode(M)),
  );
  if (!ok) fail(log, `${step}.B`, where, 'challenge differs from H(H_E; 0x30, K, A, B, a, b, M)');
  return tOk;
}

/**
 * Verification 11 (step "11") or 14 (step "14") for one contest-data decryption:
 * a = g^v·K^c, b = C0^v·β^c, c = H(H_E; 0x31, K, C0, C1, C2, a, b, β) in egk's or the spec's
 * encoding of C1 and C2 (egk-hashes.ts).
 * @returns the hash form that matched, or undefined when the proof fails
 */
export function checkContestDataDecryption(
  ctx: Context,
  step: '11' | '14',
  enc: Eg2HashedCiphertext,
  beta: bigint,
  proof: Eg2DecryptionProof,
  log: FindingLog,
  where: string,
): HashForm | undefined {
  const { G, K, hE } = ctx;
  if (!ctx.member(enc.c0) || !ctx.member(beta)) {
    fail(log, `${step}.B`, where, `${ctx.member(enc.c0) ? 'β' : 'C0'} is not in Z_p^r`);
    return undefined;
  }
  if (!inZq(proof.v, G.q)) {
    fail(log, `${step}.A`, where, 'response v is not in Z_q');
    return undefined;
  }
  let form: HashForm | undefined;
  const ok = verifyChaumPedersen(G, { g1: G.g, X1: K, g2: enc.c0, X2: beta }, proof, (a, b) => {
    const candidates = contestDataChallenges(G, hE, K, enc.c0, enc.c1, enc.c2, a, b, beta);
    const hit = candidates.find((c) => BigInt('0x' + Buffer.from(c.value).toString('hex')) === proof.c);
    form = hit?.form;
    return (hit ?? candidates[0]!).value;
  });
  if (!ok) {
    fail(log, `${step}.B`, where, 'challenge differs from H(H_E; 0x31, K, C0, C1, C2, a, b, β)');
    return undefined;
  }
  return form;
}
