/**
 * A column of strings that are almost all 64 hex digits of one case (a ranked contest's ballot
 * ids — confirmation codes — and row digests, one per ballot of `inputs.json`): 32 bytes each in
 * one buffer, the others kept as they are. At a million ballots a contest's two columns take
 * 64 MB instead of ~180 MB of strings. `at(i)` gives back the string as it was.
 * @module
 */

/** What L3.G and 15.B read of a column (an array of strings is one too). */
export interface StringColumn {
  readonly length: number;
  at(i: number): string | undefined;
}

const HEX = { upper: /^[0-9A-F]{64}$/, lower: /^[0-9a-f]{64}$/ };

/** A growing column of hex strings of one case. */
export class HexColumn implements StringColumn {
  private bytes = new Uint8Array(32 * 1024);
  private n = 0;
  private readonly other = new Map<number, string>();
  constructor(private readonly upper: boolean) {}

  get length(): number {
    return this.n;
  }

  /** Appends `values` in order. */
  append(values: readonly string[]): void {
    if (32 * (this.n + values.length) > this.bytes.length) {
      const b = new Uint8Array(Math.max(2 * this.bytes.length, 32 * (this.n + values.length)));
      b.set(this.bytes.subarray(0, 32 * this.n));
      this.bytes = b;
    }
    const pattern = this.upper ? HEX.upper : HEX.lower;
    for (const v of values) {
      if (pattern.test(v)) this.bytes.set(Buffer.from(v, 'hex'), 32 * this.n);
      else this.other.set(this.n, v);
      this.n++;
    }
  }

  at(i: number): string | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.n) return undefined;
    const v = this.other.get(i);
    if (v !== undefined) return v;
    const hex = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + 32 * i, 32).toString('hex');
    return this.upper ? hex.toUpperCase() : hex;
  }
}
