/**
 * `evident-station count …` and `evident-station sheet make|correct` (spec/stations.md §5–§7).
 * Every command names the signed-in poll workers acting (`--worker name=pin-file`).
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { StationFileError } from '../ballots/station-file-error.js';
import { runRefusable } from './command-run.js';
import { CountError } from './count-error.js';
import {
  countedBallots,
  countSession,
  finishCounting,
  reconciliation,
  reopenCounting,
  startCounting,
} from './counting-session.js';
import { enterMarks, rejectionCounts, scanBallot } from './scan-ballot.js';
import { readCodes } from './scan-link.js';
import { countEnvOf } from './station-context.js';
import {
  type StationDb,
  openStationDb,
  openStationKey,
  readSecretInput,
  requireWorker,
  stationPassphrase,
} from './station-core-link.js';
import type { CountEnv } from './station-env.js';
import { type MadeSheet, correctSheet, makeSheet } from './tally-sheet-make.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Signs in each `name=pin-file`; returns the names. */
function signIn(sdb: StationDb, specs: readonly string[] | undefined): string[] {
  if (!specs || specs.length === 0)
    throw new StationFileError('--worker', 'name the poll worker(s) acting: --worker name=pin-file');
  return specs.map((s) => {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new StationFileError('--worker', `"${s.slice(0, 40)}": expected name=pin-file`);
    const name = s.slice(0, eq);
    return requireWorker(
      sdb.db,
      name,
      readSecretInput(s.slice(eq + 1), 'EVIDENT_WORKER_PIN', `PIN of ${name}`),
    );
  });
}

async function withStation(dir: string, body: (env: CountEnv, sdb: StationDb) => unknown): Promise<void> {
  await runRefusable(async () => {
    const sdb = openStationDb(dir);
    try {
      await body(countEnvOf(sdb), sdb);
    } finally {
      sdb.close();
    }
  });
}

function say(o: unknown): void {
  process.stdout.write(`${JSON.stringify(o, null, 2)}\n`);
}

/** `--contest label=opt1,opt2` (empty after `=` for no mark). */
function parseMarks(specs: readonly string[]): Record<string, string[]> {
  const marks: Record<string, string[]> = {};
  for (const s of specs) {
    const eq = s.indexOf('=');
    if (eq <= 0)
      throw new StationFileError('--contest', `"${s.slice(0, 60)}": expected contest=option,option`);
    const v = s.slice(eq + 1).trim();
    marks[s.slice(0, eq)] = v === '' ? [] : v.split(',').map((x) => x.trim());
  }
  return marks;
}

function status(env: CountEnv) {
  const s = countSession(env);
  return {
    started: s ? new Date(s.startedAt).toISOString() : null,
    finished: s?.finishedAt ? new Date(s.finishedAt).toISOString() : null,
    ballots: countedBallots(env),
    rejected: rejectionCounts(env),
    ...reconciliation(env),
  };
}

function writeSheet(made: MadeSheet, out: string | undefined): void {
  if (out) writeFileSync(out, `${JSON.stringify(made.signed, null, 2)}\n`);
  say({ sequence: made.sequence, sheetHash: made.sheetHash, queued: true, ...(out ? { written: out } : {}) });
}

