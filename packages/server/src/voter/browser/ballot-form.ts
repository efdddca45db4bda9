/**
 * The ballot as an accessible form, built from the manifest (spec/record.md §3) in the browser:
 * a `fieldset` with a `legend` per contest; radio buttons when one option may be chosen (with
 * an explicit blank choice, since a radio cannot be unchecked from the keyboard), check boxes
 * up to the vote limit, number fields when an option takes several votes; for a ranked contest
 * (spec/ranked-choice.md §2.1) one labelled `select` per preference. Reads the choices back as
 * the ballot client's plaintext, with the errors to show.
 * @module
 */
import type { Manifest, ManifestContest, PlaintextBallot, RankedContest } from '@evident/e2e-crypto';
import { isolate, type Translate } from '@evident/i18n';
import type { VoterKey } from '../voter-strings.js';

/** A localized text in `lang`, else in the manifest's first language, else any. */
export function localized(text: Readonly<Record<string, string>>, lang: string, manifest: Manifest): string {
  return text[lang] ?? text[manifest.languages[0] ?? ''] ?? Object.values(text)[0] ?? '';
}

/**
 * The attributes marking a manifest text shown in another language than the page's (WCAG 3.1.2):
 * `{lang}` of the language {@link localized} took it from, or none.
 */
export function otherLang(
  text: Readonly<Record<string, string>>,
  lang: string,
  manifest: Manifest,
): Record<string, string> {
  if (text[lang] !== undefined) return {};
  const own = [manifest.languages[0] ?? '', ...Object.keys(text)].find((l) => text[l] !== undefined);
  return own ? { lang: own } : {};
}

/** One element with attributes and children. */
export function el(
  tag: string,
  attrs: Readonly<Record<string, string | boolean>> = {},
  ...children: (Node | string)[]
): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false) continue;
    e.setAttribute(k, v === true ? '' : v);
  }
  e.append(...children);
  return e;
}

/** The contests of a ballot style, in the style's order. */
export function contestsOf(manifest: Manifest, style: string): ManifestContest[] {
  const st = manifest.ballotStyles.find((s) => s.label === style);
  return (st?.contests ?? []).map((l) => manifest.contests.find((c) => c.label === l)!).filter(Boolean);
}

/** A name for a ballot style: its districts' names (through the polling stations), or its label. */
export function styleName(manifest: Manifest, style: string, lang: string): string {
  const districts = new Set(
    manifest.pollingStations.filter((p) => p.ballotStyle === style).map((p) => p.district),
  );
  const names = manifest.districts
    .filter((d) => districts.has(d.label))
    .map((d) => localized(d.name, lang, manifest));
  return names.length > 0 ? names.join(', ') : style;
}

function contestFieldset(
  c: ManifestContest,
  i: number,
  manifest: Manifest,
  lang: string,
  t: Translate<VoterKey>,
): HTMLElement {
  const name = localized(c.name, lang, manifest);
  const hintId = `c${i}-hint`;
  const fs = el('fieldset', { 'data-contest': c.label, 'aria-describedby': hintId });
  fs.append(el('legend', otherLang(c.name, lang, manifest), name));
  const several = c.optionLimit > 1;
  const hint = several
    ? t('upToEach', { max: c.optionLimit, n: c.voteLimit })
    : c.voteLimit === 1
      ? t('chooseOne')
      : t('chooseUpTo', { n: c.voteLimit });
  fs.append(el('p', { id: hintId, class: 'help' }, hint));
  c.options.forEach((o, j) => {
    const id = `c${i}-o${j}`;
    const label = el(
      'label',
      { for: id, ...otherLang(o.name, lang, manifest) },
      localized(o.name, lang, manifest),
    );
    if (o.party) label.append(' ', el('span', { class: 'party' }, `(${o.party})`));
    const input = several
      ? el('input', {
          type: 'number',
          id,
          min: '0',
          max: String(c.optionLimit),
          value: '0',
          'data-option': o.label,
          inputmode: 'numeric',
        })
      : el('input', {
          type: c.voteLimit === 1 ? 'radio' : 'checkbox',
          id,
          name: `contest-${i}`,
          value: o.label,
          'data-option': o.label,
        });
    fs.append(el('div', { class: 'choice' }, ...(several ? [label, input] : [input, label])));
  });
  if (!several && c.voteLimit === 1) {
    const id = `c${i}-blank`;
    const input = el('input', { type: 'radio', id, name: `contest-${i}`, value: '' });
    fs.append(el('div', { class: 'choice' }, input, el('label', { for: id }, t('blank'))));
  }
  return fs;
}

