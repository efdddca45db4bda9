/**
 * The JSON shapes of the Evident election record's files (spec/record.md §2–§8; schemas in
 * spec/schemas/record/). Hex strings are uppercase; elements are the profile's fixed-length
 * encodings, scalars 32 bytes big-endian.
 * @module
 */
import type {
  ChaumPedersenProofJson,
  Manifest,
  RangeProofJson,
  RankedBallotJson,
  SchnorrProofJson,
} from '@evident/e2e-crypto';

/** Hex of a group element. */
export type HexElement = string;
/** Hex of a 32-byte scalar or challenge. */
export type HexScalar = string;
/** Hex of a 32-byte hash. */
export type HexHash = string;

/** `election-config.json` (stage "config", spec/record.md §2). */
export interface ConfigJson {
  readonly format: 'evident-record';
  readonly formatVersion: 1;
  /** Group profile: "ristretto255" or "eg-4096". */
  readonly profile: string;
  /** The profile's version string hashed into H_P. */
  readonly specVersion: string;
  /** n. */
  readonly guardians: number;
  /** k. */
  readonly quorum: number;
  readonly parameterHash: HexHash;
  readonly manifestHash: HexHash;
  readonly baseHash: HexHash;
}

/** `manifest.json`. */
export type ManifestJson = Manifest;

/** The proofs' JSON shapes are e2e-crypto's one proof codec's (codec/proof-json.ts). */
export type { ChaumPedersenProofJson, RangeProofJson, SchnorrProofJson };

/** One guardian's public key-ceremony output. */
export interface GuardianJson {
  readonly index: number;
  readonly commitments: readonly HexElement[];
  readonly proofs: readonly SchnorrProofJson[];
  /** the guardian's Ed25519 signing key (spec/key-ceremony.md §13); absent in ElectionGuard 2.0 records */
  readonly signingKey?: HexHash;
  /** Schnorr proof of a_{i,0} bound to the signing key (check 2.E) */
  readonly signingKeyProof?: SchnorrProofJson;
}

/** `election-initialized.json` (stage "initialized", spec/record.md §4). */
export interface InitializedJson {
  readonly guardians: readonly GuardianJson[];
  readonly jointKey: HexElement;
  readonly extendedBaseHash: HexHash;
}

/** A hashed ElGamal ciphertext. */
export interface HashedCiphertextJson {
  readonly c0: HexElement;
  readonly c1: string;
  readonly c2: HexHash;
}

/** One line of `ballots/<device>.jsonl` (stage "ballots", spec/record.md §5). */
export interface BallotJson {
  readonly code: HexHash;
  readonly style: string;
  /** 'superseded': cast, then replaced by a later ballot of the same credential (revoting, spec/record.md §5.5). */
  /**
   * 'cancelled': cast under a credential named by a `cancellation` entry — its voter was checked in
   * at a polling station (spec/stations.md §8); every ballot of that credential, before or after
   * the entry, is neither aggregated nor decrypted.
   */
  readonly state: 'cast' | 'challenged' | 'superseded' | 'cancelled';
  readonly contests: readonly {
    readonly label: string;
    /** One per option, in manifest order. */
    readonly selections: readonly {
      readonly alpha: HexElement;
      readonly beta: HexElement;
      readonly proof: RangeProofJson;
    }[];
    readonly proof: RangeProofJson;
    readonly contestData: HashedCiphertextJson;
  }[];
  /** One encrypted row per ranked contest of the manifest, in order (spec/record.md §5.6). */
  readonly ranked?: readonly RankedBallotJson[];
}

/** `devices.json`: every encrypting device with the closing hash of its chain (spec/record.md §5.4). */
export interface DevicesJson {
  readonly devices: readonly { readonly label: string; readonly closingHash: HexHash }[];
}

/** `encrypted-tally.json` (stage "tally", spec/record.md §6). */
export interface EncryptedTallyJson {
  readonly castBallots: number;
  readonly contests: readonly {
    readonly label: string;
    readonly selections: readonly {
      readonly label: string;
      readonly alpha: HexElement;
      readonly beta: HexElement;
    }[];
  }[];
}

/** `tally.json` (stage "decryption", spec/record.md §7.1). */
export interface TallyJson {
  readonly contests: readonly {
    readonly label: string;
    readonly selections: readonly {
      readonly label: string;
      readonly value: number;
      readonly proof: ChaumPedersenProofJson;
    }[];
  }[];
}

/** One line of `challenged.jsonl` (stage "decryption", spec/record.md §7.2). */
export interface ChallengedJson {
  readonly code: HexHash;
  readonly contests: readonly {
    readonly label: string;
    readonly selections: readonly { readonly value: number; readonly proof: ChaumPedersenProofJson }[];
    readonly contestData: {
      readonly beta: HexElement;
      readonly data: string;
      readonly proof: ChaumPedersenProofJson;
    };
  }[];
}
