/**
 * The ballot tracker page's script (spec/tracker.md §6), bundled by tracker/tracker-bundle.ts.
 * On submit: reads the receipt file if one was chosen, checks the input, then runs the whole
 * check (tracker-check.ts) with the page's fetch, and puts the verdict in the live region.
 * `data-verdict` on the region and on the document says which verdict, for tests.
 * @module
 */
import { trackBallot, trackInput, type Get } from '../tracker-check.js';
import { isLang, translator } from '@evident/i18n';
import { TRACKER_CATALOG } from '../tracker-strings.js';
import { outcomeVerdict, usageVerdict, type Verdict } from '../tracker-view.js';

const root = document.documentElement;
const t = translator(TRACKER_CATALOG, isLang(root.lang) ? root.lang : 'en');
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const electionId = $('main').dataset.election ?? '';

const get: Get = async (path) => {
  const r = await fetch(path, { headers: { accept: 'application/json' }, cache: 'no-store' });
  let json: unknown;
  try {
    json = await r.json();
  } catch {
    json = undefined;
  }
  return { status: r.status, json };
};

function show(v: Verdict | undefined, busy = false): void {
  const region = $('verdict');
  region.replaceChildren(
    ...(v?.lines ?? (busy ? [t('checking')] : [])).map((line) => {
      const p = document.createElement('p');
      p.textContent = line;
      return p;
    }),
  );
  region.dataset.verdict = v?.verdict ?? (busy ? 'checking' : '');
  root.dataset.verdict = region.dataset.verdict;
}

async function check(): Promise<void> {
  const file = $<HTMLInputElement>('receipt').files?.[0];
  const receiptText = file ? await file.text() : undefined;
  const input = trackInput(
    electionId,
    $<HTMLInputElement>('code').value,
    $<HTMLInputElement>('key').value,
    receiptText,
  );
  $('code').removeAttribute('aria-invalid');
  $('key').removeAttribute('aria-invalid');
  if ('usage' in input) {
    if (input.usage === 'code' || input.usage === 'code-differs')
      $('code').setAttribute('aria-invalid', 'true');
    if (input.usage === 'key' || input.usage === 'key-differs') $('key').setAttribute('aria-invalid', 'true');
    show(usageVerdict(input, t));
    return;
  }
  show(undefined, true);
  show(outcomeVerdict(await trackBallot(get, electionId, input.code, input.key, input.receipt), t));
}

$<HTMLFormElement>('track-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const button = $<HTMLButtonElement>('check');
  button.disabled = true;
  check()
    .catch(() => show({ verdict: 'unreachable', lines: [t('unreachable')] }))
    .finally(() => {
      button.disabled = false;
    });
});
root.dataset.ready = 'true';
