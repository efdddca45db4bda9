/**
 * `evident-server letters` against a real server on loopback: a letter per issued code, whose
 * text and QR code give the key the server publishes; a server that answers another key than
 * `--log-key` gets no letter; a malformed file is named. Also run through the package's bin.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsqrModule from 'jsqr';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../app.js';
import { httpCall } from '../testing/http.js';
import { setUpElection } from '../testing/local-election.js';
import { pdfRgbImages, pdfTextRuns } from '../../../../tests/support/pdf-read.js';
import { pdfTexts } from '../../../report/test/read-back.js';
import { letterFileName, lettersCommand } from './letters-command.js';

/** jsQR's CommonJS export, typed as its default (as the station package reads it). */
const jsQR = jsqrModule as unknown as typeof jsqrModule.default;

const ADMIN = 'evd_letters-admin';
const BIN = fileURLToPath(new URL('../../bin/evident-server.js', import.meta.url));

describe('evident-server letters', () => {
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let issuedFile: string;
  let codes: Map<string, string>;
  let key: string;
  const stderr: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evident-letters-'));
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    const el = await setUpElection(httpCall(base), ADMIN, { id: 'city', voters: 3 });
    codes = el.codes;
    issuedFile = join(dir, 'issued.json');
    writeFileSync(
      issuedFile,
      JSON.stringify({ issued: [...codes].map(([voterId, code]) => ({ voterId, code })) }),
    );
    key = String((await (await fetch(`${base}/elections/city`)).json()).logPublicKey).toUpperCase();
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (stderr.push(String(s)), true));
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes one letter per voter: its code, the addresses and the published key in text and QR', async () => {
    const out = join(dir, 'letters');
    const code = await lettersCommand({
      issued: issuedFile,
      server: base,
      election: 'city',
      out,
      publicUrl: 'https://vote.example.org/',
      logKey: key.toLowerCase(),
    });
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'letter-voter-1.pdf',
      'letter-voter-2.pdf',
      'letter-voter-3.pdf',
    ]);
    for (const [voter, c] of codes) {
      const pdf = readFileSync(join(out, letterFileName(voter)));
      const runs = pdfTextRuns(pdf);
      expect(runs).toContain(c.toUpperCase());
      expect(pdfTexts(pdf).join(' ')).toContain(`Voter: ${voter}`);
      expect(runs).toContain('https://vote.example.org/vote/city');
      expect(runs).toContain('https://vote.example.org/track/city');
      expect(runs).toContain(key);
      const [im] = pdfRgbImages(pdf);
      expect(jsQR(im!.rgba, im!.width, im!.height)?.data).toBe(key);
    }
    expect(stderr.join('')).toContain(`3 letters in ${out} (log key ${key})`);
  });

  it('refuses a server whose key is not the one noted: no letter written', async () => {
    const out = join(dir, 'refused');
    const other = key.replace(/^./, key[0] === 'A' ? 'B' : 'A');
    expect(
      await lettersCommand({ issued: issuedFile, server: base, election: 'city', out, logKey: other }),
    ).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(stderr.join('')).toContain(
      `the server's log key ${key} is not --log-key ${other}: no letter written`,
    );
  });

  it('names the file and the entry of a malformed list, and an unknown election', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ issued: [{ voterId: 'voter-1', code: 'nope' }] }));
    const out = join(dir, 'none');
    expect(await lettersCommand({ issued: bad, server: base, election: 'city', out })).toBe(1);
    expect(stderr.join('')).toContain(`${bad}: issued[0].code (voter voter-1): not a credential code`);
    expect(await lettersCommand({ issued: issuedFile, server: base, election: 'nope', out })).toBe(1);
    expect(stderr.join('')).toContain(`${base}/elections/nope: HTTP 404`);
    expect(
      await lettersCommand({ issued: issuedFile, server: base, election: 'city', out, lang: 'de' }),
    ).toBe(1);
    expect(existsSync(out)).toBe(false);
  });

  it('runs through the package bin', async () => {
    const out = join(dir, 'bin');
    const child = spawn(process.execPath, [
      BIN,
      'letters',
      '--issued',
      issuedFile,
      '--server',
      base,
      '--election',
      'city',
      '--out',
      out,
      '--lang',
      'fr',
    ]);
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const status = await new Promise<number | null>((r) => child.on('close', r));
    expect(err).toContain('3 letters in');
    expect(status).toBe(0);
    expect(pdfTexts(readFileSync(join(out, 'letter-voter-2.pdf'))).join(' ')).toContain('Votre code de vote');
  });
});
