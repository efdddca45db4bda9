/**
 * The bytes of JSON's structure (RFC 8259 §2): one list for the code that reads JSON as bytes —
 * the span scanner of large files (./json-spans-scanner.ts) and the verifier's proof that a log
 * line is canonical (verifier-cli log/canonical-spans.ts).
 * @module
 */
export const SPACE = 0x20;
export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_ARRAY = 0x5b;
export const CLOSE_ARRAY = 0x5d;
export const OPEN_OBJECT = 0x7b;
export const CLOSE_OBJECT = 0x7d;
