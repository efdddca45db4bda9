/**
 * `evident-station init`, `provision`, `worker add|list`: making the station ready.
 * @module
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { stationPassphrase } from '../keys/passphrase.js';
import { readSecretInput } from '../keys/passphrase.js';
import { initStationKey, openStationKey, readStationPublicKey } from '../keys/station-key.js';
import { provisionStation } from '../provision/provision.js';
import { StationError } from '../station-error.js';
import { httpTransport } from '../sync/transport.js';
import { addWorker, listWorkers } from '../workers/workers.js';
import { openDir, withDb, withDir, type CliIo } from './io.js';

export const TOKEN_ENV = 'EVIDENT_STATION_TOKEN';
export const WORKER_SECRET_ENV = 'EVIDENT_STATION_WORKER_SECRET';

/** Registers init, provision and worker. */
export function registerSetupCommands(program: Command, io: CliIo): void {
  withDir(program.command('init'))
    .description("make the station's Ed25519 key, sealed under the station passphrase; prints its public key")
    .option(
      '--passphrase-file <file>',
      'file whose first line is the station passphrase (else $EVIDENT_STATION_PASSPHRASE)',
    )
    .action((o: { dir: string; passphraseFile?: string }) => {
      const pass = stationPassphrase(o.passphraseFile);
      const sdb = openDir(o.dir);
      sdb.close();
      const pub = initStationKey(resolve(o.dir), pass);
      io.out(`station public key: ${pub}`);
      io.out(
        'Give it to the administrator, who registers it before the election opens (PUT /elections/{id}/stations/{station}/key).',
      );
    });

  withDir(program.command('provision'))
    .description(
      "download and check the station's bundle: manifest, setup entry, log key, roll slice, counting start",
    )
    .requiredOption('--server <url>', 'the election server')
    .requiredOption('--token-file <file>', "file holding the station's token")
    .requiredOption('--election <id>', 'the election id')
    .requiredOption('--station <label>', "the station's label in the manifest")
    .option('--log-key <hex>', 'the log public key given by the administrator (pinned)')
    .action(
      async (o: {
        dir: string;
        server: string;
        tokenFile: string;
        election: string;
        station: string;
        logKey?: string;
      }) => {
        if (o.logKey !== undefined && !/^[0-9A-Fa-f]{64}$/.test(o.logKey))
          throw new StationError(2, '--log-key: 64 hexadecimal digits expected');
        try {
          new URL(o.server);
        } catch {
          throw new StationError(2, `--server ${o.server}: not a URL`);
        }
        const token = readSecretInput(o.tokenFile, TOKEN_ENV, 'station token');
        const stationKey = readStationPublicKey(resolve(o.dir));
        await withDb(o.dir, async (sdb) => {
          const r = await provisionStation(sdb, {
            server: o.server,
            token,
            tokenFile: resolve(o.tokenFile),
            electionId: o.election,
            station: o.station,
            stationKey,
            transport: httpTransport(),
            ...(o.logKey !== undefined ? { logKey: o.logKey } : {}),
          });
          const b = r.bundle;
          io.out(
            `provisioned: election ${b.electionId}, station ${b.station}, ${b.voters} voters, counting from ${b.countingStart} (${b.timeZone})`,
          );
          if (r.logKeySource === 'bundle')
            io.out(
              `log key pinned from the bundle: ${b.pinnedLogKey}\nCompare it with the one the administrator posted; if they differ, do not use this station.`,
            );
          else io.out(`log key pinned: ${b.pinnedLogKey}`);
          for (const w of r.warnings) io.out(`warning: ${w}`);
        });
      },
    );

  const worker = program.command('worker').description('poll workers');
  withDir(worker.command('add'))
    .description('add a poll worker with a PIN (6 digits or more) or a passphrase (10 characters or more)')
    .requiredOption('--name <name>', "the worker's sign-in name")
    .option(
      '--secret-file <file>',
      `file whose first line is the worker's PIN or passphrase (else $${WORKER_SECRET_ENV})`,
    )
    .option(
      '--passphrase-file <file>',
      'the station passphrase, to authorise (else $EVIDENT_STATION_PASSPHRASE)',
    )
    .action(async (o: { dir: string; name: string; secretFile?: string; passphraseFile?: string }) => {
      openStationKey(resolve(o.dir), stationPassphrase(o.passphraseFile));
      const secret = readSecretInput(o.secretFile, WORKER_SECRET_ENV, "worker's PIN or passphrase");
      await withDb(o.dir, (sdb) => {
        const w = addWorker(sdb.db, { name: o.name, secret, by: 'administrator', now: sdb.now() });
        io.out(`worker ${w.name} added (${w.kind})`);
      });
    });
  withDir(worker.command('list'))
    .description('list the poll workers')
    .option('--json', 'as JSON')
    .action(async (o: { dir: string; json?: boolean }) => {
      await withDb(o.dir, (sdb) => {
        const ws = listWorkers(sdb.db);
        if (o.json) return io.out(JSON.stringify(ws, null, 2));
        if (ws.length === 0) io.out('no poll workers yet: evident-station worker add --name NAME');
        for (const w of ws)
          io.out(
            `${w.name}\t${w.kind}\tsince ${w.createdAt}${w.lockedUntil > sdb.now() ? `\tlocked until ${new Date(w.lockedUntil).toISOString()}` : ''}`,
          );
      });
    });
}
