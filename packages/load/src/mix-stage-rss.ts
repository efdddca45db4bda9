/**
 * `npm run bench:mix-stage-rss -- MODE DIR …`: peak memory of one guardian's mix stage, the
 * in-memory build of earlier versions against the streamed build of `evident-trustee mix`
 * (`proveStageOnFiles` of @evident/trustee-cli), each in a process of
 * its own (peak RSS is per process). The rows come from a prepared `inputs.bin`; what is measured
 * is the stage: shuffle, proof, signature and the stage file written (the verification of the mix
 * so far is the same in both and not included). Prints one JSON line.
 *   node packages/load/dist/mix-stage-rss.js prepare DIR N [w]   writes DIR/inputs.bin (ristretto255)
 *   node packages/load/dist/mix-stage-rss.js memory DIR         the in-memory build (rows, outputs, proof, JSON)
 *   node packages/load/dist/mix-stage-rss.js files DIR          the streamed build (work folder DIR/work)
 * @module
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  encrypt,
  generateGuardianSigningKey,
  mixSessionHash,
  mixStageStatement,
  publicKey,
  randomScalar,
  ristretto,
  signGuardianStatement,
  signatureHex,
} from '@evident/e2e-crypto';
import {
  appendRows,
  createPool,
  precomputeShuffleParallel,
  readRows,
  shuffleAndProveParallel,
} from '@evident/e2e-crypto/mixnet-parallel';
import { mixStageJson, schemaProblem } from '@evident/record';
import { proveStageOnFiles } from '@evident/trustee-cli';

const G = ristretto;
const [mode, dir, nArg, wArg] = process.argv.slice(2);
const hE = new Uint8Array(32).fill(7);
const K = G.gExp(12345678901234567890n);
const pk = publicKey(G, K);
const session = mixSessionHash(hE, 'contest:mayor');
const head = { ceremonyId: 'AB'.repeat(32), contestId: 'mayor', stage: 0, guardian: { id: 'alice', x: 1 } };
const { secretKey } = generateGuardianSigningKey();

async function inMemory(d: string, w: number): Promise<void> {
  const rows = readRows(G, join(d, 'inputs.bin'), w);
  const pool = await createPool(0);
  const pre = await precomputeShuffleParallel(pool, G, pk, session, rows.length, w);
  const { outputs, proof } = await shuffleAndProveParallel(pool, G, pk, session, rows, pre);
  await pool.close();
  const unsigned = mixStageJson(G, { ...head, outputs, proof });
  const st = mixStageStatement(hE, 'mayor', 0, 1, unsigned.outputs, unsigned.proof);
  const stage = { ...unsigned, signature: signatureHex(signGuardianStatement(secretKey, st)) };
  if (schemaProblem('mix-stage', stage)) throw new Error('schema');
  writeFileSync(join(d, 'stage-memory.json'), JSON.stringify(stage, null, 2) + '\n');
}

async function onFiles(d: string, N: number, w: number): Promise<void> {
  const work = join(d, 'work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  // the command writes inputs.bin from the ballots it verified; here the prepared file is copied
  copyFileSync(join(d, 'inputs.bin'), join(work, 'inputs.bin'));
  const runner = await createPool(0);
  const stage = join(work, 'stage');
  mkdirSync(stage);
  await proveStageOnFiles(
    { G, pk, session, hE, head, signingSecret: secretKey, runner },
    stage,
    join(work, 'inputs.bin'),
    N,
    w,
    join(d, 'stage-files.json'),
  );
  await runner.close();
  rmSync(work, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const t0 = process.cpuUsage();
  if (mode === 'prepare') {
    const N = Number(nArg);
    const w = Number(wArg ?? 1);
    mkdirSync(dir!, { recursive: true });
    const rows = [];
    for (let i = 0; i < N; i++)
      rows.push(Array.from({ length: w }, () => encrypt(G, pk, Number(randomScalar(G.q) % 5n))));
    appendRows(G, join(dir!, 'inputs.bin'), rows, false);
    writeFileSync(join(dir!, 'shape.json'), JSON.stringify({ N, w }));
    return;
  }
  const { N, w } = JSON.parse(readFileSync(join(dir!, 'shape.json'), 'utf8')) as { N: number; w: number };
  if (mode === 'memory') await inMemory(dir!, w);
  else if (mode === 'files') await onFiles(dir!, N, w);
  else throw new Error('mode: prepare | memory | files');
  const cpu = process.cpuUsage(t0);
  const out = mode === 'memory' ? 'stage-memory.json' : 'stage-files.json';
  console.log(
    JSON.stringify({
      mode,
      N,
      w,
      maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      cpuS: (cpu.user + cpu.system) / 1e6,
      stageFileMB: Math.round(statSync(join(dir!, out)).size / 1e6),
    }),
  );
}

await main();
