/**
 * Counting at the demo's stations (`../demo.ts`), from the counting start: every paper ballot's
 * QR code is scanned from an image file — a marking-device ballot's code as the marking page
 * prints it (the choices in the code, signed by the station key), a hand-marked ballot's code as
 * printed on the blank ballot (signed by the printing key), its marks then entered by the poll
 * worker —, the count is reconciled with the check-ins and the tally sheet signed and queued.
 * The command-line station does it with `evident-station count start|scan|mark|finish` and
 * `sheet make --out`; the correcting station finds a ballot after its first sheet and corrects
 * it (`count reopen`, `sheet correct`); the others call the library (one process per ballot
 * would add tens of seconds).
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ballotQrPng,
  blankBallotCodes,
  bmdCode,
  countEnvOf,
  enterMarks,
  finishCounting,
  makeSheet,
  readCodes,
  scanBallot,
  startCounting,
  type CountEnv,
} from '@evident/polling-station';
import { WORKER, type DemoStation, type PaperVoter } from './stations-plan.js';
import { syncInProcess, syncWithCli, withStationDb } from './stations-poll.js';
import { inTurn, type StationKit } from './stations-setup.js';

/** A ballot as an image file: its QR code's text and the marks a worker reads off a hand-marked one. */
interface ScannedBallot {
  readonly file: string;
  readonly voter: PaperVoter;
}

/** Each voter's paper ballot written as a PNG of its QR code in `<station>/scans/`. */
async function ballotImages(kit: StationKit, s: DemoStation, env: CountEnv): Promise<ScannedBallot[]> {
  const dir = join(s.dir, 'scans');
  mkdirSync(dir, { recursive: true });
  const place = { electionId: env.identity.electionId, station: s.label, style: env.identity.ballotStyle };
  const out: ScannedBallot[] = [];
  for (const [k, v] of s.voters.entries()) {
    const text =
      v.kind === 'bmd'
        ? bmdCode(env.identity, v.choices, kit.keys.get(s.label)!)
        : blankBallotCodes(place, kit.printing.secretKey!, 1)[0]!;
    const file = join(dir, `${v.kind}-${k + 1}.png`);
    writeFileSync(file, await ballotQrPng(text));
    out.push({ file, voter: v });
  }
  return out;
}

const marksOf = (v: PaperVoter): Record<string, string[]> =>
  Object.fromEntries(v.choices.map((c) => [c.contest, [...c.selected]]));

/** One ballot scanned from its image (and marked) in this process. */
async function scanInProcess(env: CountEnv, b: ScannedBallot): Promise<void> {
  const codes = await readCodes(readFileSync(b.file));
  if (codes.length !== 1) throw new Error(`${b.file}: ${codes.length} codes read`);
  const r = scanBallot(env, WORKER, codes[0]!.text ?? '');
  if (r.status === 'rejected') throw new Error(`${b.file}: refused: ${r.message}`);
  if (r.status === 'marks-needed') enterMarks(env, WORKER, marksOf(b.voter));
}

/** The same with `evident-station count scan --image` (the marking-device ballots in one call) and `count mark`. */
async function scanWithCli(
  kit: StationKit,
  s: DemoStation,
  ballots: readonly ScannedBallot[],
): Promise<void> {
  const common = ['--dir', s.dir, '--worker', `${WORKER}=${s.pinFile}`];
  const bmd = ballots.filter((b) => b.voter.kind === 'bmd').map((b) => b.file);
  if (bmd.length) await kit.cli(['count', 'scan', ...common, '--image', ...bmd]);
  for (const b of ballots.filter((x) => x.voter.kind === 'hand')) {
    await kit.cli(['count', 'scan', ...common, '--image', b.file]);
    const marks = Object.entries(marksOf(b.voter)).flatMap(([c, o]) => ['--contest', `${c}=${o.join(',')}`]);
    await kit.cli(['count', 'mark', ...common, ...marks]);
  }
}

