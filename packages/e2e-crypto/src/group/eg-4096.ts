/**
 * Profile `eg-4096`: the ElectionGuard 2.0 integer group (EG 2.0 §3.1.1, spec/crypto.md §1.2).
 *
 * Elements are integers in Z_p^r, the order-q subgroup of Z_p^*, held as `bigint`s.
 * Exponentiation is written here (windowed, with comb tables for fixed bases) because V8's
 * BigInt has no modular exponentiation; `bigint-crypto-utils` supplies the inverse.
 *
 * Not constant time: V8 BigInt arithmetic and table look-ups depend on the values. Secret
 * exponents (nonces, guardian keys) are used here as in every JavaScript ElectionGuard; the
 * package README states this.
 * @module
 */
import { modInv } from 'bigint-crypto-utils';
import { concatBytes, fromHex, bigintToBytes, bytesToBigint } from '../bytes.js';
import { InvalidDataError } from '../errors.js';
import { hmacSha256 } from '../hash/hmac.js';
import type { FixedBase, Group } from './group.js';

const hex = (s: string): bigint => BigInt('0x' + s.replace(/\s+/g, ''));

/** p, EG 2.0 §3.1.1. */
export const EG_P = hex(`
FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF
B17217F7 D1CF79AB C9E3B398 03F2F6AF 40F34326 7298B62D 8A0D175B 8BAAFA2B
E7B87620 6DEBAC98 559552FB 4AFA1B10 ED2EAE35 C1382144 27573B29 1169B825
3E96CA16 224AE8C5 1ACBDA11 317C387E B9EA9BC3 B136603B 256FA0EC 7657F74B
72CE87B1 9D6548CA F5DFA6BD 38303248 655FA187 2F20E3A2 DA2D97C5 0F3FD5C6
07F4CA11 FB5BFB90 610D30F8 8FE551A2 EE569D6D FC1EFA15 7D2E23DE 1400B396
17460775 DB8990E5 C943E732 B479CD33 CCCC4E65 9393514C 4C1A1E0B D1D6095D
25669B33 3564A337 6A9C7F8A 5E148E82 074DB601 5CFE7AA3 0C480A54 17350D2C
955D5179 B1E17B9D AE313CDB 6C606CB1 078F735D 1B2DB31B 5F50B518 5064C18B
4D162DB3 B365853D 7598A195 1AE273EE 5570B6C6 8F969834 96D4E6D3 30AF889B
44A02554 731CDC8E A17293D1 228A4EF9 8D6F5177 FBCF0755 268A5C1F 9538B982
61AFFD44 6B1CA3CF 5E9222B8 8C66D3C5 422183ED C9942109 0BBB16FA F3D949F2
36E02B20 CEE886B9 05C128D5 3D0BD2F9 62136319 6AF50302 0060E499 08391A0C
57339BA2 BEBA7D05 2AC5B61C C4E9207C EF2F0CE2 D7373958 D7622658 90445744
FB5F2DA4 B7510058 92D35689 0DEFE9CA D9B9D4B7 13E06162 A2D8FDD0 DF2FD608
FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF`);

/** q = 2^256 − 189, EG 2.0 eq 3. */
export const EG_Q = (1n << 256n) - 189n;

/** r = (p − 1)/q, the cofactor. */
export const EG_R = (EG_P - 1n) / EG_Q;

/** g = 2^r mod p, EG 2.0 §3.1.1. */
export const EG_G = hex(`
36036FED 214F3B50 DC566D3A 312FE413 1FEE1C2B CE6D02EA 39B477AC 05F7F885
F38CFE77 A7E45ACF 4029114C 4D7A9BFE 058BF2F9 95D2479D 3DDA618F FD910D3C
4236AB2C FDD783A5 016F7465 CF59BBF4 5D24A22F 130F2D04 FE93B2D5 8BB9C1D1
D27FC9A1 7D2AF49A 779F3FFB DCA22900 C14202EE 6C996160 34BE35CB CDD3E7BB
7996ADFE 534B63CC A41E21FF 5DC778EB B1B86C53 BFBE9998 7D7AEA07 56237FB4
0922139F 90A62F2A A8D9AD34 DFF799E3 3C857A64 68D001AC F3B681DB 87DC4242
755E2AC5 A5027DB8 1984F033 C4D17837 1F273DBB 4FCEA1E6 28C23E52 759BC776
5728035C EA26B44C 49A65666 889820A4 5C33DD37 EA4A1D00 CB62305C D541BE1E
8A92685A 07012B1A 20A746C3 591A2DB3 815000D2 AACCFE43 DC49E828 C1ED7387
466AFD8E 4BF19355 93B2A442 EEC271C5 0AD39F73 3797A1EA 11802A25 57916534
662A6B7E 9A9E449A 24C8CFF8 09E79A4D 806EB681 119330E6 C57985E3 9B200B48
93639FDF DEA49F76 AD1ACD99 7EBA1365 7541E79E C57437E5 04EDA9DD 01106151
6C643FB3 0D6D58AF CCD28B73 FEDA29EC 12B01A5E B86399A5 93A9D5F4 50DE39CB
92962C5E C6925348 DB54D128 FD99C14B 457F883E C20112A7 5A6A0581 D3D80A3B
4EF09EC8 6F9552FF DA1653F1 33AA2534 983A6F31 B0EE4697 935A6B1E A2F75B85
E7EBA151 BA486094 D68722B0 54633FEC 51CA3F29 B31E77E3 17B178B6 B9D8AE0F`);

