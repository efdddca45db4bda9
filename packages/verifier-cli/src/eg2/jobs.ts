/**
 * Units of work that worker threads (or the main thread) run: a batch of encrypted ballots, a
 * batch of challenged ballots, or a share of the tally's contests (spec/verification-eg2.md §4).
 * Jobs and results are plain data, so that they cross thread boundaries by structured clone.
 * @module
 */
import { checkBallot, type Aggregate, type BallotSummary } from './ballot-checks.js';
import { checkChallengedBallot, type ChallengedSummary } from './challenged-checks.js';
import type { Context } from './context.js';
import { newLog, type FindingLog } from './findings.js';
import { UnreadableRecordError } from './json-node.js';
import { readDecrypted, readEncryptedBallot } from './record-reader.js';
import { checkTallyContests } from './tally-checks.js';

export type Job =
  | { readonly kind: 'ballots'; readonly files: readonly string[] }
  | { readonly kind: 'challenged'; readonly files: readonly string[] }
  | { readonly kind: 'tally'; readonly file: string; readonly contests: readonly string[] };

/** An unreadable file met by a job. */
export interface Unreadable {
  readonly file: string;
  readonly path: string;
  readonly detail: string;
}

export interface JobResult {
  readonly log: FindingLog;
  readonly ballots: BallotSummary[];
  readonly challenged: ChallengedSummary[];
  /** Cast ballots' products: [key, α, β]. */
  readonly aggregate: [string, bigint, bigint][];
  unreadable?: Unreadable;
}

/**
 * Runs one job.
 * @param onItem - called after each ballot, challenged ballot or tally contest
 */
export function runJob(ctx: Context, job: Job, onItem: () => void = () => {}): JobResult {
  const result: JobResult = { log: newLog(), ballots: [], challenged: [], aggregate: [] };
  const aggregate: Aggregate = new Map();
  try {
    if (job.kind === 'ballots') {
      for (const file of job.files) {
        const b = readEncryptedBallot(ctx.dir, file);
        result.ballots.push(checkBallot(ctx, b, file, result.log, aggregate));
        onItem();
      }
    } else if (job.kind === 'challenged') {
      for (const file of job.files) {
        const d = readDecrypted(ctx.dir, file);
        result.challenged.push(checkChallengedBallot(ctx, d, file, result.log));
        onItem();
      }
    } else {
      const tally = readDecrypted(ctx.dir, job.file);
      checkTallyContests(ctx, tally, job.file, new Set(job.contests), result.log, onItem);
    }
  } catch (e) {
    if (!(e instanceof UnreadableRecordError)) throw e;
    result.unreadable = { file: e.file, path: e.path, detail: e.detail };
  }
  for (const [k, c] of aggregate) result.aggregate.push([k, c.alpha, c.beta]);
  return result;
}
