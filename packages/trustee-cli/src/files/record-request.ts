/**
 * The decryption request built from an Evident election record (spec/key-ceremony.md §9.6;
 * record layout spec/record.md), read with @evident/record's schema-checked reader: the encrypted
 * tally (checked to be the product of the cast ballots, Verification 8, so that guardians never
 * decrypt anything else under the name "tally") or the challenged ballots. Item ids and maxValue
 * follow the server's requests: `ind_c/ind_o` for the tally, `code/ind_c/ind_o` and
 * `code/ind_c/data` for challenged ballots.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Ciphertext,
  type Group,
  type Manifest,
  type ManifestIndex,
  baseHash,
  bytesEqual,
  createTallyAccumulator,
  extendedBaseHash,
  groupByName,
  indexManifest,
  isInvalidData,
  manifestDigest,
  parameterBaseHash,
  toHex,
  elementFromJson,
  hexFromJson,
} from '@evident/e2e-crypto';
import {
  type BallotJson,
  type ConfigJson,
  type DevicesJson,
  type EncryptedTallyJson,
  type InitializedJson,
  CONFIG_FILE,
  DEVICES_FILE,
  ENCRYPTED_TALLY_FILE,
  INITIALIZED_FILE,
  MANIFEST_FILE,
  RecordReadError,
  ballotFile,
  parseChecked,
  readJsonLines,
  readRecordJson,
} from '@evident/record';
import { refuse } from '../errors.js';
import type { RequestItem } from './decryption-files.js';

/** The election a record belongs to, as far as the request needs it. */
export interface RecordElection {
  readonly G: Group<unknown>;
  /** hex(H_B): the ceremony id of evident-trustee */
  readonly id: string;
  readonly K: unknown;
  readonly index: ManifestIndex;
}

/** Runs `fn` on a record file, turning the record reader's and codecs' errors into refusals of `dir/file`. */
async function inRecord<T>(dir: string, file: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof RecordReadError) throw refuse(join(dir, e.file), e.detail, e.field || undefined);
    if (isInvalidData(e)) throw refuse(join(dir, file), e.message, e.field);
    if (e instanceof RangeError) throw refuse(join(dir, file), e.message);
    throw e;
  }
}

/**
 * Reads and checks the config, manifest and initialized stages: H_P, H_M, H_B recomputed
 * (Verification 1) and H_E = H(H_B; 0x12, K) (Verification 4.A).
 * @throws {TrusteeError} INVALID_FILE naming the record file and field
 */
export async function readRecordElection(dir: string): Promise<RecordElection> {
  const config = await inRecord(dir, CONFIG_FILE, () =>
    readRecordJson<ConfigJson>(dir, CONFIG_FILE, 'election-config'),
  );
  const cfgPath = join(dir, CONFIG_FILE);
  let G: Group<unknown>;
  try {
    G = groupByName(config.profile) as Group<unknown>;
  } catch {
    throw refuse(cfgPath, `unknown profile "${config.profile}"`, 'profile');
  }
  if (config.specVersion !== G.version)
    throw refuse(cfgPath, `specVersion "${config.specVersion}" is not "${G.version}"`, 'specVersion');
  const manifest = await inRecord(dir, MANIFEST_FILE, () =>
    readRecordJson<Manifest>(dir, MANIFEST_FILE, 'manifest'),
  );
  const index = await inRecord(dir, MANIFEST_FILE, () => indexManifest(manifest));
  const hP = parameterBaseHash(G);
  if (config.parameterHash !== toHex(hP))
    throw refuse(cfgPath, 'is not the parameter base hash of the profile', 'parameterHash');
  const hM = manifestDigest(hP, manifest);
  if (config.manifestHash !== toHex(hM))
    throw refuse(cfgPath, `is not the hash of ${MANIFEST_FILE}`, 'manifestHash');
  const hB = baseHash(hP, hM, config.guardians, config.quorum);
  if (config.baseHash !== toHex(hB)) throw refuse(cfgPath, 'is not H(H_P; 0x02, H_M, n, k)', 'baseHash');
  const init = await inRecord(dir, INITIALIZED_FILE, () =>
    readRecordJson<InitializedJson>(dir, INITIALIZED_FILE, 'election-initialized'),
  );
  const K = await inRecord(dir, INITIALIZED_FILE, () => elementFromJson(G, init.jointKey, 'jointKey'));
  const hE = await inRecord(dir, INITIALIZED_FILE, () =>
    hexFromJson(init.extendedBaseHash, 'extendedBaseHash', 32),
  );
  if (!bytesEqual(hE, extendedBaseHash(G, hB, K)))
    throw refuse(
      join(dir, INITIALIZED_FILE),
      'is not H(H_B; 0x12, K) (Verification 4.A)',
      'extendedBaseHash',
    );
  return { G, id: toHex(hB), K, index };
}

