import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLogKey, signTreeHead, toHex } from '@evident/e2e-crypto';
import { listActions } from '../store/station-db.js';
import { startFakeServer, type FakeServer } from '../../test/fake-station-server.js';
import { fakeStation, provisionFrom, tempStation } from '../../test/station-fixture.js';
import { storedBundle } from './provision.js';
import { checkReceipt } from './receipt.js';
import { lastClockOffset } from '../sync/clock.js';

const A = fakeStation('S-A', 3);
const B = fakeStation('S-B', 2);
const unregistered = { ...fakeStation('S-C', 1), publicKey: null };
let server: FakeServer;

beforeAll(async () => {
  server = await startFakeServer({ stations: [A, B, unregistered] });
});
afterAll(() => server.close());

async function refusal(
  station = A,
  logKey?: string,
  tamper?: (b: Record<string, unknown>) => void,
): Promise<string> {
  const t = tempStation();
  server.tamperBundle = tamper;
  try {
    await provisionFrom(t.sdb, server.url, server.electionId, station, logKey);
    return 'accepted';
  } catch (e) {
    expect(storedBundle(t.sdb.db)).toBeUndefined();
    expect(t.sdb.db.prepare('SELECT COUNT(*) FROM roll').pluck().get()).toBe(0);
    return (e as Error).message;
  } finally {
    server.tamperBundle = undefined;
    t.cleanup();
  }
}

describe('provisioning', () => {
  it('stores a good bundle with its roll slice, pins the log key and measures the clock', async () => {
    const t = tempStation();
    try {
      const r = await provisionFrom(
        t.sdb,
        server.url,
        server.electionId,
        A,
        server.logPublicKey.toLowerCase(),
      );
      expect(r.logKeySource).toBe('given');
      expect(r.warnings).toEqual([]);
      expect(r.bundle.pinnedLogKey).toBe(server.logPublicKey);
      expect(t.sdb.db.prepare('SELECT voter_id FROM roll ORDER BY voter_id').pluck().all()).toEqual(
        A.voters.map((v) => v.voterId),
      );
      expect(lastClockOffset(t.sdb.db)).not.toBeNull();
      expect(listActions(t.sdb.db)).toMatchObject([{ worker: 'administrator', action: 'provision' }]);
    } finally {
      t.cleanup();
    }
  });

  it('pins the bundle’s key when none is given, and says so', async () => {
    const t = tempStation();
    try {
      const r = await provisionFrom(t.sdb, server.url, server.electionId, B);
      expect(r).toMatchObject({ logKeySource: 'bundle', bundle: { pinnedLogKey: server.logPublicKey } });
    } finally {
      t.cleanup();
    }
  });

  it('warns when the counting start or the time zone is not the setup entry’s', async () => {
    const t = tempStation();
    server.tamperBundle = (b) => (b.timeZone = 'America/Cayenne');
    try {
      const r = await provisionFrom(t.sdb, server.url, server.electionId, A);
      expect(r.warnings).toEqual([
        expect.stringMatching(/time zone America\/Cayenne is not the setup entry's \(Europe\/Paris\)/),
      ]);
    } finally {
      server.tamperBundle = undefined;
      t.cleanup();
    }
  });

  it('refuses a bundle whose log key is not the one given', async () => {
    expect(await refusal(A, toHex(generateLogKey().publicKey))).toMatch(
      /logPublicKey: is not the log key given/,
    );
  });

  it('refuses a tree head not signed by the pinned key', async () => {
    const other = generateLogKey();
    const msg = await refusal(A, undefined, (b) => {
      const h = b.treeHead as { treeSize: number; rootHash: string; timestamp: number };
      b.treeHead = signTreeHead(
        other.secretKey,
        server.electionId,
        h.treeSize,
        Uint8Array.from(Buffer.from(h.rootHash, 'hex')),
        h.timestamp,
      );
    });
    expect(msg).toMatch(/treeHead: not signed by the pinned log key/);
  });

  it('refuses a setup entry that is not in the signed tree', async () => {
    expect(await refusal(A, undefined, (b) => ((b.setup as { entry: string }).entry += ' '))).toMatch(
      /setupProof: the setup entry is not entry 0/,
    );
  });

  it('refuses a manifest that is not the setup entry’s', async () => {
    const msg = await refusal(A, undefined, (b) => {
      b.manifest = { ...(b.manifest as object), extra: true };
    });
    expect(msg).toMatch(/manifest: is not the manifest of the setup entry/);
  });

  it('refuses a station key that is not this station’s, or none', async () => {
    expect(await refusal(A, undefined, (b) => (b.stationKey = B.publicKey))).toMatch(
      /stationKey: the registered station key is not this station/,
    );
    expect(await refusal({ ...unregistered, publicKey: A.publicKey })).toMatch(
      /stationKey: no station key is registered/,
    );
  });

  it('refuses a roll with a voter twice and a malformed bundle, naming the field', async () => {
    expect(
      await refusal(A, undefined, (b) => (b.roll = [...(b.roll as unknown[]), (b.roll as unknown[])[0]])),
    ).toMatch(/roll\[3\]\.voterId: voter S-A-V00000 is listed twice/);
    expect(await refusal(A, undefined, (b) => (b.countingStartInstant = 'soon'))).toMatch(
      /countingStartInstant/,
    );
  });

  it('names the server’s refusal', async () => {
    expect(await refusal({ ...A, token: 'nope' })).toMatch(/bundle refused: 401 EVD_ERR_UNAUTHORIZED/);
  });
});

describe('checkReceipt', () => {
  it('takes a receipt of the pinned log, and refuses a forged head, a wrong election and a broken proof', async () => {
    const liar = await startFakeServer({ stations: [A], forgeReceipts: true });
    try {
      const post = async (s: FakeServer) => {
        const { signPaperStatement } = await import('@evident/e2e-crypto');
        const closing = {
          electionId: s.electionId,
          station: A.label,
          checkIns: 0,
          closedAt: '2026-06-07T17:00:00.000Z',
        };
        const res = await fetch(`${s.url}/elections/${s.electionId}/stations/${A.label}/poll-book/close`, {
          method: 'POST',
          headers: { authorization: `Bearer ${A.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            closing,
            signature: signPaperStatement(A.secretKey, 'poll-book-close', s.electionId, closing),
          }),
        });
        return ((await res.json()) as { receipt: { proof: string[]; leafHash: string; index: number } })
          .receipt;
      };
      const good = await post(server);
      const ctx = { logPublicKey: server.logPublicKey, electionId: server.electionId };
      expect(checkReceipt(good, ctx)).toMatchObject({ ok: true, index: good.index });
      expect(checkReceipt(good, { ...ctx, electionId: 'E2' })).toMatchObject({
        ok: false,
        failed: 'tree-head',
      });
      expect(checkReceipt({ ...good, index: good.index + 1 }, ctx)).toMatchObject({
        ok: false,
        failed: 'inclusion',
      });
      expect(checkReceipt({ ...good, leafHash: 'zz' }, ctx)).toMatchObject({
        ok: false,
        failed: 'malformed',
      });
      expect(checkReceipt(good, { ...ctx, entry: '{}' })).toMatchObject({ ok: false, failed: 'entry' });
      expect(checkReceipt(null, ctx)).toMatchObject({ ok: false, failed: 'malformed' });
      const forged = await post(liar);
      expect(
        checkReceipt(forged, { logPublicKey: liar.logPublicKey, electionId: liar.electionId }),
      ).toMatchObject({ ok: false, failed: 'tree-head' });
    } finally {
      await liar.close();
    }
  });
});
