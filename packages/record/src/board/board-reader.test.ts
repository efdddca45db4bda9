/**
 * The board reader refuses every board that is not what the pinned log key signed: a forked log
 * (entries of another history under a head), a bad signature, a missing entry, a wrong log key,
 * a head signed for another log; and accepts the honest one, saying whether the key was pinned.
 */
import { type LogKeyPair, canonicalJsonString, generateLogKey, toHex } from '@evident/e2e-crypto';
import { describe, expect, it } from 'vitest';
import { headOver, signedBoard } from '../../test/signed-board.js';
import { BoardReadError, checkBoard, parseLogKey, uncheckedBoard } from './board-reader.js';

const E = 'e1';

/** setup, open and `n` ballots, signed by `key` as log `logId`. */
function board(key: LogKeyPair, n = 3, logId = E, setupKey = key.publicKey) {
  const entries = [
    { type: 'setup', electionId: logId, logPublicKey: toHex(setupKey) },
    { type: 'open', time: 1 },
    ...Array.from({ length: n }, (_, i) => ({ type: 'ballot', tracking: `T${i}` })),
  ];
  return signedBoard(entries, logId, key);
}

/** The reader's refusal, or a failure when it accepted. */
function refusal(read: () => unknown): BoardReadError {
  try {
    read();
  } catch (e) {
    if (e instanceof BoardReadError) return e;
    throw e;
  }
  throw new Error('the board was accepted');
}

describe('checkBoard', () => {
  const key = generateLogKey();
  const honest = board(key);

  it('accepts the entries its pinned key signed, each parsed at its index', () => {
    const v = checkBoard('b', honest.texts, honest.head, { pinnedKey: key.publicKey, electionId: E });
    expect(v).toMatchObject({ source: 'b', electionId: E, keyPinned: true, head: honest.head });
    expect(v.entries.map((e) => [e.index, e.type])).toEqual([
      [0, 'setup'],
      [1, 'open'],
      [2, 'ballot'],
      [3, 'ballot'],
      [4, 'ballot'],
    ]);
  });

  it('without a pinned key, checks under the setup entry’s and says it was not pinned', () => {
    expect(checkBoard('b', honest.texts, honest.head).keyPinned).toBe(false);
  });

  it('refuses a forked log: another history under the signed head', () => {
    const fork = [...honest.texts];
    fork[3] = canonicalJsonString({ type: 'ballot', tracking: 'FORGED' });
    const e = refusal(() => checkBoard('b', fork, honest.head, { pinnedKey: key.publicKey }));
    expect(e).toMatchObject({ problem: 'invalid', field: 'treeHead.rootHash' });
    expect(e.message).toBe("b: the log's first 5 entries do not hash to the signed root (RFC 9162 §2.1.1)");
  });

  it('refuses a fork re-signed for another log id with the same key', () => {
    const other = headOver(key, 'e2', honest.texts);
    const e = refusal(() => checkBoard('b', honest.texts, other));
    expect(e.message).toBe('b: the signed tree head does not verify under the log key');
  });

  it('refuses a bad signature', () => {
    const sig = honest.head.signature;
    const bad = { ...honest.head, signature: (sig[0] === '0' ? '1' : '0') + sig.slice(1) };
    const e = refusal(() => checkBoard('b', honest.texts, bad, { pinnedKey: key.publicKey }));
    expect(e).toMatchObject({ problem: 'invalid', field: 'treeHead.signature' });
    expect(e.message).toMatch(/does not verify under the log key/);
  });

  it('refuses a missing entry, and entries the head does not cover', () => {
    const missing = [...honest.texts.slice(0, 2), ...honest.texts.slice(3)];
    expect(refusal(() => checkBoard('b', missing, honest.head)).message).toBe(
      'b: the signed tree head covers 5 entries, 4 were read',
    );
    const extra = [...honest.texts, canonicalJsonString({ type: 'ballot', tracking: 'LATE' })];
    expect(refusal(() => checkBoard('b', extra, honest.head)).field).toBe('treeHead.treeSize');
  });

  it('refuses a wrong log key: the pinned one is not the setup entry’s', () => {
    const pinned = generateLogKey().publicKey;
    const e = refusal(() => checkBoard('b', honest.texts, honest.head, { pinnedKey: pinned }));
    expect(e).toMatchObject({ problem: 'invalid', field: 'logPublicKey' });
    expect(e.message).toMatch(/setup entry names another log key than the one pinned/);
  });

  it('refuses a board whose setup names the pinned key but whose head another key signed', () => {
    const pinned = generateLogKey();
    const forged = board(key, 3, E, pinned.publicKey);
    const e = refusal(() => checkBoard('b', forged.texts, forged.head, { pinnedKey: pinned.publicKey }));
    expect(e.field).toBe('treeHead.signature');
  });

  it('refuses the log of another election than the one asked for', () => {
    const e = refusal(() => checkBoard('b', honest.texts, honest.head, { electionId: 'e9' }));
    expect(e.message).toBe('b: is the log of election "e1", not "e9"');
  });

  it('refuses entries that are not JSON objects with a type, naming the entry', () => {
    for (const [text, why] of [
      ['{', 'is not JSON'],
      ['[1]', 'is not an object with a type'],
      ['{"t":1}', 'is not an object with a type'],
    ] as const) {
      const texts = [...honest.texts];
      texts[2] = text;
      const head = headOver(key, E, texts);
      expect(refusal(() => checkBoard('b', texts, head)).message).toBe(`b: log entry 2 ${why}`);
    }
  });

  it('refuses a log whose entry 0 is not the setup entry with a hex log key', () => {
    const texts = [...honest.texts];
    texts[0] = canonicalJsonString({ type: 'setup', electionId: E, logPublicKey: 'zz' });
    const head = headOver(key, E, texts);
    expect(refusal(() => checkBoard('b', texts, head)).message).toMatch(/log key is not hex/);
    expect(refusal(() => checkBoard('b', honest.texts.slice(1), head)).message).toMatch(/covers 5/);
    expect(refusal(() => uncheckedBoard('b', honest.texts.slice(1))).message).toBe(
      'b: log entry 0 is not the setup entry',
    );
  });

  it('refuses a head without a usable tree size or root', () => {
    const noSize = { ...honest.head, treeSize: 'five' as unknown as number };
    expect(refusal(() => checkBoard('b', honest.texts, noSize)).field).toBe('treeHead.treeSize');
    const badRoot = { ...honest.head, rootHash: 'ab' };
    // the signature covers the root, so a changed root fails the signature first
    expect(refusal(() => checkBoard('b', honest.texts, badRoot)).field).toBe('treeHead.signature');
  });
});

describe('parseLogKey', () => {
  it('takes 64 hex digits and refuses anything else as a usage error', () => {
    const k = generateLogKey().publicKey;
    expect(parseLogKey(` ${toHex(k)} `)).toEqual(k);
    for (const bad of ['', 'ab', toHex(k).slice(2), `${toHex(k)}00`, 'x'.repeat(64)])
      expect(refusal(() => parseLogKey(bad)).problem).toBe('usage');
  });
});