/** The command-line station: `count start|scan|mark|finish`, `sheet make --out`, `sync --once`. */
async function countWithCli(kit: StationKit, s: DemoStation, out: string): Promise<void> {
  const common = ['--dir', s.dir, '--worker', `${WORKER}=${s.pinFile}`];
  const ballots = await withStationDb(s, (sdb) => ballotImages(kit, s, countEnvOf(sdb)));
  await kit.cli(['count', 'start', ...common]);
  await scanWithCli(kit, s, ballots);
  await kit.cli(['count', 'finish', ...common]);
  await kit.cli(['sheet', 'make', ...common, '--out', join(out, 'sheet-1')]);
  await syncWithCli(kit, s);
}

/**
 * The correcting station: its first count (in process) misses a ballot, explained; its sheet is
 * sent; the ballot is found: `count reopen`, the ballot scanned and marked, `count finish`,
 * `sheet correct --out`, `sync --once`.
 */
async function countAndCorrect(kit: StationKit, s: DemoStation, out: string): Promise<void> {
  const common = ['--dir', s.dir, '--worker', `${WORKER}=${s.pinFile}`];
  let found: ScannedBallot[] = [];
  await withStationDb(s, async (sdb) => {
    const env = countEnvOf(sdb);
    const ballots = await ballotImages(kit, s, env);
    found = ballots.slice(-1);
    startCounting(env, [WORKER]);
    for (const b of ballots.slice(0, -1)) await scanInProcess(env, b);
    finishCounting(env, WORKER, 'one voter checked in but no ballot in the box');
    makeSheet(env, WORKER, kit.keys.get(s.label)!);
  });
  await syncInProcess(s);
  const reason = 'a ballot found stuck in the ballot box after the sheet was signed';
  await kit.cli(['count', 'reopen', ...common, '--reason', reason]);
  await scanWithCli(kit, s, found);
  await kit.cli(['count', 'finish', ...common]);
  await kit.cli(['sheet', 'correct', ...common, '--reason', reason, '--out', join(out, 'sheet-2')]);
  await syncWithCli(kit, s);
}

/** A plain (or offline, or photographed) station's count and sheet, in this process. */
async function countInProcess(kit: StationKit, s: DemoStation): Promise<void> {
  await withStationDb(s, async (sdb) => {
    const env = countEnvOf(sdb);
    const ballots = await ballotImages(kit, s, env);
    startCounting(env, [WORKER]);
    for (const b of ballots) await scanInProcess(env, b);
    finishCounting(env, WORKER);
    makeSheet(env, WORKER, kit.keys.get(s.label)!);
  });
  if (s.role === 'plain') await syncInProcess(s);
}

/**
 * `evident-station count start` before the counting start: refused.
 * @returns the station's message, or null when the counting start has already passed
 */
export async function countTooEarly(
  kit: StationKit,
  s: DemoStation,
  countingAt: number,
): Promise<string | null> {
  if (Date.now() >= countingAt - 1000) return null;
  try {
    await kit.cli(['count', 'start', '--dir', s.dir, '--worker', `${WORKER}=${s.pinFile}`]);
  } catch (e) {
    return (/evident-station: (.*)/.exec((e as Error).message)?.[1] ?? (e as Error).message).trim();
  }
  throw new Error(`${s.label}: counting started before the counting start`);
}

/** Waits until `instant` (ms since the epoch) and a little more. */
export async function waitUntil(instant: number): Promise<void> {
  const ms = instant - Date.now() + 250;
  if (ms > 0) await new Promise((r) => setTimeout(r, ms));
}

/**
 * Every station counts and signs its sheet; all but the offline and the photographed one deliver it.
 * @param out - where the command-line stations' `sheet make|correct --out` write (per station)
 */
export async function countStations(
  kit: StationKit,
  stations: readonly DemoStation[],
  out: string,
): Promise<void> {
  // the stations that run `evident-station` processes first: their chains take longest
  const first = (s: DemoStation) => (s.role === 'cli' || s.role === 'correct' ? 0 : 1);
  const ordered = [...stations].sort((a, b) => first(a) - first(b));
  await inTurn(ordered, 3, (s) =>
    s.role === 'cli'
      ? countWithCli(kit, s, join(out, s.label))
      : s.role === 'correct'
        ? countAndCorrect(kit, s, join(out, s.label))
        : countInProcess(kit, s),
  );
}
