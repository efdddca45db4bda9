/**
 * One challenge per decryption session, whatever copy of the secret file answers
 * (spec/key-ceremony.md §9.8). The session of a guardian is a function of its secret and the whole
 * session statement — session = HMAC(nonceKey, "evident decrypt session" ∥ requestDigest ∥
 * b(round,4)) — and the nonces derive from the session, so every copy (a backup, a second machine)
 * makes the same round-1 commitments. Round 2 answers only the challenge that the board fixed for
 * that round (./board-challenge.ts); without a board only `--unchecked` answers, guarded by the
 * session record of this one copy of the secret file.
 * @module
 */
import {
  canonicalJsonString,
  fromHex,
  hashToScalar,
  hmacSha256,
  int4,
  toHex,
  utf8Bytes,
} from '@evident/e2e-crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { EXIT, TrusteeError, refuse } from '../errors.js';
import type { DecryptionRequest } from '../files/decryption-files.js';
import type { ElectionKey } from '../files/election-key.js';
import { readJsonFile, writeJsonFile } from '../files/json-file.js';
import { CHALLENGE_FORMAT } from '../files/decryption-files.js';
import { type SecretFile, writeSecret } from '../secret-store.js';
import type { DecryptOptions, DecryptSources } from '../commands/decrypt-sources.js';
import { boardChallenge } from './board-challenge.js';

/** The deterministic session id of `secret`'s guardian for `req` in `round` (hex, 32 bytes). */
export function decryptionSession(secret: SecretFile, req: DecryptionRequest, round: number): string {
  if (!Number.isSafeInteger(round) || round < 1)
    throw new TrusteeError(EXIT.USAGE, undefined, '--round must be a positive integer');
  return toHex(
    hmacSha256(
      fromHex(secret.payload.nonceKey),
      utf8Bytes('evident decrypt session'),
      fromHex(req.digest),
      int4(round),
    ),
  );
}

/**
 * A scalar derived from the guardian's nonce key for `label` in `session` and the request, with
 * `extra` bound after them: deterministic, so that every copy of the secret file derives the same.
 */
function sessionScalar(
  ek: ElectionKey,
  secret: SecretFile,
  label: string,
  session: string,
  req: DecryptionRequest,
  ...extra: Uint8Array[]
): bigint {
  return hashToScalar(
    ek.c.G,
    hmacSha256(
      fromHex(secret.payload.nonceKey),
      utf8Bytes(label),
      fromHex(session),
      fromHex(req.digest),
      ...extra,
    ),
  );
}

/** u_{i,x}: the joint-proof nonce of item x in a session, derived from the guardian's nonce key. */
export function sessionNonce(
  ek: ElectionKey,
  secret: SecretFile,
  session: string,
  req: DecryptionRequest,
  x: number,
): bigint {
  return sessionScalar(ek, secret, 'evident decrypt nonce', session, req, int4(x));
}

/**
 * The nonce of the round-1 batched proof (§10), deterministic like the item nonces: a copy of the
 * secret file proves the same statement with the same proof (a fresh nonce would be safe too, its
 * challenge being its own; determinism makes every copy's file byte-identical).
 */
export function batchProofNonce(
  ek: ElectionKey,
  secret: SecretFile,
  req: DecryptionRequest,
  session: string,
): bigint {
  return sessionScalar(ek, secret, 'evident decrypt batch proof nonce', session, req);
}

/**
 * The challenge file round 2 may answer, and its round: with a board, the first
 * `decryption-challenge` of the round (a `--challenge` file must equal it; else it is written to
 * `<out>.challenge.json`); without a board, the `--challenge` file, only with `--unchecked`.
 * @throws {TrusteeError} USAGE without a board and without --unchecked; INVALID_FILE when the
 *   given challenge is not the board's
 */
export function fixedChallenge(
  req: DecryptionRequest,
  o: DecryptOptions,
  src: DecryptSources,
): { path: string; round: number } {
  if (!src.board) {
    if (!o.challenge) throw new TrusteeError(EXIT.USAGE, undefined, 'round 2 needs --challenge or --server');
    if (!o.unchecked)
      throw new TrusteeError(
        EXIT.USAGE,
        undefined,
        'no board fixes this challenge: give --board DIR or --server URL (or --unchecked, and never answer this session from another copy of the secret file)',
      );
    return { path: o.challenge, round: src.round };
  }
  const { entry, json } = boardChallenge(src.board, req.kind, src.round);
  if (o.challenge) {
    const given = readJsonFile(o.challenge, CHALLENGE_FORMAT).data;
    if (canonicalJsonString(given) !== canonicalJsonString(json))
      throw refuse(
        o.challenge,
        `is not the board's challenge of round ${src.round} (log entry ${entry.index}): answering only that one`,
      );
    return { path: o.challenge, round: src.round };
  }
  const path = `${o.out}.challenge.json`;
  writeJsonFile(path, json);
  return { path, round: src.round };
}

/**
 * Records session → digest of (U, c_i) in this copy of the secret file and refuses a different
 * challenge for a session it answered. Not needed on a consistent board (§9.8); without a board it
 * is the only guard, and with one it still stops this copy from answering a second challenge
 * shown by a forked log.
 * @throws {TrusteeError} PROTOCOL when this copy answered the session with another challenge
 */
export function rememberAnswer(
  path: string,
  secret: SecretFile,
  passphrase: string,
  session: string,
  U: readonly number[],
  cs: readonly bigint[],
  challengeFile: string,
): void {
  const digest = toHex(sha256(utf8Bytes(JSON.stringify([U, cs.map(String)]))));
  const answered = (secret.payload.answered ??= {});
  if (answered[session] !== undefined && answered[session] !== digest)
    throw new TrusteeError(
      EXIT.PROTOCOL,
      challengeFile,
      'this session was already answered with a different challenge; refusing (the decryption must restart with a new round)',
    );
  if (answered[session] === digest) return;
  answered[session] = digest;
  writeSecret(path, secret, passphrase);
}
