/**
 * The national-scale path of the record's chain (spec/mixnet.md §8.2, §7.5): the streamed prover
 * writes each stage straight into `mix-chain/stage-<j>/`, only `chain.json` is added, and step C
 * accepts it — and names a stage whose files were swapped with another stage's.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { mkdirSync, openSync, closeSync, writeSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CiphertextRow, encrypt, mixSessionHash, publicKey, ristretto } from '@evident/e2e-crypto';
import { appendRows, inThread, shuffleAndProveStream } from '@evident/e2e-crypto/mixnet-parallel';
import { CHAIN_INPUTS_FILE, stageFiles, writeChainHead } from '@evident/record';
import { stepCollector } from '../report.js';
import { verifyChainFolder } from './verify-chain.js';

const G = ristretto;
const K = G.gExp(987654321n);
const pk = publicKey(G, K);
const hE = new Uint8Array(32).fill(5);
const N = 40;
const w = 2;
const rows: CiphertextRow<typeof G.g>[] = Array.from({ length: N }, (_, i) =>
  Array.from({ length: w }, (_, k) => encrypt(G, pk, (i + k) % 7)),
);
/** step B's view of inputs.json: N rows of width w, every one equal to inputs.bin's */
const inputs = { N, w, c1Bad: -1 };
const LAST = 'ranked/mayor/mix-chain/stage-1/outputs.bin';
let root = '';
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function streamedRecord(): Promise<string> {
  root = await mkdtemp(join(tmpdir(), 'evident-chain-'));
  const chainDir = join(root, 'ranked', 'mayor', 'mix-chain');
  mkdirSync(chainDir, { recursive: true });
  appendRows(G, join(chainDir, CHAIN_INPUTS_FILE), rows.slice(0, 25), false);
  appendRows(G, join(chainDir, CHAIN_INPUTS_FILE), rows.slice(25)); // chunk by chunk
  const session = mixSessionHash(hE, 'contest:mayor');
  for (let j = 0; j < 2; j++) {
    const { dir, paths } = stageFiles(chainDir, j);
    mkdirSync(dir, { recursive: true });
    await shuffleAndProveStream(inThread, G, pk, session, paths, dir, N, w);
  }
  writeChainHead(chainDir, 'mayor', N, w, [{ mixer: 'a' }, { mixer: 'b' }]);
  return root;
}

describe('a chain proved straight into the record folder', () => {
  it('verifies; stage folders swapped are findings naming the stage', async () => {
    const dir = await streamedRecord();
    const C = stepCollector('C:mayor', 'chain');
    const ctx = { G, K, hE, minStages: 2 };
    const last = await verifyChainFolder(dir, 'mayor', ctx, inputs, C);
    expect(C.done().failures).toEqual([]);
    expect(last).toBe(LAST);

    const swapped = join(dir, '..', 'swapped');
    await cp(dir, swapped, { recursive: true });
    const chain = join(swapped, 'ranked', 'mayor', 'mix-chain');
    await cp(join(chain, 'stage-0'), join(chain, 'tmp'), { recursive: true });
    await rm(join(chain, 'stage-0'), { recursive: true });
    await cp(join(chain, 'stage-1'), join(chain, 'stage-0'), { recursive: true });
    await rm(join(chain, 'stage-1'), { recursive: true });
    await cp(join(chain, 'tmp'), join(chain, 'stage-1'), { recursive: true });
    const S = stepCollector('C:mayor', 'chain');
    // the last outputs are still readable: step D gets them, its findings add to C's
    expect(await verifyChainFolder(swapped, 'mayor', ctx, inputs, S)).toBe(LAST);
    const where = S.done().failures.map((f) => f.location);
    expect(where.length).toBeGreaterThan(0);
    expect(where.every((l) => /^ranked\/mayor\/mix-chain\/stage-[01]\//.test(l))).toBe(true);
    await rm(swapped, { recursive: true, force: true });
  });

  it("names a bad row of a stage's inputs by the file that holds it, not the stage's own outputs", async () => {
    const dir = await streamedRecord();
    const ctx = { G, K, hE, minStages: 2 };
    const chain = join(dir, 'ranked', 'mayor', 'mix-chain');
    const out0 = join(chain, 'stage-0', 'outputs.bin');
    // row 3 of stage 0's outputs (= stage 1's inputs) is no group element
    const fd = openSync(out0, 'r+');
    writeSync(
      fd,
      new Uint8Array(G.elementLength).fill(0xff),
      0,
      G.elementLength,
      3 * 2 * w * G.elementLength,
    );
    closeSync(fd);
    const C = stepCollector('C:mayor', 'chain');
    await verifyChainFolder(dir, 'mayor', ctx, inputs, C);
    const bad = C.done().failures.map((f) => `${f.check} ${f.location}`);
    expect(bad).toContain('M2 ranked/mayor/mix-chain/stage-0/outputs.bin[3]');
    expect(bad.filter((l) => l.includes('stage-1/outputs.bin'))).toEqual([]);
    expect(bad.filter((l) => l.startsWith('M2 ')).length).toBe(2); // stage 0's outputs, stage 1's inputs

    // the same file one byte short: stage 1's size check names it too
    truncateSync(out0, statSync(out0).size - 1);
    const S = stepCollector('C:mayor', 'chain');
    await verifyChainFolder(dir, 'mayor', ctx, inputs, S);
    const short = S.done().failures.map((f) => `${f.check} ${f.location}`);
    expect(short.filter((l) => l.includes('stage-1/outputs.bin'))).toEqual([]);
    expect(short.filter((l) => l === 'M1 ranked/mayor/mix-chain/stage-0/outputs.bin').length).toBe(2);
  });

  it('C1: names the first row step B found different from inputs.bin, and a short inputs.bin', async () => {
    const dir = await streamedRecord();
    const ctx = { G, K, hE, minStages: 2 };
    const C = stepCollector('C:mayor', 'chain');
    expect(await verifyChainFolder(dir, 'mayor', ctx, { ...inputs, c1Bad: 7 }, C)).toBeUndefined();
    expect(C.done().failures.map((f) => `${f.check} ${f.location}`)).toEqual([
      'C1 ranked/mayor/mix-chain/inputs.bin[7]',
    ]);
    truncateSync(join(dir, 'ranked', 'mayor', 'mix-chain', CHAIN_INPUTS_FILE), 10);
    const S = stepCollector('C:mayor', 'chain');
    expect(await verifyChainFolder(dir, 'mayor', ctx, inputs, S)).toBeUndefined();
    expect(S.done().failures[0]?.message).toMatch(/^expected \d+ bytes \(40 rows\), got 10$/);
  });
});
