/**
 * A JSON file read a block at a time, never whole: the caller chooses, path by path, which values
 * to receive parsed (`capture`), which containers to walk into (`descend`) and which values to
 * pass over (`skip`). So the mix file of a million ballots is checked ballot by ballot in memory
 * O(one value). Every byte is still checked to be JSON (RFC 8259): structure, strings, and the
 * literals and numbers outside captured values (parsed alone). Node only.
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** A value's place: member names and array indices from the top. */
export type JsonPath = readonly (string | number)[];
/** What to do with the value at a path. */
export type JsonChoice = 'capture' | 'descend' | 'skip';

/** Thrown for a file that is not JSON: `offset` is the character where it stops being JSON. */
export class JsonScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

interface Frame {
  readonly arr: boolean;
  /** how the container itself was chosen: skip walks through without asking */
  readonly skip: boolean;
  index: number;
  key: string;
  expect: 'first' | 'key' | 'colon' | 'value' | 'comma';
}

const BLOCK = 1 << 20;
const WS = new Set([' ', '\t', '\n', '\r']);

/**
 * Scans `path`; `choose` is asked for every value outside captured and skipped ones, `onValue`
 * gets each captured value parsed, and `onOpen` each container walked into (its path, array or not).
 * @throws {JsonScanError} when the file is not JSON
 * @throws {Error} from the callbacks, and when the file cannot be read
 */
export function scanJson(
  path: string,
  choose: (p: JsonPath) => JsonChoice,
  onValue: (p: JsonPath, v: unknown) => void,
  onOpen: (p: JsonPath, arr: boolean) => void = () => {},
): void {
  const fd = openSync(path, 'r');
  try {
    const dec = new TextDecoder('utf-8', { fatal: true });
    const s = new Scanner(choose, onValue, onOpen);
    const buf = Buffer.alloc(BLOCK);
    for (;;) {
      const n = readSync(fd, buf, 0, BLOCK, null);
      if (n === 0) break;
      s.feed(dec.decode(buf.subarray(0, n), { stream: true }));
    }
    s.feed(dec.decode());
    s.end();
  } catch (e) {
    if (e instanceof TypeError && /encoded|decode/i.test(e.message))
      throw new JsonScanError('is not UTF-8', 0);
    throw e;
  } finally {
    closeSync(fd);
  }
}

class Scanner {
  private readonly stack: Frame[] = [];
  private top: 'value' | 'end' = 'value';
  /** inside a string: its start in the chunk; `key` when it is a member name */
  private str?: { key: boolean; esc: boolean; parts: string[]; from: number };
  private scalar?: { parts: string[]; from: number };
  /** a captured value: its path, depth, text so far and start in the chunk */
  private cap?: { path: JsonPath; depth: number; parts: string[]; from: number };
  /** depth of a skipped container (values inside are not offered to `choose`) */
  private skipDepth = -1;
  private base = 0;

  constructor(
    private readonly choose: (p: JsonPath) => JsonChoice,
    private readonly onValue: (p: JsonPath, v: unknown) => void,
    private readonly onOpen: (p: JsonPath, arr: boolean) => void,
  ) {}

  private fail(msg: string, i: number): never {
    throw new JsonScanError(msg, this.base + i);
  }

  private path(): (string | number)[] {
    return this.stack.map((f) => (f.arr ? f.index : f.key));
  }

  feed(chunk: string): void {
    for (let i = 0; i < chunk.length; i++) i = this.step(chunk, i);
    // a member name is kept across blocks; a string value only by a capture around it
    if (this.str?.key) this.str.parts.push(chunk.slice(this.str.from));
    if (this.str) this.str.from = 0;
    if (this.scalar) {
      this.scalar.parts.push(chunk.slice(this.scalar.from));
      this.scalar.from = 0;
    }
    if (this.cap) {
      this.cap.parts.push(chunk.slice(this.cap.from));
      this.cap.from = 0;
    }
    this.base += chunk.length;
  }

  end(): void {
    if (this.scalar) this.endScalar('', 0);
    if (this.str || this.stack.length > 0 || this.top !== 'end') this.fail('ends before its value does', 0);
  }

