/**
 * A whole election in one process, written as an Evident record (spec/record.md): key ceremony,
 * ballots encrypted on several devices with some challenged (Benaloh), the homomorphic tally,
 * and the decryption by a quorum with some guardians absent. For the demo, tests and benchmarks;
 * a real election runs these steps on the guardians' machines, the voting devices and the server.
 * @module
 */
import {
  type AnyGroup,
  type DecryptedBallot,
  type EncryptedBallot,
  type EncryptingDevice,
  type Group,
  type Manifest,
  type PlaintextBallot,
  type RankedBallot,
  confirmationCode,
  createEncryptingDevice,
  createTallyAccumulator,
  decryptChallengedBallot,
  decryptTally,
  encryptBallot,
  encryptRankedRows,
  groupByName,
  indexManifest,
  keyShareCommitment,
  publicKey,
  quorumDecryptor,
  rankedBallotToJson,
  runLocalCeremony,
  startDeviceChain,
  toHex,
} from '@evident/e2e-crypto';
import {
  openBallotStage,
  writeConfigStage,
  writeDecryptionStage,
  writeInitializedStage,
  writeTallyStage,
} from '../record-writer.js';
import { sampleManifest } from './sample-manifest.js';

/** What to simulate. */
export interface SimulationOptions {
  /** Group profile (default ristretto255). */
  readonly profile?: 'ristretto255' | 'eg-4096';
  readonly manifest?: Manifest;
  /** n and k (default 5 and 3). */
  readonly guardians?: number;
  readonly quorum?: number;
  /** Guardian indices absent at decryption (default [n]: the last one). */
  readonly absent?: readonly number[];
  /** Ballots in all (default 20), spread round-robin over `devices` devices (default 2). */
  readonly ballots?: number;
  readonly devices?: number;
  /** Every how-many-th ballot is challenged instead of cast (default 10; 0 for none). */
  readonly challengeEvery?: number;
  /**
   * Benchmarks only: encrypt only this many distinct ballots and give every further ballot the
   * encrypted contests of one of them with its own place in the chain (a new confirmation code).
   * The verifier does the same work for each; the record is valid. 0 (default) encrypts every ballot.
   */
  readonly distinctEncryptions?: number;
  /**
   * The preferences of ballot b (0-based) in the manifest's ranked contests: contest id → candidate
   * numbers or write-in names (default: none, an empty ranking). Each ballot line then carries
   * one row per ranked contest (spec/record.md §5.6); the rows of the cast ballots go to `extend`,
   * which writes the contests' `ranked/` folders. Not with `distinctEncryptions`.
   */
  readonly rankings?: (b: number) => Readonly<Record<string, readonly (number | string)[]>>;
  /** Most ballot files open at once while writing (default 64; see `openBallotStage`). */
  readonly maxOpenFiles?: number;
  /** Called every 100 ballots. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Called after the decryption stage is written, with the election's keys and the present
   * guardians' secrets, to add extension data (e.g. ranked-choice contests) under the same keys.
   */
  readonly extend?: (election: SimulatedElection) => Promise<void> | void;
}

/** What {@link SimulationOptions.extend} receives (elements of the record's group). */
export interface SimulatedElection {
  readonly dir: string;
  readonly G: Group<unknown>;
  readonly K: unknown;
  readonly hE: Uint8Array;
  readonly k: number;
  readonly keyShareCommitments: ReadonlyMap<number, unknown>;
  /** the guardians present at decryption: index i and key share P(i) */
  readonly present: readonly { readonly i: number; readonly Pi: bigint }[];
  /** the cast ballots' confirmation codes (hex) and ranked rows (one per ranked contest), in order */
  readonly ranked: readonly { readonly code: string; readonly rows: readonly RankedBallot<unknown>[] }[];
  /** every guardian's Ed25519 signing secret, by index (to sign mix stages, spec/key-ceremony.md §13) */
  readonly signingSecrets: ReadonlyMap<number, Uint8Array>;
}

/** What the simulation did, to compare with what the verifier finds. */
export interface SimulationResult {
  readonly profile: string;
  readonly castBallots: number;
  readonly challengedBallots: number;
  readonly guardiansPresent: readonly number[];
  readonly guardiansAbsent: readonly number[];
  /** contest label → option label → votes counted (the plaintext truth). */
  readonly expected: Record<string, Record<string, number>>;
  /** contest label → option label → the decrypted tally. */
  readonly decrypted: Record<string, Record<string, number>>;
}

