/**
 * The text of a PostgreSQL write batch (pg-batch.ts), without a database: the rows of a table's
 * plain inserts in one multi-row INSERT, a statement of another kind on the same table ending the
 * merge, literals escaped. The store contract (store-conformance.test.ts) runs such batches.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { renderBatch } from './pg-batch.js';
import type { BallotRow, Mutation } from './store.js';

const E = 'e';
const ballot = (logIndex: number): Mutation => ({
  kind: 'ballot',
  row: {
    electionId: E,
    digest: `d${logIndex}`,
    credential: 'c',
    intent: 'cast',
    confirmationCode: 'k',
    logIndex,
    supersededBy: null,
    receivedAt: 9,
  } satisfies BallotRow,
});
const claim = (h: string, credential = 'c'): Mutation => ({
  kind: 'claim',
  electionId: E,
  contestHash: h,
  credential,
});
const statements = (texts: string[]): string[] => texts.join(';\n').split(';\n');

describe('renderBatch', () => {
  it('merges the rows of each table into one INSERT, at the place of the first', () => {
    const ms: Mutation[] = [
      { kind: 'meta', key: 'a', value: 'x' },
      ballot(1),
      claim('h1'),
      ballot(2),
      claim('h2'),
      claim('h1', 'other'),
      {
        kind: 'log-entry',
        row: { electionId: E, index: 1, type: 't', entry: Uint8Array.of(1, 255), leafHash: Uint8Array.of(0) },
      },
    ];
    const st = statements(renderBatch(ms, pg.escapeLiteral));
    expect(st).toHaveLength(4);
    expect(st[0]).toMatch(/^INSERT INTO meta /);
    expect(st[1]).toMatch(/^INSERT INTO ballots .* VALUES \('e', 'd1', .*\),\n\('e', 'd2', /s);
    // the first of two claims of a hash comes first: it wins, as it did statement by statement
    expect(st[2]).toBe(
      "INSERT INTO claims (election_id, contest_hash, credential) VALUES ('e', 'h1', 'c'),\n('e', 'h2', 'c'),\n('e', 'h1', 'other') ON CONFLICT DO NOTHING",
    );
    expect(st[3]).toContain("E'\\\\x01ff'::bytea");
  });

  it('keeps the order of a table whose rows another statement changes (a supersession)', () => {
    const ms: Mutation[] = [
      ballot(1),
      ballot(2),
      { kind: 'supersede', electionId: E, logIndex: 1, by: 3 },
      ballot(3),
      ballot(4),
    ];
    const st = statements(renderBatch(ms, pg.escapeLiteral));
    expect(st).toHaveLength(3);
    expect(st[0]).toMatch(/'d1'.*'d2'/s);
    expect(st[1]).toBe("UPDATE ballots SET superseded_by = 3 WHERE election_id = 'e' AND log_index = 1");
    expect(st[2]).toMatch(/'d3'.*'d4'/s);
    expect(st[2]).not.toContain("'d2'");
  });

  it('escapes strings and refuses what has no literal', () => {
    const nasty = "it's $1 \\ '); DROP TABLE meta; --";
    const [text] = renderBatch([{ kind: 'meta', key: nasty, value: 'v' }], pg.escapeLiteral);
    expect(text).toContain(pg.escapeLiteral(nasty));
    // the $1 inside the key is the key's, not a parameter
    expect(text).toMatch(/VALUES \( ?E?'it''s \$1 .*, 'v'\) ON CONFLICT/);
    expect(() => renderBatch([{ kind: 'purge-login-state', before: 0.5 }], pg.escapeLiteral)).toThrow(
      /not an integer/,
    );
  });

  it('starts a new INSERT every thousand rows, and sends nothing for no mutation', () => {
    const st = statements(
      renderBatch(
        Array.from({ length: 2001 }, (_, i) => ballot(i)),
        pg.escapeLiteral,
      ),
    );
    expect(st).toHaveLength(3);
    expect(st[2]).toMatch(/VALUES \('e', 'd2000'/);
    expect(renderBatch([], pg.escapeLiteral)).toEqual([]);
  });
});
