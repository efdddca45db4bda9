/**
 * `ready()` on both paths: where synchronous compilation works (Node) it resolves at once; where
 * it is refused (a browser's main thread, simulated here by a WebAssembly whose `Module`
 * constructor refuses modules over 4 KB as Chromium does) arenas stay on BigInt until `ready()`
 * compiles asynchronously, and the ones created afterwards run in WebAssembly with the same
 * results. Each case loads fresh copies of the modules under the WebAssembly it stubs.
 */
import { ristretto255 } from '@noble/curves/ed25519.js';
import { afterEach, describe, expect, it, vi } from 'vitest';

const Point = ristretto255.Point;
const RealWasm = WebAssembly;

/** A WebAssembly like a browser main thread's: no synchronous compilation over 4 KB; counts instances. */
function mainThreadWasm(): { instances: () => number } {
  let n = 0;
  const Module = function (bytes: BufferSource) {
    if (bytes.byteLength > 4096)
      throw new RangeError(
        'WebAssembly.Module(): Buffer size is over 4KB limit, use WebAssembly.compile instead',
      );
    return new RealWasm.Module(bytes);
  };
  const Instance = function (m: WebAssembly.Module, imports?: WebAssembly.Imports) {
    n++;
    return new RealWasm.Instance(m, imports);
  };
  vi.stubGlobal('WebAssembly', Object.assign(Object.create(RealWasm) as object, { Module, Instance }));
  return { instances: () => n };
}

async function fresh() {
  vi.resetModules();
  const wasm = await import('./field25519-wasm.js');
  const comb = await import('./ristretto-comb.js');
  const { ready } = await import('./wasm-ready.js');
  const { ristretto } = await import('./ristretto255.js');
  return { ...wasm, ...comb, ready, ristretto };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('ready()', () => {
  it('resolves true at once where synchronous compilation works (Node)', async () => {
    const m = await fresh();
    expect(m.hasModule()).toBe(true);
    await expect(m.ready()).resolves.toBe(true);
    expect(m.pointArena()).toBeDefined();
  });

  it('compiles asynchronously where synchronous compilation is refused; later arenas use it', async () => {
    const stub = mainThreadWasm();
    const m = await fresh();
    // at load: no module, BigInt everywhere
    expect(m.hasModule()).toBe(false);
    expect(m.pointArena()).toBeUndefined();
    expect(m.pow22523).toBeUndefined();
    const K = Point.BASE.multiply(987654321n);
    const before = m.combTable(K);
    expect(stub.instances()).toBe(0);

    const p = m.ready();
    expect(m.ready()).toBe(p); // one compilation, one promise
    await expect(p).resolves.toBe(true);
    expect(m.hasModule()).toBe(true);

    // a table built now gets an instance of its own (WebAssembly); the earlier one keeps BigInt
    const after = m.combTable(K);
    expect(stub.instances()).toBe(1);
    for (const e of [1n, 2n, 255n, 2n ** 200n + 12345n, Point.Fn.ORDER - 1n]) {
      expect(after(e).equals(K.multiply(e))).toBe(true);
      expect(before(e).equals(K.multiply(e))).toBe(true);
    }
    // the profile's g table, built on first use after ready(), is in WebAssembly and agrees
    const e = 0x1234567890abcdef1234567890abcdefn;
    expect(m.ristretto.gExp(e).equals(Point.BASE.multiply(e))).toBe(true);
    expect(stub.instances()).toBe(2);
    // variable-base multiplication: its arena too
    expect(m.ristretto.exp(K, e).equals(K.multiply(e))).toBe(true);
    expect(stub.instances()).toBe(3);
  });

  it('resolves false without WebAssembly, and BigInt still gives the right answers', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    const m = await fresh();
    await expect(m.ready()).resolves.toBe(false);
    expect(m.pointArena()).toBeUndefined();
    const e = 424242n;
    expect(m.ristretto.gExp(e).equals(Point.BASE.multiply(e))).toBe(true);
  });

  it('resolves false when asynchronous compilation fails too (e.g. a Content-Security-Policy)', async () => {
    mainThreadWasm();
    const w = globalThis.WebAssembly as unknown as Record<string, unknown>;
    w.compile = () => Promise.reject(new Error('CompileError: refused by CSP'));
    const m = await fresh();
    await expect(m.ready()).resolves.toBe(false);
    expect(m.pointArena()).toBeUndefined();
  });
});
