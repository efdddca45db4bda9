/**
 * The results display's script as one browser bundle (spec/server-api.md §12.5;
 * pages/browser-bundle.ts): `dist/display/display.bundle.js` when prebuilt.
 * @module
 */
import { browserBundle } from '../pages/browser-bundle.js';

const bundle = browserBundle('display page', import.meta.url, './browser/display-app', './display.bundle.js');
/** The prebuilt bundle (next to this module in `dist/display/`). */
export const DISPLAY_BUNDLE_FILE = bundle.file;
export const displayBundle = bundle.get;
/** Writes the prebuilt bundle (the package's `prepack` script). */
export const writeDisplayBundle = bundle.write;
