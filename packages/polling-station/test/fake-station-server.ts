/**
 * A stand-in for the server's station endpoints (spec/server-api.md §11), for the station's
 * tests (compiled only with the tests): `GET /time`, the provisioning bundle, idempotent check-ins,
 * the poll-book close and a sheet intake with receipts from a real Merkle log signed by a real
 * log key. It counts what it commits so that a test can tell lost from duplicated.
 * Not the server: it implements only what the station relies on.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  canonicalJsonString,
  createMerkleLog,
  encodeLogHash,
  generateLogKey,
  leafHash,
  manifestDigest,
  signTreeHead,
  toHex,
  utf8Bytes,
  verifyPaperStatement,
  type Manifest,
} from '@evident/e2e-crypto';

/** One station of the fake election. */
export interface FakeStation {
  readonly label: string;
  readonly token: string;
  /** hex; null when not registered */
  readonly publicKey: string | null;
  readonly voters: readonly { voterId: string; name: string }[];
}

/** Options of {@link startFakeServer}. */
export interface FakeServerOptions {
  readonly electionId?: string;
  readonly stations: readonly FakeStation[];
  /** the server's clock (default Date.now) */
  readonly now?: () => number;
  /** sign receipts with another key than the published one (a lying server) */
  readonly forgeReceipts?: boolean;
}

