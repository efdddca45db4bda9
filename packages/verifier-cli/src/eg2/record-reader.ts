/**
 * Reads the files of an ElectionGuard 2.0 record in egk's JSON layout into typed values
 * (spec/verification-eg2.md §2). Each function throws {@link UnreadableRecordError} naming the
 * file and field when the JSON is malformed or a field is missing or of the wrong type.
 * @module
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type JsonNode, readBytes, readJson, UnreadableRecordError } from './json-node.js';
import type {
  Eg2BallotChain,
  Eg2Ciphertext,
  Eg2Config,
  Eg2Constants,
  Eg2Decrypted,
  Eg2DecryptedContestData,
  Eg2DecryptionProof,
  Eg2EncryptedBallot,
  Eg2EncryptedTally,
  Eg2HashedCiphertext,
  Eg2Initialized,
  Eg2Manifest,
  Eg2RangeProof,
} from './record-types.js';

/** Byte length of an element (l_p) and of a scalar or hash (l_q). */
const LP = 512;
const LQ = 32;

/** Names of the files, relative to the record folder. */
export const FILES = {
  constants: 'constants.json',
  manifest: 'manifest.json',
  config: 'election_config.json',
  initialized: 'election_initialized.json',
  encryptedTally: 'encrypted_tally.json',
  tally: 'tally.json',
  ballots: 'encrypted_ballots',
  challenged: 'challenged_ballots',
  chain: 'ballot_chain.json',
} as const;

const element = (n: JsonNode): bigint => n.bigint(LP);
const scalar = (n: JsonNode): bigint => n.bigint(LQ);

function ciphertext(n: JsonNode): Eg2Ciphertext {
  return { alpha: element(n.get('pad')), beta: element(n.get('data')) };
}

function rangeProof(n: JsonNode): Eg2RangeProof {
  const parts = n.get('proofs').items();
  return { c: parts.map((p) => scalar(p.get('challenge'))), v: parts.map((p) => scalar(p.get('response'))) };
}

function decryptionProof(n: JsonNode): Eg2DecryptionProof {
  return { c: scalar(n.get('challenge')), v: scalar(n.get('response')) };
}

function hashedCiphertext(n: JsonNode): Eg2HashedCiphertext {
  return {
    c0: element(n.get('c0')),
    c1: n.get('c1').bytes(),
    c2: n.get('c2').bytes(LQ),
    numBytes: n.get('numBytes').int(),
  };
}

/** constants.json. */
export function readConstants(dir: string): Eg2Constants {
  const n = readJson(dir, FILES.constants);
  return {
    name: n.opt('name')?.str() ?? '',
    largePrime: n.get('large_prime').bigint(LP),
    smallPrime: n.get('small_prime').bigint(LP),
    cofactor: n.get('cofactor').bigint(LP),
    generator: n.get('generator').bigint(LP),
  };
}

/** election_config.json. */
export function readConfig(dir: string): Eg2Config {
  const n = readJson(dir, FILES.config);
  const baux0 = n.get('baux0');
  return {
    configVersion: n.get('config_version').str(),
    n: n.get('number_of_guardians').int(),
    k: n.get('quorum').int(),
    parameterBaseHash: n.get('parameter_base_hash').bytes(LQ),
    manifestHash: n.get('manifest_hash').bytes(LQ),
    electionBaseHash: n.get('election_base_hash').bytes(LQ),
    chainConfirmationCodes: n.get('chain_confirmation_codes').bool(),
    baux0: typeof baux0.value === 'string' ? baux0.bytes() : baux0.byteArray(),
  };
}

/** election_initialized.json. */
export function readInitialized(dir: string): Eg2Initialized {
  const n = readJson(dir, FILES.initialized);
  return {
    jointPublicKey: element(n.get('joint_public_key')),
    extendedBaseHash: n.get('extended_base_hash').bytes(LQ),
    guardians: n
      .get('guardians')
      .items()
      .map((g) => ({
        guardianId: g.get('guardian_id').str(),
        xCoordinate: g.get('x_coordinate').int(),
        coefficientProofs: g
          .get('coefficient_proofs')
          .items()
          .map((p) => ({
            publicKey: element(p.get('public_key')),
            challenge: scalar(p.get('challenge')),
            response: scalar(p.get('response')),
          })),
      })),
  };
}

/** manifest.json: contests with their options, limits and indices, and the file bytes. */
export function readManifest(dir: string): Eg2Manifest {
  const bytes = readBytes(dir, FILES.manifest);
  const n = readJson(dir, FILES.manifest);
  const contests = n
    .get('contests')
    .items()
    .map((c) => ({
      id: c.get('object_id').str(),
      index: c.get('sequence_order').int(),
      votesAllowed: c.get('votes_allowed').int(),
      optionLimit: c.opt('option_selection_limit')?.int() ?? 1,
      options: c
        .get('ballot_selections')
        .items()
        .map((s) => ({ id: s.get('object_id').str(), index: s.get('sequence_order').int() })),
    }));
  return { contests, bytes };
}

