/**
 * The count of the ranked contests at the publication (spec/server-api.md §7.5, spec/mixnet.md
 * §6.2, §8.3, spec/ranked-choice.md §3–4), pure, so that it runs in the worker pool with the rest
 * of the publication (../tally/publish-task.ts): the guardians' joint decryptions of the last
 * stage's outputs become, per contest, the record's `decryptions.json` — every M = β/α^s with
 * its proof, and what the rows read as — written to the spool a batch of rows at a time and
 * named by the `ranked-decryption` entry of version 2 by its SHA-256 (spec/mixnet.md §8.9; the
 * server keeps the file in its store), and a `ranked-count` entry with the count
 * (instant-runoff, or STV for more than one seat) and its round-by-round table.
 * @module
 */
import { join } from 'node:path';
import {
  countRankedContest,
  readRankedRows,
  rowDecryptionsToJson,
  type ChaumPedersenProof,
  type CountResult,
  type Group,
  type Manifest,
  type RankedContest,
  type RankedPlaintext,
  type RowDecryption,
} from '@evident/e2e-crypto';
import {
  DECRYPTIONS_FILE,
  decryptionsFileWriter,
  RANKED_DECRYPTION_VERSION,
  type DecryptionRequest,
} from '@evident/record';
import { ApiError } from '../errors.js';
import type { BoardLine } from '../tally/publish-task.js';

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

/** Rows decrypted, read and written per batch (the discrete-log table is made once per batch). */
const ROW_BATCH = 1024;

/** Item id `<contest>/<row>/<column>` → the request's item and its combined decryption. */
type ById = ReadonlyMap<
  string,
  { it: RankedDecryptions['req']['items'][number]; d: RankedDecryptions['decryptions'][number] }
>;

/**
 * The board entries that publish every ranked contest: `ranked-decryption` of version 2 (the
 * digest of `decryptions.json`, written to `spool`, with N, w) and `ranked-count` (the round
 * table), in manifest order; a contest nobody voted in gets an empty count.
 * @param mixed - per ranked contest of the manifest, in its order
 * @param dec - the combined `ranked` request, undefined when no contest had rows
 * @param quorum - the guardians whose shares were combined
 * @param spool - an existing folder for the contests' `decryptions.json`
 * @throws {ApiError} EVD_ERR_INTERNAL when the decryptions do not cover the mixed rows
 */
export function rankedCountEntries(
  G: Group<unknown>,
  K: unknown,
  manifest: Manifest,
  mixed: readonly RankedMixed[],
  dec: RankedDecryptions | undefined,
  quorum: readonly { x: number; id: string }[],
  spool: string,
): BoardLine[] {
  const contests = manifest.rankedContests ?? [];
  const byId: ById = new Map(dec?.req.items.map((it, t) => [it.id, { it, d: dec.decryptions[t]! }]) ?? []);
  const out: BoardLine[] = [];
  for (const [position, c] of contests.entries()) {
    const m = mixed.find((x) => x.contestId === c.id);
    if (!m) throw new ApiError('EVD_ERR_INTERNAL', `no mix of ranked contest ${c.id}`);
    let count: CountResult;
    if (m.rows === 0) count = countRankedContest(c, []);
    else {
      const path = join(spool, `decryptions-${position}.json`);
      const { plaintexts, digest } = writeDecryptions(G, K, c, m, byId, path);
      count = countRankedContest(
        c,
        plaintexts.map((p) => p.ranks),
        plaintexts.map((p) => p.writeIns),
      );
      out.push({
        type: 'ranked-decryption',
        fields: {
          version: RANKED_DECRYPTION_VERSION,
          contestId: c.id,
          method: 'threshold',
          rows: m.rows,
          w: m.w,
          digest,
          quorum,
        },
        file: { path, name: DECRYPTIONS_FILE },
      });
    }
    out.push({ type: 'ranked-count', fields: { contestId: c.id, result: count } });
  }
  return out;
}

/**
 * A contest's `decryptions.json` written to `path` a batch of rows at a time (every M = β/α^s
 * with its proof, and what the rows read as).
 * @returns the plaintexts (for the count) and the file's SHA-256
 */
function writeDecryptions(
  G: Group<unknown>,
  K: unknown,
  c: RankedContest,
  m: RankedMixed,
  byId: ById,
  path: string,
): { plaintexts: RankedPlaintext[]; digest: string } {
  const rowAt = (i: number): RowDecryption<unknown, ChaumPedersenProof<unknown>>[] =>
    Array.from({ length: m.w }, (_, k) => {
      const hit = byId.get(`${c.id}/${i}/${k}`);
      if (!hit || hit.it.target.kind !== 'selection')
        throw new ApiError('EVD_ERR_INTERNAL', `no decryption of ${c.id}/${i}/${k}`);
      // the request holds α^s; the record publishes M = β/α^s (spec/mixnet.md §6.2)
      return { M: G.div(hit.it.target.ct.beta, hit.d.M), proof: hit.d.proof };
    });
  const file = decryptionsFileWriter(path, c.id, m.w);
  try {
    const plaintexts: RankedPlaintext[] = [];
    for (let from = 0; from < m.rows; from += ROW_BATCH) {
      const rows = Array.from({ length: Math.min(ROW_BATCH, m.rows - from) }, (_, r) => rowAt(from + r));
      plaintexts.push(...readRankedRows(G, K, c, rows));
      file.addRows(rowDecryptionsToJson(G, rows));
    }
    return { plaintexts, digest: file.end(plaintexts).digest };
  } catch (e) {
    file.abort();
    throw e;
  }
}
