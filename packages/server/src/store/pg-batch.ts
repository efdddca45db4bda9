/**
 * The SQL text of a write batch of the PostgreSQL store: the statements of its mutations
 * (pg-queries.ts) with their parameters as literals, the rows of the plain inserts of one table
 * merged into one multi-row INSERT, and the whole sent in as few round trips as it fits
 * (spec/server-api.md §6.7). A batch of a few hundred ballots is a handful of statements.
 * @module
 */
import type { Mutation } from './store.js';
import { statementsOf } from './pg-queries.js';

/** About the most characters sent in one round trip (a batch of ballots is megabytes). */
const TEXT_CHARS = 4_000_000;
/** Rows of one multi-row INSERT. */
const ROWS_PER_INSERT = 1000;

/** A statement's parameter as an SQL literal (`escape` is node-postgres's `escapeLiteral`). */
export function literal(v: unknown, escape: (s: string) => string): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new Error(`not an integer: ${v}`);
    return String(v);
  }
  if (typeof v === 'string') return escape(v);
  if (v instanceof Uint8Array)
    return `E'\\\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}'::bytea`;
  throw new Error(`no SQL literal for a ${typeof v}`);
}

/** An array parameter as a literal: `ARRAY[…]::type[]`. */
export function arrayLiteral(vs: readonly string[], type: string, escape: (s: string) => string): string {
  return `ARRAY[${vs.map((v) => literal(v, escape)).join(',')}]::${type}[]`;
}

/** One statement of the batch, or the rows of a multi-row INSERT (`head VALUES … tail`). */
type Part = string | { readonly head: string; readonly tail: string; readonly rows: string[] };

/** The table a statement writes (`INSERT INTO t`, `UPDATE t`, `DELETE FROM t`). */
const tableOf = (text: string): string =>
  /^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+(\w+)/.exec(text)?.[1] ?? '';

/**
 * The statements of a batch of mutations as SQL texts, each sent in one round trip, to be run in
 * order. The rows of the plain inserts of a table (those that ignore a repeat included) join one
 * multi-row INSERT at the place of the first of them: moving an insert earlier changes nothing
 * as no table has a foreign key or trigger, and a statement of another kind on the same table
 * (the UPDATE of a supersession) ends the merge, so that the statements of one table keep their
 * order. Rows of one INSERT are inserted in their order: the first of two repeats wins, as it
 * did statement by statement. Parameters become literals: integers checked, strings through
 * node-postgres's `escapeLiteral`, bytes as hex.
 */
export function renderBatch(ms: readonly Mutation[], escape: (s: string) => string): string[] {
  const parts: Part[] = [];
  /** the open multi-row INSERT of each head */
  const open = new Map<string, Exclude<Part, string>>();
  for (const m of ms)
    for (const st of statementsOf(m)) {
      const lits = st.values.map((v) => literal(v, escape));
      if (st.rows) {
        let part = open.get(st.rows.head);
        if (!part || part.rows.length === ROWS_PER_INSERT) {
          part = { head: st.rows.head, tail: st.rows.tail, rows: [] };
          open.set(st.rows.head, part);
          parts.push(part);
        }
        part.rows.push(`(${lits.join(', ')})`);
      } else {
        const table = tableOf(st.text);
        for (const head of open.keys()) if (tableOf(head) === table) open.delete(head);
        parts.push(st.text.replace(/\$(\d+)/g, (_, n: string) => lits[Number(n) - 1]!));
      }
    }
  const texts: string[] = [];
  let chunk: string[] = [];
  let chars = 0;
  for (const p of parts) {
    const text = typeof p === 'string' ? p : `${p.head} VALUES ${p.rows.join(',\n')}${p.tail}`;
    if (chars > 0 && chars + text.length > TEXT_CHARS) {
      texts.push(chunk.join(';\n'));
      chunk = [];
      chars = 0;
    }
    chunk.push(text);
    chars += text.length;
  }
  if (chunk.length > 0) texts.push(chunk.join(';\n'));
  return texts;
}
