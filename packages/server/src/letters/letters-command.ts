/**
 * `evident-server letters --issued FILE --server URL --election ID --out DIR` (spec/credentials.md
 * §6): one printable credential letter per voter, from the codes the server issued (the answer of
 * `POST /elections/{id}/credentials`, kept by the administrator: the server forgets the codes) and
 * the election's published log key. `--log-key HEX` holds the server to the key the authority
 * noted when the election was created: a server that answers another key gets no letter printed.
 * Exit codes: 0 written, 1 bad input or an unreachable server (the message names the file, the
 * address or the option); no letter is written unless every one can be.
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHex, toHex } from '@evident/e2e-crypto';
import { letterPdf, LETTER_LANGS, printedCode, type LetterLang } from './letter-pdf.js';

/** One issued credential: the voter and the code (as `POST …/credentials` answers). */
export interface IssuedCode {
  readonly voterId: string;
  readonly code: string;
}

/** What {@link writeLetters} needs. */
export interface LetterBatch {
  readonly electionId: string;
  readonly electionName: string;
  readonly issued: readonly IssuedCode[];
  /** where voters reach the server: the printed addresses start with it */
  readonly publicUrl: string;
  readonly logPublicKey: string;
  readonly out: string;
  readonly lang?: LetterLang;
}

/** The file name of a voter's letter: `letter-<voter id>.pdf`, other characters as `_`. */
export const letterFileName = (voterId: string): string =>
  `letter-${voterId.replace(/[^A-Za-z0-9_.-]/g, '_')}.pdf`;

/**
 * Writes one PDF per voter into `out` (made if absent): every letter is made first, then written.
 * The letters are made one after another: a letter being drawn holds its document and its font
 * subsets (megabytes; the fonts themselves are opened once and shared), a finished one only its
 * bytes (a few kB), so that memory stays flat
 * however many voters there are (all at once, 2,000 letters exhausted a 4 GB heap).
 * @returns the files written
 */
export async function writeLetters(b: LetterBatch): Promise<string[]> {
  const base = b.publicUrl.replace(/\/+$/, '');
  const id = encodeURIComponent(b.electionId);
  const pdfs: Buffer[] = [];
  for (const x of b.issued)
    pdfs.push(
      await letterPdf(
        {
          electionId: b.electionId,
          electionName: b.electionName,
          voterId: x.voterId,
          code: x.code,
          voteUrl: `${base}/vote/${id}`,
          trackUrl: `${base}/track/${id}`,
          logPublicKey: b.logPublicKey,
        },
        b.lang,
      ),
    );
  mkdirSync(b.out, { recursive: true });
  return b.issued.map((x, i) => {
    const file = join(b.out, letterFileName(x.voterId));
    writeFileSync(file, pdfs[i]!);
    return file;
  });
}

/** The issued codes of `file`, each checked; a message naming the file and the entry otherwise. */
export function readIssued(file: string): IssuedCode[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: cannot read it as JSON (${(e as Error).message})`);
  }
  const list = Array.isArray(json) ? json : (json as { issued?: unknown })?.issued;
  if (!Array.isArray(list) || list.length === 0)
    throw new Error(
      `${file}: expected {"issued": [{"voterId", "code"}, …]} (the answer of POST /elections/{id}/credentials)`,
    );
  return list.map((x: unknown, i) => {
    const { voterId, code } = (x ?? {}) as Record<string, unknown>;
    if (typeof voterId !== 'string' || voterId === '')
      throw new Error(`${file}: issued[${i}].voterId: expected a string`);
    try {
      printedCode(String(code));
    } catch {
      throw new Error(`${file}: issued[${i}].code (voter ${voterId}): not a credential code`);
    }
    return { voterId, code: String(code) };
  });
}

/** The options of the command. */
export interface LettersOptions {
  readonly issued: string;
  readonly server: string;
  readonly election: string;
  readonly out: string;
  readonly publicUrl?: string;
  readonly logKey?: string;
  readonly lang?: string;
}

async function getJson(url: string): Promise<Record<string, unknown>> {
  let r: Response;
  try {
    r = await fetch(url);
  } catch (e) {
    throw new Error(`${url}: unreachable (${(e as Error).message})`);
  }
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return (await r.json()) as Record<string, unknown>;
}

/**
 * Runs the command; prints a one-line summary, or the reason, on stderr.
 * @returns the exit code
 */
export async function lettersCommand(o: LettersOptions): Promise<number> {
  const say = (s: string): void => void process.stderr.write(`evident-server letters: ${s}\n`);
  try {
    const lang = (o.lang ?? 'en') as LetterLang;
    if (!LETTER_LANGS.includes(lang))
      throw new Error(`--lang ${o.lang}: letters print in ${LETTER_LANGS.join(', ')}`);
    const issued = readIssued(o.issued);
    const base = o.server.replace(/\/+$/, '');
    const id = encodeURIComponent(o.election);
    const summary = await getJson(`${base}/elections/${id}`);
    const manifest = await getJson(`${base}/elections/${id}/manifest`);
    const served = toHex(fromHex(String(summary.logPublicKey), 'logPublicKey'));
    if (o.logKey !== undefined) {
      let pinned: string;
      try {
        pinned = toHex(fromHex(o.logKey, 'log key'));
      } catch {
        throw new Error(`--log-key: expected 64 hex digits`);
      }
      if (pinned !== served)
        throw new Error(`the server's log key ${served} is not --log-key ${pinned}: no letter written`);
    }
    const names = (manifest.name ?? {}) as Record<string, string>;
    const files = await writeLetters({
      electionId: o.election,
      electionName: names[lang] ?? Object.values(names)[0] ?? o.election,
      issued,
      publicUrl: o.publicUrl ?? base,
      logPublicKey: served,
      out: o.out,
      lang,
    });
    say(`${files.length} letters in ${o.out} (log key ${served})`);
    return 0;
  } catch (e) {
    say((e as Error).message);
    return 1;
  }
}
