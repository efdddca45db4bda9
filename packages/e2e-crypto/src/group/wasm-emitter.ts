/**
 * A minimal WebAssembly binary emitter: LEB128 numbers, sections, vectors and the opcodes that
 * field25519-wasm-code.ts uses (WebAssembly Core Specification 2.0, §5 "Binary Format").
 * Modules are assembled at load time: no build step and no binary in the repository.
 * @module
 */

/** Unsigned LEB128 (§5.2.2). */
export const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
/** Signed LEB128 (§5.2.2). */
export const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};
/** A section: id, byte length, body (§5.5.2). */
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length)].concat(body);
/** A vector: element count, then the elements (§5.1.3). */
export const vec = (items: number[][]): number[] => uleb(items.length).concat(...items);
/** Value types (§5.3.1). */
export const I32 = 0x7f;
export const I64 = 0x7e;
/** Instructions (§5.4), by name. */
export const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i64Load: (offset: number) => [0x29, 3, ...uleb(offset)],
  /** i64.load with alignment hint 1 byte (unaligned reads of byte strings) */
  i64LoadU: (offset: number) => [0x29, 0, ...uleb(offset)],
  i32Load: (offset: number) => [0x28, 2, ...uleb(offset)],
  /** i32.load with alignment hint 1 byte */
  i32LoadU: (offset: number) => [0x28, 0, ...uleb(offset)],
  i32Load8U: (offset: number) => [0x2d, 0, ...uleb(offset)],
  i32Store: (offset: number) => [0x36, 2, ...uleb(offset)],
  i32Store8: (offset: number) => [0x3a, 0, ...uleb(offset)],
  /** memory.copy (dst, src, n) and memory.fill (dst, byte, n) of the bulk-memory operations */
  memoryCopy: [0xfc, 10, 0, 0],
  memoryFill: [0xfc, 11, 0],
  i64StoreU: (offset: number) => [0x37, 0, ...uleb(offset)],
  i64Store: (offset: number) => [0x37, 3, ...uleb(offset)],
  i64Const: (n: number) => [0x42, ...sleb(n)],
  i32Const: (n: number) => [0x41, ...sleb(n)],
  call: (f: number) => [0x10, ...uleb(f)],
  i64Add: [0x7c],
  i64Sub: [0x7d],
  i64Mul: [0x7e],
  i64And: [0x83],
  i64Or: [0x84],
  i64Xor: [0x85],
  i64Shl: [0x86],
  i64ShrS: [0x87],
  i64ShrU: [0x88],
  i64Eqz: [0x50],
  i64ExtendI32U: [0xad],
  i32WrapI64: [0xa7],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32Or: [0x72],
  i32Eqz: [0x45],
  i32GeU: [0x4f],
  i32GeS: [0x4e],
  i32LtS: [0x48],
  i32GtS: [0x4a],
  i32LtU: [0x49],
  i32Ne: [0x47],
  i32Shl: [0x74],
  i32ShrU: [0x76],
  drop: [0x1a],
  select: [0x1b],
  return: [0x0f],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  block: [0x02, 0x40],
  br: (d: number) => [0x0c, ...uleb(d)],
  brIf: (d: number) => [0x0d, ...uleb(d)],
  end: [0x0b],
};
