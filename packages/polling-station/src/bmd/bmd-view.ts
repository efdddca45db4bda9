/**
 * The marking device's HTML (spec/stations.md §3.2): native radio buttons and checkboxes in
 * fieldsets with legends, labels on every input, errors in an `aria-live` alert, names marked
 * with their language, large-text and high-contrast displays, no time limit and no script
 * needed. State lives only in the page's form, never on the station.
 * @module
 */
import type { Manifest, ManifestContest } from '@evident/e2e-crypto';
import {
  htmlLangAttrs,
  languageButtons,
  SWITCHER_CSS,
  translator,
  type Lang,
  type Translate,
} from '@evident/i18n';
import type { TokenChoice } from '@evident/record';
import { localName } from '../ballots/ballot-pdf.js';
import { type MarkProblem, contestField } from './bmd-marks.js';
import { BMD_CATALOG, type BmdKey } from './bmd-strings.js';
import { esc } from './html.js';

/** How the voter wants the page shown. */
export interface Display {
  /** the page's language; names from the manifest in it when the manifest has it */
  readonly lang: Lang;
  readonly large: boolean;
  readonly contrast: boolean;
}

/** The page around the content. */
export function page(title: string, d: Display, body: string): string {
  const cls = [d.large ? 'large' : '', d.contrast ? 'contrast' : ''].join(' ').trim();
  return `<!doctype html>
<html ${htmlLangAttrs(d.lang)}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,sans-serif;font-size:1.15rem;line-height:1.5;max-width:48rem;margin:1rem auto;padding:0 1rem;background:#fff;color:#111}
body.large{font-size:1.8rem} body.contrast{background:#000;color:#ff0} body.contrast a,body.contrast button{color:#ff0;background:#000;border-color:#ff0}
fieldset{margin:1rem 0;padding:.75rem 1rem;border:2px solid currentColor} legend{font-weight:bold;padding:0 .3rem}
label{display:block;padding:.35rem 0;cursor:pointer} input[type=radio],input[type=checkbox]{width:1.4em;height:1.4em;vertical-align:middle;margin-inline-end:.6em}
button{font-size:1em;padding:.5em 1em;margin-block:.3em;margin-inline:0 .3em;border:2px solid #111;border-radius:.3em;background:#eee;color:#111;cursor:pointer}
:focus{outline:4px solid #06f;outline-offset:2px} body.contrast :focus{outline-color:#0ff}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;align-items:center;padding:0} nav form{margin:0}
.alert{border:3px solid #b00;padding:.5rem 1rem} .hint{font-size:.9em} .invalid{border-color:#b00}
@media print{.noprint{display:none} body{background:#fff;color:#000}}${SWITCHER_CSS}
</style></head>
<body class="${cls}">${body}</body></html>`;
}

/** Hidden fields carrying the display choices. */
function displayFields(d: Display): string {
  return (
    `<input type="hidden" name="lang" value="${esc(d.lang)}">` +
    `<input type="hidden" name="large" value="${d.large ? '1' : ''}">` +
    `<input type="hidden" name="contrast" value="${d.contrast ? '1' : ''}">`
  );
}

const words = new Map<Lang, Translate<BmdKey>>();
/** The device's words in `lang`. */
export function bmdWords(lang: Lang): Translate<BmdKey> {
  let t = words.get(lang);
  if (!t) words.set(lang, (t = translator(BMD_CATALOG, lang)));
  return t;
}

/** The language a manifest name is shown in: the page's, else the manifest's first. */
const nameLang = (names: Readonly<Record<string, string>>, d: Display, m: Manifest): string =>
  names[d.lang] !== undefined ? d.lang : (m.languages[0] ?? d.lang);

/** A manifest name in a span marked with its own language. */
const named = (names: Readonly<Record<string, string>>, d: Display, m: Manifest): string =>
  `<span lang="${esc(nameLang(names, d, m))}">${esc(localName(names, d.lang, m))}</span>`;

/** The display toggles and the language switcher, as buttons of the same form (the marks so far are kept). */
function toggles(d: Display): string {
  const t = bmdWords(d.lang);
  return `<div class="noprint" role="group" aria-label="${esc(t('display'))}">
<button type="submit" name="action" value="large" aria-pressed="${d.large}">${esc(t('large'))}</button>
<button type="submit" name="action" value="contrast" aria-pressed="${d.contrast}">${esc(t('contrast'))}</button></div>
<div class="noprint">${languageButtons(d.lang, t('languages'), 'action', (l) => `lang:${l}`)}</div>`;
}

function problemText(p: MarkProblem, t: Translate<BmdKey>): string {
  return p.kind === 'too-many' ? t('tooMany', { chosen: p.chosen, limit: p.limit }) : t('unknownOption');
}

function alertBox(problems: readonly MarkProblem[], m: Manifest, d: Display): string {
  if (problems.length === 0) return '<div role="alert" aria-live="assertive"></div>';
  const t = bmdWords(d.lang);
  const items = problems
    .map((p) => {
      const c = m.contests.find((x) => x.label === p.contest);
      const name = c ? named(c.name, d, m) : esc(p.contest);
      return `<li><a href="#${esc(contestField(p.contest))}">${name}</a>: ${esc(problemText(p, t))}</li>`;
    })
    .join('');
  return `<div class="alert" role="alert" aria-live="assertive" tabindex="-1" id="problems" autofocus><p>${esc(t('correct'))}</p><ul>${items}</ul></div>`;
}

