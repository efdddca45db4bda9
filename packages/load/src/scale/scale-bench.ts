/**
 * `npm run bench:scale`: the million-voter run (scale-run.ts), one JSON report on stdout,
 * progress on stderr. Exit 0 when every end-to-end check holds, 1 on bad arguments (named),
 * 2 when a step fails, 3 when a check fails.
 *
 *   bench:scale [--voters N] [--ballots N] [--nodes N] [--db FILE|postgres://…|postgres] [--pg]
 *               [--concurrency N] [--options N] [--batch N] [--quick] [--keep]
 *               [--server-arg FLAG]… [--out FILE]
 * @module
 */
import { writeFileSync } from 'node:fs';
import { openBenchDb, type BenchDb } from '../bench-db.js';
import { parseScaleArgs, USAGE } from './scale-args.js';
import { runScale } from './scale-run.js';

async function main(): Promise<number> {
  let o: ReturnType<typeof parseScaleArgs>;
  try {
    o = parseScaleArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`bench:scale: ${(e as Error).message}\n${USAGE}`);
    return 1;
  }
  if (o.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const t0 = performance.now();
  const log = (s: string): void => {
    process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(0)} s] ${s}\n`);
  };
  let bdb: BenchDb;
  try {
    bdb = await openBenchDb(o.db, false, log);
  } catch (e) {
    process.stderr.write(`bench:scale: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const { db, pg } = bdb;
    const run = await runScale({
      ...o,
      ...(db !== undefined ? { db } : {}),
      dbCpuMs: bdb.dbCpuMs,
      ...(bdb.dbStatements ? { dbStatements: bdb.dbStatements } : {}),
      log,
    });
    const report = pg ? { ...run, postgres: pg } : run;
    const text = JSON.stringify(report, null, 2) + '\n';
    if (o.out) writeFileSync(o.out, text);
    process.stdout.write(text);
    return Object.values(report.checks).every(Boolean) ? 0 : 3;
  } catch (e) {
    process.stderr.write(`bench:scale: ${(e as Error).message}\n`);
    return 2;
  } finally {
    bdb.close();
  }
}

process.exitCode = await main();
