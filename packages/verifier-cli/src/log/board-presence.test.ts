/**
 * L1.D: a record with online devices (`online-…`, made by a server) or whose manifest names a
 * bulletin board must carry `board/`, and its setup entry has the manifest's log key; a record
 * with neither (a simulation, an offline device) may not have one.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBoardLog } from '../log-check.js';
import { missingBoardFiles } from './board-presence.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
/**
 * A folder with `devices.json` listing `labels`, the board files `files` and, when `boardKey` is
 * given, a manifest naming that log key.
 */
function record(labels: string[], files: string[] = [], boardKey?: string): string {
  const d = mkdtempSync(join(tmpdir(), 'evident-board-'));
  dirs.push(d);
  writeFileSync(join(d, 'devices.json'), JSON.stringify({ devices: labels.map((label) => ({ label })) }));
  if (boardKey !== undefined)
    writeFileSync(join(d, 'manifest.json'), JSON.stringify({ bulletinBoard: { logPublicKey: boardKey } }));
  mkdirSync(join(d, 'board'));
  for (const f of files) writeFileSync(join(d, f), '');
  return d;
}

const KEY = 'AB'.repeat(32);
const OTHER = 'CD'.repeat(32);
/** A log of one setup entry with log key `key` (canonical JSON). */
const setupLog = (key: string) => `{"logPublicKey":"${key}","type":"setup"}\n`;
const l1d = (steps: Awaited<ReturnType<typeof checkBoardLog>>) =>
  steps[0]!.failures.filter((f) => f.check === 'L1.D').map((f) => f.location);

describe('L1.D a server-made record carries its board', () => {
  it('names each missing board file of a record with an online device', () => {
    expect(missingBoardFiles(record(['station-1', 'online-ab12']))).toEqual([
      'board/log.jsonl',
      'board/tree-heads.jsonl',
    ]);
    expect(missingBoardFiles(record(['online-ab12'], ['board/log.jsonl']))).toEqual([
      'board/tree-heads.jsonl',
    ]);
    expect(missingBoardFiles(record(['online-ab12'], ['board/log.jsonl', 'board/tree-heads.jsonl']))).toEqual(
      [],
    );
  });

  it('asks nothing of a record without online devices', () => {
    expect(missingBoardFiles(record(['device-1', 'device-2']))).toEqual([]);
    expect(missingBoardFiles(record([]))).toEqual([]);
  });

  it('fails L1 (not skipped) without the log, and skips the other log steps', async () => {
    const steps = await checkBoardLog(record(['online-ab12']));
    expect(steps.map((s) => [s.id, s.status])).toEqual([
      ['L1', 'failed'],
      ['L2', 'skipped'],
      ['L3', 'skipped'],
      ['L4', 'skipped'],
    ]);
    expect(steps[0]!.failures.map((f) => [f.check, f.location])).toEqual([
      ['L1.D', 'board/log.jsonl'],
      ['L1.D', 'board/tree-heads.jsonl'],
    ]);
    const offline = await checkBoardLog(record(['device-1']));
    expect(offline.map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
  });
});

describe('L1.D the manifest names the board', () => {
  it('asks for the board of a record whose manifest names one, whatever its devices are called', async () => {
    const disguised = record(['device-1', 'device-2'], [], KEY);
    expect(missingBoardFiles(disguised)).toEqual(['board/log.jsonl', 'board/tree-heads.jsonl']);
    const steps = await checkBoardLog(disguised);
    expect(steps[0]!.status).toBe('failed');
    expect(l1d(steps)).toEqual(['board/log.jsonl', 'board/tree-heads.jsonl']);
    expect(steps[0]!.failures[0]!.message).toContain('bulletinBoard.logPublicKey');
  });

  it("fails a board whose setup entry has another log key than the manifest's", async () => {
    const d = record(['device-1'], ['board/tree-heads.jsonl'], KEY);
    writeFileSync(join(d, 'board/log.jsonl'), setupLog(OTHER));
    expect(l1d(await checkBoardLog(d))).toEqual(['manifest.json bulletinBoard.logPublicKey']);
    const same = record(['device-1'], ['board/tree-heads.jsonl'], KEY);
    writeFileSync(join(same, 'board/log.jsonl'), setupLog(KEY.toLowerCase()));
    expect(l1d(await checkBoardLog(same))).toEqual([]);
  });
});
