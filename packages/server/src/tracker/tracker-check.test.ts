/**
 * The tracker page's light check against made-up boards served by a fake `get` that answers
 * only what the page asks for (head, a few entries, proofs, the ballot lookup, the entries of
 * one credential): a counted, a superseded, a challenged and a cancelled ballot found with the
 * state `evident-track` gives them; kept heads extended, or exposing a fork or a roll-back by
 * file name; an unknown code, a wrong key, a bad signature, a tampered inclusion proof, an entry
 * made up or not the credential's, a server whose word differs from its board; the page never
 * asks for the whole board. Then the input rules and the verdicts' words in three languages.
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
import { LANGS, ltr, translator } from '@evident/i18n';
import { concernsCredential } from '@evident/record/board';
import { describe, expect, it } from 'vitest';
import { trackBallot, trackInput, type Get, type KeptReceipt } from './tracker-check.js';
import { TRACKER_STATE_STRINGS } from './tracker-state-strings.js';
import { TRACKER_CATALOG } from './tracker-strings.js';
import { outcomeVerdict, usageVerdict } from './tracker-view.js';

const ID = 'e1';
const keys = generateLogKey();
const other = generateLogKey();
const code = (n: number) => n.toString(16).toUpperCase().padStart(64, 'A');
const utf8 = new TextEncoder();
const CREDS = ['C1', 'C2', 'C3', 'C4'];

const ballot = (n: number, credential: string, type = 'ballot') =>
  JSON.stringify({ type, submission: { credential, ballot: { code: code(n) } }, time: 1 });

/**
 * setup 0, credentials 1, open 2; ballot 1 (C1) 3; ballot 2 (C2) 4; challenged 3 (C3) 5;
 * ballot 4 (C1) 6 superseding 3 (supersession 7); cancellation of C2 at s-7 8; ballot 5 (C4) 9.
 */
function board(extra = 0): string[] {
  const texts = [
    JSON.stringify({ type: 'setup', electionId: ID, logPublicKey: toHex(keys.publicKey) }),
    JSON.stringify({ type: 'credentials', credentials: CREDS }),
    JSON.stringify({ type: 'open', time: 1 }),
    ballot(1, 'C1'),
    ballot(2, 'C2'),
    ballot(3, 'C3', 'challenged-ballot'),
    ballot(4, 'C1'),
    JSON.stringify({ type: 'supersession', credential: 'C1', superseded: 3, by: 6 }),
    JSON.stringify({ type: 'cancellation', credential: 'C2', station: 's-7' }),
    ballot(5, 'C4'),
  ];
  for (let i = 0; i < extra; i++) texts.push(JSON.stringify({ type: 'note', n: i }));
  return texts;
}

const STATUS: Record<number, { status: string; supersededBy?: number }> = {
  3: { status: 'superseded', supersededBy: 6 },
  4: { status: 'cancelled' },
  5: { status: 'challenged' },
  6: { status: 'counted' },
  9: { status: 'counted' },
};

interface Serve {
  head?: (h: SignedTreeHead) => SignedTreeHead;
  /** changes the credential answer's entries */
  credential?: (entries: { index: number; entry: string; proof: string[] }[]) => unknown[];
  status?: (index: number) => { status: string; supersededBy?: number };
}

const flip = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);

