/**
 * Checks that need the whole record, run in the main thread after the per-ballot jobs:
 * 7.C–7.G (duplicate codes, ballot chaining), 8 (aggregation), 10.B–10.E (tally labels), the
 * binding of challenged ballots to their encryptions (12.binding, 14.binding) and the election
 * identifiers (4.A) (EG 2.0 §6.2.4–6.2.7; spec/verification-eg2.md §3).
 * @module
 */
import { toHex, type Group } from '@evident/e2e-crypto';
import { optionKey, type BallotSummary } from './ballot-checks.js';
import type { ChallengedSummary } from './challenged-checks.js';
import {
  chainCloseCandidates,
  chainedAuxCandidates,
  chainStartCandidates,
  matchCandidate,
} from './egk-hashes.js';
import { checked, fail, usedForm, type FindingLog } from './findings.js';
import type {
  Eg2BallotChain,
  Eg2Ciphertext,
  Eg2Config,
  Eg2Decrypted,
  Eg2EncryptedTally,
  Eg2Manifest,
} from './record-types.js';

/** Verification 4.A for the election identifiers that files carry (egk's election_id = H_E). */
export function checkElectionIds(
  hE: Uint8Array,
  ids: readonly { where: string; id: string }[],
  log: FindingLog,
): void {
  const want = toHex(hE);
  for (const { where, id } of ids) if (id !== want) fail(log, '4.A', where, 'election_id differs from H_E');
}

/** Verification 7.C: no two submitted ballots share a confirmation code (or a ballot id). */
export function checkDuplicates(ballots: readonly BallotSummary[], log: FindingLog): void {
  const codes = new Map<string, string>();
  const ids = new Set<string>();
  for (const b of ballots) {
    const other = codes.get(b.confirmationCode);
    if (other !== undefined)
      fail(log, '7.C', `ballot ${b.ballotId}`, `same confirmation code as ballot ${other}`);
    codes.set(b.confirmationCode, b.ballotId);
    if (ids.has(b.ballotId)) fail(log, '7.C', `ballot ${b.ballotId}`, 'ballot id appears twice');
    ids.add(b.ballotId);
  }
}

/**
 * Verifications 7.D–7.G for one device's chain (EG 2.0 §3.4.3 eq 59–61).
 * @param device - the device folder name
 * @param ballots - the ballots in that folder
 */
export function checkChain(
  hE: Uint8Array,
  config: Eg2Config,
  device: string,
  chain: Eg2BallotChain | undefined,
  ballots: readonly BallotSummary[],
  log: FindingLog,
): void {
  const at = `device ${device}`;
  if (!chain) return fail(log, '7.D', at, 'chaining is on but the folder has no ballot_chain.json');
  checked(log, '7');
  if (!chain.chaining) fail(log, '7.D', at, 'ballot_chain.json says chaining is off');
  if (chain.device !== device) fail(log, '7.E', at, `ballot_chain.json names device "${chain.device}"`);
  const bAux0 = config.baux0;
  // 7.D: H_0 = H(H_E; 0x24, B_aux,0)
  const start = matchCandidate(chainStartCandidates(hE, bAux0), chain.h0);
  if (start) usedForm(log, '7.D', start);
  else fail(log, '7.D', at, 'H_0 differs from H(H_E; 0x24, B_aux,0)');

  // 7.E: the chain lists exactly this folder's ballots; B_aux,j = H(B_(j−1)) (∥ B_aux,0)
  const byId = new Map(ballots.map((b) => [b.ballotId, b]));
  const listed = new Set(chain.ballotIds);
  for (const b of ballots) {
    if (!listed.has(b.ballotId)) fail(log, '7.E', `${at} ballot ${b.ballotId}`, 'ballot is not in the chain');
    if (b.device !== device)
      fail(log, '7.E', `ballot ${b.ballotId}`, `encrypting_device "${b.device}" differs from its folder`);
  }
  let previous: Uint8Array | undefined;
  for (const id of chain.ballotIds) {
    const b = byId.get(id);
    if (!b) {
      fail(log, '7.E', `${at} ballot ${id}`, 'chained ballot is missing from the folder');
      break;
    }
    const aux = fromHex(b.codeBaux);
    const form = matchCandidate(
      chainedAuxCandidates(previous ?? chain.h0, bAux0, previous === undefined),
      aux,
    );
    if (form) usedForm(log, '7.E', form);
    else
      fail(
        log,
        '7.E',
        `ballot ${id}`,
        previous ? 'B_aux is not H(B_(j−1)) ∥ B_aux,0' : 'B_aux of the first ballot is not H_0',
      );
    previous = fromHex(b.confirmationCode);
  }

  // 7.F: the last code is the last ballot's; 7.G: the closing hash
  const lastId = chain.ballotIds[chain.ballotIds.length - 1];
  const last = lastId === undefined ? undefined : byId.get(lastId);
  if (!last || last.confirmationCode !== toHex(chain.lastConfirmationCode)) {
    fail(log, '7.F', at, 'last_confirmation_code is not the last ballot’s confirmation code');
  }
  const close = matchCandidate(
    chainCloseCandidates(hE, chain.lastConfirmationCode, bAux0),
    chain.closingHash,
  );
  if (close) usedForm(log, '7.G', close);
  else fail(log, '7.G', at, 'closing hash differs from H(H_E; 0x24, H(B_ℓ) ∥ B_aux,0 ∥ "CLOSE")');
}

function fromHex(h: string): Uint8Array {
  return new Uint8Array(Buffer.from(h, 'hex'));
}

/**
 * Verification 8: every option's (A, B) in encrypted_tally.json and tally.json equals the product
 * of the cast ballots' encryptions, and the tally's list of cast ballots is the set of cast ballots.
 */