/** Parameters of an integer group profile; `eg4096` uses the standard ones. */
export interface IntegerGroupParams {
  p: bigint;
  q: bigint;
  g: bigint;
  /** byte length l_p of an element encoding */
  lp: number;
}

const SLIDING_WINDOW = 5;
const COMB_WINDOW = 8;

/** base^e mod p by left-to-right sliding-window exponentiation (e ≥ 0). */
function modPow(base: bigint, e: bigint, p: bigint): bigint {
  if (e === 0n) return 1n;
  const b = base % p;
  // odd powers b^1, b^3, …, b^(2^w − 1)
  const b2 = (b * b) % p;
  const odd: bigint[] = [b];
  for (let i = 1; i < 1 << (SLIDING_WINDOW - 1); i++) odd.push((odd[i - 1]! * b2) % p);
  const bits = e.toString(2);
  let r = 1n;
  let i = 0;
  while (i < bits.length) {
    if (bits[i] === '0') {
      r = (r * r) % p;
      i++;
      continue;
    }
    // longest window ≤ w starting at i and ending in a 1
    let j = Math.min(i + SLIDING_WINDOW, bits.length);
    while (bits[j - 1] === '0') j--;
    const v = parseInt(bits.slice(i, j), 2);
    for (let k = i; k < j; k++) r = (r * r) % p;
    r = (r * odd[(v - 1) >> 1]!) % p;
    i = j;
  }
  return r;
}

/**
 * Fixed-base table: T[i][j] = base^(j·2^(8i)) for i < ⌈bits(q)/8⌉, 1 ≤ j < 256.
 * One power then costs ⌈bits(q)/8⌉ multiplications (32 for EG 2.0) and no squarings.
 */
function combTable(base: bigint, p: bigint, qBits: number): bigint[][] {
  const windows = Math.ceil(qBits / COMB_WINDOW);
  const size = 1 << COMB_WINDOW;
  const table: bigint[][] = [];
  let b = base % p;
  for (let i = 0; i < windows; i++) {
    const row: bigint[] = new Array<bigint>(size);
    row[0] = 1n;
    row[1] = b;
    for (let j = 2; j < size; j++) row[j] = (row[j - 1]! * b) % p;
    table.push(row);
    b = (row[size - 1]! * b) % p; // base^(2^(8(i+1)))
  }
  return table;
}

function combPow(table: bigint[][], e: bigint, p: bigint): bigint {
  let r = 1n;
  let x = e;
  for (let i = 0; x > 0n; i++) {
    const j = Number(x & 0xffn);
    if (j !== 0) r = (r * table[i]![j]!) % p;
    x >>= 8n;
  }
  return r;
}

/** ∏ bases[i]^exps[i] mod p with shared squarings (interleaved sliding windows). */
function multiPow(bases: readonly bigint[], exps: readonly bigint[], p: bigint): bigint {
  const n = bases.length;
  if (n === 1) return modPow(bases[0]!, exps[0]!, p);
  const w = 4;
  const tables = bases.map((base) => {
    const b = base % p;
    const b2 = (b * b) % p;
    const odd = [b];
    for (let i = 1; i < 1 << (w - 1); i++) odd.push((odd[i - 1]! * b2) % p);
    return odd;
  });
  const bitsArr = exps.map((e) => e.toString(2));
  const maxLen = Math.max(...bitsArr.map((b) => b.length));
  const padded = bitsArr.map((b) => b.padStart(maxLen, '0'));
  // For each exponent, plan the windows: at bit position `end` multiply by odd[v]
  const plan: Map<number, number>[] = padded.map((bits) => {
    const m = new Map<number, number>();
    let i = 0;
    while (i < bits.length) {
      if (bits[i] === '0') {
        i++;
        continue;
      }
      let j = Math.min(i + w, bits.length);
      while (bits[j - 1] === '0') j--;
      m.set(j - 1, parseInt(bits.slice(i, j), 2));
      i = j;
    }
    return m;
  });
  let r = 1n;
  for (let pos = 0; pos < maxLen; pos++) {
    r = (r * r) % p;
    for (let k = 0; k < n; k++) {
      const v = plan[k]!.get(pos);
      if (v !== undefined) r = (r * tables[k]![(v - 1) >> 1]!) % p;
    }
  }
  return r;
}

