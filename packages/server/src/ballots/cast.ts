/**
 * Casting and challenging (spec/server-api.md §5): the credential on the published list, checks
 * off the event loop, then decide in the writer against the board's state — idempotent
 * resubmission, identity, replay claims,
 * the credential's confirmation-code chain, revoting — append, commit, and answer with a
 * receipt once the commit is durable.
 * @module
 */
import {
  canonicalJsonString,
  chainedAux,
  confirmationCode,
  deviceAux0,
  encodeLogHash,
  fromHex,
  toHex,
} from '@evident/e2e-crypto';
import type { ServerContext } from '../context.js';
import { configOf } from '../elections/election-actions.js';
import { onCurrentView } from '../elections/current-view.js';
import { ApiError } from '../errors.js';
import type { BallotRow, CastChecks, ElectionRow } from '../store/store.js';
import { castChecksKey } from '../board/writer.js';
import type { ElectionConfig } from '../elections/lifecycle.js';
import { credentialDevice, isCheckFailure, refusalOf, type CheckedBallot } from '../verify/ballot-check.js';
import { credentialAhead, earlyFields, isNotAhead } from '../verify/submission-text.js';
import type { ElectionContextData } from '../verify/election-context.js';

/** A receipt (spec/server-api.md §5.4). */
export interface Receipt {
  electionId: string;
  intent: 'cast' | 'challenge';
  confirmationCode: string;
  logIndex: number;
  leafHash: string;
  treeHead: { logId: string; treeSize: number; timestamp: number; rootHash: string; signature: string };
  inclusionProof: string[];
  supersedes?: number;
  opened?: Record<string, Record<string, number>>;
  /** Challenges: the ranked rows opened by ξ_B (spec/ranked-choice.md §2.7). */
  openedRanked?: CheckedBallot['openedRanked'];
}

export { credentialDevice };

const contextCache = new Map<string, { manifest: string; config: string; data: ElectionContextData }>();

/** The verification context of an open election. */
export function contextData(e: {
  id: string;
  profile: string;
  manifest: string;
  config: string;
}): ElectionContextData {
  const cached = contextCache.get(e.id);
  if (cached && cached.manifest === e.manifest && cached.config === e.config) return cached.data;
  const cfg = JSON.parse(e.config) as { jointKey: string; extendedBaseHash: string };
  const d = {
    electionId: e.id,
    profile: e.profile,
    manifest: e.manifest,
    jointKey: cfg.jointKey,
    extendedBaseHash: cfg.extendedBaseHash,
  };
  contextCache.set(e.id, { manifest: e.manifest, config: e.config, data: d });
  return d;
}

/** What a cast needs of its election's config, parsed once per config text. */
function castConfig(e: ElectionRow): { cfg: ElectionConfig; hE: Uint8Array | undefined } {
  const hit = configCache.get(e.id);
  if (hit && hit.config === e.config) return hit;
  const cfg = configOf(e);
  const c = {
    config: e.config,
    cfg,
    hE: cfg.extendedBaseHash ? fromHex(cfg.extendedBaseHash) : undefined,
  };
  configCache.set(e.id, c);
  return c;
}
const configCache = new Map<string, { config: string; cfg: ElectionConfig; hE: Uint8Array | undefined }>();

/**
 * The canonical JSON of a ballot's log entry, `{ type, submission, opened?, openedRanked?, time }` (RFC 8785:
 * members in code-unit order), around the submission's canonical text from the worker.
 */
function ballotEntryText(
  type: string,
  submission: string,
  opened: CheckedBallot['opened'],
  openedRanked: CheckedBallot['openedRanked'],
  time: number,
): string {
  if (!Number.isSafeInteger(time)) throw new TypeError('time must be a safe integer');
  return (
    '{' +
    (opened ? '"opened":' + canonicalJsonString(opened) + ',' : '') +
    (openedRanked ? '"openedRanked":' + canonicalJsonString(openedRanked) + ',' : '') +
    '"submission":' +
    submission +
    ',"time":' +
    String(time) +
    ',"type":' +
    JSON.stringify(type) +
    '}'
  );
}

