/**
 * `ready()`: asynchronous initialisation of the WebAssembly field arithmetic
 * (field25519-wasm.ts) for the places that refuse to compile it synchronously.
 *
 * field25519-wasm.ts compiles its module with `new WebAssembly.Module(bytes)` when it loads. A
 * browser's main thread refuses that for modules over 4 KB (Chromium: "RangeError: …
 * WebAssembly.compile"), and ristretto255 then silently runs on BigInt, 5–10× slower. Awaiting
 * `ready()` before the first group operation compiles the module with `WebAssembly.compile` and
 * installs it, so that every point arena created afterwards — the comb tables of `gExp` and
 * `fixedBase` (encryption, proofs, signatures: what a voter's browser does) and the
 * variable-base multiplication — runs in WebAssembly. Tables and arenas created before keep
 * BigInt. What stays on BigInt in that case: the decoding and encoding square roots and the
 * multi-scalar multiplication, which use the instance made when the module loaded (verifiers,
 * which need them, run in Node or in a worker, where the synchronous path works).
 * In Node, or wherever synchronous compilation worked, `ready()` resolves at once.
 * @module
 */
import { moduleBytes } from './field25519-wasm-code.js';
import { hasModule, installModule } from './field25519-wasm.js';

let pending: Promise<boolean> | undefined;

/**
 * Makes WebAssembly available to the ristretto255 arenas created from now on, compiling the
 * module asynchronously if the synchronous compilation at load time failed. Idempotent: every
 * call returns the same promise.
 * @returns true when new arenas use WebAssembly; false when WebAssembly is unavailable or
 *   refuses the module (then everything keeps working on BigInt)
 */
export function ready(): Promise<boolean> {
  pending ??= (async () => {
    if (hasModule()) return true;
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.compile !== 'function') return false;
    try {
      installModule(await WebAssembly.compile(moduleBytes()));
      return true;
    } catch {
      return false; // e.g. a Content-Security-Policy without 'wasm-unsafe-eval'
    }
  })();
  return pending;
}
