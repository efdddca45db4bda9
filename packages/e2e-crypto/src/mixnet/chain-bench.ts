/**
 * A ranked contest's mix chain as the verifier checks it (spec/mixnet.md §5.3, §7.5): k streamed
 * stages of N rows of width w (ristretto255) in the calling thread with a scope of kept rows, the
 * stages one by one (`verifyShuffleStream`, as before the one batch) alternated with the one batch
 * (`verifyChainStream`), CPU seconds of each run, medians and their ratio measured in the same
 * run. Defaults are the demo's council contest: `EVIDENT_MIX_CHAIN_N` (1,994), `EVIDENT_MIX_CHAIN_W`
 * (2), `EVIDENT_MIX_CHAIN_STAGES` (3), `EVIDENT_MIX_CHAIN_RUNS` (3 of each). Node only.
 * @module
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encrypt, publicKey } from '../elgamal/elgamal.js';
import { ristretto } from '../group/ristretto255.js';
import { randomScalar } from '../group/scalar.js';
import { type BenchSuite, cpuSeconds, envInt } from './bench-suite.js';
import { mixSessionHash } from './generators.js';
import { inThread } from './parallel/pool.js';
import { type ChainStageFiles, verifyChainStream } from './stream/chain-verify.js';
import { keepCiphertextRows, releaseScope } from './stream/kept-rows.js';
import { shufflePaths } from './stream/shuffle-files.js';
import { appendRows, readRows } from './stream/shuffle-io.js';
import { shuffleAndProveStream } from './stream/stream-prove.js';
import { verifyShuffleStream } from './stream/stream-verify.js';

const median = (x: readonly number[]): number => [...x].sort((a, b) => a - b)[x.length >> 1]!;

export const mixnetChainSuite: BenchSuite = {
  name: 'mixnet-chain',
  description: "a ranked contest's mix chain in one thread: its stages one by one vs one batch (CPU s)",
  async run() {
    const N = envInt('EVIDENT_MIX_CHAIN_N', 1994, 1);
    const w = envInt('EVIDENT_MIX_CHAIN_W', 2, 1);
    const k = envInt('EVIDENT_MIX_CHAIN_STAGES', 3, 1);
    const runs = envInt('EVIDENT_MIX_CHAIN_RUNS', 3, 1);
    const G = ristretto;
    const pk = publicKey(G, G.gExp(randomScalar(G.q)));
    const session = mixSessionHash(new Uint8Array(32).fill(1), 'contest:bench');
    const root = mkdtempSync(join(tmpdir(), 'evident-chain-bench-'));
    try {
      const rows = Array.from({ length: N }, (_, i) =>
        Array.from({ length: w }, (_, x) => encrypt(G, pk, (i + x) % 5)),
      );
      const inputs = join(root, 'inputs.bin');
      appendRows(G, inputs, rows, false);
      const stages: ChainStageFiles[] = [];
      for (let j = 0; j < k; j++) {
        const dir = join(root, `stage-${j}`);
        mkdirSync(dir);
        const paths = shufflePaths(dir, j === 0 ? inputs : join(root, `stage-${j - 1}`, 'outputs.bin'));
        await shuffleAndProveStream(inThread, G, pk, session, paths, dir, N, w, {});
        stages.push({ dir, paths, where: `stage-${j}/` });
      }
      const bytes = new Uint8Array(readFileSync(inputs));
      let scopes = 0;
      // as step C: the inputs kept (decoded by B), the last outputs read for D from the scope
      const timed = async (check: (keep: string) => Promise<number>): Promise<number> => {
        const keep = `bench-${++scopes}`;
        keepCiphertextRows(G, keep, inputs, 0, rows, bytes);
        const c0 = cpuSeconds();
        const found = await check(keep);
        readRows(G, stages[k - 1]!.paths.outputs, w, keep);
        const cpu = cpuSeconds() - c0;
        releaseScope(keep);
        if (found > 0) throw new Error('mixnet-chain: the chain does not verify');
        return cpu;
      };
      const oneByOne = async (keep: string): Promise<number> => {
        let n = 0;
        for (const st of stages)
          n += (await verifyShuffleStream(inThread, G, pk.K, session, st.paths, st.dir, { keep })).length;
        return n;
      };
      const oneBatch = async (keep: string): Promise<number> =>
        (await verifyChainStream(inThread, G, pk.K, session, stages, { keep })).flat().length;
      await timed(oneByOne); // warm-up: comb tables, WebAssembly
      await timed(oneBatch);
      const a: number[] = [];
      const b: number[] = [];
      for (let r = 0; r < runs; r++) {
        a.push(await timed(oneByOne));
        b.push(await timed(oneBatch));
      }
      const row = (method: string, t: number[]) => ({
        method,
        N,
        w,
        stages: k,
        cpuSecondsMedian: median(t),
        cpuSecondsRuns: t.map((x) => x.toFixed(3)).join(' '),
        ratioToOneByOne: median(t) / median(a),
      });
      return {
        rows: [row('stages one by one (verifyShuffleStream)', a), row('one batch (verifyChainStream)', b)],
        notes: ['runs alternated in one process; CPU time of this thread (all work runs in it)'],
      };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
