/**
 * A provisioned station directory for command tests, written through the station-core link
 * (at the merge with station-core: `addWorker` instead of the workers insert, station-core's
 * `initStationKey` instead of writeSealedKey).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { generatePaperKey, toHex, utf8Bytes } from '@evident/e2e-crypto';
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
    ['ana', '1234'],
    ['bo', '5678'],
  ])
    sdb.db
      .prepare('INSERT INTO workers (name, hash) VALUES (?, ?)')
      .run(name, toHex(sha256(utf8Bytes(pin!))));
  for (let i = 0; i < (opts.checkIns ?? 0); i++)
    sdb.db.prepare('INSERT INTO check_ins (id, voter_id) VALUES (?, ?)').run(`c${i}`, `v${i}`);
  sdb.close();
  const pinFile = (pin: string) => {
    const f = join(dir, `pin-${pin}`);
    writeFileSync(f, `${pin}\n`);
    return f;
  };
  return { dir, stationKey: station, ana: `ana=${pinFile('1234')}`, bo: `bo=${pinFile('5678')}` };
}
