/**
 * The ballot tracker page's script as one browser bundle (spec/tracker.md §6;
 * pages/browser-bundle.ts): `dist/tracker/tracker.bundle.js` when prebuilt.
 * @module
 */
import { browserBundle } from '../pages/browser-bundle.js';

const bundle = browserBundle('tracker page', import.meta.url, './browser/tracker-app', './tracker.bundle.js');
/** The prebuilt bundle (next to this module in `dist/tracker/`). */
export const TRACKER_BUNDLE_FILE = bundle.file;
export const trackerBundle = bundle.get;
/** Writes the prebuilt bundle (the package's `prepack` script). */
export const writeTrackerBundle = bundle.write;
