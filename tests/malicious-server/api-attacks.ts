/**
 * Attacks that no exported file shows: requests the real server must refuse (a client replaying
 * ballots, a server skipping its own checks would accept them), what a guardian must refuse to
 * decrypt, and the history rewrite that only a voter's receipt can expose.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ballotContestHash,
  chainInitialCode,
  chainedAux,
  confirmationCode,
  deviceAux0,
  fromHex,
  generateCredential,
  toHex,
  type Group,
} from '@evident/e2e-crypto';
import { decodeHashed, LOG_FILE } from '@evident/record';
import {
  mustCall,
  nextSubmission,
  setUpElection,
  submitPath,
  type LocalElection,
} from '../../packages/server/src/testing/local-election.js';
import { simulatedMixStage } from '../../packages/server/src/testing/mixer-sim.js';
import { castRanked, MAYOR, rankedManifest } from '../../packages/server/src/testing/ranked-election.js';
import { simulatedGuardian } from '../../packages/server/src/testing/trustee-sim.js';
import type { GuardianAttack, ReceiptAttack, ServerAttack } from './attack-types.js';
import { ADMIN, type ElectionFixture } from './election-fixture.js';
import { ballotFileOf, ballotOf } from './forge.js';

type Submission = Awaited<ReturnType<typeof nextSubmission>>['sub'];
type Contest = Submission['ballot']['contests'][number];
/** A contest of a submission, as a lying client edits it. */
type EditableContest = { -readonly [K in keyof Contest]: Contest[K] };

const cast = new WeakMap<ElectionFixture, Promise<Submission>>();

/** voter-1's ballot for o1, cast once in the open election `e2` (what the replays copy). */
function firstCast(fx: ElectionFixture): Promise<Submission> {
  let p = cast.get(fx);
  if (!p) {
    p = (async () => {
      const { sub } = await nextSubmission(fx.call, fx.open, 'voter-1', 'o1');
      const r = await fx.call('POST', submitPath(fx.open.id, 'cast'), { ballot: sub });
      if (r.status !== 200) throw new Error(`voter-1's cast: ${r.status} ${JSON.stringify(r.json)}`);
      return sub;
    })();
    cast.set(fx, p);
  }
  return p;
}

/**
 * `voter`'s first ballot in `el` (one contest, no ranked rows) with `edit` applied to its
 * contest, its confirmation code recomputed and signed again: only the edit is at fault.
 */
async function editedFirstBallot(
  fx: ElectionFixture,
  el: LocalElection,
  voter: string,
  intent: 'cast' | 'challenge',
  edit: (contest: EditableContest) => void,
) {
  return castRanked(fx.call, el, voter, 'o2', {}, intent, (s) => {
    const sub = s as unknown as Submission;
    const G = el.client.ctx.G as Group<unknown>;
    const hE = el.client.ctx.hE;
    const c = sub.ballot.contests[0]! as EditableContest;
    edit(c);
    const cts = c.selections.map((x) => ({
      alpha: G.decode(fromHex(x.alpha), 'alpha'),
      beta: G.decode(fromHex(x.beta), 'beta'),
    }));
    const chi = ballotContestHash(
      G,
      hE,
      1,
      el.client.ctx.pk.K,
      cts,
      decodeHashed(G, c.contestData, 'contestData'),
    );
    const aux0 = deviceAux0(`online-${sub.credential.toLowerCase()}`);
    const code = toHex(confirmationCode(hE, [chi], chainedAux(chainInitialCode(hE, aux0), aux0)));
    return { ...s, ballot: { ...sub.ballot, code } };
  });
}

const mixingElection = new WeakMap<ElectionFixture, Promise<LocalElection>>();

/** Election `e3`, a ranked contest closed and tallied: waiting for its first mix stage. */
function mixing(fx: ElectionFixture): Promise<LocalElection> {
  let p = mixingElection.get(fx);
  if (!p) {
    p = (async () => {
      const must = mustCall(fx.call, ADMIN);
      const el = await setUpElection(fx.call, ADMIN, {
        id: 'e3',
        voters: 2,
        manifest: rankedManifest([MAYOR]),
      });
      for (const v of ['voter-1', 'voter-2']) await castRanked(fx.call, el, v, 'o1', { mayor: [1] });
      await must('POST', `/elections/${el.id}/close`);
      await must('POST', `/elections/${el.id}/tally`);
      return el;
    })();
    mixingElection.set(fx, p);
  }
  return p;
}

