#!/usr/bin/env node
/**
 * `npm run bench:read-cost [-- --old /path/to/other/checkout --rounds 3 --json]`: the server's
 * CPU per read of each kind of the peak (tree head, inclusion proof, results, board page): the
 * server runs in this process, listening on a local port, and a keep-alive HTTP client in a
 * worker thread sends the reads; the figure is the CPU time of the server's main thread (Linux
 * `/proc/self/task/<pid>/schedstat`, nanoseconds) — the thread that answers every read — per
 * read. The client's thread, the verification workers and the collector's helper threads are not
 * counted. Two states of the board:
 *
 * - `static`: nothing is committed while the reads run (every cache warm);
 * - `growing`: one commit between every `perCommit` reads of a kind — the peak's ratio of reads
 *   to commits — so that answers that change with the tree size are built again as they would be.
 *
 * Only the reads are timed (the main thread's CPU around each burst of `perCommit` concurrent reads;
 * the commits happen between bursts, the writer idle meanwhile). With `--old`, the same
 * measurement runs against that checkout's compiled server too, alternated round by round in this
 * one process, and the report gives new ÷ old per kind and state. Each build gets its own copy of
 * one SQLite database filled once, so both answer the same board.
 * @module
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Command, InvalidArgumentError } from 'commander';

const KINDS = ['tree-head', 'inclusion-proof', 'results', 'board-page'] as const;
type Kind = (typeof KINDS)[number];
const STATES = ['static', 'growing'] as const;
type State = (typeof STATES)[number];
const ADMIN = 'evd_read-cost-admin-0123456789abcdef0123';
const ID = 'rc1';

interface App {
  inject(o: { method: 'GET'; url: string }): Promise<{ statusCode: number }>;
  close(): Promise<void>;
  listen(o: { host: string; port: number }): Promise<string>;
  evident: {
    writer: {
      submit(
        plan: (tx: { append(id: string, type: string, f: Record<string, unknown>): number }) => unknown,
      ): Promise<unknown>;
      drain(): Promise<void>;
    };
    logs: { get(id: string): { size: number } | undefined };
  };
}
interface Build {
  readonly name: string;
  buildApp(o: Record<string, unknown>): Promise<App>;
  setUpElection(call: unknown, token: string, o: Record<string, unknown>): Promise<unknown>;
  injectCall(app: App): unknown;
}

async function loadBuild(name: string, root: string): Promise<Build> {
  const dist = join(root, 'packages', 'server', 'dist');
  const server = (await import(pathToFileURL(join(dist, 'index.js')).href)) as Pick<Build, 'buildApp'>;
  const testing = (await import(pathToFileURL(join(dist, 'testing', 'index.js')).href)) as Omit<
    Build,
    'name' | 'buildApp'
  >;
  return {
    name,
    buildApp: server.buildApp,
    setUpElection: testing.setUpElection,
    injectCall: testing.injectCall,
  };
}

/** A ballot-sized entry (the peak's board holds ballots of a few kilobytes). */
const filler = (i: number): Record<string, unknown> => ({ n: i, data: 'ab'.repeat(900) });

async function appendEntries(app: App, n: number, from: number): Promise<void> {
  const jobs: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++)
    jobs.push(app.evident.writer.submit((tx) => tx.append(ID, 'read-cost-filler', filler(from + i))));
  await Promise.all(jobs);
}

function pathsOf(kind: Kind, size: number): string[] {
  const spread = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));
  switch (kind) {
    case 'tree-head':
      return [`/elections/${ID}/board/tree-head`];
    case 'inclusion-proof':
      return spread(256, (i) => `/elections/${ID}/board/inclusion?index=${(i * 7919) % size}`);
    case 'results':
      return [`/elections/${ID}/results`];
    case 'board-page':
      return spread(64, (i) => `/elections/${ID}/board/entries?start=${(i * 104729) % size}&limit=50`);
  }
}

/** CPU ms of this process's main thread so far (Linux schedstat, ns resolution). */
const mainThreadMs = (): number =>
  Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;

