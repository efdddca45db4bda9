/**
 * The ballot tracker page's script (spec/tracker.md §6), bundled by tracker/tracker-bundle.ts.
 * On submit: reads the receipt file and the kept head files if chosen, checks the input, then
 * runs the light check (tracker-check.ts) with the page's fetch, and puts the verdict in the
 * live region. `data-verdict` and `data-state` on the region and on the document say which
 * verdict and which ballot state, for tests.
 * @module
 */
import { isLang, translator } from '@evident/i18n';
import type { SignedTreeHead } from '@evident/e2e-crypto';
import { trackBallot, trackInput, type Get } from '../tracker-check.js';
import { TRACKER_STATE_STRINGS } from '../tracker-state-strings.js';
import { TRACKER_CATALOG } from '../tracker-strings.js';
import { outcomeVerdict, usageVerdict, type Verdict } from '../tracker-view.js';

const root = document.documentElement;
const lang = isLang(root.lang) ? root.lang : 'en';
const t = translator(TRACKER_CATALOG, lang);
const s = translator(TRACKER_STATE_STRINGS, lang);
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const electionId = $('main').dataset.election ?? '';

/**
 * When the log is shown not to extend a head the voter holds: every head the voter gave is sent
 * to the server's tree-head check (spec/server-api.md §6.4), whose monitoring alerts the officials
 * for a head its key signed and its log does not extend. Best effort: the answer changes nothing
 * on the page — the verdict is the page's own check, and a lying server could answer anything.
 */
function reportHeads(heads: readonly SignedTreeHead[]): void {
  for (const treeHead of heads)
    void fetch(`/elections/${encodeURIComponent(electionId)}/tree-heads/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ treeHead }),
    }).catch(() => undefined);
}

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
  region.dataset.state = v?.state ?? '';
  root.dataset.verdict = region.dataset.verdict;
  root.dataset.state = region.dataset.state;
}

async function check(): Promise<void> {
  const file = $<HTMLInputElement>('receipt').files?.[0];
  const receiptText = file ? await file.text() : undefined;
  const keptFiles = await Promise.all(
    Array.from($<HTMLInputElement>('kept').files ?? []).map(async (f) => ({
      name: f.name,
      text: await f.text(),
    })),
  );
  const input = trackInput(
    electionId,
    $<HTMLInputElement>('code').value,
    $<HTMLInputElement>('key').value,
    receiptText,
    keptFiles,
  );
  for (const id of ['code', 'key', 'kept']) $(id).removeAttribute('aria-invalid');
  if ('usage' in input) {
    if (input.usage === 'code' || input.usage === 'code-differs')
      $('code').setAttribute('aria-invalid', 'true');
    if (input.usage === 'key' || input.usage === 'key-differs') $('key').setAttribute('aria-invalid', 'true');
    if (input.usage === 'kept-head') $('kept').setAttribute('aria-invalid', 'true');
    show(usageVerdict(input, t, s));
    return;
  }
  show(undefined, true);
  const outcome = await trackBallot(get, electionId, input.code, input.key, input.receipt, input.kept);
  if (outcome.kind === 'inconsistent' && ['fork', 'rollback', 'moved'].includes(outcome.why))
    reportHeads([...(input.receipt ? [input.receipt.treeHead] : []), ...input.kept.map((k) => k.head)]);
  show(outcomeVerdict(outcome, t, s));
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
