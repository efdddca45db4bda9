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
  // a value whose objects already list their members in order (as the records' files and the
  // board's entries mostly do) is what JSON.stringify makes of it: one flat string, made by the
  // engine, instead of a rope of pieces and a sorted copy of every object's keys
  return stringifiesCanonically(value) ? JSON.stringify(value) : sortedJson(value);
}

/**
 * True when `JSON.stringify(v)` is the canonical serialization of `v`: every number a safe
 * integer, every object a plain one whose members the engine lists (which JSON.stringify follows:
 * array-index names first) in strictly increasing UTF-16 order, no undefined, function or other
 * non-JSON value anywhere (JSON.stringify would drop or replace it where canonicalJsonString
 * throws). Reads without allocating.
 */
function stringifiesCanonically(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isSafeInteger(v);
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!stringifiesCanonically(v[i])) return false;
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return false;
      const o = v as Record<string, unknown>;
      let prev: string | undefined;
      for (const k in o) {
        if ((prev !== undefined && !(prev < k)) || !stringifiesCanonically(o[k])) return false;
        prev = k;
      }
      return true;
    }
  }
  return false;
}

/** {@link canonicalJsonString} by sorting each object's member names. */
function sortedJson(value: unknown): string {
  // one string built by concatenation (V8 ropes), no intermediate arrays
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value))
        throw new TypeError('canonicalJsonString: only safe integers are allowed');
      return String(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let s = '[';
        for (let i = 0; i < value.length; i++) s += (i > 0 ? ',' : '') + canonicalJsonString(value[i]);
        return s + ']';
      }
      const o = value as Record<string, unknown>;
      const keys = Object.keys(o).sort(); // default sort compares UTF-16 code units, as RFC 8785 §3.2.3 asks
      let s = '{';
      for (const k of keys) {
        const v = o[k];
        if (v === undefined) continue;
        s += (s.length > 1 ? ',' : '') + JSON.stringify(k) + ':' + canonicalJsonString(v);
      }
      return s + '}';
    }
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
