/**
 * The lifecycle steps as writer jobs (spec/server-api.md §4): each checks the state, appends
 * its public event to the election's log and updates the election, in one commit.
 * @module
 */
import {
  baseHash,
  extendedBaseHash,
  fromHex,
  generateCredential,
  groupByName,
  indexManifest,
  isInvalidData,
  jointPublicKey,
  manifestDigest,
  parameterBaseHash,
  toHex,
  verifyGuardianCommitments,
  createBatch,
  formatFinding,
  type Group,
  type Manifest,
  elementFromJson,
  schnorrProofFromJson,
} from '@evident/e2e-crypto';
import { readSigningKeys, type InitializedJson } from '@evident/record';
import { upperHex } from '@evident/record';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { onCurrentView } from './current-view.js';
import type { ElectionRow } from '../store/store.js';
import { checkElectionKeyBinding, initializedOf, type ElectionKeyJson } from './election-key.js';
import { transition, type ElectionConfig, type LifecycleStep } from './lifecycle.js';
import { localTimeToInstant } from './schedule.js';
import { countingStartOf, scheduledCountingStart } from './counting-start.js';

/** Loads an election or fails with EVD_ERR_NOT_FOUND. */
export async function loadElection(ctx: ServerContext, id: string): Promise<ElectionRow> {
  const e = await ctx.store.getElection(id);
  if (!e) throw new ApiError('EVD_ERR_NOT_FOUND', `no election "${id}"`, 'electionId');
  return e;
}

/**
 * The election, if action `action` may follow its state — on this node's view, refused only if
 * the store agrees (elections/current-view.ts); the writer's job checks again under the lock.
 * @throws {ApiError} EVD_ERR_NOT_FOUND, EVD_ERR_ILLEGAL_TRANSITION
 */
async function electionFor(ctx: ServerContext, id: string, action: LifecycleStep): Promise<ElectionRow> {
  return onCurrentView(ctx, id, async () => {
    const e = await loadElection(ctx, id);
    transition(e.state, action);
    return e;
  });
}

/** The parsed config of an election. */
export function configOf(e: ElectionRow): ElectionConfig {
  return JSON.parse(e.config) as ElectionConfig;
}

/** Body of `POST /elections`. */
export interface CreateElectionBody {
  readonly id: string;
  readonly profile: 'ristretto255' | 'eg-4096';
  readonly manifest: Manifest;
  readonly timeZone: string;
  readonly closeAt?: string;
  /** Election-local wall time from which stations may count; default 17:00 (elections/counting-start.ts). */
  readonly countingStart?: string;
  readonly requireIdentity?: boolean;
}

/**
 * The manifest as the election publishes it: the administrator's, with the log key under
 * `bulletinBoard` (spec/record.md §3.1), so that H_M, and through H_B and H_E every guardian's
 * work, binds the board; a record stripped of its board then fails L1.D or its hashes.
 * @throws {ApiError} EVD_ERR_INVALID_MANIFEST when the manifest names another board
 */
function publishedManifest(ctx: ServerContext, manifest: Manifest): Manifest {
  const logPublicKey = toHex(ctx.logs.publicKey);
  const named = manifest.bulletinBoard?.logPublicKey;
  if (named !== undefined && named !== logPublicKey) {
    throw new ApiError(
      'EVD_ERR_INVALID_MANIFEST',
      "the manifest names another bulletin board than this server's log key",
      'manifest.bulletinBoard.logPublicKey',
    );
  }
  return { ...manifest, bulletinBoard: { logPublicKey } };
}

