/**
 * Reading and writing the ceremony's JSON files, with every failure reported against the file
 * and field (spec/key-ceremony.md §12).
 * @module
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { isInvalidData } from '@evident/e2e-crypto';
import { EXIT, TrusteeError, refuse } from '../errors.js';
import { schemaNameOf, schemaProblem } from '@evident/record';

/** Schema version written in every file. */
export const FILE_VERSION = 1;

/** A parsed JSON file with helpers that name the file in every error. */
export interface JsonFile {
  readonly path: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly data: any;
}

/**
 * Reads and parses `path`, checking its `format` tag, its version and then the whole file against
 * the format's JSON Schema (spec/key-ceremony.md §12.1) before any field is used.
 * @throws {TrusteeError} INVALID_FILE naming the file (and the failing field)
 */
export function readJsonFile(path: string, format: string): JsonFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw refuse(path, 'cannot be read');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw refuse(path, 'is not valid JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw refuse(path, 'is not a JSON object');
  const d = data as Record<string, unknown>;
  if (d.format !== format) {
    throw refuse(path, `is a "${String(d.format)}" file, expected "${format}"`, 'format');
  }
  if (d.version !== FILE_VERSION)
    throw refuse(path, `has unsupported version ${String(d.version)}`, 'version');
  const problem = schemaProblem(schemaNameOf(format)!, d);
  if (problem)
    throw refuse(path, `${problem.message} (schema ${schemaNameOf(format)}.schema.json)`, problem.where);
  return { path, data: d };
}

/**
 * Writes JSON atomically (temp file + rename) so that a crash never leaves half a file. The
 * content is first checked against the schema of its `format`: a file that would not validate
 * is never written (an internal error, exit 1).
 * @throws {TrusteeError} INTERNAL naming the file and field
 */
export function writeJsonFile(path: string, data: Record<string, unknown>, mode?: number): void {
  const name = typeof data.format === 'string' ? schemaNameOf(data.format) : undefined;
  if (!name)
    throw new TrusteeError(EXIT.INTERNAL, path, `no schema for format "${String(data.format)}"`, 'format');
  const problem = schemaProblem(name, data);
  if (problem)
    throw new TrusteeError(
      EXIT.INTERNAL,
      path,
      `would not match ${name}.schema.json: ${problem.message}`,
      problem.where,
    );
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n', mode === undefined ? undefined : { mode });
  renameSync(tmp, path);
}

/** Runs `fn`, turning an InvalidDataError into a refusal of `file`. */
export function inFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isInvalidData(e)) throw refuse(file, e.message, e.field);
    throw e;
  }
}

/** Field decoders that throw InvalidDataError naming the field (@evident/record's, shared with the server). */
export {
  fieldString as str,
  fieldInt as int,
  fieldArray as arr,
  fieldObject as obj,
  fieldBytes as bytes,
  fieldElement as element,
  fieldScalar as scalar,
  fieldChallenge as challenge,
  hexElement,
  hexScalar,
} from '@evident/record';
