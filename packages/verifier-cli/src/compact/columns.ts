/**
 * Growable typed arrays, one value per ballot or credential ordinal (./byte-keys.ts): 4 bytes
 * (or 1) a value instead of a JavaScript object's fields.
 * @module
 */

type Typed = Int32Array | Uint8Array;

/** A growable column of integers of one typed-array kind. */
export class Column<T extends Typed> {
  private a: T;
  private n = 0;

  /**
   * @param make - makes an array of that kind and length
   * @param fill - the value of a slot never set (for {@link Column.at} beyond what was pushed)
   */
  constructor(
    private readonly make: (length: number) => T,
    private readonly fill = 0,
  ) {
    this.a = make(1024);
    if (fill !== 0) this.a.fill(fill);
  }

  /** Number of values. */
  get length(): number {
    return this.n;
  }

  /** The value at `i` (the fill value beyond the end). */
  at(i: number): number {
    return i < this.n ? this.a[i]! : this.fill;
  }

  /** Sets the value at `i`, growing the column (with the fill value) to cover it. */
  set(i: number, v: number): void {
    if (i >= this.a.length) {
      let len = this.a.length * 2;
      while (len <= i) len *= 2;
      const b = this.make(len);
      if (this.fill !== 0) b.fill(this.fill, this.a.length);
      b.set(this.a);
      this.a = b;
    }
    this.a[i] = v;
    if (i >= this.n) this.n = i + 1;
  }

  /** Appends `v`; returns its index. */
  push(v: number): number {
    const i = this.n;
    this.set(i, v);
    return i;
  }
}

/** A column of 32-bit signed integers (log indices, ordinals; `fill` for unset slots). */
export const int32Column = (fill = 0): Column<Int32Array> => new Column((n) => new Int32Array(n), fill);
/** A column of bytes (flags). */
export const byteColumn = (): Column<Uint8Array> => new Column((n) => new Uint8Array(n));

const PAGE = 1 << 15; // values of 32 bytes per page: 1 MiB

/** A growable list of 32-byte values (digests) in 1 MiB pages: no copy as it grows. */
export class Bytes32Column {
  private readonly pages: Uint8Array[] = [];
  private n = 0;

  /** Number of values. */
  get length(): number {
    return this.n;
  }

  /** Appends a copy of `v` (32 bytes); returns its index. */
  push(v: Uint8Array): number {
    if (v.length !== 32) throw new RangeError('a value is 32 bytes');
    const i = this.n++;
    if ((i & (PAGE - 1)) === 0) this.pages.push(new Uint8Array(PAGE * 32));
    this.pages[i >>> 15]!.set(v, (i & (PAGE - 1)) * 32);
    return i;
  }

  /** The value at `i` (a view: copy it to keep it). */
  at(i: number): Uint8Array {
    const off = (i & (PAGE - 1)) * 32;
    return this.pages[i >>> 15]!.subarray(off, off + 32);
  }

  /** True when the value at `i` is `v`. */
  equals(i: number, v: Uint8Array): boolean {
    const a = this.at(i);
    if (v.length !== 32) return false;
    for (let k = 0; k < 32; k++) if (a[k] !== v[k]) return false;
    return true;
  }
}
