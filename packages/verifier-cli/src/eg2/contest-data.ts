/**
 * Decryption of contest data with a published β and comparison with the published plaintext
 * (EG 2.0 §3.3.6 eq 51–55, §3.6.4 eq 86–89; Evident checks 14.mac and 14.data,
 * spec/verification-eg2.md §3.14).
 *
 * egk's key derivation differs from EG 2.0.0 eq 52: Label "share_enc_keys" instead of
 * "data enc keys", Context "contest_data" ∥ contest label (UTF-8) instead of
 * "contest data" ∥ b(ind_c, 4), and the length field b(8·len(C1), 4) instead of
 * b((b_D + 1)·256, 4). Both forms are tried, egk's first. The plaintext is egk's protobuf
 * ContestData message (field 1 status, 2 over-votes, 3 write-ins, 4 padding).
 * @module
 */
import {
  bytesEqual,
  contestDataContext,
  domain,
  H,
  hashedDecrypt,
  hmacSha256,
  int4,
  utf8Bytes,
  type Group,
} from '@evident/e2e-crypto';
import type { HashForm } from './egk-hashes.js';
import type { Eg2ContestData, Eg2HashedCiphertext } from './record-types.js';

/** egk's KDF keys k_0 … k_bD. */
function egkKeys(k: Uint8Array, contestId: string, blocks: number, bits: number): Uint8Array[] {
  const label = utf8Bytes('share_enc_keys');
  const context = utf8Bytes('contest_data' + contestId);
  const keys: Uint8Array[] = [];
  for (let i = 0; i <= blocks; i++) keys.push(hmacSha256(k, int4(i), label, domain(0), context, int4(bits)));
  return keys;
}

/** The result of decrypting contest data with β. */
export interface ContestDataPlaintext {
  readonly form: HashForm;
  readonly data: Uint8Array;
}

/**
 * Checks the MAC C2 with the key derived from β and decrypts C1.
 * @returns the plaintext and the form of key derivation that matched, or undefined when the MAC
 *   verifies in neither form (β is not C0^s, or the ciphertext was changed)
 */
export function decryptContestData<E>(
  G: Group<E>,
  hE: Uint8Array,
  K: E,
  ct: Eg2HashedCiphertext,
  c0: E,
  beta: E,
  contestId: string,
  contestIndex: number,
): ContestDataPlaintext | undefined {
  const c1 = ct.c1;
  if (c1.length === 0 || c1.length % 32 !== 0) return undefined;
  const k = H(hE, domain(0x22), G.encode(K), G.encode(c0), G.encode(beta)); // eq 51
  const keys = egkKeys(k, contestId, c1.length / 32, 8 * c1.length);
  if (bytesEqual(hmacSha256(keys[0]!, G.encode(c0), c1), ct.c2)) {
    const data = new Uint8Array(c1.length);
    for (let i = 0; i < c1.length; i++) data[i] = c1[i]! ^ keys[1 + (i >> 5)]![i & 31]!;
    return { form: 'egk', data: data.slice(0, Math.min(ct.numBytes, data.length)) };
  }
  const spec = hashedDecrypt(G, hE, K, { c0, c1, c2: ct.c2 }, beta, contestDataContext(contestIndex));
  return spec ? { form: 'spec', data: spec } : undefined;
}

/** egk's ContestData status enumeration, in its declaration order. */
const STATUS = ['normal', 'null_vote', 'over_vote', 'under_vote'];

/** Reads a protobuf varint at `at.pos` of `buf`; undefined when truncated or too long. */
function readVarint(buf: Uint8Array, at: { pos: number }): number | undefined {
  let v = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    const b = buf[at.pos++];
    if (b === undefined) return undefined;
    v += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return v;
  }
  return undefined;
}

/**
 * Parses egk's protobuf ContestData message.
 * @returns the contest data, or undefined when the bytes are not such a message
 */
export function parseContestData(bytes: Uint8Array): Eg2ContestData | undefined {
  const at = { pos: 0 };
  let status = 0;
  const overVotes: number[] = [];
  const writeIns: string[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  while (at.pos < bytes.length) {
    const tag = readVarint(bytes, at);
    if (tag === undefined) return undefined;
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) {
      const v = readVarint(bytes, at);
      if (v === undefined) return undefined;
      if (field === 1) status = v;
      else if (field === 2) overVotes.push(v);
    } else if (wire === 2) {
      const len = readVarint(bytes, at);
      if (len === undefined || at.pos + len > bytes.length) return undefined;
      const body = bytes.subarray(at.pos, at.pos + len);
      at.pos += len;
      if (field === 2) {
        const inner = { pos: 0 }; // packed repeated over-votes
        while (inner.pos < body.length) {
          const v = readVarint(body, inner);
          if (v === undefined) return undefined;
          overVotes.push(v);
        }
      } else if (field === 3) {
        try {
          writeIns.push(decoder.decode(body));
        } catch {
          return undefined;
        }
      }
    } else if (wire === 5 || wire === 1) {
      at.pos += wire === 5 ? 4 : 8;
    } else {
      return undefined;
    }
  }
  if (at.pos !== bytes.length) return undefined;
  const name = STATUS[status];
  return name === undefined ? undefined : { overVotes, writeIns, status: name };
}

/** True when two contest-data values are equal. */
export function sameContestData(a: Eg2ContestData, b: Eg2ContestData): boolean {
  return (
    a.status === b.status &&
    a.overVotes.length === b.overVotes.length &&
    a.overVotes.every((v, i) => v === b.overVotes[i]) &&
    a.writeIns.length === b.writeIns.length &&
    a.writeIns.every((v, i) => v === b.writeIns[i])
  );
}