/** Registers the counting and sheet commands. */
export function registerCountCommands(program: Command): void {
  const count = program.command('count').description('count the paper ballots (from the counting start)');
  const dir = ['--dir <dir>', 'station data directory', './station'] as const;
  const worker = ['--worker <name=pin-file>', 'a signed-in poll worker (repeatable)', collect] as const;

  count
    .command('start')
    .description('start counting (refused before the counting start; see spec/stations.md §5)')
    .option(...dir)
    .option(...worker)
    .option(
      '--override-reason <text>',
      'no clock offset was ever measured: two workers override, with this reason',
    )
    .action((o: { dir: string; worker?: string[]; overrideReason?: string }) =>
      withStation(o.dir, (env, sdb) => {
        const workers = signIn(sdb, o.worker);
        const override =
          o.overrideReason !== undefined ? { by: workers, reason: o.overrideReason } : undefined;
        startCounting(env, workers, override);
        say(status(env));
      }),
    );

  count
    .command('scan')
    .description('scan ballots: QR codes in image files, or a code’s text')
    .option(...dir)
    .option(...worker)
    .option('--image <files...>', 'PNG or JPEG images of ballots')
    .option('--text <qr>', 'the text of one ballot code')
    .action((o: { dir: string; worker?: string[]; image?: string[]; text?: string }) =>
      withStation(o.dir, async (env, sdb) => {
        const [w] = signIn(sdb, o.worker);
        if (!o.image === (o.text === undefined))
          throw new StationFileError('--image/--text', 'give exactly one of them');
        const texts: { source: string; text: string }[] = [];
        if (o.text !== undefined) texts.push({ source: '--text', text: o.text });
        for (const f of o.image ?? []) {
          let bytes: Buffer;
          try {
            bytes = readFileSync(f);
          } catch {
            throw new StationFileError(f, 'cannot be read');
          }
          const codes = await readCodes(bytes).catch((e: Error) => {
            throw new StationFileError(f, e.message);
          });
          if (codes.length === 0)
            throw new StationFileError(f, 'no QR code found: photograph the ballot again');
          for (const c of codes) texts.push({ source: f, text: c.text ?? '' });
        }
        const results = texts.map((t) => ({ source: t.source, ...scanBallot(env, w!, t.text) }));
        say(results);
        const refused = results.filter((r) => r.status === 'rejected').length;
        if (refused > 0)
          throw new CountError(
            'refused',
            `${refused} of ${results.length} scanned code(s) refused (see the reasons above)`,
          );
      }),
    );

  count
    .command('mark')
    .description('enter the marks of the hand-marked ballot just scanned')
    .option(...dir)
    .option(...worker)
    .option(
      '--contest <label=options>',
      'a contest’s marked options, comma-separated, empty for none (repeat per contest)',
      collect,
    )
    .action((o: { dir: string; worker?: string[]; contest?: string[] }) =>
      withStation(o.dir, (env, sdb) => {
        const [w] = signIn(sdb, o.worker);
        enterMarks(env, w!, parseMarks(o.contest ?? []));
        say(status(env));
      }),
    );

  count
    .command('finish')
    .description('end counting; ballots counted ≠ check-ins needs --explain')
    .option(...dir)
    .option(...worker)
    .option('--explain <text>', 'why ballots counted differ from voters checked in')
    .action((o: { dir: string; worker?: string[]; explain?: string }) =>
      withStation(o.dir, (env, sdb) => {
        const [w] = signIn(sdb, o.worker);
        finishCounting(env, w!, o.explain);
        say(status(env));
      }),
    );

  count
    .command('reopen')
    .description('reopen a finished count to correct it (the next sheet is a correction)')
    .option(...dir)
    .option(...worker)
    .requiredOption('--reason <text>', 'why')
    .action((o: { dir: string; worker?: string[]; reason: string }) =>
      withStation(o.dir, (env, sdb) => {
        reopenCounting(env, signIn(sdb, o.worker)[0]!, o.reason);
        say(status(env));
      }),
    );

  count
    .command('status')
    .description('the count so far')
    .option(...dir)
    .action((o: { dir: string }) => withStation(o.dir, (env) => say(status(env))));

  const sheet =
    program.commands.find((c) => c.name() === 'sheet') ??
    program.command('sheet').description('the tally sheet');
  const sheetOpts = (c: Command) =>
    c
      .option(...dir)
      .option(...worker)
      .option(
        '--passphrase-file <file>',
        'file whose first line is the station passphrase (else $EVIDENT_STATION_PASSPHRASE)',
      )
      .option('--out <file>', 'also write the signed sheet (JSON) here');
  sheetOpts(
    sheet.command('make').description('make, sign and queue the tally sheet of the finished count'),
  ).action((o: { dir: string; worker?: string[]; passphraseFile?: string; out?: string }) =>
    withStation(o.dir, (env, sdb) => {
      const [w] = signIn(sdb, o.worker);
      const key = openStationKey(sdb.dir, stationPassphrase(o.passphraseFile));
      writeSheet(makeSheet(env, w!, key.secretKey), o.out);
    }),
  );
  sheetOpts(sheet.command('correct').description('make, sign and queue a corrected sheet (sequence + 1)'))
    .requiredOption('--reason <text>', 'why the earlier sheet is corrected')
    .action((o: { dir: string; worker?: string[]; passphraseFile?: string; out?: string; reason: string }) =>
      withStation(o.dir, (env, sdb) => {
        const [w] = signIn(sdb, o.worker);
        const key = openStationKey(sdb.dir, stationPassphrase(o.passphraseFile));
        writeSheet(correctSheet(env, w!, key.secretKey, o.reason), o.out);
      }),
    );
}