/** Builds the receipt of a committed ballot. */
export function receiptFor(
  ctx: ServerContext,
  electionId: string,
  b: Pick<BallotRow, 'intent' | 'confirmationCode' | 'logIndex'>,
  extra: Partial<Receipt> = {},
): Receipt {
  const log = ctx.logs.get(electionId)!;
  const head = log.head;
  return {
    electionId,
    intent: b.intent,
    confirmationCode: b.confirmationCode,
    logIndex: b.logIndex,
    leafHash: encodeLogHash(log.tree.leafHash(b.logIndex)),
    treeHead: head,
    inclusionProof: log.tree.inclusionProof(b.logIndex, head.treeSize).map(encodeLogHash),
    ...extra,
  };
}

/** The refusal of a ballot whose credential a polling-station check-in cancelled. */
function cancelled(): ApiError {
  return new ApiError(
    'EVD_ERR_CANCELLED',
    'this credential was cancelled: its voter was checked in at a polling station',
    'credential',
  );
}

/** A cast or challenge body as received (routes/ballots.ts). */
export interface ReceivedBody {
  /** The body's JSON text, unparsed; undefined for a body of another media type fastify parsed. */
  readonly text: string | undefined;
  /** Whether the path parameters are of their schema. */
  readonly paramsOk: boolean;
  /**
   * Reads the request as fastify would before the handler: parses the body (a body that is not
   * JSON is refused, its connection closed), checks the path parameters, then the body against
   * its schema.
   * @returns the parsed body
   * @throws the first refusal
   */
  strict(): unknown;
  /** Closes the connection after the answer (a body that is not JSON: fastify's parser does). */
  closeConnection(): void;
}

/**
 * Casts or challenges a ballot. The body is parsed and checked against its schema where it is
 * verified (../verify/submission-text.ts); the event loop reads its credential ahead, and reads
 * the body whole first ({@link ReceivedBody.strict}) whenever it refuses the request before
 * verification or asks the identity provider: a body that is not JSON or breaks the schema is
 * refused for that, whatever else is wrong, as when fastify parsed and validated it before the
 * handler.
 * @param identityOf - the identity the request presents, given the body's `identity`
 * @throws {ApiError} with the code of the first failed check
 */
export async function submitBallot(
  ctx: ServerContext,
  electionId: string,
  body: ReceivedBody,
  intent: 'cast' | 'challenge',
  identityOf: (bodyIdentity: unknown) => unknown,
): Promise<Receipt> {
  const whole = (): { credential: string; identity: unknown } => earlyFields(body.strict())!;
  const ahead = body.paramsOk && body.text !== undefined ? credentialAhead(body.text) : undefined;
  const attempt = async (credential: string) => {
    try {
      return await verified(ctx, electionId, body.text!, credential, intent, () =>
        // the identity provider is asked only about a body of the schema's shape
        identityOf(whole().identity),
      );
    } catch (err) {
      body.strict();
      throw err;
    }
  };
  let v = await attempt(ahead ?? whole().credential);
  // a body whose credential is not the one read ahead (a later duplicate member): read whole
  if (isCheckFailure(v.r) && isNotAhead(v.r)) v = await attempt(whole().credential);
  if (isCheckFailure(v.r)) {
    if (v.r.check === 'EVD_ERR_MALFORMED_JSON') body.closeConnection();
    throw refusalOf(v.r);
  }
  return decide(ctx, electionId, v.e, v.voterId, v.r, intent);
}

/**
 * The checks before the board's state (spec/server-api.md §5.2): the election open, the
 * identity, the credential on the published list and not cancelled, then the ballot's own
 * checks off the event loop.
 */
