/**
 * The real `evident-server` for the sync benchmark: the installed command started as a child
 * process on 127.0.0.1 with a SQLite file, and an election set up through its HTTP API as an
 * administrator would — manifest with the stations, key ceremony (run locally), credentials for
 * some voters, the roll, station keys and tokens, a counting start in the past, open.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  baseHash,
  elementToJson,
  generatePaperKey,
  groupByName,
  manifestDigest,
  parameterBaseHash,
  runLocalCeremony,
  schnorrProofToJson,
  signatureHex,
  toHex,
  type Group,
  type Manifest,
} from '@evident/e2e-crypto';

/** A running server. */
export interface BenchServer {
  readonly url: string;
  readonly port: number;
  readonly dbPath: string;
  stop(): Promise<void>;
}

/** The `evident-server` command of the workspace (bin/evident-server.js beside its dist/). */
function serverBin(): string {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve('@evident/server');
  } catch {
    throw new Error('@evident/server is not installed: the sync benchmark runs against the real server');
  }
  const bin = join(dirname(entry), '..', 'bin', 'evident-server.js');
  if (!existsSync(bin) || !existsSync(entry))
    throw new Error(`${bin} or ${entry} is missing: run \`npm run build\` in the repository first`);
  return bin;
}

/**
 * Starts the server on a free port of 127.0.0.1 (full durability, no rate limit).
 * @throws {Error} with the end of its standard error when it does not listen within 30 s
 */
