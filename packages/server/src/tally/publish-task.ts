/**
 * The computation of the publication of the results (spec/server-api.md §7.2 step 4) as a task
 * of the one worker pool (like the upload checks, ./upload-checks.ts): round 2 combined
 * (`combineRound1/2`), the tally and the challenged ballots decrypted (the discrete log of K^σ
 * for a selection, hashed ElGamal for contest data), the ranked contests read and counted
 * (../ranked/ranked-count.ts, which writes each contest's `decryptions.json` to the task's spool
 * folder). Decoding the stored uploads, checking their proofs once more and
 * the discrete logs took seconds at scale, during which the event loop answered nothing. The
 * task is given plain data (the board entries it reads) and answers the board entries to post,
 * or the coded refusal as data; ./publish-results.ts gathers it and posts its entries.
 * @module
 */
import {
  chaumPedersenToJson,
  combineRound1,
  combineRound2,
  contestDataContext,
  discreteLog,
  elementToJson,
  fromHex,
  groupByName,
  hashedDecrypt,
  toHex,
  type Group,
  type Manifest,
  type PartialDecryptionSet,
} from '@evident/e2e-crypto';
import { decodeRequest, type ChallengedJson, type RequestKind, type TallyJson } from '@evident/record';
import { ApiError } from '../errors.js';
import { guard, type CheckFailure } from '../verify/check-batches.js';
import { rankedCountEntries, type RankedDecryptions, type RankedMixed } from '../ranked/ranked-count.js';
import { readPartialUpload, readResponseUpload } from './decryption-uploads.js';

/**
 * A board entry to post: its type and fields (the time is added when it is posted), and the file
 * of the spool it names by digest, if any (a ranked contest's `decryptions.json`).
 */
export interface BoardLine {
  readonly type: string;
  readonly fields: Record<string, unknown>;
  /** stored under `name` and adopted by the entry's write batch (./publish-results.ts) */
  readonly file?: { readonly path: string; readonly name: string };
}

/** One request's files: the request and, per guardian x of U, its round-1 and round-2 uploads. */
export interface PublishRequest {
  readonly kind: RequestKind;
  readonly request: Record<string, unknown>;
  readonly partials: Readonly<Record<number, Record<string, unknown>>>;
  readonly responses: Readonly<Record<number, Record<string, unknown>>>;
}

/** What the publication is given: plain data, cloned into the worker. */
export interface PublishTask {
  readonly profile: string;
  /** H_E and K, hex */
  readonly hE: string;
  readonly K: string;
  readonly k: number;
  /** each guardian's key-share commitment K_i, hex, by coordinate x */
  readonly Ki: Readonly<Record<number, string>>;
  /** the quorum U, with each guardian's id */
  readonly quorum: readonly { readonly x: number; readonly id: string }[];
  /** the election's manifest (JSON) */
  readonly manifest: string;
  /** the requests in the decryption state's order */
  readonly requests: readonly PublishRequest[];
  /** the ranked contests' mixes, in manifest order (empty without ranked contests) */
  readonly ranked: readonly RankedMixed[];
  /** an existing folder of the server's spool for the ranked contests' `decryptions.json` */
  readonly spool: string;
}

/** The entries to post, or why they could not be computed (a coded refusal as data). */
export type PublishVerdict = { readonly entries: BoardLine[] } | CheckFailure;

type Decrypted = {
  id: string;
  value?: number;
  beta?: string;
  data?: string;
  proof: ReturnType<typeof chaumPedersenToJson>;
};

/** Computes the entries of the publication (the pool task; see the module's comment). */
export function publishEntries(t: PublishTask): PublishVerdict {
  return guard(() => ({ entries: entriesOf(t) }));
}

