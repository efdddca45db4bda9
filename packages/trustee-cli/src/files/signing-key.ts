/**
 * The guardian's signing key in the trustee files (spec/key-ceremony.md §13): made at `init` and
 * kept in the encrypted secret file, published with the commitments (`signingKey`,
 * `signingKeyProof`) and carried into election-key.json; the statements themselves are defined
 * once, in @evident/e2e-crypto (`guardian-signature`).
 * @module
 */
import {
  type GuardianCommitments,
  type GuardianStatement,
  type SchnorrProof,
  decodeSignatureBytes,
  generateGuardianSigningKey,
  guardianSigningPublicKey,
  proveSigningKey,
  signGuardianStatement,
  signatureHex,
  toHex,
  verifySigningKeyProof,
  bytesEqual,
  decryptionUploadStatement,
  fromHex,
  verifyGuardianSignature,
  schnorrProofFromJson,
  schnorrProofToJson,
} from '@evident/e2e-crypto';
import { EXIT, TrusteeError, refuse } from '../errors.js';
import type { SecretFile } from '../secret-store.js';
import type { Ceremony, GuardianId } from './ceremony-file.js';
import type { DecryptionRequest } from './decryption-files.js';
import { inFile, readJsonFile } from './json-file.js';

/** A guardian's published key material: commitments and proofs, and its signing key. */
export interface GuardianPublic<E> extends GuardianCommitments<E> {
  /** Ed25519 public key, 32 bytes */
  readonly signingKey: Uint8Array;
  /** Schnorr proof of a_{i,0} bound to the signing key (check 2.E) */
  readonly signingKeyProof: SchnorrProof<E>;
}

/** A fresh signing secret for the secret file (hex of the 32-byte Ed25519 seed). */
export function newSigningSecret(): string {
  return toHex(generateGuardianSigningKey().secretKey);
}

/** The JSON members `signingKey`, `signingKeyProof`. */
export function signingKeyJson(c: Ceremony, gp: GuardianPublic<unknown>): Record<string, unknown> {
  return {
    signingKey: signatureHex(gp.signingKey),
    signingKeyProof: schnorrProofToJson(c.G, gp.signingKeyProof),
  };
}

/** What `publish` adds to the commitments: the public signing key and its binding proof. */
export function publishSigningKey(
  c: Ceremony,
  secret: SecretFile,
  a0: bigint,
): { signingKey: Uint8Array; signingKeyProof: SchnorrProof<unknown> } {
  const signingKey = guardianSigningPublicKey(signingSecretBytes(secret));
  return { signingKey, signingKeyProof: proveSigningKey(c.G, c.hP, secret.guardian.x, a0, signingKey) };
}

/**
 * Parses and checks a guardian's `signingKey` and `signingKeyProof` (check 2.E).
 * @throws {TrusteeError} INVALID_FILE naming the field
 */
export function parseSigningKey(
  c: Ceremony,
  file: string,
  d: Record<string, unknown>,
  g: GuardianId,
  Ki: unknown,
  field = '',
): { signingKey: Uint8Array; signingKeyProof: SchnorrProof<unknown> } {
  if (d.signingKey === undefined)
    throw refuse(
      file,
      `guardian ${g.id} has no signing key (made by an older evident-trustee: run init and publish again)`,
      `${field}signingKey`,
    );
  const parsed = inFile(file, () => ({
    signingKey: decodeSignatureBytes(d.signingKey, `${field}signingKey`, 32),
    signingKeyProof: schnorrProofFromJson(c.G, d.signingKeyProof, `${field}signingKeyProof`),
  }));
  if (!verifySigningKeyProof(c.G, c.hP, g.x, Ki, parsed.signingKey, parsed.signingKeyProof))
    throw refuse(
      file,
      `guardian ${g.id}: check 2.E, the signing key is not a valid Ed25519 key bound to K_${g.x}`,
      `${field}signingKeyProof`,
    );
  return parsed;
}

/** Check 2.E: no two guardians publish the same signing key. */
export function checkDistinctSigningKeys(
  file: string,
  guardians: ReadonlyMap<number, GuardianPublic<unknown>>,
): void {
  const seen = new Map<string, number>();
  for (const [x, gp] of guardians) {
    const h = toHex(gp.signingKey);
    if (seen.has(h))
      throw refuse(file, `guardians ${seen.get(h)} and ${x} publish the same signing key (check 2.E)`);
    seen.set(h, x);
  }
}

function signingSecretBytes(s: SecretFile): Uint8Array {
  if (!s.payload.signingKey)
    throw new TrusteeError(
      EXIT.PROTOCOL,
      s.path,
      'holds no signing key (made by an older evident-trustee): the guardian runs init again',
    );
  return fromHex(s.payload.signingKey, 'signingKey');
}

/**
 * The guardian's signing secret, checked against the signing key published for it in the
 * election key (a different one means another election, or a swapped file).
 */
export function signingSecretOf(
  guardians: ReadonlyMap<number, GuardianPublic<unknown>>,
  s: SecretFile,
): Uint8Array {
  const sk = signingSecretBytes(s);
  const published = guardians.get(s.guardian.x)?.signingKey;
  if (!published || !bytesEqual(guardianSigningPublicKey(sk), published))
    throw refuse(s.path, 'signing key does not match the election key file (another election?)');
  return sk;
}

/** `file` with its `signature` member: the guardian's signature of `statement`. */
export function withSignature(
  file: Record<string, unknown>,
  sk: Uint8Array,
  statement: GuardianStatement,
): Record<string, unknown> {
  return { ...file, signature: signatureHex(signGuardianStatement(sk, statement)) };
}

/**
 * Checks that a partial-decryption or response file is signed by the guardian it names (the
 * administrator's `combine` accepts no file a guardian did not sign).
 * @param guardians - the election key's guardians with their signing keys
 * @throws {TrusteeError} INVALID_FILE naming `signature`
 */
export function checkUploadSignature(
  hE: Uint8Array,
  guardians: ReadonlyMap<number, GuardianPublic<unknown>>,
  req: DecryptionRequest,
  path: string,
  kind: 'partial-decryption' | 'decryption-response',
  x: number,
): void {
  const f = readJsonFile(
    path,
    kind === 'partial-decryption'
      ? 'evident-trustee/partial-decryption'
      : 'evident-trustee/decryption-response',
  );
  const key = guardians.get(x)?.signingKey;
  const sig = inFile(path, () => decodeSignatureBytes(f.data.signature, 'signature', 64));
  if (!key || !verifyGuardianSignature(key, decryptionUploadStatement(hE, kind, req.kind, x, f.data), sig))
    throw refuse(path, `is not signed by guardian ${x} (spec/key-ceremony.md §13)`, 'signature');
}
