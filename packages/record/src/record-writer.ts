/**
 * Writing an Evident election record stage by stage (spec/record.md §1.1): config →
 * initialized → ballots → tally → decryption. Each function encodes e2e-crypto values with the
 * codecs and writes the stage's files; ballots and challenged decryptions are streamed.
 * @module
 */
import {
  type DecryptedBallot,
  type DecryptedTally,
  type EncryptedBallot,
  type EncryptedTally,
  type Group,
  type GuardianCommitments,
  type Manifest,
  type RankedBallotJson,
  type SchnorrProof,
  baseHash,
  manifestDigest,
  parameterBaseHash,
  toHex,
  chaumPedersenToJson,
  elementToJson,
  schnorrProofToJson,
} from '@evident/e2e-crypto';
import { encodeBallot, encodeEncryptedTally } from './codec.js';
import type { ChallengedJson, ConfigJson, DevicesJson, InitializedJson, TallyJson } from './json-types.js';
import {
  CHALLENGED_FILE,
  CONFIG_FILE,
  DEVICES_FILE,
  ENCRYPTED_TALLY_FILE,
  INITIALIZED_FILE,
  MANIFEST_FILE,
  TALLY_FILE,
  ballotFile,
} from './layout.js';
import { appendingFiles } from './device-files.js';
import { openJsonLines, writeRecordJson } from './write.js';

/** Hashes of the config stage. */
export interface ConfigHashes {
  readonly hP: Uint8Array;
  readonly hM: Uint8Array;
  readonly hB: Uint8Array;
}

/** Writes `election-config.json` and `manifest.json` (§2, §3); returns H_P, H_M, H_B. */
export function writeConfigStage<E>(
  dir: string,
  G: Group<E>,
  manifest: Manifest,
  n: number,
  k: number,
): ConfigHashes {
  const hP = parameterBaseHash(G);
  const hM = manifestDigest(hP, manifest);
  const hB = baseHash(hP, hM, n, k);
  const config: ConfigJson = {
    format: 'evident-record',
    formatVersion: 1,
    profile: G.name,
    specVersion: G.version,
    guardians: n,
    quorum: k,
    parameterHash: toHex(hP),
    manifestHash: toHex(hM),
    baseHash: toHex(hB),
  };
  writeRecordJson(dir, MANIFEST_FILE, manifest);
  writeRecordJson(dir, CONFIG_FILE, config);
  return { hP, hM, hB };
}

/**
 * Writes `election-initialized.json` (§4); a guardian's signing key and its binding proof
 * (spec/key-ceremony.md §13) when it has one.
 */
export function writeInitializedStage<E>(
  dir: string,
  G: Group<E>,
  guardians: readonly (GuardianCommitments<E> & {
    readonly signingKey?: Uint8Array;
    readonly signingKeyProof?: SchnorrProof<E>;
  })[],
  K: E,
  hE: Uint8Array,
): void {
  const json: InitializedJson = {
    guardians: guardians.map((g) => ({
      index: g.i,
      commitments: g.commitments.map((c) => elementToJson(G, c)),
      proofs: g.proofs.map((p) => schnorrProofToJson(G, p)),
      ...(g.signingKey && g.signingKeyProof
        ? { signingKey: toHex(g.signingKey), signingKeyProof: schnorrProofToJson(G, g.signingKeyProof) }
        : {}),
    })),
    jointKey: elementToJson(G, K),
    extendedBaseHash: toHex(hE),
  };
  writeRecordJson(dir, INITIALIZED_FILE, json);
}

/** The ballots stage being written: one file per device (§5), a bounded number of them open. */
export interface BallotStageWriter<E> {
  /**
   * Appends a ballot to its device's file, in chain order.
   * @param ranked - its rows for the manifest's ranked contests, in order (spec/record.md §5.6)
   */
  add(
    device: string,
    ballot: EncryptedBallot<E>,
    state: 'cast' | 'challenged',
    ranked?: readonly RankedBallotJson[],
  ): Promise<void>;
  /** Closes the files and writes `devices.json` with each device's closing hash. */
  close(closingHashes: ReadonlyMap<string, Uint8Array>): Promise<void>;
  /** Ballot files open now: never more than `maxOpenFiles`. */
  readonly openFiles: number;
}

/** Options of {@link openBallotStage}. */
export interface BallotStageOptions {
  /**
   * Most ballot files open at once (default 64): a record of a file per online credential has
   * more files than the process may open (EMFILE), so the least recently written is closed.
   */
  readonly maxOpenFiles?: number;
}

/** Opens the ballots stage. */
export function openBallotStage<E>(
  dir: string,
  G: Group<E>,
  opts: BallotStageOptions = {},
): BallotStageWriter<E> {
  const files = appendingFiles(dir, opts.maxOpenFiles);
  return {
    async add(device, ballot, state, ranked) {
      const line = encodeBallot(G, ballot, state);
      files.append(ballotFile(device), JSON.stringify(ranked ? { ...line, ranked } : line) + '\n');
    },
    async close(closingHashes) {
      try {
        for (const device of closingHashes.keys()) files.touch(ballotFile(device)); // a device with no ballots
      } finally {
        files.close();
      }
      const json: DevicesJson = {
        devices: [...closingHashes].map(([label, h]) => ({ label, closingHash: toHex(h) })),
      };
      writeRecordJson(dir, DEVICES_FILE, json);
    },
    get openFiles() {
      return files.openFiles;
    },
  };
}

/** Writes `encrypted-tally.json` (§6). */
export function writeTallyStage<E>(dir: string, G: Group<E>, tally: EncryptedTally<E>): void {
  writeRecordJson(dir, ENCRYPTED_TALLY_FILE, encodeEncryptedTally(G, tally));
}

/** Writes `tally.json` and `challenged.jsonl` (§7). */
export async function writeDecryptionStage<E>(
  dir: string,
  G: Group<E>,
  tally: DecryptedTally<E>,
  challenged: Iterable<DecryptedBallot<E>>,
): Promise<void> {
  const json: TallyJson = {
    contests: tally.contests.map((c) => ({
      label: c.label,
      selections: c.selections.map((s) => ({
        label: s.label,
        value: s.value,
        proof: chaumPedersenToJson(G, s.proof),
      })),
    })),
  };
  writeRecordJson(dir, TALLY_FILE, json);
  const out = openJsonLines(dir, CHALLENGED_FILE);
  for (const b of challenged) {
    const line: ChallengedJson = {
      code: toHex(b.code),
      contests: b.contests.map((c) => ({
        label: c.label,
        selections: c.selections.map((s) => ({ value: s.value, proof: chaumPedersenToJson(G, s.proof) })),
        contestData: {
          beta: elementToJson(G, c.contestData.beta),
          data: toHex(c.contestData.data),
          proof: chaumPedersenToJson(G, c.contestData.proof),
        },
      })),
    };
    await out.write(line);
  }
  await out.close();
}
