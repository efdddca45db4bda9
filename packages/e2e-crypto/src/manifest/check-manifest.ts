/**
 * Semantic rules of a manifest that a JSON Schema cannot express (spec/record.md §3.1), and the
 * index maps the protocol uses (labels → 1-based indices, EG 2.0 §3.1.3).
 * @module
 */
import { InvalidDataError } from '../errors.js';
import { checkRankedContest } from '../ranked/ranked-ballot.js';
import type { Manifest, ManifestContest, LocalizedText } from './manifest.js';

/** One broken rule, with the JSON path of the offending value (e.g. `contests[2].options[0].label`). */
export interface ManifestProblem {
  readonly path: string;
  readonly message: string;
}

const MAX_INDEX = 2 ** 31 - 1;
// EG 2.0 §3.1.3 "Labels": short, no line breaks, tabs or other controls, no outer white space.
// eslint-disable-next-line no-control-regex
const BAD_LABEL = /[\u0000-\u001f\u007f]|^\s|\s$/;

function checkLabel(label: unknown, path: string, out: ManifestProblem[]): void {
  if (typeof label !== 'string' || label.length === 0 || label.length > 256 || BAD_LABEL.test(label)) {
    out.push({
      path,
      message: 'a label is 1–256 characters, without control characters or outer white space',
    });
  }
}

function checkNames(
  name: LocalizedText,
  languages: readonly string[],
  path: string,
  out: ManifestProblem[],
): void {
  for (const lang of languages) {
    if (typeof name?.[lang] !== 'string' || name[lang]!.length === 0) {
      out.push({ path: `${path}.${lang}`, message: `missing the name in language "${lang}"` });
    }
  }
}

function checkUnique(labels: readonly string[], path: string, out: ManifestProblem[]): void {
  const seen = new Set<string>();
  labels.forEach((l, i) => {
    if (seen.has(l)) out.push({ path: `${path}[${i}].label`, message: `duplicate label "${l}"` });
    seen.add(l);
  });
}

function checkContest(
  c: ManifestContest,
  i: number,
  m: Manifest,
  districts: Set<string>,
  out: ManifestProblem[],
): void {
  const p = `contests[${i}]`;
  checkLabel(c.label, `${p}.label`, out);
  checkNames(c.name, m.languages, `${p}.name`, out);
  if (!districts.has(c.district))
    out.push({ path: `${p}.district`, message: `unknown district "${c.district}"` });
  for (const [field, v] of [
    ['voteLimit', c.voteLimit],
    ['optionLimit', c.optionLimit],
    ['contestDataBlocks', c.contestDataBlocks],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 1000)
      out.push({ path: `${p}.${field}`, message: 'must be an integer in 1..1000' });
  }
  if (c.optionLimit > c.voteLimit)
    out.push({ path: `${p}.optionLimit`, message: 'must not exceed voteLimit' });
  if (!Array.isArray(c.options) || c.options.length === 0 || c.options.length > MAX_INDEX) {
    out.push({ path: `${p}.options`, message: 'a contest has at least one option' });
    return;
  }
  c.options.forEach((o, j) => {
    checkLabel(o.label, `${p}.options[${j}].label`, out);
    checkNames(o.name, m.languages, `${p}.options[${j}].name`, out);
  });
  checkUnique(
    c.options.map((o) => o.label),
    `${p}.options`,
    out,
  );
}

/**
 * Ranked contests (spec/ranked-choice.md §1): ids usable as folder names (spec/mixnet.md §8),
 * distinct from each other and from the contest labels, and each definition valid.
 */
function checkRankedContests(m: Manifest, contestLabels: Set<string>, out: ManifestProblem[]): void {
  const ranked = m.rankedContests;
  if (ranked === undefined) return;
  if (!Array.isArray(ranked)) {
    out.push({ path: 'rankedContests', message: 'expected an array' });
    return;
  }
  const seen = new Set<string>();
  ranked.forEach((c, i) => {
    const p = `rankedContests[${i}]`;
    if (typeof c?.id !== 'string' || !/^[A-Za-z0-9._-]{1,128}$/.test(c.id) || c.id === '.' || c.id === '..')
      out.push({ path: `${p}.id`, message: 'an id is 1–128 letters, digits, ".", "_" or "-"' });
    else if (seen.has(c.id) || contestLabels.has(c.id))
      out.push({ path: `${p}.id`, message: `duplicate id "${c.id}"` });
    else seen.add(c.id);
    if (!Array.isArray(c?.candidates)) {
      out.push({ path: `${p}.candidates`, message: 'expected an array of names' });
      return;
    }
    (c.candidates as readonly unknown[]).forEach((name, j) => checkLabel(name, `${p}.candidates[${j}]`, out));
    try {
      checkRankedContest(c);
    } catch (e) {
      const [field, ...rest] = (e as Error).message.split(': ');
      out.push({ path: `${p}.${field!.replace(/^contest\./, '')}`, message: rest.join(': ') });
    }
  });
}