/** Random marks: each contest gets up to L distinct options, sometimes none, rarely too many. */
function randomBallot(manifest: Manifest, style: string): PlaintextBallot {
  const st = manifest.ballotStyles.find((s) => s.label === style)!;
  const votes: Record<string, Record<string, number>> = {};
  for (const label of st.contests) {
    const c = manifest.contests.find((x) => x.label === label)!;
    const r = Math.random();
    const n =
      r < 0.05
        ? 0
        : r < 0.08
          ? Math.min(c.options.length, c.voteLimit + 1)
          : 1 + Math.floor(Math.random() * c.voteLimit);
    const picks = [...c.options].sort(() => Math.random() - 0.5).slice(0, n);
    votes[label] = Object.fromEntries(picks.map((o) => [o.label, 1]));
  }
  return { style, votes, writeIns: Math.random() < 0.1 ? { [st.contests[0]!]: 'A. Write-In' } : {} };
}

/**
 * Runs the election and writes its record to `dir`.
 * @throws {Error} if a step fails (it cannot with the honest parties simulated here)
 */
export async function simulateElection(dir: string, opts: SimulationOptions = {}): Promise<SimulationResult> {
  const G = groupByName(opts.profile ?? 'ristretto255') as AnyGroup;
  return run(G as Group<unknown>, dir, opts);
}

