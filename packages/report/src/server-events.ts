/**
 * Reads an election's security events from a server (`GET /admin/security-events`, an observer
 * or administrator token, spec/server-api.md §12.4), every page of them (`next` → `before`).
 * @module
 */
import type { SecurityEvent } from './incidents.js';

/** The server could not give the events: its message names the server and what went wrong (never the token). */
export class ServerEventsError extends Error {
  override readonly name = 'ServerEventsError';
}

const PAGE = 1000;
/** A bound on the pages read, so that a server that always answers `next` cannot hold the command forever. */
const MAX_PAGES = 10_000;

interface Page {
  events: SecurityEvent[];
  next?: number;
}

function isPage(x: unknown): x is Page {
  const p = x as Page;
  return (
    typeof p === 'object' &&
    p !== null &&
    Array.isArray(p.events) &&
    (p.next === undefined || Number.isInteger(p.next))
  );
}

/**
 * Every security event the server holds, newest first.
 * @throws {ServerEventsError} when the server cannot be reached, refuses the token, or answers something else
 */
export async function fetchSecurityEvents(server: string, token: string): Promise<SecurityEvent[]> {
  const out: SecurityEvent[] = [];
  let before: number | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL('/admin/security-events', server);
    url.searchParams.set('limit', String(PAGE));
    if (before !== undefined) url.searchParams.set('before', String(before));
    let res: Response;
    try {
      res = await fetch(url, { headers: { accept: 'application/json', authorization: `Bearer ${token}` } });
    } catch (e) {
      throw new ServerEventsError(`${url.origin}: cannot be reached (${(e as Error).message})`);
    }
    const body: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const code = (body as { code?: string } | undefined)?.code ?? '';
      throw new ServerEventsError(
        `${url.origin}: security events refused (HTTP ${res.status} ${code})`.trim(),
      );
    }
    if (!isPage(body))
      throw new ServerEventsError(`${url.origin}: the security events are not in the expected form`);
    out.push(...body.events);
    if (body.next === undefined) return out;
    if (before !== undefined && body.next >= before)
      throw new ServerEventsError(`${url.origin}: the security events' pages do not go back in time`);
    before = body.next;
  }
  throw new ServerEventsError(`${server}: more than ${MAX_PAGES} pages of security events`);
}
