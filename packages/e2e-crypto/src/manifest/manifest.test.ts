import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJsonString, manifestDigest } from './canonical.js';
import { checkManifest, indexManifest } from './check-manifest.js';
import type { Manifest } from './manifest.js';
import { parameterBaseHash } from '../election/base-hashes.js';
import { ristretto } from '../group/ristretto255.js';
import { bytesEqual } from '../bytes.js';

const manifest: Manifest = {
  electionLabel: 'e',
  name: { en: 'E', fr: 'É' },
  languages: ['en', 'fr'],
  startDate: '2026-01-01T07:00:00Z',
  endDate: '2026-01-01T17:00:00Z',
  districts: [{ label: 'd', name: { en: 'D', fr: 'D' } }],
  pollingStations: [{ label: 's', name: { en: 'S', fr: 'S' }, district: 'd', ballotStyle: 'st' }],
  contests: [
    {
      label: 'c',
      name: { en: 'C', fr: 'C' },
      district: 'd',
      voteLimit: 2,
      optionLimit: 1,
      contestDataBlocks: 1,
      options: [
        { label: 'x', name: { en: 'X', fr: 'X' } },
        { label: 'y', name: { en: 'Y', fr: 'Y' } },
      ],
    },
  ],
  ballotStyles: [{ label: 'st', contests: ['c'] }],
};

describe('manifest', () => {
  it('accepts a good manifest and indexes contests and options from 1', () => {
    expect(checkManifest(manifest)).toEqual([]);
    const ix = indexManifest(manifest);
    expect(ix.contests.get('c')!.index).toBe(1);
    expect(ix.contests.get('c')!.optionIndex.get('y')).toBe(2);
  });

  it('names the path of a broken rule', () => {
    const bad = {
      ...manifest,
      contests: [
        {
          ...manifest.contests[0]!,
          options: [manifest.contests[0]!.options[0]!, manifest.contests[0]!.options[0]!],
        },
      ],
    };
    expect(checkManifest(bad)[0]!.path).toBe('contests[0].options[1].label');
    const noFr = { ...manifest, districts: [{ label: 'd', name: { en: 'D' } }] };
    expect(checkManifest(noFr)[0]!.path).toBe('districts[0].name.fr');
    const twin = { ...manifest, ballotStyles: [...manifest.ballotStyles, { label: 'st2', contests: ['c'] }] };
    expect(
      checkManifest(twin)
        .map((p) => p.message)
        .join(),
    ).toMatch(/same contests/);
  });

  it('canonical JSON sorts keys and ignores the order they were written in', () => {
    expect(canonicalJsonString({ b: 1, a: [true, 'x'] })).toBe('{"a":[true,"x"],"b":1}');
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer()), (d) => {
        const reversed = Object.fromEntries(Object.entries(d).reverse());
        expect(canonicalJsonString(reversed)).toBe(canonicalJsonString(d));
      }),
    );
  });

  it('H_M changes when any name changes', () => {
    const hP = parameterBaseHash(ristretto);
    const other = { ...manifest, name: { en: 'E', fr: 'E' } };
    expect(bytesEqual(manifestDigest(hP, manifest), manifestDigest(hP, other))).toBe(false);
    expect(
      bytesEqual(manifestDigest(hP, manifest), manifestDigest(hP, JSON.parse(JSON.stringify(manifest)))),
    ).toBe(true);
  });
});
