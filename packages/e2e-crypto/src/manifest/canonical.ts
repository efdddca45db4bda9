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
  // one string built by concatenation (V8 ropes), no intermediate arrays: the verifier
  // canonicalizes every board entry and ballot, so this is on its hot path
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
