/**
 * The check every catalog's test runs: each message parses in each language, takes the same
 * arguments (with the same kinds) as the English one, gives a plural branch for every plural
 * category the language uses for whole numbers (Arabic's six: zero, one, two, few, many, other),
 * and formats with sample values — numbers across those categories, dates, each select option.
 * @module
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { LANGS, type Lang } from './langs.js';
import type { Catalog } from './messages.js';

/** The kind of an argument: what sample values it takes. */
type ArgKind = 'text' | 'number' | 'date' | 'select';

// the element types of @formatjs/icu-messageformat-parser (its TYPE enum)
const T = { argument: 1, number: 2, date: 3, time: 4, select: 5, plural: 6, tag: 8 } as const;

interface Element {
  readonly type: number;
  readonly value?: string;
  readonly options?: Readonly<Record<string, { readonly value: readonly Element[] }>>;
  readonly children?: readonly Element[];
}

/** Whole numbers that reach every plural category in use (Arabic: 0, 1, 2, 3–10, 11–99, 100+). */
const SAMPLE_COUNTS = [0, 1, 2, 3, 5, 11, 21, 100, 102, 1234];

/** The plural categories `lang` gives whole numbers up to 200 (French's "many" starts at 10^6). */
function categoriesInUse(lang: Lang): Set<string> {
  const rules = new Intl.PluralRules(lang);
  const out = new Set<string>();
  for (let n = 0; n <= 200; n++) out.add(rules.select(n));
  return out;
}

function walk(
  els: readonly Element[],
  lang: Lang,
  args: Map<string, ArgKind>,
  selects: Map<string, Set<string>>,
  problems: string[],
): void {
  for (const e of els) {
    const name = e.value ?? '';
    if (e.type === T.argument) args.set(name, args.get(name) ?? 'text');
    else if (e.type === T.number || e.type === T.plural) args.set(name, 'number');
    else if (e.type === T.date || e.type === T.time) args.set(name, 'date');
    else if (e.type === T.select) {
      args.set(name, 'select');
      const keys = selects.get(name) ?? new Set<string>();
      for (const k of Object.keys(e.options ?? {})) keys.add(k);
      selects.set(name, keys);
    }
    if (e.type === T.plural) {
      const have = new Set(Object.keys(e.options ?? {}));
      for (const c of categoriesInUse(lang))
        if (!have.has(c)) problems.push(`plural {${name}} has no '${c}' branch`);
    }
    for (const o of Object.values(e.options ?? {})) walk(o.value, lang, args, selects, problems);
    if (e.children) walk(e.children, lang, args, selects, problems);
  }
}

function sampleSets(
  args: Map<string, ArgKind>,
  selects: Map<string, Set<string>>,
): Record<string, unknown>[] {
  const rounds = Math.max(SAMPLE_COUNTS.length, ...[...selects.values()].map((s) => s.size));
  return Array.from({ length: rounds }, (_, i) => {
    const v: Record<string, unknown> = {};
    for (const [name, kind] of args) {
      const keys = [...(selects.get(name) ?? [])];
      v[name] =
        kind === 'number'
          ? SAMPLE_COUNTS[i % SAMPLE_COUNTS.length]
          : kind === 'date'
            ? new Date(Date.UTC(2026, 5, 1, 17, 4, 5))
            : kind === 'select'
              ? keys[i % keys.length]
              : `«${name}»`;
    }
    return v;
  });
}

/**
 * Every problem of `catalog`, as `lang key: what`; empty when all is well.
 */
export function catalogProblems<K extends string>(catalog: Catalog<K>): string[] {
  const problems: string[] = [];
  const argsOf = (lang: Lang, key: K) => {
    const args = new Map<string, ArgKind>();
    const selects = new Map<string, Set<string>>();
    const own: string[] = [];
    let f: IntlMessageFormat;
    try {
      f = new IntlMessageFormat(catalog[lang][key], lang, undefined, { ignoreTag: true });
    } catch (e) {
      problems.push(`${lang} ${key}: does not parse (${(e as Error).message})`);
      return undefined;
    }
    walk(f.getAst() as unknown as Element[], lang, args, selects, own);
    problems.push(...own.map((p) => `${lang} ${key}: ${p}`));
    return { f, args, selects };
  };
  for (const key of Object.keys(catalog.en) as K[]) {
    const en = argsOf('en', key);
    for (const lang of LANGS) {
      const m = lang === 'en' ? en : argsOf(lang, key);
      if (!m || !en) continue;
      const sig = (a: Map<string, ArgKind>) =>
        [...a]
          .map(([n, k]) => `${n}:${k}`)
          .sort()
          .join(',');
      if (sig(m.args) !== sig(en.args))
        problems.push(`${lang} ${key}: arguments {${sig(m.args)}} differ from English {${sig(en.args)}}`);
      for (const values of sampleSets(m.args, m.selects)) {
        try {
          const out = m.f.format(values as never);
          if (typeof out !== 'string' || out.trim() === '')
            problems.push(`${lang} ${key}: formats to nothing`);
        } catch (e) {
          problems.push(`${lang} ${key}: does not format (${(e as Error).message})`);
          break;
        }
      }
    }
  }
  return problems;
}
