/**
 * The proofs the tracker asks of the server besides the board itself (spec/bulletin-board.md §5):
 * an entry's text, its inclusion proof at a tree size, a consistency proof between two sizes.
 * Only fetched and shaped here; every answer is checked by the caller against signed heads.
 * @module
 */
import { TrackError } from './track-error.js';

/** A GET's status and parsed body (undefined when not JSON). */
export async function fetchJson(url: string): Promise<{ status: number; json: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (e) {
    throw new TrackError('unreachable', `${url}: the server cannot be reached (${(e as Error).message})`);
  }
  const text = await res.text().catch(() => '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}

async function getJson(url: string): Promise<Record<string, unknown>> {
  const { status, json } = await fetchJson(url);
  if (status < 200 || status > 299) {
    const e = (json ?? {}) as { code?: unknown; message?: unknown };
    const why = typeof e.code === 'string' ? ` ${e.code}: ${String(e.message ?? '')}` : '';
    throw new TrackError('unreachable', `${url}: the server answered ${status}${why}`);
  }
  if (typeof json !== 'object' || json === null)
    throw new TrackError('inconsistent', `${url}: the server's answer is not a JSON object`);
  return json as Record<string, unknown>;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : '')) : [];

/** The board of one election on one server. */
export function serverBoardApi(server: string, electionId: string) {
  const root = `${server.replace(/\/+$/, '')}/elections/${encodeURIComponent(electionId)}/board`;
  return {
    root,
    /** the exact text of entry `index` ('' when the server leaves it out) */
    async entryText(index: number): Promise<string> {
      const page = await getJson(`${root}/entries?start=${index}&limit=1`);
      const first = (page.entries as { index?: unknown; entry?: unknown }[] | undefined)?.[0];
      return first?.index === index && typeof first.entry === 'string' ? first.entry : '';
    },
    /** `{leafHash, proof}` of entry `index` in the tree of `treeSize` entries */
    async inclusion(index: number, treeSize: number): Promise<{ leafHash: string; proof: string[] }> {
      const a = await getJson(`${root}/inclusion?index=${index}&treeSize=${treeSize}`);
      return { leafHash: String(a.leafHash), proof: strings(a.proof) };
    },
    /** the consistency proof from the tree of `first` entries to that of `second` */
    async consistency(first: number, second: number): Promise<string[]> {
      return strings((await getJson(`${root}/consistency?first=${first}&second=${second}`)).proof);
    },
  };
}