export function startBenchServer(dbPath: string, adminToken: string): Promise<BenchServer> {
  const args = ['--db', dbPath, '--port', '0', '--host', '127.0.0.1', '--rate-limit', '0'];
  const child: ChildProcess = spawn(process.execPath, [serverBin(), ...args], {
    env: { ...process.env, EVIDENT_ADMIN_TOKEN: adminToken },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start within 30 s: ${err.slice(-1000)}`));
    }, 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening: ${err.slice(-1000)}`));
    });
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(err);
      if (!m) return;
      clearTimeout(timer);
      child.stderr!.removeAllListeners('data');
      child.stderr!.resume();
      child.removeAllListeners('exit');
      const url = m[1]!;
      resolve({
        url,
        port: Number(new URL(url).port),
        dbPath,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** A station of the bench election. */
export interface BenchStation {
  readonly label: string;
  readonly token: string;
  /** upper-case hex */
  readonly publicKey: string;
  readonly secretKey: Uint8Array;
  readonly voters: readonly string[];
}

/** The election the benchmark syncs to. */
export interface BenchElection {
  readonly electionId: string;
  readonly manifest: Manifest;
  readonly logPublicKey: string;
  readonly stations: readonly BenchStation[];
  /** voters holding an online credential (their check-in cancels it) */
  readonly credentialHolders: number;
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A JSON call that wants a 2xx. */
function caller(url: string, adminToken: string) {
  return async (method: string, path: string, body?: unknown, token = adminToken): Promise<Json> => {
    const r = await fetch(url + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await r.text();
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** One contest (c1: a, b, c), one style, `n` stations ST01… in one district. */
export function benchManifest(n: number): Manifest {
  const en = (s: string) => ({ en: s });
  return {
    electionLabel: 'sync-bench',
    name: en('Sync benchmark'),
    languages: ['en'],
    startDate: '2026-05-10T07:00:00+02:00',
    endDate: '2026-05-10T17:00:00+02:00',
    districts: [{ label: 'd1', name: en('District 1') }],
    pollingStations: Array.from({ length: n }, (_, i) => {
      const label = `ST${String(i + 1).padStart(2, '0')}`;
      return { label, name: en(`Station ${label}`), district: 'd1', ballotStyle: 's1' };
    }),
    contests: [
      {
        label: 'c1',
        name: en('Contest 1'),
        district: 'd1',
        voteLimit: 1,
        optionLimit: 1,
        contestDataBlocks: 1,
        options: ['a', 'b', 'c'].map((l) => ({ label: l, name: en(l) })),
      },
    ],
    ballotStyles: [{ label: 's1', contests: ['c1'] }],
  };
}

/** The key ceremony's `{quorum, initialized}` for `manifest`, run locally (2 of 3 guardians). */
function localCeremony(manifest: Manifest) {
  const G = groupByName('ristretto255') as Group<unknown>;
  const hP = parameterBaseHash(G);
  const c = runLocalCeremony(G, hP, baseHash(hP, manifestDigest(hP, manifest), 3, 2), 3, 2);
  return {
    quorum: 2,
    initialized: {
      guardians: c.guardians.map((g) => {
        const s = c.signingKeys.find((k) => k.i === g.i)!;
        return {
          index: g.i,
          commitments: g.commitments.map((x) => elementToJson(G, x)),
          proofs: g.proofs.map((p) => schnorrProofToJson(G, p)),
          signingKey: signatureHex(s.publicKey),
          signingKeyProof: schnorrProofToJson(G, s.proof),
        };
      }),
      jointKey: elementToJson(G, c.K),
      extendedBaseHash: toHex(c.hE),
    },
  };
}

/**
 * Sets the election up and opens it.
 * @param o.credentials - voters per station holding an online credential
 */
export async function setUpBenchElection(
  server: Pick<BenchServer, 'url'>,
  adminToken: string,
  o: { stations: number; checkIns: number; credentials: number },
): Promise<BenchElection> {
  const must = caller(server.url, adminToken);
  const electionId = 'sync-bench';
  // an hour ago, so that the sheets are accepted as soon as they arrive
  const countingStart = new Date(Date.now() - 3_600_000).toISOString().slice(0, 19);
  const created = await must('POST', '/elections', {
    id: electionId,
    profile: 'ristretto255',
    manifest: benchManifest(o.stations),
    timeZone: 'UTC',
    countingStart,
  });
  const manifest = created.manifest as Manifest;
  await must('POST', `/elections/${electionId}/key-ceremony`, localCeremony(manifest));
  const labels = manifest.pollingStations.map((s) => s.label);
  const votersOf = (label: string) =>
    Array.from({ length: o.checkIns }, (_, i) => `${label}-V${String(i).padStart(5, '0')}`);
  const holders = labels.flatMap((l) => votersOf(l).slice(0, o.credentials));
  if (holders.length > 0) await must('POST', `/elections/${electionId}/credentials`, { voters: holders });
  const stations: BenchStation[] = [];
  for (const label of labels) {
    const k = generatePaperKey();
    const publicKey = toHex(k.publicKey);
    await must('PUT', `/elections/${electionId}/stations/${label}/key`, { publicKey });
    const { token } = await must('POST', '/admin/tokens', { role: 'station', label, station: label });
    const voters = votersOf(label);
    await must('POST', `/elections/${electionId}/roll`, {
      voters: voters.map((voterId) => ({ voterId, station: label, name: `Voter ${voterId}` })),
    });
    stations.push({ label, token, publicKey, secretKey: k.secretKey, voters });
  }
  await must('POST', `/elections/${electionId}/open`);
  const setup = (await must('GET', `/elections/${electionId}/board/entries?start=0`)).entries[0];
  const logPublicKey = String(JSON.parse(typeof setup === 'string' ? setup : setup.entry).logPublicKey);
  return { electionId, manifest, logPublicKey, stations, credentialHolders: holders.length };
}

/** The board's entries, parsed. */
export async function boardEntries(
  server: Pick<BenchServer, 'url'>,
  adminToken: string,
  electionId: string,
): Promise<Json[]> {
  const must = caller(server.url, adminToken);
  const out: Json[] = [];
  for (let start: number | undefined = 0; start !== undefined;) {
    const page = await must('GET', `/elections/${electionId}/board/entries?start=${start}`);
    for (const e of page.entries as Json[]) out.push(JSON.parse(typeof e === 'string' ? e : e.entry));
    start = typeof page.next === 'number' && page.entries.length > 0 ? page.next : undefined;
  }
  return out;
}
