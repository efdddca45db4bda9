/**
 * The paper channel on a real record: the lying-server harness's election (decrypted online
 * tally, ranked contest, revotes) with a station's entries added as the server writes them —
 * counting start in the setup entry, the station key before opening, its signed sheet and CVRs
 * after the close, its poll book closed before the encrypted tally — and the heads re-signed.
 * `evident-verify` passes every step, P1–P9 included, and its final result is the online tally
 * plus the station's sheet.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyRecord } from '@evident/verifier-cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ElectionFixture, closeFixture, electionFixture } from './malicious-server/election-fixture.js';
import { stationRecord } from './support/station-record.js';

let fx: ElectionFixture;
beforeAll(async () => {
  fx = await electionFixture();
});
afterAll(closeFixture);

describe('a record with a polling station', () => {
  it('verifies, P1–P9 included, and adds the sheet to the online tally', async () => {
    const board = stationRecord(fx, 'paper-record');
    const report = await verifyRecord(board.dir, { workers: 0 });
    expect(report.steps.filter((s) => s.status === 'failed')).toEqual([]);
    expect(report.steps.filter((s) => s.id.startsWith('P')).map((s) => [s.id, s.status])).toEqual(
      ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9'].map((id) => [id, 'passed']),
    );
    const tally = JSON.parse(readFileSync(join(board.dir, 'tally.json'), 'utf8')) as {
      contests: { label: string; selections: { label: string; value: number }[] }[];
    };
    const online = tally.contests.find((c) => c.label === 'c1')!.selections.map((s) => s.value);
    const paper = [1, 2, ...online.slice(2).map(() => 0)];
    expect(report.finalResult!.contests[0]!.options.map((o) => [o.online, o.paper, o.total])).toEqual(
      online.map((v, i) => [v, paper[i], v + paper[i]!]),
    );
    expect([report.finalResult!.stationsExpected, report.finalResult!.stationsReported]).toEqual([1, 1]);
  });
});
