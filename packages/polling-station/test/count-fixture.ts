/**
 * A station for counting tests: an in-memory database, the sample manifest's station-1, fresh
 * printing and station keys, an injected clock and fakes of the station-core functions.
 */
import Database from 'better-sqlite3';
import { generatePaperKey, toHex } from '@evident/e2e-crypto';
import { sampleManifest } from '@evident/record';
import type { ClockOffset, CountEnv, OutboxItem, StationIdentity } from '../src/count/station-env.js';

/** 2026-05-10T17:00:00 Europe/Paris (UTC+2 in May). */
export const COUNTING_START = Date.UTC(2026, 4, 10, 15, 0, 0);

export interface TestStation {
  env: CountEnv;
  identity: StationIdentity;
  printing: { secretKey: Uint8Array; publicKey: string };
  stationKey: { secretKey: Uint8Array; publicKey: string };
  /** the station's local clock; set it */
  clock: { local: number };
  offset: { value: ClockOffset | null };
  checkIns: { n: number };
  outbox: OutboxItem[];
  actions: { worker: string; action: string; detail?: string }[];
}

function key() {
  const k = generatePaperKey();
  return { secretKey: k.secretKey, publicKey: toHex(k.publicKey) };
}

export function testStation(over: Partial<StationIdentity> = {}): TestStation {
  const printing = key();
  const stationKey = key();
  const manifest = sampleManifest({ voteLimit: 1 });
  const identity: StationIdentity = {
    electionId: 'E1',
    station: 'station-1',
    manifest,
    ballotStyle: 'style-1',
    printingKey: printing.publicKey,
    stationKey: stationKey.publicKey,
    timeZone: 'Europe/Paris',
    countingStart: '2026-05-10T17:00',
    countingStartInstant: COUNTING_START,
    ...over,
  };
  const clock = { local: COUNTING_START };
  const offset: { value: ClockOffset | null } = {
    value: { offsetMs: 0, measuredAt: COUNTING_START - 3_600_000 },
  };
  const checkIns = { n: 0 };
  const outbox: OutboxItem[] = [];
  const actions: TestStation['actions'] = [];
  const env: CountEnv = {
    db: new Database(':memory:'),
    identity,
    now: () => clock.local,
    deps: {
      lastClockOffset: () => offset.value,
      countCheckIns: () => checkIns.n,
      enqueue: (_db, item) => void outbox.push(item),
      recordAction: (_db, a) => void actions.push(a),
    },
  };
  return { env, identity, printing, stationKey, clock, offset, checkIns, outbox, actions };
}
