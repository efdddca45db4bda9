/**
 * The voter page's script (spec/server-api.md §5.5), bundled for the browser by
 * voter/voter-bundle.ts. In the voter's browser: loads the election and its manifest, builds
 * the ballot form, and on "cast" or "challenge" derives the credential key from the code typed
 * in, encrypts the ballot on the credential's confirmation-code chain, signs it (all with the
 * ballot client, client/ballot-client.ts), posts it, and checks the receipt against the signed
 * tree head and the board entry (receipt-check.ts). The credential code is read from the field
 * and used only here: what leaves the page is the public credential and signatures.
 *
 * WebAssembly: e2e-crypto's `ready()` is awaited before any group operation; it compiles the
 * module asynchronously where the main thread refused synchronous compilation (Chromium before
 * its limit went from 4 KB to 8 MB; the module is ~4.2 KB). `document.documentElement.dataset`
 * exposes `wasm` ("true" when the arithmetic runs in WebAssembly, "false" on the BigInt
 * fallback) and, after each ballot, `encryptMs`, for tests and curious voters.
 * @module
 */
import { fromHex, normalizeCredentialCode, ready, toHex, type Manifest } from '@evident/e2e-crypto';
import { ballotClient, type BallotClient } from '../../client/ballot-client.js';
import { fill, pickLang, stringsOf } from '../voter-strings.js';
import { loginStep } from './login-step.js';
import {
  contestsOf,
  el,
  localized,
  readChoices,
  renderContests,
  styleName,
  type Choices,
  type FormError,
} from './ballot-form.js';
import { checkReceipt, openingMatches, rankedOpeningMatches, type Receipt } from './receipt-check.js';
import { receiptFileName, receiptFileText } from './receipt-keep.js';

const root = document.documentElement;
const lang = pickLang(root.lang);
const t = stringsOf(lang);
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const main = $('main');
const electionId = main.dataset.election ?? '';
const base = `/elections/${encodeURIComponent(electionId)}`;
const form = $<HTMLFormElement>('ballot-form');
const credentialInput = $<HTMLInputElement>('credential');
const contestsBox = $('contests');
const styleBox = $('style-choice');
const errorsBox = $('errors');
const statusBox = $('status');
const buttons = [$<HTMLButtonElement>('cast'), $<HTMLButtonElement>('challenge')];
const login = loginStep(electionId, root.lang, form);

/** An answer that is not 2xx: the API's coded error (spec/server-api.md §2). */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function api(path: string, body?: unknown): Promise<any> {
  const r = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const text = await r.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!r.ok)
    throw new HttpError(r.status, json?.code ?? `HTTP ${r.status}`, json?.message ?? text.slice(0, 200));
  return json;
}

function showErrors(errors: readonly FormError[] | readonly string[]): void {
  if (errors.length === 0) {
    errorsBox.replaceChildren();
    return;
  }
  const items = errors.map((e) => (typeof e === 'string' ? e : e.message));
  errorsBox.replaceChildren(el('p', {}, t.errorsHeading), el('ul', {}, ...items.map((m) => el('li', {}, m))));
  const first = errors[0]!;
  if (typeof first !== 'string') first.control.focus();
}

function setStatus(s: string): void {
  statusBox.textContent = s;
}

function busy(on: boolean): void {
  for (const b of buttons) b.disabled = on;
  form.setAttribute('aria-busy', String(on));
}

/** Lets the browser paint the status before a long synchronous computation. */
const paint = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

interface Loaded {
  readonly manifest: Manifest;
  readonly client: BallotClient;
  readonly logPublicKey: Uint8Array;
}

function selectedStyle(manifest: Manifest): string | undefined {
  if (manifest.ballotStyles.length === 1) return manifest.ballotStyles[0]!.label;
  return styleBox.querySelector<HTMLInputElement>('input[name=style]:checked')?.value;
}

function renderStyles(manifest: Manifest): void {
  if (manifest.ballotStyles.length === 1) {
    renderContests(contestsBox, manifest, manifest.ballotStyles[0]!.label, lang, t);
    return;
  }
  const fs = el('fieldset', { 'aria-describedby': 'style-help' }, el('legend', {}, t.styleLegend));
  fs.append(el('p', { id: 'style-help', class: 'help' }, t.styleHelp));
  manifest.ballotStyles.forEach((s, i) => {
    const id = `style-${i}`;
    const input = el('input', { type: 'radio', id, name: 'style', value: s.label });
    input.addEventListener('change', () => renderContests(contestsBox, manifest, s.label, lang, t));
    fs.append(
      el('div', { class: 'choice' }, input, el('label', { for: id }, styleName(manifest, s.label, lang))),
    );
  });
  styleBox.replaceChildren(fs);
}

async function load(): Promise<Loaded | undefined> {
  root.dataset.wasm = String(await ready());
  let summary, manifest: Manifest;
  try {
    [summary, manifest] = await Promise.all([api(base), api(`${base}/manifest`)]);
  } catch (e) {
    setStatus('');
    showErrors([fill(t.errLoad, { message: (e as Error).message })]);
    return undefined;
  }
  $('election-name').textContent = localized(manifest.name, lang, manifest);
  if (summary.state !== 'open' || !summary.jointKey) {
    setStatus('');
    showErrors([fill(t.errNotOpen, { state: summary.state })]);
    return undefined;
  }
  // an election that requires identity: the eID login first (login-step.ts)
  if (summary.requireIdentity && !(await login.ready())) {
    setStatus('');
    return undefined;
  }
  // after ready(): the comb tables of g and of the joint key are built here, in WebAssembly
  const client = ballotClient({
    profile: summary.profile,
    manifest,
    jointKey: summary.jointKey,
    extendedBaseHash: summary.extendedBaseHash,
  });
  renderStyles(manifest);
  form.hidden = false;
  setStatus('');
  return { manifest, client, logPublicKey: fromHex(summary.logPublicKey, 'logPublicKey') };
}

