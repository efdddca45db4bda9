/**
 * {@link Store.castPreChecks} on both stores (spec/server-api.md §6.7): the same answers as the
 * three single reads it replaces — the election's row, the credential on the published list, its
 * cancellation by a check-in — for an election that exists and one that does not.
 */
import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../../tests/support/pg-cluster.js';
import { describeWithPg } from '../../../../tests/support/pg.js';
import { castPreChecksOneByOne } from './cast-checks.js';
import { openStore } from './open-store.js';
import type { Store } from './store.js';

const E = 'election-1';

function contract(open: () => Promise<Store>): void {
  it('answers as getElection, hasCredential and isCancelled do', async () => {
    const s = await open();
    await s.commit([
      {
        kind: 'election',
        row: {
          id: E,
          state: 'open',
          profile: 'p',
          manifest: '{"m":1}',
          config: '{"c":2}',
          init: '{"i":3}',
          createdAt: 1000,
          updatedAt: 2000,
        },
      },
      { kind: 'credential', electionId: E, credential: 'C1' },
      { kind: 'credential', electionId: E, credential: 'C2' },
      { kind: 'cancel-credential', electionId: E, credential: 'C2', station: 's', logIndex: 4 },
    ]);
    const cases: [string, string][] = [
      [E, 'C1'],
      [E, 'C2'],
      [E, 'C9'],
      ['none', 'C1'],
    ];
    const answers = [];
    for (const [id, c] of cases) {
      const pre = await s.castPreChecks(id, c);
      expect(pre).toEqual(await castPreChecksOneByOne(s, id, c));
      answers.push([pre.election?.state, pre.credentialKnown, pre.cancelled]);
    }
    expect(answers).toEqual([
      ['open', true, false],
      ['open', true, true],
      ['open', false, false],
      [undefined, false, false],
    ]);
    expect((await s.castPreChecks(E, 'C1')).election).toEqual(await s.getElection(E));
    await s.close();
  });
}

describe('castPreChecks, SQLite', () => contract(() => openStore(':memory:')));
describeWithPg('castPreChecks, PostgreSQL', (server) =>
  contract(async () => openStore(await freshDatabase(server().url))),
);
