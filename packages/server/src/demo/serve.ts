/**
 * `npm run demo -- --serve` (`../demo.ts`): after the election, the server keeps running and the
 * demo prints where to look — the results display, the ballot tracker with a tracking code of a
 * counted ballot and the log key to pin, the report — until Ctrl-C (SIGINT) or SIGTERM, which
 * stop the server cleanly and end the demo with exit code 0.
 * @module
 */
import type { ChildProcess } from 'node:child_process';
import type { Http } from './processes.js';

/** What the demo serves. */
export interface Served {
  readonly base: string;
  readonly id: string;
  readonly http: Http;
  readonly server: ChildProcess;
  /** the folder of the voters' credential letters, if written */
  readonly letters?: string;
}

/** The tracking code of a counted ballot on the board (the first found), if any. */
export async function countedTrackingCode(http: Http, id: string): Promise<string | undefined> {
  const { entries } = await http('GET', `/elections/${id}/board/entries?start=0`);
  for (const e of entries as { entry: string }[]) {
    const entry = JSON.parse(e.entry) as { type?: string; submission?: { ballot?: { code?: string } } };
    const code = entry.type === 'ballot' ? entry.submission?.ballot?.code : undefined;
    if (!code) continue;
    const tracked = await http('GET', `/elections/${id}/ballots/${code}`);
    if (tracked.status === 'counted') return code;
  }
  return undefined;
}

/** The addresses to print, one per line. */
export function servedLines(
  base: string,
  id: string,
  trackingCode: string | undefined,
  logKey: string,
): string[] {
  const e = encodeURIComponent(id);
  return [
    `results display  ${base}/display/${e}`,
    `ballot tracker   ${base}/track/${e}${trackingCode ? `   (a counted ballot to try: ${trackingCode})` : ''}`,
    `log key to pin   ${logKey}   (as printed on the credential letters)`,
    `report           ${base}/elections/${e}/report.html   (also .pdf .csv .json; ?lang=fr or ar)`,
    `officials' alerts ${base}/officials/${e}   (give it an observer or administrator token)`,
    `board entries    ${base}/elections/${e}/board/entries`,
  ];
}

/**
 * Prints the addresses and waits for SIGINT or SIGTERM; then stops the server and waits for it.
 * @returns the exit code: 0
 */
export async function serveUntilInterrupted(s: Served, say: (line: string) => void): Promise<number> {
  const summary = await s.http('GET', `/elections/${s.id}`);
  const code = await countedTrackingCode(s.http, s.id);
  say('the server keeps running (--serve):');
  for (const line of servedLines(s.base, s.id, code, String(summary.logPublicKey).toUpperCase()))
    console.log(`  ${line}`);
  if (s.letters) console.log(`  credential letters in ${s.letters}`);
  console.log('  press Ctrl-C to stop');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  if (s.server.exitCode === null && s.server.signalCode === null) {
    const gone = new Promise((r) => s.server.once('exit', r));
    s.server.kill('SIGTERM');
    await gone;
  }
  say('server stopped');
  return 0;
}
