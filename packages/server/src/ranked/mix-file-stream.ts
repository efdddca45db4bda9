/**
 * The mix file of a ranked contest (`GET …/ranked/{contest}/mix`, spec/server-api.md §7.5:
 * `evident-trustee/mix-input`, what `evident-trustee mix --input` reads) written piece by piece
 * from the store: the header, the ballots entering the mix read a page of board entries at a
 * time (./mix-ballot-pages.ts), then each accepted stage copied from its `mix-stage` board entry's bytes without parsing
 * them. Nothing of the size of the mix is held: memory is one page of ballots or one stage's
 * stored row, whatever the number of ballots and stages.
 * @module
 */
import { mixInputJson } from '@evident/record';
import { boardEntry } from '../board/board-entry.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import type { AnswerSink } from '../limits/spooled-answers.js';
import { forEachBallotPage } from './mix-ballot-pages.js';
import { contestSetup } from './mix-session.js';

const decoder = new TextDecoder();
const GUARDIAN = Buffer.from(',"guardian":');
const STAGE = Buffer.from(',"stage":');

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
  for (const [j, st] of mix.stages.entries()) {
    const [row] = await ctx.store.logEntries(id, st.logIndex, 1);
    if (!row || row.type !== 'mix-stage')
      throw new ApiError('EVD_ERR_INTERNAL', `board entry ${st.logIndex} is not a mix stage`);
    if (j > 0) await out.write(',');
    for (const piece of stagePieces(row.entry, j, st.id)) await out.write(piece);
  }
  await out.write(']}');
}

/**
 * Stage j of the mix file from its board entry: `{stage, mixer, guardian, outputs, proof,
 * signature}`. The entry is canonical JSON (RFC 8785, spec/bulletin-board.md §2), so its members
 * `guardian`, `outputs`, `proof`, `signature` are consecutive, between `contestId` and `stage`:
 * their bytes are copied as they are. An entry of another shape is parsed (never expected).
 */
export function stagePieces(entry: Uint8Array, j: number, mixer: string): (string | Uint8Array)[] {
  const b = Buffer.from(entry.buffer, entry.byteOffset, entry.byteLength);
  const open = `{"stage":${j},"mixer":${JSON.stringify(mixer)}`;
  const from = b.indexOf(GUARDIAN);
  const to = b.lastIndexOf(STAGE);
  if (
    from > 0 &&
    to > from &&
    /^\{"contestId":"[A-Za-z0-9._-]+"$/.test(b.toString('utf8', 0, from)) &&
    /^,"stage":\d+,"time":[0-9.eE+-]+,"type":"mix-stage"\}$/.test(b.toString('utf8', to))
  )
    return [open, b.subarray(from, to), '}'];
  const e = JSON.parse(decoder.decode(entry)) as Record<string, unknown>;
  const rest = ['guardian', 'outputs', 'proof', 'signature'].map((k) => `,"${k}":${JSON.stringify(e[k])}`);
  return [open, ...rest, '}'];
}
