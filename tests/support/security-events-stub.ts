/**
 * A stub of `GET /admin/security-events` (spec/server-api.md §12.4) for the report's tests:
 * three events of the election (two refused sheets of station p1, one monitoring alert) and one of
 * another election, newest first, two a page, for one observer token only.
 * @module
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SecurityEvent } from '../../packages/report/src/index.js';

/** The token the stub admits. */
export const STUB_TOKEN = 'observer-token-for-the-stub';

/** The server's events: three of this election (two refused sheets of p1, one alert), one of another; newest first. */
export const events = (electionId: string): SecurityEvent[] => {
  const ev = (id: number, kind: string, election: string, code: string, reason: string): SecurityEvent => ({
    id,
    time: Date.UTC(2026, 4, 10, 17, id),
    kind,
    electionId: election,
    station: kind === 'sheet-refused' ? 'p1' : null,
    code,
    reason,
    field: null,
    address: `192.0.2.${id}`,
    role: kind === 'sheet-refused' ? 'station' : null,
  });
  return [
    ev(4, 'sheet-refused', electionId, 'EVD_ERR_SIGNATURE', 'the sheet signature does not verify'),
    ev(3, 'sheet-refused', 'another-election', 'EVD_ERR_SIGNATURE', 'not ours'),
    ev(2, 'anomaly-refusal-burst', electionId, 'EVD_ERR_CREDENTIAL', '20 refused ballots in 60 s'),
    ev(1, 'sheet-refused', electionId, 'EVD_ERR_SIGNATURE', 'an older message'),
  ];
};

/** A stub of GET /admin/security-events: two events a page, the observer token only. */
export async function startStub(electionId: string): Promise<{ url: string; server: Server }> {
  const all = events(electionId);
  const stub = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname !== '/admin/security-events' || req.headers.authorization !== `Bearer ${STUB_TOKEN}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"code":"EVD_ERR_UNAUTHORIZED"}');
      return;
    }
    const before = Number(url.searchParams.get('before') ?? Infinity);
    const page = all.filter((e) => e.id < before).slice(0, 2);
    const next = page.length === 2 && all.some((e) => e.id < page[1]!.id) ? { next: page[1]!.id } : {};
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ events: page, ...next }));
  });
  await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(stub.address() as AddressInfo).port}`, server: stub };
}
