/**
 * A stage file read a value at a time into the files of spec/mixnet.md §7.5 is the stage of the
 * in-memory codec: the streamed verifier accepts its files against the stage's inputs, and the
 * content digest over the files is the digest of the canonical `{outputs, proof}` in upper case,
 * whatever the case and layout of the file (what the guardian's signature covers). A file that
 * is not JSON, or breaks a shape, a hex length or the schema, is refused naming the field.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  canonicalJsonString,
  groupByName,
  mixSessionHash,
  precomputeShuffle,
  publicKey,
  randomScalar,
  shuffleAndProve,
  type Group,
} from '@evident/e2e-crypto';
import { inThread, rowsBytes, shufflePaths, verifyShuffleStream } from '@evident/e2e-crypto/mixnet-parallel';
import { stageDirContentSha256 } from '../ranked/stage-digest.js';
import { mixStageJson } from './mix-files.js';
import { readMixStageFile } from './mix-stage-read.js';

const G = groupByName('ristretto255') as Group<unknown>;
const K = G.gExp(randomScalar(G.q));
const pk = publicKey(G, K);
const session = mixSessionHash(new Uint8Array(32).fill(3), 'contest:mayor');
const ct = () => ({ alpha: G.gExp(randomScalar(G.q)), beta: G.gExp(randomScalar(G.q)) });
const inputs = Array.from({ length: 5 }, () => [ct(), ct()]);
const { outputs, proof } = shuffleAndProve(G, pk, session, inputs, precomputeShuffle(G, pk, session, 5, 2));
const stage: Record<string, unknown> = {
  ...mixStageJson(G, {
    ceremonyId: 'ab'.repeat(32),
    contestId: 'mayor',
    stage: 0,
    guardian: { id: 'carol', x: 3 },
    outputs,
    proof,
  }),
  signature: 'CD'.repeat(64),
};
type Stage = Record<string, unknown> & {
  stage: number;
  outputs: { alpha: string; beta: string }[][];
  proof: Record<string, unknown>;
};

const base = mkdtempSync(join(tmpdir(), 'evident-stage-read-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
/** Reads `text` as a stage file into a fresh folder. */
async function read(text: string) {
  const dir = join(base, `d${++n}`);
  mkdirSync(dir);
  const file = join(dir, 'stage.json');
  writeFileSync(file, text);
  const r = await readMixStageFile(file, dir, G.elementLength, 2, (m, f) =>
    Object.assign(new Error(m), { field: f }),
  );
  return { ...r, dir };
}
const refusal = async (text: string) => {
  const e = (await read(text).then(
    () => undefined,
    (err: unknown) => err,
  )) as (Error & { field?: string }) | undefined;
  return e ? { field: e.field, message: e.message } : undefined;
};

describe('readMixStageFile', () => {
  it('writes files the streamed verifier accepts, whose content digest is the in-memory one', async () => {
    const lower = JSON.parse(
      JSON.stringify(stage, null, 2).replace(/"([0-9A-F]{64})"/g, (m) => m.toLowerCase()),
    );
    const { head, N, dir } = await read(JSON.stringify(lower, null, 2));
    expect([N, head.stage, head.guardian, head.contestId]).toEqual([5, 0, { id: 'carol', x: 3 }, 'mayor']);
    const inFile = join(dir, 'inputs.bin');
    writeFileSync(inFile, rowsBytes(G, inputs));
    expect(await verifyShuffleStream(inThread, G, K, session, shufflePaths(dir, inFile), dir)).toEqual([]);
    const digest = createHash('sha256')
      .update(canonicalJsonString({ outputs: stage.outputs, proof: stage.proof }))
      .digest();
    expect(Buffer.from(stageDirContentSha256(dir, G.elementLength, 2))).toEqual(digest);
  });

  it('refuses what is not a stage file, naming the field', async () => {
    const edit = (f: (s: Stage) => void): string => {
      const s = structuredClone(stage) as Stage;
      f(s);
      return JSON.stringify(s);
    };
    const cases: [string, string | undefined, RegExp][] = [
      [JSON.stringify(stage).slice(0, 300), undefined, /not valid JSON/],
      ['[]', undefined, /expected an object/],
      [edit((s) => (s.outputs[1]![0]!.beta = 'AB')), 'outputs[1][0].beta', /32 bytes in hex/],
      [edit((s) => s.outputs[2]!.pop()), 'outputs[2]', /row of 2/],
      [edit((s) => ((s.proof.c as string[])[4] = 'ZZ'.repeat(32))), 'proof.c[4]', /32 bytes in hex/],
      [edit((s) => (s.proof.tHat as string[]).pop()), 'proof.tHat', /4 entries, expected 5/],
      [edit((s) => (s.proof.extra = 'AB')), 'proof.extra', /schema/],
      [edit((s) => (s.proof.sHat = {} as never)), 'proof.sHat', /expected an array/],
      [edit((s) => delete (s as Partial<Stage>).proof), 'proof', /schema|required/],
      [edit((s) => (s.stage = -1)), 'stage', /schema/],
    ];
    for (const [text, field, message] of cases) {
      const r = await refusal(text);
      expect(r, text.slice(0, 80)).toBeDefined();
      expect([r!.field, r!.message]).toEqual([field, expect.stringMatching(message)]);
    }
  });
});
