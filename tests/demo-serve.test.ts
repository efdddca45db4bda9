/**
 * `npm run demo -- --serve`: the whole demo (a few voters), then the server keeps running and the
 * demo prints the addresses of the display, the tracker (with a counted tracking code) and the
 * report; the display and tracker pages answer, the credential letters in the record folder carry
 * the printed log key (text and QR code); Ctrl-C (SIGINT) stops the server and the demo exits 0,
 * its temporary folder removed.
 * Runs the built demo (`tsc -b` first, as `npm test` does).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsqrModule from 'jsqr';
import { afterAll, describe, expect, it } from 'vitest';
import { pdfRgbImages, pdfTextRuns } from './support/pdf-read.js';

/** jsQR's CommonJS export, typed as its default (as the station package reads it). */
const jsQR = jsqrModule as unknown as typeof jsqrModule.default;
const DEMO = fileURLToPath(new URL('../packages/server/dist/demo.js', import.meta.url));
const VOTERS = 12;

describe('npm run demo -- --serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evident-demo-serve-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the display and the tracker after the election, prints where, and stops cleanly on Ctrl-C', async () => {
    const out = join(dir, 'record');
    const child = spawn(process.execPath, [DEMO, '--voters', String(VOTERS), '--out', out, '--serve'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    try {
      await new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const timer = setInterval(() => {
          const ended = child.exitCode !== null || child.signalCode !== null;
          if (text.includes('press Ctrl-C to stop')) resolve();
          else if (ended) reject(new Error(`the demo ended first:\n${text.slice(-3000)}`));
          else if (Date.now() - started > 540_000)
            reject(new Error(`no addresses in time:\n${text.slice(-3000)}`));
          else return;
          clearInterval(timer);
        }, 200);
      });
      expect(text).toContain('The record is VALID.');
      const display = /results display\s+(http:\/\/\S+)/.exec(text)?.[1];
      const tracker = /ballot tracker\s+(http:\/\/\S+)\s+\(a counted ballot to try: ([0-9A-Fa-f]{64})\)/.exec(
        text,
      );
      const key = /log key to pin\s+([0-9A-F]{64})/.exec(text)?.[1];
      const report = /report\s+(http:\/\/\S+)/.exec(text)?.[1];
      const officials = /officials' alerts\s+(http:\/\/\S+)/.exec(text)?.[1];
      expect(display).toMatch(/\/display\/demo$/);
      expect(tracker?.[1]).toMatch(/\/track\/demo$/);
      expect(report).toMatch(/\/elections\/demo\/report\.html$/);
      expect(key).toBeDefined();
      expect(officials).toMatch(/\/officials\/demo$/);
      // every printed page answers (the report is built on first request, from the server's export)
      for (const page of [display!, tracker![1]!, officials!, report!]) {
        const r = await fetch(page);
        expect(r.status, page).toBe(200);
        expect(await r.text()).toMatch(/^<!doctype html>/i);
      }
      const base = display!.replace(/\/display\/demo$/, '');
      const ballot = await (await fetch(`${base}/elections/demo/ballots/${tracker![2]}`)).json();
      expect(ballot.status).toBe('counted');
      const summary = await (await fetch(`${base}/elections/demo`)).json();
      expect(String(summary.logPublicKey).toUpperCase()).toBe(key);

      // the letters in the record folder carry that key
      const letters = readdirSync(join(out, 'letters'));
      expect(letters).toHaveLength(VOTERS);
      const pdf = readFileSync(join(out, 'letters', letters[0]!));
      expect(pdfTextRuns(pdf)).toContain(key);
      const [im] = pdfRgbImages(pdf);
      expect(jsQR(im!.rgba, im!.width, im!.height)?.data).toBe(key);

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(text).toContain('server stopped');
      await expect(fetch(display!)).rejects.toThrow(); // the server is gone
      // its temporary folder (database, trustees' files) is gone too; the record stays
      const work = /work folder (\S+);/.exec(text)?.[1];
      expect(work).toMatch(/evident-demo-/);
      expect(existsSync(work!)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 600_000);
});
