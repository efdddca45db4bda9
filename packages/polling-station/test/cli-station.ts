/**
 * A provisioned station directory for command tests, written through the station-core link
 * (at the merge with station-core: `addWorker` instead of the workers insert, station-core's
 * `initStationKey` instead of writeSealedKey).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addWorker } from '../src/workers/workers.js';
import { generatePaperKey, toHex } from '@evident/e2e-crypto';
import { sampleManifest } from '@evident/record';
import { writeSealedKey } from '../src/ballots/sealed-key-file.js';
import { openStationDb, setMeta } from '../src/count/station-core-link.js';

export const PASSPHRASE = 'station passphrase 1';

export function cliStation(opts: {
  countingStartInstant: number;
  printingKey: string | null;
  offsetMs?: number | null;
  checkIns?: number;
}) {
  const dir = mkdtempSync(join(tmpdir(), 'evident-count-cli-'));
  const station = generatePaperKey();
  writeSealedKey(
    join(dir, 'station-key.json'),
    'evident-station/station-key',
    station.secretKey,
    PASSPHRASE,
    10,
  );
  const sdb = openStationDb(dir);
  setMeta(sdb.db, 'bundle', {
    electionId: 'E1',
    station: 'station-1',
    manifest: sampleManifest(),
    stationKey: toHex(station.publicKey),
    printingKey: opts.printingKey,
    timeZone: 'Europe/Paris',
    countingStart: '2026-05-10T17:00',
    countingStartInstant: opts.countingStartInstant,
  });
  if (opts.offsetMs !== null)
    setMeta(sdb.db, 'clockOffset', { offsetMs: opts.offsetMs ?? 0, roundTripMs: 20, measuredAt: Date.now() });
  for (const [name, pin] of [
    ['ana', '123456'],
    ['bo', '567890'],
  ])
    addWorker(sdb.db, { name: name!, secret: pin!, by: 'test', logN: 10 });
  for (let i = 0; i < (opts.checkIns ?? 0); i++) {
    sdb.db
      .prepare('INSERT INTO roll (voter_id, name, search) VALUES (?, ?, ?)')
      .run(`v${i}`, `V ${i}`, `v ${i}`);
    sdb.db
      .prepare(
        'INSERT INTO check_ins (id, voter_id, checked_by, doc_type, doc_last, at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(`c${i}`, `v${i}`, 'ana', 'id-card', '12', new Date().toISOString());
  }
  sdb.close();
  const pinFile = (pin: string) => {
    const f = join(dir, `pin-${pin}`);
    writeFileSync(f, `${pin}\n`);
    return f;
  };
  return { dir, stationKey: station, ana: `ana=${pinFile('123456')}`, bo: `bo=${pinFile('567890')}` };
}
