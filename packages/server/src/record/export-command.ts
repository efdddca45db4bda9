/**
 * `evident-server export --db election.db|postgres://… --election ID --out DIR` (spec/server-api.md §7.4):
 * writes the election record and the board log from the database, also while a server runs on
 * it (SQLite WAL readers do not block the writer). Exit codes: 0 written (complete or not: the
 * summary says), 1 the database or the election cannot be read.
 * @module
 */
import { existsSync } from 'node:fs';
import { describeDb, isPostgresUrl, openStore } from '../store/open-store.js';
import { exportRecord } from './export-record.js';

/**
 * Runs the export and prints a one-line summary on stderr.
 * @returns the exit code
 */
export async function exportCommand(o: { db?: string; election: string; out: string }): Promise<number> {
  const db = o.db ?? process.env.EVIDENT_DB ?? 'election.db';
  if (!isPostgresUrl(db) && !existsSync(db)) {
    process.stderr.write(`evident-server export: no database ${db}\n`);
    return 1;
  }
  let store;
  try {
    store = await openStore(db);
  } catch (e) {
    process.stderr.write(`evident-server export: cannot open ${describeDb(db)}: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    const s = await exportRecord(store, o.election, o.out);
    process.stderr.write(
      `evident-server export: ${s.dir}: ${s.entries} board entries, ${s.treeHeads} tree heads, ${s.devices} credentials, ` +
        `${s.ballots.cast} cast, ${s.ballots.superseded} superseded, ${s.ballots.cancelled} cancelled, ${s.ballots.challenged} challenged` +
        (s.ranked.length ? `, ranked contests ${s.ranked.join(', ')}` : '') +
        (s.complete ? '' : ` — election is ${s.state}: no decrypted tally yet, the record is incomplete`) +
        '\n',
    );
    return 0;
  } catch (e) {
    process.stderr.write(`evident-server export: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await store.close();
  }
}
