/**
 * The stages of a board's `mix-stage` entries of version 2 (spec/mixnet.md §8.6): such an entry
 * carries the SHA-256 of each file of its stage, not the stage, so a guardian checking a `ranked`
 * request (./board-targets.ts) fetches the stages — the server's mix file (`GET
 * …/ranked/<contest>/mix`), or an exported record's `ranked/<contest>/mix-chain/stage-<j>/` — and
 * takes a stage only when its files hash to the entry's digests and its proof head is the
 * entry's: what the guardian then verifies is what the board committed to. Entries holding the
 * whole stage are left as they are.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Group, rowsToJson, shuffleProofToJson } from '@evident/e2e-crypto';
import { readProofFiles, readRows, shufflePaths } from '@evident/e2e-crypto/mixnet-parallel';
import { canonicalJsonString } from '@evident/e2e-crypto';
import {
  MIX_CHAIN_DIR,
  RANKED_DIR,
  STAGE_DIGEST_FILES,
  stageDirName,
  stageJsonFileDigests,
  stageJsonHead,
} from '@evident/record';
import { refuse } from '../errors.js';
import { fetchJson } from '../server-requests.js';
import type { BoardEntry, BoardView } from './board-view.js';

/** A stage's JSON form. */
interface StageJson {
  readonly outputs: unknown;
  readonly proof: unknown;
}

/** Where the stages come from: the server's mix files (by URL, or a function giving a contest's mix file as JSON), or a record folder. */
export type StageSource =
  | { readonly server: string; readonly electionId: string }
  | { readonly mixFile: (contestId: string) => Promise<unknown> }
  | { readonly record: string };

/** Stage j of contest `c` in its JSON form, or undefined when the source has none. */
type StageReader = (contestId: string, j: number, w: number) => Promise<StageJson | undefined>;

/** The server's mix file of a contest (`GET …/ranked/<contest>/mix`). */
const serverMixFile =
  (base: string, electionId: string) =>
  (contestId: string): Promise<unknown> =>
    fetchJson(
      `${base.replace(/\/$/, '')}/elections/${encodeURIComponent(electionId)}/ranked/${encodeURIComponent(contestId)}/mix`,
    );

function mixFileReader(mixFile: (contestId: string) => Promise<unknown>): StageReader {
  const files = new Map<string, Promise<unknown>>();
  return async (contestId, j) => {
    let f = files.get(contestId);
    if (!f) files.set(contestId, (f = mixFile(contestId)));
    const st = ((await f) as { stages?: StageJson[] } | undefined)?.stages?.[j];
    return st && { outputs: st.outputs, proof: st.proof };
  };
}

function recordReader(dir: string, G: Group<unknown>): StageReader {
  return async (contestId, j, w) => {
    const folder = join(dir, RANKED_DIR, contestId, MIX_CHAIN_DIR, stageDirName(j));
    if (!existsSync(folder)) return undefined;
    const paths = shufflePaths(folder);
    return {
      outputs: rowsToJson(G, readRows(G, paths.outputs, w)),
      proof: shuffleProofToJson(G, readProofFiles(G, paths, folder)),
    };
  };
}

function readerOf(source: StageSource, G: Group<unknown>): StageReader {
  if ('record' in source) return recordReader(source.record, G);
  if ('mixFile' in source) return mixFileReader(source.mixFile);
  return mixFileReader(serverMixFile(source.server, source.electionId));
}

/**
 * The board with every `mix-stage` entry of version 2 given its stage's `outputs` and `proof`,
 * each checked against the entry's digests.
 * @throws {TrusteeError} INVALID_FILE naming the entry when a stage is missing or not the entry's
 */
export async function withStageFiles(
  board: BoardView,
  G: Group<unknown>,
  source: StageSource,
): Promise<BoardView> {
  const digestForm = (e: BoardEntry) => e.type === 'mix-stage' && e.e?.files !== undefined;
  if (!board.entries.some(digestForm)) return board;
  const read = readerOf(source, G);
  const entries: BoardEntry[] = [];
  for (const e of board.entries) {
    if (!digestForm(e)) {
      entries.push(e);
      continue;
    }
    const contestId = String(e.e.contestId);
    const j = Number(e.e.stage);
    const where = `log entry ${e.index}: mix stage ${j} of "${contestId}"`;
    let st: StageJson | undefined;
    try {
      st = await read(contestId, j, Number(e.e.w));
    } catch (err) {
      throw refuse(board.source, `${where}: its files cannot be read (${(err as Error).message})`, 'files');
    }
    if (!st) throw refuse(board.source, `${where}: its files are not published`, 'files');
    const got = stageJsonFileDigests(st.outputs, st.proof);
    const files = (e.e.files ?? {}) as Record<string, unknown>;
    for (const f of STAGE_DIGEST_FILES)
      if (got[f] !== files[f])
        throw refuse(
          board.source,
          `${where}: its ${f}.bin is not the file the entry names (SHA-256)`,
          `files.${f}`,
        );
    if (canonicalJsonString(stageJsonHead(st.proof)) !== canonicalJsonString(e.e.head ?? null))
      throw refuse(board.source, `${where}: its proof head is not the entry's`, 'head');
    entries.push({ ...e, e: { ...e.e, outputs: st.outputs, proof: st.proof } });
  }
  return { ...board, entries };
}