/** Creates an election; its log starts with the `setup` entry (spec/bulletin-board.md §1.3). */
export async function createElection(ctx: ServerContext, body: CreateElectionBody): Promise<ElectionRow> {
  const G = groupByName(body.profile) as Group<unknown>;
  try {
    indexManifest(body.manifest);
  } catch (e) {
    if (isInvalidData(e)) throw new ApiError('EVD_ERR_INVALID_MANIFEST', e.message, e.field);
    throw e;
  }
  const manifest = publishedManifest(ctx, body.manifest);
  const closeAtInstant =
    body.closeAt !== undefined ? localTimeToInstant(body.closeAt, body.timeZone) : undefined;
  if (body.closeAt === undefined) localTimeToInstant('2000-01-01T00:00', body.timeZone); // checks the zone
  const counting = scheduledCountingStart(
    body.countingStart,
    undefined,
    body.closeAt,
    manifest.endDate,
    body.timeZone,
  );
  const hP = parameterBaseHash(G);
  const config: ElectionConfig = {
    timeZone: body.timeZone,
    ...(body.closeAt !== undefined ? { closeAt: body.closeAt, closeAtInstant } : {}),
    ...counting,
    requireIdentity: body.requireIdentity ?? false,
  };
  return ctx.writer.submit(async (tx) => {
    if ((await ctx.store.getElection(body.id)) || tx.get(`election:${body.id}`)) {
      throw new ApiError('EVD_ERR_CONFLICT', `election "${body.id}" exists`, 'id');
    }
    if (!ctx.logs.get(body.id)) ctx.logs.create(body.id);
    const now = ctx.now();
    const row: ElectionRow = {
      id: body.id,
      state: 'created',
      profile: G.name,
      manifest: JSON.stringify(manifest),
      config: JSON.stringify(config),
      init: null,
      createdAt: now,
      updatedAt: now,
    };
    tx.append(body.id, 'setup', {
      electionId: body.id,
      profile: G.name,
      specVersion: G.version,
      parameterHash: toHex(hP),
      manifestHash: toHex(manifestDigest(hP, manifest)),
      manifest,
      logPublicKey: toHex(ctx.logs.publicKey),
      timeZone: config.timeZone,
      ...(config.closeAt !== undefined
        ? { closeAt: config.closeAt, closeAtInstant: config.closeAtInstant }
        : {}),
      countingStart: counting.countingStart,
      countingStartInstant: counting.countingStartInstant,
      requireIdentity: config.requireIdentity,
      time: now,
    });
    tx.mutate({ kind: 'election', row });
    tx.set(`election:${body.id}`, true);
    return row;
  });
}

/** Body of `POST /elections/{id}/key-ceremony`: the trustees' `election-initialized.json` and k. */
export interface KeyCeremonyBody {
  readonly quorum: number;
  readonly initialized: InitializedJson;
}

/**
 * Imports and verifies the key-ceremony output (EG 2.0 Verifications 2–4): every guardian's
 * commitments and Schnorr proofs, K = ∏ K_i, H_E = H(H_B; 0x12, K). Both forms are bound to
 * this election's profile, H_M and H_B(n, k): `{initialized}` through H_E, `{electionKey}`
 * also through its identifying fields, compared before anything else is read.
 */