/**
 * Builds an integer-group profile. `eg4096` is the only one used for elections; tests may build
 * small ones for speed. Parameters are trusted (not re-validated).
 * @param params - p, q, g and the element length
 * @param version - the version string hashed into H_P
 */
export function integerGroup(
  params: IntegerGroupParams,
  version: string,
  name: 'eg-4096' = 'eg-4096',
): Group<bigint> {
  const { p, q, g, lp } = params;
  const qBits = q.toString(2).length;
  let gTable: bigint[][] | undefined;
  const member = (x: bigint): boolean => x > 0n && x < p && modPow(x, q, p) === 1n;
  const red = (e: bigint): bigint => {
    const r = e % q;
    return r < 0n ? r + q : r;
  };

  const group: Group<bigint> = {
    name,
    version,
    proofForm: 'challenge',
    q,
    elementLength: lp,
    scalarLength: 32,
    g,
    one: 1n,
    parameterBytes: concatBytes(bigintToBytes(p, lp), bigintToBytes(q, 32), bigintToBytes(g, lp)),
    mul: (a, b) => (a * b) % p,
    inv: (a) => modInv(a, p),
    div: (a, b) => (a * modInv(b, p)) % p,
    exp: (a, e) => modPow(a, red(e), p),
    gExp(e) {
      gTable ??= combTable(g, p, qBits);
      return combPow(gTable, red(e), p);
    },
    fixedBase(base): FixedBase<bigint> {
      if (base === g) return { base, pow: (e) => group.gExp(e) };
      const table = combTable(base, p, qBits);
      return { base, pow: (e) => combPow(table, red(e), p) };
    },
    multiExp(bases, exps) {
      if (bases.length !== exps.length) throw new RangeError('multiExp: lengths differ');
      if (bases.length === 0) return 1n;
      return multiPow(bases, exps.map(red), p);
    },
    equals: (a, b) => a === b,
    encode: (a) => bigintToBytes(a, lp),
    decode(bytes, field) {
      if (!(bytes instanceof Uint8Array) || bytes.length !== lp) {
        throw new InvalidDataError('ENCODING', field, `expected ${lp} bytes`);
      }
      const x = bytesToBigint(bytes);
      if (!member(x)) throw new InvalidDataError('NOT_IN_GROUP', field, 'not an element of Z_p^r');
      return x;
    },
    key: (a) => a.toString(16),
    hashToElement(seed, domain) {
      // spec/crypto.md §1.5: expand to l_p + 16 bytes by HMAC in counter mode, reduce mod p,
      // raise to the cofactor r; retry on the identity.
      const r = (p - 1n) / q;
      for (let ctr = 0; ; ctr++) {
        const blocks: Uint8Array[] = [];
        const key = hmacSha256(new Uint8Array(32), new TextEncoder().encode(domain));
        for (let i = 0; i * 32 < lp + 16; i++) {
          blocks.push(hmacSha256(key, concatBytes(seed, new Uint8Array([ctr & 0xff, i >> 8, i & 0xff]))));
        }
        const x = modPow(bytesToBigint(concatBytes(...blocks)) % p, r, p);
        if (x !== 1n && x !== 0n) return x;
      }
    },
  };
  return Object.freeze(group);
}

/** The EG 2.0 version string (EG 2.0 §3.1.2): "v2.0.0". */
export const EG_VERSION = 'v2.0.0';

/** The ElectionGuard 2.0 standard group with version "v2.0.0". */
export const eg4096: Group<bigint> = integerGroup({ p: EG_P, q: EG_Q, g: EG_G, lp: 512 }, EG_VERSION);

/** The EG 2.0 group with another version string (the June 2023 test vectors use "v2.0"). */
export function eg4096WithVersion(version: string): Group<bigint> {
  return integerGroup({ p: EG_P, q: EG_Q, g: EG_G, lp: 512 }, version);
}

/** Parses an element given as hex (convenience for records and vectors). */
export function egElementFromHex(hexStr: string, field: string): bigint {
  return eg4096.decode(fromHex(hexStr.padStart(1024, '0'), field), field);
}