  /** Handles the character at i; returns the index of the last character consumed. */
  private step(c: string, i: number): number {
    const ch = c[i]!;
    if (this.str) return this.inString(c, i, ch);
    if (this.scalar) {
      if (WS.has(ch) || ch === ',' || ch === ']' || ch === '}') {
        this.endScalar(c, i);
        return i - 1; // the delimiter is handled next
      }
      return i;
    }
    if (WS.has(ch)) return i;
    const f = this.stack.at(-1);
    if (!f) {
      if (this.top !== 'value') this.fail('has data after its value', i);
      this.startValue(i, ch);
      return i;
    }
    switch (f.expect) {
      case 'first':
        if ((f.arr && ch === ']') || (!f.arr && ch === '}')) return this.close(c, i);
        if (f.arr) this.startValue(i, ch);
        else this.startKey(i, ch);
        return i;
      case 'key':
        this.startKey(i, ch);
        return i;
      case 'colon':
        if (ch !== ':') this.fail('expected ":"', i);
        f.expect = 'value';
        return i;
      case 'value':
        this.startValue(i, ch);
        return i;
      case 'comma':
        if ((f.arr && ch === ']') || (!f.arr && ch === '}')) return this.close(c, i);
        if (ch !== ',') this.fail('expected "," or the end of the container', i);
        if (f.arr) {
          f.index++;
          f.expect = 'value';
        } else f.expect = 'key';
        return i;
    }
  }

  private startKey(i: number, ch: string): void {
    if (ch !== '"') this.fail('expected a member name', i);
    this.str = { key: true, esc: false, parts: [], from: i };
  }

  private startValue(i: number, ch: string): void {
    const inside = this.cap !== undefined || this.skipDepth >= 0;
    const choice: JsonChoice = inside ? 'descend' : this.choose(this.path());
    if (choice === 'capture') this.cap = { path: this.path(), depth: this.stack.length, parts: [], from: i };
    if (ch === '{' || ch === '[') {
      const arr = ch === '[';
      const skip = choice === 'skip' && !inside;
      if (skip) this.skipDepth = this.stack.length;
      if (choice === 'descend' && !inside) this.onOpen(this.path(), arr);
      this.stack.push({ arr, skip, index: 0, key: '', expect: 'first' });
    } else if (ch === '"') this.str = { key: false, esc: false, parts: [], from: i };
    else if (/[-0-9tfn]/.test(ch)) this.scalar = { parts: [], from: i };
    else this.fail(`unexpected "${ch}"`, i);
  }

  private inString(c: string, i: number, ch: string): number {
    const s = this.str!;
    if (s.esc) s.esc = false;
    else if (ch === '\\') s.esc = true;
    else if (ch === '"') {
      this.str = undefined;
      if (s.key) {
        const f = this.stack.at(-1)!;
        const text = s.parts.join('') + c.slice(s.from, i + 1);
        try {
          f.key = JSON.parse(text) as string;
        } catch {
          this.fail('a member name is not a JSON string', i);
        }
        f.expect = 'colon';
      } else this.valueDone(c, i + 1);
    } else if (ch < ' ') this.fail('a control character in a string', i);
    return i;
  }

  private endScalar(c: string, i: number): void {
    const sc = this.scalar!;
    this.scalar = undefined;
    const text = sc.parts.join('') + c.slice(sc.from, i);
    try {
      JSON.parse(text);
    } catch {
      this.fail(`"${text.slice(0, 20)}" is not a JSON value`, i);
    }
    this.valueDone(c, i);
  }

  private close(c: string, i: number): number {
    const f = this.stack.pop()!;
    if (f.skip) this.skipDepth = -1;
    this.valueDone(c, i + 1);
    return i;
  }

  /** The value ending before `end` (exclusive) is complete. */
  private valueDone(c: string, end: number): void {
    const cap = this.cap;
    if (cap && cap.depth === this.stack.length) {
      this.cap = undefined;
      this.onValue(cap.path, JSON.parse(cap.parts.join('') + c.slice(cap.from, end)));
    }
    const f = this.stack.at(-1);
    if (f) f.expect = 'comma';
    else this.top = 'end';
  }
}
