/**
 * The marking device's HTML (spec/stations.md §3.2): native radio buttons and checkboxes in
 * fieldsets with legends, labels on every input, errors in an `aria-live` alert, names marked
 * with their language, large-text and high-contrast displays, no time limit and no script
 * needed. State lives only in the page's form, never on the station.
 * @module
 */
import type { Manifest, ManifestContest } from '@evident/e2e-crypto';
import type { TokenChoice } from '@evident/record';
import { localName } from '../ballots/ballot-pdf.js';
import { type MarkProblem, contestField } from './bmd-marks.js';
import { esc } from './html.js';

/** How the voter wants the page shown. */
export interface Display {
  readonly lang: string;
  readonly large: boolean;
  readonly contrast: boolean;
}

/** The page around the content. */
export function page(title: string, d: Display, body: string): string {
  const cls = [d.large ? 'large' : '', d.contrast ? 'contrast' : ''].join(' ').trim();
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,sans-serif;font-size:1.15rem;line-height:1.5;max-width:48rem;margin:1rem auto;padding:0 1rem;background:#fff;color:#111}
body.large{font-size:1.8rem} body.contrast{background:#000;color:#ff0} body.contrast a,body.contrast button{color:#ff0;background:#000;border-color:#ff0}
fieldset{margin:1rem 0;padding:.75rem 1rem;border:2px solid currentColor} legend{font-weight:bold;padding:0 .3rem}
label{display:block;padding:.35rem 0;cursor:pointer} input[type=radio],input[type=checkbox]{width:1.4em;height:1.4em;vertical-align:middle;margin-right:.6em}
button{font-size:1em;padding:.5em 1em;margin:.3em .3em .3em 0;border:2px solid #111;border-radius:.3em;background:#eee;color:#111;cursor:pointer}
:focus{outline:4px solid #06f;outline-offset:2px} body.contrast :focus{outline-color:#0ff}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;align-items:center;padding:0} nav form{margin:0}
.alert{border:3px solid #b00;padding:.5rem 1rem} .hint{font-size:.9em} .invalid{border-color:#b00}
@media print{.noprint{display:none} body{background:#fff;color:#000}}
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

/** The display toggles, as buttons of the same form (the marks so far are kept). */
function toggles(m: Manifest, d: Display): string {
  const langs = m.languages
    .filter((l) => l !== d.lang)
    .map(
      (l) => `<button type="submit" name="action" value="lang:${esc(l)}" lang="${esc(l)}">${esc(l)}</button>`,
    )
    .join('');
  return `<div class="noprint" role="group" aria-label="Display">
<button type="submit" name="action" value="large" aria-pressed="${d.large}">Large text</button>
<button type="submit" name="action" value="contrast" aria-pressed="${d.contrast}">High contrast</button>
${langs ? `<span>Language of names: ${langs}</span>` : ''}</div>`;
}

function alertBox(problems: readonly MarkProblem[], names: Map<string, string>, d: Display): string {
  if (problems.length === 0) return '<div role="alert" aria-live="assertive"></div>';
  const items = problems
    .map(
      (p) =>
        `<li><a href="#${esc(contestField(p.contest))}"><span lang="${esc(d.lang)}">${esc(names.get(p.contest) ?? p.contest)}</span></a>: ${esc(p.message)}</li>`,
    )
    .join('');
  return `<div class="alert" role="alert" aria-live="assertive" tabindex="-1" id="problems" autofocus><p>Please correct your ballot:</p><ul>${items}</ul></div>`;
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
  const hint = c.voteLimit === 1 ? 'Choose one, or none.' : `Choose up to ${c.voteLimit}, or none.`;
  const options = c.options
    .map((o, i) => {
      const id = `${field}:${i}`;
      const checked = chosen.includes(o.label) ? ' checked' : '';
      const party = o.party ? ` (${esc(o.party)})` : '';
      return `<label for="${esc(id)}"><input type="${type}" id="${esc(id)}" name="${esc(field)}" value="${esc(o.label)}"${checked}><span lang="${esc(d.lang)}">${esc(localName(o.name, d.lang, m))}</span>${party}</label>`;
    })
    .join('\n');
  const err = problem ? `<p id="${esc(errId)}" class="alert">${esc(problem.message)}</p>` : '';
  const described = problem ? `${hintId} ${errId}` : hintId;
  return `<fieldset id="${esc(field)}" aria-describedby="${esc(described)}"${problem ? ' class="invalid" aria-invalid="true"' : ''}>
<legend><span lang="${esc(d.lang)}">${esc(localName(c.name, d.lang, m))}</span></legend>
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
  const names = new Map(contests.map((c) => [c.label, localName(c.name, d.lang, m)] as const));
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
    'Mark your ballot',
    d,
    `<main><h1>Mark your ballot</h1>
<p><span lang="${esc(d.lang)}">${esc(localName(m.name, d.lang, m))}</span>. Take all the time you need. Use Tab to move, Space to mark; nothing is kept on this machine.</p>
<form method="post" action="${esc(action)}">${displayFields(d)}
${toggles(m, d)}
${alertBox(problems, names, d)}
${sets}
<button type="submit" name="action" value="review">Review my choices</button>
</form></main>`,
  );
}

function choicesInWords(
  m: Manifest,
  contests: readonly ManifestContest[],
  d: Display,
  choices: readonly TokenChoice[],
): string {
  return contests
    .map((c) => {
      const sel = choices.find((x) => x.contest === c.label)?.selected ?? [];
      const words = sel.map((l) => localName(c.options.find((o) => o.label === l)!.name, d.lang, m));
      const list =
        words.length > 0
          ? words.map((w) => `<li lang="${esc(d.lang)}">${esc(w)}</li>`).join('')
          : '<li>No choice (blank)</li>';
      return `<h2 lang="${esc(d.lang)}">${esc(localName(c.name, d.lang, m))}</h2><ul>${list}</ul>`;
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
  return page(
    'Review your ballot',
    d,
    `<main><h1 tabindex="-1">Review your ballot</h1>
<p>These are your choices. Change them, or print your ballot and put it in the ballot box.</p>
${choicesInWords(m, contests, d, choices)}
<form method="post" action="${esc(action)}">${displayFields(d)}${hidden}
<button type="submit" name="action" value="change">Change my choices</button>
<button type="submit" name="action" value="print">Print my ballot</button>
<button type="submit" name="action" value="print-pdf">Print my ballot (PDF)</button>
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
  return page(
    'Your printed ballot',
    d,
    `<main><h1>Your ballot</h1>
<p class="noprint" role="status">Your ballot is ready: print it, check the choices in words, and put it in the ballot box. Nothing was kept on this machine.</p>
<p class="noprint"><button type="button" id="print">Print</button> <a href="${esc(newBallot)}">Done: next voter</a></p>
${choicesInWords(m, contests, d, choices)}
<p><img src="data:image/png;base64,${qrPngBase64}" alt="Ballot code: carries the choices above, signed by this station" width="240" height="240"></p>
</main><script src="${esc(script)}"></script>`,
  );
}