/** Every ballot line of the record, schema-checked, with its location `ballots/<device>.jsonl:<line>`. */
async function* ballots(dir: string, onDevice: () => void): AsyncGenerator<{ at: string; b: BallotJson }> {
  const devices = await inRecord(dir, DEVICES_FILE, () =>
    readRecordJson<DevicesJson>(dir, DEVICES_FILE, 'devices'),
  );
  for (const d of devices.devices) {
    const file = ballotFile(d.label);
    if (!existsSync(join(dir, file)))
      throw refuse(join(dir, file), `is missing (device "${d.label}" of ${DEVICES_FILE})`);
    for await (const { lineNo, text } of readJsonLines(join(dir, file))) {
      const at = `${file}:${lineNo}`;
      yield { at, b: await inRecord(dir, at, () => parseChecked<BallotJson>(text, at, 'ballot')) };
    }
    onDevice();
  }
}

const maxOptionLimit = (index: ManifestIndex): number =>
  Math.max(1, ...index.manifest.contests.map((c) => c.optionLimit));

/**
 * The tally request's items and bound: the encrypted tally of the record, after checking that it
 * is the product of the record's cast ballots (Verification 8) and lists the manifest's contests
 * and options in order.
 * @throws {TrusteeError} INVALID_FILE naming the record file and field
 */
export async function tallyRequestItems(
  dir: string,
  e: RecordElection,
  onDevice: () => void,
): Promise<{ items: RequestItem[]; maxValue: number; ballots: number }> {
  const { G, index } = e;
  const tally = await inRecord(dir, ENCRYPTED_TALLY_FILE, () =>
    readRecordJson<EncryptedTallyJson>(dir, ENCRYPTED_TALLY_FILE, 'encrypted-tally'),
  );
  const tallyPath = join(dir, ENCRYPTED_TALLY_FILE);
  const acc = createTallyAccumulator(G, index);
  for await (const { at, b } of ballots(dir, onDevice)) {
    if (b.state !== 'cast') continue; // challenged and superseded ballots are never counted
    await inRecord(dir, at, () =>
      acc.add({
        contests: b.contests.map((c, ci) => ({
          label: c.label,
          selections: c.selections.map((s, j) => ({
            ciphertext: {
              alpha: elementFromJson(G, s.alpha, `contests[${ci}].selections[${j}].alpha`),
              beta: elementFromJson(G, s.beta, `contests[${ci}].selections[${j}].beta`),
            },
          })),
        })),
      }),
    );
  }
  const product = acc.result();
  if (tally.castBallots !== product.castBallots)
    throw refuse(
      tallyPath,
      `says ${tally.castBallots} cast ballots, the record has ${product.castBallots}`,
      'castBallots',
    );
  const manifestContests = index.manifest.contests;
  if (tally.contests.length !== manifestContests.length)
    throw refuse(
      tallyPath,
      `has ${tally.contests.length} contests, the manifest ${manifestContests.length}`,
      'contests',
    );
  const items: RequestItem[] = [];
  for (const [ci, c] of tally.contests.entries()) {
    const mc = manifestContests[ci]!;
    const pc = product.contests[ci]!;
    if (c.label !== mc.label)
      throw refuse(
        tallyPath,
        `is "${c.label}", the manifest's contest ${ci + 1} is "${mc.label}"`,
        `contests[${ci}].label`,
      );
    if (c.selections.length !== mc.options.length)
      throw refuse(
        tallyPath,
        `has ${c.selections.length} options, the manifest ${mc.options.length}`,
        `contests[${ci}].selections`,
      );
    for (const [j, s] of c.selections.entries()) {
      const f = `contests[${ci}].selections[${j}]`;
      if (s.label !== mc.options[j]!.label)
        throw refuse(
          tallyPath,
          `is "${s.label}", the manifest's option is "${mc.options[j]!.label}"`,
          `${f}.label`,
        );
      const ct: Ciphertext<unknown> = await inRecord(dir, ENCRYPTED_TALLY_FILE, () => ({
        alpha: elementFromJson(G, s.alpha, `${f}.alpha`),
        beta: elementFromJson(G, s.beta, `${f}.beta`),
      }));
      const want = pc.selections[j]!.ciphertext;
      if (!G.equals(ct.alpha, want.alpha) || !G.equals(ct.beta, want.beta)) {
        throw refuse(
          tallyPath,
          'is not the product of the cast ballots (Verification 8): refusing to decrypt it',
          f,
        );
      }
      items.push({ id: `${ci + 1}/${j + 1}`, target: { kind: 'selection', ct } });
    }
  }
  return {
    items,
    maxValue: Math.max(1, product.castBallots * maxOptionLimit(index)),
    ballots: product.castBallots,
  };
}

