/**
 * Setting the demo's polling stations up (`../demo.ts`), as the administrator and each station's
 * poll worker would: the ballot-printing key (`evident-station printing-key init`, registered),
 * each station's key (`evident-station init`, registered by the administrator) and token, the
 * roll; then, once the counting start is fixed, each station's `provision --log-key`, its poll
 * worker (`worker add`) and its blank ballots (`ballots print`). The stations that play a part of
 * their own run these as `evident-station` processes; the plain ones call the same library
 * functions in this process (a process per step and station would add half a minute).
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  addWorker,
  blankBallotCodes,
  blankBallotsPdf,
  countEnvOf,
  httpTransport,
  initStationKey,
  openPrintingKey,
  openStationDb,
  openStationKey,
  provisionStation,
  readStationPublicKey,
} from '@evident/polling-station';
import type { DemoEnv } from './processes.js';
import { WORKER, WORKER_PIN, type DemoStation } from './stations-plan.js';

/**
 * The scrypt cost (log2 N) of the keys of the stations set up in this process: 2^15 rather than
 * the command's 2^17, only to keep the demo short (the command-line station keeps the default).
 */
const DEMO_KEY_LOG_N = 15;

/** Blank ballots printed per station. */
export const BLANK_BALLOTS = 4;

/** What the station steps work with. */
export interface StationKit {
  readonly d: DemoEnv;
  /** runs `evident-station ARGV` (the passphrases in its environment) */
  cli(argv: string[]): Promise<string>;
  /** the stations' passphrase (one for the demo; each station would have its own) */
  readonly passphrase: string;
  readonly printing: { readonly file: string; readonly publicKey: string; secretKey?: Uint8Array };
  /** the log public key the administrator hands to the stations (pinned at provisioning) */
  logKey?: string;
  /** station → its secret key, opened once (the marking device and the library steps sign with it) */
  readonly keys: Map<string, Uint8Array>;
}

/** Runs `fn` on every item, `n` at a time. */
export async function inTurn<T>(
  items: readonly T[],
  n: number,
  fn: (x: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/** The printing key, made with `evident-station printing-key init` and registered before opening. */
export async function makePrintingKey(
  d: DemoEnv,
  cli: (argv: string[]) => Promise<string>,
  file: string,
): Promise<{ file: string; publicKey: string }> {
  const out = await cli(['printing-key', 'init', '--out', file]);
  const publicKey = /^([0-9A-F]{64})$/m.exec(out)?.[1];
  if (!publicKey)
    throw new Error(`evident-station printing-key init: no public key in ${JSON.stringify(out)}`);
  await d.http('PUT', `/elections/${d.id}/printing-key`, { publicKey }, d.admin);
  return { file, publicKey };
}

/** Each station's key (`init`), registered with a token per station; then the roll. */
export async function initStations(kit: StationKit, stations: readonly DemoStation[]): Promise<void> {
  const { d } = kit;
  await inTurn(stations, 3, async (s) => {
    mkdirSync(dirname(s.dir), { recursive: true });
    writeFileSync(s.pinFile, `${WORKER_PIN}\n`, { mode: 0o600 });
    let publicKey: string;
    if (s.viaCli) {
      const out = await kit.cli(['init', '--dir', s.dir]);
      publicKey = /station public key: ([0-9A-F]{64})/.exec(out)![1]!;
    } else {
      openStationDb(s.dir).close();
      publicKey = initStationKey(s.dir, kit.passphrase, DEMO_KEY_LOG_N);
    }
    await d.http('PUT', `/elections/${d.id}/stations/${s.label}/key`, { publicKey }, d.admin);
    const { token } = await d.http(
      'POST',
      '/admin/tokens',
      { role: 'station', label: `station ${s.label}`, station: s.label },
      d.admin,
    );
    writeFileSync(s.tokenFile, token, { mode: 0o600 });
  });
  const voters = stations.flatMap((s) => s.roll.map((v) => ({ ...v, station: s.label })));
  await d.http('POST', `/elections/${d.id}/roll`, { voters }, d.admin);
}

/** One station's `provision`, `worker add` and `ballots print`, as processes. */
async function provisionWithCli(kit: StationKit, s: DemoStation): Promise<void> {
  const { d } = kit;
  const dir = ['--dir', s.dir];
  await kit.cli([
    'provision',
    ...dir,
    '--server',
    d.base,
    '--token-file',
    s.tokenFile,
    '--election',
    d.id,
    '--station',
    s.label,
    '--log-key',
    kit.logKey!,
  ]);
  await kit.cli(['worker', 'add', ...dir, '--name', WORKER, '--secret-file', s.pinFile]);
  await kit.cli([
    'ballots',
    'print',
    ...dir,
    '--printing-key',
    kit.printing.file,
    '--count',
    String(BLANK_BALLOTS),
    '--out',
    join(s.dir, 'ballots.pdf'),
  ]);
}

/** The same steps through the library. */
async function provisionInProcess(kit: StationKit, s: DemoStation): Promise<void> {
  const { d } = kit;
  const sdb = openStationDb(s.dir);
  try {
    await provisionStation(sdb, {
      server: d.base,
      token: readFileSync(s.tokenFile, 'utf8').trim(),
      tokenFile: s.tokenFile,
      electionId: d.id,
      station: s.label,
      stationKey: readStationPublicKey(s.dir),
      transport: httpTransport(),
      logKey: kit.logKey!,
    });
    addWorker(sdb.db, { name: WORKER, secret: WORKER_PIN, by: 'administrator', now: sdb.now() });
    const { identity } = countEnvOf(sdb);
    const place = { electionId: identity.electionId, station: s.label, style: identity.ballotStyle };
    const codes = blankBallotCodes(place, kit.printing.secretKey!, BLANK_BALLOTS);
    writeFileSync(
      join(s.dir, 'ballots.pdf'),
      await blankBallotsPdf({ manifest: identity.manifest, station: s.label }, codes),
    );
  } finally {
    sdb.close();
  }
}

/**
 * Every station provisioned (the counting start is in its bundle from now on), its poll worker
 * added and its ballots printed; each station's key opened once for the demo's later steps.
 */
export async function provisionStations(
  kit: StationKit,
  stations: readonly DemoStation[],
  printingPassphrase: string,
): Promise<void> {
  kit.logKey ??= String((await kit.d.http('GET', `/elections/${kit.d.id}/board/tree-head`)).logPublicKey);
  kit.printing.secretKey ??= openPrintingKey(kit.printing.file, printingPassphrase).secretKey;
  await inTurn(stations, 3, async (s) => {
    await (s.viaCli ? provisionWithCli(kit, s) : provisionInProcess(kit, s));
    kit.keys.set(s.label, openStationKey(s.dir, kit.passphrase).secretKey);
  });
}