/** A fake server over `texts`, signing with `secret`; `asked` lists the paths asked. */
function serve(texts: string[], secret = keys.secretKey, o: Serve = {}) {
  const tree = createMerkleLog(texts.map((t) => leafHash(utf8.encode(t))));
  const signed = signTreeHead(secret, ID, texts.length, tree.rootHash());
  const head = o.head ? o.head(signed) : signed;
  const asked: string[] = [];
  const get: Get = async (path) => {
    asked.push(path);
    const url = new URL(path, 'http://x');
    const q = (k: string) => Number(url.searchParams.get(k));
    if (!url.pathname.startsWith(`/elections/${ID}/`))
      return { status: 404, json: { code: 'EVD_ERR_NOT_FOUND' } };
    const tail = url.pathname.slice(`/elections/${ID}/`.length);
    if (tail.startsWith('ballots/')) {
      const want = tail.slice('ballots/'.length);
      const index = texts.findIndex((t) => t.includes(`"code":"${want}"`));
      if (index < 0) return { status: 404, json: { code: 'EVD_ERR_NOT_FOUND', field: 'code' } };
      return {
        status: 200,
        json: { receipt: { logIndex: index }, ...(o.status ?? ((i) => STATUS[i]!))(index) },
      };
    }
    if (tail.startsWith('board/credential/')) {
      const cred = tail.slice('board/credential/'.length);
      const size = q('treeSize');
      const entries = texts
        .map((entry, index) => ({ entry, index, e: JSON.parse(entry) as Record<string, unknown> }))
        .filter((x) => x.index < size && concernsCredential(String(x.e.type), x.e, cred))
        .map(({ index, entry }) => ({
          index,
          entry,
          proof: tree.inclusionProof(index, size).map(encodeLogHash),
        }));
      return {
        status: 200,
        json: { credential: cred, treeSize: size, entries: o.credential ? o.credential(entries) : entries },
      };
    }
    if (tail === 'board/tree-head') return { status: 200, json: { treeHead: head } };
    if (tail === 'board/entries') {
      const s = q('start');
      const entries = texts.slice(s, s + q('limit')).map((entry, i) => ({ index: s + i, entry }));
      return { status: 200, json: { treeSize: texts.length, entries } };
    }
    if (tail === 'board/consistency')
      return {
        status: 200,
        json: { proof: tree.consistencyProof(q('first'), q('second')).map(encodeLogHash) },
      };
    return { status: 404, json: {} };
  };
  return { get, head: signed, asked, tree };
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

const track = (get: Get, n: number, ...rest: [KeptReceipt?, { name: string; head: SignedTreeHead }[]?]) =>
  trackBallot(get, ID, code(n), keys.publicKey, ...rest);

describe('trackBallot (light)', () => {
  it('a counted, a superseded, a challenged and a cancelled ballot, each with its state', async () => {
    const { get, asked } = serve(board());
    expect(await track(get, 4)).toMatchObject({
      kind: 'found',
      treeSize: 10,
      receipt: false,
      keptHeads: 0,
      ballot: { index: 6, type: 'ballot', state: 'cast' },
    });
    expect(await track(get, 1)).toMatchObject({ ballot: { index: 3, state: 'superseded', supersededBy: 6 } });
    expect(await track(get, 3)).toMatchObject({
      ballot: { index: 5, type: 'challenged-ballot', state: 'challenged' },
    });
    expect(await track(get, 2)).toMatchObject({
      ballot: { index: 4, state: 'cancelled', cancelledBy: 8, cancelledAt: 's-7' },
    });
    // never the whole board: one entry at a time, and the setup entry not even once
    const pages = asked.filter((p) => p.includes('/board/entries'));
    expect(pages.every((p) => p.endsWith('&limit=1') && !p.includes('start=0&'))).toBe(true);
  });

  it('with a receipt and kept heads from smaller boards: the current one extends them all', async () => {
    const small = board();
    const receipt = receiptOf(small, 6);
    const { head: kept1 } = serve(board(2));
    const { get } = serve(board(150));
    expect(
      await track(get, 4, receipt, [
        { name: 'a.json', head: kept1 },
        { name: 'b.json', head: receipt.treeHead },
      ]),
    ).toMatchObject({
      kind: 'found',
      receipt: true,
      keptHeads: 2,
      treeSize: 160,
    });
  });

  it('a kept head the log no longer extends: a fork, or a roll-back, named by its file', async () => {
    const forked = board(3);
    forked[2] = JSON.stringify({ type: 'open', time: 2 });
    const { get } = serve(forked);
    const kept = [{ name: 'monday.json', head: serve(board()).head }];
    expect(await track(get, 4)).toMatchObject({ kind: 'found' }); // self-consistent without what the voter kept
    expect(await track(get, 4, undefined, kept)).toEqual({
      kind: 'inconsistent',
      why: 'fork',
      kept: 'monday.json',
    });
    expect(await track(get, 4, receiptOf(board(), 6))).toEqual({ kind: 'inconsistent', why: 'fork' });
    const bigger = [{ name: 'later.json', head: serve(board(9)).head }];
    expect(await track(serve(board()).get, 4, undefined, bigger)).toEqual({
      kind: 'inconsistent',
      why: 'rollback',
      kept: 'later.json',
    });
    const foreign = [{ name: 'x.json', head: serve(board(), other.secretKey).head }];
    expect(await track(serve(board()).get, 4, undefined, foreign)).toEqual({
      kind: 'wrong-key',
      kept: 'x.json',
    });
  });

  it('an unknown code; a wrong key; a bad head signature', async () => {
    expect(await track(serve(board()).get, 99)).toEqual({ kind: 'unknown-code' });
    expect(await trackBallot(serve(board()).get, ID, code(4), other.publicKey)).toEqual({
      kind: 'wrong-key',
    });
    const badSig = serve(board(), keys.secretKey, { head: (h) => ({ ...h, signature: flip(h.signature) }) });
    expect(await track(badSig.get, 4)).toEqual({ kind: 'inconsistent', why: 'signature' });
    const receipt = { ...receiptOf(board(), 6), treeHead: serve(board(), other.secretKey).head };
    expect(await track(serve(board()).get, 4, receipt)).toEqual({ kind: 'wrong-key' });
  });

  it('a tampered inclusion proof, a made-up entry, an entry of another credential: refused', async () => {
    const tampered = serve(board(), keys.secretKey, {
      credential: (es) =>
        es.map((e) => (e.index === 6 ? { ...e, proof: [flip(e.proof[0]!), ...e.proof.slice(1)] } : e)),
    });
    expect(await track(tampered.get, 4)).toEqual({ kind: 'inconsistent', why: 'inclusion' });
    const invented = serve(board(), keys.secretKey, {
      credential: (es) => [
        ...es,
        { index: 9, entry: JSON.stringify({ type: 'cancellation', credential: 'C1' }), proof: es[0]!.proof },
      ],
    });
    expect(await track(invented.get, 4)).toEqual({ kind: 'inconsistent', why: 'inclusion' });
    const withOthers = serve(board(), keys.secretKey, {
      credential: (es) => [
        ...es,
        { index: 9, entry: board()[9]!, proof: serve(board()).tree.inclusionProof(9, 10).map(encodeLogHash) },
      ],
    });
    expect(await track(withOthers.get, 4)).toEqual({ kind: 'inconsistent', why: 'answer' });
    const dropped = serve(board(), keys.secretKey, { credential: (es) => es.filter((e) => e.index !== 6) });
    expect(await track(dropped.get, 4)).toEqual({ kind: 'inconsistent', why: 'inclusion' });
  });

  it('what a light check cannot see: a later ballot or a cancellation left out of the answer', async () => {
    // the server hides the cancellation of C2: the page, which cannot prove absence, says counted
    // while the server's own lookup says cancelled — the disagreement is caught here; a server
    // lying in both answers is not (spec/tracker.md §7)
    const hidden = serve(board(), keys.secretKey, { credential: (es) => es.filter((e) => e.index !== 8) });
    expect(await track(hidden.get, 2)).toEqual({ kind: 'inconsistent', why: 'status' });
    const hiddenBoth = serve(board(), keys.secretKey, {
      credential: (es) => es.filter((e) => e.index !== 8),
      status: (i) => (i === 4 ? { status: 'counted' } : STATUS[i]!),
    });
    expect(await track(hiddenBoth.get, 2)).toMatchObject({ kind: 'found', ballot: { state: 'cast' } });
  });

  it('a server whose word on the ballot differs from its board', async () => {
    const lie = serve(board(), keys.secretKey, {
      status: (i) => (i === 3 ? { status: 'superseded', supersededBy: 9 } : STATUS[i]!),
    });
    expect(await track(lie.get, 1)).toEqual({ kind: 'inconsistent', why: 'status' });
  });

  it('an unknown election or a server that cannot be reached', async () => {
    expect(await trackBallot(serve(board()).get, 'nope', code(4), keys.publicKey)).toEqual({
      kind: 'unreachable',
    });
    const down: Get = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await track(down, 4)).toEqual({ kind: 'unreachable' });
  });
});

