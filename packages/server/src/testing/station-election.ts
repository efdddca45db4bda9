/**
 * Polling stations for tests (spec/server-api.md §11): a manifest with several stations, a
 * station's device key registered and its token made, check-ins and a signed poll-book closing,
 * and the whole setup of the stations' tests (app, election, keyed stations, observer, roll) —
 * all through the HTTP API.
 * @module
 */
import { generatePaperKey, signPaperStatement, toHex, type Manifest } from '@evident/e2e-crypto';
import type { PollBookClosing } from '@evident/record';
import { buildApp } from '../app.js';
import {
  injectCall,
  mustCall,
  setUpElection,
  simpleManifest,
  type Call,
  type LocalElection,
} from './local-election.js';

/** {@link simpleManifest} with stations `labels` (all in district d1, style s1). */
export function stationsManifest(labels: readonly string[] = ['p1', 'p2', 'p3'], options = 5): Manifest {
  return {
    ...simpleManifest(options),
    pollingStations: labels.map((label) => ({
      label,
      name: { en: `Station ${label}` },
      district: 'd1',
      ballotStyle: 's1',
    })),
  };
}

/** A registered station: its device key and its bearer token. */
export interface TestStation {
  readonly label: string;
  readonly secretKey: Uint8Array;
  /** upper-case hex */
  readonly publicKey: string;
  readonly token: string;
}

/**
 * Registers a fresh device key for station `label` (before opening) and makes its token.
 * @param must - a {@link mustCall} with the administrator's token
 */
export async function registerStation(
  must: ReturnType<typeof mustCall>,
  electionId: string,
  label: string,
): Promise<TestStation> {
  const k = generatePaperKey();
  const publicKey = toHex(k.publicKey);
  await must('PUT', `/elections/${electionId}/stations/${label}/key`, { publicKey });
  const { token } = await must('POST', '/admin/tokens', {
    role: 'station',
    label: `station ${label}`,
    station: label,
  });
  return { label, secretKey: k.secretKey, publicKey, token };
}

/** A check-in of `voterId` with a fresh id. */
export function checkIn(voterId: string, id = crypto.randomUUID()) {
  return {
    id,
    voterId,
    checkedBy: 'worker-1',
    document: { type: 'passport', last: 'X42Z' },
    at: '2026-05-10T09:00:00Z',
  };
}

/** A station's signed poll-book closing. */
export function signedClosing(
  st: TestStation,
  electionId: string,
  checkIns: number,
  closedAt = '2026-05-10T17:00:00Z',
): { closing: PollBookClosing; signature: string } {
  const closing: PollBookClosing = { electionId, station: st.label, checkIns, closedAt };
  return { closing, signature: signPaperStatement(st.secretKey, 'poll-book-close', electionId, closing) };
}

/** The app under test. */
export type TestApp = Awaited<ReturnType<typeof buildApp>>;

/** The app with the administrator's token `admin` (no rate limit), its caller and the administrator's. */
export async function stationTestApp(
  admin: string,
  now?: () => number,
  logSecretKey?: string,
): Promise<{ app: TestApp; call: Call; must: ReturnType<typeof mustCall> }> {
  const app = await buildApp({
    adminToken: admin,
    rateLimit: false,
    ...(now ? { now } : {}),
    ...(logSecretKey ? { logSecretKey } : {}),
  });
  const call = injectCall(app);
  return { app, call, must: mustCall(call, admin) };
}

/** A voter of the private roll. */
export interface RollVoter {
  readonly voterId: string;
  readonly station: string;
  readonly name: string;
}

/** What {@link setUpStationElection} sets up. */
export interface StationElectionOptions {
  /** online voters (`voter-1`…) of the election */
  readonly voters: number;
  /** the manifest's stations ({@link stationsManifest}'s default when absent) */
  readonly stations?: readonly string[];
  /** the stations whose key is registered (every station when absent) */
  readonly keyed?: readonly string[];
  readonly roll: readonly RollVoter[];
  /** open the election at the end (default true) */
  readonly open?: boolean;
  /** the log's secret key (hex), for a test that signs a forked log with it */
  readonly logSecretKey?: string;
}

/** The stations' tests' election `e1`. */
export interface StationElection {
  readonly app: TestApp;
  readonly call: Call;
  readonly must: ReturnType<typeof mustCall>;
  readonly el: LocalElection;
  /** the keyed stations by label */
  readonly stations: Map<string, TestStation>;
  /** an observer's token (an official who may read the duplicates and security events) */
  readonly observer: string;
}

/**
 * The app and election `e1` with its stations: keys registered and tokens made (before opening),
 * an observer token, the roll posted, then the election opened unless `open` is false.
 */
export async function setUpStationElection(
  admin: string,
  o: StationElectionOptions,
): Promise<StationElection> {
  const { app, call, must } = await stationTestApp(admin, undefined, o.logSecretKey);
  const manifest = stationsManifest(o.stations);
  const el = await setUpElection(call, admin, { open: false, voters: o.voters, manifest });
  const stations = new Map<string, TestStation>();
  for (const s of o.keyed ?? manifest.pollingStations.map((p) => p.label))
    stations.set(s, await registerStation(must, 'e1', s));
  const observer = (await must('POST', '/admin/tokens', { role: 'observer', label: 'obs' })).token as string;
  await must('POST', '/elections/e1/roll', { voters: o.roll });
  if (o.open !== false) await must('POST', '/elections/e1/open');
  return { app, call, must, el, stations, observer };
}

/** A board entry, parsed. */
export type BoardEntry = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every entry of election `id`'s board, parsed (any: each test reads the fields it checks). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function boardEntries(must: ReturnType<typeof mustCall>, id = 'e1'): Promise<any[]> {
  return (await must('GET', `/elections/${id}/board/entries?start=0`)).entries.map(
    (e: { entry: string } | string) => JSON.parse(typeof e === 'string' ? e : e.entry) as unknown,
  );
}

/** The size of election `id`'s board. */
export async function treeSize(must: ReturnType<typeof mustCall>, id = 'e1'): Promise<number> {
  return (await must('GET', `/elections/${id}`)).treeSize as number;
}
