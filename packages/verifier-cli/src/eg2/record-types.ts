/**
 * Typed values of an ElectionGuard 2.0 election record in egk's JSON layout
 * (fixtures/electionguard-2.0/ElectionRecordJson-egk.md; field map in spec/verification-eg2.md §2).
 *
 * Elements and scalars are raw `bigint`s as read: membership in Z_p^r and ranges are checked by
 * the verification steps, which report them as numbered failures.
 * @module
 */

/** constants.json (ElectionConstantsJson). */
export interface Eg2Constants {
  readonly name: string;
  readonly largePrime: bigint;
  readonly smallPrime: bigint;
  readonly cofactor: bigint;
  readonly generator: bigint;
}

/** election_config.json (ElectionConfigJson). */
export interface Eg2Config {
  readonly configVersion: string;
  readonly n: number;
  readonly k: number;
  readonly parameterBaseHash: Uint8Array;
  readonly manifestHash: Uint8Array;
  readonly electionBaseHash: Uint8Array;
  readonly chainConfirmationCodes: boolean;
  /** B_aux,0: the device information (EG 2.0 §3.4.3). */
  readonly baux0: Uint8Array;
}

/** One Schnorr proof of a polynomial coefficient commitment K_ij (EG 2.0 §3.2.2). */
export interface Eg2CoefficientProof {
  readonly publicKey: bigint;
  readonly challenge: bigint;
  readonly response: bigint;
}

export interface Eg2Guardian {
  readonly guardianId: string;
  /** i, the guardian's sequence number. */
  readonly xCoordinate: number;
  readonly coefficientProofs: readonly Eg2CoefficientProof[];
}

/** election_initialized.json (ElectionInitializedJson). */
export interface Eg2Initialized {
  readonly jointPublicKey: bigint;
  readonly extendedBaseHash: Uint8Array;
  readonly guardians: readonly Eg2Guardian[];
}

/** A manifest option: label and index ind_o. */
export interface Eg2ManifestOption {
  readonly id: string;
  readonly index: number;
}

/** A manifest contest: label Λ, index ind_c, limits L and R. */
export interface Eg2ManifestContest {
  readonly id: string;
  readonly index: number;
  /** L, the contest selection limit (votes_allowed). */
  readonly votesAllowed: number;
  /** R, the option selection limit (option_selection_limit, default 1). */
  readonly optionLimit: number;
  readonly options: readonly Eg2ManifestOption[];
}

/** manifest.json: the parts the verifier uses, and the file's bytes for H_M. */
export interface Eg2Manifest {
  readonly contests: readonly Eg2ManifestContest[];
  readonly bytes: Uint8Array;
}

export interface Eg2Ciphertext {
  readonly alpha: bigint;
  readonly beta: bigint;
}

/** Range proof in challenge form: c_j, v_j for j = 0..R (EG 2.0 §3.3.5). */
export interface Eg2RangeProof {
  readonly c: readonly bigint[];
  readonly v: readonly bigint[];
}

/** Chaum–Pedersen proof (c, v) of a decryption (EG 2.0 §3.6.3). */
export interface Eg2DecryptionProof {
  readonly c: bigint;
  readonly v: bigint;
}

/** Hashed ElGamal ciphertext (C0, C1, C2) of contest data (EG 2.0 §3.3.6). */
export interface Eg2HashedCiphertext {
  readonly c0: bigint;
  readonly c1: Uint8Array;
  readonly c2: Uint8Array;
  readonly numBytes: number;
}

export interface Eg2EncryptedSelection {
  readonly id: string;
  readonly index: number;
  readonly ciphertext: Eg2Ciphertext;
  readonly proof: Eg2RangeProof;
}

export interface Eg2EncryptedContest {
  readonly id: string;
  readonly index: number;
  readonly votesAllowed: number;
  readonly contestHash: Uint8Array;
  readonly selections: readonly Eg2EncryptedSelection[];
  readonly proof: Eg2RangeProof;
  readonly contestData: Eg2HashedCiphertext;
}

/** eballot-<id>.json (EncryptedBallotJson). */
export interface Eg2EncryptedBallot {
  readonly ballotId: string;
  readonly ballotStyleId: string;
  readonly device: string;
  readonly timestamp: number;
  readonly codeBaux: Uint8Array;
  readonly confirmationCode: Uint8Array;
  readonly electionId: Uint8Array;
  /** "CAST" or "SPOILED" (challenged); anything else is reported. */
  readonly state: string;
  readonly isPreencrypt: boolean;
  readonly contests: readonly Eg2EncryptedContest[];
}

/** ballot_chain.json of one device (egk's layout of EG 2.0 §3.4.3 chaining). */
export interface Eg2BallotChain {
  readonly device: string;
  /** Named baux0 by egk, but holds H_0 = H(H_E; 0x24, B_aux,0). */
  readonly h0: Uint8Array;
  readonly ballotIds: readonly string[];
  readonly lastConfirmationCode: Uint8Array;
  readonly chaining: boolean;
  readonly closingHash: Uint8Array;
}

export interface Eg2TallySelection {
  readonly id: string;
  readonly index: number;
  readonly ciphertext: Eg2Ciphertext;
}

/** encrypted_tally.json (EncryptedTallyJson). */
export interface Eg2EncryptedTally {
  readonly tallyId: string;
  readonly electionId: Uint8Array;
  readonly castBallotIds: readonly string[];
  readonly contests: readonly {
    readonly id: string;
    readonly index: number;
    readonly selections: readonly Eg2TallySelection[];
  }[];
}

export interface Eg2DecryptedSelection {
  readonly id: string;
  /** t (tally) or σ (challenged ballot). */
  readonly value: number;
  /** T = K^t (egk's b_over_m). */
  readonly kToValue: bigint;
  readonly ciphertext: Eg2Ciphertext;
  readonly proof: Eg2DecryptionProof;
}

/** Published plaintext of contest data, as egk writes it. */
export interface Eg2ContestData {
  readonly overVotes: readonly number[];
  readonly writeIns: readonly string[];
  readonly status: string;
}

export interface Eg2DecryptedContestData {
  readonly contestData: Eg2ContestData;
  readonly encrypted: Eg2HashedCiphertext;
  readonly proof: Eg2DecryptionProof;
  /** β = C0^s. */
  readonly beta: bigint;
}

export interface Eg2DecryptedContest {
  readonly id: string;
  readonly selections: readonly Eg2DecryptedSelection[];
  readonly contestData?: Eg2DecryptedContestData;
}

/** tally.json and dballot-<id>.json (DecryptedTallyOrBallotJson). */
export interface Eg2Decrypted {
  readonly id: string;
  readonly electionId: Uint8Array;
  readonly contests: readonly Eg2DecryptedContest[];
}