/**
 * Every rule of spec/record.md §3.1 that the schema does not check: unique labels, limits,
 * references between districts, stations, styles and contests, one name per language, and
 * ballot styles with distinct contest sets (so that a ballot's contests determine its style).
 * @returns the problems found; empty when the manifest is good
 */
export function checkManifest(m: Manifest): ManifestProblem[] {
  const out: ManifestProblem[] = [];
  checkLabel(m.electionLabel, 'electionLabel', out);
  if (!Array.isArray(m.languages) || m.languages.length === 0) {
    out.push({ path: 'languages', message: 'at least one language' });
    return out;
  }
  checkNames(m.name, m.languages, 'name', out);
  const districts = new Set(m.districts.map((d) => d.label));
  m.districts.forEach((d, i) => {
    checkLabel(d.label, `districts[${i}].label`, out);
    checkNames(d.name, m.languages, `districts[${i}].name`, out);
  });
  checkUnique(
    m.districts.map((d) => d.label),
    'districts',
    out,
  );
  if (m.contests.length === 0) out.push({ path: 'contests', message: 'at least one contest' });
  m.contests.forEach((c, i) => checkContest(c, i, m, districts, out));
  checkUnique(
    m.contests.map((c) => c.label),
    'contests',
    out,
  );
  const contestLabels = new Set(m.contests.map((c) => c.label));
  const sets = new Map<string, string>();
  m.ballotStyles.forEach((s, i) => {
    checkLabel(s.label, `ballotStyles[${i}].label`, out);
    if (s.contests.length === 0)
      out.push({ path: `ballotStyles[${i}].contests`, message: 'at least one contest' });
    s.contests.forEach((c, j) => {
      if (!contestLabels.has(c))
        out.push({ path: `ballotStyles[${i}].contests[${j}]`, message: `unknown contest "${c}"` });
    });
    if (new Set(s.contests).size !== s.contests.length) {
      out.push({ path: `ballotStyles[${i}].contests`, message: 'a contest is listed twice' });
    }
    const key = [...s.contests].sort().join('\u0000');
    const other = sets.get(key);
    if (other !== undefined) {
      out.push({ path: `ballotStyles[${i}].contests`, message: `same contests as ballot style "${other}"` });
    }
    sets.set(key, s.label);
  });
  checkUnique(
    m.ballotStyles.map((s) => s.label),
    'ballotStyles',
    out,
  );
  checkRankedContests(m, contestLabels, out);
  const styles = new Set(m.ballotStyles.map((s) => s.label));
  m.pollingStations.forEach((s, i) => {
    const p = `pollingStations[${i}]`;
    checkLabel(s.label, `${p}.label`, out);
    checkNames(s.name, m.languages, `${p}.name`, out);
    if (!districts.has(s.district))
      out.push({ path: `${p}.district`, message: `unknown district "${s.district}"` });
    if (!styles.has(s.ballotStyle))
      out.push({ path: `${p}.ballotStyle`, message: `unknown ballot style "${s.ballotStyle}"` });
  });
  checkUnique(
    m.pollingStations.map((s) => s.label),
    'pollingStations',
    out,
  );
  return out;
}

/** A contest with its index and option indices resolved. */
export interface IndexedContest {
  /** ind_c: the 1-based position in the manifest. */
  readonly index: number;
  readonly contest: ManifestContest;
  /** option label → ind_o (1-based). */
  readonly optionIndex: ReadonlyMap<string, number>;
}

/** Lookup tables over a checked manifest. */
export interface ManifestIndex {
  readonly manifest: Manifest;
  /** contest label → contest with its index. */
  readonly contests: ReadonlyMap<string, IndexedContest>;
  /** ballot style label → its contests in manifest order (ascending ind_c). */
  readonly styles: ReadonlyMap<string, readonly IndexedContest[]>;
}

/**
 * Builds the lookup tables.
 * @throws {InvalidDataError} VALUE naming the first problem when the manifest breaks a rule of {@link checkManifest}
 */
export function indexManifest(m: Manifest): ManifestIndex {
  const problems = checkManifest(m);
  if (problems.length > 0) {
    throw new InvalidDataError('VALUE', `manifest.${problems[0]!.path}`, problems[0]!.message);
  }
  const contests = new Map<string, IndexedContest>();
  m.contests.forEach((contest, i) => {
    const optionIndex = new Map(contest.options.map((o, j) => [o.label, j + 1] as const));
    contests.set(contest.label, { index: i + 1, contest, optionIndex });
  });
  const styles = new Map<string, IndexedContest[]>();
  for (const s of m.ballotStyles) {
    styles.set(
      s.label,
      s.contests.map((c) => contests.get(c)!).sort((a, b) => a.index - b.index),
    );
  }
  return { manifest: m, contests, styles };
}
