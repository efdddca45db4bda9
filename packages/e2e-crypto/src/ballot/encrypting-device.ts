/**
 * An encrypting device: ballot encryption with the device's confirmation-code chain
 * (EG 2.0 §3.3, §3.4.3; spec/record.md §5.4). Every ballot the device encrypts — cast or
 * challenged — takes the next place in its chain.
 * @module
 */
import type { BallotEncryptionContext, EncryptedBallot, PlaintextBallot } from './encrypt-ballot.js';
import { encryptBallot } from './encrypt-ballot.js';
import { startDeviceChain } from './device-chain.js';

/** A device that encrypts ballots and chains their confirmation codes. */
export interface EncryptingDevice<E> {
  readonly label: string;
  /** Ballots encrypted so far. */
  readonly count: number;
  /** Encrypts the next ballot on this device; returns it with its ballot nonce ξ_B (secret). */
  encrypt(ballot: PlaintextBallot, ballotNonce?: bigint): { ballot: EncryptedBallot<E>; nonce: bigint };
  /** The closing hash of the chain (eq 61); the device encrypts no more after it. */
  close(): Uint8Array;
}

/**
 * A new device.
 * @param label - unique in the election; in the record it names the device's ballot file, so it matches `[A-Za-z0-9][A-Za-z0-9._-]*`
 * @throws {RangeError} for a label that is not a file-name-safe identifier of at most 128 characters
 */
export function createEncryptingDevice<E>(
  ctx: BallotEncryptionContext<E>,
  label: string,
): EncryptingDevice<E> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(label))
    throw new RangeError(`device label "${label}" is not allowed`);
  const chain = startDeviceChain(ctx.hE, label);
  let closed = false;
  return {
    label,
    get count() {
      return chain.length;
    },
    encrypt(ballot, ballotNonce) {
      if (closed) throw new RangeError(`device ${label} is closed`);
      const r = encryptBallot(ctx, ballot, chain.nextAux(), ballotNonce);
      chain.append(r.ballot.code);
      return r;
    },
    close() {
      closed = true;
      return chain.close();
    },
  };
}
