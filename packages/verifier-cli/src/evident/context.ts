/**
 * Loading an Evident record's config and initialized stages and running verification steps 1–4
 * (parameters, guardian keys, election key, extended base hash; spec/verification.md §1–§4).
 *
 * Files that are missing, not JSON or off-schema make the record unreadable ({@link RecordReadError},
 * exit 2); values that decode but do not verify are failed numbered checks.
 * @module
 */
import {
  type AnyGroup,
  type Group,
  type GuardianCommitments,
  type Manifest,
  type ManifestIndex,
  type PublicKey,
  baseHash,
  bytesEqual,
  checkManifest,
  createBatch,
  extendedBaseHash,
  fromHex,
  groupByName,
  indexManifest,
  isInvalidData,
  jointPublicKey,
  manifestDigest,
  parameterBaseHash,
  publicKey,
  verifyGuardianCommitments,
  elementFromJson,
  schnorrProofFromJson,
} from '@evident/e2e-crypto';
import {
  CONFIG_FILE,
  type ConfigJson,
  INITIALIZED_FILE,
  type InitializedJson,
  MANIFEST_FILE,
  RecordReadError,
  readRecordJson,
  readSigningKeys,
} from '@evident/record';
import { type StepResult, stepCollector } from '../report.js';

/** Everything later steps need; `ok` false when steps 1–4 failed so badly that K or H_E is unknown. */
export interface EvidentContext<E> {
  readonly G: Group<E>;
  readonly config: ConfigJson;
  readonly manifest: Manifest;
  readonly index: ManifestIndex;
  readonly pk: PublicKey<E>;
  readonly hE: Uint8Array;
  readonly hP: Uint8Array;
  /** each guardian's signing key that passed 2.E, by index (spec/key-ceremony.md §13) */
  readonly signingKeys: ReadonlyMap<number, Uint8Array>;
}

/** Result of {@link loadEvidentContext}. */
export interface LoadedContext<E> {
  readonly steps: StepResult[];
  /** undefined when the manifest, K or H_E could not be established. */
  readonly ctx?: EvidentContext<E>;
}

/**
 * Reads the config, manifest and initialized stages and runs steps 1–4.
 * @throws {RecordReadError} when one of those files is missing, malformed or off-schema
 */
export function loadEvidentContext(dir: string, opts: { quiet?: boolean } = {}): LoadedContext<unknown> {
  const config = readRecordJson<ConfigJson>(dir, CONFIG_FILE, 'election-config');
  const manifest = readRecordJson<Manifest>(dir, MANIFEST_FILE, 'manifest');
  const init = readRecordJson<InitializedJson>(dir, INITIALIZED_FILE, 'election-initialized');
  let G: AnyGroup;
  try {
    G = groupByName(config.profile);
  } catch {
    throw new RecordReadError(CONFIG_FILE, 'profile', `unknown profile "${config.profile}"`);
  }
  return steps1to4(G as Group<unknown>, config, manifest, init, opts.quiet ?? false);
}

