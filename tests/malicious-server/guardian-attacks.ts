/**
 * Attacks through the guardians: a server that uploads what only a guardian may (mix stages,
 * decryptions) and a server that asks the guardians to decrypt what must stay secret. The
 * guardian here is the test double of the server's guardians (`simulatedGuardian`,
 * packages/server/src/testing/trustee-sim.ts): these rows pass once a guardian checks what it is
 * asked against the board (the tally is the product of the counted ballots, a challenged item a
 * challenged ballot, a ranked item the last mix stage's output) and answers one challenge per
 * session.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHex, manifestDigest, parameterBaseHash, type Group } from '@evident/e2e-crypto';
import {
  boardTargets,
  withStageFiles,
  checkedView,
  compareTargets,
  readRequest,
  type ElectionKey,
} from '@evident/trustee-cli';
import { LOG_FILE } from '@evident/record';
import {
  mustCall,
  setUpElection,
  type LocalElection,
} from '../../packages/server/src/testing/local-election.js';
import { simulatedMixStage } from '../../packages/server/src/testing/mixer-sim.js';
import { castRanked, MAYOR, rankedManifest } from '../../packages/server/src/testing/ranked-election.js';
import { simulatedGuardian } from '../../packages/server/src/testing/trustee-sim.js';
import { boardFromRecord } from '../../packages/trustee-cli/src/checks/board-view.js';
import type { GuardianAttack, ServerAttack } from './attack-types.js';
import { disguiseAsServerless } from './disguise.js';
import { ADMIN, type ElectionFixture } from './election-fixture.js';
import { LyingServer } from './lying-server.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const closed = new WeakMap<ElectionFixture, Map<string, Promise<LocalElection>>>();

/**
 * Election `id` with two ballots, closed and tallied (built once): `e3` with a ranked contest
 * (waiting for its first mix stage), `e4` without (waiting for the guardians' partial decryptions).
 */
function tallied(fx: ElectionFixture, id: 'e3' | 'e4'): Promise<LocalElection> {
  const mine = closed.get(fx) ?? new Map<string, Promise<LocalElection>>();
  closed.set(fx, mine);
  let p = mine.get(id);
  if (!p) {
    p = (async () => {
      const must = mustCall(fx.call, ADMIN);
      const manifest = id === 'e3' ? { manifest: rankedManifest([MAYOR]) } : {};
      const el = await setUpElection(fx.call, ADMIN, { id, voters: 2, ...manifest });
      for (const v of ['voter-1', 'voter-2']) await castRanked(fx.call, el, v, 'o1', { mayor: [1] });
      await must('POST', `/elections/${el.id}/close`);
      await must('POST', `/elections/${el.id}/tally`);
      return el;
    })();
    mine.set(id, p);
  }
  return p;
}

/** Uploads that only a guardian may make, made by the administrator's token without a guardian's signature. */
export const guardianUploadAttacks: readonly ServerAttack[] = [
  {
    kind: 'server',
    name: 'a mix stage not signed by its guardian',
    does: 'accepts a mix stage that the administrator uploads under guardian 1, with no guardian signature',
    code: 'EVD_ERR_INVALID_SIGNATURE',
    prepare: async (fx) => void (await tallied(fx, 'e3')),
    send: async (fx) => {
      const el = await tallied(fx, 'e3');
      const mix = await mustCall(fx.call, ADMIN)('GET', `/elections/${el.id}/ranked/mayor/mix`);
      const G = el.client.ctx.G as Group<unknown>;
      const stage = simulatedMixStage(G, el.ceremony, mix, { id: 'guardian-1', x: 1 });
      // the server mixed it itself: the signature is not one guardian 1 made
      return fx.call(
        'POST',
        `/elections/${el.id}/ranked/mayor/mix`,
        { ...stage, signature: notASignature() },
        ADMIN,
      );
    },
  },
  {
    kind: 'server',
    name: 'a partial decryption not signed by its guardian',
    does: "accepts guardian 1's partial decryption of the tally uploaded by the administrator, with no guardian signature",
    code: 'EVD_ERR_INVALID_SIGNATURE',
    prepare: async (fx) => void (await tallied(fx, 'e4')),
    send: async (fx) => {
      const el = await tallied(fx, 'e4');
      const request = await mustCall(fx.call, ADMIN)('GET', `/elections/${el.id}/decryption/tally/request`);
      const partial = simulatedGuardian(el.client.ctx.G as Group<unknown>, el.ceremony, 1, 2).partial(
        request,
      );
      const forged = { ...partial, signature: notASignature() };
      return fx.call('POST', `/elections/${el.id}/decryption/tally/partials`, forged, ADMIN);
    },
  },
];

/** 64 random bytes in hex: a signature that no guardian made. */
function notASignature(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(64)))
    .toString('hex')
    .toUpperCase();
}

