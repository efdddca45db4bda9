/**
 * The station's provisioning bundle, `GET /elections/{id}/stations/{station}/bundle`
 * (spec/server-api.md §11, spec/stations.md §2): what the server answers and what the station
 * checks against its pinned log key and stores. One definition for both sides.
 * @module
 */
import type { Manifest, SignedTreeHead } from '@evident/e2e-crypto';

/** A voter of the station's slice of the roll. */
export interface RollVoter {
  readonly voterId: string;
  readonly name: string;
}

/** The bundle. */
export interface StationBundle {
  readonly electionId: string;
  readonly station: string;
  readonly manifest: Manifest;
  readonly logPublicKey: string;
  readonly setup: { readonly index: 0; readonly entry: string };
  readonly treeHead: SignedTreeHead;
  /** inclusion proof of entry 0 in `treeHead` */
  readonly setupProof: readonly string[];
  readonly stationKey: string | null;
  readonly printingKey: string | null;
  readonly ballotStyle: Manifest['ballotStyles'][number] | null;
  readonly roll: readonly RollVoter[];
  readonly timeZone: string;
  readonly countingStart: string;
  readonly countingStartInstant: number;
  readonly serverTime: number;
}
