/**
 * L1.D: a record with online devices (`online-…`, made by a server) must carry `board/`; a
 * record without online devices (a simulation, an offline device) may not have one.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBoardLog } from '../log-check.js';
import { missingBoardFiles } from './board-presence.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
/** A folder with `devices.json` listing `labels` and the board files `files`. */
function record(labels: string[], files: string[] = []): string {
  const d = mkdtempSync(join(tmpdir(), 'evident-board-'));
  dirs.push(d);
  writeFileSync(join(d, 'devices.json'), JSON.stringify({ devices: labels.map((label) => ({ label })) }));
  mkdirSync(join(d, 'board'));
  for (const f of files) writeFileSync(join(d, f), '');
  return d;
}

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
