/**
 * Benchmark suites of the polling station for `npm run bench` (scripts/bench.js), short runs of
 * the standalone ones: QR codes per tally sheet (`npm run bench:sheet`, sheet/sheet-bench.ts),
 * ballot-photo decode rate and degraded-set share per decoder (`npm run bench:scan`,
 * scan/decode-bench.ts), and the outbox sync to the real server through a cutting proxy
 * (`npm run bench:sync`, sync/sync-bench.ts — its full size is 10 stations × 2,000 check-ins).
 * @module
 */
import type { BenchSuite } from '@evident/e2e-crypto';
import { DEFAULT_MAX_PART_BYTES } from '@evident/record';
import { runDecodeBench } from './scan/decode-bench.js';
import { DEGRADATIONS } from './scan/degrade.js';
import { sheetCapacity } from './sheet/sheet-capacity.js';
import { syncBench } from './sync/sync-bench.js';

const pct = (x: number): string => `${Math.round(x * 100)} %`;

/** The suites. */
export const suites: BenchSuite[] = [
  {
    name: 'sheet-qr',
    description:
      'QR codes per tally sheet at level M, 10 / 50 / 200 contests × 10 options, read back with jsqr',
    async run() {
      const rows: Record<string, string | number>[] = [];
      for (const contests of [10, 50, 200]) {
        const [r] = await sheetCapacity(contests, 10, [DEFAULT_MAX_PART_BYTES], { witnesses: 2 });
        rows.push({
          contests,
          options: 10,
          'JSON B': r!.jsonBytes,
          'compressed B': r!.compressedBytes,
          codes: r!.codes,
          'QR version': r!.qrVersion,
          pages: r!.codePages,
          'read back': r!.readBack === null ? '-' : r!.readBack ? 'yes' : 'NO',
        });
      }
      return { rows, notes: [`parts of at most ${DEFAULT_MAX_PART_BYTES} bytes, two witnesses`] };
    },
  },
  {
    name: 'scan-decode',
    description:
      'ballot QR photos of 1280×720: images/s on one core and share of the degraded set read, per decoder (2 photos per degradation; `npm run bench:scan` for 5)',
    async run() {
      const r = await runDecodeBench({ seed: 11, perKind: 2, decoders: ['jsqr', 'zxing'] });
      const rows = r.decoders.map((d) => ({
        decoder: d.decoder,
        'clean img/s': Number(d.cleanRate.toFixed(1)),
        'set img/s': Number(d.setRate.toFixed(1)),
        ...Object.fromEntries(DEGRADATIONS.map((k) => [k, pct(d.readShare[k])])),
        all: pct(d.readShareAll),
      }));
      return { rows, notes: [`${r.photos} photos, seed ${r.seed}`] };
    },
  },
  {
    name: 'station-sync',
    description:
      'outbox sync to evident-server through a proxy cutting 10 % of connections (4 stations × 400 check-ins, 50 per request; `npm run bench:sync` for 10 × 2,000)',
    async run() {
      const r = await syncBench({ stations: 4, checkIns: 400, cut: 0.1, batch: 50 });
      return {
        rows: [
          { measure: 'sync time s', value: Number((r.syncMs / 1000).toFixed(2)), target: '' },
          {
            measure: 'connections / cut before commit / cut after commit',
            value: `${r.connections} / ${r.cutBeforeCommit} / ${r.cutAfterCommit}`,
            target: '',
          },
          {
            measure: 'on the server: check-ins, closings, sheets, cancellations',
            value: `${r.serverCheckIns}, ${r.closings}, ${r.sheets}, ${r.cancellations}`,
            target: `${r.stations * r.checkIns}, ${r.stations}, ${r.stations}, ${r.credentialHolders}`,
          },
          { measure: 'lost / duplicated', value: `${r.lost} / ${r.duplicated}`, target: '0 / 0' },
        ],
      };
    },
  },
];