export async function importKeyCeremony(
  ctx: ServerContext,
  id: string,
  form: KeyCeremonyBody | { readonly electionKey: ElectionKeyJson },
): Promise<ElectionRow> {
  const e = await electionFor(ctx, id, 'import-keys');
  const G = groupByName(e.profile) as Group<unknown>;
  const hP = parameterBaseHash(G);
  const hM = manifestDigest(hP, JSON.parse(e.manifest) as Manifest);
  const body = 'electionKey' in form ? initializedOf(form.electionKey) : form;
  const init = upperHex(body.initialized); // either case on input, kept in the record's (upper)
  const n = init.guardians.length;
  const k = body.quorum;
  const hB = baseHash(hP, hM, n, k);
  if ('electionKey' in form)
    checkElectionKeyBinding(form.electionKey, { group: G.name, groupVersion: G.version, hP, hM, hB });
  if (n < 1 || k < 1 || k > n)
    throw new ApiError('EVD_ERR_INVALID_KEY_CEREMONY', `quorum ${k} of ${n} guardians`, 'quorum');
  let K: unknown;
  try {
    const batch = createBatch(G);
    const seen = new Set<number>();
    const keys: unknown[] = [];
    init.guardians.forEach((g, gi) => {
      const at = `initialized.guardians[${gi}]`;
      if (!Number.isInteger(g.index) || g.index < 1 || g.index > n || seen.has(g.index)) {
        throw new ApiError(
          'EVD_ERR_INVALID_KEY_CEREMONY',
          `guardian indices must be 1..${n}, each once`,
          `${at}.index`,
        );
      }
      seen.add(g.index);
      const gc = {
        i: g.index,
        commitments: g.commitments.map((c, j) => elementFromJson(G, c, `${at}.commitments[${j}]`)),
        proofs: g.proofs.map((p, j) => schnorrProofFromJson(G, p, `${at}.proofs[${j}]`)),
      };
      const [f] = verifyGuardianCommitments(G, hP, gc, k, batch);
      if (f)
        throw new ApiError('EVD_ERR_INVALID_KEY_CEREMONY', `guardian ${g.index}: ${formatFinding(f)}`, at);
      keys.push(gc.commitments[0]);
    });
    if (!batch.check())
      throw new ApiError(
        'EVD_ERR_INVALID_KEY_CEREMONY',
        'a guardian proof does not verify',
        'initialized.guardians',
      );
    // 2.E: every guardian's signing key, bound to its K_i (spec/key-ceremony.md §13)
    const [sk] = readSigningKeys(G, hP, init.guardians, 'initialized.guardians').findings;
    if (sk) throw new ApiError('EVD_ERR_INVALID_KEY_CEREMONY', sk.message, sk.where);
    const jk = jointPublicKey(G, keys);
    if (!jk.ok)
      throw new ApiError(
        'EVD_ERR_INVALID_KEY_CEREMONY',
        jk.findings.map(formatFinding).join('; '),
        'initialized.guardians',
      );
    K = jk.K;
    if (toHex(G.encode(K)) !== String(init.jointKey).toUpperCase()) {
      throw new ApiError(
        'EVD_ERR_INVALID_KEY_CEREMONY',
        'jointKey is not the product of the guardian keys',
        'initialized.jointKey',
      );
    }
    const hE = extendedBaseHash(G, hB, K);
    if (toHex(hE) !== String(init.extendedBaseHash).toUpperCase()) {
      throw new ApiError(
        'EVD_ERR_INVALID_KEY_CEREMONY',
        'extendedBaseHash does not match this election (manifest, n, k, K)',
        'initialized.extendedBaseHash',
      );
    }
  } catch (err) {
    if (isInvalidData(err)) throw new ApiError('EVD_ERR_INVALID_KEY_CEREMONY', err.message, err.field);
    throw err;
  }
  const config: ElectionConfig = {
    ...configOf(e),
    guardians: n,
    quorum: k,
    jointKey: toHex(G.encode(K)),
    extendedBaseHash: toHex(fromHex(init.extendedBaseHash)),
  };
  return ctx.writer.submit(async (tx) => {
    const cur = await loadElection(ctx, id);
    const state = transition(cur.state, 'import-keys');
    const row: ElectionRow = {
      ...cur,
      state,
      init: JSON.stringify(init),
      config: JSON.stringify(config),
      updatedAt: ctx.now(),
    };
    tx.append(id, 'key-ceremony', {
      guardians: n,
      quorum: k,
      baseHash: toHex(hB),
      initialized: init,
      time: ctx.now(),
    });
    tx.mutate({ kind: 'election', row });
    return row;
  });
}

/** Body of `POST /elections/{id}/credentials`. */
export interface CredentialsBody {
  /** Voter ids: the server generates one credential each and returns the codes once. */
  readonly voters?: readonly string[];
  /** Public credentials made by an external credential authority (hex). */
  readonly publicCredentials?: readonly string[];
}

/**
 * Issues credentials (spec/credentials.md §1) and publishes the new public credentials, sorted,
 * in one `credentials` entry.
 * @returns the codes for generated credentials (never stored), and the count
 */
