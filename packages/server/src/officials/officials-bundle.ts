/**
 * The officials' alerts page's script as one browser bundle (pages/browser-bundle.ts):
 * `dist/officials/officials.bundle.js` when prebuilt.
 * @module
 */
import { browserBundle } from '../pages/browser-bundle.js';

const bundle = browserBundle(
  'officials page',
  import.meta.url,
  './browser/officials-app',
  './officials.bundle.js',
);
/** The bundle, built on first request. */
export const officialsBundle = bundle.get;
/** Writes the prebuilt bundle (the package's `prepack` script). */
export const writeOfficialsBundle = bundle.write;
