/**
 * `evident-station checkin`, `pollbook close`: poll-book acts in a signed-in worker's name.
 * @module
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readSecretInput, stationPassphrase } from '../keys/passphrase.js';
import { openStationKey } from '../keys/station-key.js';
import { checkIn, DOCUMENT_TYPES } from '../pollbook/check-in.js';
import { closePollBook } from '../pollbook/close.js';
import { requireWorker } from '../workers/workers.js';
import { withDb, withDir, type CliIo } from './io.js';
import { WORKER_SECRET_ENV } from './setup-commands.js';

function workerOptions(c: Command): Command {
  return c
    .requiredOption('--worker <name>', 'the poll worker acting')
    .option(
      '--worker-secret-file <file>',
      `file whose first line is the worker's PIN or passphrase (else $${WORKER_SECRET_ENV})`,
    );
}

/** Registers checkin and pollbook close. */
export function registerPollCommands(program: Command, io: CliIo): void {
  workerOptions(withDir(program.command('checkin')))
    .description("check a voter of the station's roll in")
    .requiredOption('--voter <id>', 'the voter id')
    .requiredOption('--document-type <type>', `the identity document: ${DOCUMENT_TYPES.join(', ')}`)
    .requiredOption(
      '--document-last <chars>',
      "the last 2–4 characters of the document's number (never the whole number)",
    )
    .action(
      async (o: {
        dir: string;
        worker: string;
        workerSecretFile?: string;
        voter: string;
        documentType: string;
        documentLast: string;
      }) => {
        const secret = readSecretInput(o.workerSecretFile, WORKER_SECRET_ENV, "worker's PIN or passphrase");
        await withDb(o.dir, (sdb) => {
          const worker = requireWorker(sdb.db, o.worker, secret, sdb.now());
          const c = checkIn(sdb, {
            voterId: o.voter,
            worker,
            documentType: o.documentType,
            documentLast: o.documentLast,
          });
          io.out(`checked in: ${c.voterId} (${c.id}) by ${c.checkedBy} at ${c.at}`);
        });
      },
    );

  const pollbook = program.command('pollbook').description('the poll book');
  workerOptions(withDir(pollbook.command('close')))
    .description('close the poll book: sign the closing with the station key and queue it for the server')
    .option('--passphrase-file <file>', 'the station passphrase (else $EVIDENT_STATION_PASSPHRASE)')
    .action(
      async (o: { dir: string; worker: string; workerSecretFile?: string; passphraseFile?: string }) => {
        const secret = readSecretInput(o.workerSecretFile, WORKER_SECRET_ENV, "worker's PIN or passphrase");
        const key = openStationKey(resolve(o.dir), stationPassphrase(o.passphraseFile));
        await withDb(o.dir, (sdb) => {
          const worker = requireWorker(sdb.db, o.worker, secret, sdb.now());
          const s = closePollBook(sdb, worker, key.secretKey);
          io.out(
            `poll book closed at ${s.closing.closedAt}: ${s.closing.checkIns} voters checked in; the closing waits in the outbox (evident-station sync)`,
          );
        });
      },
    );
}
