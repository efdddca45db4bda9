/**
 * The voter page's display settings in the browser (voter-settings-html.ts): high contrast and
 * text size, applied as `data-contrast` and `data-text-size` on `<html>` (the style sheet does
 * the rest) and kept in local storage, so that a voter who needs them sets them once.
 * `readSettings` and `applySettings` are pure of the page; `wireSettings` connects the controls.
 * @module
 */
import { TEXT_SIZES } from '../voter-state-strings.js';

/** The settings a voter chose. */
export interface DisplaySettings {
  /** `normal` also overrides the system's `prefers-contrast: more` */
  readonly contrast: 'default' | 'high' | 'normal';
  readonly textSize: (typeof TEXT_SIZES)[number];
}

/** Where the settings are kept. */
export const SETTINGS_KEY = 'evident-voter-display';

const DEFAULTS: DisplaySettings = { contrast: 'default', textSize: 1 };

/** The settings kept in `text` (the stored JSON), each one checked; the defaults otherwise. */
export function readSettings(text: string | null): DisplaySettings {
  try {
    const o = JSON.parse(text ?? '{}') as Partial<Record<keyof DisplaySettings, unknown>>;
    const contrast = ['default', 'high', 'normal'].includes(o.contrast as string)
      ? (o.contrast as DisplaySettings['contrast'])
      : DEFAULTS.contrast;
    const textSize = TEXT_SIZES.find((s) => s === o.textSize) ?? DEFAULTS.textSize;
    return { contrast, textSize };
  } catch {
    return DEFAULTS;
  }
}

/** Puts the settings on the document element. */
export function applySettings(root: HTMLElement, s: DisplaySettings): void {
  if (s.contrast === 'default') delete root.dataset.contrast;
  else root.dataset.contrast = s.contrast;
  if (s.textSize === 1) delete root.dataset.textSize;
  else root.dataset.textSize = String(s.textSize);
}

function store(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage refused: the settings last as long as the page
  }
}

/** Applies the kept settings and keeps the controls (`#high-contrast`, `#text-size`) in step. */
export function wireSettings(root: HTMLElement): void {
  let s = readSettings(store()?.getItem(SETTINGS_KEY) ?? null);
  const contrast = document.getElementById('high-contrast') as HTMLInputElement | null;
  const size = document.getElementById('text-size') as HTMLSelectElement | null;
  const systemHigh = window.matchMedia?.('(prefers-contrast: more)').matches ?? false;
  const show = (): void => {
    applySettings(root, s);
    if (contrast) contrast.checked = s.contrast === 'high' || (s.contrast === 'default' && systemHigh);
    if (size) size.value = String(s.textSize);
  };
  const save = (next: DisplaySettings): void => {
    s = next;
    show();
    try {
      store()?.setItem(SETTINGS_KEY, JSON.stringify(s));
    } catch {
      // full or refused: the choice still holds on this page
    }
  };
  contrast?.addEventListener('change', () => save({ ...s, contrast: contrast.checked ? 'high' : 'normal' }));
  size?.addEventListener('change', () =>
    save({ ...s, textSize: readSettings(JSON.stringify({ textSize: Number(size.value) })).textSize }),
  );
  show();
}
