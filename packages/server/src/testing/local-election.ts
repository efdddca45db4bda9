/**
 * Sets up an open election on a running server for tests, the load generator and benchmarks:
 * a manifest, an in-process key ceremony (`runLocalCeremony`, the trustees' code run locally),
 * credentials for `voters` voters, open. Talks to the server only through its HTTP API.
 * @module
 */
import {
  baseHash,
  groupByName,
  manifestDigest,
  parameterBaseHash,
  runLocalCeremony,
  toHex,
  type Group,
  type LocalCeremony,
  type Manifest,
} from '@evident/e2e-crypto';
import { encodeElement, encodeSchnorrProof, type InitializedJson } from '@evident/record';
import { ballotClient, type BallotClient } from '../client/ballot-client.js';

/** Minimal HTTP: `call(method, path, body?, token?)` → { status, json }. */
export type Call = (
  method: string,
  path: string,
  body?: unknown,
  token?: string,
) => Promise<{ status: number; json: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any

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
      commitments: g.commitments.map((x) => encodeElement(G, x)),
      proofs: g.proofs.map((p) => encodeSchnorrProof(G, p)),
    })),
    jointKey: encodeElement(G, c.K),
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
  const manifest = o.manifest ?? simpleManifest(o.options ?? 5);
  const n = o.n ?? 3;
  const k = o.k ?? 2;
  const must = async (method: string, path: string, body?: unknown) => {
    const r = await call(method, path, body, token);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  };
  await must('POST', '/elections', {
    id,
    profile,
    manifest,
    timeZone: o.timeZone ?? 'Europe/Paris',
    ...(o.closeAt ? { closeAt: o.closeAt } : {}),
    ...(o.requireIdentity ? { requireIdentity: true } : {}),
  });
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
