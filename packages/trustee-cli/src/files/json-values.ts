/**
 * A JSON file read a value at a time (the one reader, @evident/record `readJsonValues`), its
 * refusals `evident-trustee`'s: INVALID_FILE naming the file.
 * @module
 */
import { type JsonPath, type JsonRole, readJsonValues as readValues } from '@evident/record';
import { refuse } from '../errors.js';

export { JSON_CHUNK as CHUNK, type JsonPath, type JsonRole } from '@evident/record';

/**
 * Reads `file` (named `label` in refusals), calling `onValue` for each value whose role is
 * `capture` or `open`, innermost first (a container after its members).
 * @throws {TrusteeError} INVALID_FILE when the file is not one JSON value or cannot be read;
 * and whatever `onValue` throws
 */
export function readJsonValues(
  file: string,
  label: string,
  role: (p: JsonPath) => JsonRole,
  onValue: (p: JsonPath, v: unknown, r: 'capture' | 'open') => void,
): Promise<void> {
  return readValues(file, role, onValue, (message) => refuse(label, message));
}
