/**
 * Record export (spec/server-api.md §7.4, spec/record.md §5.5 and §10): the election record that
 * `evident-verify` reads, written from the bulletin board in one streaming pass over the log,
 * together with the log itself (`board/log.jsonl`, the exact bytes of every leaf) and every
 * signed tree head (`board/tree-heads.jsonl`).
 *
 * Online ballots are chained per credential (spec/server-api.md §5.3): each credential is a
 * device `online-<credential>` with its own file under `ballots/`. A cast ballot replaced by a
 * later one of the same credential has state `superseded`; every ballot of a credential named by a
 * `cancellation` entry `cancelled`; challenged ballots `challenged` — by
 * @evident/record's `countedBallots` rule on the board, which must agree with the store's bookkeeping.
 * @module
 */
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  chainClosingCode,
  deviceAux0,
  fromHex,
  groupByName,
  toHex,
  type Group,
  type Manifest,
} from '@evident/e2e-crypto';
import {
  BALLOTS_DIR,
  CHALLENGED_FILE,
  DEVICES_FILE,
  ENCRYPTED_TALLY_FILE,
  INITIALIZED_FILE,
  LOG_FILE,
  TALLY_FILE,
  TREE_HEADS_FILE,
  ballotFile,
  writeConfigStage,
  writeRecordJson,
  type BallotJson,
  type DevicesJson,
  type InitializedJson,
} from '@evident/record';
import { credentialDevice } from '../ballots/cast.js';
import { countedOnBoard } from '../board/counted-on-board.js';
import { configOf } from '../elections/election-actions.js';
import type { Store } from '../store/store.js';
import type { BallotSubmission } from '../verify/ballot-check.js';
import { upperHex } from '@evident/record';
import { rankedCollector } from './ranked-export.js';

const decoder = new TextDecoder();

/** The record line of a submitted ballot. */
export function ballotLine(sub: BallotSubmission, state: BallotJson['state']): BallotJson {
  const b = upperHex(sub.ballot);
  return {
    code: b.code,
    style: b.style,
    state,
    contests: b.contests,
    ...(b.ranked ? { ranked: b.ranked } : {}),
  } as BallotJson;
}

/** What an export wrote. */
export interface ExportSummary {
  readonly dir: string;
  readonly state: string;
  readonly entries: number;
  readonly treeHeads: number;
  readonly devices: number;
  readonly ballots: { cast: number; superseded: number; challenged: number; cancelled: number };
  /** False before the results are published: the record then lacks the tally files. */
  readonly complete: boolean;
  /** The ranked contests written under `ranked/` (spec/mixnet.md §8). */
  readonly ranked: readonly string[];
}

/**
 * Writes the record of election `id` into `dir` (created; an existing `ballots/` is replaced).
 * @throws {Error} when the election does not exist or has no key ceremony
 * @throws {ApiError} EVD_ERR_INTERNAL when the board holds a ballot the rule does not count, or the
 *   store's bookkeeping of a closed election counts other ballots (nothing is written)
 */
