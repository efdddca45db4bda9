/**
 * Typed, located access to the JSON of an ElectionGuard record file (spec/verification-eg2.md §2).
 *
 * Every value read carries its file and JSON path, so that a missing field, a wrong type or a
 * malformed hex string becomes an {@link UnreadableRecordError} naming both — never a stack
 * trace. Group membership and scalar ranges are *not* checked here: they are numbered checks of
 * the verification steps (2.A, 5.A, 5.C…), reported as failures, not as unreadable input.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidDataError } from '@evident/e2e-crypto';

/** Input that cannot be read: missing file, malformed JSON, missing field or wrong type. */
export class UnreadableRecordError extends InvalidDataError {
  /**
   * @param file - path of the file relative to the record folder
   * @param path - JSON path of the field ('' for the whole file)
   * @param detail - what is wrong
   */
  constructor(
    readonly file: string,
    readonly path: string,
    readonly detail: string,
  ) {
    super('ENCODING', path ? `${file}: ${path}` : file, detail);
    this.name = 'UnreadableRecordError';
  }
}

const HEX = /^[0-9A-Fa-f]*$/;

/** A JSON value with its location. Immutable. */
export class JsonNode {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly value: unknown,
  ) {}

  /** Throws an {@link UnreadableRecordError} at this node. */
  fail(detail: string): never {
    throw new UnreadableRecordError(this.file, this.path, detail);
  }

  private child(key: string | number, value: unknown): JsonNode {
    const p = typeof key === 'number' ? `${this.path}[${key}]` : this.path ? `${this.path}.${key}` : key;
    return new JsonNode(this.file, p, value);
  }

  private object(): Record<string, unknown> {
    const v = this.value;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail('expected an object');
    return v as Record<string, unknown>;
  }

  /** The field `key`; fails if absent or null. */
  get(key: string): JsonNode {
    const o = this.object();
    const v = o[key];
    if (v === undefined || v === null) this.child(key, v).fail('missing field');
    return this.child(key, v);
  }

  /** The field `key`, or undefined when absent or null. */
  opt(key: string): JsonNode | undefined {
    const v = this.object()[key];
    return v === undefined || v === null ? undefined : this.child(key, v);
  }

  /** The elements of an array. */
  items(): JsonNode[] {
    if (!Array.isArray(this.value)) this.fail('expected an array');
    return (this.value as unknown[]).map((v, i) => this.child(i, v));
  }

  str(): string {
    if (typeof this.value !== 'string') this.fail('expected a string');
    return this.value as string;
  }

  bool(): boolean {
    if (typeof this.value !== 'boolean') this.fail('expected true or false');
    return this.value as boolean;
  }

  /** A non-negative safe integer. */
  int(): number {
    const v = this.value;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
      this.fail('expected a non-negative integer');
    return v as number;
  }

  /** Hex bytes; exactly `length` bytes when given. */
  bytes(length?: number): Uint8Array {
    const s = this.str();
    if (s.length % 2 !== 0 || !HEX.test(s)) this.fail('expected an even-length hexadecimal string');
    if (length !== undefined && s.length !== 2 * length)
      this.fail(`expected ${length} bytes of hex, found ${s.length / 2}`);
    return new Uint8Array(Buffer.from(s, 'hex'));
  }

  /** A big-endian hex integer of at most `maxBytes` bytes (elements: 512, scalars: 32). */
  bigint(maxBytes: number): bigint {
    const s = this.str();
    if (s.length === 0 || !HEX.test(s)) this.fail('expected a hexadecimal integer');
    if (s.length > 2 * maxBytes) this.fail(`hexadecimal integer longer than ${maxBytes} bytes`);
    return BigInt('0x' + s);
  }

  /** An array of small integers given as JSON numbers (e.g. baux0 in election_config.json). */
  byteArray(): Uint8Array {
    const items = this.items();
    return new Uint8Array(
      items.map((n) => {
        const b = n.int();
        if (b > 255) n.fail('expected a byte (0..255)');
        return b;
      }),
    );
  }
}

/**
 * Reads and parses one JSON file of the record.
 * @param dir - the record folder
 * @param file - path relative to `dir` (named in errors)
 * @throws {UnreadableRecordError} missing file or malformed JSON
 */
export function readJson(dir: string, file: string): JsonNode {
  const full = join(dir, file);
  if (!existsSync(full)) throw new UnreadableRecordError(file, '', 'file is missing');
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (e) {
    throw new UnreadableRecordError(file, '', `cannot read: ${(e as Error).message}`);
  }
  try {
    return new JsonNode(file, '', JSON.parse(text) as unknown);
  } catch (e) {
    throw new UnreadableRecordError(file, '', `malformed JSON: ${(e as Error).message}`);
  }
}

/** The raw bytes of a record file (the manifest is hashed as a file, EG 2.0 eq 6). */
export function readBytes(dir: string, file: string): Uint8Array {
  const full = join(dir, file);
  if (!existsSync(full)) throw new UnreadableRecordError(file, '', 'file is missing');
  return new Uint8Array(readFileSync(full));
}
