/**
 * `evident-track` run in process for the tracker's tests: its exit code, what it printed and,
 * with `--json`, the document.
 */
import { main } from '@evident/ballot-tracker';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What one run gave. */
export interface TrackRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly json: Json;
}

/** Runs `evident-track ARGS…`. */
export async function track(...args: string[]): Promise<TrackRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  const stdout = out.join('\n');
  return {
    code,
    stdout,
    stderr: err.join('\n'),
    json: args.includes('--json') ? (JSON.parse(stdout) as Json) : undefined,
  };
}
