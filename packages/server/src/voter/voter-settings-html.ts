/**
 * The voter page's display settings (WCAG 2.2 AA, spec/server-api.md §5.5): a high-contrast
 * theme and a text size, chosen on the page (kept in the browser's local storage by
 * `browser/display-settings.ts`) or taken from the system (`prefers-contrast: more`); motion
 * (the busy indicator) stops when the system asks for reduced motion. The markup sits in the
 * page's header; the rules follow the page's style sheet.
 * @module
 */
import { translator, type Lang } from '@evident/i18n';
import { TEXT_SIZES, VOTER_STATE_STRINGS } from './voter-state-strings.js';

/** Text for HTML content and attribute values (no import of the page's module: it imports this one). */
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The settings group: a check box for high contrast, a `select` for the text size. */
export function settingsHtml(lang: Lang): string {
  const t = translator(VOTER_STATE_STRINGS, lang);
  const sizes = TEXT_SIZES.map(
    (s) =>
      `<option value="${s}"${s === 1 ? ' selected' : ''}>${escapeHtml(t('textSizeOption', { size: s }))}</option>`,
  ).join('');
  return (
    `<div class="settings" role="group" aria-label="${escapeHtml(t('settings'))}">` +
    `<span class="setting"><input type="checkbox" id="high-contrast"><label for="high-contrast">${escapeHtml(t('highContrast'))}</label></span>` +
    `<span class="setting"><label for="text-size">${escapeHtml(t('textSize'))}</label><select id="text-size">${sizes}</select></span>` +
    `</div>`
  );
}

const HIGH_CONTRAST = `--fg: #ffffff; --bg: #000000; --accent: #ffe14d; --on-accent: #000000; --bad: #ff9e9e; --ok: #a8f0b8; --muted: #e6e6e6; --line: #ffffff; color-scheme: dark;`;

/** The high-contrast theme's rules under `root` (the chosen theme, or the system's wish). */
const highContrast = (root: string): string => `
${root} { ${HIGH_CONTRAST} }
${root} fieldset, ${root} .field input, ${root} select { border-color: var(--line); }
${root} a { text-decoration: underline; }
${root} :focus-visible { outline-color: #00e5ff; outline-width: 4px; }
${root} select, ${root} input { background: var(--bg); color: var(--fg); }`;

/** The rules of the settings, the busy indicator and the resend button. */
export const VOTER_SETTINGS_CSS = `
:root { --on-accent: #ffffff; }
button { color: var(--on-accent); }
button.secondary { color: var(--accent); }
.settings { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; margin: 0.5rem 0 0; }
.setting { display: inline-flex; align-items: center; gap: 0.4rem; }
.setting input[type=checkbox] { width: 1.25rem; height: 1.25rem; margin: 0; }
${highContrast('html[data-contrast=high]')}
@media (prefers-contrast: more) { ${highContrast('html:not([data-contrast=normal])')} }
${TEXT_SIZES.filter((s) => s !== 1)
  .map((s) => `html[data-text-size="${s}"] { font-size: ${s * 100}%; }`)
  .join('\n')}
.spinner { display: none; inline-size: 1em; block-size: 1em; margin-inline-end: 0.5em; vertical-align: -0.15em; border: 0.18em solid var(--muted); border-block-start-color: transparent; border-radius: 50%; animation: evident-spin 1s linear infinite; }
html[data-busy=true] .spinner { display: inline-block; }
@keyframes evident-spin { to { transform: rotate(1turn); } }
@media (prefers-reduced-motion: reduce) { * { animation: none !important; transition: none !important; } }
.errors:focus { outline: 3px solid #c25400; outline-offset: 2px; }
#resend { margin: 0.5rem 0; }
`;
