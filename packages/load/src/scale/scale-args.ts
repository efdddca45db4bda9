/**
 * The command line of `npm run bench:scale`: flags → {@link ScaleOptions}, with the usage text.
 * A bad flag or value is an error naming it.
 * @module
 */
import { parseArgs } from 'node:util';
import { wantsCluster } from '../bench-db.js';
import { isPostgres } from './nodes.js';
import type { ScaleOptions } from './scale-report.js';

/** The usage text. */
export const USAGE = `Usage: bench:scale [--voters N] [--ballots N] [--nodes N] [--db FILE|postgres://…|postgres]
  [--pg] [--concurrency N] [--options N] [--batch N] [--generator-threads N] [--quick] [--keep]
  [--server-arg FLAG]… [--cpu-prof DIR] [--out FILE]
Defaults: 1,000,000 voters, 200,000 ballots, 1 node on a SQLite file in a temporary folder,
64 in flight, 5 options, batches of 100,000. --quick: 10,000 voters, 2,000 ballots.
Two nodes on PostgreSQL: --nodes 2 --db postgres://user@host:port/db (your server), or
--nodes 2 --db postgres (or --pg): a throwaway cluster (fsync on), removed at the end.
`;

/**
 * Parses the command line.
 * @throws {Error} naming the argument when one is not a positive integer
 */
export function parseScaleArgs(argv: readonly string[]): ScaleOptions & { out?: string; help?: boolean } {
  const { values: v } = parseArgs({
    args: [...argv],
    options: {
      voters: { type: 'string' },
      ballots: { type: 'string' },
      nodes: { type: 'string' },
      db: { type: 'string' },
      pg: { type: 'boolean' },
      concurrency: { type: 'string' },
      options: { type: 'string' },
      batch: { type: 'string' },
      'generator-threads': { type: 'string' },
      'server-arg': { type: 'string', multiple: true },
      'cpu-prof': { type: 'string' },
      quick: { type: 'boolean' },
      keep: { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const int = (name: string, s: string | undefined, dflt: number, max = Number.MAX_SAFE_INTEGER): number => {
    if (s === undefined) return dflt;
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new Error(`--${name} must be an integer from 1 to ${max}`);
    return n;
  };
  const quick = v.quick === true;
  const voters = int('voters', v.voters, quick ? 10_000 : 1_000_000);
  const ballots = int('ballots', v.ballots, quick ? 2_000 : 200_000);
  if (ballots > voters) throw new Error('--ballots cannot exceed --voters (one ballot per voter)');
  const nodes = int('nodes', v.nodes, 1, 64);
  // SQLite is the one-process store: a second process does not see what the first one writes
  // (measured: the second node answers 404 for an election created through the first)
  if (v.pg === true && v.db !== undefined && !wantsCluster(v.db))
    throw new Error('--pg starts a cluster of its own: give --db postgres://… or --pg, not both');
  const db = v.pg === true ? 'postgres' : v.db;
  const pg = db !== undefined && (isPostgres(db) || wantsCluster(db));
  if (nodes > 1 && !pg)
    throw new Error('--nodes above 1 needs --db postgres://… or --db postgres (SQLite serves one process)');
  const generatorThreads = v['generator-threads'];
  return {
    voters,
    ballots,
    nodes,
    ...(db !== undefined ? { db } : {}),
    concurrency: int('concurrency', v.concurrency, 64, 10_000),
    options: int('options', v.options, 5, 100),
    batch: int('batch', v.batch, 100_000, 100_000),
    ...(generatorThreads !== undefined
      ? { generatorThreads: int('generator-threads', generatorThreads, 1, 256) }
      : {}),
    serverArgs: v['server-arg'] ?? [],
    ...(v['cpu-prof'] !== undefined ? { cpuProfDir: v['cpu-prof'] } : {}),
    keep: v.keep === true,
    ...(v.out !== undefined ? { out: v.out } : {}),
    ...(v.help ? { help: true } : {}),
  };
}
