/**
 * Reading the fields of paper entries without trusting them: the P-steps take every value from
 * a board a server could have written, so each reader returns undefined (or false) for a value
 * of the wrong shape, never throws.
 * @module
 */
import type { Manifest, ManifestContest } from '@evident/e2e-crypto';
import type { Json } from '../log/log-summary.js';

/** A non-negative safe integer (a count). */
export const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** A JSON object (not an array, not null). */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A non-empty string after trimming. */
export const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/** Hex strings equal whatever their case (the board writes upper case; either is accepted). */
export const sameHex = (a: unknown, b: unknown): boolean =>
  typeof a === 'string' && typeof b === 'string' && a.toUpperCase() === b.toUpperCase();

/** `v` as an object, or an empty one (its fields then fail their own checks). */
export const objectOr = (v: unknown): Json => (isObject(v) ? v : {});

/** The instant of an ISO 8601 UTC text with milliseconds (`…T…Z`), or undefined. */
export function instantOf(v: unknown): number | undefined {
  if (typeof v !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
}

/** The manifest's polling station labelled `label`. */
export const manifestStation = (m: Manifest | undefined, label: unknown) =>
  typeof label === 'string' ? m?.pollingStations?.find((s) => s.label === label) : undefined;

/** The manifest contest labelled `label`. */
export const manifestContest = (m: Manifest | undefined, label: unknown): ManifestContest | undefined =>
  typeof label === 'string' ? m?.contests?.find((c) => c.label === label) : undefined;

/** Fields of `o` not in `allowed`: a field the format does not define is no one's to add. */
export const extraFields = (o: Json, allowed: readonly string[]): string[] =>
  Object.keys(o).filter((k) => !allowed.includes(k));
