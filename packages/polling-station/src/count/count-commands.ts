/**
 * `evident-station count start|scan|mark|finish|reopen|status` (spec/stations.md §5).
 * Every command names the signed-in poll workers acting (`--worker name=pin-file`).
 * @module
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { StationFileError } from '../ballots/station-file-error.js';
import {
  DIR_OPTION,
  WORKER_OPTION,
  collect,
  say,
  signIn,
  splitPair,
  withStation,
} from './command-station.js';
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
import type { CountEnv } from './station-env.js';

/** `--contest label=opt1,opt2` (empty after `=` for no mark). */
function parseMarks(specs: readonly string[]): Record<string, string[]> {
  const marks: Record<string, string[]> = {};
  for (const s of specs) {
    const [contest, v] = splitPair(s, '--contest', 'contest=option,option');
    marks[contest] = v.trim() === '' ? [] : v.split(',').map((x) => x.trim());
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

/** Registers the counting commands. */
export function registerCountCommands(program: Command): void {
  const count = program.command('count').description('count the paper ballots (from the counting start)');
  const dir = DIR_OPTION;
  const worker = WORKER_OPTION;

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
}