export async function issueCredentials(
  ctx: ServerContext,
  id: string,
  body: CredentialsBody,
): Promise<{ issued: { voterId: string; credential: string; code: string }[]; total: number }> {
  const e = await electionFor(ctx, id, 'issue-credentials');
  const cfg = configOf(e);
  const G = groupByName(e.profile) as Group<unknown>;
  const hE = fromHex(cfg.extendedBaseHash!);
  const issued = (body.voters ?? []).map((voterId) => {
    const c = generateCredential(G, hE);
    return { voterId, credential: toHex(G.encode(c.S)), code: c.code };
  });
  const imported = (body.publicCredentials ?? []).map((h, i) => {
    const field = `publicCredentials[${i}]`;
    try {
      const S = G.decode(fromHex(h, field), field);
      // C1: S = g^0 has the secret s = 0, known to everyone: anyone could sign with it
      if (G.equals(S, G.one))
        throw new ApiError('EVD_ERR_INVALID_DATA', 'the identity element is not a credential', field);
      return toHex(G.encode(S));
    } catch (err) {
      if (isInvalidData(err)) throw new ApiError('EVD_ERR_INVALID_DATA', err.message, err.field);
      throw err;
    }
  });
  if (new Set(body.voters ?? []).size !== (body.voters ?? []).length) {
    throw new ApiError('EVD_ERR_VALIDATION', 'a voter id is listed twice', 'voters');
  }
  const all = [...issued.map((x) => x.credential), ...imported];
  if (new Set(all).size !== all.length)
    throw new ApiError('EVD_ERR_CONFLICT', 'duplicate public credential', 'publicCredentials');
  const total = await ctx.writer.submit(async (tx) => {
    const cur = await loadElection(ctx, id);
    const state = transition(cur.state, 'issue-credentials');
    for (const x of issued) {
      if (await ctx.store.credentialOfVoter(id, x.voterId)) {
        throw new ApiError('EVD_ERR_CONFLICT', `voter "${x.voterId}" already has a credential`, 'voters');
      }
    }
    for (const c of all) {
      if (await ctx.store.hasCredential(id, c))
        throw new ApiError('EVD_ERR_CONFLICT', 'credential already published', 'publicCredentials');
    }
    tx.append(id, 'credentials', { credentials: [...all].sort(), time: ctx.now() });
    for (const x of issued)
      tx.mutate({ kind: 'credential', electionId: id, credential: x.credential, voterId: x.voterId });
    for (const c of imported) tx.mutate({ kind: 'credential', electionId: id, credential: c });
    tx.mutate({ kind: 'election', row: { ...cur, state, updatedAt: ctx.now() } });
    return (await ctx.store.countCredentials(id)) + all.length;
  });
  return { issued, total };
}

/** Opens voting. */
export async function openElection(ctx: ServerContext, id: string): Promise<ElectionRow> {
  return ctx.writer.submit(async (tx) => {
    const cur = await loadElection(ctx, id);
    const state = transition(cur.state, 'open');
    const cfg = configOf(cur);
    if (cfg.closeAtInstant !== undefined && cfg.closeAtInstant <= ctx.now()) {
      throw new ApiError('EVD_ERR_INVALID_SCHEDULE', 'the closing time is already past', 'closeAt');
    }
    const row = { ...cur, state, updatedAt: ctx.now() };
    tx.append(id, 'open', { time: ctx.now() });
    tx.mutate({ kind: 'election', row });
    // later jobs of the batch read the store's state, still the old one: they look here
    tx.set(`opened:${id}`, true);
    return row;
  });
}

/** Closes voting (by the administrator or the schedule). */
export async function closeElection(
  ctx: ServerContext,
  id: string,
  reason: 'administrator' | 'scheduled',
): Promise<ElectionRow> {
  return ctx.writer.submit(async (tx) => {
    const cur = await loadElection(ctx, id);
    const state = transition(cur.state, 'close');
    // the stored schedule under the lock: a timer armed from an older one does not close early
    const at = configOf(cur).closeAtInstant;
    if (reason === 'scheduled' && (at === undefined || ctx.now() < at))
      throw new ApiError('EVD_ERR_CONFLICT', 'the close was rescheduled');
    const row = { ...cur, state, updatedAt: ctx.now() };
    tx.append(id, 'close', { time: ctx.now(), reason });
    tx.mutate({ kind: 'election', row });
    tx.set(`closed:${id}`, true);
    return row;
  });
}

