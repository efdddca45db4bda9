/**
 * Check L3.L of a record exported from a server (spec/bulletin-board.md §6, spec/mixnet.md §8.8):
 * a `ranked` `decryption-request` entry of version 2 holds no items, only what names them — per
 * ranked contest with a mix chain (manifest order) the log index of its last `mix-stage` entry,
 * its N and w; the item count; the ceremony id, maxValue and the request's digest. Each field is
 * bound here to the board and the record: the contests are those whose chain is on the board, once
 * each; `logIndex` is the contest's last `mix-stage` entry; `rows`, `w` the chain's N, w; `items`
 * Σ N·w; `ceremonyId` hex(H_B) of the setup and key-ceremony entries; `maxValue` the largest
 * m + W of those contests (at least 1); `digest` the digest of the request written from the
 * record's `ranked/<id>/mix-chain/stage-<last>/outputs.bin` (@evident/record
 * `rankedRequestDigest`, the server's own code, a 1 MiB chunk at a time). Without it a server
 * could have the guardians decrypt other ciphertexts than the mix's outputs: L3.I and steps D
 * bind `decryptions.json` to the last stage, not the request the guardians answered.
 * A version-1 entry (the request in the entry) is not read here.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  baseHash,
  groupByName,
  manifestDigest,
  parameterBaseHash,
  rankedLayout,
  toHex,
  type Group,
  type Manifest,
  type RankedContest,
} from '@evident/e2e-crypto';
import {
  fileChunks,
  isRankedRequestEntry,
  LOG_FILE,
  MIX_CHAIN_DIR,
  MIX_CHAIN_FILE,
  RANKED_DIR,
  rankedRequestDigest,
  stageDirName,
  type RankedRequestPart,
} from '@evident/record';
import type { BoardPart } from '../log/board-parts.js';
import { readJsonFile, type BoardRequest, type Collector, type Json } from '../log/log-summary.js';

/** What L3.L reads of the L1 pass. */
export interface RequestContext {
  readonly setup?: Json;
  readonly keyCeremony?: Json;
  /** the board's announcing entries, in log order */
  readonly parts: readonly BoardPart[];
  /** the board's `decryption-request` entries, in log order */
  readonly requests: readonly BoardRequest[];
}

/** A contest's part as the board and the record make it, and where its last outputs are. */
interface Expected extends RankedRequestPart {
  readonly outputs: string;
  readonly maxValue: number;
  /** `chain.json` is not in the record: L3.J names it, and nothing here rests on it */
  readonly missing: boolean;
}

/** The parts a version-2 request must name: contests with a chain on the board, in manifest order. */
function expectedParts(dir: string, contests: readonly RankedContest[], ctx: RequestContext): Expected[] {
  const G = groupByName(String(ctx.setup?.profile)) as Group<unknown>;
  const out: Expected[] = [];
  for (const c of contests) {
    const stages = ctx.parts.filter((p) => p.type === 'mix-stage' && p.contestId === c.id);
    if (stages.length === 0) continue;
    const file = `${RANKED_DIR}/${c.id}/${MIX_CHAIN_FILE}`;
    const chain = readJsonFile(dir, file) ?? {};
    const last = stages.length - 1;
    out.push({
      contestId: c.id,
      logIndex: stages[last]!.index,
      rows: Number(chain.N),
      w: Number(chain.w),
      outputs: join(dir, RANKED_DIR, c.id, MIX_CHAIN_DIR, stageDirName(last), 'outputs.bin'),
      maxValue: rankedLayout(G, c).maxValue,
      missing: !existsSync(join(dir, file)),
    });
  }
  return out;
}

/** Whether the record's chain gave the part its N and w (a missing chain.json: L3.J, C1). */
const shaped = (x: Expected) => Number.isInteger(x.rows) && Number.isInteger(x.w) && x.rows > 0 && x.w > 0;

/** hex(H_B) of the board's setup and key-ceremony entries: the server's ceremony id. */
function ceremonyIdOf(ctx: RequestContext): string {
  const G = groupByName(String(ctx.setup?.profile)) as Group<unknown>;
  const hP = parameterBaseHash(G);
  const hM = manifestDigest(hP, ctx.setup?.manifest as Manifest);
  return toHex(baseHash(hP, hM, Number(ctx.keyCeremony?.guardians), Number(ctx.keyCeremony?.quorum)));
}

/**
 * L3.L for every version-2 `ranked` `decryption-request` entry of the board.
 * @param contests - the setup entry's ranked contests, in order
 */