describe('trackInput', () => {
  const receipt = receiptOf(board(), 6);
  const keyHex = toHex(keys.publicKey);
  const file = (o: object = {}) => JSON.stringify({ ...receipt, logPublicKey: keyHex, ...o });
  const head = JSON.stringify({ treeHead: receipt.treeHead });

  it('takes the code and key from the receipt file, or as typed, and the kept heads', () => {
    expect(trackInput(ID, '', '', file(), [{ name: 'h.json', text: head }])).toMatchObject({
      code: code(4),
      key: keys.publicKey,
      receipt: { logIndex: 6 },
      kept: [{ name: 'h.json', head: receipt.treeHead }],
    });
    expect(trackInput(ID, code(2).toLowerCase(), ` ${keyHex} `, undefined)).toEqual({
      code: code(2).toLowerCase(),
      key: keys.publicKey,
      kept: [],
    });
  });

  it('refuses what it cannot use, saying which', () => {
    expect(trackInput(ID, 'abc', keyHex, undefined)).toEqual({ usage: 'code' });
    expect(trackInput(ID, code(2), 'zz', undefined)).toEqual({ usage: 'key' });
    expect(trackInput(ID, code(2), '', undefined)).toEqual({ usage: 'key' });
    expect(trackInput(ID, '', '', 'not json')).toEqual({ usage: 'receipt', field: 'JSON' });
    expect(trackInput(ID, '', '', file({ treeHead: 1 }))).toEqual({ usage: 'receipt', field: 'treeHead' });
    expect(trackInput(ID, '', toHex(other.publicKey), file())).toEqual({ usage: 'key-differs' });
    expect(trackInput(ID, code(4), '', file())).not.toHaveProperty('usage');
    expect(trackInput(ID, code(2), '', file())).toEqual({ usage: 'code-differs' });
    expect(trackInput('e2', '', '', file())).toEqual({ usage: 'election' });
    expect(trackInput(ID, '', '', file(), [{ name: 'h.json', text: '{"logId":"e1"}' }])).toEqual({
      usage: 'kept-head',
      name: 'h.json',
      field: 'treeSize',
    });
  });
});

