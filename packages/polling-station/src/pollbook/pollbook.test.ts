import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPaperStatement } from '@evident/e2e-crypto';
import { listActions } from '../store/station-db.js';
import { startFakeServer, type FakeServer } from '../../test/fake-station-server.js';
import { fakeStation, provisionFrom, tempStation } from '../../test/station-fixture.js';
import { pendingItems } from '../sync/outbox.js';
import { checkIn, checkInCount, searchRoll } from './check-in.js';
import { closePollBook } from './close.js';

const A = fakeStation('S-A', 3);
let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer({ stations: [A] });
});
afterAll(() => server.close());

const T0 = Date.UTC(2026, 5, 7, 8, 30);

async function station() {
  const t = tempStation(() => T0);
  await provisionFrom(t.sdb, server.url, server.electionId, A);
  return t;
}

describe('poll book', () => {
  it('checks a voter in with who checked and the document’s type and last characters, and queues it', async () => {
    const t = await station();
    try {
      const c = checkIn(t.sdb, {
        voterId: 'S-A-V00001',
        worker: 'ana',
        documentType: 'passport',
        documentLast: 'x42z',
      });
      expect(c).toMatchObject({
        voterId: 'S-A-V00001',
        checkedBy: 'ana',
        document: { type: 'passport', last: 'X42Z' },
        at: new Date(T0).toISOString(),
      });
      expect(c.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(pendingItems(t.sdb.db, 10)).toMatchObject([
        {
          kind: 'check-in',
          path: `/elections/${server.electionId}/stations/S-A/check-ins`,
          body: { checkIns: [c] },
          ref: c.id,
        },
      ]);
      expect(listActions(t.sdb.db).at(-1)).toMatchObject({
        worker: 'ana',
        action: 'check-in',
        detail: { voterId: 'S-A-V00001' },
      });
    } finally {
      t.cleanup();
    }
  });

  it('refuses a second check-in of the same voter, saying when and by whom, and changes nothing', async () => {
    const t = await station();
    try {
      checkIn(t.sdb, { voterId: 'S-A-V00001', worker: 'ana', documentType: 'id-card', documentLast: '1234' });
      expect(() =>
        checkIn(t.sdb, {
          voterId: 'S-A-V00001',
          worker: 'bo',
          documentType: 'id-card',
          documentLast: '1234',
        }),
      ).toThrow(
        /voter S-A-V00001 \(Voter S-A 1\) was already checked in at this station at 2026-06-07T08:30:00.000Z by ana/,
      );
      expect(checkInCount(t.sdb.db)).toBe(1);
      expect(pendingItems(t.sdb.db, 10)).toHaveLength(1);
      expect(listActions(t.sdb.db).at(-1)).toMatchObject({ worker: 'bo', action: 'check-in-refused' });
    } finally {
      t.cleanup();
    }
  });

  it('refuses a voter not on the roll, a whole document number and an unknown document type', async () => {
    const t = await station();
    try {
      const base = { worker: 'ana', documentType: 'id-card', documentLast: '1234' };
      expect(() => checkIn(t.sdb, { ...base, voterId: 'S-B-V00000' })).toThrow(/not on this station's roll/);
      expect(() => checkIn(t.sdb, { ...base, voterId: 'S-A-V00000', documentLast: '123456789' })).toThrow(
        /never the whole number/,
      );
      expect(() => checkIn(t.sdb, { ...base, voterId: 'S-A-V00000', documentType: 'library-card' })).toThrow(
        /document type "library-card"/,
      );
      expect(checkInCount(t.sdb.db)).toBe(0);
    } finally {
      t.cleanup();
    }
  });

  it('finds voters by name (any case, any accent) or by id, with their check-in', async () => {
    const t = await station();
    try {
      t.sdb.db
        .prepare(
          "UPDATE roll SET name = 'Zoé Éluard', search = 'zoe eluard s-a-v00002' WHERE voter_id = 'S-A-V00002'",
        )
        .run();
      checkIn(t.sdb, { voterId: 'S-A-V00002', worker: 'ana', documentType: 'id-card', documentLast: '99' });
      expect(searchRoll(t.sdb.db, 'ÉLU').map((v) => v.voterId)).toEqual(['S-A-V00002']);
      expect(searchRoll(t.sdb.db, 'S-A-V00002')[0]).toMatchObject({
        name: 'Zoé Éluard',
        checkIn: { by: 'ana', sync: 'pending' },
      });
      expect(searchRoll(t.sdb.db, 'voter s-a').map((v) => v.voterId)).toEqual(['S-A-V00000', 'S-A-V00001']);
      expect(searchRoll(t.sdb.db, '%')).toEqual([]);
    } finally {
      t.cleanup();
    }
  });

  it('closes the poll book with a signed closing queued after the check-ins; no check-in after', async () => {
    const t = await station();
    try {
      checkIn(t.sdb, { voterId: 'S-A-V00000', worker: 'ana', documentType: 'id-card', documentLast: '11' });
      const signed = closePollBook(t.sdb, 'ana', A.secretKey);
      expect(signed.closing).toEqual({
        electionId: server.electionId,
        station: 'S-A',
        checkIns: 1,
        closedAt: new Date(T0).toISOString(),
      });
      expect(
        verifyPaperStatement(
          A.publicKey!,
          'poll-book-close',
          server.electionId,
          signed.closing,
          signed.signature,
        ),
      ).toBe(true);
      expect(pendingItems(t.sdb.db, 10).map((i) => i.kind)).toEqual(['check-in', 'poll-book-close']);
      expect(() =>
        checkIn(t.sdb, { voterId: 'S-A-V00001', worker: 'ana', documentType: 'id-card', documentLast: '11' }),
      ).toThrow(/poll book is closed/);
      expect(() => closePollBook(t.sdb, 'ana', A.secretKey)).toThrow(/already closed/);
    } finally {
      t.cleanup();
    }
  });
});
