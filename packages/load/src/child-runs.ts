/**
 * The memory benches' runs (bench:mix-upload, bench:ranked-request): each way of doing the work
 * runs in a child process of its own (peak RSS is per process), `rounds` times, alternated; each
 * child prints one JSON object.
 * @module
 */
import { execFileSync } from 'node:child_process';

/**
 * Runs `script --child WAY --work WORK` for each way of `ways` (comma-separated), `rounds` times.
 * @returns the children's JSON answers, in the order run
 */
export function childRuns(script: string, work: string, ways: string, rounds: number): unknown[] {
  const runs: unknown[] = [];
  for (let r = 0; r < rounds; r++)
    for (const way of ways.split(','))
      runs.push(
        JSON.parse(
          execFileSync(process.execPath, [script, '--child', way, '--work', work], {
            encoding: 'utf8',
            maxBuffer: 1 << 20,
          }),
        ),
      );
  return runs;
}
