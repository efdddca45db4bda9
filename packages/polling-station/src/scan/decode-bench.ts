/**
 * The QR decode bench (`npm run bench:scan`; spec/stations.md §3, "Scanning"): per decoder, the
 * decode rate on 1280 × 720 photos (images per second, one core: the decoders are synchronous
 * JavaScript and single-threaded WebAssembly) and the share of the degraded-photo set read
 * correctly, per degradation.
 * @module
 */
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { DEGRADATIONS, type Degradation, type DegradedPhoto, degradedPhotoSet } from './degrade.js';
import { type Decoder, readCodes } from './read-codes.js';
import { samplePayloads } from './sample-payloads.js';

export type BenchDecoder = Decoder | 'auto';

/** One decoder's figures. */
export interface DecoderFigures {
  readonly decoder: BenchDecoder;
  /** images per second on the clean photos (file decoding included) */
  readonly cleanRate: number;
  /** images per second over the whole degraded set */
  readonly setRate: number;
  /** share read correctly (every expected code found), per degradation and in all */
  readonly readShare: Readonly<Record<Degradation, number>>;
  readonly readShareAll: number;
}

export interface BenchResult {
  readonly seed: number;
  readonly perKind: number;
  readonly photos: number;
  readonly decoders: readonly DecoderFigures[];
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** True when every code drawn in the photo was read back, byte for byte. */
async function readsCorrectly(photo: DegradedPhoto, decoder: BenchDecoder): Promise<boolean> {
  const codes = await readCodes(photo.file, { decoder });
  return photo.expected.every((e) => codes.some((c) => sameBytes(c.bytes, e)));
}

/**
 * Images per second on the clean photos, after one untimed round (the WebAssembly module loads
 * and its code is compiled by the optimising tier on first use; a station decodes for hours).
 */
async function decodeRate(photos: readonly DegradedPhoto[], decoder: BenchDecoder): Promise<number> {
  for (const p of photos) await readCodes(p.file, { decoder });
  const rounds = 2;
  const start = performance.now();
  for (let r = 0; r < rounds; r++) for (const p of photos) await readCodes(p.file, { decoder });
  return (rounds * photos.length) / ((performance.now() - start) / 1000);
}

/** Runs every decoder over the same photo set. */
export async function runDecodeBench(opts: {
  seed: number;
  perKind: number;
  decoders: readonly BenchDecoder[];
}): Promise<BenchResult> {
  const photos = degradedPhotoSet({
    seed: opts.seed,
    perKind: opts.perKind,
    payloads: samplePayloads(opts.seed, 16),
  });
  const figures: DecoderFigures[] = [];
  const clean = photos.filter((p) => p.degradation === 'clean');
  for (const decoder of opts.decoders) {
    const cleanRate = await decodeRate(clean, decoder);
    const ok = new Map<Degradation, number>();
    const start = performance.now();
    for (const photo of photos)
      if (await readsCorrectly(photo, decoder))
        ok.set(photo.degradation, (ok.get(photo.degradation) ?? 0) + 1);
    const total = performance.now() - start;
    const readShare = Object.fromEntries(
      DEGRADATIONS.map((d) => [d, (ok.get(d) ?? 0) / opts.perKind]),
    ) as Record<Degradation, number>;
    figures.push({
      decoder,
      cleanRate,
      setRate: photos.length / (total / 1000),
      readShare,
      readShareAll: [...ok.values()].reduce((a, b) => a + b, 0) / photos.length,
    });
  }
  return { seed: opts.seed, perKind: opts.perKind, photos: photos.length, decoders: figures };
}

const pct = (x: number) => `${Math.round(x * 100)} %`.padStart(6);

/** The figures as a table. */
export function benchTable(r: BenchResult): string {
  const head = ['', ...r.decoders.map((d) => d.decoder.padStart(7))].join(' ');
  const rows = [
    `${r.photos} photos of 1280×720 (seed ${r.seed}, ${r.perKind} per degradation)`,
    head,
    ['clean img/s'.padEnd(14), ...r.decoders.map((d) => d.cleanRate.toFixed(1).padStart(7))].join(' '),
    ['set img/s'.padEnd(14), ...r.decoders.map((d) => d.setRate.toFixed(1).padStart(7))].join(' '),
    ...DEGRADATIONS.map((k) => [k.padEnd(14), ...r.decoders.map((d) => ` ${pct(d.readShare[k])}`)].join(' ')),
    ['all'.padEnd(14), ...r.decoders.map((d) => ` ${pct(d.readShareAll)}`)].join(' '),
  ];
  return rows.join('\n');
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function decoderList(v: string): BenchDecoder[] {
  const list = v.split(',').map((s) => s.trim());
  for (const d of list)
    if (d !== 'jsqr' && d !== 'zxing' && d !== 'auto') throw new InvalidArgumentError(`unknown decoder ${d}`);
  return list as BenchDecoder[];
}

/** The command line. */
export function benchProgram(): Command {
  return new Command('decode-bench')
    .description('QR decode rate and share of a degraded-photo set read correctly, per decoder')
    .option('--seed <n>', 'seed of the photo set', positiveInt, 11)
    .option('--per-kind <n>', 'photos per degradation', positiveInt, 5)
    .option('--decoders <list>', 'comma-separated: jsqr, zxing, auto', decoderList, ['jsqr', 'zxing'])
    .option('--json', 'print the figures as JSON')
    .action(async (o: { seed: number; perKind: number; decoders: BenchDecoder[]; json?: boolean }) => {
      const r = await runDecodeBench(o);
      process.stdout.write(o.json ? `${JSON.stringify(r, null, 2)}\n` : `${benchTable(r)}\n`);
    });
}

// run when started as a script (`npm run bench:scan`), not when a test imports it
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await benchProgram()
    .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 1))
    .parseAsync(process.argv);
