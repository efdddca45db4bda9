/**
 * A polling station's provisioning bundle (spec/server-api.md §11.4, spec/stations.md §4):
 * everything the station needs to work offline until its sheet is printed — the manifest, the
 * `setup` entry as its exact board text with its inclusion proof in a signed tree head (the
 * station pins the log key and checks both), its key and the printing key as registered, its
 * ballot style, its roll slice, the time zone and counting start, and the server's clock.
 * @module
 */
import { encodeLogHash, toHex, type Manifest } from '@evident/e2e-crypto';
import type { ServerContext } from '../context.js';
import { configOf, loadElection } from '../elections/election-actions.js';
import { countingStartOf } from '../elections/counting-start.js';
import { ApiError } from '../errors.js';
import { manifestStation, readStationState } from './station-state.js';

const decoder = new TextDecoder();

import type { StationBundle } from '@evident/record';
export type { StationBundle };

/**
 * The bundle of station `station`.
 * @throws {ApiError} 404 for an unknown election or station
 */
export async function stationBundle(ctx: ServerContext, id: string, station: string): Promise<StationBundle> {
  const e = await loadElection(ctx, id);
  const st = manifestStation(e, station);
  const manifest = JSON.parse(e.manifest) as Manifest;
  const cfg = configOf(e);
  const log = ctx.logs.get(id);
  const [setup] = await ctx.store.logEntries(id, 0, 1);
  if (!log || !setup) throw new ApiError('EVD_ERR_INTERNAL', 'the election has no setup entry');
  const head = log.head;
  const s = await readStationState(ctx, id);
  return {
    electionId: id,
    station,
    manifest,
    logPublicKey: toHex(ctx.logs.publicKey),
    setup: { index: 0, entry: decoder.decode(setup.entry) },
    treeHead: head,
    setupProof: log.tree.inclusionProof(0, head.treeSize).map(encodeLogHash),
    stationKey: s.keys.get(station)?.publicKey ?? null,
    printingKey: s.printingKey?.publicKey ?? null,
    ballotStyle: manifest.ballotStyles.find((b) => b.label === st.ballotStyle) ?? null,
    roll: (await ctx.store.stationRoll(id, station)).map((v) => ({ voterId: v.voterId, name: v.name })),
    timeZone: cfg.timeZone,
    ...countingStartOf(cfg, manifest.endDate),
    serverTime: ctx.now(),
  };
}
