/**
 * @evident/e2e-crypto — Evident's election cryptography (spec/crypto.md).
 *
 * Group profiles (`eg4096`, `ristretto`), the ElectionGuard 2.0 hash H, exponential ElGamal,
 * hashed ElGamal, Schnorr / Chaum–Pedersen / range proofs and batch verification.
 * Runs in Node and in browsers: no Node-only APIs.
 * @module
 */
export * from './errors.js';
export * from './findings.js';
export * from './bytes.js';
export type { Group, FixedBase, ProfileName, ProofForm } from './group/group.js';
export * from './group/scalar.js';
export * from './group/eg-4096.js';
export * from './group/ristretto255.js';
export * from './group/profiles.js';
export * from './hash/hash.js';
export { hmacSha256, sha256Digest } from './hash/hmac.js';
export { nativeEd25519, verifyEd25519, type Ed25519VerifyOptions } from './signature/ed25519-verify.js';
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
export * from './log/tree-hash.js';
export * from './log/merkle-log.js';
export * from './log/verify-proofs.js';
export * from './log/tree-head.js';
export * from './credentials/credential.js';
export * from './credentials/ballot-signature.js';
export * from './bench-types.js';
export * from './credentials/ballot-digest.js';
export * from './keyceremony/polynomial.js';
export * from './keyceremony/coefficient-proofs.js';
export * from './keyceremony/share-encryption.js';
export * from './keyceremony/share-verification.js';
export * from './keyceremony/joint-key.js';
export * from './keyceremony/local-ceremony.js';
export * from './keyceremony/guardian-signature.js';
export * from './decrypt/lagrange.js';
export * from './decrypt/decryption-target.js';
export * from './decrypt/partial-decryption.js';
export * from './decrypt/joint-proof.js';
export * from './decrypt/response-check.js';
export * from './decrypt/quorum-decryption.js';
export * from './decrypt/local-decryption.js';
export * from './decrypt/verify-decryption.js';
export * from './manifest/manifest.js';
export * from './manifest/canonical.js';
export * from './manifest/check-manifest.js';
export * from './ballot/contest-data.js';
export * from './ballot/device-chain.js';
export * from './ballot/encrypt-ballot.js';
export * from './tally/encrypted-tally.js';
export * from './tally/decryptor.js';
export * from './tally/decrypt-tally.js';
export * from './ballot/encrypting-device.js';
export * from './mixnet/generators.js';
export * from './mixnet/shuffle.js';
export * from './mixnet/shuffle-proof.js';
export * from './mixnet/verify-shuffle.js';
export * from './mixnet/mix-chain.js';
export * from './codec/hex-json.js';
export * from './codec/proof-json.js';
export * from './mixnet/codec.js';
export * from './mixnet/decryption.js';
export { encodeElement, decodeElement } from './mixnet/encoding-cache.js';
export * from './ranked/ranked-ballot.js';
export * from './ranked/ranking.js';
export * from './ranked/count-table.js';
export * from './ranked/instant-runoff.js';
export * from './ranked/stv.js';
export * from './ranked/verify-count.js';
export * from './ballot/contest-hash.js';
export * from './mixnet/threshold-decryption.js';
export * from './ranked/write-in.js';
export * from './ranked/read-rows.js';
export * from './ranked/codec.js';
export * from './ranked/ranked-nonce.js';
export * from './ranked/ranked-opening.js';
export * from './mixnet/offline.js';
export { ready } from './group/wasm-ready.js';
export * from './paper/paper-signature.js';
