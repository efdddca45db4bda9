/**
 * The bulletin-board log checks of an exported record (spec/bulletin-board.md §6, steps L1–L4):
 *
 * - **L1 log structure**: every line of `board/log.jsonl` is a canonical JSON object with a type
 *   (L1.A, L1.B), entry 0 is the `setup` entry with the log key (L1.C); the leaves are hashed as
 *   RFC 9162 §2.1.1 into the Merkle tree whose root L2 compares with the signed heads.
 * - **L2 signed tree heads**: every head of `board/tree-heads.jsonl` has a valid Ed25519 signature
 *   under the setup entry's key and the election's log id (L2.A), its root is the Merkle tree hash
 *   of the first treeSize lines — so every head is consistent with the exported log (L2.B), sizes
 *   and times never decrease (L2.C), and the last head covers the whole log (L2.D).
 * - **L3 the record is the log**: the config, manifest and guardians are the setup and
 *   key-ceremony entries' (L3.A); every ballot of the record is a ballot entry of the log, with the
 *   same content, and every ballot entry is in the record (L3.B); its state is the log's: challenged,
 *   superseded by a valid `supersession` entry (an earlier cast ballot of the same credential,
 *   replaced by the next one), else cast (L3.C); it sits in its credential's device file in log
 *   order (L3.D); its credential was published and its signature verifies (L3.E, Belenios: the
 *   board cannot stuff ballots); the tally files are the log's `encrypted-tally`,
 *   `tally-decryption` and `challenged-decryption` entries (L3.F); each ranked contest's
 *   `inputs.json` holds exactly the counted ballots' rows (L3.G, ./ranked/ranked-log-check.ts),
 *   its `mix-chain/`, `decryptions.json` and `count.json` are the log's `mix-stage`,
 *   `ranked-decryption` and `ranked-count` entries (L3.I); every file an entry announces is in
 *   the record (L3.J, ./log/board-parts.ts);
 *   a challenged ballot's revealed nonce ξ_B opens its selections and ranked rows to the published
 *   `opened` and `openedRanked` values (L3.H, ./challenge-openings.ts); every guardian upload —
 *   `mix-stage`, `partial-decryption`, `decryption-response` — is signed by the guardian it
 *   names (L3.K, ./log/guardian-uploads.ts); the public credentials are valid and distinct (C1)
 *   and no claim is under two credentials (C5).
 * - **L4 lifecycle order**: credentials only before `open` (L4.A), the entries in the order of
 *   the election's lifecycle (L4.B), ballots only while voting is open (L4.C).
 * - **L1.D**: a record whose manifest names a board (`bulletinBoard`), or whose devices say it
 *   came from a server (`online-…`), carries its board — the missing file is a failure, not a
 *   skipped step — and the board's setup entry has the log key the manifest names.
 *
 * The steps are in `log/`: read-log.ts (L1), board-presence.ts (L1.D), tree-heads.ts (L2),
 * record-match.ts, ballots-match.ts (over the ballot lines' views of record-lines.ts),
 * signature-batch.ts and credential-checks.ts (L3), lifecycle.ts (L4).
 * The same pass feeds the paper-channel checks P1–P9 (`paper/`, spec/verification.md), which
 * {@link checkBoard} runs after L1–L4.
 *
 * Never throws on bad data: failures are findings with a location (`file:line field`).
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_FILE, MANIFEST_FILE } from '@evident/record';
import { boardKeyMismatch, boardRequirement, missingBoardFiles } from './log/board-presence.js';
import { credentialChecks } from './log/credential-checks.js';
import { credentialTable } from './log/credential-table.js';
import { lifecycleCheck } from './log/lifecycle.js';
import { checkRankedRows, checkRecord } from './log/record-match.js';
import type { InputsRows } from './ranked/inputs-rows.js';
import { readLog } from './log/read-log.js';
import type { RecordLines } from './log/record-lines.js';
import type { EntryRunner } from './log/entry-queue.js';
import type { UploadTask } from './log/guardian-uploads.js';
import type { OpeningTask } from './log/opening-task.js';
import { merkleFrontier } from './log/merkle-frontier.js';
import type { SignatureRunner } from './log/signature-batch.js';
import { type HeadSignatureTask, checkHeads, headKey, headLines, headSizes } from './log/tree-heads.js';
import type { LogSummary } from './log/log-summary.js';
import { type StepCollector, stepCollector, type StepResult } from './report.js';
import type { FinalResult } from './paper/final-result.js';
import { emptyPaperBoard, paperBoardObserver } from './paper/paper-board.js';
import { checkPaper } from './paper/paper-check.js';

/** The board's steps — L1–L4, then P1–P9 when the record has a log — and the final result (P9). */
export interface BoardOutcome {
  readonly steps: StepResult[];
  readonly finalResult?: FinalResult;
}

