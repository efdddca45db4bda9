/**
 * Worker-thread entry of the ballot pass (spec/verification.md §0.3): loads the record's context
 * once, then checks the chunks it is sent.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type Chunk, checkChunk } from './check-chunk.js';
import { loadEvidentContext } from './context.js';

const { dir } = workerData as { dir: string };
const { ctx } = loadEvidentContext(dir);
parentPort!.on('message', (msg: { id: number; chunk: Chunk }) => {
  if (!ctx) {
    parentPort!.postMessage({ id: msg.id, error: 'context unavailable' });
    return;
  }
  try {
    parentPort!.postMessage({ id: msg.id, result: checkChunk(ctx, msg.chunk) });
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: (e as Error).message });
  }
});
