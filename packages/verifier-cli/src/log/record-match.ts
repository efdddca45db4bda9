/**
 * L3 (spec/bulletin-board.md §6), the record is the log: the config, manifest and guardians are
 * the setup and key-ceremony entries' (L3.A); every ballot of the record is a ballot entry of the
 * log with the same content and every ballot entry is in the record (L3.B), in the state the log
 * gives it (L3.C), in its credential's device file in log order (L3.D); the tally files are the
 * log's entries (L3.F); each ranked contest's inputs are the counted ballots' rows (L3.G), its
 * mix chain, decryptions and count the log's entries (L3.I, ../ranked/ranked-board-match.ts);
 * a `ranked` decryption request of version 2 names the last stages and their request's digest
 * (L3.L, ../ranked/ranked-request-match.ts); every file the log announces is present (L3.J,
 * ./board-parts.ts).
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  CHALLENGED_FILE,
  CONFIG_FILE,
  ENCRYPTED_TALLY_FILE,
  INITIALIZED_FILE,
  MANIFEST_FILE,
  TALLY_FILE,
  readJsonLines,
} from '@evident/record';
import type { RankedContest } from '@evident/e2e-crypto';
import { checkRankedBoard } from '../ranked/ranked-board-match.js';
import { checkRankedRequests } from '../ranked/ranked-request-match.js';
import { type InputsRows, readInputsRows } from '../ranked/inputs-rows.js';
import { checkRankedInputs } from '../ranked/ranked-log-check.js';
import { checkBallotLines } from './ballots-match.js';
import { checkPartsPresent } from './board-parts.js';
import type { RecordLines } from './record-lines.js';
import {
  digestOf,
  hexDigestOf,
  readJsonFile,
  type Collector,
  type Json,
  type LogSummary,
} from './log-summary.js';

/**
 * L3.A–L3.D, L3.F, L3.I, L3.J, L3.L: the record's files against what the L1 pass kept of the log
 * (L3.G is {@link checkRankedRows}).
 * @param lines - the ballot lines' views made by the ballot pass (./record-lines.ts), once it is
 *   over; without them (or when it resolves to undefined) L3.B–L3.D read the ballot files
 */
export async function checkRecord(
  dir: string,
  l3: Collector,
  log: LogSummary,
  lines?: Promise<RecordLines | undefined>,
): Promise<void> {
  // L3.A
  const setup = log.setup ?? {};
  const config = readJsonFile(dir, CONFIG_FILE);
  const manifest = readJsonFile(dir, MANIFEST_FILE);
  const init = readJsonFile(dir, INITIALIZED_FILE);
  l3.item();
  if (
    !config ||
    String(config.manifestHash).toUpperCase() !== String(setup.manifestHash).toUpperCase() ||
    config.profile !== setup.profile
  ) {
    l3.fail('L3.A', CONFIG_FILE, 'profile or manifest hash differs from the setup entry');
  }
  if (!manifest || digestOf(manifest) !== digestOf(setup.manifest ?? null))
    l3.fail('L3.A', MANIFEST_FILE, 'differs from the manifest of the setup entry');
  const kc = log.keyCeremony;
  if (
    !kc ||
    !init ||
    hexDigestOf(init) !== hexDigestOf(kc.initialized) ||
    config?.guardians !== kc.guardians ||
    config?.quorum !== kc.quorum
  ) {
    l3.fail('L3.A', INITIALIZED_FILE, 'guardians, n or k differ from the key-ceremony entry');
  }
  // L3.B–L3.D: every ballot line is a board ballot, in its credential's file, in log order
  await checkBallotLines(dir, l3, log, lines && (await lines));
  // L3.I (L3.G, which waits for the ranked tasks' rows, is checkRankedRows)
  checkRankedBoard(dir, l3, rankedContestsOf(log), log.parts, countedIndicesOf(log));
  // L3.L: the ranked request of version 2 names the last stages, and its digest is their request's
  await checkRankedRequests(dir, l3, rankedContestsOf(log), log);
  // L3.J: every file the board announces is in the record (L3.F compares those that are)
  checkPartsPresent(dir, l3, log.parts);
  // L3.F
  const encrypted = readJsonFile(dir, ENCRYPTED_TALLY_FILE);
  // a file the board announces but the record lacks is L3.J's finding, not L3.F's
  if (log.encryptedTally ? existsSync(join(dir, ENCRYPTED_TALLY_FILE)) : encrypted) {
    l3.item();
    if (!encrypted || !log.encryptedTally || hexDigestOf(encrypted) !== log.encryptedTally) {
      l3.fail('L3.F', ENCRYPTED_TALLY_FILE, 'differs from the encrypted-tally entry of the board');
    }
  }
  const tally = readJsonFile(dir, TALLY_FILE);
  if (log.tally ? existsSync(join(dir, TALLY_FILE)) : tally) {
    l3.item();
    if (!tally || !log.tally || hexDigestOf(tally) !== log.tally)
      l3.fail('L3.F', TALLY_FILE, 'differs from the tally-decryption entry of the board');
  }
  if (existsSync(join(dir, CHALLENGED_FILE))) {
    const seen = new Set<string>();
    for await (const { lineNo, text } of readJsonLines(join(dir, CHALLENGED_FILE))) {
      l3.item();
      let d: string;
      try {
        d = hexDigestOf(JSON.parse(text));
      } catch {
        continue;
      }
      if (!log.challenged.has(d))
        l3.fail('L3.F', `${CHALLENGED_FILE}:${lineNo}`, 'is not a challenged-decryption entry of the board');
      seen.add(d);
    }
    if (seen.size !== log.challenged.size)
      l3.fail(
        'L3.F',
        CHALLENGED_FILE,
        `${log.challenged.size - seen.size} challenged decryption(s) of the board are missing`,
      );
  }
}

/** The ranked contests of the setup entry's manifest. */
function rankedContestsOf(log: LogSummary): RankedContest[] {
  const declared = (log.setup?.manifest as Json | undefined)?.rankedContests;
  return (Array.isArray(declared) ? declared : []) as RankedContest[];
}

/** The board's counted ballots' log indices: the rule the tally and the guardians apply. */
function countedIndicesOf(log: LogSummary): number[] {
  // a ballot it does not count is L3.E's or L4's finding
  return (log.counted?.counted ?? []).filter((i) => log.ballots.atIndex(i) >= 0);
}

/**
 * L3.G: each ranked contest's `inputs.json` holds the board's counted ballots' rows.
 * @param rowsOf - the rows of a contest's file, as its ranked task made them; without it (or when
 *   it has none for a contest) the file is read here
 */
export function checkRankedRows(
  dir: string,
  l3: Collector,
  log: LogSummary,
  rowsOf?: (id: string) => { rows: InputsRows | undefined } | undefined,
): void {
  const rankedIds = rankedContestsOf(log).map((c) => String(c.id));
  if (!rankedIds.length || !log.published) return;
  const b = log.ballots;
  const countedIndices = countedIndicesOf(log);
  const counted = {
    length: countedIndices.length,
    at(k: number) {
      const o = b.atIndex(countedIndices[k]!);
      const ranked = b.ranked(o);
      return { code: b.code(o), ...(ranked ? { ranked } : {}) };
    },
  };
  checkRankedInputs(
    dir,
    l3,
    rankedIds,
    counted,
    (id) => (rowsOf?.(id) ?? { rows: readInputsRows(dir, id) }).rows,
  );
}