function steps1to4<E>(
  G: Group<E>,
  config: ConfigJson,
  manifest: Manifest,
  init: InitializedJson,
  _quiet: boolean,
): LoadedContext<E> {
  const steps: StepResult[] = [];
  // Step 1: parameters, manifest and base hashes
  const s1 = stepCollector('1', 'Parameters, manifest and base hash');
  const hP = parameterBaseHash(G);
  s1.item();
  if (config.specVersion !== G.version)
    s1.fail('1.A', `${CONFIG_FILE} specVersion`, `expected "${G.version}" for ${G.name}`);
  if (!bytesEqual(fromHex(config.parameterHash), hP))
    s1.fail('1.B', `${CONFIG_FILE} parameterHash`, 'H_P does not match the profile parameters');
  const problems = checkManifest(manifest);
  for (const p of problems) s1.fail('1.E', `${MANIFEST_FILE} ${p.path}`, p.message);
  const hM = manifestDigest(hP, manifest);
  if (!bytesEqual(fromHex(config.manifestHash), hM))
    s1.fail('1.C', `${CONFIG_FILE} manifestHash`, 'H_M does not match manifest.json');
  if (config.quorum > config.guardians)
    s1.fail('1.D', `${CONFIG_FILE} quorum`, 'quorum k exceeds the number of guardians n');
  const hB = baseHash(hP, hM, config.guardians, config.quorum);
  if (!bytesEqual(fromHex(config.baseHash), hB))
    s1.fail('1.D', `${CONFIG_FILE} baseHash`, 'H_B does not match H_P, H_M, n, k');
  steps.push(s1.done());

  // Step 2: guardian public keys (EG 2.0 Verification 2)
  const s2 = stepCollector('2', 'Guardian public keys and coefficient proofs');
  const guardians: GuardianCommitments<E>[] = [];
  const batch = G.proofForm === 'commitment' ? createBatch(G) : undefined;
  const seen = new Set<number>();
  init.guardians.forEach((g, x) => {
    const at = `${INITIALIZED_FILE} guardians[${x}]`;
    s2.item();
    if (seen.has(g.index) || g.index < 1 || g.index > config.guardians) {
      s2.fail(
        '2.D',
        `${at}.index`,
        `guardian index ${g.index} is repeated or outside 1..${config.guardians}`,
      );
    }
    seen.add(g.index);
    try {
      const gc: GuardianCommitments<E> = {
        i: g.index,
        commitments: g.commitments.map((c, j) => elementFromJson(G, c, `${at}.commitments[${j}]`)),
        proofs: g.proofs.map((p, j) => schnorrProofFromJson(G, p, `${at}.proofs[${j}]`)),
      };
      guardians.push(gc);
      for (const f of verifyGuardianCommitments(G, hP, gc, config.quorum, batch))
        s2.fail(f.check, `${at}.${f.where}`, f.message);
    } catch (e) {
      if (!isInvalidData(e)) throw e;
      s2.fail(e.code === 'SCALAR_RANGE' ? '2.B' : '2.A', e.field, e.message); // 2.B: v ∈ Z_q
    }
  });
  if (init.guardians.length !== config.guardians) {
    s2.fail(
      '2.D',
      `${INITIALIZED_FILE} guardians`,
      `${init.guardians.length} guardians, n = ${config.guardians}`,
    );
  }
  if (batch && !batch.check()) {
    for (const gc of guardians) {
      for (const f of verifyGuardianCommitments(G, hP, gc, config.quorum))
        s2.fail(f.check, `${INITIALIZED_FILE} guardian ${gc.i} ${f.where}`, f.message);
    }
  }
  // 2.E: every guardian's signing key is a valid Ed25519 key, bound to its K_i, distinct
  const signing = readSigningKeys(G, hP, init.guardians, `${INITIALIZED_FILE} guardians`);
  s2.add(signing.findings);
  steps.push(s2.done());

  // Step 3: the election key
  const s3 = stepCollector('3', 'Election public key');
  s3.item();
  let K: E | undefined;
  try {
    K = elementFromJson(G, init.jointKey, `${INITIALIZED_FILE} jointKey`);
    const jk = jointPublicKey(
      G,
      guardians.map((g) => g.commitments[0] ?? G.one),
    );
    if (!jk.ok) for (const f of jk.findings) s3.fail(f.check, INITIALIZED_FILE, f.message);
    else if (!G.equals(jk.K, K))
      s3.fail('3.B', `${INITIALIZED_FILE} jointKey`, 'K is not the product of the guardian keys');
  } catch (e) {
    if (!isInvalidData(e)) throw e;
    s3.fail('3.A', e.field, e.message);
  }
  steps.push(s3.done());

  // Step 4: extended base hash
  const s4 = stepCollector('4', 'Extended base hash H_E');
  s4.item();
  const hE = fromHex(init.extendedBaseHash);
  if (K !== undefined && !bytesEqual(extendedBaseHash(G, hB, K), hE)) {
    s4.fail('4.A', `${INITIALIZED_FILE} extendedBaseHash`, 'H_E ≠ H(H_B; 0x12, K)');
  }
  steps.push(s4.done());

  if (K === undefined || problems.length > 0) return { steps };
  return {
    steps,
    ctx: {
      G,
      config,
      manifest,
      index: indexManifest(manifest),
      pk: publicKey(G, K),
      hE,
      hP,
      signingKeys: signing.keys,
    },
  };
}
