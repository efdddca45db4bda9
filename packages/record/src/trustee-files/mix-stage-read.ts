/**
 * A mix stage file (format `evident-trustee/mix-stage`, spec/server-api.md §7.5) read a value at
 * a time (../json-values.ts) into the files of a streamed shuffle (spec/mixnet.md §7.5) in a
 * folder: the output rows to `outputs.bin`, the proof's vectors to `c.bin`, `cHat.bin`,
 * `tHat.bin`, `sHat.bin`, `sPrime.bin` (hex to bytes, either case), its other members to
 * `proof-head.json`. Memory O(one row), whatever the number of rows: what the server does with
 * a stage upload of a million rows. Shapes and hex lengths are checked here (naming the field,
 * e.g. `outputs[3][0].beta`); membership of the elements and the proof are the streamed
 * verifier's (M1–M9). Node only.
 * @module
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type JsonPath, type JsonRole, readJsonValues } from '../json-values.js';
import { upperCaseStrings } from '../ranked/stage-digest.js';
import { schemaProblem } from '../schemas.js';

/** A stage proof's vectors, one entry per row, each written to `<name>.bin` (spec/mixnet.md §7.5). */
export const STAGE_VECTORS = ['c', 'cHat', 'tHat', 'sHat', 'sPrime'] as const;
/** One of {@link STAGE_VECTORS}. */
export type StageVector = (typeof STAGE_VECTORS)[number];
/** Whether `k` names a stage proof's vector. */
export const isStageVector = (k: unknown): k is StageVector => STAGE_VECTORS.includes(k as StageVector);
const VECTORS = STAGE_VECTORS;
const isVector = isStageVector;
type Vector = StageVector;
/** The files of a streamed stage in its folder: the rows, then the proof's vectors. */
export type StageFileName = Vector | 'outputs';
type FileName = StageFileName;

/** The stage files being written in a folder: open descriptors and entries written so far. */
export interface StageFiles {
  readonly dir: string;
  readonly fds: Partial<Record<StageFileName, number>>;
  readonly count: Record<StageFileName, number>;
}

/** A JSON path as a field name in messages, e.g. `outputs[3][0].beta`. */
export const jsonFieldOf = (p: JsonPath): string =>
  p.map((x, i) => (typeof x === 'number' ? `[${x}]` : i === 0 ? x : `.${x}`)).join('');

/** Hex digits of either case (one object, not one per element read: a stage has millions). */
const HEX = /^[0-9A-Fa-f]*$/;

/** The bytes of `v`, a hex string (either case) of `bytes` bytes, or a refusal naming the field at `p`. */
export function stageHex(v: unknown, bytes: number, p: JsonPath, refuse: StageRefusal): Buffer {
  if (typeof v !== 'string' || v.length !== 2 * bytes || !HEX.test(v))
    throw refuse(`expected ${bytes} bytes in hex`, jsonFieldOf(p));
  return Buffer.from(v, 'hex');
}

/**
 * The bytes of an output row at `p` — `w` ciphertexts `{alpha, beta}` of `L`-byte elements — as
 * α ∥ β per ciphertext (membership is the verifier's), or a refusal naming the field.
 */
export function stageRowBytes(v: unknown, L: number, w: number, p: JsonPath, refuse: StageRefusal): Buffer {
  if (!Array.isArray(v) || v.length !== w) throw refuse(`expected a row of ${w} ciphertexts`, jsonFieldOf(p));
  const row = v.flatMap((ct: unknown, k) => {
    const o = (ct && typeof ct === 'object' ? ct : {}) as Record<string, unknown>;
    if (Object.keys(o).length !== 2) throw refuse('expected {alpha, beta}', `${jsonFieldOf(p)}[${k}]`);
    return [stageHex(o.alpha, L, [...p, k, 'alpha'], refuse), stageHex(o.beta, L, [...p, k, 'beta'], refuse)];
  });
  return Buffer.concat(row);
}

/** The bytes of entry `p` of vector `name` (32-byte scalars for sHat and sPrime, else elements of `L` bytes). */
export function stageVectorBytes(
  name: StageVector,
  v: unknown,
  L: number,
  p: JsonPath,
  refuse: StageRefusal,
): Buffer {
  return stageHex(v, name === 'sHat' || name === 'sPrime' ? 32 : L, p, refuse);
}

/** Appends `bytes` to the file `f` of the stage files `s` (opened on first use) and counts the entry. */
export function appendStageFile(s: StageFiles, f: StageFileName, bytes: Uint8Array): void {
  s.fds[f] ??= openSync(join(s.dir, `${f}.bin`), 'w');
  writeSync(s.fds[f], bytes);
  s.count[f]++;
}

