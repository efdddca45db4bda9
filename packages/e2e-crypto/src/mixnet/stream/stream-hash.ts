/**
 * The Fiat–Shamir hashes F1, F2, F4 of spec/mixnet.md §4.3 computed over the shuffle's files, read
 * in blocks: the same bytes in the same order as the in-memory ./../fiat-shamir.ts, so the streamed
 * proof is the same proof (either verifier accepts it). H = HMAC-SHA-256, natively (node:crypto).
 * Every hash still covers the whole statement: all inputs and outputs, every commitment. Node only.
 * @module
 */
import { createHmac, type Hmac } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { u32 } from '../../bytes.js';
import type { Group } from '../../group/group.js';
import { domain, hashToScalar, lengthPrefixed, str } from '../../hash/hash.js';
import { MIX_DOMAIN } from '../generators.js';

const BLOCK = 1 << 22;

/** Feeds the first `len` bytes of the file at `path` into `h`; throws when the file is shorter. */
function feedFile(h: Hmac, path: string, len: number): void {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(Math.min(BLOCK, Math.max(1, len)));
    let pos = 0;
    while (pos < len) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, len - pos), pos);
      if (n === 0) throw new RangeError(`${path}: shorter than ${len} bytes`);
      h.update(buf.subarray(0, n));
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** ρ (F1) over the files of the inputs and outputs, each N·w·2·L bytes. */
export function statementHashOfFiles<E>(
  G: Group<E>,
  Kbytes: Uint8Array,
  session: Uint8Array,
  genSeed: Uint8Array,
  N: number,
  w: number,
  inputs: string,
  outputs: string,
): Uint8Array {
  const h = createHmac('sha256', session);
  for (const part of [
    domain(MIX_DOMAIN.statement),
    str(G.name),
    str(G.version),
    lengthPrefixed(G.parameterBytes),
    Kbytes,
    genSeed,
    u32(N),
    u32(w),
  ])
    h.update(part);
  const len = N * w * 2 * G.elementLength;
  feedFile(h, inputs, len);
  feedFile(h, outputs, len);
  return new Uint8Array(h.digest());
}

/** τ (F2) over the file of c_1..c_N. */
export function challengeSeedOfFile<E>(G: Group<E>, rho: Uint8Array, N: number, cPath: string): Uint8Array {
  const h = createHmac('sha256', rho).update(domain(MIX_DOMAIN.challengeSeed));
  feedFile(h, cPath, N * G.elementLength);
  return new Uint8Array(h.digest());
}

/** c (F4) over the files of ĉ and t̂ and the encodings of t_1, t_2, t_3, t_4. */
export function finalChallengeOfFiles<E>(
  G: Group<E>,
  tau: Uint8Array,
  N: number,
  cHatPath: string,
  tBytes: Uint8Array,
  tHatPath: string,
): bigint {
  const h = createHmac('sha256', tau).update(domain(MIX_DOMAIN.challenge));
  feedFile(h, cHatPath, N * G.elementLength);
  h.update(tBytes);
  feedFile(h, tHatPath, N * G.elementLength);
  return hashToScalar(G, new Uint8Array(h.digest()));
}
