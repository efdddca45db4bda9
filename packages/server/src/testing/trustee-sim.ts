/**
 * Guardians in the test process: what `evident-trustee decrypt` does with a request and a
 * challenge, over the key shares of an in-process ceremony (`runLocalCeremony`), writing the same
 * file formats (spec/key-ceremony.md §9). For tests only: real guardians run `evident-trustee`
 * on their own machines (the demo does).
 * @module
 */
import { randomBytes } from 'node:crypto';
import {
  decryptionUploadStatement,
  expectedGuardianChallenge,
  partialDecrypt,
  randomScalar,
  respondToChallenge,
  signatureHex,
  signGuardianStatement,
  toHex,
  type Group,
  type LocalCeremony,
} from '@evident/e2e-crypto';
import { decodeChallenge, decodeRequest, partialJson, responseJson } from '@evident/record';

/** One simulated guardian. */
export interface SimulatedGuardian {
  readonly x: number;
  readonly id: string;
  /** Round 1: the partial-decryption file for a request file. */
  partial(request: Record<string, unknown>): Record<string, unknown>;
  /** Round 2: the response file for a request and its challenge. */
  respond(request: Record<string, unknown>, challenge: Record<string, unknown>): Record<string, unknown>;
  /** Signs `file` (a partial or response for `request`, maybe changed) with this guardian's key. */
  sign(
    kind: 'partial-decryption' | 'decryption-response',
    request: Record<string, unknown>,
    file: Record<string, unknown>,
  ): Record<string, unknown>;
}

/** Guardian x of ceremony `c` (ids "guardian-<x>"). */
export function simulatedGuardian<E>(
  G: Group<E>,
  c: LocalCeremony<E>,
  x: number,
  k: number,
): SimulatedGuardian {
  const { Pi, signingSecret } = c.secrets.find((s) => s.i === x)!;
  // the upload signed as `evident-trustee decrypt` signs it (spec/key-ceremony.md §13)
  const signed = (
    kind: 'partial-decryption' | 'decryption-response',
    request: Record<string, unknown>,
    file: Record<string, unknown>,
  ) => {
    const who = (file.guardian as { x: number } | undefined)?.x ?? x;
    const st = decryptionUploadStatement(c.hE, kind, String(request.kind), who, file);
    return { ...file, signature: signatureHex(signGuardianStatement(signingSecret, st)) };
  };
  const ctx = { K: c.K, hE: c.hE };
  const id = `guardian-${x}`;
  const sessions = new Map<string, { session: string; us: bigint[] }>();
  return {
    x,
    id,
    sign: signed,
    partial(request) {
      const req = decodeRequest(G, request);
      const us = req.items.map(() => randomScalar(G.q));
      const session = toHex(randomBytes(32));
      sessions.set(req.digest, { session, us });
      const pds = partialDecrypt(
        G,
        ctx,
        x,
        Pi,
        req.items.map((it) => it.target),
        us,
      );
      return signed('partial-decryption', request, partialJson(G, req, { id, x }, session, pds));
    },
    respond(request, challenge) {
      const req = decodeRequest(G, request);
      const s = sessions.get(req.digest)!;
      const ch = decodeChallenge(G, challenge);
      const quorum = ch.quorum.map((q) => q.x);
      const vs = req.items.map((it, t) => {
        const ci = expectedGuardianChallenge(G, ctx, it.target, ch.combined[t]!, quorum, k, x)!;
        return respondToChallenge(G.q, s.us[t]!, ci, Pi);
      });
      return signed('decryption-response', request, responseJson(req, { id, x }, s.session, vs));
    },
  };
}
