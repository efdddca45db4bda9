/**
 * `evident-station sync`, `serve`, `status`: delivering the outbox, the poll workers' UI, and
 * the station's state.
 * @module
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { StationError } from '../station-error.js';
import { problemItems, requeueRejected } from '../sync/outbox.js';
import { runSync, type SyncPass } from '../sync/sync-loop.js';
import { stationSyncTarget } from '../sync/sync-target.js';
import { buildStationUi, serveStationUi } from '../ui/station-ui.js';
import { stationPages } from '../ui/station-pages.js';
import { openStationKey } from '../keys/station-key.js';
import { PASSPHRASE_ENV, stationPassphrase } from '../keys/passphrase.js';
import { stationStatus } from '../ui/status-page.js';
import { openDir, withDb, withDir, type CliIo } from './io.js';

/** Aborts on SIGINT/SIGTERM (the long-running commands stop cleanly). */
function untilSignal(): AbortController {
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return ac;
}

function describePass(p: SyncPass, next: number): string {
  const head = `sent ${p.sent} request(s), settled ${p.settled} item(s), ${p.remaining} waiting`;
  return p.error ? `${head}; stopped: ${p.error}; retry in ${(next / 1000).toFixed(1)} s` : head;
}

/**
 * The station key for `serve` when a passphrase is given (file or environment); without one the
 * UI runs without the marking device, and says so.
 */
function unlockedKey(dir: string, file: string | undefined, io: CliIo): Uint8Array | undefined {
  if (file === undefined && !process.env[PASSPHRASE_ENV]) {
    io.err(
      `marking device off, sheets not signed: no station passphrase (--passphrase-file or ${PASSPHRASE_ENV})`,
    );
    return undefined;
  }
  return openStationKey(resolve(dir), stationPassphrase(file)).secretKey;
}

/** Registers sync, serve and status. */
export function registerRunCommands(program: Command, io: CliIo): void {
  withDir(program.command('sync'))
    .description('deliver the outbox to the server (idempotent; retries with backoff and jitter)')
    .option('--once', 'stop when the outbox is empty, or after 5 failed attempts in a row (exit 1)')
    .option('--retry-rejected', 'put the items the server rejected back in the queue first')
    .option('--token-file <file>', 'the station token (default: the file given at provisioning)')
    .action(async (o: { dir: string; once?: boolean; retryRejected?: boolean; tokenFile?: string }) => {
      await withDb(o.dir, async (sdb) => {
        const target = stationSyncTarget(sdb, o.tokenFile);
        if (o.retryRejected) io.out(`requeued ${requeueRejected(sdb.db)} rejected item(s)`);
        const ac = untilSignal();
        const last = await runSync(sdb, target, {
          signal: ac.signal,
          ...(o.once ? { untilEmpty: true, maxFailures: 5 } : {}),
          onPass: (p, next) => (p.sent > 0 || p.error ? io.out(describePass(p, next)) : undefined),
        });
        const st = stationStatus(sdb);
        io.out(
          `outbox: ${st.outbox.pending} waiting, ${st.outbox.delivered} delivered, ${st.outbox.refused + st.outbox.rejected} refused, ${st.outbox['bad-receipt']} bad receipts`,
        );
        if (last.remaining > 0)
          throw new StationError(1, `${last.remaining} item(s) still waiting: ${last.error ?? 'stopped'}`);
        if (st.outbox['bad-receipt'] > 0)
          throw new StationError(
            1,
            'some receipts are not signed by the pinned log key: tell the election officials',
          );
        // refused and rejected items are settled (not retried): the worker must still hear of them
        const refused = st.outbox.refused + st.outbox.rejected;
        if (refused > 0)
          throw new StationError(
            1,
            `${refused} item(s) refused by the server: ${problemItems(sdb.db, 3)
              .filter((x) => x.status === 'refused' || x.status === 'rejected')
              .map((x) => `${x.kind} ${x.lastError ?? x.status}`)
              .join('; ')} (evident-station status lists them; --retry-rejected sends the rejected again)`,
          );
      });
    });

  withDir(program.command('serve'))
    .description("serve the poll workers' UI on 127.0.0.1 (and sync in the background when provisioned)")
    .option('--port <port>', 'the port', '8080')
    .option('--no-sync', 'do not sync in the background')
    .option(
      '--passphrase-file <file>',
      `the station passphrase (or ${PASSPHRASE_ENV}): unlocks the station key for the marking device and signing sheets`,
    )
    .action(async (o: { dir: string; port: string; sync: boolean; passphraseFile?: string }) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new StationError(2, `--port ${o.port}: a port number expected`);
      const sdb = openDir(o.dir);
      const ac = untilSignal();
      let app;
      try {
        app = buildStationUi({ sdb, pages: stationPages(sdb, unlockedKey(sdb.dir, o.passphraseFile, io)) });
      } catch (e) {
        sdb.close();
        throw e;
      }
      try {
        io.out(`poll workers' UI: ${await serveStationUi(app, port)}`);
        let loop: Promise<unknown> = Promise.resolve();
        if (o.sync) {
          try {
            const target = stationSyncTarget(sdb);
            loop = runSync(sdb, target, {
              signal: ac.signal,
              onPass: (p, n) => (p.error ? io.err(describePass(p, n)) : undefined),
            });
          } catch (e) {
            io.err(`not syncing: ${(e as Error).message}`);
          }
        }
        await new Promise<void>((r) =>
          ac.signal.aborted ? r() : ac.signal.addEventListener('abort', () => r(), { once: true }),
        );
        await loop;
      } finally {
        await app.close();
        sdb.close();
      }
    });

  withDir(program.command('status'))
    .description('the station: provisioning, check-ins, outbox, last sync, clock offset')
    .option('--json', 'as JSON')
    .action(async (o: { dir: string; json?: boolean }) => {
      await withDb(o.dir, (sdb) => {
        const st = stationStatus(sdb);
        if (o.json) return io.out(JSON.stringify(st, null, 2));
        const p = st.provisioned;
        io.out(
          p
            ? `station ${p.station}, election ${p.electionId}, ${p.voters} voters, counting from ${p.countingStart} (${p.timeZone})`
            : 'not provisioned',
        );
        io.out(
          `checked in: ${st.checkIns}; poll book ${st.pollBookClosedAt ? `closed at ${st.pollBookClosedAt}` : 'open'}`,
        );
        io.out(
          `outbox: ${st.outbox.pending} waiting, ${st.outbox.delivered} delivered, ${st.outbox.refused + st.outbox.rejected} refused, ${st.outbox['bad-receipt']} bad receipts`,
        );
        io.out(`last sync: ${st.lastSync === null ? 'never' : new Date(st.lastSync).toISOString()}`);
        io.out(
          `clock offset: ${st.clockOffset ? `${st.clockOffset.offsetMs} ms (±${Math.ceil(st.clockOffset.roundTripMs / 2)} ms) at ${new Date(st.clockOffset.measuredAt).toISOString()}` : 'never measured'}`,
        );
        for (const x of st.problems)
          io.out(`needs attention: ${x.kind} ${x.ref ?? ''} ${x.status}: ${x.error ?? ''}`);
      });
    });
}