export async function checkRankedRequests(
  dir: string,
  l3: Collector,
  contests: readonly RankedContest[],
  ctx: RequestContext,
): Promise<void> {
  const mine = ctx.requests.filter((r) => isRankedRequestEntry(r.entry));
  if (mine.length === 0) return;
  let want: Expected[];
  let ceremonyId: string;
  try {
    want = expectedParts(dir, contests, ctx);
    ceremonyId = ceremonyIdOf(ctx);
  } catch (err) {
    for (const r of mine)
      l3.fail(
        'L3.L',
        `${LOG_FILE}:${r.index + 1}`,
        `cannot be checked: ${(err as Error).message.slice(0, 120)}`,
      );
    return;
  }
  const L = groupByName(String(ctx.setup?.profile)).elementLength;
  for (const r of mine) await checkRequest(l3, r, want, ceremonyId, L);
}

type Fail = (field: string, message: string) => void;

/** One entry against the parts, ceremony id and request the board and the record make. */
async function checkRequest(
  l3: Collector,
  r: BoardRequest,
  want: readonly Expected[],
  ceremonyId: string,
  L: number,
): Promise<void> {
  l3.item();
  const e = r.entry;
  const fail: Fail = (field, message) => l3.fail('L3.L', `${LOG_FILE}:${r.index + 1} ${field}`, message);
  if (!Array.isArray(e.contests)) fail('contests', 'is not a list');
  checkContests(fail, Array.isArray(e.contests) ? (e.contests as unknown[]) : [], want);
  if (String(e.ceremonyId).toUpperCase() !== ceremonyId)
    fail('ceremonyId', 'is not hex(H_B) of the setup and key-ceremony entries');
  const maxValue = Math.max(1, ...want.map((x) => x.maxValue));
  if (e.maxValue !== maxValue)
    fail('maxValue', `is not ${maxValue}, the largest m + W of the mixed contests`);
  if (want.some((x) => x.missing)) return; // L3.J: items and digest rest on the chains
  const items = want.reduce((n, x) => n + x.rows * x.w, 0);
  if (e.items !== items) fail('items', `is not ${items}, Σ N·w of the record's chains`);
  const chunks = (p: RankedRequestPart) => fileChunks((p as Expected).outputs);
  try {
    if (want.some((x) => !shaped(x))) throw new RangeError('a chain.json has no N and w');
    const d = await rankedRequestDigest(ceremonyId, maxValue, want, L, chunks);
    if (String(e.digest).toUpperCase() !== d.digest)
      fail('digest', "is not the digest of the request made from the record's last stages' outputs");
  } catch (err) {
    fail(
      'digest',
      `cannot be checked against the record's last stages: ${(err as Error).message.slice(0, 160)}`,
    );
  }
}

/** `contests`: each mixed contest once, in manifest order, at its last stage, with the chain's N, w. */
function checkContests(fail: Fail, list: readonly unknown[], want: readonly Expected[]): void {
  const said = list.map((p) => (typeof p === 'object' && p !== null ? (p as Json) : {}));
  said.forEach((p, k) => {
    if (!want.some((x) => x.contestId === p.contestId))
      fail(`contests[${k}].contestId`, `"${String(p.contestId)}" is not a ranked contest mixed on the board`);
    else if (said.findIndex((q) => q.contestId === p.contestId) !== k)
      fail(`contests[${k}].contestId`, `"${String(p.contestId)}" is named twice`);
  });
  want.forEach((x, k) => {
    const j = said.findIndex((q) => q.contestId === x.contestId);
    if (j < 0) return fail('contests', `lacks "${x.contestId}", whose mix chain is on the board`);
    const p = said[j]!;
    if (j !== k && said.length === want.length)
      fail(`contests[${j}]`, `is "${x.contestId}", the manifest's mixed contest ${k}`);
    if (p.logIndex !== x.logIndex)
      fail(`contests[${j}].logIndex`, `is not ${x.logIndex}, the last mix-stage entry of "${x.contestId}"`);
    const chain = `${RANKED_DIR}/${x.contestId}/${MIX_CHAIN_FILE}`;
    if (x.missing) return; // L3.J
    if (!shaped(x)) return fail(`contests[${j}]`, `rows and w cannot be checked: ${chain} has no N and w`);
    if (p.rows !== x.rows) fail(`contests[${j}].rows`, `is not ${x.rows}, N of ${chain}`);
    if (p.w !== x.w) fail(`contests[${j}].w`, `is not ${x.w}, w of ${chain}`);
  });
}
