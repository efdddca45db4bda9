/**
 * The tracker page's check against made-up boards served by a fake `get`: a ballot found and
 * proved (with and without the receipt), an unknown code, a wrong key, a fork that a receipt
 * exposes, a roll-back, a bad signature, entries that are not the signed tree, a bad inclusion
 * proof, an unreachable server; and the input rules and the verdicts' words.
 */
import {
  createMerkleLog,
  encodeLogHash,
  generateLogKey,
  leafHash,
  signTreeHead,
  toHex,
  type SignedTreeHead,
} from '@evident/e2e-crypto';
import { describe, expect, it } from 'vitest';
import { parseReceiptFile, trackBallot, trackInput, type Get, type KeptReceipt } from './tracker-check.js';
import { LANGS, translator } from '@evident/i18n';
import { TRACKER_CATALOG } from './tracker-strings.js';
import { outcomeVerdict, usageVerdict } from './tracker-view.js';

const ID = 'e1';
const keys = generateLogKey();
const other = generateLogKey();
const code = (n: number) => n.toString(16).toUpperCase().padStart(64, 'A');
const utf8 = new TextEncoder();

function board(extra = 0, setupKey = keys.publicKey): string[] {
  const texts = [
    JSON.stringify({ type: 'setup', electionId: ID, logPublicKey: toHex(setupKey) }),
    JSON.stringify({ type: 'open', time: 1 }),
  ];
  for (let i = 1; i <= 5 + extra; i++)
    texts.push(
      JSON.stringify({
        type: i === 3 ? 'challenged-ballot' : 'ballot',
        submission: { ballot: { code: code(i) } },
      }),
    );
  return texts;
}

interface Serve {
  head?: (h: SignedTreeHead) => SignedTreeHead;
  inclusion?: (p: string[]) => string[];
  texts?: string[]; // entries served instead of the signed ones
}

/** A fake server over `texts`, signing with `secret`. */
function serve(texts: string[], secret = keys.secretKey, o: Serve = {}): { get: Get; head: SignedTreeHead } {
  const tree = createMerkleLog(texts.map((t) => leafHash(utf8.encode(t))));
  const signed = signTreeHead(secret, ID, texts.length, tree.rootHash());
  const head = o.head ? o.head(signed) : signed;
  const shown = o.texts ?? texts;
  const get: Get = async (path) => {
    const url = new URL(path, 'http://x');
    const q = (k: string) => Number(url.searchParams.get(k));
    const tail = url.pathname.replace(`/elections/${ID}/board/`, '');
    if (!url.pathname.startsWith(`/elections/${ID}/`))
      return { status: 404, json: { code: 'EVD_ERR_NOT_FOUND' } };
    if (tail === 'tree-head') return { status: 200, json: { treeHead: head } };
    if (tail === 'entries') {
      const s = q('start');
      const entries = shown.slice(s, s + q('limit')).map((entry, i) => ({ index: s + i, entry }));
      return { status: 200, json: { treeSize: shown.length, entries } };
    }
    if (tail === 'inclusion') {
      const p = tree.inclusionProof(q('index'), q('treeSize')).map(encodeLogHash);
      return { status: 200, json: { proof: o.inclusion ? o.inclusion(p) : p } };
    }
    if (tail === 'consistency')
      return {
        status: 200,
        json: { proof: tree.consistencyProof(q('first'), q('second')).map(encodeLogHash) },
      };
    return { status: 404, json: {} };
  };
  return { get, head: signed };
}

/** The receipt of entry `index` in `texts` signed at the full size. */
function receiptOf(texts: string[], index: number): KeptReceipt {
  const tree = createMerkleLog(texts.map((t) => leafHash(utf8.encode(t))));
  return {
    electionId: ID,
    confirmationCode: (JSON.parse(texts[index]!) as { submission: { ballot: { code: string } } }).submission
      .ballot.code,
    logIndex: index,
    leafHash: encodeLogHash(tree.leafHash(index)),
    treeHead: signTreeHead(keys.secretKey, ID, texts.length, tree.rootHash()),
    inclusionProof: tree.inclusionProof(index, texts.length).map(encodeLogHash),
  };
}

