/**
 * The one batch of a chain's stages (./chain-verify.ts, spec/mixnet.md §7.4): a valid chain is
 * accepted for any chunking, with the first inputs taken from and the last outputs kept in a
 * scope; every kind of tampering in any stage — an output, a commitment, a chain element, a
 * response, the head, a swapped stage, a non-member — is rejected with exactly the findings of the
 * stages checked one by one (verifyShuffleStream).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { bigintToBytes } from '../../bytes.js';
import { encrypt, publicKey } from '../../elgamal/elgamal.js';
import { ristretto } from '../../group/ristretto255.js';
import { randomScalar } from '../../group/scalar.js';
import { mixSessionHash } from '../generators.js';
import { createPool, inThread } from '../parallel/pool.js';
import { type ChainStageFiles, verifyChainStream } from './chain-verify.js';
import { keepCiphertextRows, keptElements, releaseScope } from './kept-rows.js';
import { headPath, shufflePaths } from './shuffle-files.js';
import { appendRows } from './shuffle-io.js';
import { shuffleAndProveStream } from './stream-prove.js';
import { verifyShuffleStream } from './stream-verify.js';

const G = ristretto;
const L = G.elementLength;
const pk = publicKey(G, G.gExp(randomScalar(G.q)));
const session = mixSessionHash(new Uint8Array(32).fill(9), 'contest:chain');

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
afterEach(() => releaseScope('chain'));

const stageOf = (root: string, j: number): ChainStageFiles => {
  const dir = join(root, `stage-${j}`);
  const inputs = j === 0 ? join(root, 'inputs.bin') : join(root, `stage-${j - 1}`, 'outputs.bin');
  return { dir, paths: shufflePaths(dir, inputs), where: `stage-${j}/`, inputsWhere: inputs };
};

/** A valid chain of k stages of N rows of width w in a fresh folder. */
async function chain(N: number, w: number, k: number) {
  const root = mkdtempSync(join(tmpdir(), 'evident-mix-chain-'));
  made.push(root);
  const inputs = Array.from({ length: N }, (_, i) =>
    Array.from({ length: w }, (_, x) => encrypt(G, pk, (i + 2 * x) % 5)),
  );
  appendRows(G, join(root, 'inputs.bin'), inputs, false);
  const stages = Array.from({ length: k }, (_, j) => stageOf(root, j));
  for (const st of stages) {
    mkdirSync(st.dir);
    await shuffleAndProveStream(inThread, G, pk, session, st.paths, st.dir, N, w, {});
  }
  return { root, stages, inputs };
}

/** The findings of the stages checked one by one, as before the one batch. */
async function oneByOne(stages: readonly ChainStageFiles[]) {
  const out = [];
  for (const st of stages)
    out.push(
      await verifyShuffleStream(inThread, G, pk.K, session, st.paths, st.dir, {
        where: st.where!,
        inputsWhere: st.inputsWhere!,
      }),
    );
  return out;
}

/** Replaces the element at byte `at` of `file` by itself times g (still a member). */
function moveElement(file: string, at: number): void {
  const b = new Uint8Array(readFileSync(file));
  b.set(G.encode(G.mul(G.decode(b.subarray(at, at + L), 'x'), G.g)), at);
  writeFileSync(file, b);
}

