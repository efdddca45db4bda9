/**
 * The ceremony configuration (spec/key-ceremony.md §2, schema `ceremony.schema.json`) and the
 * group context every other file is read against. The ceremony id is H_B, which binds the group
 * (through H_P), the manifest, n and k: a file from another election carries another id.
 * @module
 */
import {
  type Group,
  baseHash,
  bytesEqual,
  groupByName,
  manifestHash,
  parameterBaseHash,
  toHex,
} from '@evident/e2e-crypto';
import { refuse } from '../errors.js';
import { FILE_VERSION, type JsonFile, arr, bytes, inFile, int, obj, readJsonFile, str } from './json-file.js';

/** A guardian's identity: its name and coordinate x (1..n). */
export interface GuardianId {
  readonly id: string;
  readonly x: number;
}

/** The parsed ceremony. */
export interface Ceremony {
  readonly G: Group<unknown>;
  readonly n: number;
  readonly k: number;
  readonly guardians: readonly GuardianId[];
  readonly hP: Uint8Array;
  readonly hM: Uint8Array;
  readonly hB: Uint8Array;
  /** hex(H_B) */
  readonly id: string;
}

export const CEREMONY_FORMAT = 'evident-trustee/ceremony';

/** Builds a ceremony from its parameters (the `config` command). */
export function makeCeremony(
  group: string,
  manifest: Uint8Array,
  ids: readonly string[],
  k: number,
): Ceremony {
  const G = groupByName(group) as Group<unknown>;
  const n = ids.length;
  const hP = parameterBaseHash(G);
  const hM = manifestHash(hP, manifest);
  const hB = baseHash(hP, hM, n, k);
  return { G, n, k, guardians: ids.map((id, i) => ({ id, x: i + 1 })), hP, hM, hB, id: toHex(hB) };
}

/** The JSON form of a ceremony. */
export function ceremonyJson(c: Ceremony): Record<string, unknown> {
  return {
    format: CEREMONY_FORMAT,
    version: FILE_VERSION,
    group: c.G.name,
    groupVersion: c.G.version,
    guardianCount: c.n,
    quorum: c.k,
    guardians: c.guardians.map((g) => ({ id: g.id, x: g.x })),
    parameterBaseHash: toHex(c.hP),
    manifestHash: toHex(c.hM),
    baseHash: toHex(c.hB),
  };
}

/** Parses the ceremony fields of `d` (also embedded in the election key file) and re-derives H_P and H_B. */
export function parseCeremony(file: string, d: Record<string, unknown>): Ceremony {
  return inFile(file, () => {
    let G: Group<unknown>;
    try {
      G = groupByName(str(d.group, 'group')) as Group<unknown>;
    } catch {
      throw refuse(file, `unknown group "${String(d.group)}"`, 'group');
    }
    if (d.groupVersion !== G.version)
      throw refuse(file, `group version "${String(d.groupVersion)}" is not "${G.version}"`, 'groupVersion');
    const n = int(d.guardianCount, 'guardianCount', 1);
    const k = int(d.quorum, 'quorum', 1);
    if (k > n) throw refuse(file, 'quorum exceeds the number of guardians', 'quorum');
    const gs = arr(d.guardians, 'guardians').map((g, i) => {
      const o = obj(g, `guardians[${i}]`);
      const x = int(o.x, `guardians[${i}].x`, 1);
      if (x !== i + 1) throw refuse(file, `guardian coordinates must be 1..n in order`, `guardians[${i}].x`);
      return { id: str(o.id, `guardians[${i}].id`), x };
    });
    if (gs.length !== n)
      throw refuse(file, `lists ${gs.length} guardians for guardianCount ${n}`, 'guardians');
    if (new Set(gs.map((g) => g.id)).size !== n)
      throw refuse(file, 'guardian ids are not unique', 'guardians');
    const hP = bytes(d.parameterBaseHash, 'parameterBaseHash', 32);
    if (!bytesEqual(hP, parameterBaseHash(G)))
      throw refuse(file, 'parameter base hash does not match the group', 'parameterBaseHash');
    const hM = bytes(d.manifestHash, 'manifestHash', 32);
    const hB = bytes(d.baseHash, 'baseHash', 32);
    if (!bytesEqual(hB, baseHash(hP, hM, n, k)))
      throw refuse(file, 'base hash H_B does not match H_P, H_M, n and k', 'baseHash');
    return { G, n, k, guardians: gs, hP, hM, hB, id: toHex(hB) };
  });
}

/** Reads ceremony.json. */
export function readCeremony(path: string): Ceremony {
  const f = readJsonFile(path, CEREMONY_FORMAT);
  return parseCeremony(path, f.data);
}

/** Checks that `f` belongs to this ceremony (its `ceremonyId` is H_B). */
export function checkSameCeremony(c: Ceremony, f: JsonFile): void {
  // hex of either case, as the server accepts it (spec/server-api.md §1)
  if (String(f.data.ceremonyId).toUpperCase() !== c.id) {
    throw refuse(
      f.path,
      `belongs to another election (ceremonyId ${String(f.data.ceremonyId).slice(0, 16)}…, expected ${c.id.slice(0, 16)}…)`,
      'ceremonyId',
    );
  }
}

/** Parses `{id, x}` and checks it is a guardian of the ceremony. */
export function parseGuardian(c: Ceremony, file: string, v: unknown, field: string): GuardianId {
  return inFile(file, () => {
    const o = obj(v, field);
    const x = int(o.x, `${field}.x`, 1);
    const id = str(o.id, `${field}.id`);
    const g = c.guardians[x - 1];
    if (!g || g.id !== id)
      throw refuse(file, `guardian "${id}" (x=${x}) is not a guardian of this ceremony`, field);
    return g;
  });
}