/** The published board of `e1`, parsed. */
function board(fx: ElectionFixture): Json[] {
  return readFileSync(join(fx.record, LOG_FILE), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Json);
}

/**
 * `e1`'s request of `kind` with its items' ciphertexts replaced by `forge` (item → its new
 * alpha and beta), as a lying server would send it; guardian 1's answer.
 * @returns the guardian's refusal, or undefined when it decrypted
 */
export async function askToDecrypt(
  fx: ElectionFixture,
  kind: 'tally' | 'challenged-ballots' | 'ranked',
  forge: (items: Json[], entries: Json[]) => Json[],
): Promise<string | undefined> {
  const must = mustCall(fx.call, ADMIN);
  const request = structuredClone(
    await must('GET', `/elections/${fx.el.id}/decryption/${kind}/request`),
  ) as Json;
  request.items = forge(request.items as Json[], board(fx));
  // the guardian's view: the board under the log key it pinned, and the election key it holds
  const G = fx.el.client.ctx.G as Group<unknown>;
  const th = await must('GET', `/elections/${fx.el.id}/board/tree-head`);
  const texts = readFileSync(join(fx.record, LOG_FILE), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  // the mix-stage entries carry their files' digests: the stages from the record's chain
  const view = await withStageFiles(
    checkedView('board', texts, th.treeHead, fromHex(th.logPublicKey), fx.el.id),
    G,
    { record: fx.record },
  );
  const ceremony = board(fx).find((e) => e.type === 'key-ceremony')!;
  const hP = parameterBaseHash(G);
  const hM = manifestDigest(hP, fx.el.manifest); // the manifest the ceremony hashed
  const ek = {
    c: { G, id: request.ceremonyId, k: ceremony.quorum, n: ceremony.guardians, guardians: [], hP, hM },
    K: fx.el.ceremony.K,
    hE: fx.el.ceremony.hE,
    guardians: new Map(),
  } as unknown as ElectionKey;
  const path = join(fx.root, `forged-${kind}-request.json`);
  writeFileSync(path, JSON.stringify(request));
  try {
    compareTargets(ek, path, readRequest(ek.c, path), boardTargets(view, ek, kind), 'the board');
    simulatedGuardian(G, fx.el.ceremony, 1, 2).partial(request);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

const upper = (c: { alpha: string; beta: string }) => ({
  alpha: c.alpha.toUpperCase(),
  beta: c.beta.toUpperCase(),
});

/** What the guardians are asked to decrypt. */
export const guardianAttacks: readonly GuardianAttack[] = [
  {
    kind: 'guardian',
    name: 'decrypt one ballot as the tally',
    does: "sends the guardians a tally request whose items are voter-1's ballot's selections",
    ask: (fx) =>
      askToDecrypt(fx, 'tally', (items, entries) => {
        const ballot = entries.find((e) => e.type === 'ballot')!;
        const sels = ballot.submission.ballot.contests[0].selections as { alpha: string; beta: string }[];
        return items.map((it, j) => ({ ...it, ...upper(sels[j]!) }));
      }),
  },
  {
    kind: 'guardian',
    name: 'decrypt a cast ballot as a challenged one',
    does: "sends the guardians a challenged-ballots request whose items are voter-1's cast ballot's selections",
    ask: (fx) =>
      askToDecrypt(fx, 'challenged-ballots', (items, entries) => {
        const ballot = entries.find((e) => e.type === 'ballot')!;
        const sels = ballot.submission.ballot.contests[0].selections as { alpha: string; beta: string }[];
        return items.map((it, j) => ('alpha' in it ? { ...it, ...upper(sels[j % sels.length]!) } : it));
      }),
  },
  {
    kind: 'guardian',
    name: 'decrypt unmixed ranked rows',
    does: "sends the guardians a ranked request whose items are the mix inputs (the voters' own rows), not the last stage's outputs",
    ask: (fx) =>
      askToDecrypt(fx, 'ranked', (items, entries) => {
        const inputs = entries
          .filter((e) => e.type === 'ballot')
          .map((e) => (e.submission.ballot.ranked as { row: { alpha: string; beta: string }[] }[])[0]!.row);
        return items.map((it) => {
          const [, i, r] = String(it.id).split('/').map(Number);
          return { ...it, ...upper(inputs[i! % inputs.length]![r!]!) };
        });
      }),
  },
  {
    kind: 'guardian',
    name: 'decrypt against a record without its board',
    does: 'gives the guardians the record disguised as serverless (devices renamed, re-chained, board/ deleted) to check the requests against',
    ask: async (fx) => {
      const liar = new LyingServer(fx.record, join(fx.root, 'guardian-disguised'), fx.logSecretKey);
      disguiseAsServerless(liar);
      try {
        boardFromRecord(liar.dir, undefined);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  },
];