describe('the verdicts in words', () => {
  for (const lang of LANGS) {
    const t = translator(TRACKER_CATALOG, lang);
    const s = translator(TRACKER_STATE_STRINGS, lang);
    it(`say each state, a kept head forked, a lie, in ${lang}`, () => {
      const found = (ballot: object, extra: object = {}) =>
        outcomeVerdict(
          {
            kind: 'found',
            treeSize: 10,
            timestamp: 0,
            receipt: true,
            keptHeads: 2,
            ballot: { index: 3, type: 'ballot', time: 1, state: 'cast', ...ballot },
            ...extra,
          } as never,
          t,
          s,
        );
      const cast = found({});
      expect(cast.verdict).toBe('found');
      expect(cast.state).toBe('cast');
      expect(cast.lines).toEqual([
        expect.stringContaining('10'),
        s('stateCast'),
        s('headTime', { at: new Date(0) }),
        t('foundReceipt'),
        s('keptExtended', { n: 2 }),
        s('lightNote'),
      ]);
      expect(found({ state: 'superseded', supersededBy: 6 }).lines[1]).toBe(s('stateSuperseded', { by: 6 }));
      expect(found({ state: 'superseded', supersededBy: 6 }).lines[1]).toMatch(/6|٦/);
      expect(found({ state: 'cancelled', cancelledBy: 8, cancelledAt: 's-7' }).lines[1]).toContain('s-7');
      expect(found({ state: 'challenged' }).state).toBe('challenged');
      expect(s('keptExtended', { n: 1 })).not.toBe(s('keptExtended', { n: 2 }));
      expect(
        outcomeVerdict({ kind: 'inconsistent', why: 'fork', kept: 'monday.json' }, t, s).lines[0],
      ).toContain('monday.json');
      expect(outcomeVerdict({ kind: 'inconsistent', why: 'rollback', kept: 'm.json' }, t, s).lines).toEqual([
        s('keptRollback', { file: ltr('m.json') }),
      ]);
      expect(outcomeVerdict({ kind: 'inconsistent', why: 'fork' }, t, s).lines).toEqual([t('fork')]);
      expect(outcomeVerdict({ kind: 'inconsistent', why: 'status' }, t, s).lines).toEqual([s('statusLie')]);
      expect(outcomeVerdict({ kind: 'wrong-key', kept: 'x.json' }, t, s).lines[0]).toContain('x.json');
      expect(outcomeVerdict({ kind: 'unknown-code' }, t, s).lines).toEqual([t('unknownCode')]);
      expect(
        usageVerdict({ usage: 'kept-head', name: 'h.json', field: 'treeSize' }, t, s).lines[0],
      ).toContain('treeSize');
    });
  }
});

describe('the state catalog', () => {
  const values = { by: 6, station: 's-7', reason: 'r', at: new Date(0), n: 3, file: 'f.json', field: 'x' };
  for (const lang of LANGS)
    it(`formats every message in ${lang}, with its values`, () => {
      const s = translator(TRACKER_STATE_STRINGS, lang);
      for (const key of Object.keys(TRACKER_STATE_STRINGS.en) as (keyof typeof TRACKER_STATE_STRINGS.en)[]) {
        const text = s(key, values);
        expect(text.length).toBeGreaterThan(10);
        expect(text).not.toMatch(/[{}]/);
      }
    });
});