async function run<E>(G: Group<E>, dir: string, opts: SimulationOptions): Promise<SimulationResult> {
  const manifest = opts.manifest ?? sampleManifest();
  const index = indexManifest(manifest);
  const n = opts.guardians ?? 5;
  const k = opts.quorum ?? 3;
  const absent = new Set(opts.absent ?? [n]);
  const total = opts.ballots ?? 20;
  const nDev = opts.devices ?? 2;
  const challengeEvery = opts.challengeEvery ?? 10;

  // config and key ceremony (EG 2.0 §3.1, §3.2)
  const { hP, hB } = writeConfigStage(dir, G, manifest, n, k);
  const ceremony = runLocalCeremony(G, hP, hB, n, k);
  const { K, hE } = ceremony;
  const signing = new Map(ceremony.signingKeys.map((s) => [s.i, s]));
  writeInitializedStage(
    dir,
    G,
    ceremony.guardians.map((g) => ({
      ...g,
      signingKey: signing.get(g.i)!.publicKey,
      signingKeyProof: signing.get(g.i)!.proof,
    })),
    K,
    hE,
  );

  // ballots (EG 2.0 §3.3, §3.4)
  const ctx = { G, hE, pk: publicKey(G, K), manifest: index };
  // an encrypting device is made when it first encrypts (with `distinctEncryptions`, most never
  // do): a record of a file per voter has hundreds of thousands of devices
  const labels = Array.from({ length: nDev }, (_, d) => `device-${d + 1}`);
  const devices: (EncryptingDevice<E> | undefined)[] = new Array(nDev);
  const deviceAt = (d: number): EncryptingDevice<E> =>
    (devices[d] ??= createEncryptingDevice(ctx, labels[d]!));
  const chains = labels.map((label) => startDeviceChain(hE, label));
  const stage = openBallotStage(dir, G, {
    ...(opts.maxOpenFiles !== undefined ? { maxOpenFiles: opts.maxOpenFiles } : {}),
  });
  const tally = createTallyAccumulator(G, index);
  const challenged: EncryptedBallot<E>[] = [];
  const expected: Record<string, Record<string, number>> = {};
  for (const c of manifest.contests)
    expected[c.label] = Object.fromEntries(c.options.map((o) => [o.label, 0]));
  const distinct = opts.distinctEncryptions ?? 0;
  const templates: { ballot: EncryptedBallot<E>; plain: PlaintextBallot }[] = [];
  const rankedContests = manifest.rankedContests ?? [];
  if (rankedContests.length > 0 && distinct > 0)
    throw new RangeError('distinctEncryptions: not with ranked contests');
  const rankedCast: { code: string; rows: readonly RankedBallot<unknown>[] }[] = [];
  for (let b = 0; b < total; b++) {
    const d = b % nDev;
    const style = manifest.ballotStyles[(b >> 1) % manifest.ballotStyles.length]!.label;
    let enc: EncryptedBallot<E>;
    let plain: PlaintextBallot;
    let ranked: readonly RankedBallot<E>[] | undefined;
    const chain = chains[d]!;
    if (distinct > 0 && templates.length >= distinct) {
      const t = templates[b % distinct]!;
      const code = confirmationCode(
        hE,
        t.ballot.contests.map((c) => c.hash),
        chain.nextAux(),
      );
      enc = { ...t.ballot, code };
      plain = t.plain;
    } else if (rankedContests.length > 0) {
      // one row per ranked contest, nonces from ξ_B, their hashes after the contests' in H(B)
      // (spec/ranked-choice.md §2.5, §2.6)
      plain = randomBallot(manifest, style);
      const aux = chain.nextAux();
      const r = encryptBallot(ctx, plain, aux);
      const rows = encryptRankedRows(
        G,
        ctx.pk,
        hE,
        manifest.contests.length,
        rankedContests,
        r.nonce,
        opts.rankings?.(b),
      );
      const hashes = [...r.ballot.contests.map((c) => c.hash), ...rows.hashes];
      enc = { ...r.ballot, code: confirmationCode(hE, hashes, aux) };
      ranked = rows.ballots;
    } else {
      plain = randomBallot(manifest, style);
      enc = deviceAt(d).encrypt(plain).ballot; // the device's own chain equals `chain`
      const check = chain.nextAux();
      if (
        confirmationCode(
          hE,
          enc.contests.map((c) => c.hash),
          check,
        ).some((x, i) => x !== enc.code[i])
      ) {
        throw new Error('simulation: device chain out of step');
      }
      if (distinct > 0) templates.push({ ballot: enc, plain });
    }
    chain.append(enc.code);
    const isChallenged = challengeEvery > 0 && b % challengeEvery === challengeEvery - 1;
    if (isChallenged) challenged.push(enc);
    else {
      tally.add(enc);
      for (const [contest, marks] of Object.entries(plain.votes)) {
        const c = index.contests.get(contest)!.contest;
        const sum = Object.values(marks).reduce((a, x) => a + x, 0);
        if (sum > c.voteLimit) continue; // overvote: counted as zeros
        for (const [opt, v] of Object.entries(marks)) expected[contest]![opt]! += v;
      }
    }
    const rankedJson = ranked?.map((x) => rankedBallotToJson(G, x));
    await stage.add(labels[d]!, enc, isChallenged ? 'challenged' : 'cast', rankedJson);
    if (ranked && !isChallenged)
      rankedCast.push({ code: toHex(enc.code), rows: ranked as RankedBallot<unknown>[] });
    if (b % 100 === 99) opts.onProgress?.(b + 1, total);
  }
  await stage.close(new Map(chains.map((c) => [c.device, c.close()])));
  const encryptedTally = tally.result();
  writeTallyStage(dir, G, encryptedTally);

  // decryption by the guardians present (EG 2.0 §3.6)
  const keyShareCommitments = new Map(
    ceremony.guardians.map(
      (g) =>
        [
          g.i,
          keyShareCommitment(
            G,
            ceremony.guardians.map((x) => x.commitments),
            g.i,
          ),
        ] as const,
    ),
  );
  const present = ceremony.secrets.filter((s) => !absent.has(s.i)).map((s) => ({ i: s.i, Pi: s.Pi }));
  const decryptor = quorumDecryptor(G, { ctx: { K, hE }, k, keyShareCommitments }, present);
  const maxLimit = Math.max(...manifest.contests.map((c) => c.optionLimit));
  const decryptedTally = decryptTally(G, K, encryptedTally, decryptor, maxLimit);
  const decryptedBallots: DecryptedBallot<E>[] = challenged.map((b) =>
    decryptChallengedBallot(G, hE, K, b, decryptor),
  );
  await writeDecryptionStage(dir, G, decryptedTally, decryptedBallots);
  const signingSecrets = new Map(ceremony.secrets.map((s) => [s.i, s.signingSecret]));
  await opts.extend?.({
    dir,
    G: G as Group<unknown>,
    K,
    hE,
    k,
    keyShareCommitments,
    present,
    ranked: rankedCast,
    signingSecrets,
  });

  const decrypted: Record<string, Record<string, number>> = {};
  for (const c of decryptedTally.contests)
    decrypted[c.label] = Object.fromEntries(c.selections.map((s) => [s.label, s.value]));
  return {
    profile: G.name,
    castBallots: encryptedTally.castBallots,
    challengedBallots: challenged.length,
    guardiansPresent: decryptor.guardians,
    guardiansAbsent: [...absent].sort((a, b) => a - b),
    expected,
    decrypted,
  };
}
