/**
 * Step D of a ranked contest (spec/mixnet.md §8.5 D1–D3) over `decryptions.json` without parsing
 * it whole: scanned once for its head and the byte spans of `rows` and `plaintexts`
 * (@evident/record `scanJsonObjectArrays`), the head checked here, the rows checked in chunks
 * against the same rows of the last stage's outputs (./decryptions-chunk.ts, tasks of the
 * verification's worker pool when it has one). Returns the plaintexts the decryptions read as,
 * for K, when every proof holds.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RankedContest, RankedPlaintext } from '@evident/e2e-crypto';
import { DECRYPTIONS_FILE, RANKED_DIR, scanJsonObjectArrays } from '@evident/record';
import type { StepCollector } from '../report.js';
import { addChunkFindings } from './chunk-findings.js';
import { type ChunkRunner, runChunks } from './chunk-runner.js';
import type { DecryptionsChunk, DecryptionsChunkResult } from './decryptions-chunk.js';
import { partsProblem } from './ranked-heads.js';

/**
 * Step D of contest `id` whose chain ends with `N` rows in `outputs` (relative to the record).
 * @returns the plaintexts, or undefined when a check failed (K is then skipped)
 */
export async function runStepD(
  recordDir: string,
  id: string,
  contest: RankedContest,
  N: number,
  outputs: string,
  { chunks, size }: { chunks: ChunkRunner; size: number },
  D: StepCollector,
): Promise<RankedPlaintext[] | undefined> {
  const file = `${RANKED_DIR}/${id}/${DECRYPTIONS_FILE}`;
  const path = join(recordDir, file);
  if (!existsSync(path)) {
    D.fail('D1', file, 'file is missing or unreadable');
    return undefined;
  }
  const scan = await scanJsonObjectArrays(path, ['rows', 'plaintexts']);
  if (!scan.ok) {
    D.fail('D1', file, `not valid JSON at byte ${scan.offset}: ${scan.message}`);
    return undefined;
  }
  const { head, arrays } = scan.value;
  const rows = arrays.get('rows');
  const plaintexts = arrays.get('plaintexts') ?? new Float64Array(0);
  const given: Record<string, unknown[]> = {};
  if (rows) given['rows'] = [];
  if (arrays.has('plaintexts')) given['plaintexts'] = [];
  const p = partsProblem(id, DECRYPTIONS_FILE, head, given);
  if (p) {
    D.fail('D1', `${file} ${p.field}`.trim(), p.message);
    return undefined;
  }
  if (!rows) {
    D.fail('D1', `${file} rows`, 'expected an array');
    return undefined;
  }
  if (head['method'] !== 'threshold') {
    D.fail('D1', `${file} method`, 'expected "threshold"');
    return undefined;
  }
  if (rows.length / 2 !== N) {
    D.fail('D1', `${file} rows`, `expected ${N} rows`);
    return undefined;
  }
  if (plaintexts.length / 2 !== N) D.fail('D3', `${file} plaintexts`, `expected ${N} rows`);
  const P = plaintexts.length / 2;
  const plain: RankedPlaintext[] = [];
  let all = true;
  await runChunks<DecryptionsChunkResult>(
    chunks,
    'rankedDecryptionsChunk',
    N,
    size,
    (a, b) =>
      ({
        dir: recordDir,
        id,
        first: a,
        rows: rows.slice(2 * a, 2 * b),
        plaintexts: plaintexts.slice(2 * Math.min(a, P), 2 * Math.min(b, P)),
        head,
        contest,
        outputs,
      }) satisfies DecryptionsChunk,
    (r) => {
      addChunkFindings(D, r.findings);
      for (let i = 0; i < r.items; i++) D.item();
      if (r.plain && all) for (const p of r.plain) plain.push(p);
      else all = false;
    },
  );
  return all ? plain : undefined;
}
