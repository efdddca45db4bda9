/**
 * A sample bilingual manifest for demos, tests and benchmarks (spec/record.md §3).
 * @module
 */
import type { Manifest, ManifestContest } from '@evident/e2e-crypto';

/** Shape of the sample election. */
export interface SampleManifestOptions {
  /** Contests per district (default 2). */
  readonly contestsPerDistrict?: number;
  /** Options per contest (default 3). */
  readonly options?: number;
  /** Districts, each with its own ballot style (default 2). */
  readonly districts?: number;
  /** Polling stations per district (default 1), numbered `station-1`, `station-2`… across districts. */
  readonly stationsPerDistrict?: number;
  /** Vote limit L of every contest (default 1); the option limit is 1. */
  readonly voteLimit?: number;
  /** A contest on every ballot in addition (default true). */
  readonly sharedContest?: boolean;
}

/** Builds the sample manifest: English and French names, one style per district. */
export function sampleManifest(opts: SampleManifestOptions = {}): Manifest {
  const per = opts.contestsPerDistrict ?? 2;
  const nOpt = opts.options ?? 3;
  const nDist = opts.districts ?? 2;
  const L = opts.voteLimit ?? 1;
  const shared = opts.sharedContest ?? true;
  const perDistrict = opts.stationsPerDistrict ?? 1;
  const contest = (label: string, district: string, n: number): ManifestContest => ({
    label,
    name: { en: `Contest ${label}`, fr: `Scrutin ${label}` },
    district,
    voteLimit: L,
    optionLimit: 1,
    contestDataBlocks: 1,
    options: Array.from({ length: n }, (_, j) => ({
      label: `${label}-option-${j + 1}`,
      name: { en: `Candidate ${j + 1}`, fr: `Candidat·e ${j + 1}` },
    })),
  });
  const districts = Array.from({ length: nDist }, (_, d) => ({
    label: `district-${d + 1}`,
    name: { en: `District ${d + 1}`, fr: `Circonscription ${d + 1}` },
  }));
  const contests: ManifestContest[] = [];
  if (shared) contests.push(contest('national', 'district-1', nOpt));
  for (let d = 0; d < nDist; d++) {
    for (let c = 0; c < per; c++) contests.push(contest(`d${d + 1}-c${c + 1}`, `district-${d + 1}`, nOpt));
  }
  const ballotStyles = districts.map((d, i) => ({
    label: `style-${i + 1}`,
    contests: [
      ...(shared ? ['national'] : []),
      ...contests.filter((c) => c.district === d.label && c.label !== 'national').map((c) => c.label),
    ],
  }));
  return {
    electionLabel: 'evident-sample-election',
    name: { en: 'Sample general election', fr: 'Élection générale exemple' },
    languages: ['en', 'fr'],
    startDate: '2026-05-10T07:00:00+02:00',
    endDate: '2026-05-10T17:00:00+02:00',
    districts,
    pollingStations: districts.flatMap((d, i) =>
      Array.from({ length: perDistrict }, (_, k) => {
        const n = i * perDistrict + k + 1;
        return {
          label: `station-${n}`,
          name: { en: `Polling station ${n}`, fr: `Bureau de vote ${n}` },
          district: d.label,
          ballotStyle: `style-${i + 1}`,
        };
      }),
    ),
    contests,
    ballotStyles,
  };
}
