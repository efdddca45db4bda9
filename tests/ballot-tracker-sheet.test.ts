/**
 * `evident-track sheet IMAGE…` against a real `evident-server` (SQLite, a real socket): an
 * observer photographs a station's posted tally sheet (its QR codes rendered as PNG) and checks
 * it against the board: the published sheet exits 0; once a correction supersedes it, the same
 * photos exit 1 naming the entry of the correction, whose own photos exit 0; photos missing a
 * part exit 2; a wrong --log-key exits 1.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLogKey, toHex } from '@evident/e2e-crypto';
import { sheetHash, type SignedTallySheet } from '@evident/record';
import { track } from './support/track-cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.js';
import { httpCall } from '../packages/server/src/testing/http.js';
import { mustCall, setUpElection } from '../packages/server/src/testing/local-election.js';
import {
  PAPER_COUNTING_START,
  countedSheet,
  paperManifest,
  registerStationKey,
  sameBallots,
  signSheet,
} from '../packages/server/src/testing/station-sheets.js';
import { sheetQrPngs } from '@evident/polling-station';

const ADMIN = 'evd_tracker-sheet-test-admin-token-0123456789';
const ID = 'paper';

/** The sheet's QR codes as PNG files `dir/prefix-n.png`, small parts so that there are several. */
async function sheetImages(dir: string, prefix: string, signed: SignedTallySheet): Promise<string[]> {
  const pngs = await sheetQrPngs(signed, { maxPartBytes: 200 });
  return pngs.map((png, i) => {
    const path = join(dir, `${prefix}-${i + 1}.png`);
    writeFileSync(path, png);
    return path;
  });
}

describe('evident-track sheet against a server', () => {
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  const logKeys = generateLogKey();
  const logKey = toHex(logKeys.publicKey);
  const manifest = paperManifest();
  let first: SignedTallySheet;
  let second: SignedTallySheet;
  let must: ReturnType<typeof mustCall>;
  let p1Key: Uint8Array;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evident-track-sheet-'));
    app = await buildApp({
      dbPath: join(dir, 'server.db'),
      adminToken: ADMIN,
      rateLimit: false,
      logSecretKey: toHex(logKeys.secretKey),
      now: () => PAPER_COUNTING_START + 60_000,
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    const call = httpCall(base);
    must = mustCall(call, ADMIN);
    await setUpElection(call, ADMIN, { id: ID, manifest, voters: 1, open: false });
    p1Key = (await registerStationKey(app.evident, ID, 'p1')).secretKey;
    await must('POST', `/elections/${ID}/open`);
    const made = countedSheet(manifest, ID, 'p1', [...sameBallots(3, 'a', ['x']), ...sameBallots(2, 'b')]);
    first = signSheet(made.sheet, p1Key);
    await must('POST', `/elections/${ID}/stations/p1/sheets`, { signed: first, cvrs: made.cvrs });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sheetArgs = (photos: string[], ...more: string[]) => [
    'sheet',
    ...photos,
    '--server',
    base,
    '--election',
    ID,
    ...more,
  ];

  it('the published sheet: exit 0, valid and published, under the pinned key', async () => {
    const photos = await sheetImages(dir, 'first', first);
    expect(photos.length).toBeGreaterThan(1);
    const r = await track(...sheetArgs(photos, '--log-key', logKey, '--json'));
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ ok: true, exitCode: 0 });
    expect(r.json.sheets).toHaveLength(1);
    expect(r.json.sheets[0]).toMatchObject({
      status: 'valid',
      publication: 'published',
      signature: 'valid',
      station: 'p1',
      sheetHash: sheetHash(first.sheet),
      board: { logKeyPinned: true },
    });
    const text = await track(...sheetArgs(photos, '--log-key', logKey));
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('VALID: sheet');
    expect(text.stdout).toContain('valid and published');
  });

  it('a part missing from the photos: exit 2, naming the missing part', async () => {
    const photos = await sheetImages(dir, 'partial', first);
    const r = await track(...sheetArgs(photos.slice(1), '--json'));
    expect(r.code).toBe(2);
    expect(r.json.sheets[0]).toMatchObject({ status: 'incomplete' });
    expect(r.json.sheets[0].parts.missing).toHaveLength(1);
  });

  it('a wrong --log-key: exit 1; a photo that is not there: exit 2 naming it', async () => {
    const photos = await sheetImages(dir, 'keyed', first);
    const wrong = await track(...sheetArgs(photos, '--log-key', toHex(generateLogKey().publicKey)));
    expect(wrong.stderr).toContain('evident-track:');
    expect(wrong.code).toBe(1);
    const missing = join(dir, 'no-such-photo.png');
    const gone = await track(...sheetArgs([missing]));
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain(missing);
    const noServer = await track('sheet', ...photos, '--election', ID);
    expect(noServer.code).toBe(2);
  });

  it('after a correction: the first sheet is superseded (exit 1), the correction is published (exit 0)', async () => {
    const made = countedSheet(manifest, ID, 'p1', sameBallots(5, 'c'), {
      sequence: 2,
      previousSheet: sheetHash(first.sheet),
      correctionReason: 'recount',
    });
    second = signSheet(made.sheet, p1Key);
    const posted = await must('POST', `/elections/${ID}/stations/p1/sheets`, {
      signed: second,
      cvrs: made.cvrs,
    });
    const old = await track(
      ...sheetArgs(await sheetImages(dir, 'old', first), '--log-key', logKey, '--json'),
    );
    expect(old.code).toBe(1);
    expect(old.json.ok).toBe(false);
    expect(old.json.sheets[0]).toMatchObject({
      status: 'invalid',
      publication: 'superseded',
      supersededBy: { sequence: 2, index: posted.receipt.index, sheetHash: sheetHash(second.sheet) },
    });
    const text = await track(...sheetArgs(await sheetImages(dir, 'old-text', first), '--log-key', logKey));
    expect(text.stdout).toContain(`superseded: entry ${posted.receipt.index}`);
    const now = await track(...sheetArgs(await sheetImages(dir, 'second', second), '--log-key', logKey));
    expect(now.code).toBe(0);
  });
});
