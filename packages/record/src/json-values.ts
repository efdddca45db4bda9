/**
 * A JSON file read a chunk at a time by `@streamparser/json` (which checks every byte: RFC 8259
 * structure, strings, numbers, literals, UTF-8), its values handed over one by one with their
 * path, so the mix file of a million ballots (`evident-trustee mix`) or a mix stage upload (the
 * server) is read in memory O(one value). The caller gives each path a role; a value is dropped
 * from its parent as soon as its role is done with it. Node only.
 * @module
 */
import { createReadStream } from 'node:fs';
import { JSONParser } from '@streamparser/json';

/** A value's place: member names and array indices from the top. */
export type JsonPath = readonly (string | number)[];
/**
 * What a value is to the caller: `capture` — delivered whole; `open` — a container whose
 * members have roles of their own, delivered empty when it closes; `drop` — neither;
 * `inside` — part of a captured value, left in it.
 */
export type JsonRole = 'capture' | 'open' | 'drop' | 'inside';

/** Bytes read at a time. */
export const JSON_CHUNK = 1 << 20;

/**
 * Reads `file`, calling `onValue` for each value whose role is `capture` or `open`, innermost
 * first (a container after its members).
 * @param refuse - the caller's error for a file that is not JSON (`message` says why)
 * @throws what `refuse` returns when the file is not one JSON value or cannot be read; and
 *   whatever `onValue` throws
 */
export async function readJsonValues(
  file: string,
  role: (p: JsonPath) => JsonRole,
  onValue: (p: JsonPath, v: unknown, r: 'capture' | 'open') => void,
  refuse: (message: string) => Error,
): Promise<void> {
  // No `paths`: a selector cannot say "the members of a stage but not its outputs", so every
  // value is emitted and the parser prunes nothing itself (keepStack applies only to values
  // under no emitted container); pruning is done here, from the live parent.
  const parser = new JSONParser();
  let whole = false;
  let thrown: unknown; // what onValue threw, passed on as it is
  parser.onValue = ({ value, key, parent, stack }) => {
    const p = [...stack.slice(1).map((s) => s.key!), ...(key === undefined ? [] : [key])];
    const r = role(p);
    if (r === 'inside') return;
    try {
      if (r !== 'drop') onValue(p, value, r);
    } catch (e) {
      thrown = e;
      throw e;
    }
    if (Array.isArray(parent)) parent.length -= 1;
    else if (parent) delete parent[key as string];
    else whole = true;
  };
  const refused = new Set<unknown>();
  const feed = (f: () => void, what: string): void => {
    try {
      f();
    } catch (e) {
      if (e === thrown) throw e;
      const r = refuse(`is not valid JSON: ${what} (${(e as Error).message})`);
      refused.add(r);
      throw r;
    }
  };
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: JSON_CHUNK }))
      feed(() => parser.write(chunk as Buffer), 'it stops being JSON');
  } catch (e) {
    if (e === thrown || refused.has(e)) throw e;
    throw refuse('cannot be read');
  }
  if (!parser.isEnded) feed(() => parser.end(), 'it ends inside its value, cut short');
  if (!whole) throw refuse('is not valid JSON: it holds no value');
}
