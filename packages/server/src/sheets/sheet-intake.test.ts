/**
 * Station tally-sheet intake (spec/stations.md §9): an accepted sheet and its CVRs on the board
 * with a receipt; the same sheet again answered without writing; a correction superseding the
 * sheet it names; and every refusal (bad or altered signature, unknown or unregistered station,
 * before the counting start by the sheet or by the server's injected clock, broken chain, reused
 * sequence, inconsistent numbers, CVRs not the committed ones) answered with its code and field,
 * the board unchanged, and a security event recorded.
 */
import { fromHex, generatePaperKey, logPublicKey, toHex } from '@evident/e2e-crypto';
import {
  checkEntryReceipt,
  cosignTallySheet,
  sheetHash,
  type StationCvrs,
  type TallySheet,
} from '@evident/record';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { injectCall, mustCall, setUpElection, type Call } from '../testing/local-election.js';
import {
  countedSheet,
  paperManifest,
  PAPER_COUNTING_START,
  registerStationKey,
  sameBallots,
  signSheet,
  type CountedBallot,
} from '../testing/station-sheets.js';

const ADMIN = 'evd_sheet-intake-admin';
const ID = 'paper';
const COUNTING_START = PAPER_COUNTING_START;

describe('station sheet intake', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let call: Call;
  let clock = COUNTING_START;
  const keys = new Map<string, { secretKey: Uint8Array; publicKey: string }>();
  const manifest = paperManifest();
  const sheetsPath = (station: string) => `/elections/${ID}/stations/${station}/sheets`;
  const size = () => app.evident.logs.get(ID)!.size;
  const events = async () =>
    (await call('GET', '/admin/security-events', undefined, ADMIN)).json.events as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any

  /** A signed sheet of `station` from `list`, with overrides applied before signing. */
  const make = (station: string, list: CountedBallot[], o: Partial<TallySheet> = {}) => {
    const { sheet, cvrs } = countedSheet(manifest, ID, station, list, o);
    return { signed: signSheet(sheet, keys.get(station)!.secretKey), cvrs, sheet };
  };

  /** The ballots of p1's first sheet (accepted, answered as known when sent again, then corrected). */
  const p1Ballots = [...sameBallots(3, 'a', ['x', 'y']), ...sameBallots(2, 'b'), { c1: [], c2: ['z'] }];

  /** Posts `body`; expects the refusal `code` (and `field`), nothing written, one event recorded. */
  const refused = async (station: string, body: unknown, code: string, field?: string) => {
    const before = size();
    const n = (await events()).length;
    const r = await call('POST', sheetsPath(station), body, ADMIN);
    expect(r.json.code).toBe(code);
    if (field !== undefined) expect(r.json.field).toBe(field);
    expect(size()).toBe(before);
    const ev = await events();
    expect(ev.length).toBe(n + 1);
    expect(ev[0]).toMatchObject({
      kind: 'sheet-refused',
      electionId: ID,
      station,
      code,
      address: '127.0.0.1',
    });
    return r;
  };

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false, now: () => clock });
    call = injectCall(app);
    await setUpElection(call, ADMIN, { id: ID, manifest, voters: 2, open: false });
    for (const s of ['p1', 'p2']) keys.set(s, await registerStationKey(app.evident, ID, s));
    await mustCall(call, ADMIN)('POST', `/elections/${ID}/open`);
  });

  it('accepts a signed sheet with its CVRs: station-sheet then station-cvrs, with a receipt', async () => {
    const { signed, cvrs, sheet } = make('p1', p1Ballots);
    const before = size();
    const r = await call('POST', sheetsPath('p1'), { signed, cvrs }, ADMIN);
    expect(r.status).toBe(201);
    expect(r.json.sheetHash).toBe(sheetHash(sheet));
    expect(size()).toBe(before + 2);
    const { receipt, cvrsReceipt } = r.json;
    expect(receipt.index).toBe(before);
    expect(cvrsReceipt.index).toBe(before + 1);
    // the receipt proves the entry under a head signed by the log key
    const logKey = logPublicKey(fromHex((await app.evident.store.getMeta('log-secret-key')) as string, 'k'));
    expect(checkEntryReceipt(receipt, { logPublicKey: logKey, electionId: ID })).toMatchObject({ ok: true });
    const page = (await call('GET', `/elections/${ID}/board/entries?start=${before}&limit=2`)).json;
    const [e1, e2] = page.entries.map((x: { entry: string }) => JSON.parse(x.entry));
    expect(e1).toMatchObject({ type: 'station-sheet', sheetHash: sheetHash(sheet), via: 'network' });
    expect(e1.signed.sheet).toEqual(sheet);
    expect(e2).toMatchObject({
      type: 'station-cvrs',
      station: 'p1',
      sequence: 1,
      sheetHash: sheetHash(sheet),
      cvrs,
    });
  });

  it('answers the same sheet again with 200 and writes nothing (no security event: an outbox retry)', async () => {
    const { signed, cvrs, sheet } = make('p1', p1Ballots);
    const before = size();
    const n = (await events()).length;
    const r = await call('POST', sheetsPath('p1'), { signed, cvrs }, ADMIN);
    expect(r.status).toBe(200);
    expect(r.json.sheetHash).toBe(sheetHash(sheet));
    expect(size()).toBe(before);
    expect((await events()).length).toBe(n);
  });

  it('refuses a sheet signed by another key than the registered one', async () => {
    const { sheet } = make('p2', sameBallots(2, 'a'));
    const signed = signSheet(sheet, generatePaperKey().secretKey);
    await refused('p2', { signed }, 'EVD_ERR_INVALID_SIGNATURE', 'signed.signature');
  });

  it('refuses a sheet altered after signing', async () => {
    const { signed } = make('p2', sameBallots(2, 'a'));
    const c1 = signed.sheet.contests[0]!;
    const altered = {
      ...signed,
      sheet: { ...signed.sheet, contests: [{ ...c1, counts: [1, 1, 0] }, signed.sheet.contests[1]] },
    };
    await refused('p2', { signed: altered }, 'EVD_ERR_INVALID_SIGNATURE', 'signed.signature');
  });

  it('refuses an unknown station and a station without a registered key', async () => {
    const { signed } = make('p2', sameBallots(1, 'a'));
    await refused('p9', { signed }, 'EVD_ERR_NOT_FOUND', 'station');
    await refused('p3', { signed }, 'EVD_ERR_UNREGISTERED_STATION', 'station');
  });

  it('refuses a sheet for another station or another election, signed by the right key', async () => {
    const other = make('p2', sameBallots(1, 'a'), { station: 'p1' });
    await refused('p2', { signed: other.signed }, 'EVD_ERR_INVALID_SHEET', 'signed.sheet.station');
    const elsewhere = make('p2', sameBallots(1, 'a'), { electionId: 'other-election' });
    await refused('p2', { signed: elsewhere.signed }, 'EVD_ERR_INVALID_SHEET', 'signed.sheet.electionId');
  });

  it('refuses sheets before the counting start: 16:59:59 refused, 17:00:00 accepted (injected clock)', async () => {
    const early = make('p2', sameBallots(1, 'a'), { countingStart: '2026-05-10T14:59:59.999Z' });
    await refused('p2', { signed: early.signed }, 'EVD_ERR_TOO_EARLY', 'signed.sheet.countingStart');
    clock = COUNTING_START - 1000; // 16:59:59 by the server's clock
    try {
      const { signed } = make('p2', sameBallots(1, 'a'));
      const r = await refused('p2', { signed }, 'EVD_ERR_TOO_EARLY');
      expect(r.json.field).toBeUndefined();
      clock = COUNTING_START; // 17:00:00
      expect((await call('POST', sheetsPath('p2'), { signed }, ADMIN)).status).toBe(201);
    } finally {
      clock = COUNTING_START;
    }
  });

  it('takes a correction naming the sheet it corrects; refuses a reused sequence and a broken chain', async () => {
    const first = make('p1', p1Ballots);
    const h1 = sheetHash(first.sheet);
    const other = make('p1', sameBallots(6, 'c'));
    await refused('p1', { signed: other.signed }, 'EVD_ERR_CONFLICT', 'signed.sheet.sequence');
    const gap = make('p1', sameBallots(6, 'c'), {
      sequence: 3,
      previousSheet: h1,
      correctionReason: 'recount',
    });
    await refused('p1', { signed: gap.signed }, 'EVD_ERR_SHEET_CHAIN', 'signed.sheet.sequence');
    const wrongPrev = make('p1', sameBallots(6, 'c'), {
      sequence: 2,
      previousSheet: 'AB'.repeat(32),
      correctionReason: 'recount',
    });
    await refused('p1', { signed: wrongPrev.signed }, 'EVD_ERR_SHEET_CHAIN', 'signed.sheet.previousSheet');
    const noReason = make('p1', sameBallots(6, 'c'), { sequence: 2, previousSheet: h1 });
    await refused(
      'p1',
      { signed: noReason.signed },
      'EVD_ERR_INVALID_SHEET',
      'signed.sheet.correctionReason',
    );
    const fix = make('p1', sameBallots(6, 'c'), {
      sequence: 2,
      previousSheet: h1,
      correctionReason: 'a stack counted twice',
    });
    const r = await call('POST', sheetsPath('p1'), { signed: fix.signed }, ADMIN);
    expect(r.status).toBe(201);
    expect(r.json.cvrsReceipt).toBeUndefined();
    // the first sheet again: idempotent, it stays superseded — but worth an official's look
    const before = size();
    const replay = await call('POST', sheetsPath('p1'), { signed: first.signed }, ADMIN);
    expect(replay.status).toBe(200);
    expect(replay.json).toMatchObject({ sheetHash: h1, supersededBy: 2 });
    expect(size()).toBe(before);
    expect((await events())[0]).toMatchObject({
      kind: 'superseded-sheet-replayed',
      station: 'p1',
      code: 'OK',
    });
  });

  it('takes CVRs after their sheet, once; refuses CVRs that are not the committed ones', async () => {
    const fix = make('p1', sameBallots(6, 'c'), {
      sequence: 2,
      previousSheet: sheetHash(make('p1', p1Ballots).sheet),
      correctionReason: 'a stack counted twice',
    });
    const h = sheetHash(fix.sheet);
    const path = `${sheetsPath('p1')}/${h}/cvrs`;
    const wrong: StationCvrs = {
      contests: fix.cvrs.contests.map((c, i) =>
        i === 0 ? { ...c, choices: c.choices.map(() => ['a']) } : c,
      ),
    };
    const before = size();
    const bad = await call('POST', path, { cvrs: wrong }, ADMIN);
    expect(bad.json).toMatchObject({ code: 'EVD_ERR_INVALID_CVRS', field: 'cvrs' });
    expect(size()).toBe(before);
    expect((await events())[0]).toMatchObject({ kind: 'cvrs-refused', code: 'EVD_ERR_INVALID_CVRS' });
    const unsorted: StationCvrs = {
      contests: [
        { contest: 'c1', choices: [['c'], ['c'], ['c'], ['c'], ['c'], ['a']] },
        fix.cvrs.contests[1]!,
      ],
    };
    expect((await call('POST', path, { cvrs: unsorted }, ADMIN)).json.field).toBe('cvrs.contests[0].choices');
    const ok = await call('POST', path, { cvrs: fix.cvrs }, ADMIN);
    expect(ok.status).toBe(201);
    expect(size()).toBe(before + 1);
    expect((await call('POST', path, { cvrs: fix.cvrs }, ADMIN)).status).toBe(200);
    expect(size()).toBe(before + 1);
    expect((await call('POST', `${sheetsPath('p2')}/${h}/cvrs`, { cvrs: fix.cvrs }, ADMIN)).json.code).toBe(
      'EVD_ERR_NOT_FOUND',
    );
  });

  it('refuses inconsistent numbers, naming the field', async () => {
    const base = make('p2', sameBallots(2, 'a'));
    const tweak = (o: Partial<TallySheet>) => signSheet({ ...base.sheet, ...o }, keys.get('p2')!.secretKey);
    const [c1, c2] = base.sheet.contests as [TallySheet['contests'][0], TallySheet['contests'][0]];
    await refused(
      'p2',
      { signed: tweak({ contests: [{ ...c1, counts: [3, 0, 0] }, c2] }) },
      'EVD_ERR_INVALID_SHEET',
      'signed.sheet.contests[0].counts[0]',
    );
    await refused(
      'p2',
      { signed: tweak({ contests: [c1, { ...c2, blank: 0, counts: [2, 2, 1] }] }) },
      'EVD_ERR_INVALID_SHEET',
      'signed.sheet.contests[1].counts',
    );
    await refused(
      'p2',
      { signed: tweak({ contests: [c1, { ...c2, blank: 2, overvoted: 1 }] }) },
      'EVD_ERR_INVALID_SHEET',
      'signed.sheet.contests[1]',
    );
    await refused(
      'p2',
      { signed: tweak({ contests: [c1, { ...c2, counts: [0, 0] }] }) },
      'EVD_ERR_INVALID_SHEET',
      'signed.sheet.contests[1].counts',
    );
    await refused(
      'p2',
      { signed: tweak({ contests: [c2, c1] }) },
      'EVD_ERR_INVALID_SHEET',
      'signed.sheet.contests',
    );
    await refused(
      'p2',
      { signed: tweak({ checkIns: 3 }) },
      'EVD_ERR_INVALID_SHEET',
      'signed.sheet.reconciliation',
    );
    const { unreadable: _u, ...rejected } = base.sheet.rejected;
    await refused(
      'p2',
      { signed: tweak({ rejected: rejected as TallySheet['rejected'] }) },
      'EVD_ERR_INVALID_SHEET',
      'signed.sheet.rejected.unreadable',
    );
    await refused(
      'p2',
      { signed: tweak({ ballots: { bmd: -1, handMarked: 3 } }) },
      'EVD_ERR_INVALID_SHEET',
      'signed.sheet.ballots',
    );
  });

  it('verifies witnesses’ co-signatures: a co-signed sheet is taken, a bad co-signature refused', async () => {
    const w = generatePaperKey();
    const { signed } = make('p2', sameBallots(2, 'b'), {
      sequence: 2,
      previousSheet: sheetHash(make('p2', sameBallots(1, 'a')).sheet),
      correctionReason: 'recount',
    });
    const cosigned = cosignTallySheet(signed, 'witness', w.secretKey, toHex(w.publicKey));
    const forged = {
      ...cosigned,
      witnesses: [{ ...cosigned.witnesses[0]!, publicKey: toHex(generatePaperKey().publicKey) }],
    };
    await refused('p2', { signed: forged }, 'EVD_ERR_INVALID_SIGNATURE', 'signed.witnesses[0].signature');
    expect((await call('POST', sheetsPath('p2'), { signed: cosigned }, ADMIN)).status).toBe(201);
  });

  it('lets one of two different sheets racing for the same sequence in, the other a conflict', async () => {
    const current = sheetHash(
      make('p2', sameBallots(2, 'b'), {
        sequence: 2,
        previousSheet: sheetHash(make('p2', sameBallots(1, 'a')).sheet),
        correctionReason: 'recount',
      }).sheet,
    );
    const fix = (c1: string) =>
      make('p2', sameBallots(2, c1), {
        sequence: 3,
        previousSheet: current,
        correctionReason: `all for ${c1}`,
      });
    const before = size();
    const answers = await Promise.all(
      ['a', 'c'].map((c1) => call('POST', sheetsPath('p2'), { signed: fix(c1).signed }, ADMIN)),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(answers.find((r) => r.status === 409)!.json.code).toBe('EVD_ERR_CONFLICT');
    expect(size()).toBe(before + 1);
  });

  it('lets a station token act for its own station only', async () => {
    const must = mustCall(call, ADMIN);
    const p2 = (await must('POST', '/admin/tokens', { role: 'station', label: 'p2', station: 'p2' })).token;
    const { signed } = make('p1', sameBallots(1, 'a'));
    const before = size();
    const r = await call('POST', sheetsPath('p1'), { signed }, p2);
    expect(r.json).toMatchObject({ code: 'EVD_ERR_FORBIDDEN', field: 'station' });
    expect(size()).toBe(before);
    expect((await events())[0]).toMatchObject({ station: 'p1', code: 'EVD_ERR_FORBIDDEN', role: 'station' });
    // its own station: past the token check (this sheet is refused later, by the signature)
    expect((await call('POST', sheetsPath('p2'), { signed }, p2)).json.code).toBe(
      'EVD_ERR_INVALID_SIGNATURE',
    );
  });

  it('takes no sheet before the election is open', async () => {
    await setUpElection(call, ADMIN, { id: 'not-open', manifest, voters: 1, open: false });
    const { secretKey } = await registerStationKey(app.evident, 'not-open', 'p1');
    const { sheet } = countedSheet(manifest, 'not-open', 'p1', sameBallots(1, 'a'));
    const before = app.evident.logs.get('not-open')!.size;
    const r = await call(
      'POST',
      '/elections/not-open/stations/p1/sheets',
      { signed: signSheet(sheet, secretKey) },
      ADMIN,
    );
    expect(r.json.code).toBe('EVD_ERR_WRONG_PHASE');
    expect(app.evident.logs.get('not-open')!.size).toBe(before);
    expect((await events())[0]).toMatchObject({ electionId: 'not-open', code: 'EVD_ERR_WRONG_PHASE' });
  });

  it('refuses a malformed body and records it', async () => {
    await refused('p2', { signed: 'not a sheet' }, 'EVD_ERR_VALIDATION');
    await refused(
      'p2',
      { signed: { sheet: {}, signature: 'zz', witnesses: [] } },
      'EVD_ERR_INVALID_SHEET',
      'signed.signature',
    );
  });

  it('shows security events to administrators and observers only, never a token', async () => {
    expect((await call('GET', '/admin/security-events')).status).toBe(401);
    const observer = (
      await mustCall(call, ADMIN)('POST', '/admin/tokens', { role: 'observer', label: 'obs' })
    ).token;
    const r = await call('GET', '/admin/security-events?limit=2', undefined, observer);
    expect(r.status).toBe(200);
    expect(r.json.events).toHaveLength(2);
    expect(typeof r.json.next).toBe('number');
    expect(JSON.stringify(r.json)).not.toContain(ADMIN);
    // an anonymous refusal is not recorded (a flood must not become writes)
    const n = (await events()).length;
    expect((await call('POST', sheetsPath('p2'), { signed: {} })).status).toBe(401);
    expect((await events()).length).toBe(n);
  });
});
