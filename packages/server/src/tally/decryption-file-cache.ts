/**
 * The decryption request and challenge files (`GET …/decryption/{kind}/request` and
 * `…/challenge`, spec/server-api.md §7.2) serialised once per board entry (§6.5, §10), so that
 * nobody can make the server re-encode them at will. A request never changes once posted; a
 * challenge changes with the round. The `ranked` request of version 2 (every mixed ciphertext,
 * ../ranked/ranked-request.ts) is written from the store a chunk at a time to a file of the
 * spool and streamed from there: never held whole in memory.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { groupByName } from '@evident/e2e-crypto';
import type { ServerContext } from '../context.js';
import { answerCache } from '../limits/answer-cache.js';
import { spooledAnswers, type SpooledAnswer, type SpooledAnswers } from '../limits/spooled-answers.js';
import type { RequestKind } from '@evident/record';
import { boardEntry } from '../board/board-entry.js';
import {
  isRankedRequestEntry,
  storedChunks,
  writeRankedRequest,
  type RankedRequestEntry,
} from '../ranked/ranked-request.js';
import { challengeFile, requestFile } from './decryption-session.js';
import { readDecryptionState } from './decryption-state.js';

/** The two files: as JSON text, or (a request of version 2) a spooled file to stream. */
export interface DecryptionFileText {
  request(electionId: string, kind: RequestKind): Promise<string | SpooledAnswer>;
  challenge(electionId: string, kind: RequestKind): Promise<string>;
}

/**
 * A cache of decryption files.
 * @param keep - most files kept (texts, and spooled requests)
 */
export function decryptionFileCache(ctx: ServerContext, keep = 8): DecryptionFileText {
  const cache = answerCache(keep);
  // a folder of its own (the spool's file names are per spool), made when first needed
  const dir = join(ctx.spoolDir, 'requests');
  let spool: SpooledAnswers | undefined;
  const spooled = () => {
    mkdirSync(dir, { recursive: true });
    return (spool ??= spooledAnswers(dir, keep));
  };
  return {
    async request(id, kind) {
      const entry = (await readDecryptionState(ctx, id))?.requests.find((r) => r.kind === kind)?.logIndex;
      // none yet: requestFile says why (a coded 409 or 404)
      if (entry === undefined) return JSON.stringify(await requestFile(ctx, id, kind));
      const e = await boardEntry(ctx, id, entry);
      if (isRankedRequestEntry(e)) {
        const L = groupByName((await ctx.store.getElection(id))!.profile).elementLength;
        return spooled().open(`${id}\n${kind}`, String(entry), (out) =>
          writeRankedRequest(
            e as unknown as RankedRequestEntry,
            L,
            (p) => storedChunks(ctx.store, id, p.logIndex),
            (t) => out.write(t),
          ),
        );
      }
      return cache.text(`${id}\n${kind}\nrequest`, String(entry), () => requestFile(ctx, id, kind));
    },
    async challenge(id, kind) {
      const entry = (await readDecryptionState(ctx, id))?.challenge?.logIndex;
      if (entry === undefined) return JSON.stringify(await challengeFile(ctx, id, kind));
      return cache.text(`${id}\n${kind}\nchallenge`, String(entry), () => challengeFile(ctx, id, kind));
    },
  };
}
