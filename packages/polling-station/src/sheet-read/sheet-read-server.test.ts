import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Board,
  makeBoard,
  makeSheets,
  partsOf,
  tempDir,
  writePhotos,
} from '../../test/sheet-read-fixture.js';
import { sheetRead } from './read-sheet.js';

const { first, second, stationKeyHex } = makeSheets();
const E = first.sheet.electionId;
const S = first.sheet.station;
const PAGE = 2; // small pages, so that the client must follow them

/** A board server on loopback: `boards` by election id; `served` may differ from what was signed. */
function boardServer(
  boards: Map<string, { board: Board; served: string[] }>,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const m = /^\/elections\/([^/]+)\/board\/(tree-head|entries)$/.exec(u.pathname);
    const b = m ? boards.get(decodeURIComponent(m[1]!)) : undefined;
    res.setHeader('content-type', 'application/json');
    if (!m || !b) {
      res.statusCode = 404;
      return res.end(
        JSON.stringify({
          statusCode: 404,
          code: 'EVD_ERR_NOT_FOUND',
          error: 'Not Found',
          message: 'no such election',
        }),
      );
    }
    if (m[2] === 'tree-head')
      return res.end(JSON.stringify({ treeHead: b.board.head, logPublicKey: b.board.logKeyHex }));
    const start = Number(u.searchParams.get('start') ?? 0);
    const limit = Math.min(PAGE, Number(u.searchParams.get('limit') ?? 100));
    const entries = b.served.slice(start, start + limit).map((entry, i) => ({ index: start + i, entry }));
    const next = start + entries.length < b.served.length ? { next: start + entries.length } : {};
    res.end(JSON.stringify({ treeSize: b.served.length, entries, ...next }));
  });
  // Node's 5 s keep-alive timeout raced fetch's reuse of an idle socket after several seconds of
  // image decoding on a loaded machine ("fetch failed"); a real server keeps sockets longer.
  server.keepAliveTimeout = 120_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

describe('sheet read against a server', () => {
  const honest = makeBoard(E, S, stationKeyHex, [first, second]);
  const lying = makeBoard(E, S, stationKeyHex, [second]);
  // the lying server serves another second sheet entry than the one its head signed
  const altered = [
    ...lying.lines.slice(0, -1),
    lying.lines.at(-1)!.replace('"via":"network"', '"via":"scan"'),
  ];
  const servers: Server[] = [];
  let url = '';
  let lyingUrl = '';
  let emptyUrl = '';
  let dir = '';

  beforeAll(async () => {
    const started = await Promise.all([
      boardServer(new Map([[E, { board: honest, served: honest.lines }]])),
      boardServer(new Map([[E, { board: lying, served: altered }]])),
      boardServer(new Map()),
    ]);
    servers.push(...started.map((s) => s.server));
    [url, lyingUrl, emptyUrl] = started.map((s) => s.url) as [string, string, string];
    dir = tempDir();
  });
  afterAll(() => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))));

  function photos(parts: readonly Uint8Array[], prefix: string): string[] {
    return writePhotos(
      dir,
      [
        { codes: parts.slice(0, 3), degradation: 'clean' },
        { codes: parts.slice(3), degradation: 'noise' },
      ],
      4,
      prefix,
    );
  }

  it('finds the sheet published, following the pages, with the pinned log key: exit 0', async () => {
    const r = await sheetRead({
      images: photos(partsOf(second), 'a'),
      server: url,
      logKey: honest.logKeyHex,
    });
    expect(r.exitCode).toBe(0);
    expect(r.sheets[0]).toMatchObject({
      publication: 'published',
      board: { treeSize: honest.lines.length, logKeyPinned: true },
    });
  });

  it('finds the earlier sheet superseded: exit 1', async () => {
    const r = await sheetRead({ images: photos(partsOf(first), 'b'), server: url });
    expect(r.exitCode).toBe(1);
    expect(r.sheets[0]).toMatchObject({ publication: 'superseded', board: { logKeyPinned: false } });
  });

  it('refuses a server whose entries are not what its head signed: exit 1', async () => {
    await expect(sheetRead({ images: photos(partsOf(second), 'c'), server: lyingUrl })).rejects.toMatchObject(
      {
        exitCode: 1,
        message: expect.stringMatching(/board: the log's first \d+ entries do not hash to the signed root/),
      },
    );
  });

  it('refuses a sheet of another election than --election: exit 1', async () => {
    const r = await sheetRead({ images: photos(partsOf(second), 'e'), server: url, election: 'other' });
    expect(r.exitCode).toBe(1);
    expect(r.sheets[0]!.message).toContain(`is a sheet of election "${E}", not "other"`);
  });

  it('names the election the server does not know, and a server that cannot be reached: exit 2', async () => {
    const images = photos(partsOf(second), 'd');
    await expect(sheetRead({ images, server: emptyUrl })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining(`/elections/${E}/board/tree-head: the server answered 404`),
    });
    await expect(sheetRead({ images, server: 'http://127.0.0.1:1' })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/cannot be reached/),
    });
  });
});
