/**
 * Canonical bytes of the manifest and the manifest hash H_M (EG 2.0 §3.1.4 eq 6;
 * spec/record.md §3.2).
 *
 * ElectionGuard leaves the canonical representation to the implementation. Evident's is the JSON
 * Canonicalization Scheme (RFC 8785) restricted to what a manifest holds — objects, arrays,
 * strings, integers and booleans: object members sorted by their names' UTF-16 code units, no
 * white space, strings escaped as ECMAScript's JSON.stringify does, UTF-8 bytes.
 * @module
 */
import { utf8Bytes } from '../bytes.js';
import { manifestHash } from '../election/base-hashes.js';
import type { Manifest } from './manifest.js';

/**
 * The RFC 8785 serialization of a JSON value made of objects, arrays, strings, safe integers,
 * booleans and null.
 * @throws {TypeError} for a non-integer number, undefined, a function or another non-JSON value
 */
export function canonicalJsonString(value: unknown): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new TypeError('canonicalJsonString: only safe integers are allowed');
    return String(value);
  }
  if (Array.isArray(value)) return '[' + value.map(canonicalJsonString).join(',') + ']';
  if (typeof value === 'object') {
    const keys = Object.keys(value as object)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort(); // default sort compares UTF-16 code units, as RFC 8785 §3.2.3 asks
    return (
      '{' +
      keys
        .map((k) => JSON.stringify(k) + ':' + canonicalJsonString((value as Record<string, unknown>)[k]))
        .join(',') +
      '}'
    );
  }
  throw new TypeError(`canonicalJsonString: ${typeof value} is not a JSON value`);
}

/** The manifest file as hashed: UTF-8 of its canonical JSON. */
export function manifestBytes(manifest: Manifest): Uint8Array {
  return utf8Bytes(canonicalJsonString(manifest));
}

/** H_M = H(H_P; 0x01, manifest) over the canonical bytes — EG 2.0 eq 6. */
export function manifestDigest(hP: Uint8Array, manifest: Manifest): Uint8Array {
  return manifestHash(hP, manifestBytes(manifest));
}
