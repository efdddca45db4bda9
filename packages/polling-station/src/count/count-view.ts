/**
 * The counting pages' HTML (spec/stations.md §5): the state of the count, the start form (with
 * the clock override), the scanner (webcam frames or image files, posted to the station which
 * reads the codes), the marks form of a hand-marked ballot, reconciliation and the sheet.
 * @module
 */
import type { Manifest, ManifestContest } from '@evident/e2e-crypto';
import {
  htmlMessage,
  languageSwitcher,
  ltr,
  translator,
  withLang,
  type Lang,
  type Translate,
} from '@evident/i18n';
import { localName } from '../ballots/ballot-pdf.js';
import { contestField } from '../bmd/bmd-marks.js';
import { page } from '../bmd/bmd-view.js';
import { esc } from '../bmd/html.js';
import { COUNT_CATALOG, type CountKey } from './count-strings.js';
import { stationWords } from '../ui/station-lang.js';

/** What the page shows. */
export interface CountView {
  readonly prefix: string;
  readonly csrf: string;
  readonly worker: string;
  readonly started: string | null;
  readonly finished: string | null;
  readonly countingStart: string;
  readonly timeZone: string;
  readonly counted: { bmd: number; handMarked: number };
  readonly checkIns: number;
  readonly rejected: Readonly<Record<string, number>>;
  /** the contests of a scanned hand-marked ballot waiting for marks */
  readonly pending: readonly ManifestContest[] | null;
  readonly sheets: readonly { sequence: number; sheetHash: string }[];
  readonly message: string | null;
  /** the page's language (names from the manifest in it when it has them) */
  readonly lang: Lang;
  readonly manifest: Manifest;
  /** the station UI's navigation (its other pages and sign-out), when served inside it */
  readonly nav?: readonly {
    readonly href: string;
    readonly label: string;
    readonly labels?: Readonly<Partial<Record<Lang, string>>>;
  }[];
}

const words = new Map<Lang, Translate<CountKey>>();
function countWords(lang: Lang): Translate<CountKey> {
  let t = words.get(lang);
  if (!t) words.set(lang, (t = translator(COUNT_CATALOG, lang)));
  return t;
}

function form(v: CountView, action: string, body: string, button: string): string {
  return `<form method="post" action="${esc(`${v.prefix}/${action}`)}"><input type="hidden" name="csrf" value="${esc(v.csrf)}">${body}<button type="submit">${esc(button)}</button></form>`;
}

function startForm(v: CountView): string {
  const t = countWords(v.lang);
  return `<h2>${esc(t('startHeading'))}</h2>
<p>${esc(t('startsAt', { at: ltr(v.countingStart), zone: ltr(v.timeZone) }))}</p>
${form(v, 'start', '', t('start'))}
<details><summary>${esc(t('overrideSummary'))}</summary>
<p>${esc(t('overrideHelp'))}</p>
${form(
  v,
  'start',
  `<label>${esc(t('reason'))} <input name="reason" required></label>
<label>${esc(t('second'))} <input name="second" required autocomplete="off"></label>
<label>${esc(t('secondPin'))} <input name="secondPin" type="password" required autocomplete="off"></label>`,
  t('startOverride'),
)}</details>`;
}

/** The scanner's script (served as a file: the pages allow no inline script). */
export const SCANNER_JS = `
const box = document.getElementById('scanner');
const out = document.getElementById('scan-result');
const video = document.getElementById('video');
const frameUrl = box.dataset.frameUrl;
const csrf = box.dataset.csrf;
let busy = false;
// the page's words, in its language, are in the scanner's data attributes
const words = box.dataset;
function say(results) {
  return results
    .map((x) => x.status === 'rejected' ? words.refused + ' (' + x.reason + '): ' + x.message
      : x.status === 'counted' ? words.counted
      : x.status === 'marks-needed' ? words.marks : x.message)
    .join('; ');
}
function set(id, n) {
  const el = document.getElementById(id);
  if (el) el.textContent = String(n);
}
// the counts beside the scanner follow each answer
function show(a) {
  if (a.counted) { set('counted-bmd', a.counted.bmd); set('counted-hand', a.counted.handMarked); }
  for (const [reason, n] of Object.entries(a.rejected || {})) set('rejected-' + reason, n);
}
async function send(blob, source) {
  const headers = { 'content-type': blob.type || 'application/octet-stream', 'x-csrf-token': csrf, 'x-scan-source': source };
  const r = await fetch(frameUrl, { method: 'POST', body: blob, headers });
  const a = await r.json();
  if (!r.ok) { out.textContent = a.message; return true; }
  show(a);
  if (a.results.length === 0) return false;
  out.textContent = say(a.results);
  if (a.results.some((x) => x.status === 'marks-needed')) location.reload();
  return true;
}
document.getElementById('files').addEventListener('change', async (e) => {
  for (const f of e.target.files) if (!(await send(f, 'file'))) out.textContent = f.name + ': ' + words.noCode;
});
document.getElementById('camera').addEventListener('click', async () => {
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment', width: 1280, height: 720 } });
  } catch (e) {
    // no camera, or its use refused: say so (the image files still work)
    out.textContent = words.noCamera + ' (' + (e && e.message ? e.message : String(e)) + ')';
    return;
  }
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  const canvas = document.createElement('canvas');
  setInterval(() => {
    if (busy || !video.videoWidth) return;
    busy = true;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d').drawImage(video, 0, 0);
    // the station scans a code once while it stays in view; after an answer, time to read it
    canvas.toBlob(async (b) => {
      const read = await send(b, 'camera').catch(() => false);
      setTimeout(() => { busy = false; }, read ? 1000 : 300);
    }, 'image/jpeg', 0.9);
  }, 400);
});
`;