function rankedFieldset(c: RankedContest, i: number, t: Translate<VoterKey>): HTMLElement {
  const hintId = `r${i}-hint`;
  const fs = el('fieldset', { 'data-ranked': c.id, 'aria-describedby': hintId });
  fs.append(el('legend', {}, t('rankedLegend', { name: isolate(c.id) })));
  fs.append(el('p', { id: hintId, class: 'help' }, t('rankHelp', { n: c.ranks })));
  for (let k = 1; k <= c.ranks; k++) {
    const id = `r${i}-p${k}`;
    const select = el(
      'select',
      { id, 'data-rank': String(k) },
      el('option', { value: '' }, t('rankNone')),
      ...c.candidates.map((name, j) => el('option', { value: String(j + 1) }, name)),
    );
    fs.append(el('div', { class: 'rank' }, el('label', { for: id }, t('rankPosition', { k })), select));
  }
  return fs;
}

/** Fills `container` with the contests of `style` and the manifest's ranked contests. */
export function renderContests(
  container: HTMLElement,
  manifest: Manifest,
  style: string,
  lang: string,
  t: Translate<VoterKey>,
): void {
  container.replaceChildren(
    ...contestsOf(manifest, style).map((c, i) => contestFieldset(c, i, manifest, lang, t)),
    ...(manifest.rankedContests ?? []).map((c, i) => rankedFieldset(c, i, t)),
  );
}

/** An error to show, and the control to move to. */
export interface FormError {
  readonly message: string;
  readonly control: HTMLElement;
}

/** The choices read from the form. */
export interface Choices {
  readonly ballot: PlaintextBallot;
  readonly rankings: Record<string, number[]>;
  readonly errors: FormError[];
}

/** Reads the choices of `style` from `container`, checking vote limits and rankings. */
export function readChoices(
  container: HTMLElement,
  manifest: Manifest,
  style: string,
  lang: string,
  t: Translate<VoterKey>,
): Choices {
  const votes: Record<string, Record<string, number>> = {};
  const errors: FormError[] = [];
  for (const fs of Array.from(container.querySelectorAll<HTMLFieldSetElement>('fieldset[data-contest]'))) {
    const c = manifest.contests.find((x) => x.label === fs.dataset.contest)!;
    const marks: Record<string, number> = {};
    let total = 0;
    let bad: HTMLElement | undefined;
    for (const input of Array.from(fs.querySelectorAll<HTMLInputElement>('input[data-option]'))) {
      const v = input.type === 'number' ? Number(input.value || '0') : input.checked ? 1 : 0;
      const ok = Number.isInteger(v) && v >= 0 && v <= c.optionLimit;
      input.setAttribute('aria-invalid', String(!ok));
      if (!ok) bad ??= input;
      if (ok && v > 0) {
        marks[input.dataset.option!] = v;
        total += v;
      }
    }
    if (bad || total > c.voteLimit) {
      errors.push({
        message: t('errTooMany', { contest: isolate(localized(c.name, lang, manifest)), n: c.voteLimit }),
        control: bad ?? fs.querySelector<HTMLElement>('input')!,
      });
    }
    votes[c.label] = marks;
  }
  const rankings: Record<string, number[]> = {};
  for (const fs of Array.from(container.querySelectorAll<HTMLFieldSetElement>('fieldset[data-ranked]'))) {
    const id = fs.dataset.ranked!;
    const selects = Array.from(fs.querySelectorAll<HTMLSelectElement>('select'));
    const picked = selects.map((s) => (s.value === '' ? 0 : Number(s.value)));
    const filled = picked.filter((x) => x > 0);
    const gap = picked.findIndex((x, k) => x > 0 && picked.slice(0, k).includes(0));
    const twice = picked.findIndex((x, k) => x > 0 && picked.indexOf(x) !== k);
    if (twice >= 0)
      errors.push({ message: t('errRankTwice', { contest: isolate(id) }), control: selects[twice]! });
    else if (gap >= 0)
      errors.push({ message: t('errRankGap', { contest: isolate(id) }), control: selects[gap]! });
    rankings[id] = filled;
  }
  return { ballot: { style, votes }, rankings, errors };
}
