/**
 * `node:crypto` when running in Node (≥ 20.16), else undefined — detected at run time with
 * `process.getBuiltinModule`, never with an `import`, so that a browser bundle of this package
 * (esbuild, platform 'browser') pulls in no `node:` module and keeps the portable code. The one
 * place that looks for it (hash/hmac.ts, signature/ed25519-verify.ts).
 * @module
 */

/**
 * The crypto module, typed as the caller's view of it, or undefined outside Node.
 * @param has - the functions the caller needs: undefined unless every one is a function
 */
export function nodeCrypto<T>(...has: string[]): T | undefined {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof p?.getBuiltinModule !== 'function') return undefined;
  try {
    // 'crypto', not the prefixed id: the voter page's bundle must hold no `node:` specifier (voter-page.test.ts)
    const c = p.getBuiltinModule('crypto') as Record<string, unknown> | undefined;
    return c && has.every((f) => typeof c[f] === 'function') ? (c as T) : undefined;
  } catch {
    return undefined;
  }
}