/** A running fake server. */
export interface FakeServer {
  readonly url: string;
  readonly port: number;
  readonly electionId: string;
  /** the log key, upper-case hex */
  readonly logPublicKey: string;
  /** committed check-ins by id */
  readonly checkIns: Map<string, { voterId: string; station: string }>;
  /** how many times each check-in id was committed (more than 1 would be a duplicate) */
  readonly commits: Map<string, number>;
  /** poll-book closings and sheets committed, by station */
  readonly closings: Map<string, unknown>;
  readonly sheets: Map<string, unknown>;
  /** requests answered, by path kind */
  readonly requests: { count: number };
  /** edit a bundle before it is served (tests of bad bundles) */
  tamperBundle?: (b: Record<string, unknown>) => void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function error(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { statusCode: status, code, error: 'error', message });
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

/** The fake election's manifest: one ballot style, every station in one district. */
function fakeManifest(stations: readonly FakeStation[]): Manifest {
  return {
    electionId: 'fake',
    contests: [{ id: 'c1', options: ['a', 'b'] }],
    ballotStyles: [{ label: 'S1', contests: ['c1'] }],
    districts: [{ label: 'D1', name: 'District 1' }],
    pollingStations: stations.map((s) => ({
      label: s.label,
      name: `Station ${s.label}`,
      district: 'D1',
      ballotStyle: 'S1',
    })),
  } as unknown as Manifest;
}

/** Starts the fake server on 127.0.0.1 at a free port. */
export async function startFakeServer(o: FakeServerOptions): Promise<FakeServer> {
  const electionId = o.electionId ?? 'E1';
  const now = o.now ?? Date.now;
  const key = generateLogKey();
  const signingKey = o.forgeReceipts ? generateLogKey().secretKey : key.secretKey;
  const log = createMerkleLog();
  const entries: string[] = [];
  const manifest = fakeManifest(o.stations);
  const hP = new Uint8Array(32).fill(1);
  const append = (entry: Record<string, unknown>): number => {
    const text = canonicalJsonString(entry);
    entries.push(text);
    return log.append(leafHash(utf8Bytes(text)));
  };
  append({
    type: 'setup',
    electionId,
    parameterHash: toHex(hP),
    manifestHash: toHex(manifestDigest(hP, manifest)),
    manifest,
    logPublicKey: toHex(key.publicKey),
    timeZone: 'Europe/Paris',
    time: now(),
  });
  const receipt = (index: number) => {
    const size = log.size;
    return {
      index,
      leafHash: encodeLogHash(log.leafHash(index)),
      treeHead: signTreeHead(signingKey, electionId, size, log.rootHash(size), now()),
      proof: log.inclusionProof(index, size).map(encodeLogHash),
    };
  };
  const byToken = new Map(o.stations.map((s) => [s.token, s]));
  const checkInsByVoter = new Map<string, string>(); // station/voter → id
  const fake: FakeServer = {
    url: '',
    port: 0,
    electionId,
    logPublicKey: toHex(key.publicKey),
    checkIns: new Map(),
    commits: new Map(),
    closings: new Map(),
    sheets: new Map(),
    requests: { count: 0 },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const closingIndex = new Map<string, { text: string; index: number }>();
  const sheetIndex = new Map<string, number>();

  function bundle(st: FakeStation) {
    const size = log.size;
    const b: Record<string, unknown> = {
      electionId,
      station: st.label,
      manifest,
      logPublicKey: toHex(key.publicKey),
      setup: { index: 0, entry: entries[0] },
      treeHead: signTreeHead(key.secretKey, electionId, size, log.rootHash(size), now()),
      setupProof: log.inclusionProof(0, size).map(encodeLogHash),
      stationKey: st.publicKey,
      printingKey: null,
      ballotStyle: { label: 'S1', contests: ['c1'] },
      roll: st.voters,
      timeZone: 'Europe/Paris',
      countingStart: '2026-06-07T17:00',
      countingStartInstant: Date.UTC(2026, 5, 7, 15),
      serverTime: now(),
    };
    fake.tamperBundle?.(b);
    return b;
  }

  function checkIns(st: FakeStation, body: { checkIns?: unknown }, res: ServerResponse) {
    if (!Array.isArray(body.checkIns))
      return error(res, 400, 'EVD_ERR_INVALID_BODY', 'checkIns: an array expected');
    const roll = new Set(st.voters.map((v) => v.voterId));
    const results = (body.checkIns as { id: string; voterId: string }[]).map((c) => {
      if (fake.checkIns.has(c.id)) return { id: c.id, status: 'known' };
      if (!roll.has(c.voterId)) return { id: c.id, status: 'refused', reason: 'not on this station’s roll' };
      const k = `${st.label}/${c.voterId}`;
      if (checkInsByVoter.has(k))
        return { id: c.id, status: 'refused', reason: 'already checked in at this station' };
      checkInsByVoter.set(k, c.id);
      fake.checkIns.set(c.id, { voterId: c.voterId, station: st.label });
      fake.commits.set(c.id, (fake.commits.get(c.id) ?? 0) + 1);
      return { id: c.id, status: 'accepted' };
    });
    send(res, 200, { results, cancellations: 0 });
  }

  function close(st: FakeStation, body: { closing?: unknown; signature?: unknown }, res: ServerResponse) {
    if (
      !st.publicKey ||
      !verifyPaperStatement(st.publicKey, 'poll-book-close', electionId, body.closing, String(body.signature))
    )
      return error(res, 400, 'EVD_ERR_BAD_SIGNATURE', 'closing: the signature does not verify');
    const text = canonicalJsonString(body.closing ?? null);
    const before = closingIndex.get(st.label);
    if (before && before.text !== text)
      return error(res, 409, 'EVD_ERR_CONFLICT', 'the poll book is already closed');
    if (!before) {
      closingIndex.set(st.label, {
        text,
        index: append({
          type: 'poll-book-close',
          closing: body.closing,
          signature: body.signature,
          duplicateCheckIns: 0,
          time: now(),
        }),
      });
      fake.closings.set(st.label, body.closing);
    }
    send(res, 200, { receipt: receipt(closingIndex.get(st.label)!.index) });
  }

  function sheet(st: FakeStation, body: { signed?: unknown }, res: ServerResponse) {
    const h = toHex(leafHash(utf8Bytes(canonicalJsonString(body.signed ?? null))));
    let index = sheetIndex.get(h);
    const fresh = index === undefined;
    if (index === undefined) {
      index = append({ type: 'station-sheet', station: st.label, signed: body.signed, time: now() });
      sheetIndex.set(h, index);
      fake.sheets.set(h, body.signed);
    }
    send(res, fresh ? 201 : 200, { sheetHash: h, receipt: receipt(index) });
  }

  const server: Server = createServer((req, res) => {
    fake.requests.count++;
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && url.pathname === '/time') return send(res, 200, { now: now() });
    const m = /^\/elections\/([^/]+)\/stations\/([^/]+)\/(bundle|check-ins|poll-book\/close|sheets)$/.exec(
      url.pathname,
    );
    if (!m) return error(res, 404, 'EVD_ERR_NOT_FOUND', 'no such route');
    const st = byToken.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    if (!st) return error(res, 401, 'EVD_ERR_UNAUTHORIZED', 'a station token is needed');
    if (decodeURIComponent(m[1]!) !== electionId)
      return error(res, 404, 'EVD_ERR_NOT_FOUND', 'unknown election');
    if (decodeURIComponent(m[2]!) !== st.label)
      return error(res, 403, 'EVD_ERR_FORBIDDEN', 'the token is another station’s');
    if (m[3] === 'bundle' && req.method === 'GET') return send(res, 200, bundle(st));
    readBody(req).then(
      (body) => {
        const b = (body ?? {}) as Record<string, unknown>;
        if (m[3] === 'check-ins') return checkIns(st, b, res);
        if (m[3] === 'poll-book/close') return close(st, b, res);
        return sheet(st, b, res);
      },
      () => error(res, 400, 'EVD_ERR_INVALID_BODY', 'not JSON'),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(fake, { port, url: `http://127.0.0.1:${port}` });
}
