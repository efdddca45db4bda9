/**
 * A sheet delivered as its scanned QR parts (spec/stations.md §9, check 4): taken in any order
 * with duplicates, published `via: "scan"`, the same as the station's JSON (a later JSON
 * submission of it is the same sheet); an incomplete set (naming the missing parts), a broken
 * chain, parts of two sheets and bytes that are not parts refused with EVD_ERR_INVALID_SHEET_PARTS,
 * the board unchanged and a security event recorded; assembled parts of a sheet signed by another
 * key refused by the signature check.
 */
import { crc32 } from 'node:zlib';
import { generatePaperKey } from '@evident/e2e-crypto';
import { encodeSheetParts, sheetHash } from '@evident/record';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { injectCall, mustCall, setUpElection, type Call } from '../testing/local-election.js';
import {
  PAPER_COUNTING_START as COUNTING_START,
  countedSheet,
  paperManifest,
  registerStationKey,
  signSheet,
} from '../testing/station-sheets.js';

const ADMIN = 'evd_scanned-sheet-admin';
const ID = 'scanned';
/** Header bytes of a part before its payload (record's sheet-parts layout). */
const PART_HEADER_BYTES = 46;

const b64 = (parts: readonly Uint8Array[]) => parts.map((p) => Buffer.from(p).toString('base64'));

/** A part with one payload byte changed and its CRC made right again: a valid frame off the chain. */
function offChain(part: Uint8Array): Uint8Array {
  const out = part.slice();
  out[PART_HEADER_BYTES + 5]! ^= 1;
  const end = out.length - 4;
  new DataView(out.buffer).setUint32(end, crc32(out.subarray(0, end)));
  return out;
}

describe('sheets from scanned QR parts', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let call: Call;
  const manifest = paperManifest();
  let secretKey: Uint8Array;
  const path = `/elections/${ID}/stations/p1/sheets`;
  const size = () => app.evident.logs.get(ID)!.size;
  const events = async () =>
    (await call('GET', '/admin/security-events', undefined, ADMIN)).json.events as {
      code: string;
      kind: string;
    }[];
  const sheet = (n: number) =>
    countedSheet(
      manifest,
      ID,
      'p1',
      Array.from({ length: n }, (_, i) => ({ c1: [['a', 'b', 'c'][i % 3]!], c2: ['x'] })),
    );

  const refused = async (parts: string[], reason: string) => {
    const before = size();
    const n = (await events()).length;
    const r = await call('POST', path, { parts }, ADMIN);
    expect(r.json).toMatchObject({ code: 'EVD_ERR_INVALID_SHEET_PARTS', field: 'parts' });
    expect(r.json.message).toContain(reason);
    expect(size()).toBe(before);
    const ev = await events();
    expect(ev.length).toBe(n + 1);
    expect(ev[0]).toMatchObject({ kind: 'sheet-refused', code: 'EVD_ERR_INVALID_SHEET_PARTS' });
    return r;
  };

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false, now: () => COUNTING_START });
    call = injectCall(app);
    await setUpElection(call, ADMIN, { id: ID, manifest, voters: 2, open: false });
    secretKey = (await registerStationKey(app.evident, ID, 'p1')).secretKey;
    await mustCall(call, ADMIN)('POST', `/elections/${ID}/open`);
  });

  it('refuses an incomplete set, naming the missing parts', async () => {
    const parts = encodeSheetParts(signSheet(sheet(5).sheet, secretKey), { maxPartBytes: 128 });
    expect(parts.length).toBeGreaterThanOrEqual(3);
    const r = await refused(b64(parts.filter((_, i) => i !== 1)), 'incomplete');
    expect(r.json.message).toContain('(2)');
  });

  it('refuses a broken chain, parts of two sheets, and bytes that are not parts', async () => {
    const parts = encodeSheetParts(signSheet(sheet(5).sheet, secretKey), { maxPartBytes: 128 });
    await refused(b64(parts.map((p, i) => (i === 1 ? offChain(p) : p))), 'broken-chain');
    const other = encodeSheetParts(signSheet(sheet(4).sheet, secretKey), { maxPartBytes: 128 });
    await refused(b64([...parts.slice(1), other[0]!]), 'mixed-sheets');
    await refused([Buffer.from('hello, not a sheet').toString('base64')], 'malformed');
  });

  it('refuses assembled parts of a sheet signed by another key', async () => {
    const parts = encodeSheetParts(signSheet(sheet(5).sheet, generatePaperKey().secretKey));
    const before = size();
    const r = await call('POST', path, { parts: b64(parts) }, ADMIN);
    expect(r.json).toMatchObject({ code: 'EVD_ERR_INVALID_SIGNATURE', field: 'signed.signature' });
    expect(size()).toBe(before);
    expect((await events())[0]!.code).toBe('EVD_ERR_INVALID_SIGNATURE');
  });

  it('takes the parts in any order with duplicates; the same sheet as JSON is then already in', async () => {
    const { sheet: s, cvrs } = sheet(5);
    const signed = signSheet(s, secretKey);
    const parts = encodeSheetParts(signed, { maxPartBytes: 128 });
    const shuffled = [...parts].reverse();
    shuffled.splice(1, 0, parts[0]!);
    const before = size();
    const r = await call('POST', path, { parts: b64(shuffled) }, ADMIN);
    expect(r.status).toBe(201);
    expect(r.json.sheetHash).toBe(sheetHash(s));
    expect(size()).toBe(before + 1);
    const page = (await call('GET', `/elections/${ID}/board/entries?start=${before}&limit=1`)).json;
    const entry = JSON.parse(page.entries[0].entry);
    expect(entry).toMatchObject({ type: 'station-sheet', via: 'scan', sheetHash: sheetHash(s) });
    expect(entry.signed.sheet).toEqual(s);
    // the station's own submission arrives later with the CVRs: same sheet, the CVRs are added
    const again = await call('POST', path, { signed, cvrs }, ADMIN);
    expect(again.status).toBe(200);
    expect(again.json.cvrsReceipt.index).toBe(before + 1);
    expect(size()).toBe(before + 2);
  });
});
