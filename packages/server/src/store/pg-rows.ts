/**
 * Rows of the PostgreSQL store as the {@link Store} interface gives them: snake_case columns to
 * the camelCase rows of store.ts. BIGINT columns arrive as numbers (the pool's type parser, see
 * {@link pgTypes}) and BYTEA columns as Buffers, handed out as plain Uint8Arrays.
 * @module
 */
import pg from 'pg';
export * from './row-mappers.js';

const INT8_OID = 20;

/**
 * The pool's type parsers: BIGINT (times in ms, log indices, counts) as a JavaScript number;
 * every value the server stores is below 2^53.
 */
export const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** A BYTEA parameter: a Buffer over the same memory. */
export const toParam = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
