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
  type WorkerOptions,
  asWorkers,
  collect,
  say,
  splitPair,
  withStation,
  workerOptions,
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
  const command = (name: string, description: string) =>
    workerOptions(count.command(name).description(description));

  command('start', 'start counting (refused before the counting start; see spec/stations.md §5)')
    .option(
      '--override-reason <text>',
      'no clock offset was ever measured: two workers override, with this reason',
    )
    .action(
      asWorkers((o: WorkerOptions & { overrideReason?: string }, env, workers) => {
        const override =
          o.overrideReason !== undefined ? { by: workers, reason: o.overrideReason } : undefined;
        startCounting(env, workers, override);
        say(status(env));
      }),
    );

  command('scan', 'scan ballots: QR codes in image files, or a code’s text')
    .option('--image <files...>', 'PNG or JPEG images of ballots')
    .option('--text <qr>', 'the text of one ballot code')
    .action(
      asWorkers(async (o: WorkerOptions & { image?: string[]; text?: string }, env, [w]) => {
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

  command('mark', 'enter the marks of the hand-marked ballot just scanned')
    .option(
      '--contest <label=options>',
      'a contest’s marked options, comma-separated, empty for none (repeat per contest)',
      collect,
    )
    .action(
      asWorkers((o: WorkerOptions & { contest?: string[] }, env, [w]) => {
        enterMarks(env, w!, parseMarks(o.contest ?? []));
        say(status(env));
      }),
    );

  command('finish', 'end counting; ballots counted ≠ check-ins needs --explain')
    .option('--explain <text>', 'why ballots counted differ from voters checked in')
    .action(
      asWorkers((o: WorkerOptions & { explain?: string }, env, [w]) => {
        finishCounting(env, w!, o.explain);
        say(status(env));
      }),
    );

  command('reopen', 'reopen a finished count to correct it (the next sheet is a correction)')
    .requiredOption('--reason <text>', 'why')
    .action(
      asWorkers((o: WorkerOptions & { reason: string }, env, [w]) => {
        reopenCounting(env, w!, o.reason);
        say(status(env));
      }),
    );

  count
    .command('status')
    .description('the count so far')
    .option(...DIR_OPTION)
    .action((o: { dir: string }) => withStation(o.dir, (env) => say(status(env))));
}
