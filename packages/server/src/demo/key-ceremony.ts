/**
 * The demo's manifest and key ceremony (`../demo.ts`, step 1): a manifest with two districts and
 * two ranked contests (instant-runoff and two-seat STV), and a key ceremony of five guardians
 * with quorum 3, run with the `evident-trustee` command, one process per guardian and step
 * (config, init, publish, share, verify, finalize; spec/key-ceremony.md), as the guardians would
 * run it on their own machines.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { manifestBytes, type Manifest, type RankedContest } from '@evident/e2e-crypto';
import { sampleManifest } from '@evident/record';

/** The demo's ranked contests. */
export const RANKED: readonly RankedContest[] = [
  {
    id: 'mayor',
    candidates: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Kurt Gödel'],
    ranks: 3,
    seats: 1,
  },
  {
    id: 'council',
    candidates: ['Emmy Noether', 'John von Neumann', 'Sophie Germain', 'Srinivasa Ramanujan', 'Hedy Lamarr'],
    ranks: 2,
    seats: 2,
  },
];

/**
 * The demo's manifest: two districts of one three-option contest each (and the national one),
 * six polling stations per district, and {@link RANKED}.
 */
export function demoManifest(): Manifest {
  return {
    ...sampleManifest({
      districts: 2,
      contestsPerDistrict: 1,
      options: 3,
      voteLimit: 1,
      stationsPerDistrict: 6,
    }),
    rankedContests: [...RANKED],
  };
}

/**
 * Runs the ceremony in the trustees' folder: `manifest.json`, `ceremony.json`, each guardian's
 * `<g>.secret.json`, `<g>.public.json`, `<g>.shares.json`, `<g>.verification.json`, and
 * `election-key.json` (what the server imports).
 * @param f - a file of the trustees' folder
 * @param trustee - runs `evident-trustee ARGV` (passphrase in its environment)
 * @throws {Error} when a step fails (its standard error)
 */
export async function runKeyCeremony(
  manifest: Manifest,
  guardians: readonly string[],
  quorum: number,
  f: (name: string) => string,
  trustee: (argv: string[]) => Promise<string>,
): Promise<void> {
  writeFileSync(f('manifest.json'), manifestBytes(manifest)); // canonical bytes: H_M as the server computes it
  const ceremony = ['--ceremony', f('ceremony.json')];
  await trustee([
    'config',
    '--manifest',
    f('manifest.json'),
    '--guardians',
    guardians.join(','),
    '--quorum',
    String(quorum),
    '-o',
    f('ceremony.json'),
  ]);
  /** One step for every guardian at once, each writing `<g>.<output>.json`. */
  const eachGuardian = (step: string, output: string, more: (g: string) => string[]) =>
    Promise.all(
      guardians.map((g) => trustee([step, ...ceremony, ...more(g), '-o', f(`${g}.${output}.json`)])),
    );
  const all = (what: string): string => guardians.map((g) => f(`${g}.${what}.json`)).join(',');
  const secret = (g: string) => ['--secret', f(`${g}.secret.json`)];
  await eachGuardian('init', 'secret', (g) => ['--guardian', g, '--kdf-cost', '14']);
  await eachGuardian('publish', 'public', secret);
  await eachGuardian('share', 'shares', (g) => [...secret(g), '--public', all('public')]);
  await eachGuardian('verify', 'verification', (g) => [
    ...secret(g),
    '--public',
    all('public'),
    '--shares',
    all('shares'),
  ]);
  await trustee([
    'finalize',
    ...ceremony,
    '--public',
    all('public'),
    '--verifications',
    all('verification'),
    '-o',
    f('election-key.json'),
  ]);
}
