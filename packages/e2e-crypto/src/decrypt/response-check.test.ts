/**
 * Batched checks of guardian responses (eq 74–75, ./response-check.ts), ristretto255, n = 4,
 * k = 3: all valid → none named; a changed response, an out-of-range one, a changed commitment
 * or a missing challenge is named with its guardian and index — the batch never hides a bad one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Bytes } from '../bytes.js';
import { baseHash, manifestHash, parameterBaseHash } from '../election/base-hashes.js';
import { encrypt, publicKey } from '../elgamal/elgamal.js';
import { ristretto } from '../group/ristretto255.js';
import { mod, randomScalar } from '../group/scalar.js';
import { runLocalCeremony } from '../keyceremony/local-ceremony.js';
import { keyShareCommitment } from '../keyceremony/polynomial.js';
import type { DecryptionTarget } from './decryption-target.js';
import { partialDecrypt, respondToChallenge } from './partial-decryption.js';
import { combineRound1 } from './quorum-decryption.js';
import { badResponses, firstBadResponse, type GuardianResponses } from './response-check.js';

const G = ristretto;
type E = typeof G.g;
const hP = parameterBaseHash(G);
const c = runLocalCeremony(G, hP, baseHash(hP, manifestHash(hP, utf8Bytes('m')), 4, 3), 4, 3);
const all = c.guardians.map((g) => g.commitments);
const Ki = new Map(c.secrets.map((s) => [s.i, keyShareCommitment(G, all, s.i)]));
const setup = { ctx: { K: c.K, hE: c.hE }, k: 3, keyShareCommitments: Ki };
const pk = publicKey(G, c.K);
const targets: DecryptionTarget<E>[] = [0, 1, 2, 3, 4, 5].map((t) => ({
  kind: 'selection',
  ct: encrypt(G, pk, t),
}));
const U = [1, 2, 4];
const nonces = new Map(U.map((i) => [i, targets.map(() => randomScalar(G.q))]));
const partials = new Map(
  U.map((i) => [i, partialDecrypt(G, setup.ctx, i, c.secrets[i - 1]!.Pi, targets, nonces.get(i)!)]),
);
const r1 = combineRound1(G, setup, targets, partials);
if (!r1.ok) throw new Error('round 1 failed');
const valid: GuardianResponses<E>[] = U.map((i) => ({
  keyShareCommitment: Ki.get(i)!,
  parts: partials.get(i)!.items,
  challenges: r1.challenges.get(i)!,
  responses: r1.challenges
    .get(i)!
    .map((ci, x) => respondToChallenge(G.q, nonces.get(i)![x]!, ci, c.secrets[i - 1]!.Pi)),
}));

describe('batched guardian response checks', () => {
  it('valid responses pass, one guardian or all at once', () => {
    expect(badResponses(G, targets, valid)).toEqual([-1, -1, -1]);
    for (const g of valid) expect(firstBadResponse(G, targets, g)).toBe(-1);
  });

  it('names the guardian and the first bad index, whatever is changed (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: U.length - 1 }),
        fc.integer({ min: 0, max: targets.length - 1 }),
        fc.constantFrom('v', 'a', 'b', 'M', 'range', 'challenge'),
        (j, x, what) => {
          const g = valid[j]!;
          const changed: GuardianResponses<E> = {
            ...g,
            responses: g.responses.map((v, y) =>
              y !== x ? v : what === 'v' ? mod(v + 1n, G.q) : what === 'range' ? v + G.q : v,
            ),
            parts: g.parts.map((p, y) =>
              y !== x || !['a', 'b', 'M'].includes(what) ? p : { ...p, [what]: G.mul(p[what as 'a'], G.g) },
            ),
            challenges: g.challenges.map((ci, y) => (y === x && what === 'challenge' ? undefined : ci)),
          };
          const list = valid.map((v, y) => (y === j ? changed : v));
          expect(badResponses(G, targets, list)).toEqual(U.map((_, y) => (y === j ? x : -1)));
          expect(firstBadResponse(G, targets, changed)).toBe(x);
        },
      ),
      { numRuns: 12 },
    );
  });
});