function scanner(v: CountView): string {
  const t = countWords(v.lang);
  const data = (k: string, key: CountKey) => ` data-${k}="${esc(t(key))}"`;
  return `<h2>${esc(t('scanHeading'))}</h2>
<p>${esc(t('scanHelp'))}</p>
<p><button type="button" id="camera">${esc(t('camera'))}</button> <label>${esc(t('images'))} <input type="file" id="files" accept="image/png,image/jpeg" multiple></label></p>
<video id="video" muted playsinline width="480" aria-hidden="true" hidden></video>
<p id="scan-result" role="status" aria-live="polite"></p>
<div id="scanner" data-frame-url="${esc(`${v.prefix}/frame`)}" data-csrf="${esc(v.csrf)}"${data('counted', 'scanCounted')}${data('marks', 'scanMarks')}${data('refused', 'scanRefused')}${data('no-code', 'scanNoCode')}${data('no-camera', 'scanNoCamera')}></div>
<script src="${esc(`${v.prefix}/scanner.js`)}"></script>`;
}

function marksForm(v: CountView, contests: readonly ManifestContest[]): string {
  const t = countWords(v.lang);
  const sets = contests
    .map((c) => {
      const boxes = c.options
        .map((o, i) => {
          const id = `${contestField(c.label)}:${i}`;
          return `<label for="${esc(id)}"><input type="checkbox" id="${esc(id)}" name="${esc(contestField(c.label))}" value="${esc(o.label)}">${esc(localName(o.name, v.lang, v.manifest))}</label>`;
        })
        .join('');
      return `<fieldset><legend>${esc(t('limit', { name: localName(c.name, v.lang, v.manifest), n: c.voteLimit }))}</legend>${boxes}</fieldset>`;
    })
    .join('');
  return `<h2>${esc(t('marksHeading'))}</h2><p>${esc(t('marksHelp'))}</p>${form(v, 'marks', sets, t('countBallot'))}`;
}

/** The station UI's navigation bar and sign-out, as on its other pages (none outside it). */
function navBar(v: CountView): string {
  const s = stationWords(v.lang);
  const switcher = languageSwitcher(v.lang, s('languages'), (l) => withLang(v.prefix, l));
  if (!v.nav) return `<header>${switcher}</header>`;
  const links = v.nav
    .map((l) => `<li><a href="${esc(l.href)}">${esc(l.labels?.[v.lang] ?? l.label)}</a></li>`)
    .join('');
  return `<header>${switcher}<nav aria-label="${esc(s('stationNav'))}"><ul>${links}<li><form method="post" action="/sign-out"><input type="hidden" name="csrf" value="${esc(v.csrf)}"><button type="submit">${esc(s('signOut', { worker: v.worker }))}</button></form></li></ul></nav></header>`;
}

/** The counting page. */
export function countPage(v: CountView): string {
  const t = countWords(v.lang);
  const rej = Object.entries(v.rejected)
    .map(([r, n]) => `<li>${esc(r)}: <span id="rejected-${esc(r)}">${n}</span></li>`)
    .join('');
  const state = `<p>${esc(t('state', { worker: v.worker, started: v.started ? ltr(v.started) : t('notYet'), finished: v.finished ? ltr(v.finished) : t('no') }))}</p>
<p>${htmlMessage(t, 'counted', { checkIns: v.checkIns }, { bmd: `<span id="counted-bmd">${v.counted.bmd}</span>`, hand: `<span id="counted-hand">${v.counted.handMarked}</span>` })}</p><ul aria-label="${esc(t('refusedScans'))}">${rej}</ul>`;
  let body = '';
  if (!v.started) body = startForm(v);
  else if (!v.finished && v.pending) body = marksForm(v, v.pending);
  else if (!v.finished)
    body = `${scanner(v)}<h2>${esc(t('endHeading'))}</h2>${form(v, 'finish', `<label>${esc(t('explain'))} <input name="explain"></label>`, t('end'))}`;
  else {
    const sheets = v.sheets
      .map((s) => `<li>${esc(t('sheet', { n: s.sequence }))} <code dir="ltr">${esc(s.sheetHash)}</code></li>`)
      .join('');
    body = `<h2>${esc(t('sheetHeading'))}</h2><ul>${sheets}</ul>${
      v.sheets.length === 0
        ? form(v, 'sheet', '', t('sign'))
        : form(
            v,
            'sheet',
            `<label>${esc(t('correctionReason'))} <input name="reason" required></label>`,
            t('signCorrected'),
          )
    }${form(v, 'reopen', `<label>${esc(t('reason'))} <input name="reason" required></label>`, t('reopen'))}`;
  }
  const alert = `<div role="alert" aria-live="assertive">${v.message ? `<p class="alert" tabindex="-1" autofocus>${esc(v.message)}</p>` : ''}</div>`;
  const d = { lang: v.lang, large: false, contrast: false };
  return page(t('title'), d, `${navBar(v)}<main><h1>${esc(t('title'))}</h1>${alert}${state}${body}</main>`);
}
