/**
 * The ranked record layout (spec/mixnet.md §8): what the one writer writes, the one reader reads
 * back — the mix chain as the folder of streamed files (§8.2), whose stage digests over the files
 * equal those of the JSON form; the reader refuses a wrong header or a file off its schema,
 * naming file and field.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type CountResult,
  type Group,
  type ShuffleProofJson,
  canonicalJsonString,
  contentDigest,
  elementToJson,
  groupByName,
  rowsToJson,
  shuffleProofToJson,
} from '@evident/e2e-crypto';
import { readProofFiles, readRows } from '@evident/e2e-crypto/mixnet-parallel';
import { createHash } from 'node:crypto';
import { CHAIN_INPUTS_FILE, MIX_CHAIN_DIR, stageFiles } from './mix-chain-files.js';
import { stageContentSha256, stageEntryDigest } from './stage-digest.js';
import {
  COUNT_FILE,
  DECRYPTIONS_FILE,
  INPUTS_FILE,
  MIX_CHAIN_FILE,
  type RankedFileName,
  readRankedFile,
  rankedFile,
} from './ranked-files.js';
import { type RankedFileBodies, writeRankedFiles } from './write-ranked.js';

const G = groupByName('ristretto255') as Group<unknown>;
/** a valid element (the writer decodes every element: the files hold encodings) */
const el = (b: number) => elementToJson(G, G.gExp(BigInt(b)));
const ct = { alpha: el(1), beta: el(2) };
const sc = '03'.padStart(64, '0');
const proof: ShuffleProofJson = {
  c: [el(4)],
  cHat: [el(5)],
  t1: el(6),
  t2: el(7),
  t3: el(8),
  t4: [ct],
  tHat: [el(9)],
  s1: sc,
  s2: sc,
  s3: sc,
  s4: [sc],
  sHat: [sc],
  sPrime: [sc],
};
const result: CountResult = {
  method: 'instant-runoff',
  seats: 1,
  validBallots: 1,
  elected: ['Ada'],
  rounds: [],
} as unknown as CountResult;
const bodies: RankedFileBodies = {
  group: 'ristretto255',
  contest: { id: 'mayor', candidates: ['Ada', 'Bo'], ranks: 1, seats: 1 },
  ballots: [
    {
      id: 'b-1',
      contestId: 'mayor',
      row: [ct],
      proofs: [{ a: [el(1), el(1)], b: [el(2), el(2)], c: [sc, sc], v: [sc, sc] }],
    },
  ],
  stages: [{ mixer: 'alice', guardian: 1, outputs: [[ct]], proof, signature: 'AB'.repeat(64) }],
  decryptions: {
    rows: [[{ M: el(1), proof: { a: el(1), b: el(2), v: sc } }]],
    plaintexts: [{ ranks: [1], writeIns: [] }],
  },
  result,
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function written(b: RankedFileBodies = bodies): string {
  const dir = mkdtempSync(join(tmpdir(), 'evident-ranked-files-'));
  dirs.push(dir);
  writeRankedFiles(dir, b);
  return dir;
}
/** The reader's problem after `edit` changes the written file `name`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test edits arbitrary JSON
async function problemAfter(name: RankedFileName, edit: (v: Record<string, any>) => void) {
  const dir = written();
  const path = join(dir, rankedFile('mayor', name));
  const v = JSON.parse(readFileSync(path, 'utf8'));
  edit(v);
  writeFileSync(path, JSON.stringify(v));
  const r = await readRankedFile(dir, 'mayor', name);
  return r.ok ? 'read' : `${r.problem.file} ${r.problem.field}`;
}

describe('ranked record files: one writer, one reader', () => {
  it('reads back what it wrote, each file with its header', async () => {
    const dir = written();
    const inputs = await readRankedFile(dir, 'mayor', INPUTS_FILE);
    expect(inputs.ok ? inputs.value : inputs.problem).toEqual({
      format: 'evident-ranked/inputs',
      version: 1,
      group: bodies.group,
      contest: bodies.contest,
      ballots: bodies.ballots,
    });
    const chain = await readRankedFile(dir, 'mayor', MIX_CHAIN_FILE);
    expect(chain.ok && chain.value).toEqual({
      format: 'evident-ranked/mix-chain',
      version: 2,
      contestId: 'mayor',
      N: 1,
      w: 1,
      stages: [{ mixer: 'alice', guardian: 1, signature: 'AB'.repeat(64) }],
    });
    const chainDir = join(dir, 'ranked', 'mayor', MIX_CHAIN_DIR);
    const { dir: d0, paths } = stageFiles(chainDir, 0);
    expect(rowsToJson(G, readRows(G, join(chainDir, CHAIN_INPUTS_FILE), 1))).toEqual([[ct]]);
    expect(rowsToJson(G, readRows(G, paths.outputs, 1))).toEqual(bodies.stages[0]!.outputs);
    expect(shuffleProofToJson(G, readProofFiles(G, paths, d0))).toEqual(proof);
    const dec = await readRankedFile(dir, 'mayor', DECRYPTIONS_FILE);
    expect(dec.ok && dec.value.method).toBe('threshold');
    const count = await readRankedFile(dir, 'mayor', COUNT_FILE);
    expect(count.ok && count.value.result).toEqual(result);
  });

  it('leaves out the decryptions and the count before they exist', async () => {
    const { decryptions: _d, result: _r, ...early } = bodies;
    const dir = written(early);
    const r = await readRankedFile(dir, 'mayor', COUNT_FILE);
    expect(r.ok ? 'read' : r.problem).toEqual({
      file: 'ranked/mayor/count.json',
      field: '',
      message: 'file is missing or unreadable',
    });
    expect((await readRankedFile(dir, 'mayor', MIX_CHAIN_FILE)).ok).toBe(true);
  });

  it('refuses a wrong header', async () => {
    expect(await problemAfter(COUNT_FILE, (v) => (v.format = 'evident-ranked/inputs'))).toBe(
      'ranked/mayor/count.json format',
    );
    expect(await problemAfter(DECRYPTIONS_FILE, (v) => (v.version = 2))).toBe(
      'ranked/mayor/decryptions.json version',
    );
    expect(await problemAfter(MIX_CHAIN_FILE, (v) => (v.contestId = 'dog'))).toBe(
      'ranked/mayor/mix-chain/chain.json contestId',
    );
  });

  it('refuses a file off its schema, naming the field', async () => {
    expect(await problemAfter(MIX_CHAIN_FILE, (v) => (v.stages[0].outputs = [[ct]]))).toBe(
      'ranked/mayor/mix-chain/chain.json stages[0].outputs',
    );
    expect(await problemAfter(MIX_CHAIN_FILE, (v) => (v.N = 0))).toBe('ranked/mayor/mix-chain/chain.json N');
    expect(await problemAfter(MIX_CHAIN_FILE, (v) => (v.version = 1))).toBe(
      'ranked/mayor/mix-chain/chain.json version',
    );
    expect(await problemAfter(MIX_CHAIN_FILE, (v) => (v.stages[0].signature = 'AB'))).toBe(
      'ranked/mayor/mix-chain/chain.json stages[0].signature',
    );
    expect(await problemAfter(INPUTS_FILE, (v) => delete v.ballots[0].proofs)).toBe(
      'ranked/mayor/inputs.json ballots[0].proofs',
    );
    expect(await problemAfter(DECRYPTIONS_FILE, (v) => (v.rows[0][0].proof.v = 'zz'))).toBe(
      'ranked/mayor/decryptions.json rows[0][0].proof.v',
    );
    expect(await problemAfter(COUNT_FILE, (v) => (v.result = []))).toBe('ranked/mayor/count.json result');
  });

  it("hashes a stage over its files exactly as its JSON form: the signed content and the board entry's digest", () => {
    const chainDir = join(written(), 'ranked', 'mayor', MIX_CHAIN_DIR);
    const st = bodies.stages[0]!;
    expect(stageContentSha256(chainDir, 0, G.elementLength, 1)).toEqual(
      contentDigest({ outputs: st.outputs, proof: st.proof }),
    );
    const whole = createHash('sha256').update(canonicalJsonString(st)).digest('hex');
    expect(stageEntryDigest(chainDir, 0, G.elementLength, 1, st)).toBe(whole);
    const { signature: _s, ...unsigned } = st;
    expect(stageEntryDigest(chainDir, 0, G.elementLength, 1, unsigned)).toBe(
      createHash('sha256').update(canonicalJsonString(unsigned)).digest('hex'),
    );
  });

  it('refuses to write a contest id that cannot name a folder', () => {
    expect(() => written({ ...bodies, contest: { ...bodies.contest, id: '..' } })).toThrow(RangeError);
  });
});