/** The client: a worker thread sending `n` GETs over `concurrency` keep-alive connections. */
const CLIENT = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
parentPort.on('message', ({ base, paths, n, concurrency }) => {
  let k = 0, inflight = 0, bad = 0;
  const next = () => {
    if (k >= n) { if (inflight === 0) parentPort.postMessage({ bad }); return; }
    const path = paths[k++ % paths.length];
    inflight++;
    http.get(base + path, { agent }, (r) => {
      if (r.statusCode !== 200) bad++;
      r.resume();
      r.on('end', () => { inflight--; next(); });
    }).on('error', () => { bad++; inflight--; next(); });
  };
  for (let i = 0; i < Math.min(concurrency, n); i++) next();
});`;

interface Client {
  run(paths: readonly string[], n: number): Promise<number>;
  close(): Promise<number>;
}

function client(base: string, concurrency: number): Client {
  const w = new Worker(CLIENT, { eval: true });
  return {
    run: (paths, n) =>
      new Promise((ok, fail) => {
        w.once('error', fail);
        w.once('message', (m: { bad: number }) => {
          w.off('error', fail);
          ok(m.bad);
        });
        w.postMessage({ base, paths, n, concurrency });
      }),
    close: () => w.terminate(),
  };
}

/** CPU ms per read of `kind`: `bursts` bursts of `perCommit` concurrent reads, a commit before each when growing. */
async function measure(
  app: App,
  c: Client,
  kind: Kind,
  state: State,
  bursts: number,
  perCommit: number,
): Promise<number> {
  const paths = pathsOf(kind, app.evident.logs.get(ID)!.size);
  let spent = 0;
  for (let b = 0; b < bursts; b++) {
    if (state === 'growing') await appendEntries(app, 1, 1_000_000 + b);
    const c0 = mainThreadMs();
    const bad = await c.run(paths.slice((b * perCommit) % paths.length).concat(paths), perCommit);
    spent += mainThreadMs() - c0;
    if (bad > 0) throw new Error(`read-cost: ${bad} ${kind} reads not answered 200`);
  }
  return spent / (bursts * perCommit);
}

interface Flags {
  old?: string;
  rounds: number;
  entries: number;
  bursts: number;
  perCommit: number;
  kinds: Kind[];
  states: State[];
  json?: boolean;
}

const int = (min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InvalidArgumentError(`an integer in [${min}, ${max}]`);
  return n;
};

function listOf<T extends string>(all: readonly T[]) {
  return (v: string): T[] =>
    v.split(',').map((x) => {
      if (!all.includes(x as T)) throw new InvalidArgumentError(`one or more of ${all.join(', ')}`);
      return x as T;
    });
}

await new Command()
  .name('bench:read-cost')
  .description(
    "the server's CPU per read of each peak kind, in process; alternated with another build with --old",
  )
  .option('--old <checkout>', 'another checkout (built) whose server to measure alternately')
  .option('--rounds <n>', 'rounds (each build once per round)', int(1, 100), 3)
  .option('--entries <n>', 'entries on the board before the reads', int(1, 1_000_000), 3000)
  .option('--bursts <n>', 'bursts per kind, state and round', int(1, 1_000_000), 300)
  .option(
    '--per-commit <n>',
    "reads per burst (per commit when growing): the peak's 1,738 reads/s of a kind ÷ ~100 commits/s",
    int(1, 10_000),
    17,
  )
  .option('--kinds <list>', `kinds to measure (comma-separated: ${KINDS.join(', ')})`, listOf(KINDS), [
    ...KINDS,
  ])
  .option('--states <list>', `states of the board (comma-separated: ${STATES.join(', ')})`, listOf(STATES), [
    ...STATES,
  ])
  .option('--json', 'one JSON document on stdout')
  .action(async (o: Flags) => {
    const here = resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..');
    const builds = [await loadBuild('new', here)];
    if (o.old) builds.push(await loadBuild('old', resolve(o.old)));
    const dir = mkdtempSync(join(tmpdir(), 'evident-read-cost-'));
    const log = (s: string): void => void process.stderr.write(`bench:read-cost: ${s}\n`);
    try {
      const seed = join(dir, 'seed.db');
      {
        const app = await builds[0]!.buildApp({ db: seed, adminToken: ADMIN, rateLimit: false });
        await builds[0]!.setUpElection(builds[0]!.injectCall(app), ADMIN, { id: ID, voters: 5 });
        log(`filling the board with ${o.entries} entries…`);
        for (let i = 0; i < o.entries; i += 500) await appendEntries(app, Math.min(500, o.entries - i), i);
        await app.close();
      }
      const figures: Record<string, Record<State, Record<Kind, number[]>>> = {};
      for (let r = 0; r < o.rounds; r++)
        for (const b of r % 2 ? [...builds].reverse() : builds) {
          const db = join(dir, `${b.name}-${r}.db`);
          copyFileSync(seed, db);
          const app = await b.buildApp({ db, adminToken: ADMIN, rateLimit: false });
          const c = client(await app.listen({ host: '127.0.0.1', port: 0 }), o.perCommit);
          try {
            for (const state of o.states)
              for (const kind of o.kinds) {
                await measure(app, c, kind, state, Math.ceil(o.bursts / 10), o.perCommit); // warm
                const ms = await measure(app, c, kind, state, o.bursts, o.perCommit);
                const f = ((figures[b.name] ??= {} as Record<State, Record<Kind, number[]>>)[state] ??=
                  {} as Record<Kind, number[]>);
                (f[kind] ??= []).push(ms);
                log(`round ${r + 1} ${b.name} ${state} ${kind}: ${(ms * 1000).toFixed(1)} µs per read`);
              }
          } finally {
            await c.close();
            await app.close();
          }
        }
      const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const report = {
        method:
          "CPU µs of the server's main thread per read over local HTTP (keep-alive client in a worker thread); median of the rounds",
        perCommit: o.perCommit,
        entries: o.entries,
        rounds: o.rounds,
        perRead: Object.fromEntries(
          Object.entries(figures).map(([n, s]) => [
            n,
            Object.fromEntries(
              o.states.map((st) => [
                st,
                Object.fromEntries(o.kinds.map((k) => [k, +(median(s[st][k]) * 1000).toFixed(1)])),
              ]),
            ),
          ]),
        ),
        ...(figures.old
          ? {
              newOverOld: Object.fromEntries(
                o.states.map((st) => [
                  st,
                  Object.fromEntries(
                    o.kinds.map((k) => [
                      k,
                      +(median(figures.new![st][k]) / median(figures.old![st][k])).toFixed(3),
                    ]),
                  ),
                ]),
              ),
            }
          : {}),
      };
      process.stdout.write(JSON.stringify(report, null, o.json ? 2 : 1) + '\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })
  .parseAsync();