export async function exportRecord(store: Store, id: string, dir: string): Promise<ExportSummary> {
  const e = await store.getElection(id);
  if (!e) throw new Error(`no election "${id}"`);
  const cfg = configOf(e);
  if (!e.init || cfg.guardians === undefined || cfg.quorum === undefined)
    throw new Error(`election "${id}" has no key ceremony yet`);
  const G = groupByName(e.profile) as Group<unknown>;
  const hE = fromHex(cfg.extendedBaseHash!);
  const manifest = JSON.parse(e.manifest) as Manifest;

  // the counted ballots by the shared rule, read before the export pass, which stops where the rule
  // stopped reading: a server may append meanwhile; the store's bookkeeping is compared once the
  // election is closed (no ballot can arrive); nothing is written before
  const closed = e.state === 'closed' || e.state === 'tallied' || e.state === 'published';
  const { counted, cancelled, lastIndex } = await countedOnBoard(store, id, closed);

  mkdirSync(dir, { recursive: true });
  rmSync(join(dir, BALLOTS_DIR), { recursive: true, force: true });
  mkdirSync(join(dir, BALLOTS_DIR), { recursive: true });
  mkdirSync(join(dir, 'board'), { recursive: true });
  writeConfigStage(dir, G, manifest, cfg.guardians, cfg.quorum);
  writeRecordJson(dir, INITIALIZED_FILE, upperHex(JSON.parse(e.init) as InitializedJson));

  const lastCode = new Map<string, string>();
  const counts = { cast: 0, superseded: 0, challenged: 0, cancelled: 0 };
  // buffered appends: one file per credential, few system calls, bounded memory
  const buffered = new Map<string, string[]>();
  let pendingLines = 0;
  const flush = (): void => {
    for (const [device, lines] of buffered) appendFileSync(join(dir, ballotFile(device)), lines.join(''));
    buffered.clear();
    pendingLines = 0;
  };
  const logPath = join(dir, LOG_FILE);
  writeFileSync(logPath, '');
  let logChunk: string[] = [];
  let entries = 0;
  let encryptedTally: unknown;
  let tally: unknown;
  const challengedLines: string[] = [];
  const ranked = rankedCollector(manifest, store, id);

  for await (const row of store.iterateLogEntries(id)) {
    if (row.index > lastIndex) break;
    const text = decoder.decode(row.entry);
    logChunk.push(text + '\n');
    entries++;
    ranked.entry(row.type, row.index, text);
    if (logChunk.length >= 1000) {
      appendFileSync(logPath, logChunk.join(''));
      logChunk = [];
    }
    if (row.type === 'ballot' || row.type === 'challenged-ballot') {
      const sub = (JSON.parse(text) as { submission: BallotSubmission }).submission;
      const state =
        row.type === 'challenged-ballot'
          ? 'challenged'
          : counted.has(row.index)
            ? 'cast'
            : cancelled.has(row.index)
              ? 'cancelled'
              : 'superseded';
      counts[state]++;
      const device = credentialDevice(sub.credential.toUpperCase());
      let list = buffered.get(device);
      if (!list) buffered.set(device, (list = []));
      list.push(JSON.stringify(ballotLine(sub, state)) + '\n');
      lastCode.set(device, sub.ballot.code.toUpperCase());
      if (++pendingLines >= 10_000) flush();
    } else if (row.type === 'encrypted-tally') {
      encryptedTally = (JSON.parse(text) as { encryptedTally: unknown }).encryptedTally;
    } else if (row.type === 'tally-decryption') {
      tally = (JSON.parse(text) as { tally: unknown }).tally;
    } else if (row.type === 'challenged-decryption') {
      challengedLines.push(JSON.stringify((JSON.parse(text) as { decryption: unknown }).decryption) + '\n');
    }
  }
  flush();
  if (logChunk.length) appendFileSync(logPath, logChunk.join(''));

  // device chains' closing hashes (EG 2.0 eq 61)
  const devices: DevicesJson = {
    devices: [...lastCode].map(([label, code]) => ({
      label,
      closingHash: toHex(chainClosingCode(hE, fromHex(code), deviceAux0(label))),
    })),
  };
  writeRecordJson(dir, DEVICES_FILE, devices);
  if (encryptedTally) writeRecordJson(dir, ENCRYPTED_TALLY_FILE, encryptedTally);
  if (tally) {
    writeRecordJson(dir, TALLY_FILE, tally);
    writeFileSync(join(dir, CHALLENGED_FILE), challengedLines.join(''));
  }
  const rankedContests = await ranked.write(dir, G.name);
  const heads = await store.treeHeads(id);
  writeFileSync(
    join(dir, TREE_HEADS_FILE),
    heads
      .map(
        (h) =>
          JSON.stringify({
            logId: h.electionId,
            treeSize: h.treeSize,
            timestamp: h.timestamp,
            rootHash: h.rootHash,
            signature: h.signature,
          }) + '\n',
      )
      .join(''),
  );
  return {
    dir,
    state: e.state,
    entries,
    treeHeads: heads.length,
    devices: devices.devices.length,
    ballots: counts,
    complete: tally !== undefined,
    ranked: rankedContests,
  };
}
