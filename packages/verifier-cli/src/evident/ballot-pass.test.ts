/**
 * The ballot pass on a record of many tiny device files, as exported from `evident-server` (one
 * file per online credential, spec/record.md §5.5): chunks are filled across files (one batch for
 * several devices' segments, spec/verification.md §0.3), and still every chain is checked per device
 * and every finding names its own file and line.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '@evident/e2e-crypto';
import { sampleManifest, simulateElection } from '@evident/record';
import { verifyRecord } from '../verify.js';
import { runBallotPass, workersAvailable } from './ballot-pass.js';
import type { StepFinding } from './check-chunk.js';
import { type EvidentContext, loadEvidentContext } from './context.js';

// 60 devices, 90 ballots round-robin: devices 1–30 hold 2 ballots, devices 31–60 one
const DEVICES = 60;
const BALLOTS = 90;
let base: string;
const scratch: string[] = [];

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'evident-tiny-files-'));
  await simulateElection(base, {
    manifest: sampleManifest({ districts: 1, contestsPerDistrict: 1, options: 2 }),
    guardians: 3,
    quorum: 2,
    ballots: BALLOTS,
    devices: DEVICES,
    challengeEvery: 7,
  });
}, 60_000);
afterAll(() => {
  for (const d of [base, ...scratch]) rmSync(d, { recursive: true, force: true });
});

function copyWith(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'evident-tiny-tampered-'));
  scratch.push(dir);
  cpSync(base, dir, { recursive: true });
  edit(dir);
  return dir;
}

/** Rewrites line `lineNo` (1-based) of `ballots/<device>.jsonl` with `f` applied to its JSON. */
function editBallot(dir: string, device: string, lineNo: number, f: (b: BallotLine) => void): string {
  const p = join(dir, 'ballots', `${device}.jsonl`);
  const lines = readFileSync(p, 'utf8').split('\n').filter(Boolean);
  const b = JSON.parse(lines[lineNo - 1]!) as BallotLine;
  f(b);
  lines[lineNo - 1] = JSON.stringify(b);
  writeFileSync(p, lines.join('\n') + '\n');
  return b.code;
}

interface BallotLine {
  code: string;
  style: string;
  contests: {
    selections: { alpha: string; proof: { c: string[]; v: string[] } }[];
    proof: { v: string[] };
  }[];
}

/** Another valid scalar encoding: flips the last hex digit (stays below q for these values). */
function flipHex(h: string): string {
  const last = h[h.length - 1]!;
  return h.slice(0, -1) + (last === '0' ? '1' : '0');
}

async function pass(
  dir: string,
  chunkSize: number,
  workers = 0,
  chunkChars?: number,
): Promise<{ findings: StepFinding[]; ballots: number; cast: number; chunks: number; tally: string[] }> {
  const { ctx } = loadEvidentContext(dir);
  expect(ctx).toBeDefined();
  let progress = 0;
  const r = await runBallotPass(dir, ctx as EvidentContext<unknown>, {
    workers,
    chunkSize,
    ...(chunkChars ? { chunkChars } : {}),
    onProgress: () => progress++,
  });
  // onProgress runs once per chunk submitted and once at the end
  const G = (ctx as EvidentContext<unknown>).G;
  const tally = r.tally.contests.flatMap((c) =>
    c.selections.map((x) => toHex(G.encode(x.ciphertext.alpha)) + toHex(G.encode(x.ciphertext.beta))),
  );
  return { findings: r.findings, ballots: r.ballots, cast: r.tally.castBallots, chunks: progress - 1, tally };
}

const brief = (fs: StepFinding[]) => fs.map((f) => `${f.check} ${f.where.split(' ')[0]}`).sort();

