/**
 * Attacks on the voting API that no exported file shows once refused: requests the real server
 * must refuse (a client replaying ballots or revealing a nonce; a server that skipped these
 * checks would accept them and publish the result).
 * @module
 */
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
import { decodeHashed } from '@evident/record';
import {
  nextSubmission,
  submitPath,
  type LocalElection,
} from '../../packages/server/src/testing/local-election.js';
import { castRanked } from '../../packages/server/src/testing/ranked-election.js';
import type { ServerAttack } from './attack-types.js';
import type { ElectionFixture } from './election-fixture.js';

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
    prepare: async (fx) => void (await firstCast(fx)),
    send: async (fx) => {
      const v1 = await firstCast(fx);
      return editedFirstBallot(fx, fx.open, 'voter-2', 'cast', (c) => {
        c.contestData = v1.ballot.contests[0]!.contestData;
      });
    },
  },
];
