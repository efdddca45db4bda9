/**
 * The paper channel before voting (spec/server-api.md §4.3, §11.1–§11.4): the counting start in
 * the setup and schedule entries, station tokens bound to a station, the printing and station
 * keys (refused after opening), the private roll, the provisioning bundle and the server's clock.
 * Every refusal leaves the board as it was.
 */
import {
  decodeLogHash,
  fromHex,
  generatePaperKey,
  leafHash,
  toHex,
  verifyInclusion,
  verifyTreeHead,
} from '@evident/e2e-crypto';
import { checkEntryReceipt } from '@evident/record';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUpElection, simpleManifest, type Call, type mustCall } from '../testing/local-election.js';
import {
  boardEntries,
  registerStation,
  stationTestApp,
  stationsManifest,
  treeSize,
  type TestApp,
} from '../testing/station-election.js';
import { openElection } from '../elections/election-actions.js';
import { registerStationKey } from './station-keys.js';

const ADMIN = 'evd_station-setup-admin';
const utf8 = new TextEncoder();

describe('paper channel setup', () => {
  let app: TestApp;
  let call: Call;
  let must: ReturnType<typeof mustCall>;
  const NOW = Date.UTC(2026, 4, 1, 12, 0);

  beforeEach(async () => {
    ({ app, call, must } = await stationTestApp(ADMIN, () => NOW));
  });
  afterEach(async () => app.close());

  const entries = (id: string) => boardEntries(must, id);
  const size = (id: string) => treeSize(must, id);

  describe('counting start', () => {
    const create = (body: Record<string, unknown>) =>
      call(
        'POST',
        '/elections',
        { id: 'e1', profile: 'ristretto255', manifest: simpleManifest(), timeZone: 'Europe/Paris', ...body },
        ADMIN,
      );

    it("defaults to 17:00 election-local on the manifest's end date, in the setup entry", async () => {
      const r = await create({});
      expect(r.status).toBe(201);
      expect([r.json.countingStart, r.json.countingStartInstant]).toEqual([
        '2026-05-10T17:00',
        Date.UTC(2026, 4, 10, 15, 0),
      ]);
      const [setup] = await entries('e1');
      expect(setup.type).toBe('setup');
      expect([setup.countingStart, setup.countingStartInstant]).toEqual([
        '2026-05-10T17:00',
        Date.UTC(2026, 4, 10, 15, 0),
      ]);
    });

    it("defaults to 17:00 on the close's date, and takes an explicit time (another zone)", async () => {
      expect((await create({ closeAt: '2026-05-11T20:00' })).json.countingStart).toBe('2026-05-11T17:00');
      const r = await call(
        'POST',
        '/elections',
        {
          id: 'e2',
          profile: 'ristretto255',
          manifest: simpleManifest(),
          timeZone: 'America/New_York',
          countingStart: '2026-05-10T18:30',
        },
        ADMIN,
      );
      expect([r.json.countingStart, r.json.countingStartInstant]).toEqual([
        '2026-05-10T18:30',
        Date.UTC(2026, 4, 10, 22, 30),
      ]);
    });

    it('refuses a malformed counting start naming the field, nothing created', async () => {
      const r = await create({ countingStart: '2026-02-30T17:00' });
      expect([r.status, r.json.code, r.json.field]).toEqual([
        400,
        'EVD_ERR_INVALID_SCHEDULE',
        'countingStart',
      ]);
      expect((await call('GET', '/elections/e1')).status).toBe(404);
    });

    it('reschedules it before opening (schedule entry); after opening refuses it and a zone change', async () => {
      await setUpElection(call, ADMIN, { open: false, voters: 2 });
      let r = await call(
        'PUT',
        '/elections/e1/schedule',
        { timeZone: 'Europe/Paris', closeAt: '2026-05-12T20:00' },
        ADMIN,
      );
      expect(r.json.countingStart).toBe('2026-05-12T17:00'); // the default follows the close
      r = await call(
        'PUT',
        '/elections/e1/schedule',
        { timeZone: 'UTC', countingStart: '2026-05-10T16:00' },
        ADMIN,
      );
      expect([r.json.countingStart, r.json.countingStartInstant]).toEqual([
        '2026-05-10T16:00',
        Date.UTC(2026, 4, 10, 16, 0),
      ]);
      // set by the administrator: kept (its wall time) through a later reschedule
      r = await call('PUT', '/elections/e1/schedule', { timeZone: 'Europe/Paris' }, ADMIN);
      expect([r.json.countingStart, r.json.countingStartInstant]).toEqual([
        '2026-05-10T16:00',
        Date.UTC(2026, 4, 10, 14, 0),
      ]);
      const schedule = (await entries('e1')).filter((e: { type: string }) => e.type === 'schedule').at(-1);
      expect([schedule.countingStart, schedule.countingStartInstant]).toEqual([
        '2026-05-10T16:00',
        Date.UTC(2026, 4, 10, 14, 0),
      ]);
      await must('POST', '/elections/e1/open');
      const before = await size('e1');
      r = await call(
        'PUT',
        '/elections/e1/schedule',
        { timeZone: 'Europe/Paris', countingStart: '2026-05-10T18:00' },
        ADMIN,
      );
      expect([r.status, r.json.code, r.json.field]).toEqual([409, 'EVD_ERR_WRONG_PHASE', 'countingStart']);
      r = await call('PUT', '/elections/e1/schedule', { timeZone: 'UTC' }, ADMIN);
      expect([r.status, r.json.code, r.json.field]).toEqual([409, 'EVD_ERR_WRONG_PHASE', 'timeZone']);
      expect(await size('e1')).toBe(before);
      // the close may still move; the counting start stays
      r = await call(
        'PUT',
        '/elections/e1/schedule',
        { timeZone: 'Europe/Paris', closeAt: '2026-05-13T20:00' },
        ADMIN,
      );
      expect([r.status, r.json.countingStart]).toEqual([200, '2026-05-10T16:00']);
    });
  });

  describe('keys, roll, tokens, bundle', () => {
    beforeEach(async () => {
      await setUpElection(call, ADMIN, { open: false, voters: 3, manifest: stationsManifest() });
    });

    it('registers the printing key once: same key again answers the entry, another is refused', async () => {
      const k = toHex(generatePaperKey().publicKey);
      let r = await call('PUT', '/elections/e1/printing-key', { publicKey: k.toLowerCase() }, ADMIN);
      expect(r.status).toBe(201);
      const { index } = r.json.receipt;
      const logPublicKey = (await must('GET', '/elections/e1')).logPublicKey as string;
      expect(checkEntryReceipt(r.json.receipt, { logPublicKey, electionId: 'e1' })).toMatchObject({
        ok: true,
      });
      const entry = (await entries('e1'))[index];
      expect(entry).toEqual({ type: 'printing-key', publicKey: k, time: NOW });
      const before = await size('e1');
      r = await call('PUT', '/elections/e1/printing-key', { publicKey: k }, ADMIN);
      expect([r.status, r.json.receipt.index]).toEqual([200, index]);
      r = await call(
        'PUT',
        '/elections/e1/printing-key',
        { publicKey: toHex(generatePaperKey().publicKey) },
        ADMIN,
      );
      expect([r.status, r.json.code]).toEqual([409, 'EVD_ERR_CONFLICT']);
      expect(await size('e1')).toBe(before);
    });

    it('registers a station key; refuses bad keys, unknown stations, a second key and a reused key', async () => {
      const k = toHex(generatePaperKey().publicKey);
      let r = await call('PUT', '/elections/e1/stations/p1/key', { publicKey: k }, ADMIN);
      expect(r.status).toBe(201);
      expect((await entries('e1'))[r.json.receipt.index]).toEqual({
        type: 'station-key',
        station: 'p1',
        publicKey: k,
        time: NOW,
      });
      const before = await size('e1');
      // the identity point (small order), bytes that decode as no point, a short key
      const identity = '01' + '00'.repeat(31);
      const notAPoint = '02' + '00'.repeat(30) + '80';
      for (const [publicKey, code] of [
        [identity, 'EVD_ERR_INVALID_DATA'],
        [notAPoint, 'EVD_ERR_INVALID_DATA'],
        ['AB'.repeat(31), 'EVD_ERR_INVALID_DATA'],
        ['zz'.repeat(32), 'EVD_ERR_VALIDATION'],
      ]) {
        r = await call('PUT', '/elections/e1/stations/p2/key', { publicKey }, ADMIN);
        expect([r.status, r.json.code, publicKey]).toEqual([400, code, publicKey]);
      }
      r = await call('PUT', '/elections/e1/stations/nowhere/key', { publicKey: k }, ADMIN);
      expect([r.status, r.json.code]).toEqual([404, 'EVD_ERR_NOT_FOUND']);
      r = await call(
        'PUT',
        '/elections/e1/stations/p1/key',
        { publicKey: toHex(generatePaperKey().publicKey) },
        ADMIN,
      );
      expect([r.status, r.json.code]).toEqual([409, 'EVD_ERR_CONFLICT']);
      r = await call('PUT', '/elections/e1/stations/p2/key', { publicKey: k }, ADMIN);
      expect([r.status, r.json.code]).toEqual([409, 'EVD_ERR_CONFLICT']);
      expect(await size('e1')).toBe(before);
    });

    it('refuses keys and the roll once open (409), nothing written', async () => {
      await must('POST', '/elections/e1/open');
      const before = await size('e1');
      const k = toHex(generatePaperKey().publicKey);
      for (const [url, body] of [
        ['/elections/e1/printing-key', { publicKey: k }],
        ['/elections/e1/stations/p1/key', { publicKey: k }],
      ] as const) {
        const r = await call('PUT', url, body, ADMIN);
        expect([r.status, r.json.code]).toEqual([409, 'EVD_ERR_WRONG_PHASE']);
      }
      const r = await call(
        'POST',
        '/elections/e1/roll',
        { voters: [{ voterId: 'voter-1', station: 'p1', name: 'A' }] },
        ADMIN,
      );
      expect([r.status, r.json.code]).toEqual([409, 'EVD_ERR_WRONG_PHASE']);
      expect(await size('e1')).toBe(before);
    });

    it('refuses a key registered in the same commit batch as the opening, after it', async () => {
      const ctx = app.evident;
      const opening = openElection(ctx, 'e1'); // queued first: the key's job runs after it
      const key = registerStationKey(ctx, 'e1', 'p1', toHex(generatePaperKey().publicKey));
      await opening;
      await expect(key).rejects.toMatchObject({ code: 'EVD_ERR_WRONG_PHASE' });
      const types = (await entries('e1')).map((e: { type: string }) => e.type);
      expect(types.at(-1)).toBe('open');
      expect(types).not.toContain('station-key');
    });

    it('makes station tokens bound to a station; a station token acts for its own station only', async () => {
      let r = await call('POST', '/admin/tokens', { role: 'station', label: 'no station' }, ADMIN);
      expect([r.status, r.json.code, r.json.field]).toEqual([400, 'EVD_ERR_VALIDATION', 'station']);
      r = await call('POST', '/admin/tokens', { role: 'observer', label: 'o', station: 'p1' }, ADMIN);
      expect([r.status, r.json.field]).toEqual([400, 'station']);
      const p1 = await registerStation(must, 'e1', 'p1');
      expect((await call('GET', '/elections/e1/stations/p1/bundle', undefined, p1.token)).status).toBe(200);
      r = await call('GET', '/elections/e1/stations/p2/bundle', undefined, p1.token);
      expect([r.status, r.json.code]).toEqual([403, 'EVD_ERR_FORBIDDEN']);
      r = await call('PUT', '/elections/e1/stations/p1/key', { publicKey: p1.publicKey }, p1.token);
      expect([r.status, r.json.code]).toEqual([403, 'EVD_ERR_FORBIDDEN']);
      r = await call('GET', '/elections/e1/stations/p1/bundle');
      expect(r.status).toBe(401);
      const listed = (await must('GET', '/admin/tokens')).tokens.find(
        (t: { station?: string }) => t.station === 'p1',
      );
      expect(listed.role).toBe('station');
    });

    it('imports the private roll; refuses a station not in the manifest; never on the board', async () => {
      const before = await size('e1');
      let r = await call(
        'POST',
        '/elections/e1/roll',
        {
          voters: [
            { voterId: 'voter-1', station: 'p1', name: 'Ada Secret' },
            { voterId: 'voter-2', station: 'p1', name: 'Bob Secret' },
            { voterId: 'voter-3', station: 'nowhere', name: 'C' },
          ],
        },
        ADMIN,
      );
      expect([r.status, r.json.code, r.json.field]).toEqual([400, 'EVD_ERR_VALIDATION', 'voters[2].station']);
      r = await call(
        'POST',
        '/elections/e1/roll',
        { voters: [{ voterId: 'voter-1', station: 'p1', name: 'Ada Secret' }] },
        ADMIN,
      );
      expect(r.json).toEqual({ imported: 1, total: 1 });
      r = await call(
        'POST',
        '/elections/e1/roll',
        {
          voters: [
            { voterId: 'voter-2', station: 'p2', name: 'Bob Secret' },
            { voterId: 'voter-1', station: 'p1', name: 'Ada' },
          ],
        },
        ADMIN,
      );
      expect(r.json).toEqual({ imported: 2, total: 2 });
      expect(await size('e1')).toBe(before);
      expect(JSON.stringify(await entries('e1'))).not.toContain('Secret');
      const p1 = await registerStation(must, 'e1', 'p1');
      const b = (await call('GET', '/elections/e1/stations/p1/bundle', undefined, p1.token)).json;
      expect(b.roll).toEqual([{ voterId: 'voter-1', name: 'Ada' }]);
    });

    it("gives the station's bundle: setup entry with its inclusion proof in a signed head, keys, style, counting start", async () => {
      const p2 = await registerStation(must, 'e1', 'p2');
      const printing = toHex(generatePaperKey().publicKey);
      await must('PUT', '/elections/e1/printing-key', { publicKey: printing });
      const r = await call('GET', '/elections/e1/stations/p2/bundle', undefined, p2.token);
      expect(r.status).toBe(200);
      const b = r.json;
      expect(b).toMatchObject({
        electionId: 'e1',
        station: 'p2',
        stationKey: p2.publicKey,
        printingKey: printing,
        ballotStyle: { label: 's1', contests: ['c1'] },
        roll: [],
        timeZone: 'Europe/Paris',
        countingStart: '2026-05-10T17:00',
        countingStartInstant: Date.UTC(2026, 4, 10, 15, 0),
        serverTime: NOW,
      });
      expect(b.manifest.pollingStations.map((s: { label: string }) => s.label)).toEqual(['p1', 'p2', 'p3']);
      const key = fromHex(b.logPublicKey);
      expect(verifyTreeHead(b.treeHead, key)).toBe(true);
      expect(b.setup.index).toBe(0);
      const setup = JSON.parse(b.setup.entry);
      expect([setup.type, setup.logPublicKey]).toEqual(['setup', b.logPublicKey]);
      const proof = b.setupProof.map((p: string) => decodeLogHash(p, 'p'));
      const root = decodeLogHash(b.treeHead.rootHash, 'root');
      expect(verifyInclusion(leafHash(utf8.encode(b.setup.entry)), 0, b.treeHead.treeSize, proof, root)).toBe(
        true,
      );
      // one character changed: not the entry the head covers
      const altered = b.setup.entry.replace('"setup"', '"setuq"');
      expect(verifyInclusion(leafHash(utf8.encode(altered)), 0, b.treeHead.treeSize, proof, root)).toBe(
        false,
      );
      const none = await call('GET', '/elections/e1/stations/p3/bundle', undefined, ADMIN);
      expect([none.json.stationKey, none.json.printingKey]).toEqual([null, printing]);
      const missing = await call('GET', '/elections/e1/stations/p9/bundle', undefined, ADMIN);
      expect([missing.status, missing.json.code]).toEqual([404, 'EVD_ERR_NOT_FOUND']);
    });

    it("tells the server's clock without authentication", async () => {
      const r = await call('GET', '/time');
      expect([r.status, r.json]).toEqual([200, { now: NOW }]);
    });
  });
});