function fieldset(
  c: ManifestContest,
  m: Manifest,
  d: Display,
  chosen: readonly string[],
  problem: MarkProblem | undefined,
): string {
  const type = c.voteLimit === 1 ? 'radio' : 'checkbox';
  const field = contestField(c.label);
  const hintId = `${field}:hint`;
  const errId = `${field}:error`;
  const t = bmdWords(d.lang);
  const hint = c.voteLimit === 1 ? t('chooseOne') : t('chooseUpTo', { n: c.voteLimit });
  const options = c.options
    .map((o, i) => {
      const id = `${field}:${i}`;
      const checked = chosen.includes(o.label) ? ' checked' : '';
      const party = o.party ? ` (${esc(o.party)})` : '';
      return `<label for="${esc(id)}"><input type="${type}" id="${esc(id)}" name="${esc(field)}" value="${esc(o.label)}"${checked}>${named(o.name, d, m)}${party}</label>`;
    })
    .join('\n');
  const err = problem ? `<p id="${esc(errId)}" class="alert">${esc(problemText(problem, t))}</p>` : '';
  const described = problem ? `${hintId} ${errId}` : hintId;
  return `<fieldset id="${esc(field)}" aria-describedby="${esc(described)}"${problem ? ' class="invalid" aria-invalid="true"' : ''}>
<legend>${named(c.name, d, m)}</legend>
<p class="hint" id="${esc(hintId)}">${esc(hint)}</p>${err}
${options}
</fieldset>`;
}

/** The marking page. */
export function markPage(
  m: Manifest,
  contests: readonly ManifestContest[],
  d: Display,
  choices: readonly TokenChoice[],
  problems: readonly MarkProblem[],
  action: string,
): string {
  const t = bmdWords(d.lang);
  const sets = contests
    .map((c) =>
      fieldset(
        c,
        m,
        d,
        choices.find((x) => x.contest === c.label)?.selected ?? [],
        problems.find((p) => p.contest === c.label),
      ),
    )
    .join('\n');
  return page(
    t('markTitle'),
    d,
    `<main><h1>${esc(t('markTitle'))}</h1>
<p>${named(m.name, d, m)}</p>
<p>${esc(t('markIntro'))}</p>
<form method="post" action="${esc(action)}">${displayFields(d)}
${toggles(d)}
${alertBox(problems, m, d)}
${sets}
<button type="submit" name="action" value="review">${esc(t('review'))}</button>
</form></main>`,
  );
}

function choicesInWords(
  m: Manifest,
  contests: readonly ManifestContest[],
  d: Display,
  choices: readonly TokenChoice[],
): string {
  const t = bmdWords(d.lang);
  return contests
    .map((c) => {
      const sel = choices.find((x) => x.contest === c.label)?.selected ?? [];
      const names = sel.map((l) => c.options.find((o) => o.label === l)!.name);
      const list =
        names.length > 0
          ? names
              .map((n) => `<li lang="${esc(nameLang(n, d, m))}">${esc(localName(n, d.lang, m))}</li>`)
              .join('')
          : `<li>${esc(t('blank'))}</li>`;
      return `<h2 lang="${esc(nameLang(c.name, d, m))}">${esc(localName(c.name, d.lang, m))}</h2><ul>${list}</ul>`;
    })
    .join('\n');
}

/** The review page: the choices in words, change or print. */
export function reviewPage(
  m: Manifest,
  contests: readonly ManifestContest[],
  d: Display,
  choices: readonly TokenChoice[],
  action: string,
): string {
  const hidden = choices
    .flatMap((c) =>
      c.selected.map((l) => `<input type="hidden" name="${esc(contestField(c.contest))}" value="${esc(l)}">`),
    )
    .join('');
  const t = bmdWords(d.lang);
  return page(
    t('reviewTitle'),
    d,
    `<main><h1 tabindex="-1">${esc(t('reviewTitle'))}</h1>
<p>${esc(t('reviewIntro'))}</p>
${choicesInWords(m, contests, d, choices)}
<form method="post" action="${esc(action)}">${displayFields(d)}${hidden}
<button type="submit" name="action" value="change">${esc(t('change'))}</button>
<button type="submit" name="action" value="print">${esc(t('print'))}</button>
<button type="submit" name="action" value="print-pdf">${esc(t('printPdf'))}</button>
</form></main>`,
  );
}

/** The printed ballot: the choices in words and the QR code carrying them. */
export function printedPage(
  m: Manifest,
  contests: readonly ManifestContest[],
  d: Display,
  choices: readonly TokenChoice[],
  qrPngBase64: string,
  newBallot: string,
  script: string,
): string {
  const t = bmdWords(d.lang);
  return page(
    t('printedTitle'),
    d,
    `<main><h1>${esc(t('printedHeading'))}</h1>
<p class="noprint" role="status">${esc(t('printedIntro'))}</p>
<p class="noprint"><button type="button" id="print">${esc(t('printNow'))}</button> <a href="${esc(newBallot)}">${esc(t('next'))}</a></p>
${choicesInWords(m, contests, d, choices)}
<p><img src="data:image/png;base64,${qrPngBase64}" alt="${esc(t('qrAlt'))}" width="240" height="240"></p>
</main><script src="${esc(script)}"></script>`,
  );
}