async function vote(e: Loaded, intent: 'cast' | 'challenge'): Promise<void> {
  const errors: FormError[] = [];
  let code = '';
  try {
    code = normalizeCredentialCode(credentialInput.value);
    credentialInput.setAttribute('aria-invalid', 'false');
  } catch {
    credentialInput.setAttribute('aria-invalid', 'true');
    errors.push({ message: t.errCredential, control: credentialInput });
  }
  const style = selectedStyle(e.manifest);
  if (style === undefined) {
    errors.push({ message: t.errStyle, control: styleBox.querySelector('input') ?? form });
    showErrors(errors);
    return;
  }
  const choices = readChoices(contestsBox, e.manifest, style, lang, t);
  errors.push(...choices.errors);
  showErrors(errors);
  if (errors.length > 0) return;

  busy(true);
  try {
    setStatus(t.encrypting);
    await paint();
    const t0 = performance.now();
    const cred = e.client.credential(code);
    const credentialHex = toHex(e.client.ctx.G.encode(cred.S));
    const t1 = performance.now();
    const { previousCode } = await api(`${base}/chains/${credentialHex}`);
    const t2 = performance.now();
    const submission = e.client.submission(cred, choices.ballot, previousCode, intent, choices.rankings);
    const ms = Math.round(t1 - t0 + (performance.now() - t2));
    root.dataset.encryptMs = String(ms);
    setStatus(t.sending);
    const receipt: Receipt = await api(`${base}/${intent === 'cast' ? 'ballots' : 'challenges'}`, {
      ballot: submission,
    });
    setStatus(t.checking);
    const page = await api(`${base}/board/entries?start=${receipt.logIndex}&limit=1`);
    const check = checkReceipt(receipt, submission, e.logPublicKey, page.entries?.[0]?.entry ?? '');
    showReceipt(e, receipt, check.ok ? { size: check.treeSize } : { why: check.failed }, ms, choices);
    if (intent === 'cast') credentialInput.value = ''; // a revote types it again
    setStatus('');
  } catch (err) {
    setStatus('');
    if (err instanceof HttpError) {
      showErrors([
        err.code === 'EVD_ERR_UNKNOWN_CREDENTIAL'
          ? t.errUnknownCredential
          : err.code === 'EVD_ERR_IDENTITY'
            ? await login.refusal()
            : fill(t.errServer, { message: err.message, code: err.code }),
      ]);
    } else showErrors([err instanceof TypeError ? t.errNetwork : String((err as Error).message)]);
  } finally {
    busy(false);
  }
}

function showReceipt(
  e: Loaded,
  receipt: Receipt,
  check: { size: number } | { why: string },
  ms: number,
  choices: Pick<Choices, 'ballot' | 'rankings'>,
): void {
  const cast = receipt.intent === 'cast';
  $('receipt-title').textContent = cast ? t.castTitle : t.challengedTitle;
  $('tracking-code').textContent = receipt.confirmationCode;
  $('log-index').textContent = String(receipt.logIndex);
  const ok = 'size' in check;
  const line = $('receipt-check');
  line.textContent = ok ? fill(t.receiptOk, { size: check.size }) : fill(t.receiptBad, { why: check.why });
  line.className = ok ? 'check-ok' : 'check-bad';
  line.dataset.ok = String(ok);
  const opened = $('opened-check');
  opened.hidden = cast;
  if (!cast) {
    const { ballot, rankings } = choices;
    const match =
      openingMatches(receipt.opened, contestsOf(e.manifest, ballot.style), ballot.votes) &&
      rankedOpeningMatches(receipt.openedRanked, e.manifest.rankedContests ?? [], rankings);
    opened.textContent = match ? t.openedOk : t.openedBad;
    opened.className = match ? 'check-ok' : 'check-bad';
    opened.dataset.ok = String(match);
  }
  $('timing').textContent =
    fill(t.encryptedIn, { ms, engine: root.dataset.wasm === 'true' ? 'WebAssembly' : 'BigInt' }) +
    (cast ? ` ${t.revote}` : '');
  offerReceiptFile(receipt, e.logPublicKey);
  $('receipt').hidden = false;
  $('receipt-title').focus();
}

/** The receipt as a file to keep, with the log key this page pinned at loading (receipt-keep.ts). */
function offerReceiptFile(receipt: Receipt, logPublicKey: Uint8Array): void {
  const link = $<HTMLAnchorElement>('receipt-download');
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href); // the previous ballot's
  const blob = new Blob([receiptFileText(receipt, logPublicKey)], { type: 'application/json' });
  link.href = URL.createObjectURL(blob);
  link.download = receiptFileName(receipt);
}

void (async () => {
  const loaded = await load();
  if (!loaded) return;
  form.addEventListener('submit', (ev: SubmitEvent) => {
    ev.preventDefault(); // nothing is ever submitted by the browser itself
    const intent = (ev.submitter as HTMLButtonElement | null)?.value === 'challenge' ? 'challenge' : 'cast';
    void vote(loaded, intent);
  });
  root.dataset.ready = 'true';
})();