/** Requests to the real server (`app.inject`), on the open election `e2`. */
export const apiAttacks: readonly ServerAttack[] = [
  {
    kind: 'server',
    name: "replay another voter's selections",
    does: "lets voter-2 cast voter-1's selection ciphertexts under voter-2's credential (re-signed)",
    code: 'EVD_ERR_REPLAY',
    prepare: async (fx) => void (await firstCast(fx)),
    send: async (fx) => {
      const v1 = await firstCast(fx);
      return editedFirstBallot(fx, fx.open, 'voter-2', 'cast', (c) => {
        c.selections = v1.ballot.contests[0]!.selections;
        c.proof = v1.ballot.contests[0]!.proof;
      });
    },
  },
  {
    kind: 'server',
    name: 'a ballot of an unpublished credential',
    does: 'accepts a valid ballot signed with a credential that is not on the published list',
    code: 'EVD_ERR_UNKNOWN_CREDENTIAL',
    send: async (fx) => {
      const el = fx.open;
      const cred = generateCredential(el.client.ctx.G as Group<unknown>, el.client.ctx.hE);
      const hex = toHex(el.client.ctx.G.encode(cred.S));
      const prev = (await fx.call('GET', `/elections/${el.id}/chains/${hex}`)).json.previousCode;
      const sub = el.client.submission(cred, { style: 's1', votes: { c1: { o1: 1 } } }, prev);
      return fx.call('POST', submitPath(el.id, 'cast'), { ballot: sub });
    },
  },
  {
    kind: 'server',
    name: 'a ballot with a forged signature',
    does: "accepts a ballot whose credential signature's response was changed",
    code: 'EVD_ERR_INVALID_SIGNATURE',
    send: async (fx) => {
      const { sub } = await nextSubmission(fx.call, fx.open, 'voter-3', 'o1');
      const v = sub.signature.v;
      const signature = { ...sub.signature, v: v.slice(0, -1) + (v.endsWith('0') ? '1' : '0') };
      return fx.call('POST', submitPath(fx.open.id, 'cast'), { ballot: { ...sub, signature } });
    },
  },
  {
    kind: 'server',
    name: 'a cast that reveals its nonce',
    does: 'accepts and publishes a cast ballot carrying its nonce (its vote becomes public)',
    code: 'EVD_ERR_INVALID_BALLOT',
    pending: 'serverfix',
    send: async (fx) => {
      const { sub } = await nextSubmission(fx.call, fx.open, 'voter-3', 'o1', 'challenge');
      const nonce = (sub as { nonce?: string }).nonce;
      return castRanked(fx.call, fx.open, 'voter-3', 'o1', {}, 'cast', (s) => ({ ...s, nonce }));
    },
  },
  {
    kind: 'server',
    name: "a challenge carrying another voter's contest data",
    does: "lets voter-4 challenge a ballot whose contest data is voter-1's, so the guardians would decrypt it",
    code: 'EVD_ERR_INVALID_BALLOT',
    pending: 'serverfix',
    prepare: async (fx) => void (await firstCast(fx)),
    send: async (fx) => {
      const v1 = await firstCast(fx);
      return editedFirstBallot(fx, fx.open, 'voter-4', 'challenge', (c) => {
        c.contestData = v1.ballot.contests[0]!.contestData;
      });
    },
  },
  {
    kind: 'server',
    name: "replay another voter's contest data",
    does: "lets voter-2 cast fresh selections with voter-1's contest data (the claim covers selections only)",
    code: 'EVD_ERR_REPLAY',
    pending: 'serverfix',
    prepare: async (fx) => void (await firstCast(fx)),
    send: async (fx) => {
      const v1 = await firstCast(fx);
      return editedFirstBallot(fx, fx.open, 'voter-2', 'cast', (c) => {
        c.contestData = v1.ballot.contests[0]!.contestData;
      });
    },
  },
  {
    kind: 'server',
    name: 'a mix stage not signed by its guardian',
    does: 'accepts a mix stage the administrator uploads under guardian 1, with no guardian signature',
    code: 'EVD_ERR_INVALID_SIGNATURE',
    pending: 'guardsign',
    prepare: async (fx) => void (await mixing(fx)),
    send: async (fx) => {
      const el = await mixing(fx);
      const mix = await mustCall(fx.call, ADMIN)('GET', `/elections/${el.id}/ranked/mayor/mix`);
      const G = el.client.ctx.G as Group<unknown>;
      const stage = simulatedMixStage(G, el.ceremony.K, el.ceremony.hE, mix, { id: 'guardian-1', x: 1 });
      return fx.call('POST', `/elections/${el.id}/ranked/mayor/mix`, stage, ADMIN);
    },
  },
];

/**
 * What the guardians are asked. The guardian here is the test double of the server's guardians
 * (packages/server/src/testing/trustee-sim.ts); the row passes once a guardian checks what it is
 * asked to decrypt against the board.
 */
export const guardianAttacks: readonly GuardianAttack[] = [
  {
    kind: 'guardian',
    name: 'decrypt one ballot as the tally',
    does: "sends the guardians a tally request whose items are voter-1's ballot's selections",
    pending: 'guardcheck',
    ask: async (fx) => {
      const must = mustCall(fx.call, ADMIN);
      const request = structuredClone(await must('GET', `/elections/${fx.el.id}/decryption/tally/request`));
      const ballot = readFileSync(join(fx.record, LOG_FILE), 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as { type: string; submission: Submission })
        .find((e) => e.type === 'ballot')!;
      const sels = ballot.submission.ballot.contests[0]!.selections;
      request.items = (request.items as Record<string, unknown>[]).map((it, j) => ({
        ...it,
        alpha: sels[j]!.alpha.toUpperCase(),
        beta: sels[j]!.beta.toUpperCase(),
      }));
      const G = fx.el.client.ctx.G as Group<unknown>;
      try {
        simulatedGuardian(G, fx.el.ceremony, 1, 2).partial(request);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  },
];

/** History rewritten and re-signed: the voter's receipt (a signed head with its ballot) exposes it. */
export const receiptAttacks: readonly ReceiptAttack[] = [
  {
    kind: 'receipt',
    name: 'erase a receipted ballot from history',
    does: "drops voter-1's ballot from the board and the record and re-signs every head with the log key",
    voter: 'voter-1',
    apply: (liar, fx) => {
      liar
        .dropEntry(ballotOf(liar, fx, 'voter-1'))
        .resignTreeHeads()
        .saveBoard();
      liar.rewriteJsonLines(ballotFileOf(fx, 'voter-1'), () => null);
    },
  },
];
