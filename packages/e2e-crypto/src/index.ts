/**
 * @evident/e2e-crypto — Evident's election cryptography (spec/crypto.md).
 *
 * Group profiles (`eg4096`, `ristretto`), the ElectionGuard 2.0 hash H, exponential ElGamal,
 * hashed ElGamal, Schnorr / Chaum–Pedersen / range proofs and batch verification.
 * Runs in Node and in browsers: no Node-only APIs.
 * @module
 */
export * from './errors.js';
export * from './bytes.js';
export type { Group, FixedBase, ProfileName, ProofForm } from './group/group.js';
export * from './group/scalar.js';
export * from './group/eg-4096.js';
export * from './group/ristretto255.js';
export * from './group/profiles.js';
export * from './hash/hash.js';
export { hmacSha256 } from './hash/hmac.js';
export * from './election/base-hashes.js';
export * from './elgamal/elgamal.js';
export * from './elgamal/discrete-log.js';
export * from './elgamal/hashed-elgamal.js';
export * from './proofs/batch.js';
export * from './proofs/challenge.js';
export * from './proofs/schnorr.js';
export * from './proofs/chaum-pedersen.js';
export * from './proofs/range-proof.js';
export * from './election/nonces.js';
export * from './election/confirmation-code.js';