/** The members of the stage file other than `outputs` and `proof`, schema-checked. */
export interface MixStageFileHead {
  readonly format: string;
  readonly version: number;
  readonly ceremonyId: string;
  readonly contestId: string;
  readonly stage: number;
  readonly guardian: { readonly id: string; readonly x: number };
  readonly signature: string;
}

/** A refusal of the file: what is wrong, and the field (e.g. `proof.cHat[3]`) when known. */
export type StageRefusal = (message: string, field?: string) => Error;

/** Where each value goes: header members whole, rows and vector entries one by one. */
function role(p: JsonPath): JsonRole {
  const [top, member] = p;
  if (p.length === 0) return 'open';
  if (top === 'outputs') return p.length === 1 ? 'open' : p.length === 2 ? 'capture' : 'inside';
  if (top === 'proof') {
    if (p.length === 1) return 'open';
    if (isVector(member)) return p.length === 2 ? 'open' : p.length === 3 ? 'capture' : 'inside';
    return p.length === 2 ? 'capture' : 'inside';
  }
  return p.length === 1 ? 'capture' : 'inside';
}

const fieldOf = jsonFieldOf;

/** The containers opened: the file, `outputs`, `proof` and its vectors; arrays but the file and the proof. */
const wantsArray = (p: JsonPath): boolean => p.length > 0 && !(p.length === 1 && p[0] === 'proof');

/**
 * Reads the stage file `file` into the folder `dir` (which exists).
 * @param L - the group's element length in bytes
 * @param w - the row width (ciphertexts per row)
 * @returns the header and N, the number of rows (every vector has N entries)
 * @throws what `refuse` returns, naming the field of the first problem
 */
export async function readMixStageFile(
  file: string,
  dir: string,
  L: number,
  w: number,
  refuse: StageRefusal,
): Promise<{ head: MixStageFileHead; N: number }> {
  const head: Record<string, unknown> = {};
  const proof: Record<string, unknown> = {};
  const files: StageFiles = {
    dir,
    fds: {},
    count: { outputs: 0, c: 0, cHat: 0, tHat: 0, sHat: 0, sPrime: 0 } satisfies Record<FileName, number>,
  };
  const { fds, count } = files;
  const opened = new Set<string>();
  const kind = (want: boolean, ok: boolean, at: JsonPath): void => {
    if (!ok) throw refuse(`expected ${want ? 'an array' : 'an object'}`, fieldOf(at) || undefined);
  };
  try {
    await readJsonValues(
      file,
      role,
      (p, v, r) => {
        const parent = p.slice(0, -1);
        if (r === 'open') {
          const want = wantsArray(p);
          kind(want, want ? Array.isArray(v) : v !== null && typeof v === 'object' && !Array.isArray(v), p);
          opened.add(fieldOf(p));
          return;
        }
        if (p.length > 1)
          kind(wantsArray(parent), (typeof p.at(-1) === 'number') === wantsArray(parent), parent);
        if (p.length === 1) return void (head[p[0] as string] = v);
        if (p[0] === 'outputs') return appendStageFile(files, 'outputs', stageRowBytes(v, L, w, p, refuse));
        const m = p[1] as string;
        if (p.length === 2) return void (proof[m] = v);
        appendStageFile(files, m as Vector, stageVectorBytes(m as Vector, v, L, p, refuse));
      },
      (message) => refuse(message),
    );
  } finally {
    for (const fd of Object.values(fds)) closeSync(fd);
  }
  for (const k of ['outputs', 'proof', ...VECTORS.map((v) => `proof.${v}`)])
    if (!opened.has(k)) throw refuse(`must have required property '${k.split('.').at(-1)}'`, k);
  // the schema on the header and the proof's small members (outputs and vectors checked above)
  const zero = '00'.repeat(L);
  const problem = schemaProblem('mix-stage', {
    ...head,
    outputs: [[{ alpha: zero, beta: zero }]],
    proof: { ...proof, c: [], cHat: [], tHat: [], sHat: [], sPrime: [] },
  });
  if (problem) throw refuse(`${problem.message} (schema mix-stage.schema.json)`, problem.where || undefined);
  const N = count.outputs;
  if (N === 0) throw refuse('expected at least one row', 'outputs');
  for (const f of VECTORS)
    if (count[f] !== N) throw refuse(`${count[f]} entries, expected ${N}, one per row (M1)`, `proof.${f}`);
  writeFileSync(
    join(dir, 'proof-head.json'),
    JSON.stringify({ N, w, ...(upperCaseStrings(proof) as object) }),
  );
  return { head: head as unknown as MixStageFileHead, N };
}