async function verified(
  ctx: ServerContext,
  electionId: string,
  text: string,
  credential: string,
  intent: 'cast' | 'challenge',
  identity: () => unknown,
) {
  // the election, the credential on the published list and its cancellation in one read
  // (Store.castPreChecks); the phase and the close instant on this node's view, a refusal only
  // if the store agrees (read again then)
  const { e, early } = await onCurrentView(ctx, electionId, async () => {
    const early = await ctx.store.castPreChecks(electionId, credential);
    const e = early.election;
    if (!e) throw new ApiError('EVD_ERR_NOT_FOUND', `no election "${electionId}"`, 'electionId');
    const { cfg } = castConfig(e);
    if (e.state !== 'open') throw new ApiError('EVD_ERR_WRONG_PHASE', `the election is ${e.state}, not open`);
    if (cfg.closeAtInstant !== undefined && ctx.now() >= cfg.closeAtInstant) {
      throw new ApiError('EVD_ERR_WRONG_PHASE', 'voting closed at ' + cfg.closeAt + ' ' + cfg.timeZone);
    }
    return { e, early };
  });
  const { cfg } = castConfig(e);
  let voterId: string | undefined;
  if (cfg.requireIdentity) {
    const presented = identity();
    const v = ctx.identity ? await ctx.identity.verify(presented, { electionId }) : undefined;
    if (!v) throw new ApiError('EVD_ERR_IDENTITY', 'a valid identity assertion is required', 'identity');
    voterId = v.voterId;
  }
  // the credential before the proofs: a ballot under no published credential never joins a batch
  // of proofs, where a false proof would make every other ballot of the batch be checked again
  // (credentials are fixed once the election is open, spec/credentials.md §1)
  if (!early.credentialKnown) {
    throw new ApiError(
      'EVD_ERR_UNKNOWN_CREDENTIAL',
      'the credential is not on the published list',
      'credential',
    );
  }
  // paper wins (spec/server-api.md §11.5): no proof is checked for a cancelled credential
  if (early.cancelled) throw cancelled();
  return { e, voterId, r: await ctx.verifier.check(contextData(e), text, intent, credential) };
}

/**
 * Decides a checked ballot in the writer against the board's state, appends and commits it.
 * @returns its receipt, once the commit is durable
 */
