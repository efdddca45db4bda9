/**
 * The stage file written from the files of the streamed prover (spec/mixnet.md §8.7) is the stage
 * file of the in-memory writer: the same members and values, and the signature over the content
 * digest computed over the files is the signature over the in-memory JSON (Ed25519 is
 * deterministic, so equal digests give equal signatures). A stage whose files cannot be read
 * leaves neither the file nor a temporary one.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  encrypt,
  generateGuardianSigningKey,
  mixSessionHash,
  mixStageStatement,
  publicKey,
  ristretto,
  signGuardianStatement,
  signatureHex,
} from '@evident/e2e-crypto';
import {
  appendRows,
  inThread,
  readProofFiles,
  readRows,
  shuffleAndProveStream,
  shufflePaths,
} from '@evident/e2e-crypto/mixnet-parallel';
import { stageDirContentSha256 } from '../ranked/stage-digest.js';
import { mixStageJson } from './mix-files.js';
import { writeMixStageFromFiles } from './mix-stage-stream.js';
import { schemaProblem } from '../schemas.js';

const G = ristretto;
const K = G.gExp(424242n);
const pk = publicKey(G, K);
const hE = new Uint8Array(32).fill(3);
const session = mixSessionHash(hE, 'contest:mayor');
const N = 9;
const w = 3;
const root = mkdtempSync(join(tmpdir(), 'evident-stage-stream-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const head = { ceremonyId: 'ab'.repeat(32), contestId: 'mayor', stage: 1, guardian: { id: 'bob', x: 2 } };
const { secretKey } = generateGuardianSigningKey();

describe('writeMixStageFromFiles', () => {
  it('writes the in-memory stage file, signature included, from the streamed files', async () => {
    const dir = join(root, 'work');
    const paths = shufflePaths(dir);
    mkdirSync(dir);
    appendRows(
      G,
      paths.inputs,
      Array.from({ length: N }, (_, i) => Array.from({ length: w }, (_, k) => encrypt(G, pk, (i * k) % 5))),
      false,
    );
    await shuffleAndProveStream(inThread, G, pk, session, paths, dir, N, w);
    const fileSig = signatureHex(
      signGuardianStatement(secretKey, {
        ...mixStageStatement(hE, 'mayor', 1, 2, undefined, undefined),
        contentSha256: stageDirContentSha256(dir, G.elementLength, w),
      }),
    );
    const out = join(root, 'stage.json');
    writeMixStageFromFiles(out, dir, G.elementLength, w, head, fileSig);

    const outputs = readRows(G, paths.outputs, w);
    const proof = readProofFiles(G, paths, dir);
    const mem = mixStageJson(G, { ...head, outputs, proof });
    const memSig = signatureHex(
      signGuardianStatement(secretKey, mixStageStatement(hE, 'mayor', 1, 2, mem.outputs, mem.proof)),
    );
    const written = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    expect(fileSig).toBe(memSig);
    expect(written).toEqual({ ...mem, signature: memSig });
    expect(schemaProblem('mix-stage', written)).toBeUndefined();
    expect(readdirSync(root).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('leaves no file when the stage cannot be read', () => {
    const out = join(root, 'broken.json');
    expect(() =>
      writeMixStageFromFiles(out, join(root, 'missing'), G.elementLength, w, head, '00'),
    ).toThrow();
    expect(readdirSync(root).filter((n) => n.startsWith('broken'))).toEqual([]);
  });
});
