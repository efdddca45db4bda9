/**
 * Values inside a message that must keep their own direction in a right-to-left sentence
 * (Unicode Bidirectional Algorithm, UAX #9 §2.7 isolates): a code, a key, an error code or an
 * ISO date reads left to right even in Arabic, and a name in one script does not reorder the
 * words around it. In HTML the same is done with `<bdi>` or `dir="ltr"`; these are for text
 * that goes through a message (a live region, `textContent`, a plain-text answer).
 * @module
 */

/** `s` isolated and laid out left to right (LRI … PDI). */
export function ltr(s: string | number): string {
  return `\u2066${s}\u2069`;
}

/** `s` isolated in the direction of its first strong character (FSI … PDI): a name, a user's text. */
export function isolate(s: string | number): string {
  return `\u2068${s}\u2069`;
}
