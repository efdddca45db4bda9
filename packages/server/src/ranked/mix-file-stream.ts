/**
 * The mix file of a ranked contest (`GET …/ranked/{contest}/mix`, spec/server-api.md §7.5:
 * `evident-trustee/mix-input`, what `evident-trustee mix --input` reads) written piece by piece
 * from the store: the header, the ballots entering the mix read a page of board entries at a
 * time (./mix-ballot-pages.ts), then each accepted stage written from the files the store keeps
 * (./stage-file-store.ts) and its `mix-stage` entry. Nothing of the size of the mix is held:
 * memory is one page of ballots or one chunk of a stage, whatever the number of ballots and stages.
 * @module
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { rankedLayout } from '@evident/e2e-crypto';
import { mixInputJson, writeStageObjectFile } from '@evident/record';
import { boardEntry } from '../board/board-entry.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import type { AnswerSink } from '../limits/spooled-answers.js';
import { forEachBallotPage } from './mix-ballot-pages.js';
import { contestSetup } from './mix-session.js';
import { copyStage, type StoredStageEntry } from './stage-file-store.js';

const decoder = new TextDecoder();

/**
 * Writes the mix file of (election, contest) to `out`.
 * @throws {ApiError} EVD_ERR_NOT_FOUND for an unknown contest, EVD_ERR_WRONG_PHASE before the
 *   tally (before anything is written)
 */
export async function writeMixFile(
  ctx: ServerContext,
  id: string,
  contestId: string,
  out: AnswerSink,
): Promise<void> {
  const s = await contestSetup(ctx, id, contestId);
  const mix = s.state.contests[contestId]!;
  const {
    ballots: _b,
    stages: _s,
    ...head
  } = mixInputJson({
    ceremonyId: s.ceremonyId,
    electionId: id,
    group: s.G.name,
    contest: s.contest,
    required: s.state.required,
    complete: mix.rows === 0 || mix.stages.length >= s.state.required,
    ballots: [],
    stages: [],
  });
  const headText = JSON.stringify({ ...head, next: mix.stages.length });
  await out.write(`${headText.slice(0, -1)},"ballots":[`);
  const counted = ((await boardEntry(ctx, id, mix.inputsIndex)) as { ballots: number[] }).ballots;
  await forEachBallotPage(ctx, id, s.contest, s.position, counted, (page, first) =>
    out.write((first ? '' : ',') + page.map((b) => JSON.stringify(b)).join(',')),
  );
  await out.write('],"stages":[');
  const w = rankedLayout(s.G, s.contest).width;
  for (const [j, st] of mix.stages.entries()) {
    if (j > 0) await out.write(',');
    await writeStage(ctx, id, st.logIndex, j, st.id, s.G.elementLength, w, out);
  }
  await out.write(']}');
}

/**
 * Stage j of the mix file, `{guardian, mixer, outputs, proof, signature, stage}`, from its
 * `mix-stage` entry (version 2: guardian, signature, head) and the files the store keeps,
 * copied to a folder of the spool and written from there a chunk of rows at a time.
 */
async function writeStage(
  ctx: ServerContext,
  id: string,
  logIndex: number,
  j: number,
  mixer: string,
  L: number,
  w: number,
  out: AnswerSink,
): Promise<void> {
  const [row] = await ctx.store.logEntries(id, logIndex, 1);
  if (!row || row.type !== 'mix-stage')
    throw new ApiError('EVD_ERR_INTERNAL', `board entry ${logIndex} is not a mix stage`);
  const e = JSON.parse(decoder.decode(row.entry)) as StoredStageEntry & {
    guardian: unknown;
    signature?: string;
  };
  const dir = mkdtempSync(join(ctx.spoolDir, 'mix-stage-'));
  try {
    await copyStage(ctx.store, id, logIndex, e, dir);
    const file = join(dir, 'stage.json');
    writeStageObjectFile(file, dir, L, w, {
      stage: j,
      mixer,
      guardian: e.guardian,
      ...(e.signature !== undefined ? { signature: e.signature } : {}),
    });
    await copyFileTo(file, out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Streams a file to `out`, 1 MiB at a time. */
async function copyFileTo(path: string, out: AnswerSink): Promise<void> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    for (let pos = 0; ;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) return;
      await out.write(Buffer.from(buf.subarray(0, n)));
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
}