/** What `PUT /elections/{id}/schedule` sets. */
export interface ScheduleBody {
  readonly timeZone: string;
  readonly closeAt?: string;
  /** Before `open` only (stations are provisioned with it). */
  readonly countingStart?: string;
}

/**
 * Sets or clears the scheduled close (before or while open) and, before `open`, the counting
 * start (elections/counting-start.ts). Once open, the counting start and the time zone it is
 * read in are fixed: a station may already hold them.
 * @throws {ApiError} EVD_ERR_WRONG_PHASE for a counting start, or another time zone, once open
 */
export async function setSchedule(ctx: ServerContext, id: string, body: ScheduleBody): Promise<ElectionRow> {
  const { closeAt, timeZone, countingStart } = body;
  const closeAtInstant = closeAt !== undefined ? localTimeToInstant(closeAt, timeZone) : undefined;
  if (closeAt === undefined) localTimeToInstant('2000-01-01T00:00', timeZone);
  if (closeAtInstant !== undefined && closeAtInstant <= ctx.now()) {
    throw new ApiError('EVD_ERR_INVALID_SCHEDULE', 'the closing time is already past', 'closeAt');
  }
  if (countingStart !== undefined) localTimeToInstant(countingStart, timeZone, 'countingStart');
  return ctx.writer.submit(async (tx) => {
    const cur = await loadElection(ctx, id);
    if (!['created', 'keys-imported', 'credentials-issued', 'open'].includes(cur.state)) {
      throw new ApiError('EVD_ERR_ILLEGAL_TRANSITION', `cannot reschedule an election that is ${cur.state}`);
    }
    const { closeAt: _a, closeAtInstant: _b, ...rest } = configOf(cur);
    const endDate = (JSON.parse(cur.manifest) as Manifest).endDate;
    let counting;
    if (cur.state === 'open') {
      if (countingStart !== undefined)
        throw new ApiError(
          'EVD_ERR_WRONG_PHASE',
          'the counting start is fixed once the election is open',
          'countingStart',
        );
      if (timeZone !== rest.timeZone)
        throw new ApiError(
          'EVD_ERR_WRONG_PHASE',
          'the time zone is fixed once the election is open',
          'timeZone',
        );
      counting = { ...countingStartOf(rest, endDate), countingStartSet: rest.countingStartSet ?? false };
    } else {
      counting = scheduledCountingStart(countingStart, rest, closeAt, endDate, timeZone);
    }
    const config: ElectionConfig = {
      ...rest,
      timeZone,
      ...(closeAt !== undefined ? { closeAt, closeAtInstant } : {}),
      ...counting,
    };
    const row = { ...cur, config: JSON.stringify(config), updatedAt: ctx.now() };
    tx.append(id, 'schedule', {
      timeZone,
      ...(closeAt !== undefined ? { closeAt, closeAtInstant } : {}),
      countingStart: counting.countingStart,
      countingStartInstant: counting.countingStartInstant,
      time: ctx.now(),
    });
    tx.mutate({ kind: 'election', row });
    return row;
  });
}

/** Arms (or re-arms) the timer that closes election `e` at its scheduled instant. */
export function armCloseTimer(ctx: ServerContext, e: ElectionRow): void {
  const old = ctx.closeTimers.get(e.id);
  if (old) clearTimeout(old);
  ctx.closeTimers.delete(e.id);
  const at = configOf(e).closeAtInstant;
  if (at === undefined || !['created', 'keys-imported', 'credentials-issued', 'open'].includes(e.state))
    return;
  const delay = Math.min(Math.max(0, at - ctx.now()), 2 ** 31 - 1);
  const t = setTimeout(() => {
    ctx.closeTimers.delete(e.id);
    void (async () => {
      // the stored schedule, not this node's view of it: another node may have moved it
      const cur = await ctx.store.getElection(e.id, { fresh: true });
      if (!cur) return;
      if (ctx.now() < at) return armCloseTimer(ctx, cur);
      if (cur.state === 'open') await closeElection(ctx, e.id, 'scheduled').catch(() => undefined);
    })();
  }, delay);
  t.unref();
  ctx.closeTimers.set(e.id, t);
}
