/**
 * The findings of one chunk task (ranked steps B and D in chunks): plain data that crosses
 * threads, at most a step's worth kept (./../report.ts keeps the first 50 of a step) and the rest
 * counted, so that a chunk of a million bad rows does not send a million findings back.
 * @module
 */
import type { Finding } from '@evident/e2e-crypto';
import { readJsonSpans } from '@evident/record';
import type { StepCollector } from '../report.js';

/** Findings kept per chunk: a step reports at most this many. */
const KEPT = 50;

/** What a chunk sends back. */
export interface ChunkFindings {
  readonly kept: Finding[];
  /** findings not kept */
  readonly more: number;
}

/** A collector of a chunk's findings. */
export function chunkFindings(): {
  fail(check: string, where: string, message: string): void;
  result(): ChunkFindings;
} {
  const kept: Finding[] = [];
  let more = 0;
  return {
    fail(check, where, message) {
      if (kept.length < KEPT) kept.push({ check, where, message });
      else more++;
    },
    result: () => ({ kept, more }),
  };
}

/** Adds a chunk's findings to its step. */
export function addChunkFindings(step: StepCollector, f: ChunkFindings): void {
  step.add(f.kept);
  step.uncounted(f.more);
}

/**
 * `readJsonSpans` of a whole span list that never throws: a file that cannot be read (gone since
 * it was scanned) makes every element bad with the reason.
 */
export function readSpansOf(path: string, spans: Float64Array): ReturnType<typeof readJsonSpans> {
  const n = spans.length / 2;
  try {
    return readJsonSpans(path, spans, 0, n);
  } catch (e) {
    const message = `unreadable: ${e instanceof Error ? e.message : String(e)}`;
    return {
      values: Array.from({ length: n }, () => undefined),
      bad: Array.from({ length: n }, (_, index) => ({ index, message })),
    };
  }
}
