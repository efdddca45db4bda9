/**
 * Reading record files (spec/record.md §1.3): whole JSON files checked against their schema, and
 * JSON Lines files streamed line by line so that a record of any size is read in constant memory.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonLineBytes } from './json-lines.js';
import { type SchemaName, schemaProblem } from './schemas.js';

/** A record file that cannot be used at all: missing, not JSON, or not matching its schema. */
export class RecordReadError extends Error {
  /** @param file - path inside the record @param field - JSON path, or '' for the whole file */
  constructor(
    readonly file: string,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${file}${field ? ` ${field}` : ''}: ${detail}`);
    this.name = 'RecordReadError';
  }
}

/**
 * Parses one JSON text and checks it against a schema.
 * @throws {RecordReadError} naming `file` (and the field for a schema violation)
 */
export function parseChecked<T>(text: string, file: string, schema: SchemaName): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new RecordReadError(file, '', `malformed JSON (${(e as Error).message})`);
  }
  const problem = schemaProblem(schema, value);
  if (problem) throw new RecordReadError(file, problem.where, problem.message);
  return value as T;
}

/**
 * Reads `dir/file` and checks it against `schema`.
 * @throws {RecordReadError} when the file is missing, unreadable, malformed or off-schema
 */
export function readRecordJson<T>(dir: string, file: string, schema: SchemaName): T {
  const path = join(dir, file);
  if (!existsSync(path)) throw new RecordReadError(file, '', 'file is missing');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new RecordReadError(file, '', `cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseChecked<T>(text, file, schema);
}

/** One line of a JSON Lines file, 1-based line number, unparsed. */
export interface RawLine {
  readonly lineNo: number;
  readonly text: string;
}

/**
 * The non-empty lines of a JSON Lines file, streamed (spec/record.md §1.4). A final empty line
 * is allowed; an empty line elsewhere is returned (and fails to parse where it is checked).
 * The lines are those of ./json-lines.ts, which gives their bytes too.
 */
export async function* readJsonLines(path: string): AsyncGenerator<RawLine> {
  for await (const { lineNo, text } of readJsonLineBytes(path)) yield { lineNo, text };
}
