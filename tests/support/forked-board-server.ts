/**
 * A server that shows a board of its own making (a fork of the log): it holds the log's
 * secret key, serves whatever entry texts it is given under freshly signed tree heads, and
 * answers the board API (spec/bulletin-board.md §5) from them — entries, tree head, inclusion
 * and consistency proofs, all computed honestly over the made-up log unless told to break one,
 * a ballot's status (`GET …/ballots/{code}`) as its own log says, unless told to lie, and the
 * proved entries of one credential (`GET …/board/credential/{credential}`, the tracker page's read).
 * What a voter holding a receipt from before the rewrite must catch.
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createMerkleLog,
  encodeLogHash,
  leafHash,
  signTreeHead,
  type SignedTreeHead,
} from '@evident/e2e-crypto';
import type { BoardView } from '@evident/record';
import { ballotState, concernsCredential, findBallot } from '@evident/record/board';

/** What the forked server breaks besides the history it rewrote. */
export interface ForkOptions {
  /** sign the head, then change one digit of its signature */
  readonly badSignature?: boolean;
  /** answer inclusion proofs (alone, and with a credential's entries) with a changed first hash */
  readonly badInclusion?: boolean;
  /** the answer to `GET …/ballots/{code}` instead of the honest one (undefined: 404) */
  readonly ballotStatus?: (honest: BallotStatusAnswer) => BallotStatusAnswer | undefined;
}

/** The server's answer on a ballot (spec/server-api.md §5.4), as far as the double gives it. */
export interface BallotStatusAnswer {
  readonly status: string;
  readonly supersededBy?: number;
  readonly receipt: { readonly logIndex: number };
}

const STATUS = { cast: 'counted', uncounted: 'counted' } as Record<string, string>;

/** What an honest server says of the ballot with tracking code `code` in the log of `texts`. */
function honestStatus(
  electionId: string,
  texts: readonly string[],
  code: string,
): BallotStatusAnswer | undefined {
  const board: BoardView = {
    source: 'forked board',
    electionId,
    head: null,
    keyPinned: false,
    entries: texts.map((t, index) => {
      const e = JSON.parse(t) as Record<string, unknown>;
      return { index, type: String(e.type), e };
    }),
  };
  const entry = findBallot(board, code);
  if (!entry) return undefined;
  const b = ballotState(board, entry);
  return {
    status: STATUS[b.state] ?? b.state,
    ...(b.supersededBy !== undefined ? { supersededBy: b.supersededBy } : {}),
    receipt: { logIndex: b.index },
  };
}

/** A running forked server: its base URL and how to stop it. */
export interface ForkedServer {
  readonly base: string;
  readonly head: SignedTreeHead;
  close(): Promise<void>;
}

const flip = (hex: string): string => (hex[0] === '0' ? '1' : '0') + hex.slice(1);

/**
 * Serves `texts` (every entry's exact text, in order) as the board of election `electionId`.
 * @param secretKey - the log's Ed25519 secret key: the real server's, which it has
 */
export async function serveForkedBoard(
  electionId: string,
  texts: readonly string[],
  secretKey: Uint8Array,
  opts: ForkOptions = {},
): Promise<ForkedServer> {
  const utf8 = new TextEncoder();
  const tree = createMerkleLog(texts.map((t) => leafHash(utf8.encode(t))));
  const signed = signTreeHead(secretKey, electionId, texts.length, tree.rootHash());
  const head = opts.badSignature ? { ...signed, signature: flip(signed.signature) } : signed;
  const answer = (url: URL): unknown => {
    const q = (k: string) => Number(url.searchParams.get(k));
    const ballotPath = `/elections/${electionId}/ballots/`;
    if (url.pathname.startsWith(ballotPath)) {
      const honest = honestStatus(electionId, texts, url.pathname.slice(ballotPath.length));
      return honest && opts.ballotStatus ? opts.ballotStatus(honest) : honest;
    }
    const prefix = `/elections/${electionId}/board/`;
    if (!url.pathname.startsWith(prefix)) return undefined;
    const credentialPath = `${prefix}credential/`;
    if (url.pathname.startsWith(credentialPath)) {
      const credential = url.pathname.slice(credentialPath.length);
      const size = url.searchParams.has('treeSize') ? q('treeSize') : texts.length;
      const entries = texts
        .map((entry, index) => ({ entry, index, e: JSON.parse(entry) as Record<string, unknown> }))
        .filter((x) => x.index < size && concernsCredential(String(x.e.type), x.e, credential))
        .map(({ entry, index }) => {
          const proof = tree.inclusionProof(index, size).map(encodeLogHash);
          if (opts.badInclusion && proof[0]) proof[0] = flip(proof[0]);
          return { index, entry, proof };
        });
      return { credential: credential.toUpperCase(), treeSize: size, entries };
    }
    switch (url.pathname.slice(prefix.length)) {
      case 'tree-head':
        return { treeHead: head };
      case 'entries': {
        const start = q('start');
        const limit = url.searchParams.has('limit') ? q('limit') : 100;
        const page = texts.slice(start, start + limit).map((entry, i) => ({
          index: start + i,
          type: (JSON.parse(entry) as { type: string }).type,
          entry,
          leafHash: encodeLogHash(tree.leafHash(start + i)),
        }));
        return { treeSize: texts.length, entries: page };
      }
      case 'inclusion': {
        const proof = tree.inclusionProof(q('index'), q('treeSize')).map(encodeLogHash);
        if (opts.badInclusion && proof[0]) proof[0] = flip(proof[0]);
        return {
          index: q('index'),
          treeSize: q('treeSize'),
          leafHash: encodeLogHash(tree.leafHash(q('index'))),
          proof,
        };
      }
      case 'consistency':
        return { proof: tree.consistencyProof(q('first'), q('second')).map(encodeLogHash) };
      default:
        return undefined;
    }
  };
  const server: Server = createServer((req, res) => {
    let body: unknown;
    try {
      body = answer(new URL(req.url ?? '/', 'http://x'));
    } catch (e) {
      body = undefined;
      res.statusCode = 400;
      res.end(JSON.stringify({ statusCode: 400, code: 'EVD_ERR_VALIDATION', message: (e as Error).message }));
      return;
    }
    res.statusCode = body === undefined ? 404 : 200;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body ?? { statusCode: 404, code: 'EVD_ERR_NOT_FOUND', message: 'not found' }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    head,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
