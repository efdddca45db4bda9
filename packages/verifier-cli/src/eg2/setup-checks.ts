/**
 * Verifications 1–4 of EG 2.0 §6.2.1–6.2.3: parameters and base hashes, guardian public keys,
 * the joint election key and the extended base hash (spec/verification-eg2.md §3.1–3.4).
 * @module
 */
import {
  baseHash,
  challengeInRange,
  domain,
  EG_G,
  EG_P,
  EG_Q,
  EG_R,
  extendedBaseHash,
  H,
  inZq,
  int4,
  manifestHash,
  parameterBaseHash,
  toHex,
  verifySchnorr,
  type Group,
} from '@evident/e2e-crypto';
import { checked, fail, type FindingLog } from './findings.js';
import { memberTest } from './openssl-group.js';
import { FILES } from './record-reader.js';
import type { Eg2Config, Eg2Constants, Eg2Initialized, Eg2Manifest } from './record-types.js';

const same = (a: Uint8Array, b: Uint8Array): boolean => toHex(a) === toHex(b);

/** Verification 1: version, standard parameters, H_P, H_M and H_B. */
export function checkParameters(
  G: Group<bigint>,
  constants: Eg2Constants,
  config: Eg2Config,
  manifest: Eg2Manifest,
  log: FindingLog,
): void {
  checked(log, '1');
  const at = FILES.constants;
  if (config.configVersion !== G.version) {
    fail(
      log,
      '1.A',
      `${FILES.config} config_version`,
      `"${config.configVersion}", this verifier implements "${G.version}"`,
    );
  }
  if (constants.largePrime !== EG_P) fail(log, '1.B', `${at} large_prime`, 'not the EG 2.0 prime p');
  if (constants.smallPrime !== EG_Q) fail(log, '1.C', `${at} small_prime`, 'not the EG 2.0 prime q');
  if (constants.cofactor !== EG_R) fail(log, '1.D', `${at} cofactor`, 'not the EG 2.0 cofactor r');
  if (constants.generator !== EG_G) fail(log, '1.E', `${at} generator`, 'not the EG 2.0 generator g');
  const hP = parameterBaseHash(G);
  if (!same(hP, config.parameterBaseHash)) {
    fail(log, '1.F', `${FILES.config} parameter_base_hash`, `differs from H_P = ${toHex(hP)}`);
  }
  const hM = manifestHash(hP, manifest.bytes);
  if (!same(hM, config.manifestHash)) {
    fail(log, '1.G', `${FILES.config} manifest_hash`, `differs from H(H_P; 0x01, manifest) = ${toHex(hM)}`);
  }
  const hB = baseHash(hP, config.manifestHash, config.n, config.k);
  if (!same(hB, config.electionBaseHash)) {
    fail(
      log,
      '1.H',
      `${FILES.config} election_base_hash`,
      `differs from H(H_P; 0x02, H_M, n, k) = ${toHex(hB)}`,
    );
  }
}

/** Verification 2: each guardian's k commitments K_i,j with Schnorr proofs (c_i,j, v_i,j). */
export function checkGuardianKeys(
  G: Group<bigint>,
  config: Eg2Config,
  init: Eg2Initialized,
  log: FindingLog,
): void {
  const hP = config.parameterBaseHash;
  const isGroupMember = memberTest(G);
  const seen = new Set<number>();
  if (init.guardians.length !== config.n) {
    fail(log, '2.shape', FILES.initialized, `${init.guardians.length} guardians, n = ${config.n}`);
  }
  for (const g of init.guardians) {
    const i = g.xCoordinate;
    const at = `guardian ${g.guardianId}`;
    if (i < 1 || i > config.n || seen.has(i))
      fail(log, '2.shape', at, `x_coordinate ${i} is not a unique index in 1..n`);
    seen.add(i);
    if (g.coefficientProofs.length !== config.k) {
      fail(
        log,
        '2.shape',
        at,
        `${g.coefficientProofs.length} coefficient commitments, quorum k = ${config.k}`,
      );
    }
    g.coefficientProofs.forEach((p, j) => {
      const where = `${at} coefficient ${j}`;
      checked(log, '2');
      if (!isGroupMember(p.publicKey)) return fail(log, '2.A', where, 'K_i,j is not in Z_p^r');
      if (!inZq(p.response, G.q)) return fail(log, '2.B', where, 'v_i,j is not in Z_q');
      const ok =
        challengeInRange(p.challenge) &&
        verifySchnorr(G, p.publicKey, { c: p.challenge, v: p.response }, (h) =>
          H(hP, domain(0x10), int4(i), int4(j), G.encode(p.publicKey), G.encode(h)),
        );
      if (!ok) fail(log, '2.C', where, 'c_i,j differs from H(H_P; 0x10, i, j, K_i,j, h_i,j)');
    });
  }
}

/** Verification 3: K_i = K_i,0 ∈ Z_p^r, K_i ≠ 1, and K = ∏ K_i ≠ 1. */
export function checkElectionKey(G: Group<bigint>, init: Eg2Initialized, log: FindingLog): void {
  const isGroupMember = memberTest(G);
  let product = G.one;
  for (const g of init.guardians) {
    checked(log, '3');
    const Ki = g.coefficientProofs[0]?.publicKey;
    if (Ki === undefined || !isGroupMember(Ki) || Ki === 1n) {
      fail(log, '3.A', `guardian ${g.guardianId}`, 'public key K_i is missing, not in Z_p^r, or 1');
      continue;
    }
    product = G.mul(product, Ki);
  }
  const K = init.jointPublicKey;
  if (K !== product || K === 1n) {
    fail(
      log,
      '3.B',
      `${FILES.initialized} joint_public_key`,
      K === 1n ? 'K = 1' : 'K differs from the product of the K_i',
    );
  }
}

/** Verification 4: H_E = H(H_B; 0x12, K). */
export function checkExtendedBaseHash(
  G: Group<bigint>,
  config: Eg2Config,
  init: Eg2Initialized,
  log: FindingLog,
): void {
  checked(log, '4');
  const hE = extendedBaseHash(G, config.electionBaseHash, init.jointPublicKey);
  if (!same(hE, init.extendedBaseHash)) {
    fail(
      log,
      '4.A',
      `${FILES.initialized} extended_base_hash`,
      `differs from H(H_B; 0x12, K) = ${toHex(hE)}`,
    );
  }
}