/** One eballot-<id>.json. */
export function readEncryptedBallot(dir: string, file: string): Eg2EncryptedBallot {
  const n = readJson(dir, file);
  return {
    ballotId: n.get('ballot_id').str(),
    ballotStyleId: n.get('ballot_style_id').str(),
    device: n.get('encrypting_device').str(),
    timestamp: n.get('timestamp').int(),
    codeBaux: n.get('code_baux').bytes(),
    confirmationCode: n.get('confirmation_code').bytes(LQ),
    electionId: n.get('election_id').bytes(LQ),
    state: n.get('state').str(),
    isPreencrypt: n.opt('is_preencrypt')?.bool() ?? false,
    contests: n
      .get('contests')
      .items()
      .map((c) => ({
        id: c.get('contest_id').str(),
        index: c.get('sequence_order').int(),
        votesAllowed: c.get('votes_allowed').int(),
        contestHash: c.get('contest_hash').bytes(LQ),
        selections: c
          .get('selections')
          .items()
          .map((s) => ({
            id: s.get('selection_id').str(),
            index: s.get('sequence_order').int(),
            ciphertext: ciphertext(s.get('encrypted_vote')),
            proof: rangeProof(s.get('proof')),
          })),
        proof: rangeProof(c.get('proof')),
        contestData: hashedCiphertext(c.get('encrypted_contest_data')),
      })),
  };
}

/** ballot_chain.json of one device folder. */
export function readBallotChain(dir: string, file: string): Eg2BallotChain {
  const n = readJson(dir, file);
  return {
    device: n.get('encrypting_device').str(),
    h0: n.get('baux0').bytes(LQ),
    ballotIds: n
      .get('ballot_ids')
      .items()
      .map((b) => b.str()),
    lastConfirmationCode: n.get('last_confirmation_code').bytes(LQ),
    chaining: n.get('chaining').bool(),
    closingHash: n.get('closing_hash').bytes(LQ),
  };
}

/** encrypted_tally.json. */
export function readEncryptedTally(dir: string): Eg2EncryptedTally {
  const n = readJson(dir, FILES.encryptedTally);
  return {
    tallyId: n.get('tally_id').str(),
    electionId: n.get('election_id').bytes(LQ),
    castBallotIds: n
      .get('cast_ballot_ids')
      .items()
      .map((b) => b.str()),
    contests: n
      .get('contests')
      .items()
      .map((c) => ({
        id: c.get('contest_id').str(),
        index: c.get('sequence_order').int(),
        selections: c
          .get('selections')
          .items()
          .map((s) => ({
            id: s.get('selection_id').str(),
            index: s.get('sequence_order').int(),
            ciphertext: ciphertext(s.get('encrypted_vote')),
          })),
      })),
  };
}

function decryptedContestData(n: JsonNode): Eg2DecryptedContestData {
  const cd = n.get('contest_data');
  return {
    contestData: {
      overVotes: cd
        .get('over_votes')
        .items()
        .map((v) => v.int()),
      writeIns: cd
        .get('write_ins')
        .items()
        .map((v) => v.str()),
      status: cd.get('status').str(),
    },
    encrypted: hashedCiphertext(n.get('encrypted_contest_data')),
    proof: decryptionProof(n.get('proof')),
    beta: element(n.get('beta')),
  };
}

/** tally.json or one challenged_ballots/dballot-<id>.json. */
export function readDecrypted(dir: string, file: string): Eg2Decrypted {
  const n = readJson(dir, file);
  return {
    id: n.get('id').str(),
    electionId: n.get('election_id').bytes(LQ),
    contests: n
      .get('contests')
      .items()
      .map((c) => {
        const cd = c.opt('decrypted_contest_data');
        return {
          id: c.get('contest_id').str(),
          selections: c
            .get('selections')
            .items()
            .map((s) => ({
              id: s.get('selection_id').str(),
              value: s.get('tally').int(),
              kToValue: element(s.get('b_over_m')),
              ciphertext: ciphertext(s.get('encrypted_vote')),
              proof: decryptionProof(s.get('proof')),
            })),
          ...(cd ? { contestData: decryptedContestData(cd) } : {}),
        };
      }),
  };
}

/** The layout of the record's ballot folders. */
export interface Eg2Layout {
  /** Device folder → eballot files (relative paths), sorted. */
  readonly devices: ReadonlyMap<string, readonly string[]>;
  /** Device folder → its ballot_chain.json, when present. */
  readonly chains: ReadonlyMap<string, string>;
  /** challenged_ballots/dballot-*.json files, sorted. */
  readonly challenged: readonly string[];
}

function sortedFiles(dir: string, rel: string, pattern: RegExp): string[] {
  return readdirSync(join(dir, rel))
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => `${rel}/${f}`);
}

/**
 * Lists ballot, chain and challenged-ballot files.
 * @throws {UnreadableRecordError} when encrypted_ballots/ is missing
 */
export function readLayout(dir: string): Eg2Layout {
  const ballotsDir = join(dir, FILES.ballots);
  if (!existsSync(ballotsDir) || !statSync(ballotsDir).isDirectory()) {
    throw new UnreadableRecordError(FILES.ballots, '', 'folder is missing');
  }
  const devices = new Map<string, string[]>();
  const chains = new Map<string, string>();
  for (const device of readdirSync(ballotsDir).sort()) {
    const rel = `${FILES.ballots}/${device}`;
    if (!statSync(join(dir, rel)).isDirectory()) continue;
    devices.set(device, sortedFiles(dir, rel, /^eballot-.*\.json$/));
    if (existsSync(join(dir, rel, FILES.chain))) chains.set(device, `${rel}/${FILES.chain}`);
  }
  const challenged = existsSync(join(dir, FILES.challenged))
    ? sortedFiles(dir, FILES.challenged, /^dballot-.*\.json$/)
    : [];
  return { devices, chains, challenged };
}

/** True when `dir` looks like an egk ElectionGuard 2.0 record (format detection). */
export function looksLikeEg2Record(dir: string): boolean {
  try {
    return (
      existsSync(join(dir, FILES.constants)) &&
      existsSync(join(dir, FILES.config)) &&
      existsSync(join(dir, FILES.manifest)) &&
      (existsSync(join(dir, FILES.initialized)) || existsSync(join(dir, FILES.ballots)))
    );
  } catch {
    return false;
  }
}
