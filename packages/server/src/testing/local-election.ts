/**
 * Sets up an open election on a running server for tests, the load generator and benchmarks:
 * a manifest, an in-process key ceremony (`runLocalCeremony`, the trustees' code run locally),
 * credentials for `voters` voters, open. Talks to the server only through its HTTP API: a
 * {@link Call} over sockets (`testing/http.ts`) or through `app.inject()` ({@link injectCall});
 * {@link castBallot} casts (or challenges) one voter's next ballot on its chain.
 * @module
 */
import {
  baseHash,
  groupByName,
  manifestDigest,
  parameterBaseHash,
  runLocalCeremony,
  signatureHex,
  toHex,
  type Group,
  type LocalCeremony,
  type Manifest,
  elementToJson,
  schnorrProofToJson,
} from '@evident/e2e-crypto';
import type { FastifyInstance } from 'fastify';
import { type InitializedJson } from '@evident/record';
import { ballotClient, type BallotClient } from '../client/ballot-client.js';
import type { BallotSubmission } from '../verify/ballot-check.js';

/**
 * Minimal HTTP: `call(method, path, body?, token?)` → { status, json, retryAfter? } (`retryAfter`:
 * the seconds of a `Retry-After` header, when the answer had one and the call reads headers).
 */
export type Call = (
  method: string,
  path: string,
  body?: unknown,
  token?: string,
) => Promise<{ status: number; json: any; retryAfter?: number }>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A {@link Call} through `app.inject()`: the whole server in process, no socket. */
export function injectCall(app: Pick<FastifyInstance, 'inject'>): Call {
  return async (method, url, body, token) => {
    const r = await app.inject({
      method: method as 'GET',
      url,
      ...(body !== undefined ? { payload: body as object } : {}),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: r.statusCode, json: r.body ? JSON.parse(r.body) : undefined };
  };
}

/**
 * `call` that wants a 2xx: `must(method, path, body?, token?)` → the JSON body.
 * @param token - the default bearer token (a call may pass another)
 * @throws {Error} (from `must`) naming the request, its status and body when it does not answer 2xx
 */
export function mustCall(call: Call, token: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return async (method: string, path: string, body?: unknown, as = token): Promise<any> => {
    const r = await call(method, path, body, as);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  };
}

/**
 * One trustee token per guardian, created by the administrator (spec/server-api.md §2), labelled
 * `g<x>`.
 * @param must - a {@link mustCall} with the administrator's token
 * @returns guardian x → its token
 */
export async function trusteeTokens(
  must: ReturnType<typeof mustCall>,
  guardians: readonly number[],
): Promise<Map<number, string>> {
  const tokens = new Map<number, string>();
  for (const x of guardians)
    tokens.set(
      x,
      (await must('POST', '/admin/tokens', { role: 'trustee', label: `g${x}`, guardian: x })).token,
    );
  return tokens;
}

/** A manifest with one contest of `options` options (vote limit 1), one style. */
export function simpleManifest(options = 5, label = 'test-election'): Manifest {
  return {
    electionLabel: label,
    name: { en: 'Test election' },
    languages: ['en'],
    startDate: '2026-05-10T07:00:00+02:00',
    endDate: '2026-05-10T17:00:00+02:00',
    districts: [{ label: 'd1', name: { en: 'District 1' } }],
    pollingStations: [{ label: 'p1', name: { en: 'Station 1' }, district: 'd1', ballotStyle: 's1' }],
    contests: [
      {
        label: 'c1',
        name: { en: 'Contest 1' },
        district: 'd1',
        voteLimit: 1,
        optionLimit: 1,
        contestDataBlocks: 1,
        options: Array.from({ length: options }, (_, j) => ({
          label: `o${j + 1}`,
          name: { en: `Option ${j + 1}` },
        })),
      },
    ],
    ballotStyles: [{ label: 's1', contests: ['c1'] }],
  };
}

/** The record's `election-initialized.json` of a local ceremony. */
export function initializedJson<E>(G: Group<E>, c: LocalCeremony<E>): InitializedJson {
  return {
    guardians: c.guardians.map((g) => ({
      index: g.i,
      commitments: g.commitments.map((x) => elementToJson(G, x)),
      proofs: g.proofs.map((p) => schnorrProofToJson(G, p)),
      signingKey: signatureHex(c.signingKeys.find((s) => s.i === g.i)!.publicKey),
      signingKeyProof: schnorrProofToJson(G, c.signingKeys.find((s) => s.i === g.i)!.proof),
    })),
    jointKey: elementToJson(G, c.K),
    extendedBaseHash: toHex(c.hE),
  };
}

/** What {@link setUpElection} returns. */
export interface LocalElection {
  readonly id: string;
  readonly client: BallotClient;
  readonly ceremony: LocalCeremony<unknown>;
  /** voter id → credential code. */
  readonly codes: Map<string, string>;
  readonly manifest: Manifest;
}

/** Options of {@link setUpElection}. */
export interface SetUpOptions {
  readonly id?: string;
  readonly profile?: 'ristretto255' | 'eg-4096';
  readonly voters?: number;
  readonly options?: number;
  readonly n?: number;
  readonly k?: number;
  readonly open?: boolean;
  readonly manifest?: Manifest;
  readonly requireIdentity?: boolean;
  readonly closeAt?: string;
  readonly timeZone?: string;
}

/**
 * Creates, keys, credentials and (by default) opens an election through the API.
 * @throws {Error} when a step does not answer 2xx
 */
export async function setUpElection(call: Call, token: string, o: SetUpOptions = {}): Promise<LocalElection> {
  const id = o.id ?? 'e1';
  const profile = o.profile ?? 'ristretto255';
  const n = o.n ?? 3;
  const k = o.k ?? 2;
  const must = mustCall(call, token);
  const created = await must('POST', '/elections', {
    id,
    profile,
    manifest: o.manifest ?? simpleManifest(o.options ?? 5),
    timeZone: o.timeZone ?? 'Europe/Paris',
    ...(o.closeAt ? { closeAt: o.closeAt } : {}),
    ...(o.requireIdentity ? { requireIdentity: true } : {}),
  });
  // the trustees hash the manifest as the server published it, with its bulletin board
  const manifest = created.manifest as Manifest;
  const G = groupByName(profile) as Group<unknown>;
  const hP = parameterBaseHash(G);
  const ceremony = runLocalCeremony(G, hP, baseHash(hP, manifestDigest(hP, manifest), n, k), n, k);
  const summary = await must('POST', `/elections/${id}/key-ceremony`, {
    quorum: k,
    initialized: initializedJson(G, ceremony),
  });
  const voters = Array.from({ length: o.voters ?? 10 }, (_, i) => `voter-${i + 1}`);
  const codes = new Map<string, string>();
  for (let i = 0; i < voters.length; i += 5000) {
    const r = await must('POST', `/elections/${id}/credentials`, { voters: voters.slice(i, i + 5000) });
    for (const x of r.issued) codes.set(x.voterId, x.code);
  }
  if (o.open !== false) await must('POST', `/elections/${id}/open`);
  const client = ballotClient({
    profile,
    manifest,
    jointKey: summary.jointKey,
    extendedBaseHash: summary.extendedBaseHash,
  });
  return { id, client, ceremony, codes, manifest };
}

/** A voter's ballot: cast, or challenged (which reveals its nonce). */
export type Intent = 'cast' | 'challenge';

/**
 * A voter's next signed submission for `option` of contest c1 (style s1), on its credential's
 * chain: the chain head is read from `GET /elections/{id}/chains/{credential}`.
 * @param rankings - ranked contest id → preferences (see `BallotClient.submission`)
 * @returns the credential, its hex (the chain's id) and the submission
 */
export async function nextSubmission(
  call: Call,
  el: LocalElection,
  voter: string,
  option: string,
  intent: Intent = 'cast',
  rankings?: Readonly<Record<string, readonly (number | string)[]>>,
) {
  const cred = el.client.credential(el.codes.get(voter)!);
  const credHex = toHex(el.client.ctx.G.encode(cred.S));
  const prev = (await call('GET', `/elections/${el.id}/chains/${credHex}`)).json.previousCode;
  const sub = el.client.submission(
    cred,
    { style: 's1', votes: { c1: { [option]: 1 } } },
    prev,
    intent,
    rankings,
  );
  return { cred, credHex, sub };
}

/** Where a submission of `intent` is posted. */
export const submitPath = (id: string, intent: Intent): string =>
  `/elections/${id}/${intent === 'cast' ? 'ballots' : 'challenges'}`;

/**
 * Casts (or challenges) a voter's next ballot for `option` ({@link nextSubmission}).
 * @returns the HTTP answer `r`, the submission and the credential's hex
 */
export async function castBallot(
  call: Call,
  el: LocalElection,
  voter: string,
  option: string,
  intent: Intent = 'cast',
): Promise<{ r: Awaited<ReturnType<Call>>; sub: BallotSubmission; credHex: string }> {
  const { sub, credHex } = await nextSubmission(call, el, voter, option, intent);
  const r = await call('POST', submitPath(el.id, intent), { ballot: sub });
  return { r, sub, credHex };
}