/**
 * The challenged-ballots request's items: every selection and the contest data of every
 * challenged ballot, in record order; a challenged ballot that shares a selection's α or a contest
 * data's C_0 with another ballot (a copied ciphertext) is refused.
 * @throws {TrusteeError} INVALID_FILE naming the ballot line and field
 */
export async function challengedRequestItems(
  dir: string,
  e: RecordElection,
  onDevice: () => void,
): Promise<{ items: RequestItem[]; maxValue: number; ballots: number }> {
  const { G, index } = e;
  const items: RequestItem[] = [];
  let count = 0;
  // where each nonce commitment (a selection's α, a contest data's C_0) first appears: a
  // challenged ballot carrying another ballot's ciphertext would have that vote decrypted
  const seen = new Map<string, string>();
  const note = (at: string, hex: string, field: string, challenged: boolean): void => {
    const first = seen.get(hex.toUpperCase());
    if (challenged && first !== undefined && first !== at)
      throw refuse(
        join(dir, at),
        `reuses a ciphertext of ${first}; refusing to decrypt another voter's ballot`,
        field,
      );
    if (first === undefined) seen.set(hex.toUpperCase(), at);
  };
  for await (const { at, b } of ballots(dir, () => {}))
    if (b.state !== 'challenged')
      b.contests.forEach((c) => {
        c.selections.forEach((s) => note(at, s.alpha, '', false));
        note(at, c.contestData.c0, '', false);
      });
  for await (const { at, b } of ballots(dir, onDevice)) {
    if (b.state !== 'challenged') continue;
    count++;
    b.contests.forEach((c, ci) => {
      c.selections.forEach((s, j) => note(at, s.alpha, `contests[${ci}].selections[${j}].alpha`, true));
      note(at, c.contestData.c0, `contests[${ci}].contestData.c0`, true);
    });
    await inRecord(dir, at, () => {
      for (const [ci, c] of b.contests.entries()) {
        const indexed = index.contests.get(c.label);
        if (!indexed) throw refuse(join(dir, at), `unknown contest "${c.label}"`, `contests[${ci}].label`);
        const indC = indexed.index;
        for (const [j, s] of c.selections.entries()) {
          const f = `contests[${ci}].selections[${j}]`;
          items.push({
            id: `${b.code}/${indC}/${j + 1}`,
            target: {
              kind: 'selection',
              ct: {
                alpha: elementFromJson(G, s.alpha, `${f}.alpha`),
                beta: elementFromJson(G, s.beta, `${f}.beta`),
              },
            },
          });
        }
        const d = c.contestData;
        const f = `contests[${ci}].contestData`;
        const c1 = hexFromJson(d.c1, `${f}.c1`);
        if (c1.length === 0 || c1.length % 32)
          throw refuse(join(dir, at), 'C1 must be a positive multiple of 32 bytes', `${f}.c1`);
        items.push({
          id: `${b.code}/${indC}/data`,
          contestIndex: indC,
          target: {
            kind: 'contest-data',
            ct: { c0: elementFromJson(G, d.c0, `${f}.c0`), c1, c2: hexFromJson(d.c2, `${f}.c2`, 32) },
          },
        });
      }
    });
  }
  return { items, maxValue: maxOptionLimit(index), ballots: count };
}
