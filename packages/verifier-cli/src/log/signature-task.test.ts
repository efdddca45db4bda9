/**
 * L3.E in batches (signature-task.ts, signature-batch.ts): a forged or malformed credential
 * signature is named by its log line whether the batch runs in this thread or in a worker thread
 * of the verification's pool, and valid ones are not.
 */
import {
  credentialSignatureToJson,
  generateCredential,
  ristretto,
  signWithCredential,
  toHex,
} from '@evident/e2e-crypto';
import { createWorkerPool } from '@evident/e2e-crypto/worker-pool';
import { describe, expect, it } from 'vitest';
import { stepCollector } from '../report.js';
import { VERIFY_WORKER_FILE, workersAvailable } from '../evident/verify-pool.js';
import { signatureBatch } from './signature-batch.js';
import {
  checkSignatures,
  type SignatureItem,
  type SignatureTask,
  type SignatureVerdict,
} from './signature-task.js';

const G = ristretto;
const hE = new Uint8Array(32).fill(7);

/** 150 signed items (three batches); item 3 signs another digest, item 97's signature is not hex. */
function items(): SignatureItem[] {
  return Array.from({ length: 150 }, (_, i) => {
    const c = generateCredential(G, hE);
    const digest = new Uint8Array(32).fill(i % 251);
    const purpose = i % 2 ? 'challenge' : 'cast';
    const signed = i === 3 ? new Uint8Array(32).fill(255) : digest;
    const json: unknown = credentialSignatureToJson(G, signWithCredential(G, hE, c.s, purpose, signed));
    const sig = json as Record<string, unknown>;
    return {
      credential: toHex(G.encode(c.S)).toUpperCase(),
      purpose,
      digest,
      sig: i === 97 ? { ...sig, [Object.keys(sig)[0]!]: 'not hex' } : sig,
      at: `board/log.jsonl:${i + 10}`,
    };
  });
}

const expected = [
  ['L3.E', 'board/log.jsonl:13 submission.signature'],
  ['L3.E', 'board/log.jsonl:107'],
];

async function findings(run?: (t: SignatureTask) => Promise<SignatureVerdict[]>) {
  const l3 = stepCollector('L3', 'board');
  const b = signatureBatch(l3, run);
  for (const item of items()) await b.add(G.name, hE, item);
  await b.flush();
  return l3.done().failures.map((f) => [f.check, f.location]);
}

describe('credential signatures of the board (L3.E)', () => {
  it('are named by log line when checked in this thread', async () => {
    expect(checkSignatures({ profile: G.name, hE, items: items() }).map((v) => v.at)).toEqual([
      'board/log.jsonl:13',
      'board/log.jsonl:107',
    ]);
    expect(await findings()).toEqual(expected);
  });

  it.runIf(workersAvailable())('are named the same when the batches run in worker threads', async () => {
    const pool = createWorkerPool({ worker: VERIFY_WORKER_FILE, threads: 2, workerData: {} });
    try {
      expect(await findings((t) => pool.run<SignatureVerdict[]>(t, 'signatureTask'))).toEqual(expected);
    } finally {
      await pool.close();
    }
  });
});
