/**
 * The real server the station end-to-end tests talk to: `buildApp` on a SQLite file in a fresh
 * temporary folder, listening on a loopback socket, with an election of `voters` voters and one
 * station `p1` (not open yet, time zone UTC), and the station's passphrase and a poll worker's
 * PIN written to files as a poll worker would keep them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../packages/server/src/app.js';
import { httpCall } from '../../packages/server/src/testing/http.js';
import {
  mustCall,
  setUpElection,
  type Call,
  type LocalElection,
} from '../../packages/server/src/testing/local-election.js';
import { stationsManifest } from '../../packages/server/src/testing/station-election.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What a test gets. */
export interface StationServer {
  readonly dir: string;
  readonly app: Awaited<ReturnType<typeof buildApp>>;
  readonly base: string;
  readonly call: Call;
  readonly must: ReturnType<typeof mustCall>;
  readonly el: LocalElection;
  /** `pass` (the station passphrase) and `pin` (poll worker ana's PIN) */
  readonly files: Record<string, string>;
  /** the board's entries, parsed */
  entries(): Promise<Json[]>;
  close(): Promise<void>;
}

/** Starts the server and sets the election up. */
export async function startStationServer(o: {
  name: string;
  admin: string;
  id: string;
  voters: number;
  passphrase: string;
}): Promise<StationServer> {
  const dir = mkdtempSync(join(tmpdir(), `evident-${o.name}-`));
  const app = await buildApp({ dbPath: join(dir, 'server.db'), adminToken: o.admin, rateLimit: false });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const call = httpCall(base);
  const must = mustCall(call, o.admin);
  const el = await setUpElection(call, o.admin, {
    id: o.id,
    voters: o.voters,
    open: false,
    timeZone: 'UTC',
    manifest: stationsManifest(['p1']),
  });
  const files: Record<string, string> = {};
  for (const [name, text] of [
    ['pass', o.passphrase],
    ['pin', '123456'],
  ] as const) {
    files[name] = join(dir, name);
    writeFileSync(files[name], `${text}\n`);
  }
  const entries = async (): Promise<Json[]> =>
    (await must('GET', `/elections/${o.id}/board/entries?start=0`)).entries.map((e: Json) =>
      JSON.parse(typeof e === 'string' ? e : e.entry),
    );
  const close = async (): Promise<void> => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, app, base, call, must, el, files, entries, close };
}
