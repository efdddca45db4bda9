/**
 * The counting pages' HTML (spec/stations.md §5): the state of the count, the start form (with
 * the clock override), the scanner (webcam frames or image files, posted to the station which
 * reads the codes), the marks form of a hand-marked ballot, reconciliation and the sheet.
 * @module
 */
import type { Manifest, ManifestContest } from '@evident/e2e-crypto';
import { localName } from '../ballots/ballot-pdf.js';
import { contestField } from '../bmd/bmd-marks.js';
import { page } from '../bmd/bmd-view.js';
import { esc } from '../bmd/html.js';

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
  readonly lang: string;
  readonly manifest: Manifest;
  /** the station UI's navigation (its other pages and sign-out), when served inside it */
  readonly nav?: readonly { readonly href: string; readonly label: string }[];
}

// the counting pages' words are English only so far: the page says so with lang="en"
const D = { lang: 'en', large: false, contrast: false } as const;

function form(v: CountView, action: string, body: string, button: string): string {
  return `<form method="post" action="${esc(`${v.prefix}/${action}`)}"><input type="hidden" name="csrf" value="${esc(v.csrf)}">${body}<button type="submit">${esc(button)}</button></form>`;
}

function startForm(v: CountView): string {
  return `<h2>Start counting</h2>
<p>Counting starts at ${esc(v.countingStart)} (${esc(v.timeZone)}), by the station clock corrected against the server’s.</p>
${form(v, 'start', '', 'Start counting')}
<details><summary>The station never reached the server: override the clock check</summary>
<p>Two poll workers decide together, with a reason; the sheet records it. Counting then waits 2 minutes more on the station clock.</p>
${form(
  v,
  'start',
  `<label>Reason <input name="reason" required></label>
<label>Second poll worker <input name="second" required autocomplete="off"></label>
<label>Their PIN or passphrase <input name="secondPin" type="password" required autocomplete="off"></label>`,
  'Start with the override',
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
function say(results) {
  return results
    .map((x) => x.status === 'rejected' ? 'REFUSED (' + x.reason + '): ' + x.message
      : x.status === 'counted' ? 'Counted (ballot-marking device)'
      : x.status === 'marks-needed' ? 'Hand-marked ballot: enter its marks' : x.message)
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
  for (const f of e.target.files) if (!(await send(f, 'file'))) out.textContent = f.name + ': no QR code found; photograph it again';
});
document.getElementById('camera').addEventListener('click', async () => {
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment', width: 1280, height: 720 } });
  } catch (e) {
    // no camera, or its use refused: say so (the image files still work)
    out.textContent = 'No camera: ' + (e && e.message ? e.message : String(e)) + '; choose ballot images instead';
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
  return `<h2>Scan ballots</h2>
<p>One ballot at a time in front of the camera; set it aside after the answer. Or choose photos of ballots.</p>
<p><button type="button" id="camera">Use the camera</button> <label>Ballot images <input type="file" id="files" accept="image/png,image/jpeg" multiple></label></p>
<video id="video" muted playsinline width="480" aria-hidden="true" hidden></video>
<p id="scan-result" role="status" aria-live="polite"></p>
<div id="scanner" data-frame-url="${esc(`${v.prefix}/frame`)}" data-csrf="${esc(v.csrf)}"></div>
<script src="${esc(`${v.prefix}/scanner.js`)}"></script>`;
}

function marksForm(v: CountView, contests: readonly ManifestContest[]): string {
  const sets = contests
    .map((c) => {
      const boxes = c.options
        .map((o, i) => {
          const id = `${contestField(c.label)}:${i}`;
          return `<label for="${esc(id)}"><input type="checkbox" id="${esc(id)}" name="${esc(contestField(c.label))}" value="${esc(o.label)}">${esc(localName(o.name, v.lang, v.manifest))}</label>`;
        })
        .join('');
      return `<fieldset><legend>${esc(localName(c.name, v.lang, v.manifest))} (limit ${c.voteLimit})</legend>${boxes}</fieldset>`;
    })
    .join('');
  return `<h2>Marks of the hand-marked ballot just scanned</h2><p>Tick exactly what the voter marked (more than the limit is an overvote); none for a blank.</p>${form(v, 'marks', sets, 'Count this ballot')}`;
}

/** The station UI's navigation bar and sign-out, as on its other pages (none outside it). */
function navBar(v: CountView): string {
  if (!v.nav) return '';
  const links = v.nav.map((l) => `<li><a href="${esc(l.href)}">${esc(l.label)}</a></li>`).join('');
  return `<header><nav aria-label="Station"><ul>${links}<li><form method="post" action="/sign-out"><input type="hidden" name="csrf" value="${esc(v.csrf)}"><button type="submit">Sign out ${esc(v.worker)}</button></form></li></ul></nav></header>`;
}

/** The counting page. */
export function countPage(v: CountView): string {
  const rej = Object.entries(v.rejected)
    .map(([r, n]) => `<li>${esc(r)}: <span id="rejected-${esc(r)}">${n}</span></li>`)
    .join('');
  const state = `<p>Signed in: ${esc(v.worker)}. Started: ${esc(v.started ?? 'not yet')}. Finished: ${esc(v.finished ?? 'no')}.</p>
<p>Ballots counted: <span id="counted-bmd">${v.counted.bmd}</span> from the ballot-marking device, <span id="counted-hand">${v.counted.handMarked}</span> hand-marked; voters checked in: ${v.checkIns}.</p><ul aria-label="Refused scans">${rej}</ul>`;
  let body = '';
  if (!v.started) body = startForm(v);
  else if (!v.finished && v.pending) body = marksForm(v, v.pending);
  else if (!v.finished)
    body = `${scanner(v)}<h2>End counting</h2>${form(v, 'finish', '<label>If ballots counted differ from voters checked in, why <input name="explain"></label>', 'End counting')}`;
  else {
    const sheets = v.sheets
      .map((s) => `<li>Sheet ${s.sequence}: <code>${esc(s.sheetHash)}</code></li>`)
      .join('');
    body = `<h2>Tally sheet</h2><ul>${sheets}</ul>${
      v.sheets.length === 0
        ? form(v, 'sheet', '', 'Sign the tally sheet')
        : form(
            v,
            'sheet',
            '<label>Reason for the correction <input name="reason" required></label>',
            'Sign a corrected sheet',
          )
    }${form(v, 'reopen', '<label>Reason <input name="reason" required></label>', 'Reopen counting')}`;
  }
  const alert = `<div role="alert" aria-live="assertive">${v.message ? `<p class="alert" tabindex="-1" autofocus>${esc(v.message)}</p>` : ''}</div>`;
  return page('Counting', D, `${navBar(v)}<main><h1>Counting</h1>${alert}${state}${body}</main>`);
}
