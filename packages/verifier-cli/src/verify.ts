/**
 * `verifyRecord`: verifies a record of either format (./verify-here.ts, spec/verification.md
 * §0.1). With worker threads, the verification runs in a thread of its own (./verify-thread.ts)
 * whose young generation is capped ({@link RUN_SEMI_SPACE_MB}, §0.3.3): Node lets the main
 * thread's grow to 32 MB resident, and its limit can only be set at process start. The calling
 * thread then only relays the progress and receives the report, and loads none of the
 * verifier's modules.
 * @module
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { VerificationReport } from './report.js';

/** A record that cannot be verified at all (exit 2): the file and field, and why. */
export class UnreadableError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'UnreadableError';
  }
}

/** Options of {@link verifyRecord}. */
export interface VerifyRecordOptions {
  /** worker threads (default: every core); 0 verifies in the calling thread alone */
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** What the verification thread is given. */
export interface ThreadRequest {
  readonly dir: string;
  readonly workers: number;
  readonly progress: boolean;
}

/** What the verification thread posts: progress, then the report or why there is none. */
export type ThreadMessage =
  | { readonly progress: readonly [number, number] }
  | { readonly report: VerificationReport }
  | { readonly unreadable: { readonly file: string; readonly detail: string } }
  | { readonly failed: string };

/**
 * Semi-space of the verification thread's young generation in MB, as `--max-semi-space-size=4`
 * would set the main thread's. Measured on the 100,000-ballot export layout with that flag on
 * the whole process: peak resident set 383 → 287 MB for about 3 % more CPU time.
 */
export const RUN_SEMI_SPACE_MB = 4;

/** The compiled thread module; from TypeScript sources (tests), the one of the same package when it is built. */
const RUN_FILE = fileURLToPath(
  import.meta.url.endsWith('.ts')
    ? new URL('../dist/verify-thread.js', import.meta.url)
    : new URL('./verify-thread.js', import.meta.url),
);

/**
 * Verifies the record in `dir`, whatever its format.
 * @throws {UnreadableError} when the record is missing, of no known format, or a file is missing, malformed or off-schema
 */
export async function verifyRecord(dir: string, opts: VerifyRecordOptions = {}): Promise<VerificationReport> {
  const workers = opts.workers ?? availableParallelism();
  if (workers > 0 && existsSync(RUN_FILE)) return verifyInThread(dir, workers, opts.onProgress);
  const { verifyHere } = await import('./verify-here.js');
  return verifyHere(dir, { ...opts, workers });
}

/** {@link verifyRecord} in a thread of its own. */
function verifyInThread(
  dir: string,
  workers: number,
  onProgress: VerifyRecordOptions['onProgress'],
): Promise<VerificationReport> {
  const request: ThreadRequest = { dir, workers, progress: onProgress !== undefined };
  const thread = new Worker(RUN_FILE, {
    workerData: request,
    // V8 makes the young generation of two semi-spaces and a space for large new objects
    resourceLimits: { maxYoungGenerationSizeMb: 3 * RUN_SEMI_SPACE_MB },
  });
  return new Promise<VerificationReport>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void): void => {
      if (settled) return;
      settled = true;
      f();
      void thread.terminate();
    };
    thread.on('message', (m: ThreadMessage) => {
      if ('progress' in m) onProgress?.(m.progress[0], m.progress[1]);
      else if ('report' in m) settle(() => resolve(m.report));
      else if ('unreadable' in m)
        settle(() => reject(new UnreadableError(m.unreadable.file, m.unreadable.detail)));
      else settle(() => reject(new Error(m.failed)));
    });
    thread.on('error', (e) => settle(() => reject(e)));
    thread.on('exit', (code) =>
      settle(() => reject(new Error(`the verification thread stopped (exit code ${code})`))),
    );
  });
}
