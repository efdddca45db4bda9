/**
 * The decryption request and challenge files (`GET …/decryption/{kind}/request` and
 * `…/challenge`, spec/server-api.md §7.2) serialised once per board entry (§6.5, §10): a request
 * for the ranked rows of a large election holds every mixed ciphertext, so encoding it per request
 * would let anyone make the server re-encode it at will. A request never changes once posted; a
 * challenge changes with the round.
 * @module
 */
import type { ServerContext } from '../context.js';
import { answerCache } from '../limits/answer-cache.js';
import type { RequestKind } from '@evident/record';
import { challengeFile, requestFile } from './decryption-session.js';
import { readDecryptionState } from './decryption-state.js';

/** The two files as JSON text. */
export interface DecryptionFileText {
  request(electionId: string, kind: RequestKind): Promise<string>;
  challenge(electionId: string, kind: RequestKind): Promise<string>;
}

/**
 * A cache of decryption files.
 * @param keep - most files kept
 */
export function decryptionFileCache(ctx: ServerContext, keep = 8): DecryptionFileText {
  const cache = answerCache(keep);
  return {
    async request(id, kind) {
      const entry = (await readDecryptionState(ctx, id))?.requests.find((r) => r.kind === kind)?.logIndex;
      // none yet: requestFile says why (a coded 409 or 404)
      if (entry === undefined) return JSON.stringify(await requestFile(ctx, id, kind));
      return cache.text(`${id}\n${kind}\nrequest`, String(entry), () => requestFile(ctx, id, kind));
    },
    async challenge(id, kind) {
      const entry = (await readDecryptionState(ctx, id))?.challenge?.logIndex;
      if (entry === undefined) return JSON.stringify(await challengeFile(ctx, id, kind));
      return cache.text(`${id}\n${kind}\nchallenge`, String(entry), () => challengeFile(ctx, id, kind));
    },
  };
}