const flip = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);

describe('trackBallot', () => {
  it('finds and proves a cast ballot under the pinned key, and a challenged one', async () => {
    const { get } = serve(board());
    expect(await trackBallot(get, ID, code(2).toLowerCase(), keys.publicKey)).toEqual({
      kind: 'found',
      index: 3,
      type: 'ballot',
      treeSize: 7,
      receipt: false,
    });
    expect(await trackBallot(get, ID, code(3), keys.publicKey)).toMatchObject({
      kind: 'found',
      type: 'challenged-ballot',
    });
  });

  it('with a receipt from a smaller board: the current one extends it, found', async () => {
    const receipt = receiptOf(board(), 3);
    const { get } = serve(board(150)); // more than one page of entries
    expect(await trackBallot(get, ID, code(2), keys.publicKey, receipt)).toMatchObject({
      kind: 'found',
      receipt: true,
      treeSize: 157,
    });
  });

  it('an unknown code', async () => {
    expect(await trackBallot(serve(board()).get, ID, code(99), keys.publicKey)).toEqual({
      kind: 'unknown-code',
    });
  });

  it('a wrong key: the board names and is signed with another key', async () => {
    expect(await trackBallot(serve(board()).get, ID, code(2), other.publicKey)).toEqual({
      kind: 'wrong-key',
    });
    // a receipt not signed under the pinned key
    const receipt = { ...receiptOf(board(), 3), treeHead: serve(board(), other.secretKey).head };
    expect(await trackBallot(serve(board()).get, ID, code(2), keys.publicKey, receipt)).toEqual({
      kind: 'wrong-key',
    });
  });

  it('a fork: a rewritten history signed with the same key does not extend the receipt', async () => {
    const receipt = receiptOf(board(), 3);
    const forked = board(2);
    forked[1] = JSON.stringify({ type: 'open', time: 2 });
    const { get } = serve(forked);
    expect(await trackBallot(get, ID, code(2), keys.publicKey)).toMatchObject({ kind: 'found' }); // self-consistent
    expect(await trackBallot(get, ID, code(2), keys.publicKey, receipt)).toEqual({
      kind: 'inconsistent',
      why: 'fork',
    });
  });

  it('a roll-back: the current head is smaller than the receipt', async () => {
    const receipt = receiptOf(board(3), 3);
    expect(await trackBallot(serve(board()).get, ID, code(2), keys.publicKey, receipt)).toEqual({
      kind: 'inconsistent',
      why: 'rollback',
    });
  });

  it('a receipt whose own inclusion proof fails', async () => {
    const r = receiptOf(board(), 3);
    const receipt = { ...r, inclusionProof: [flip(r.inclusionProof[0]!), ...r.inclusionProof.slice(1)] };
    expect(await trackBallot(serve(board()).get, ID, code(2), keys.publicKey, receipt)).toEqual({
      kind: 'inconsistent',
      why: 'receipt',
    });
  });

  it('a bad head signature, entries that are not the signed tree, a bad inclusion proof', async () => {
    const badSig = serve(board(), keys.secretKey, { head: (h) => ({ ...h, signature: flip(h.signature) }) });
    expect(await trackBallot(badSig.get, ID, code(2), keys.publicKey)).toEqual({
      kind: 'inconsistent',
      why: 'signature',
    });
    const swapped = board();
    swapped[4] = JSON.stringify({ type: 'ballot', submission: { ballot: { code: code(77) } } });
    const badRoot = serve(board(), keys.secretKey, { texts: swapped });
    expect(await trackBallot(badRoot.get, ID, code(2), keys.publicKey)).toEqual({
      kind: 'inconsistent',
      why: 'root',
    });
    const badInc = serve(board(), keys.secretKey, { inclusion: (p) => [flip(p[0]!), ...p.slice(1)] });
    expect(await trackBallot(badInc.get, ID, code(2), keys.publicKey)).toEqual({
      kind: 'inconsistent',
      why: 'inclusion',
    });
  });

  it('an unknown election or a server that cannot be reached', async () => {
    expect(await trackBallot(serve(board()).get, 'nope', code(2), keys.publicKey)).toEqual({
      kind: 'unreachable',
    });
    const down: Get = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await trackBallot(down, ID, code(2), keys.publicKey)).toEqual({ kind: 'unreachable' });
  });
});