describe('verifyChainStream', () => {
  it('accepts a valid chain for any chunking (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 8 }),
        async (N, w, k, chunkRows) => {
          const x = await chain(N, w, k);
          const found = await verifyChainStream(inThread, G, pk.K, session, x.stages, { chunkRows });
          expect(found).toEqual(x.stages.map(() => []));
        },
      ),
      { numRuns: 8 },
    );
  });

  it('takes the first inputs kept in a scope and keeps the last outputs for the next reader', async () => {
    const N = 5;
    const w = 2;
    const x = await chain(N, w, 3);
    const inputsPath = x.stages[0]!.paths.inputs;
    keepCiphertextRows(G, 'chain', inputsPath, 0, x.inputs, new Uint8Array(readFileSync(inputsPath)));
    expect(keptElements()).toBe(N * 2 * w);
    expect(await verifyChainStream(inThread, G, pk.K, session, x.stages, { keep: 'chain' })).toEqual([
      [],
      [],
      [],
    ]);
    expect(keptElements()).toBe(N * 2 * w); // the inputs taken, the last stage's outputs kept
    // kept points that are not the file's (another row's, for the same bytes): the batch fails
    releaseScope('chain');
    const rotated = [...x.inputs.slice(1), x.inputs[0]!];
    keepCiphertextRows(G, 'chain', inputsPath, 0, rotated, new Uint8Array(readFileSync(inputsPath)));
    const found = await verifyChainStream(inThread, G, pk.K, session, x.stages, { keep: 'chain' });
    expect(found[0]!.map((f) => f.check)).toContain('M5');
  });

  const N = 6;
  const w = 2;
  const rowB = 2 * w * L;
  const tamper: [string, (root: string) => void][] = [
    ['an output of the middle stage', (r) => moveElement(join(r, 'stage-1', 'outputs.bin'), 2 * rowB + L)],
    ['an output of the last stage', (r) => moveElement(join(r, 'stage-2', 'outputs.bin'), 5 * rowB)],
    ['a commitment c of the first stage', (r) => moveElement(join(r, 'stage-0', 'c.bin'), 3 * L)],
    ['a chain element ĉ of the last stage', (r) => moveElement(join(r, 'stage-2', 'cHat.bin'), 0)],
    ['a t̂ of the middle stage', (r) => moveElement(join(r, 'stage-1', 'tHat.bin'), 4 * L)],
    [
      'a response ŝ of the middle stage',
      (r) => {
        const f = join(r, 'stage-1', 'sHat.bin');
        const b = new Uint8Array(readFileSync(f));
        b.set(bigintToBytes(12345n, 32), 32);
        writeFileSync(f, b);
      },
    ],
    [
      "a response s' out of range in the last stage",
      (r) => {
        const f = join(r, 'stage-2', 'sPrime.bin');
        const b = new Uint8Array(readFileSync(f));
        b.fill(0xff, 64, 96);
        writeFileSync(f, b);
      },
    ],
    [
      'a non-member in the middle outputs',
      (r) =>
        writeFileSync(
          join(r, 'stage-1', 'outputs.bin'),
          (() => {
            const b = new Uint8Array(readFileSync(join(r, 'stage-1', 'outputs.bin')));
            b.fill(0xff, rowB, rowB + L);
            return b;
          })(),
        ),
    ],
    [
      'the head s_1 of the first stage',
      (r) => {
        const p = headPath(join(r, 'stage-0'));
        const h = JSON.parse(readFileSync(p, 'utf8')) as { s1: string };
        h.s1 = h.s1.replace(/.$/, (d) => (d === '0' ? '1' : '0'));
        writeFileSync(p, JSON.stringify(h));
      },
    ],
    [
      'the middle and last stages swapped',
      (r) => {
        renameSync(join(r, 'stage-1'), join(r, 'tmp'));
        renameSync(join(r, 'stage-2'), join(r, 'stage-1'));
        renameSync(join(r, 'tmp'), join(r, 'stage-2'));
      },
    ],
    ['a missing file', (r) => rmSync(join(r, 'stage-1', 'tHat.bin'))],
  ];

  it.each(tamper)('rejects %s with the findings of the stages one by one', async (_, change) => {
    const x = await chain(N, w, 3);
    change(x.root);
    const found = await verifyChainStream(inThread, G, pk.K, session, x.stages);
    expect(found.flat().length).toBeGreaterThan(0);
    expect(found).toEqual(await oneByOne(x.stages));
  });
});

// Real worker threads: the compiled worker of `npx tsc -b` (dist/), when present.
const distWorker = new URL('../../../dist/mixnet/parallel/mix-worker.js', import.meta.url);
describe.skipIf(!existsSync(distWorker))('verifyChainStream on worker threads (dist)', () => {
  it('accepts a valid chain and names a changed output as the stages one by one do', async () => {
    const pool = await createPool(2, { workerUrl: distWorker });
    try {
      const x = await chain(9, 2, 3);
      expect(await verifyChainStream(pool, G, pk.K, session, x.stages, { chunkRows: 2 })).toEqual([
        [],
        [],
        [],
      ]);
      moveElement(join(x.root, 'stage-1', 'outputs.bin'), 4 * 2 * 2 * L + L);
      const found = await verifyChainStream(pool, G, pk.K, session, x.stages, { chunkRows: 2 });
      expect(found.flat().length).toBeGreaterThan(0);
      expect(found).toEqual(await oneByOne(x.stages));
    } finally {
      await pool.close();
    }
  });
});
