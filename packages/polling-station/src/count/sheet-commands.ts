/**
 * `evident-station sheet make|correct` and `evident-station witness-key init`
 * (spec/stations.md §5.5, §6): the sheet of the finished count, signed by the station key,
 * co-signed by the witnesses present, queued for the server and optionally written as JSON.
 * @module
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { generatePaperKey } from '@evident/e2e-crypto';
import { readSealedKey, writeSealedKey } from '../ballots/sealed-key-file.js';
import { runRefusable } from './command-run.js';
import {
  type WorkerOptions,
  collect,
  say,
  signIn,
  splitPair,
  withStation,
  workerOptions,
} from './command-station.js';
import { openStationKey, readSecretInput, stationPassphrase } from './station-core-link.js';
import { type MadeSheet, type Witness, correctSheet, makeSheet } from './tally-sheet-make.js';

export const WITNESS_KEY_FORMAT = 'evident-station/witness-key';
const WITNESS_ENV = 'EVIDENT_WITNESS_PASSPHRASE';

/** Opens each `name=key-file[=passphrase-file]` (else the passphrase from $EVIDENT_WITNESS_PASSPHRASE). */
function witnesses(specs: readonly string[] | undefined): Witness[] {
  return (specs ?? []).map((s) => {
    const [name, rest] = splitPair(s, '--witness', 'name=key-file[=passphrase-file]');
    const [file, passFile] = rest.split('=', 2) as [string, string | undefined];
    const pass = readSecretInput(passFile, WITNESS_ENV, `passphrase of witness ${name}`);
    return { name, secretKey: readSealedKey(file, WITNESS_KEY_FORMAT, pass).secretKey };
  });
}

function writeSheet(made: MadeSheet, out: string | undefined): void {
  if (out) writeFileSync(out, `${JSON.stringify(made.signed, null, 2)}\n`);
  say({ sequence: made.sequence, sheetHash: made.sheetHash, queued: true, ...(out ? { written: out } : {}) });
}

interface SheetOptions extends WorkerOptions {
  witness?: string[];
  passphraseFile?: string;
  out?: string;
}

function sheetOptions(c: Command): Command {
  return workerOptions(c)
    .option('--witness <name=key-file[=passphrase-file]>', 'a witness who co-signs (repeatable)', collect)
    .option(
      '--passphrase-file <file>',
      'file whose first line is the station passphrase (else $EVIDENT_STATION_PASSPHRASE)',
    )
    .option('--out <file>', 'also write the signed sheet (JSON) here');
}

/** Registers the sheet and witness-key commands. */
export function registerSheetCommands(program: Command): void {
  const sheet =
    program.commands.find((c) => c.name() === 'sheet') ??
    program.command('sheet').description('the tally sheet');
  sheetOptions(
    sheet.command('make').description('make, sign and queue the tally sheet of the finished count'),
  ).action((o: SheetOptions) =>
    withStation(o.dir, (env, sdb) => {
      const [w] = signIn(sdb, o.worker);
      const ws = witnesses(o.witness);
      const key = openStationKey(sdb.dir, stationPassphrase(o.passphraseFile));
      writeSheet(makeSheet(env, w!, key.secretKey, ws), o.out);
    }),
  );
  sheetOptions(sheet.command('correct').description('make, sign and queue a corrected sheet (sequence + 1)'))
    .requiredOption('--reason <text>', 'why the earlier sheet is corrected')
    .action((o: SheetOptions & { reason: string }) =>
      withStation(o.dir, (env, sdb) => {
        const [w] = signIn(sdb, o.worker);
        const ws = witnesses(o.witness);
        const key = openStationKey(sdb.dir, stationPassphrase(o.passphraseFile));
        writeSheet(correctSheet(env, w!, key.secretKey, o.reason, ws), o.out);
      }),
    );

  program
    .command('witness-key')
    .description('a witness’s co-signing key')
    .command('init')
    .description('make a witness key, encrypted at rest; prints its public key')
    .requiredOption('--out <file>', 'key file to write (never overwritten)')
    .option('--passphrase-file <file>', `file whose first line is the passphrase (else $${WITNESS_ENV})`)
    .action((o: { out: string; passphraseFile?: string }) =>
      runRefusable(() => {
        const pass = readSecretInput(o.passphraseFile, WITNESS_ENV, 'witness passphrase');
        const k = writeSealedKey(o.out, WITNESS_KEY_FORMAT, generatePaperKey().secretKey, pass);
        say({ written: o.out, publicKey: k.publicKey });
      }),
    );
}
