/**
 * Guardian signatures (spec/key-ceremony.md §13): the statement binds every field, a signature
 * verifies only under its guardian's key, and the signing key is bound to K_i by its proof.
 */
import { describe, expect, it } from 'vitest';
import { parameterBaseHash } from '../election/base-hashes.js';
import { ristretto } from '../group/ristretto255.js';
import type { Group } from '../group/group.js';
import { createHash } from 'node:crypto';
import {
  type GuardianStatement,
  guardianStatement,
  generateGuardianSigningKey,
  guardianSigningPublicKey,
  isValidSigningKey,
  proveSigningKey,
  signGuardianStatement,
  verifyGuardianSignature,
  verifySigningKeyProof,
} from './guardian-signature.js';

const G = ristretto as Group<unknown>;
const hP = parameterBaseHash(G);
const base: GuardianStatement = {
  hE: new Uint8Array(32).fill(7),
  kind: 'mix-stage',
  scope: 'mayor',
  index: 1,
  guardian: 2,
  content: { outputs: [[{ alpha: 'AA', beta: 'BB' }]], proof: { s1: '01' } },
};

describe('the signed statement (spec/key-ceremony.md §13)', () => {
  it('is str(context) ∥ H_E ∥ str(kind) ∥ str(scope) ∥ u32(index) ∥ u32(i) ∥ SHA-256(JCS(content))', () => {
    const str = (t: string) => {
      const b = Buffer.from(t, 'utf8');
      const n = Buffer.alloc(4);
      n.writeUInt32BE(b.length);
      return Buffer.concat([n, b]);
    };
    const u32 = (v: number) => {
      const n = Buffer.alloc(4);
      n.writeUInt32BE(v);
      return n;
    };
    // RFC 8785 by hand: keys sorted, no spaces
    const jcs = '{"outputs":[[{"alpha":"AA","beta":"BB"}]],"proof":{"s1":"01"}}';
    const expected = Buffer.concat([
      str('evident/guardian-signature/v1'),
      Buffer.from(base.hE),
      str('mix-stage'),
      str('mayor'),
      u32(1),
      u32(2),
      createHash('sha256').update(jcs).digest(),
    ]);
    expect(Buffer.from(guardianStatement(base)).toString('hex')).toBe(expected.toString('hex'));
  });

  it('refuses misuse: H_E of another length, a negative or fractional index', () => {
    expect(() => guardianStatement({ ...base, hE: new Uint8Array(31) })).toThrow(RangeError);
    expect(() => guardianStatement({ ...base, index: -1 })).toThrow(RangeError);
    expect(() => guardianStatement({ ...base, guardian: 1.5 })).toThrow(RangeError);
  });
});

describe('guardian signature', () => {
  const me = generateGuardianSigningKey();
  const other = generateGuardianSigningKey();
  const sig = signGuardianStatement(me.secretKey, base);

  it('verifies under the signer key only', () => {
    expect(guardianSigningPublicKey(me.secretKey)).toEqual(me.publicKey);
    expect(verifyGuardianSignature(me.publicKey, base, sig)).toBe(true);
    expect(verifyGuardianSignature(other.publicKey, base, sig)).toBe(false);
  });

  it.each([
    ['hE', { hE: new Uint8Array(32).fill(8) }],
    ['kind', { kind: 'partial-decryption' as const }],
    ['scope', { scope: 'council' }],
    ['index', { index: 0 }],
    ['guardian', { guardian: 3 }],
    ['content', { content: { outputs: [[{ alpha: 'AA', beta: 'BC' }]], proof: { s1: '01' } } }],
  ])('a changed %s fails', (_, change) => {
    expect(verifyGuardianSignature(me.publicKey, { ...base, ...change }, sig)).toBe(false);
  });

  it('content is hashed in canonical form: key order does not matter', () => {
    const reordered = { ...base, content: { proof: { s1: '01' }, outputs: [[{ beta: 'BB', alpha: 'AA' }]] } };
    expect(verifyGuardianSignature(me.publicKey, reordered, sig)).toBe(true);
  });

  it('never throws on bad data', () => {
    expect(verifyGuardianSignature(me.publicKey, base, sig.slice(0, 63))).toBe(false);
    expect(verifyGuardianSignature(new Uint8Array(32), base, sig)).toBe(false);
    expect(verifyGuardianSignature(me.publicKey, { ...base, hE: new Uint8Array(3) }, sig)).toBe(false);
    const flipped = sig.slice();
    flipped[5]! ^= 1;
    expect(verifyGuardianSignature(me.publicKey, base, flipped)).toBe(false);
  });

  it('rejects invalid public keys: wrong length, small order, not on the curve', () => {
    expect(isValidSigningKey(me.publicKey)).toBe(true);
    expect(isValidSigningKey(new Uint8Array(31))).toBe(false);
    const identity = new Uint8Array(32);
    identity[0] = 1; // the neutral element (0, 1)
    expect(isValidSigningKey(identity)).toBe(false);
    expect(isValidSigningKey(new Uint8Array(32).fill(0xff))).toBe(false);
  });
});

describe('signing-key binding proof (2.E)', () => {
  const a0 = 123456789n;
  const Ki = G.gExp(a0);
  const key = generateGuardianSigningKey().publicKey;
  const proof = proveSigningKey(G, hP, 1, a0, key);

  it('verifies for the guardian, its K_i and its signing key', () => {
    expect(verifySigningKeyProof(G, hP, 1, Ki, key, proof)).toBe(true);
  });

  it('fails for another signing key, another guardian number or another K_i', () => {
    expect(verifySigningKeyProof(G, hP, 1, Ki, generateGuardianSigningKey().publicKey, proof)).toBe(false);
    expect(verifySigningKeyProof(G, hP, 2, Ki, key, proof)).toBe(false);
    expect(verifySigningKeyProof(G, hP, 1, G.gExp(a0 + 1n), key, proof)).toBe(false);
  });
});