describe('ballot pass over many tiny device files', () => {
  it('verifies the record valid, every ballot checked', async () => {
    const r = await verifyRecord(base, { workers: 0 });
    expect(r.valid).toBe(true);
    expect(r.counts['ballots']).toBe(BALLOTS);
  });

  it('fills chunks across files up to the budget and finds the same counts at any budget', async () => {
    const whole = await pass(base, 128);
    expect(whole.chunks).toBe(1);
    for (const size of [1, 7]) {
      const r = await pass(base, size);
      expect(r.findings).toEqual([]);
      expect(r.ballots).toBe(BALLOTS);
      expect(r.cast).toBe(whole.cast);
      expect(r.tally).toEqual(whole.tally);
      expect(r.chunks).toBe(Math.ceil(BALLOTS / size));
    }
    // the character budget closes a chunk too: three ballot lines hold more than 2 lines' worth
    const line = readFileSync(join(base, 'ballots', 'device-1.jsonl'), 'utf8').split('\n')[0]!.length;
    const byChars = await pass(base, 128, 0, 2 * line + 1);
    expect(byChars.findings).toEqual([]);
    expect(byChars.chunks).toBeGreaterThanOrEqual(Math.ceil(BALLOTS / 3));
    expect(byChars.chunks).toBeLessThanOrEqual(Math.ceil(BALLOTS / 2));
  });

  it('verifies in worker threads with multi-device chunks', async () => {
    if (!workersAvailable()) return; // needs the compiled worker (npx tsc -b)
    const r = await pass(base, 7, 2);
    expect(r.findings).toEqual([]);
    expect(r.ballots).toBe(BALLOTS);
    expect(r.chunks).toBe(Math.ceil(BALLOTS / 7));
  });

  it('names a bad proof in a one-ballot file in the middle of a chunk, and nothing else', async () => {
    // device-45's only ballot is the record's 45th: inside the one 128-ballot chunk
    let code = '';
    const dir = copyWith((d) => {
      code = editBallot(d, 'device-45', 1, (b) => {
        const v = b.contests[0]!.selections[1]!.proof.v;
        v[0] = flipHex(v[0]!);
      });
    });
    for (const size of [128, 7]) {
      const { findings } = await pass(dir, size);
      expect(brief(findings)).toEqual(['5.D ballots/device-45.jsonl:1']);
      expect(findings[0]!.where).toBe(
        `ballots/device-45.jsonl:1 ballot ${code.slice(0, 16)} contests[0].selections[1]`,
      );
    }
  });

  it('names the one tampered ballot among many in worker threads (the shared pool), at any chunk size', async () => {
    if (!workersAvailable()) return; // needs the compiled worker (npx tsc -b)
    let code = '';
    const dir = copyWith((d) => {
      // a valid scalar in a response of the 2-ballot device-17's second ballot: only its batch
      // equation is false, so the chunk's batch fails and the re-check must find this ballot
      code = editBallot(d, 'device-17', 2, (b) => {
        const v = b.contests[0]!.selections[0]!.proof.v;
        v[1] = flipHex(v[1]!);
      });
    });
    for (const size of [128, 11]) {
      const r = await pass(dir, size, 2);
      expect(brief(r.findings)).toEqual(['5.D ballots/device-17.jsonl:2']);
      expect(r.findings[0]!.where).toBe(
        `ballots/device-17.jsonl:2 ballot ${code.slice(0, 16)} contests[0].selections[0]`,
      );
      expect(r.ballots).toBe(BALLOTS);
    }
    const report = await verifyRecord(dir, { workers: 2 });
    expect(report.valid).toBe(false);
  });

  it('re-checks a failed batch from the lines: each bad proof named once, no early finding repeated', async () => {
    const codes: Record<string, string> = {};
    const dir = copyWith((d) => {
      // batch equations only: a response of a selection's proof, a response of a contest's proof
      codes['device-10:1'] = editBallot(d, 'device-10', 1, (b) => {
        const v = b.contests[0]!.selections[1]!.proof.v;
        v[0] = flipHex(v[0]!);
      });
      codes['device-50:1'] = editBallot(d, 'device-50', 1, (b) => {
        const v = b.contests[0]!.proof.v;
        v[0] = flipHex(v[0]!);
      });
      // found before the batch: challenges that no longer sum to the hash (5.D), an unknown
      // style (5.E, never decoded)
      codes['device-30:1'] = editBallot(d, 'device-30', 1, (b) => {
        const c = b.contests[0]!.selections[0]!.proof.c;
        c[0] = flipHex(c[0]!);
      });
      editBallot(d, 'device-5', 2, (b) => {
        b.style = 'no-such-style';
      });
    });
    for (const [size, workers] of [
      [128, 0],
      [7, 0],
      [128, 2],
    ] as const) {
      if (workers > 0 && !workersAvailable()) continue; // needs the compiled worker (npx tsc -b)
      const { findings } = await pass(dir, size, workers);
      expect(brief(findings)).toEqual([
        '5.D ballots/device-10.jsonl:1',
        '5.D ballots/device-30.jsonl:1',
        '5.E ballots/device-5.jsonl:2',
        '6.D ballots/device-50.jsonl:1',
      ]);
      const where = (file: string) =>
        findings.find((f) => f.where.startsWith(`ballots/${file}.jsonl`))!.where;
      expect(where('device-10')).toBe(
        `ballots/device-10.jsonl:1 ballot ${codes['device-10:1']!.slice(0, 16)} contests[0].selections[1]`,
      );
      expect(where('device-50')).toBe(
        `ballots/device-50.jsonl:1 ballot ${codes['device-50:1']!.slice(0, 16)} contests[0].proof`,
      );
      expect(where('device-30')).toBe(
        `ballots/device-30.jsonl:1 ballot ${codes['device-30:1']!.slice(0, 16)} contests[0].selections[0]`,
      );
    }
  });

  it('gives the same aggregate in this thread and in worker threads, at any chunk size', async () => {
    if (!workersAvailable()) return;
    const ref = await pass(base, 128);
    for (const [size, workers] of [
      [5, 0],
      [9, 2],
      [128, 2],
    ] as const) {
      const r = await pass(base, size, workers);
      expect(r.tally).toEqual(ref.tally);
      expect(r.cast).toBe(ref.cast);
    }
  });

  it('keeps chains per device: a changed ciphertext fails its own ballot only', async () => {
    // device-20 holds ballots 20 and 80; devices 21, 22, … share its chunk
    const dir = copyWith((d) => {
      editBallot(d, 'device-20', 1, (b) => {
        const s = b.contests[0]!.selections[0]!;
        const other = JSON.parse(
          readFileSync(join(d, 'ballots', 'device-21.jsonl'), 'utf8').split('\n')[0]!,
        ) as BallotLine;
        s.alpha = other.contests[0]!.selections[0]!.alpha; // a group member, so 5.A holds
      });
    });
    for (const size of [128, 7, 1]) {
      const { findings } = await pass(dir, size);
      // the range proofs (selection and contest) no longer fit, nor does the code
      expect(brief(findings)).toEqual([
        '5.D ballots/device-20.jsonl:1',
        '6.D ballots/device-20.jsonl:1',
        '7.B ballots/device-20.jsonl:1',
      ]);
    }
  });

  it('keeps chains per device: a changed code fails the next ballot of its device or its closing hash, not the next file', async () => {
    const dir = copyWith((d) => {
      editBallot(d, 'device-20', 1, (b) => {
        b.code = flipHex(b.code);
      });
      editBallot(d, 'device-45', 1, (b) => {
        b.code = flipHex(b.code);
      });
    });
    for (const size of [128, 7, 2]) {
      const { findings } = await pass(dir, size);
      expect(brief(findings)).toEqual([
        '7.B ballots/device-20.jsonl:1',
        '7.B ballots/device-20.jsonl:2',
        '7.B ballots/device-45.jsonl:1',
        '7.G devices.json',
      ]);
      expect(findings.find((f) => f.check === '7.G')!.where).toBe('devices.json devices[44].closingHash');
    }
    const r = await verifyRecord(dir, { workers: 0 });
    expect(r.valid).toBe(false);
  });

  it('names both places of a repeated confirmation code (7.C) across files of one chunk', async () => {
    const first = readFileSync(join(base, 'ballots', 'device-12.jsonl'), 'utf8').split('\n')[1]!;
    const dir = copyWith((d) => {
      editBallot(d, 'device-45', 1, (b) => {
        b.code = (JSON.parse(first) as BallotLine).code;
      });
    });
    for (const size of [128, 7]) {
      const { findings } = await pass(dir, size);
      expect(brief(findings)).toEqual([
        '7.B ballots/device-45.jsonl:1',
        '7.C ballots/device-45.jsonl:1',
        '7.G devices.json',
      ]);
      expect(findings.find((f) => f.check === '7.C')!.message).toBe(
        'duplicate confirmation code, also at ballots/device-12.jsonl:2',
      );
    }
  });

  it('matches devices.json and the ballot files one to one (7.H): a stray file, a device listed twice, a missing file', async () => {
    const dir = copyWith((d) => {
      writeFileSync(join(d, 'ballots', 'device-99.jsonl'), '');
      writeFileSync(join(d, 'ballots', 'notes.txt'), 'x');
      const devices = JSON.parse(readFileSync(join(d, 'devices.json'), 'utf8')) as {
        devices: { label: string; closingHash: string }[];
      };
      devices.devices.push(devices.devices[4]!); // device-5 again, at index 60
      writeFileSync(join(d, 'devices.json'), JSON.stringify(devices, null, 2));
      rmSync(join(d, 'ballots', 'device-50.jsonl'));
    });
    const { findings } = await pass(dir, 16);
    const h = findings.filter((f) => f.check === '7.H').map((f) => `${f.where}: ${f.message}`);
    expect(h.sort()).toEqual([
      'ballots/device-50.jsonl: ballot file of device "device-50" is missing',
      'ballots/device-99.jsonl: file of no device listed in devices.json',
      'ballots/notes.txt: file of no device listed in devices.json',
      'devices.json devices[60].label: device "device-5" is listed twice',
    ]);
  });

  it('refuses an off-schema devices.json naming the device, as the whole-file reader would', async () => {
    const dir = copyWith((d) => {
      const devices = JSON.parse(readFileSync(join(d, 'devices.json'), 'utf8')) as {
        devices: { label: string; closingHash: string }[];
      };
      devices.devices[41]!.closingHash = 'not hex';
      writeFileSync(join(d, 'devices.json'), JSON.stringify(devices, null, 2));
    });
    await expect(verifyRecord(dir, { workers: 0 })).rejects.toThrow(
      /devices\.json: devices\[41\]\.closingHash/,
    );
  });
});