describe('trackInput', () => {
  const receipt = receiptOf(board(), 3);
  const keyHex = toHex(keys.publicKey);
  const file = (o: object = {}) => JSON.stringify({ ...receipt, logPublicKey: keyHex, ...o });

  it('takes the code and key from the receipt file, or as typed', () => {
    expect(trackInput(ID, '', '', file())).toMatchObject({
      code: code(2),
      key: keys.publicKey,
      receipt: { logIndex: 3 },
    });
    expect(trackInput(ID, code(2).toLowerCase(), ` ${keyHex} `, undefined)).toEqual({
      code: code(2).toLowerCase(),
      key: keys.publicKey,
    });
    const wrapped = JSON.stringify({ receipt, logPublicKey: keyHex });
    expect(trackInput(ID, '', '', wrapped)).toMatchObject({ code: code(2), key: keys.publicKey });
  });

  it('refuses what it cannot use, saying which', () => {
    expect(trackInput(ID, 'abc', keyHex, undefined)).toEqual({ usage: 'code' });
    expect(trackInput(ID, code(2), 'zz', undefined)).toEqual({ usage: 'key' });
    expect(trackInput(ID, code(2), '', undefined)).toEqual({ usage: 'key' });
    expect(trackInput(ID, '', '', 'not json')).toEqual({ usage: 'receipt', field: 'JSON' });
    expect(trackInput(ID, '', '', file({ treeHead: 1 }))).toEqual({ usage: 'receipt', field: 'treeHead' });
    expect(trackInput(ID, '', toHex(other.publicKey), file())).toEqual({ usage: 'key-differs' });
    expect(trackInput(ID, code(4), '', file())).toEqual({ usage: 'code-differs' });
    expect(trackInput('e2', '', '', file())).toEqual({ usage: 'election' });
    expect(parseReceiptFile(file({ logIndex: -1 }))).toEqual({ bad: 'logIndex' });
  });
});

describe('the verdicts in words', () => {
  for (const lang of LANGS) {
    const t = translator(TRACKER_CATALOG, lang);
    it(`say found, unknown, fork, wrong key in ${lang}`, () => {
      const found = outcomeVerdict(
        { kind: 'found', index: 3, type: 'ballot', treeSize: 7, receipt: true },
        t,
      );
      expect(found.verdict).toBe('found');
      expect(found.lines[0]).toContain('3');
      expect(found.lines[0]).toContain('7');
      expect(found.lines[1]).toBe(t('foundReceipt'));
      expect(outcomeVerdict({ kind: 'inconsistent', why: 'fork' }, t).lines).toEqual([t('fork')]);
      expect(outcomeVerdict({ kind: 'inconsistent', why: 'root' }, t).lines[0]).toContain(
        '(\u2066root\u2069)',
      );
      expect(outcomeVerdict({ kind: 'wrong-key' }, t).lines).toEqual([t('wrongKey')]);
      expect(outcomeVerdict({ kind: 'unknown-code' }, t).lines).toEqual([t('unknownCode')]);
      expect(usageVerdict({ usage: 'receipt', field: 'treeHead' }, t).lines[0]).toContain('treeHead');
    });
  }
});
