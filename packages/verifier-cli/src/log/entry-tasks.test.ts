/**
 * L3.H (openings of challenged ballots, opening-task.ts) and L3.K (guardian uploads,
 * guardian-uploads.ts) as tasks of the L1 pass (entry-queue.ts): a forged opening and a forged or
 * malformed upload signature are named by their log line whether the tasks run in this thread or
 * in worker threads of the verification's pool, the findings in log order either way, and the
 * honest entries pass.
 */
import {
  contestDataNonce,
  elementToJson,
  generateGuardianSigningKey,
  indexManifest,
  mixStageStatement,
  randomScalar,
  ristretto,
  selectionNonce,
  signGuardianStatement,
  toHex,
} from '@evident/e2e-crypto';
import { createWorkerPool } from '@evident/e2e-crypto/worker-pool';
import { sampleManifest } from '@evident/record';
import { describe, expect, it } from 'vitest';
import { stepCollector } from '../report.js';
import { VERIFY_WORKER_FILE, workersAvailable } from '../evident/verify-pool.js';
import { entryQueue, type EntryFinding, type EntryRunner } from './entry-queue.js';
import { checkUploads, guardianUploadCheck, type UploadTask } from './guardian-uploads.js';
import type { Json } from './log-summary.js';
import { checkOpenings, type OpeningTask } from './opening-task.js';
import { canonicalWithParts } from './canonical-parts.js';

const G = ristretto;
const hE = new Uint8Array(32).fill(7);
const K = G.gExp(randomScalar(G.q));
const manifest = sampleManifest({ districts: 1, contestsPerDistrict: 2, options: 3, sharedContest: false });

/** A challenged-ballot entry whose nonce opens to marks 1, 0, 0 in each contest. */
function challenged(): Json {
  const xiB = randomScalar(G.q);
  const index = indexManifest(manifest);
  const opened: Record<string, Record<string, number>> = {};
  const contests = manifest.contests.map((c) => {
    const ic = index.contests.get(c.label)!;
    opened[c.label] = {};
    const selections = c.options.map((o, j) => {
      const v = j === 0 ? 1 : 0;
      opened[c.label]![o.label] = v;
      const xi = selectionNonce(G, hE, xiB, ic.index, j + 1);
      return { alpha: elementToJson(G, G.gExp(xi)), beta: elementToJson(G, G.exp(K, BigInt(v) + xi)) };
    });
    const c0 = elementToJson(G, G.gExp(contestDataNonce(G, hE, xiB, ic.index)));
    return { label: c.label, selections, contestData: { c0 } };
  });
  const nonce = toHex(new Uint8Array(Buffer.from(xiB.toString(16).padStart(64, '0'), 'hex')));
  return { type: 'challenged-ballot', submission: { nonce, ballot: { contests } }, opened };
}

/** 20 challenged ballots (three tasks); the 6th publishes a mark the nonce does not open. */
function openingItems(): { entry: Json; at: string }[] {
  return Array.from({ length: 20 }, (_, i) => {
    const e = challenged();
    if (i === 5) {
      const [c] = manifest.contests;
      (e.opened as Record<string, Record<string, number>>)[c!.label]![c!.options[1]!.label] = 1;
    }
    return { entry: e, at: `board/log.jsonl:${100 + i}` };
  });
}

const alice = generateGuardianSigningKey();
const mallory = generateGuardianSigningKey();

/**
 * A key-ceremony entry and 10 mix-stage uploads of guardian 1; the 3rd signed by another key, the
 * 8th's signature not hex, the 10th's content not JSON of integers.
 */
function uploadEntries(): { entry: Json; at: string }[] {
  const ceremony = {
    type: 'key-ceremony',
    initialized: {
      extendedBaseHash: toHex(hE),
      guardians: [{ index: 1, signingKey: toHex(alice.publicKey) }],
    },
  };
  const stages = Array.from({ length: 10 }, (_, j) => {
    const outputs = [[`${j}`]];
    const proof = { p: j };
    const key = j === 2 ? mallory : alice;
    const sig = toHex(
      signGuardianStatement(key.secretKey, mixStageStatement(hE, 'mayor', j, 1, outputs, proof)),
    );
    const signature = j === 7 ? 'zz'.repeat(64) : sig;
    // stage 9's proof is not JSON of integers: no content digest, so its signature cannot verify
    const p = j === 9 ? { p: 0.5 } : proof;
    return {
      type: 'mix-stage',
      contestId: 'mayor',
      stage: j,
      guardian: { x: 1 },
      outputs,
      proof: p,
      signature,
    };
  });
  return [ceremony, ...stages].map((entry, i) => ({ entry, at: `board/log.jsonl:${200 + i}` }));
}

const expectedOpenings = [
  [
    'L3.H',
    `board/log.jsonl:105 opened.${manifest.contests[0]!.label}.${manifest.contests[0]!.options[1]!.label}`,
  ],
];
const expectedUploads = [
  ['L3.K', 'board/log.jsonl:203 signature'],
  ['L3.K', 'board/log.jsonl:208 signature'],
  ['L3.K', 'board/log.jsonl:210 signature'],
];

async function openingFindings(run?: EntryRunner<OpeningTask>) {
  const l3 = stepCollector('L3', 'board');
  const q = entryQueue(8, checkOpenings, run);
  const election = {};
  for (const item of openingItems())
    await q.add(item, (items) => ({ profile: G.name, hE, K: G.encode(K), manifest, items }), election);
  await q.flush(l3);
  return l3.done().failures.map((f) => [f.check, f.location]);
}

/** The uploads' findings; `kept`: with the canonical parts the L1 pass keeps (else serialized again). */
async function uploadFindings(run?: EntryRunner<UploadTask>, kept = true) {
  const l3 = stepCollector('L3', 'board');
  const q = entryQueue(4, checkUploads, run);
  const check = guardianUploadCheck(l3, q);
  for (const { entry, at } of uploadEntries()) {
    const parts = new Map<object, string>();
    try {
      if (kept) canonicalWithParts(entry, 4, parts);
    } catch {
      // not JSON of integers: L1.B's finding; the parts kept so far stay
    }
    await check.entry(entry, at, parts);
  }
  await q.flush(l3);
  const r = l3.done();
  return { items: r.checked, failures: r.failures.map((f) => [f.check, f.location]) };
}

describe('openings of challenged ballots (L3.H) and guardian uploads (L3.K) as tasks', () => {
  it('name the forged opening and the forged and malformed signatures in this thread', async () => {
    expect(await openingFindings()).toEqual(expectedOpenings);
    expect(await uploadFindings()).toEqual({ items: 10, failures: expectedUploads });
    expect(await uploadFindings(undefined, false)).toEqual({ items: 10, failures: expectedUploads });
  });

  it.runIf(workersAvailable())('name the same items when the tasks run in worker threads', async () => {
    const pool = createWorkerPool({ worker: VERIFY_WORKER_FILE, threads: 2, workerData: {} });
    try {
      expect(await openingFindings((t) => pool.run<EntryFinding[]>(t, 'openingTask'))).toEqual(
        expectedOpenings,
      );
      expect(await uploadFindings((t) => pool.run<EntryFinding[]>(t, 'uploadTask'))).toEqual({
        items: 10,
        failures: expectedUploads,
      });
    } finally {
      await pool.close();
    }
  });
});
