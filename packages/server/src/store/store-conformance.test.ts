/**
 * The store contract (store.ts), the same assertions on both stores: every method, orders,
 * upserts, BYTEA round trips, leaf hashes from an index, atomic commits, `writeBatch` and
 * `onCommit`. On PostgreSQL also what several nodes need: two store instances on one database
 * (batches serialised by the write lock, commits heard by the other instance, no stale election
 * row) and the refusal of a newer schema.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adminQuery, freshDatabase } from '../../../../tests/support/pg-cluster.js';
import { describeWithPg } from '../../../../tests/support/pg.js';
import { openStore, StoreOpenError } from './open-store.js';
import { castChecksOneByOne } from './cast-checks.js';
import type { BallotRow, ElectionRow, Mutation, Store } from './store.js';

const E = 'election-1';
const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);
const entry = (index: number, type = 'ballot', electionId = E): Mutation => ({
  kind: 'log-entry',
  row: { electionId, index, type, entry: bytes(40, index), leafHash: bytes(32, index + 1) },
});
const election = (over: Partial<ElectionRow> = {}): ElectionRow => ({
  id: E,
  state: 'created',
  profile: 'p',
  manifest: '{"m":1}',
  config: '{}',
  init: null,
  createdAt: 1000,
  updatedAt: 1000,
  ...over,
});
const putElection = (over: Partial<ElectionRow> = {}): Mutation => ({
  kind: 'election',
  row: election(over),
});
const ballot = (logIndex: number, credential: string, intent: 'cast' | 'challenge' = 'cast'): BallotRow => ({
  electionId: E,
  digest: `d${logIndex}`,
  credential,
  intent,
  confirmationCode: `code-${logIndex % 2}`,
  logIndex,
  supersededBy: null,
  receivedAt: 5000 + logIndex,
});
const event = (time: number, kind: string, electionId: string | null) => ({
  kind: 'security-event' as const,
  row: {
    time,
    kind,
    electionId,
    station: null,
    code: 'EVD_ERR_X',
    reason: 'r',
    field: null,
    address: '::1',
    role: null,
  },
});

/** The assertions every store meets; `open` gives a new, empty store. */
function contract(open: () => Promise<Store>): void {
  it('keeps tokens, in creation order, and revokes them', async () => {
    const s = await open();
    const tok = (id: string, createdAt: number, extra = {}) => ({
      kind: 'token' as const,
      row: {
        id,
        tokenHash: `h-${id}`,
        role: 'trustee' as const,
        label: id,
        createdAt,
        revoked: false,
        ...extra,
      },
    });
    await s.commit([tok('b', 2, { guardian: 3 }), tok('a', 2, { station: 'S1' }), tok('c', 1)]);
    await s.commit([{ kind: 'revoke-token', id: 'a' }]);
    expect((await s.listTokens()).map((t) => t.id)).toEqual(['c', 'a', 'b']);
    expect(await s.findToken('h-a')).toEqual({ ...tok('a', 2).row, station: 'S1', revoked: true });
    expect(await s.findToken('h-b')).toEqual({ ...tok('b', 2).row, guardian: 3 });
    expect(await s.findToken('h-c')).not.toHaveProperty('guardian');
    expect(await s.findToken('nope')).toBeUndefined();
    await s.close();
  });

  it('upserts elections (state, config, init, updatedAt) and keeps meta by key', async () => {
    const s = await open();
    await s.commit([putElection(), putElection({ id: 'e0', createdAt: 500 })]);
    await s.commit([
      putElection({ state: 'open', profile: 'other', config: '{"c":2}', init: '{"i":1}', updatedAt: 2000 }),
    ]);
    expect(await s.getElection(E)).toEqual(
      election({ state: 'open', config: '{"c":2}', init: '{"i":1}', updatedAt: 2000 }),
    );
    expect((await s.listElections()).map((e) => e.id)).toEqual(['e0', E]);
    expect(await s.electionIds()).toEqual(['e0', E]);
    expect(await s.getElection('none')).toBeUndefined();
    await s.commit([{ kind: 'meta', key: 'k', value: '1' }]);
    await s.commit([{ kind: 'meta', key: 'k', value: '2' }]);
    expect(await s.getMeta('k')).toBe('2');
    const nasty = `it's \\ "quoted" $1 é 🗳 \\x00'); DROP TABLE meta; --`;
    await s.commit([{ kind: 'meta', key: nasty, value: nasty }]);
    expect(await s.getMeta(nasty)).toBe(nasty);
    expect(await s.getMeta('none')).toBeUndefined();
    await s.close();
  });

  it('round-trips entries and leaf hashes as bytes, by index, by type and streamed in order', async () => {
    const s = await open();
    const n = 2345; // more than two pages of iterateLogEntries
    const all = Array.from({ length: n }, (_, i) => entry(i, i % 500 === 7 ? 'station-sheet' : 'ballot'));
    await s.commit(all.slice(1000));
    await s.commit(all.slice(0, 1000));
    await s.commit([entry(0, 'ballot', 'other')]);
    const hashes = await s.leafHashes(E, 2000);
    expect(hashes).toHaveLength(n - 2000);
    expect(hashes[0]).toEqual(bytes(32, 2001));
    expect(hashes[0]).toBeInstanceOf(Uint8Array);
    expect(await s.leafHashes(E)).toHaveLength(n);
    const page = await s.logEntries(E, 10, 3);
    expect(page.map((e) => e.index)).toEqual([10, 11, 12]);
    expect(page[0]).toEqual({
      electionId: E,
      index: 10,
      type: 'ballot',
      entry: bytes(40, 10),
      leafHash: bytes(32, 11),
    });
    const typed = await s.typedLogEntries(E, ['station-sheet', 'nothing'], 8, 2000, 3);
    expect(typed.map((e) => e.index)).toEqual([507, 1007, 1507]);
    let i = 0;
    for await (const e of s.iterateLogEntries(E)) {
      expect(e.index).toBe(i);
      i++;
    }
    expect(i).toBe(n);
    await s.close();
  });

  it('rolls a commit back whole when one mutation fails', async () => {
    const s = await open();
    await s.commit([entry(0)]);
    await expect(s.commit([{ kind: 'meta', key: 'half', value: 'x' }, entry(1), entry(0)])).rejects.toThrow();
    expect(await s.getMeta('half')).toBeUndefined();
    expect(await s.leafHashes(E)).toHaveLength(1);
    await s.close();
  });

  it('keeps the first tree head of a size, and reads the latest', async () => {
    const s = await open();
    const head = (treeSize: number, rootHash: string) => ({
      kind: 'tree-head' as const,
      row: { electionId: E, treeSize, timestamp: 7000 + treeSize, rootHash, signature: 'sig' },
    });
    await s.commit([head(2, 'a'), head(1, 'b')]);
    await s.commit([head(2, 'other')]);
    expect((await s.treeHeads(E)).map((h) => [h.treeSize, h.rootHash])).toEqual([
      [1, 'b'],
      [2, 'a'],
    ]);
    expect(await s.latestTreeHead(E)).toEqual(head(2, 'a').row);
    expect(await s.latestTreeHead('none')).toBeUndefined();
    await s.close();
  });

  it('indexes ballots: chains, supersession, cancellations, counts, claims and credentials', async () => {
    const s = await open();
    await s.commit([
      { kind: 'credential', electionId: E, credential: 'c1', voterId: 'v1' },
      { kind: 'credential', electionId: E, credential: 'c2' },
      { kind: 'credential', electionId: E, credential: 'c2' },
      { kind: 'credential', electionId: E, credential: 'c3' },
      { kind: 'ballot', row: ballot(3, 'c1') },
      { kind: 'ballot', row: ballot(4, 'c1', 'challenge') },
      { kind: 'ballot', row: ballot(5, 'c1') },
      { kind: 'supersede', electionId: E, logIndex: 3, by: 5 },
      { kind: 'ballot', row: ballot(6, 'c2') },
      { kind: 'ballot', row: ballot(7, 'c3') },
      { kind: 'cancel-credential', electionId: E, credential: 'c3', station: 'S1', logIndex: 8 },
      { kind: 'claim', electionId: E, contestHash: 'h', credential: 'c1' },
      { kind: 'claim', electionId: E, contestHash: 'h', credential: 'c2' },
    ]);
    expect(await s.findBallot(E, 'd3')).toEqual({ ...ballot(3, 'c1'), supersededBy: 5 });
    expect(await s.findBallotByIndex(E, 6)).toEqual(ballot(6, 'c2'));
    expect((await s.findBallotsByCode(E, 'code-1')).map((b) => b.logIndex)).toEqual([3, 5, 7]);
    expect((await s.credentialBallots(E, 'c1')).map((b) => b.logIndex)).toEqual([3, 4, 5]);
    expect((await s.latestBallot(E, 'c1'))?.logIndex).toBe(5);
    expect((await s.latestCast(E, 'c1'))?.logIndex).toBe(5);
    expect(await s.latestCast(E, 'c9')).toBeUndefined();
    expect(await s.countedBallotIndices(E)).toEqual([5, 6]);
    expect(await s.ballotCounts(E)).toEqual({ cast: 4, counted: 2, challenged: 1, superseded: 1 });
    expect(await s.ballotCounts('none')).toEqual({ cast: 0, counted: 0, challenged: 0, superseded: 0 });
    expect(await s.findClaim(E, 'h')).toBe('c1');
    expect(await s.hasCredential(E, 'c2')).toBe(true);
    expect(await s.hasCredential(E, 'c9')).toBe(false);
    expect(await s.credentialOfVoter(E, 'v1')).toBe('c1');
    expect(await s.credentialOfVoter(E, 'v2')).toBeUndefined();
    expect(await s.countCredentials(E)).toBe(3);
    expect(await s.isCancelled(E, 'c3')).toBe(true);
    expect(await s.isCancelled(E, 'c1')).toBe(false);
    expect(await s.cancellationIndex(E, 'c3')).toBe(8);
    expect(await s.cancellationIndex(E, 'c1')).toBeUndefined();
    // a batch's checks at once, as the single reads answer them, through a batch's own reads too
    await s.commit([putElection({ state: 'open' })]);
    const keys = { digests: ['d5', 'd9', 'd5'], credentials: ['c1', 'c3', 'c9'], contestHashes: ['h', 'x'] };
    const checks = await s.writeBatch(async (reads) => ({
      mutations: [],
      value: await reads.castChecks(E, keys),
    }));
    expect(checks).toEqual(await castChecksOneByOne(s, E, keys));
    expect(checks.election?.state).toBe('open');
    expect([...checks.ballots.keys()]).toEqual(['d5']);
    expect(checks.ballots.get('d5')).toEqual(ballot(5, 'c1'));
    expect(checks.latest.get('c1')?.logIndex).toBe(5);
    expect(checks.latestCast.get('c3')?.logIndex).toBe(7);
    expect(checks.latest.has('c9')).toBe(false);
    expect([...checks.cancelled]).toEqual(['c3']);
    expect([...checks.claims]).toEqual([['h', 'c1']]);
    const none = await s.castChecks('none', { digests: [], credentials: [], contestHashes: [] });
    expect(none).toEqual({
      election: undefined,
      ballots: new Map(),
      latest: new Map(),
      latestCast: new Map(),
      cancelled: new Set(),
      claims: new Map(),
    });
    await s.close();
  });

  it('keeps security events newest first, pages them and filters the alerts', async () => {
    const s = await open();
    await s.commit([event(1, 'sheet-refused', E), event(2, 'anomaly-burst', E), event(3, 'anomaly-x', null)]);
    await s.commit([event(4, 'anomaly-y', 'e2')]);
    const all = await s.securityEvents(10);
    expect(all.map((e) => e.time)).toEqual([4, 3, 2, 1]);
    expect(all[3]).toEqual({ ...event(1, 'sheet-refused', E).row, id: all[3]!.id });
    expect((await s.securityEvents(2, all[1]!.id)).map((e) => e.time)).toEqual([2, 1]);
    expect((await s.alerts(undefined, 10)).map((e) => e.time)).toEqual([4, 3, 2]);
    expect((await s.alerts(E, 10)).map((e) => e.time)).toEqual([2]);
    expect((await s.alerts(undefined, 1, all[0]!.id)).map((e) => e.time)).toEqual([3]);
    await s.close();
  });

  it('keeps the roll (upserting names) and the check-ins by station and voter', async () => {
    const s = await open();
    const voter = (voterId: string, station: string, name = voterId) => ({
      kind: 'roll-voter' as const,
      row: { electionId: E, voterId, station, name },
    });
    const checkIn = (id: string, voterId: string, station: string, receivedAt: number) => ({
      kind: 'check-in' as const,
      row: { electionId: E, id, voterId, station, checkedBy: 'w', document: 'doc', at: 'then', receivedAt },
    });
    await s.commit([voter('v2', 'S1'), voter('v1', 'S1'), voter('v1', 'S2'), voter('v3', 'S2')]);
    await s.commit([voter('v1', 'S1', 'Renamed')]);
    expect((await s.rollEntries(E, 'v1')).map((r) => [r.station, r.name])).toEqual([
      ['S1', 'Renamed'],
      ['S2', 'v1'],
    ]);
    expect((await s.stationRoll(E, 'S1')).map((r) => r.voterId)).toEqual(['v1', 'v2']);
    expect(await s.rollSize(E)).toBe(4);
    expect(await s.rollSliceSizes(E)).toEqual(
      new Map([
        ['S1', 2],
        ['S2', 2],
      ]),
    );
    await s.commit([
      checkIn('k2', 'v1', 'S2', 20),
      checkIn('k1', 'v1', 'S1', 10),
      checkIn('k3', 'v3', 'S2', 30),
    ]);
    expect(await s.findCheckIn(E, 'k1')).toEqual(checkIn('k1', 'v1', 'S1', 10).row);
    expect(await s.findCheckIn(E, 'k9')).toBeUndefined();
    expect((await s.checkInsOfVoter(E, 'v1')).map((c) => c.id)).toEqual(['k1', 'k2']);
    expect((await s.duplicateCheckIns(E)).map((c) => c.id)).toEqual(['k1', 'k2']);
    expect(await s.stationCheckInCounts(E, 'S2')).toEqual({ checkIns: 2, duplicates: 1 });
    expect(await s.stationCheckInCounts(E, 'S9')).toEqual({ checkIns: 0, duplicates: 0 });
    expect(await s.checkInsByStation(E)).toEqual({ S1: 1, S2: 2 });
    const last = await s.lastCheckIns();
    expect(last.sort((a, b) => a.station.localeCompare(b.station))).toEqual([
      { electionId: E, station: 'S1', receivedAt: 10 },
      { electionId: E, station: 'S2', receivedAt: 30 },
    ]);
    await s.close();
  });

  it('keeps the file chunks of a mix stage: adopted by an entry, read in order, the orphans swept', async () => {
    const s = await open();
    const chunk = (uploadId: string, file: string, seq: number, createdAt = 10): Mutation => ({
      kind: 'stage-file-chunk',
      row: { uploadId, file, seq, bytes: bytes(1000 + seq, seq + file.length), createdAt },
    });
    // written in two commits, out of order; another file and another upload beside them
    await s.commit([chunk('u1', 'c.bin', 2), chunk('u1', 'c.bin', 0), chunk('u1', 'outputs.bin', 0)]);
    await s.commit([chunk('u1', 'c.bin', 1), chunk('u2', 'c.bin', 0, 5), chunk('u3', 'c.bin', 0, 50)]);
    expect(await s.stageFileChunks(E, 7, 'c.bin', 0, 10)).toEqual([]); // not adopted: not read
    expect(await s.stageChunkCounts('u1')).toEqual({ stored: 4, adopted: 0 });
    await s.commit([
      entry(7, 'mix-stage'),
      { kind: 'adopt-stage-files', uploadId: 'u1', electionId: E, logIndex: 7 },
    ]);
    expect(await s.stageChunkCounts('u1')).toEqual({ stored: 4, adopted: 4 });
    expect(await s.stageFileChunks(E, 7, 'c.bin', 0, 10)).toEqual(
      [0, 1, 2].map((i) => bytes(1000 + i, i + 5)),
    );
    expect(await s.stageFileChunks(E, 7, 'c.bin', 1, 1)).toEqual([bytes(1001, 6)]);
    expect(await s.stageFileChunks(E, 7, 'outputs.bin', 0, 10)).toEqual([bytes(1000, 11)]);
    expect(await s.stageFileChunks(E, 8, 'c.bin', 0, 10)).toEqual([]);
    // a batch that fails adopts nothing
    await expect(
      s.commit([{ kind: 'adopt-stage-files', uploadId: 'u2', electionId: E, logIndex: 8 }, entry(7)]),
    ).rejects.toThrow();
    expect(await s.stageChunkCounts('u2')).toEqual({ stored: 1, adopted: 0 });
    // the sweep: unadopted chunks older than its bound, never an adopted one
    await s.commit([{ kind: 'sweep-stage-files', before: 20 }]);
    expect(await s.stageChunkCounts('u2')).toEqual({ stored: 0, adopted: 0 });
    expect(await s.stageChunkCounts('u3')).toEqual({ stored: 1, adopted: 0 });
    expect(await s.stageChunkCounts('u1')).toEqual({ stored: 4, adopted: 4 });
    await s.commit([{ kind: 'sweep-stage-files', before: 1e15 }]);
    expect(await s.stageChunkCounts('u3')).toEqual({ stored: 0, adopted: 0 });
    expect(await s.stageChunkCounts()).toEqual({ stored: 4, adopted: 4 });
    expect(await s.stageFileChunks(E, 7, 'c.bin', 0, 10)).toHaveLength(3);
    await s.close();
  });

  it('runs a write batch: its value once committed, nothing written when prepare throws', async () => {
    const s = await open();
    const heard: string[][] = [];
    const off = s.onCommit((ids) => heard.push([...ids]));
    expect(
      await s.writeBatch(async () => ({ mutations: [entry(0), entry(0, 'ballot', 'e2')], value: 42 })),
    ).toBe(42);
    const boom = new Error('prepare failed');
    await expect(
      s.writeBatch(async () => {
        await s.getMeta('x'); // a read inside the batch (a commit here would wait for its own lock)
        throw boom;
      }),
    ).rejects.toBe(boom);
    await expect(s.writeBatch(async () => ({ mutations: [entry(0)], value: 0 }))).rejects.toThrow();
    expect(await s.leafHashes(E)).toHaveLength(1);
    expect(heard.filter((ids) => ids.length > 0).map((ids) => ids.sort())).toEqual([['e2', E]]);
    off();
    await s.commit([entry(1)]);
    expect(heard.filter((ids) => ids.length > 0)).toHaveLength(1);
    await s.close();
  });
}

