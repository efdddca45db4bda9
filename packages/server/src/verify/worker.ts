/**
 * The verification worker thread: receives election contexts once and ballots to check
 * (spec/server-api.md §6.3).
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { checkBallot, type BallotSubmission } from './ballot-check.js';
import { electionContext, type ElectionContext, type ElectionContextData } from './election-context.js';

const contexts = new Map<string, ElectionContext<unknown>>();

parentPort?.on(
  'message',
  (m: { id: number; ctx?: ElectionContextData; electionId: string; sub: BallotSubmission; intent: 'cast' | 'challenge' }) => {
    try {
      if (m.ctx) contexts.set(m.ctx.electionId, electionContext(m.ctx));
      const ctx = contexts.get(m.electionId);
      if (!ctx) throw new Error(`no context for election ${m.electionId}`);
      parentPort!.postMessage({ id: m.id, result: checkBallot(ctx, m.sub, m.intent) });
    } catch (e) {
      parentPort!.postMessage({ id: m.id, error: (e as Error).message });
    }
  },
);
