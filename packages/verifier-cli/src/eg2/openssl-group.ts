/**
 * The eg-4096 group with OpenSSL's modular exponentiation (spec/verification-eg2.md §4).
 *
 * ElectionGuard proofs are published in challenge form (c, v): a verifier must recompute every
 * commitment with one exponentiation of a 4096-bit base before it can hash it, and no batching is
 * possible. V8's BigInt has no modular exponentiation; OpenSSL's (reached through `node:crypto`'s
 * Diffie–Hellman: with private value e, `computeSecret(x)` is x^e mod p) is about five times
 * faster. This file wraps `eg4096` so that `exp`, `multiExp`, `decode` (membership x^q = 1) and
 * `encode` take the fast paths; fixed-base powers of g and K keep the core's comb tables.
 *
 * Node only (verifier-cli). Verification handles public values only, so the lack of constant
 * time does not matter here. Falls back to the BigInt code for any value OpenSSL refuses
 * (exponent 0, base 1 or p − 1, result 1) and when Diffie–Hellman is unavailable.
 * @module
 */
import { createDiffieHellman, type DiffieHellman } from 'node:crypto';
import { EG_P, eg4096, InvalidDataError, type FixedBase, type Group } from '@evident/e2e-crypto';

const P = EG_P;
const LP = 512;

/** Exponents below this are cheaper with BigInt (few squarings). */
const SMALL_EXPONENT = 1n << 24n;

let dh: DiffieHellman | null | undefined;

/** The Diffie–Hellman context over p, built once per thread (OpenSSL checks p: ~2 s). */
function context(): DiffieHellman | null {
  if (dh !== undefined) return dh;
  try {
    dh = createDiffieHellman(toBuffer(P, LP), Buffer.from([2]));
  } catch {
    dh = null;
  }
  return dh;
}

/**
 * Builds this thread's OpenSSL context now rather than at the first exponentiation, so that
 * start-up cost is paid (and measured) before the work starts.
 * @returns false when OpenSSL Diffie–Hellman is unavailable (BigInt fallback)
 */
export function prepareOpenSsl(): boolean {
  return context() !== null;
}

function toBuffer(x: bigint, bytes: number): Buffer {
  return Buffer.from(x.toString(16).padStart(2 * bytes, '0'), 'hex');
}

function fromBuffer(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt('0x' + Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex'));
}

/** Groups whose exponentiations go to OpenSSL. */
const openSslGroups = new WeakSet<Group<bigint>>();

/** x^e mod p for 0 ≤ e < q, by OpenSSL when it accepts the values. */
function fastExp(base: Group<bigint>, x: bigint, e: bigint): bigint {
  if (e === 0n || x === 1n) return 1n;
  if (e < SMALL_EXPONENT) return base.exp(x, e);
  const ctx = context();
  if (ctx === null || x <= 1n || x >= P - 1n) return base.exp(x, e);
  try {
    ctx.setPrivateKey(toBuffer(e, 32));
    return fromBuffer(ctx.computeSecret(toBuffer(x, LP)));
  } catch {
    return base.exp(x, e); // e.g. OpenSSL refuses a shared secret equal to 1
  }
}

/**
 * Builds the accelerated group. Identical to `eg4096` (name, version, encodings, hashing)
 * except for speed; `fixedBase` tables are cached so that `multiExp` reuses them for K.
 * @param base - the group to accelerate (its version string is kept; default `eg4096`)
 * @param useOpenSsl - false keeps the BigInt exponentiation (worth it for a few dozen
 *   exponentiations, which cost less than building the OpenSSL context)
 */
export function acceleratedEg4096(base: Group<bigint> = eg4096, useOpenSsl = true): Group<bigint> {
  const q = base.q;
  const red = (e: bigint): bigint => {
    const r = e % q;
    return r < 0n ? r + q : r;
  };
  const tables = new Map<bigint, FixedBase<bigint>>();
  const tableFor = (b: bigint): FixedBase<bigint> | undefined => tables.get(b);
  const exp = (x: bigint, e: bigint): bigint => {
    const t = tableFor(x);
    if (t) return t.pow(e);
    if (x === base.g) return base.gExp(e);
    return useOpenSsl ? fastExp(base, x % P, red(e)) : base.exp(x, e);
  };

  const group: Group<bigint> = {
    name: base.name,
    version: base.version,
    proofForm: base.proofForm,
    q,
    elementLength: base.elementLength,
    scalarLength: base.scalarLength,
    g: base.g,
    one: base.one,
    parameterBytes: base.parameterBytes,
    mul: base.mul,
    inv: base.inv,
    div: base.div,
    exp,
    gExp: (e) => base.gExp(e),
    fixedBase(b) {
      if (b === base.g) return { base: b, pow: (e: bigint) => base.gExp(e) };
      let t = tables.get(b);
      if (!t) {
        t = base.fixedBase(b);
        if (tables.size >= 8) tables.clear();
        tables.set(b, t);
      }
      return t;
    },
    multiExp(bases, exps) {
      if (bases.length !== exps.length) throw new RangeError('multiExp: lengths differ');
      let r = 1n;
      for (let i = 0; i < bases.length; i++) r = (r * exp(bases[i]!, exps[i]!)) % P;
      return r;
    },
    equals: (a, b) => a === b,
    encode: (a) => new Uint8Array(toBuffer(a, LP)),
    decode(bytes, field) {
      if (!(bytes instanceof Uint8Array) || bytes.length !== LP) {
        throw new InvalidDataError('ENCODING', field, `expected ${LP} bytes`);
      }
      const x = fromBuffer(bytes);
      if (!isGroupMember(x, useOpenSsl))
        throw new InvalidDataError('NOT_IN_GROUP', field, 'not an element of Z_p^r');
      return x;
    },
    key: base.key,
    hashToElement: base.hashToElement,
  };
  Object.freeze(group);
  if (useOpenSsl) openSslGroups.add(group);
  return group;
}

/** The membership test that matches `G`'s exponentiation (OpenSSL or BigInt). */
export function memberTest(G: Group<bigint>): (x: bigint) => boolean {
  const openSsl = openSslGroups.has(G);
  return (x) => isGroupMember(x, openSsl);
}

/**
 * True when x is in Z_p^r: 0 < x < p and x^q = 1 (EG 2.0 checks 2.A, 3.A, 5.A, 6.A), tested as
 * x^(q+1) = x because OpenSSL refuses a result equal to 1.
 * @param useOpenSsl - false uses the core's BigInt test
 */
export function isGroupMember(x: bigint, useOpenSsl = true): boolean {
  if (typeof x !== 'bigint' || x <= 0n || x >= P) return false;
  if (x === 1n) return true;
  const ctx = useOpenSsl ? context() : null;
  if (ctx !== null && x < P - 1n) {
    try {
      ctx.setPrivateKey(toBuffer(eg4096.q + 1n, 32));
      return fromBuffer(ctx.computeSecret(toBuffer(x, LP))) === x;
    } catch {
      // fall through to the BigInt test
    }
  }
  try {
    eg4096.decode(toBuffer(x, LP), 'x');
    return true;
  } catch {
    return false;
  }
}