async function decide(
  ctx: ServerContext,
  electionId: string,
  e: ElectionRow,
  voterId: string | undefined,
  checked: CheckedBallot,
  intent: 'cast' | 'challenge',
): Promise<Receipt> {
  const { cfg, hE: hE0 } = castConfig(e);
  const hE = hE0!;

  // the store's answers to the checks below, read for the whole batch at once under the lock
  // (writer.ts); what earlier jobs of the batch staged comes first (tx.get)
  const reads = {
    electionId,
    keys: {
      digests: [checked.digest],
      credentials: [checked.credential],
      contestHashes: checked.claims.map((c) => c.key),
    },
  };
  const committed = await ctx.writer.submit(async (tx) => {
    const pre =
      (tx.get(castChecksKey(electionId)) as CastChecks | undefined) ??
      (await tx.store.castChecks(electionId, reads.keys));
    const cur = pre.election;
    if (!cur || cur.state !== 'open' || tx.get(`closed:${electionId}`)) {
      throw new ApiError('EVD_ERR_WRONG_PHASE', `the election is ${cur?.state ?? 'unknown'}, not open`);
    }
    // the close instant again, under the write lock (several nodes: the instant the ballot is logged)
    const closeAt = castConfig(cur).cfg.closeAtInstant;
    if (closeAt !== undefined && ctx.now() >= closeAt) {
      throw new ApiError('EVD_ERR_WRONG_PHASE', 'voting closed at ' + cfg.closeAt + ' ' + cfg.timeZone);
    }
    // idempotent resubmission: the same ballot gets the same receipt
    const same =
      (tx.get(`digest:${checked.digest}`) as BallotRow | undefined) ?? pre.ballots.get(checked.digest);
    if (same) {
      if (same.intent !== intent)
        throw new ApiError(
          'EVD_ERR_CONFLICT',
          `this ballot was already ${same.intent === 'cast' ? 'cast' : 'challenged'}`,
        );
      return { row: same, again: true as const };
    }
    const cred = checked.credential;
    if (tx.get(`cancelled:${electionId}:${cred}`) === true || pre.cancelled.has(cred)) throw cancelled();
    if (voterId !== undefined && (await tx.store.credentialOfVoter(electionId, voterId)) !== cred) {
      throw new ApiError(
        'EVD_ERR_IDENTITY',
        'this credential does not belong to the authenticated voter',
        'identity',
      );
    }
    // Cortier–Smyth replay: a contest hash already claimed by another credential
    for (const { key, field } of checked.claims) {
      const owner = (tx.get(`claim:${key}`) as string | undefined) ?? pre.claims.get(key);
      if (owner !== undefined && owner !== cred) {
        throw new ApiError(
          'EVD_ERR_REPLAY',
          'these ciphertexts were already submitted under another credential',
          field,
        );
      }
    }
    // the credential's confirmation-code chain (EG 2.0 §3.4.3)
    const aux0 = deviceAux0(credentialDevice(cred));
    const last = (tx.get(`last:${cred}`) as BallotRow | undefined) ?? pre.latest.get(cred);
    // the first ballot of a chain (the usual case): the worker computed its code
    const code = last
      ? toHex(
          confirmationCode(
            hE,
            checked.contestHashes.map((h) => fromHex(h)),
            chainedAux(fromHex(last.confirmationCode), aux0),
          ),
        )
      : checked.firstCode;
    if (code !== checked.code.toUpperCase()) {
      throw new ApiError(
        'EVD_ERR_INVALID_BALLOT',
        `confirmation code does not match this credential's chain (ballot ${last ? 'after ' + last.confirmationCode.slice(0, 16) : 'first'})`,
        'ballot.code',
      );
    }
    const now = ctx.now();
    const type = intent === 'cast' ? 'ballot' : 'challenged-ballot';
    const index = tx.appendCanonical(
      electionId,
      type,
      ballotEntryText(type, checked.canonical, checked.opened, checked.openedRanked, now),
    );
    const row: BallotRow = {
      electionId,
      digest: checked.digest,
      credential: cred,
      intent,
      confirmationCode: code,
      logIndex: index,
      supersededBy: null,
      receivedAt: now,
    };
    let supersedes: number | undefined;
    if (intent === 'cast') {
      const prevCast = (tx.get(`cast:${cred}`) as BallotRow | undefined) ?? pre.latestCast.get(cred);
      if (prevCast) {
        supersedes = prevCast.logIndex;
        tx.append(electionId, 'supersession', {
          credential: cred,
          superseded: prevCast.logIndex,
          by: index,
          time: now,
        });
        tx.mutate({ kind: 'supersede', electionId, logIndex: prevCast.logIndex, by: index });
      }
      tx.set(`cast:${cred}`, row);
    }
    tx.mutate({ kind: 'ballot', row });
    for (const { key } of checked.claims) {
      tx.mutate({ kind: 'claim', electionId, contestHash: key, credential: cred });
      tx.set(`claim:${key}`, cred);
    }
    tx.set(`digest:${checked.digest}`, row);
    tx.set(`last:${cred}`, row);
    return { row, again: false as const, supersedes };
  }, reads);
  return receiptFor(ctx, electionId, committed.row, {
    ...('supersedes' in committed && committed.supersedes !== undefined
      ? { supersedes: committed.supersedes }
      : {}),
    ...(checked.opened ? { opened: checked.opened } : {}),
    ...(checked.openedRanked ? { openedRanked: checked.openedRanked } : {}),
  });
}
