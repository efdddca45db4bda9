/**
 * What L3.G (./ranked-log-check.ts) compares of a ranked contest's `inputs.json`: each ballot's
 * confirmation code and the digest of its row. The ranked task, which parses the file for steps
 * B–K, makes them ({@link inputsRowsOf}) and hands them back with its steps, so that the main
 * thread does not parse the file a second time; without a ranked task L3.G reads the file here.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INPUTS_FILE, RANKED_DIR } from '@evident/record';
import { hexDigestOf } from '../log/log-summary.js';
import type { StringColumn } from './hex-column.js';

/** The ballots of an `inputs.json`, or `not-array` when its `ballots` is not an array. */
export type InputsRows =
  | {
      readonly kind: 'rows';
      /** each ballot's `id`, upper case (String() of whatever it is) */
      readonly ids: StringColumn;
      /** `hexDigestOf` of each ballot without its `id`, as the board's rows are digested */
      readonly digests: StringColumn;
    }
  | { readonly kind: 'not-array' };

/** A digest no row has: the row is not canonical JSON. */
const NOT_CANONICAL = 'not canonical JSON';

/**
 * The rows of the parsed `inputs.json` `value`.
 * @returns undefined when the value has no members (null: B1 reports the file)
 */
export function inputsRowsOf(value: unknown): InputsRows | undefined {
  if (value === null || value === undefined) return undefined;
  const ballots = (value as { ballots?: unknown }).ballots;
  if (!Array.isArray(ballots)) return { kind: 'not-array' };
  const ids: string[] = [];
  const digests: string[] = [];
  for (const b of ballots as ({ id?: unknown } | null)[]) {
    const { id, ...row } = b ?? {};
    ids.push(String(id).toUpperCase());
    let d: string;
    try {
      d = hexDigestOf(row);
    } catch {
      d = NOT_CANONICAL;
    }
    digests.push(d);
  }
  return { kind: 'rows', ids, digests };
}

/** {@link inputsRowsOf} of the contest's file in the record; undefined when it is not JSON. */
export function readInputsRows(dir: string, id: string): InputsRows | undefined {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(join(dir, RANKED_DIR, id, INPUTS_FILE), 'utf8'));
  } catch {
    return undefined; // B1 reports it
  }
  return inputsRowsOf(v);
}
