/**
 * Reading and writing the ceremony's JSON files, with every failure reported against the file
 * and field (spec/key-ceremony.md §12).
 * @module
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import {
  type Group,
  InvalidDataError,
  fromHex,
  toHex,
  decodeScalar,
  encodeScalar,
  isInvalidData,
} from '@evident/e2e-crypto';
import { EXIT, TrusteeError, refuse } from '../errors.js';
import { schemaNameOf, schemaProblem } from './schema-check.js';

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
    throw refuse(path, `${problem.message} (schema ${schemaNameOf(format)}.schema.json)`, problem.field);
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
      problem.field,
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

/** Field accessors that throw InvalidDataError naming the field. */
export function str(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new InvalidDataError('VALUE', field, 'expected a string');
  return v;
}
export function int(v: unknown, field: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw new InvalidDataError('VALUE', field, `expected an integer ≥ ${min}`);
  }
  return v;
}
export function arr(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw new InvalidDataError('VALUE', field, 'expected an array');
  return v;
}
export function obj(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new InvalidDataError('VALUE', field, 'expected an object');
  return v as Record<string, unknown>;
}
export function bytes(v: unknown, field: string, len?: number): Uint8Array {
  const b = fromHex(str(v, field), field);
  if (len !== undefined && b.length !== len)
    throw new InvalidDataError('ENCODING', field, `expected ${len} bytes`);
  return b;
}
export function element<E>(G: Group<E>, v: unknown, field: string): E {
  return G.decode(fromHex(str(v, field), field), field);
}
export function scalar(G: Group<unknown>, v: unknown, field: string): bigint {
  return decodeScalar(fromHex(str(v, field), field), G.q, field);
}
/** Hex encoders for writing. */
export const hexElement = <E>(G: Group<E>, x: E): string => toHex(G.encode(x));
export const hexScalar = (s: bigint): string => toHex(encodeScalar(s));
