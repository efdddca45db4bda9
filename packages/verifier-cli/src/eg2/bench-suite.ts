/**
 * Benchmark of ElectionGuard 2.0 record verification (target: eg-4096
 * ballots/s for the ElectionGuard fixtures' ballot shape; spec/verification-eg2.md §4).
 *
 * Verifies the encrypted ballots of egk's chainedJson record (20 contests, 100 selections,
 * vote limit 1) with 1 and 2 worker threads, and reports ballots/s next to the raw
 * exponentiation rates measured in the same run, with the ratio of the measured time per
 * ballot to the time its exponentiations alone should take.
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eg4096, randomScalar, timeIt, type BenchRow, type BenchSuite } from '@evident/e2e-crypto';
import type { ContextData } from './context.js';
import type { Job } from './jobs.js';
import { acceleratedEg4096, isGroupMember } from './openssl-group.js';
import { runJobs, workersAvailable } from './pool.js';
import { FILES, readInitialized, readLayout, readManifest } from './record-reader.js';
import { verifyElectionGuardRecord } from './verify-record.js';

const FIXTURE = fileURLToPath(new URL('../../../../fixtures/electionguard-2.0/chainedJson', import.meta.url));
/** How many times the fixture's 11 ballots are verified per measurement. */
const REPEAT = 2;

/** Seconds that `fn` takes once. */
async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

export const eg2Suite: BenchSuite = {
  name: 'verify-eg2',
  description: 'evident-verify on ElectionGuard 2.0 records (egk chainedJson, eg-4096)',
  async run() {
    if (!existsSync(FIXTURE)) return { rows: [], notes: [`fixture missing: ${FIXTURE}`] };
    const G = acceleratedEg4096();
    const x = eg4096.gExp(randomScalar(eg4096.q));
    const e = (): bigint => randomScalar(eg4096.q);
    const msVar = timeIt(() => G.exp(x, e()));
    const msMember = timeIt(() => isGroupMember(x));
    const msBigInt = timeIt(() => eg4096.exp(x, e()), 300, 3);
    const msFixed = timeIt(() => G.gExp(e()));
    const rows: BenchRow[] = [
      { step: 'raw x^e, OpenSSL (variable base)', ms: msVar, opsPerSec: 1000 / msVar },
      { step: 'raw x^(q+1) membership test', ms: msMember, opsPerSec: 1000 / msMember },
      { step: 'raw x^e, BigInt (core eg4096.exp)', ms: msBigInt, opsPerSec: 1000 / msBigInt },
      { step: 'raw g^e / K^e (fixed-base comb)', ms: msFixed, opsPerSec: 1000 / msFixed },
    ];

    // One ballot of the fixture's shape: 100 selections (R = 1) and 20 contests (L = 1):
    // 200 membership tests (5.A), 4 variable-base (α^c_j, β^c_j) and 4 fixed-base (g^v_j, K^w_j)
    // exponentiations per range proof, 120 range proofs.
    const proofs = 120;
    const predictedMs = 200 * msMember + proofs * 4 * msVar + proofs * 4 * msFixed;
    const init = readInitialized(FIXTURE);
    const data: ContextData = {
      dir: FIXTURE,
      K: init.jointPublicKey,
      hE: init.extendedBaseHash,
      contests: readManifest(FIXTURE).contests,
    };
    const files = [...readLayout(FIXTURE).devices.values()].flat();
    const notes: string[] = [
      `ballot shape: 20 contests × 5 selections; predicted exponentiation time ${predictedMs.toFixed(0)} ms per ballot ` +
        `(200 membership + ${proofs * 4} variable-base + ${proofs * 4} fixed-base)`,
    ];
    const threads = workersAvailable() ? [1, 2] : [0];
    if (!workersAvailable()) notes.push('compiled worker.js not found: measured in the main thread');
    let single = 0;
    for (const w of threads) {
      const lanes = Math.max(1, w);
      const jobs: Job[] = [];
      for (let r = 0; r < REPEAT; r++) for (const f of files) jobs.push({ kind: 'ballots', files: [f] });
      // worker start-up (OpenSSL checks p, comb tables for g and K), measured apart
      const startup: Job[] = Array.from({ length: lanes }, () => ({
        kind: 'tally',
        file: FILES.tally,
        contests: [],
      }));
      const tStart = await seconds(() => runJobs(data, startup, w, () => {}));
      const cpu0 = process.cpuUsage(); // all threads of this process
      const t = await seconds(() => runJobs(data, jobs, w, () => {}));
      const cpu = process.cpuUsage(cpu0);
      const steady = Math.max(1e-9, t - tStart);
      const perSec = jobs.length / steady;
      if (lanes === 1) single = perSec;
      rows.push({
        step: `verify ballots, ${w === 0 ? 'main thread' : `${w} worker${w > 1 ? 's' : ''}`}`,
        ballots: jobs.length,
        seconds: t,
        startupSeconds: tStart,
        ballotsPerSec: perSec,
        msPerBallotPerCore: (1000 * steady * lanes) / jobs.length,
        cpuMsPerBallot: (cpu.user + cpu.system) / 1000 / jobs.length,
        ratioToRaw: (1000 * steady * lanes) / jobs.length / predictedMs,
        speedup: single > 0 ? perSec / single : 1,
      });
    }
    const wAll = workersAvailable() ? undefined : 0;
    const whole = await seconds(() =>
      verifyElectionGuardRecord(FIXTURE, wAll === undefined ? {} : { workers: wAll }),
    );
    rows.push({
      step: 'whole chainedJson record (11 ballots, tally, 3 challenged), all cores',
      seconds: whole,
    });
    notes.push(
      'ratioToRaw = measured time per ballot per core / predicted exponentiation time; the rest is hashing (HMAC-SHA-256 of ' +
        '3.5 KB per proof), JSON parsing and BigInt multiplications. cpuMsPerBallot (process CPU time, start-up included) ' +
        'does not depend on other load on the machine; wall-clock figures do.',
    );
    return { rows, notes };
  },
};