export function checkAggregation(
  G: Group<bigint>,
  manifest: Eg2Manifest,
  aggregate: ReadonlyMap<string, Eg2Ciphertext>,
  ballots: readonly BallotSummary[],
  encryptedTally: Eg2EncryptedTally | undefined,
  tally: Eg2Decrypted | undefined,
  log: FindingLog,
): void {
  const cast = new Set(ballots.filter((b) => b.state === 'CAST').map((b) => b.ballotId));
  const tables: [string, Map<string, Eg2Ciphertext>][] = [];
  if (encryptedTally) {
    const listed = new Set(encryptedTally.castBallotIds);
    for (const id of cast)
      if (!listed.has(id)) fail(log, '8.set', `ballot ${id}`, 'cast ballot missing from cast_ballot_ids');
    for (const id of listed)
      if (!cast.has(id))
        fail(log, '8.set', `ballot ${id}`, 'cast_ballot_ids lists a ballot that is not cast');
    tables.push([
      'encrypted_tally.json',
      new Map(
        encryptedTally.contests.flatMap((c) =>
          c.selections.map((s) => [optionKey(c.id, s.id), s.ciphertext]),
        ),
      ),
    ]);
  }
  if (tally) {
    tables.push([
      'tally.json',
      new Map(tally.contests.flatMap((c) => c.selections.map((s) => [optionKey(c.id, s.id), s.ciphertext]))),
    ]);
  }
  for (const [file, table] of tables) {
    const expected = new Set<string>();
    for (const c of manifest.contests) {
      for (const o of c.options) {
        const key = optionKey(c.id, o.id);
        expected.add(key);
        checked(log, '8');
        const want = aggregate.get(key) ?? { alpha: G.one, beta: G.one };
        const got = table.get(key);
        const where = `${file} contest ${c.id} selection ${o.id}`;
        if (!got) fail(log, '8.A', where, 'option is missing from the tally');
        else {
          if (got.alpha !== want.alpha)
            fail(log, '8.A', where, 'A differs from the product of the cast ballots’ α');
          if (got.beta !== want.beta)
            fail(log, '8.B', where, 'B differs from the product of the cast ballots’ β');
        }
      }
    }
    for (const key of table.keys())
      if (!expected.has(key)) fail(log, '8.A', `${file} ${key}`, 'option is not in the manifest');
  }
}

/** Verifications 10.B–10.E: the tally's labels against the manifest and the ballots. */
export function checkTallyLabels(
  manifest: Eg2Manifest,
  tally: Eg2Decrypted,
  ballots: readonly BallotSummary[],
  log: FindingLog,
): void {
  const contests = new Map(manifest.contests.map((c) => [c.id, c]));
  const inTally = new Set(tally.contests.map((c) => c.id));
  for (const c of tally.contests) {
    const m = contests.get(c.id);
    if (!m) {
      fail(log, '10.B', `tally contest ${c.id}`, 'contest label is not in the manifest');
      continue;
    }
    for (const s of c.selections) {
      if (!m.options.some((o) => o.id === s.id))
        fail(
          log,
          '10.C',
          `tally contest ${c.id} selection ${s.id}`,
          'option label is not in the manifest contest',
        );
    }
    for (const o of m.options) {
      if (!c.selections.some((s) => s.id === o.id))
        fail(
          log,
          '10.D',
          `tally contest ${c.id} option ${o.id}`,
          'manifest option is missing from the tally',
        );
    }
  }
  const onBallots = new Set(ballots.flatMap((b) => b.contestIds));
  for (const id of onBallots)
    if (!inTally.has(id))
      fail(log, '10.E', `contest ${id}`, 'contest on submitted ballots is missing from the tally');
}

/**
 * 12.binding and 14.binding: the challenged ballots are exactly the SPOILED ballots, and each
 * decrypts the same ciphertexts and contest data as its encrypted ballot.
 */
export function checkChallengedBinding(
  ballots: readonly BallotSummary[],
  challenged: readonly ChallengedSummary[],
  log: FindingLog,
): void {
  const spoiled = new Map(ballots.filter((b) => b.state === 'SPOILED').map((b) => [b.ballotId, b]));
  const decrypted = new Set<string>();
  for (const d of challenged) {
    decrypted.add(d.ballotId);
    const b = spoiled.get(d.ballotId);
    if (!b) {
      fail(
        log,
        '12.binding',
        `challenged ballot ${d.ballotId}`,
        'no encrypted ballot with state SPOILED has this id',
      );
      continue;
    }
    compareMaps(
      b.ciphertexts ?? {},
      d.ciphertexts,
      '12.binding',
      `challenged ballot ${d.ballotId}`,
      'selection',
      log,
    );
    compareMaps(
      b.contestData ?? {},
      d.contestData,
      '14.binding',
      `challenged ballot ${d.ballotId}`,
      'contest data of',
      log,
    );
  }
  for (const id of spoiled.keys()) {
    if (!decrypted.has(id))
      fail(log, '12.binding', `ballot ${id}`, 'challenged ballot has no decryption in challenged_ballots/');
  }
}

function compareMaps(
  enc: Readonly<Record<string, string>>,
  dec: Readonly<Record<string, string>>,
  check: string,
  at: string,
  what: string,
  log: FindingLog,
): void {
  for (const [k, v] of Object.entries(enc)) {
    const d = dec[k];
    if (d === undefined)
      fail(log, check, `${at} ${k}`, `${what} ${k} of the encrypted ballot is not decrypted`);
    else if (d !== v) fail(log, check, `${at} ${k}`, `${what} ${k} differs from the encrypted ballot`);
  }
  for (const k of Object.keys(dec)) {
    if (enc[k] === undefined) fail(log, check, `${at} ${k}`, `${what} ${k} is not on the encrypted ballot`);
  }
}
