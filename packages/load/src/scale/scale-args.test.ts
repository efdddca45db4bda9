/** The command line of `bench:scale`: defaults, the quick form, and refusals that name the flag. */
import { describe, expect, it } from 'vitest';
import { parseScaleArgs } from './scale-args.js';

describe('bench:scale arguments', () => {
  it('defaults to 1,000,000 credentials and 200,000 ballots on one node; --quick to 10,000 and 2,000', () => {
    expect(parseScaleArgs([])).toMatchObject({
      voters: 1_000_000,
      ballots: 200_000,
      nodes: 1,
      concurrency: 64,
    });
    expect(parseScaleArgs(['--quick'])).toMatchObject({ voters: 10_000, ballots: 2_000 });
    expect(parseScaleArgs(['--quick', '--ballots', '500'])).toMatchObject({ voters: 10_000, ballots: 500 });
  });

  it('takes two nodes on PostgreSQL, and refuses several nodes on SQLite', () => {
    const db = 'postgres://u@127.0.0.1:5432/e';
    expect(parseScaleArgs(['--nodes', '2', '--db', db])).toMatchObject({ nodes: 2, db });
    expect(() => parseScaleArgs(['--nodes', '2'])).toThrow(/--nodes above 1 needs --db postgres/);
    expect(() => parseScaleArgs(['--nodes', '2', '--db', '/tmp/x.db'])).toThrow(/--nodes/);
  });

  it('takes --db postgres and --pg (a throwaway cluster) for several nodes, not --pg with a URL', () => {
    expect(parseScaleArgs(['--nodes', '2', '--db', 'postgres'])).toMatchObject({ nodes: 2, db: 'postgres' });
    expect(parseScaleArgs(['--nodes', '2', '--pg'])).toMatchObject({ nodes: 2, db: 'postgres' });
    expect(() => parseScaleArgs(['--pg', '--db', 'postgres://u@h/e'])).toThrow(/--pg starts a cluster/);
  });

  it('names the flag of a bad value, and refuses more ballots than voters', () => {
    expect(() => parseScaleArgs(['--voters', '0'])).toThrow(/--voters must be an integer/);
    expect(() => parseScaleArgs(['--batch', '100001'])).toThrow(
      /--batch must be an integer from 1 to 100000/,
    );
    expect(() => parseScaleArgs(['--concurrency', '2.5'])).toThrow(/--concurrency/);
    expect(() => parseScaleArgs(['--voters', '10', '--ballots', '11'])).toThrow(/--ballots cannot exceed/);
    expect(() => parseScaleArgs(['--no-such-flag'])).toThrow(/--no-such-flag/);
  });
});
