/**
 * The languages of Evident's pages, station screens and reports: one list, one way to choose,
 * and ICU messages (spec/i18n.md).
 * @module
 */
export { LANGS, LANG_NAMES, isLang, langDir, pickLang, type Lang } from './langs.js';
export {
  translator,
  formatNumber,
  type Catalog,
  type Messages,
  type MessageValues,
  type Translate,
} from './messages.js';
export { isolate, ltr } from './bidi.js';
export { catalogProblems } from './catalog-check.js';
export {
  SWITCHER_CSS,
  htmlLangAttrs,
  htmlMessage,
  languageButtons,
  languageSwitcher,
  withLang,
} from './switcher.js';