/** Options of {@link checkBoard}. */
export interface BoardOptions {
  /** where the batches of credential signatures (L3.E) run, e.g. the run's worker threads */
  readonly runSignatures?: SignatureRunner;
  /** where the openings of challenged ballots (L3.H) are checked, e.g. the run's worker threads */
  readonly runOpenings?: EntryRunner<OpeningTask>;
  /** where the guardian uploads' signatures (L3.K) are checked, e.g. the run's worker threads */
  readonly runUploads?: EntryRunner<UploadTask>;
  /** where the tree heads' signatures (L2.A) are checked, e.g. the run's worker threads */
  readonly runHeads?: (task: HeadSignatureTask) => Promise<number[]>;
  /**
   * the views of the record's ballot lines the ballot pass makes (./log/record-lines.ts), once it
   * is over: L3.B–L3.D compare them instead of reading the ballot files again
   */
  readonly recordLines?: Promise<RecordLines | undefined>;
  /**
   * the rows of each ranked contest's `inputs.json` its ranked task made (./ranked/inputs-rows.ts),
   * once the tasks are over: L3.G compares them instead of parsing the files again; checked last
   */
  readonly rankedRows?: Promise<RankedRowsOf>;
}

/** The rows of contest `id`'s `inputs.json` as its ranked task made them; undefined: no such task. */
export type RankedRowsOf = (id: string) => { rows: InputsRows | undefined } | undefined;

/** Tree heads per task of {@link BoardOptions.runHeads}. */
const HEADS_PER_TASK = 64;

/** L2.A's signature checks started on `run`: the line indices that fail, once all are done. */
async function headSignatures(
  lines: readonly string[],
  log: LogSummary,
  run: NonNullable<BoardOptions['runHeads']>,
): Promise<Set<number>> {
  const { key, logId } = headKey(log);
  if (!key) return new Set();
  const tasks: Promise<number[]>[] = [];
  for (let first = 0; first < lines.length; first += HEADS_PER_TASK)
    tasks.push(run({ key, logId, first, lines: lines.slice(first, first + HEADS_PER_TASK) }));
  return new Set((await Promise.all(tasks)).flat());
}

/**
 * Reports the step `r` on `step` after what it holds: its items, its kept failures in order, and
 * the failures it only counted (beyond the kept ones `step` is full, so they are counted too).
 */
function replay(step: StepCollector, r: StepResult): void {
  for (let i = 0; i < r.checked; i++) step.item();
  for (const f of r.failures) step.fail(f.check, f.location, f.message);
  for (let i = r.failures.length; i < r.failureCount; i++) step.fail('', '', '');
}

/**
 * Runs L1–L4 on the record in `dir`.
 * @returns four steps; skipped when the record has no `board/log.jsonl`, no online device and no
 *   board named in its manifest (records not exported from a server); L1 failed (L1.D) when a
 *   server-made record lacks it or its setup entry has another log key than the manifest names
 */