/** The entries: per request its decryption entries, then the ranked ones. */
function entriesOf(t: PublishTask): BoardLine[] {
  const G = groupByName(t.profile) as Group<unknown>;
  const ctx = { K: G.decode(fromHex(t.K), 'K'), hE: fromHex(t.hE) };
  const Ki = new Map(Object.entries(t.Ki).map(([x, k]) => [Number(x), G.decode(fromHex(k), 'Ki')] as const));
  const setup = { ctx, k: t.k, keyShareCommitments: Ki };
  const U = t.quorum.map((q) => q.x);
  const quorum = t.quorum.map(({ x, id }) => ({ x, id }));
  const entries: BoardLine[] = [];
  let ranked: RankedDecryptions | undefined;
  for (const r of t.requests) {
    const req = decodeRequest(G, r.request);
    const targets = req.items.map((it) => it.target);
    const partials = new Map<number, PartialDecryptionSet<unknown>>();
    const responses = new Map<number, bigint[]>();
    for (const x of U) {
      partials.set(x, readPartialUpload(G, req, r.partials[x]!).set);
      responses.set(x, [...readResponseUpload(G, req, r.responses[x]!).vs]);
    }
    const r1 = combineRound1(G, setup, targets, partials);
    if (!r1.ok) throw new ApiError('EVD_ERR_INTERNAL', r1.reason);
    const r2 = combineRound2(G, setup, targets, r1, partials, responses);
    if (!r2.ok)
      throw new ApiError(
        'EVD_ERR_INTERNAL',
        `responses failed: ${r2.bad.map((b) => `${b.i} ${b.reason}`).join('; ')}`,
      );
    if (r.kind === 'ranked') {
      ranked = { req, decryptions: r2.decryptions }; // no discrete log: write-in chunks are not K^σ
      continue;
    }
    const dlog = discreteLog(G, ctx.K, req.maxValue);
    const decrypted = req.items.map((it, i): Decrypted => {
      const d = r2.decryptions[i]!;
      if (it.target.kind === 'selection') {
        const value = dlog(G.div(it.target.ct.beta, d.M));
        if (value === undefined)
          throw new ApiError('EVD_ERR_INTERNAL', `item ${it.id}: value above ${req.maxValue}`);
        return { id: it.id, value, proof: chaumPedersenToJson(G, d.proof) };
      }
      const data = hashedDecrypt(
        G,
        ctx.hE,
        ctx.K,
        it.target.ct,
        d.M,
        contestDataContext(it.contestIndex ?? 0),
      );
      return {
        id: it.id,
        beta: elementToJson(G, d.M),
        data: data ? toHex(data) : '',
        proof: chaumPedersenToJson(G, d.proof),
      };
    });
    if (r.kind === 'tally')
      entries.push({ type: 'tally-decryption', fields: { tally: tallyOf(t, decrypted), quorum } });
    else
      entries.push(
        ...challengedLines(t.manifest, decrypted).map((c) => ({
          type: 'challenged-decryption',
          fields: { decryption: c, quorum },
        })),
      );
  }
  const manifest = JSON.parse(t.manifest) as Manifest;
  entries.push(...rankedCountEntries(G, ctx.K, manifest, t.ranked, ranked, quorum, t.spool));
  return entries;
}

/** The decrypted tally: the selections in manifest order. */
function tallyOf(t: PublishTask, decrypted: readonly Decrypted[]): TallyJson {
  const manifest = JSON.parse(t.manifest) as {
    contests: { label: string; options: { label: string }[] }[];
  };
  let i = 0;
  return {
    contests: manifest.contests.map((c) => ({
      label: c.label,
      selections: c.options.map((o) => {
        const d = decrypted[i++]!;
        return { label: o.label, value: d.value!, proof: d.proof };
      }),
    })),
  };
}

/** Groups the challenged items (`<code>/<ind_c>/<j>` and `<code>/<ind_c>/data`) into record lines. */
function challengedLines(manifestJson: string, decrypted: readonly Decrypted[]): ChallengedJson[] {
  const manifest = JSON.parse(manifestJson) as { contests: { label: string }[] };
  type Contest = {
    selections: { value: number; proof: ReturnType<typeof chaumPedersenToJson> }[];
    contestData?: ChallengedJson['contests'][number]['contestData'];
  };
  const byCode = new Map<string, Map<number, Contest>>();
  for (const d of decrypted) {
    const [code, indC, which] = d.id.split('/') as [string, string, string];
    let contests = byCode.get(code);
    if (!contests) byCode.set(code, (contests = new Map()));
    let c = contests.get(Number(indC));
    if (!c) contests.set(Number(indC), (c = { selections: [] }));
    if (which === 'data') c.contestData = { beta: d.beta!, data: d.data!, proof: d.proof };
    else c.selections.push({ value: d.value!, proof: d.proof });
  }
  return [...byCode].map(([code, contests]) => ({
    code,
    contests: [...contests].map(([indC, c]) => ({
      label: manifest.contests[indC - 1]!.label,
      selections: c.selections,
      contestData: c.contestData!,
    })),
  }));
}
