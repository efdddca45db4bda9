/**
 * The count of the ranked contests at the publication (spec/server-api.md §7.5, spec/mixnet.md
 * §6.2, §8.3, spec/ranked-choice.md §3–4), pure, so that it runs in the worker pool with the rest
 * of the publication (../tally/publish-task.ts): the guardians' joint decryptions of the last
 * stage's outputs become, per contest, a `ranked-decryption` entry — every M = β/α^s with its
 * proof, and what the rows read as — and a `ranked-count` entry with the count (instant-runoff,
 * or STV for more than one seat) and its round-by-round table.
 * @module
 */
import {
  countRankedContest,
  readRankedRows,
  rowDecryptionsToJson,
  type ChaumPedersenProof,
  type CountResult,
  type Group,
  type Manifest,
  type RowDecryption,
} from '@evident/e2e-crypto';
import type { DecryptionRequest } from '@evident/record';
import { ApiError } from '../errors.js';

/** The combined decryptions of the `ranked` request: per item, M = α^s and the joint proof. */
export interface RankedDecryptions {
  readonly req: DecryptionRequest<unknown>;
  readonly decryptions: readonly { readonly M: unknown; readonly proof: ChaumPedersenProof<unknown> }[];
}

/**
 * One ranked contest's mix as the publication reads it: its shape. The last stage's outputs
 * themselves are the `ranked` request's items (`<contest>/<row>/<column>`), which the
 * publication decodes anyway: they are not read a second time.
 */
export interface RankedMixed {
  readonly contestId: string;
  /** N: rows entering the mix; 0 means nothing was mixed */
  readonly rows: number;
  /** w: ciphertexts per row */
  readonly w: number;
}

/**
 * The board entries that publish every ranked contest: `ranked-decryption` (rows, plaintexts)
 * and `ranked-count` (the round table), in manifest order; a contest nobody voted in gets an
 * empty count.
 * @param mixed - per ranked contest of the manifest, in its order
 * @param dec - the combined `ranked` request, undefined when no contest had rows
 * @param quorum - the guardians whose shares were combined
 * @throws {ApiError} EVD_ERR_INTERNAL when the decryptions do not cover the mixed rows
 */
export function rankedCountEntries(
  G: Group<unknown>,
  K: unknown,
  manifest: Manifest,
  mixed: readonly RankedMixed[],
  dec: RankedDecryptions | undefined,
  quorum: readonly { x: number; id: string }[],
): { type: string; fields: Record<string, unknown> }[] {
  const contests = manifest.rankedContests ?? [];
  // item id `<contest>/<row>/<column>` → its decryption
  const byId = new Map(dec?.req.items.map((it, t) => [it.id, { it, d: dec.decryptions[t]! }]) ?? []);
  const out: { type: string; fields: Record<string, unknown> }[] = [];
  for (const c of contests) {
    const m = mixed.find((x) => x.contestId === c.id);
    if (!m) throw new ApiError('EVD_ERR_INTERNAL', `no mix of ranked contest ${c.id}`);
    let count: CountResult;
    if (m.rows === 0) count = countRankedContest(c, []);
    else {
      const rows: RowDecryption<unknown, ChaumPedersenProof<unknown>>[][] = Array.from(
        { length: m.rows },
        (_, i) =>
          Array.from({ length: m.w }, (_, k) => {
            const hit = byId.get(`${c.id}/${i}/${k}`);
            if (!hit || hit.it.target.kind !== 'selection')
              throw new ApiError('EVD_ERR_INTERNAL', `no decryption of ${c.id}/${i}/${k}`);
            // the request holds α^s; the record publishes M = β/α^s (spec/mixnet.md §6.2)
            return { M: G.div(hit.it.target.ct.beta, hit.d.M), proof: hit.d.proof };
          }),
      );
      const plaintexts = readRankedRows(G, K, c, rows);
      count = countRankedContest(
        c,
        plaintexts.map((p) => p.ranks),
        plaintexts.map((p) => p.writeIns),
      );
      out.push({
        type: 'ranked-decryption',
        fields: {
          contestId: c.id,
          method: 'threshold',
          rows: rowDecryptionsToJson(G, rows),
          plaintexts,
          quorum,
        },
      });
    }
    out.push({ type: 'ranked-count', fields: { contestId: c.id, result: count } });
  }
  return out;
}