describe('the SQLite store', () => {
  contract(() => openStore(':memory:'));
});

describe('the SQLite store on a file, written by its writer thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evident-conformance-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  contract(() => openStore(join(dir, `store-${n++}.db`)));
});

describeWithPg('the PostgreSQL store', (server) => {
  contract(async () => openStore(await freshDatabase(server().url)));

  /** Two stores on one new database: two nodes. */
  const twoNodes = async (): Promise<[Store, Store]> => {
    const url = await freshDatabase(server().url);
    return [await openStore(url), await openStore(url)];
  };
  const until = async (ok: () => boolean): Promise<void> => {
    for (let i = 0; i < 600 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
  };

  it('serialises write batches of two nodes: the second prepares after the first committed', async () => {
    const [a, b] = await twoNodes();
    const steps: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let aLocked!: () => void;
    const aHasLock = new Promise<void>((r) => (aLocked = r));
    const first = a.writeBatch(async () => {
      steps.push('a prepares');
      aLocked();
      await held;
      return { mutations: [entry(0)], value: 'a' };
    });
    await aHasLock;
    const second = b.writeBatch(async () => {
      const seen = (await b.leafHashes(E)).length;
      steps.push(`b prepares, sees ${seen}`);
      return { mutations: [entry(seen)], value: 'b' };
    });
    await new Promise((r) => setTimeout(r, 300));
    steps.push('a released');
    release();
    expect(await Promise.all([first, second])).toEqual(['a', 'b']);
    expect(steps).toEqual(['a prepares', 'a released', 'b prepares, sees 1']);
    expect(await a.leafHashes(E)).toHaveLength(2);
    await Promise.all([a.close(), b.close()]);
  });

  it('tells a second node of every commit, and serves it fresh election rows', async () => {
    const [a, b] = await twoNodes();
    const heard: string[] = [];
    b.onCommit((ids) => heard.push(...ids));
    await a.commit([putElection()]);
    expect((await b.getElection(E))?.state).toBe('created');
    await a.writeBatch(async () => ({
      mutations: [putElection({ state: 'open' }), entry(0, 'ballot', 'e2')],
      value: 0,
    }));
    expect((await b.getElection(E))?.state).toBe('open');
    await until(() => heard.includes('e2'));
    expect(heard).toContain(E);
    expect(heard).toContain('e2');
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses a database whose schema is newer than this server, writing nothing', async () => {
    const url = await freshDatabase(server().url);
    const s = await openStore(url);
    await s.close();
    await adminQuery(url, 'UPDATE evident_schema SET version = 99');
    const err = await openStore(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreOpenError);
    expect((err as Error).message).toMatch(/schema version 99 is newer than this server's \(3\)/);
  });
});