export async function checkBoardLog(dir: string): Promise<StepResult[]> {
  return (await checkBoard(dir)).steps.filter((s) => s.id.startsWith('L'));
}

/**
 * Runs L1–L4 and, on a record with a log, the paper-channel checks P1–P9 (skipped when the board
 * has no paper entry).
 */
export async function checkBoard(dir: string, opts: BoardOptions = {}): Promise<BoardOutcome> {
  const l1 = stepCollector('L1', 'Bulletin-board log structure');
  const l2 = stepCollector('L2', 'Signed tree heads');
  const l3 = stepCollector('L3', 'Record matches the bulletin-board log');
  const l4 = stepCollector('L4', 'Lifecycle order of the bulletin-board log');
  const missing = missingBoardFiles(dir);
  const why =
    boardRequirement(dir) === 'manifest'
      ? 'the manifest names its bulletin board (bulletinBoard.logPublicKey)'
      : 'the record has online devices (online-…)';
  for (const f of missing)
    l1.fail('L1.D', f, `missing: ${why}, so it was made by a server and must carry its board`);
  if (!existsSync(join(dir, LOG_FILE))) {
    const note = `the record has no bulletin-board log (${LOG_FILE})`;
    return {
      steps: [
        missing.length > 0 ? l1.done(note) : l1.skip(note),
        l2.skip(note),
        l3.skip(note),
        l4.skip(note),
      ],
    };
  }
  // the tree hashes of the sizes the signed heads name, kept as the log is read (L2)
  const tree = merkleFrontier(await headSizes(dir));
  const paper = emptyPaperBoard();
  // one numbering of the credentials for every check of the pass (./log/credential-table.ts)
  const credentials = credentialTable();
  const observers = [lifecycleCheck(l4), credentialChecks(l3, credentials), paperBoardObserver(paper)];
  // the L3 findings after the log pass: reported after those of its batches, which the workers
  // may still be checking while this thread compares the record with the log
  const l3after = stepCollector('L3', 'Record matches the bulletin-board log');
  const { log, batches } = await readLog(dir, l1, l3, l3after, tree, observers, credentials, {
    ...(opts.runSignatures ? { signatures: opts.runSignatures } : {}),
    ...(opts.runOpenings ? { openings: opts.runOpenings } : {}),
    ...(opts.runUploads ? { uploads: opts.runUploads } : {}),
  });
  const otherKey = boardKeyMismatch(dir, log.setup?.logPublicKey);
  if (otherKey) l1.fail('L1.D', `${MANIFEST_FILE} bulletinBoard.logPublicKey`, otherKey);
  // the heads' signatures in the workers while this thread compares the record with the log
  // the tree heads read once, for the workers' signature checks and for L2 here
  const lines = headLines(dir);
  const bad = opts.runHeads ? headSignatures(lines ?? [], log, opts.runHeads) : undefined;
  bad?.catch(() => {}); // thrown where awaited
  await checkRecord(dir, l3after, log, opts.recordLines);
  checkHeads(dir, l2, tree, log, bad && (await bad), lines);
  await batches;
  replay(l3, l3after.done());
  // P7 compares credentials by their ordinals
  const p = checkPaper(paper, {
    published: { has: (key) => log.isPublished(Number(key)) },
    keyOf: (credential) => String(log.credentials.find(credential)),
    ...(log.counted ? { counted: log.counted } : {}),
    credentialAt: (i) => {
      const o = log.ballots.atIndex(i);
      return o < 0 ? undefined : String(log.ballots.credential(o));
    },
  });
  // L3.G last: it waits for the ranked tasks
  checkRankedRows(dir, l3, log, opts.rankedRows && (await opts.rankedRows));
  return {
    steps: [l1.done(), l2.done(), l3.done(), l4.done(), ...p.steps],
    ...(p.finalResult ? { finalResult: p.finalResult } : {}),
  };
}
