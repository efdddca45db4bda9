/**
 * `evident-station printing-key init` and `evident-station ballots print` (spec/stations.md §3.1).
 * @module
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { countEnvOf } from '../count/station-context.js';
import { openStationDb, readSecretInput } from '../count/station-core-link.js';
import { runRefusable } from '../count/command-run.js';
import { blankBallotCodes } from './ballot-qr.js';
import { blankBallotsPdf } from './ballot-pdf.js';
import { initPrintingKey, openPrintingKey } from './printing-key.js';
import { StationFileError } from './station-file-error.js';

/** The printing key's passphrase: `--passphrase-file` or `EVIDENT_PRINTING_PASSPHRASE`. */
const PRINTING_ENV = 'EVIDENT_PRINTING_PASSPHRASE';

/** Registers the printing commands. */
export function registerBallotCommands(program: Command): void {
  program
    .command('printing-key')
    .description('the election’s ballot-printing key')
    .command('init')
    .description('make the ballot-printing key, encrypted at rest; prints its public key to register')
    .requiredOption('--out <file>', 'key file to write (never overwritten)')
    .option('--passphrase-file <file>', `file whose first line is the passphrase (else $${PRINTING_ENV})`)
    .action((o: { out: string; passphraseFile?: string }) =>
      runRefusable(() => {
        const k = initPrintingKey(
          o.out,
          readSecretInput(o.passphraseFile, PRINTING_ENV, 'printing-key passphrase'),
        );
        process.stdout.write(
          `printing key written to ${o.out}\npublic key (register with PUT /elections/{id}/printing-key):\n${k.publicKey}\n`,
        );
      }),
    );

  program
    .command('ballots')
    .description('paper ballots')
    .command('print')
    .description('print blank ballots of this station’s style with signed QR codes (PDF)')
    .option('--dir <dir>', 'station data directory', './station')
    .requiredOption('--printing-key <file>', 'the ballot-printing key file')
    .requiredOption('--count <n>', 'how many ballots')
    .requiredOption('--out <file>', 'PDF to write')
    .option('--lang <tag>', 'language of the names (default: the manifest’s first)')
    .option(
      '--passphrase-file <file>',
      `file whose first line is the printing key's passphrase (else $${PRINTING_ENV})`,
    )
    .action(
      (o: {
        dir: string;
        printingKey: string;
        count: string;
        out: string;
        lang?: string;
        passphraseFile?: string;
      }) =>
        runRefusable(async () => {
          const count = Number(o.count);
          if (!Number.isInteger(count) || count < 1 || count > 100_000)
            throw new StationFileError('--count', 'an integer from 1 to 100000 expected');
          const sdb = openStationDb(o.dir);
          try {
            const { identity } = countEnvOf(sdb);
            const key = openPrintingKey(
              o.printingKey,
              readSecretInput(o.passphraseFile, PRINTING_ENV, 'printing-key passphrase'),
            );
            if (identity.printingKey?.toUpperCase() !== key.publicKey)
              throw new StationFileError(
                o.printingKey,
                identity.printingKey
                  ? 'not the printing key registered for this election (its ballots would be refused as counterfeit)'
                  : 'no printing key is registered in this station’s bundle: register it, then provision again',
              );
            const place = {
              electionId: identity.electionId,
              station: identity.station,
              style: identity.ballotStyle,
            };
            const codes = blankBallotCodes(place, key.secretKey, count);
            const layout = {
              manifest: identity.manifest,
              station: identity.station,
              ...(o.lang ? { lang: o.lang } : {}),
            };
            writeFileSync(o.out, await blankBallotsPdf(layout, codes), { flag: 'w' });
            process.stdout.write(
              `${count} ballots of style ${identity.ballotStyle} for ${identity.station} written to ${o.out}\n`,
            );
          } finally {
            sdb.close();
          }
        }),
    );
}
