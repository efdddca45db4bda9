/**
 * `evident-station sheet make|correct` and `evident-station witness-key init`
 * (spec/stations.md §5.5, §6): the sheet of the finished count, signed by the station key,
 * co-signed by the witnesses present, queued for the server and optionally written out: as JSON,
 * or as the printed report (its QR codes as PNGs and the PDF) in a folder.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
import type { CountEnv } from './station-env.js';
import { sheetPdf } from '../sheet/sheet-pdf.js';
import { sheetQrPngs } from '../sheet/sheet-qr.js';
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

/**
 * Writes the signed sheet to `out`: a `.json` path gets the signed sheet as JSON; any other path
 * is a folder (made if missing) that gets `sheet.json`, each QR code as `sheet-<n>.png` (n from 1,
 * in part order) and the printed report `sheet.pdf`.
 * @returns the files written
 */
export async function writeSheetFiles(made: MadeSheet, env: CountEnv, out: string): Promise<string[]> {
  const json = `${JSON.stringify(made.signed, null, 2)}\n`;
  if (out.toLowerCase().endsWith('.json')) {
    writeFileSync(out, json);
    return [out];
  }
  mkdirSync(out, { recursive: true });
  const pngs = await sheetQrPngs(made.signed);
  const files = [join(out, 'sheet.json'), ...pngs.map((_, i) => join(out, `sheet-${i + 1}.png`))];
  writeFileSync(files[0]!, json);
  pngs.forEach((png, i) => writeFileSync(files[i + 1]!, png));
  files.push(join(out, 'sheet.pdf'));
  writeFileSync(files.at(-1)!, await sheetPdf(made.signed, env.identity.manifest, pngs));
  return files;
}

async function writeSheet(made: MadeSheet, env: CountEnv, out: string | undefined): Promise<void> {
  const written = out ? await writeSheetFiles(made, env, out) : [];
  say({
    sequence: made.sequence,
    sheetHash: made.sheetHash,
    queued: true,
    ...(written.length ? { written } : {}),
  });
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
    .option(
      '--out <path>',
      'also write the sheet: a .json file (the signed sheet), else a folder with sheet.json, its QR codes (sheet-<n>.png) and the printed report (sheet.pdf)',
    );
}

/** Registers the sheet and witness-key commands. */
export function registerSheetCommands(program: Command): void {
  const sheet =
    program.commands.find((c) => c.name() === 'sheet') ??
    program.command('sheet').description('the tally sheet');
  sheetOptions(
    sheet.command('make').description('make, sign and queue the tally sheet of the finished count'),
  ).action((o: SheetOptions) =>
    withStation(o.dir, async (env, sdb) => {
      const [w] = signIn(sdb, o.worker);
      const ws = witnesses(o.witness);
      const key = openStationKey(sdb.dir, stationPassphrase(o.passphraseFile));
      await writeSheet(makeSheet(env, w!, key.secretKey, ws), env, o.out);
    }),
  );
  sheetOptions(sheet.command('correct').description('make, sign and queue a corrected sheet (sequence + 1)'))
    .requiredOption('--reason <text>', 'why the earlier sheet is corrected')
    .action((o: SheetOptions & { reason: string }) =>
      withStation(o.dir, async (env, sdb) => {
        const [w] = signIn(sdb, o.worker);
        const ws = witnesses(o.witness);
        const key = openStationKey(sdb.dir, stationPassphrase(o.passphraseFile));
        await writeSheet(correctSheet(env, w!, key.secretKey, o.reason, ws), env, o.out);
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
